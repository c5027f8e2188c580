/* SPDX-License-Identifier: MIT */
/*
 * tests/hotplug/test_memory_hotplug.c — memmap_on_memory (spec 30): in 6.1 only a one-block
 * add carves its memmap (512 pages of a 128 MiB block) from itself; present grows by the
 * block, managed by the block minus the vmemmap; removal of such a block works online.
 */
#include "../helpers.h"
#include "hotplug/machine.h"

#define M "/sys/devices/system/memory/"

static const struct zone *zone(struct machine *m, enum zone_type z)
{
	return &m->pgdat[0]->node_zones[z];
}

/*  | memory32 = 128M DIMM: [vmemmap 512][32256 pages online] |
 *  Expect Movable present 32768, managed 32256, MemTotal +129024 kB. */
static void one_block_dimm_hosts_its_own_memmap(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G,slots=4,maxmem=8G", "memory_hotplug.memmap_on_memory=1");
	unsigned long before = machine_managed_pages(m);

	monitor(m, "object_add memory-backend-ram,id=m1,size=128M");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	assert_int_equal(write_str(m, M "memory32/state", "online_movable"), 0);
	assert_int_equal(zone(m, ZONE_MOVABLE)->present_pages, 32768);
	assert_int_equal(zone(m, ZONE_MOVABLE)->managed_pages, 32256);
	assert_int_equal((machine_managed_pages(m) - before) * 4, 129024);
	assert_int_equal(write_str(m, M "memory32/state", "offline"), 0);
	assert_int_equal(zone(m, ZONE_MOVABLE)->spanned_pages, 0);
	assert_int_equal(zone(m, ZONE_MOVABLE)->present_pages, 0);
	machine_free(m);
}

/* A 512 MiB DIMM is four blocks: 6.1 never uses memmap_on_memory for it. */
static void multi_block_dimm_gets_its_memmap_elsewhere_on_6_1(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G,slots=4,maxmem=8G", "memory_hotplug.memmap_on_memory=1");

	monitor(m, "object_add memory-backend-ram,id=m1,size=512M");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	for (int i = 32; i < 36; i++) {
		char p[96];

		snprintf(p, sizeof(p), M "memory%d/state", i);
		assert_int_equal(write_str(m, p, "online_movable"), 0);
	}
	assert_int_equal(zone(m, ZONE_MOVABLE)->managed_pages, zone(m, ZONE_MOVABLE)->present_pages);
	machine_free(m);
}

/* Ejecting an online movable one-block DIMM with its own memmap succeeds. */
static void online_movable_self_hosted_block_can_be_ejected(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G,slots=4,maxmem=8G", "memory_hotplug.memmap_on_memory=1");
	struct strbuf ev = STRBUF_INIT;

	monitor(m, "object_add memory-backend-ram,id=m1,size=128M");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	assert_int_equal(write_str(m, M "memory32/state", "online_movable"), 0);
	drivers_take_events(m, &ev);
	strbuf_reset(&ev);
	monitor(m, "device_del d1");
	drivers_take_events(m, &ev);
	assert_non_null(strstr(ev.buf, "DEVICE_DELETED"));
	struct abi_stat st;

	assert_int_equal(abi_resolve(m, M "memory32", &st), -ENOENT);
	assert_int_equal(zone(m, ZONE_MOVABLE)->present_pages, 0);
	strbuf_release(&ev);
	machine_free(m);
}

/* Without the parameter the block is fully managed. */
static void default_off_means_managed_equals_present(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G,slots=4,maxmem=8G", "");

	monitor(m, "object_add memory-backend-ram,id=m1,size=128M");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	assert_int_equal(write_str(m, M "memory32/state", "online_kernel"), 0);
	assert_int_equal(zone(m, ZONE_NORMAL)->managed_pages, 32768);
	machine_free(m);
}

/* spec 50 §3: hot-added "System RAM" joins /sys/firmware/memmap (kexec-tools reads it);
 * driver-managed memory never does; removal takes the entry away. */
static void firmware_memmap_lists_hot_added_system_ram_only(void **state)
{
	(void)state;
	struct strbuf r = STRBUF_INIT;
	struct machine_config cfg = {
		.qemu_args = "-m 2G,slots=4,maxmem=8G -object memory-backend-ram,id=v,size=1G "
			     "-device virtio-mem-pci,id=vm0,memdev=v,node=0,requested-size=256M",
		.cmdline = "", .modules = "virtio_pci virtio_mem",
	};
	struct machine *m = machine_boot(&cfg, &r);
	struct abi_stat st;

	assert_non_null(m);
	assert_int_equal(abi_resolve(m, "/sys/devices/system/memory/memory33", &st), 0);	/* virtio-mem added */

	assert_int_equal(abi_resolve(m, "/sys/firmware/memmap/6", &st), 0);
	assert_int_equal(abi_resolve(m, "/sys/firmware/memmap/7", &st), -ENOENT);
	monitor(m, "object_add memory-backend-ram,id=m1,size=256M");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	char *s = read_str(m, "/sys/firmware/memmap/7/start");

	assert_string_equal(s, "0x140000000\n");
	free(s);
	s = read_str(m, "/sys/firmware/memmap/7/type");
	assert_string_equal(s, "System RAM\n");
	free(s);
	monitor(m, "device_del d1");
	assert_int_equal(abi_resolve(m, "/sys/firmware/memmap/7", &st), -ENOENT);
	strbuf_release(&r);
	machine_free(m);
}

/* Free pages of every zone of every node (MemFree in pages). */
static unsigned long free_pages(const struct machine *m)
{
	unsigned long n = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; m->pgdat[nid] && z < MAX_NR_ZONES; z++)
			n += m->pgdat[nid]->node_zones[z].nr_free;
	return n;
}

static struct machine *boot_kernel(const char *kernel, const char *qemu, const char *cmdline)
{
	struct strbuf err = STRBUF_INIT;
	struct machine_config cfg = { .qemu_args = qemu, .cmdline = cmdline, .kernel = kernel };
	struct machine *m = machine_boot(&cfg, &err);

	if (!m)
		fail_msg("boot failed: %s", err.buf);
	strbuf_release(&err);
	return m;
}

static char *take_kmsg(struct machine *m)
{
	return read_str(m, "/.memhp/kmsg");
}

/* spec 30 §1: each hot-added section's memmap (2 MiB) is taken from kernel memory while
 * the memory is added (online or not) and given back when it is removed. */
static void hot_added_memmap_comes_from_kernel_memory(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G,slots=4,maxmem=8G", "");
	unsigned long before = free_pages(m);

	monitor(m, "object_add memory-backend-ram,id=m1,size=1G");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	assert_int_equal(before - free_pages(m), 8 * 512);
	assert_int_equal(write_str(m, M "memory35/state", "online_movable"), 0);
	assert_int_equal(write_str(m, M "memory35/state", "offline"), 0);
	monitor(m, "device_del d1");
	assert_int_equal(free_pages(m), before);
	machine_free(m);
}

/*
 * The seed case (tests/seed): a 128 GiB DIMM on a 2 GiB guest needs 2 GiB of memmap.
 * Sections are added until the kernel's memory is down to its watermark, then -ENOMEM:
 * no block, no iomem entry, snapshot unchanged, the kernel's lines; the sections added
 * stay (6.1 does not unwind), so a DIMM later plugged at that address gets -EEXIST,
 * which ACPI takes for "already added": no block either. Its eject frees them.
 */
static void huge_dimm_memmap_exhausts_kernel_memory(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G,slots=2,maxmem=130G", "");
	char *before = snapshot_of(m), *after, *log;
	unsigned long free_before = free_pages(m);
	struct abi_stat st;

	free(take_kmsg(m));
	monitor(m, "object_add memory-backend-ram,id=m1,size=128G,reserve=off");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	after = snapshot_of(m);
	assert_string_equal(before, after);
	free(after);
	log = take_kmsg(m);
	assert_non_null(strstr(log, ": vmemmap alloc failure: order:9, mode:0x4cc0(GFP_KERNEL|__GFP_RETRY_MAYFAIL), "
				    "nodemask=(null),cpuset=/,mems_allowed=0\n"));
	assert_non_null(strstr(log, " at arch/x86/mm/init_64.c:978 add_pages+0x8c/0x90\n"));
	assert_non_null(strstr(log, "acpi PNP0C80:00: add_memory failed\nacpi PNP0C80:00: acpi_memory_enable_device() error\n"));
	free(log);
	/* what is left is below any watermark's worth: the memmap took the rest */
	assert_true(free_pages(m) < free_before / 16);
	unsigned long leaked = free_before - free_pages(m);

	assert_int_equal(leaked % 512, 0);
	monitor(m, "device_del d1");
	assert_int_equal(free_before - free_pages(m), leaked);		/* nothing given back */
	monitor(m, "object_add memory-backend-ram,id=m2,size=1G");
	monitor(m, "device_add pc-dimm,id=d2,memdev=m2");
	assert_int_equal(abi_resolve(m, M "memory32", &st), -ENOENT);
	log = take_kmsg(m);
	assert_string_equal(log, "");		/* -EEXIST: no warning, ACPI content */
	free(log);
	monitor(m, "device_del d2");		/* removes the leaked sections under it */
	assert_int_equal(free_before - free_pages(m), leaked - 8 * 512);
	free(before);
	machine_free(m);
}

/* 6.1: memmap_on_memory=1 does not help a multi-block DIMM (no altmap): same -ENOMEM. */
static void memmap_on_memory_6_1_does_not_save_a_multi_block_dimm(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G,slots=2,maxmem=130G", "memory_hotplug.memmap_on_memory=1");
	struct abi_stat st;

	monitor(m, "object_add memory-backend-ram,id=m1,size=128G,reserve=off");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	assert_int_equal(abi_resolve(m, M "memory32", &st), -ENOENT);
	machine_free(m);
}

/* Newest: every block of the DIMM gets its own altmap, so nothing comes from the kernel
 * and all 1024 blocks appear, each with 512 vmemmap pages. */
static void memmap_on_memory_newest_hosts_every_block_memmap(void **state)
{
	(void)state;
	struct machine *m = boot_kernel("6.18", "-m 2G,slots=2,maxmem=130G", "memory_hotplug.memmap_on_memory=1");
	unsigned long before = free_pages(m);
	struct abi_stat st;

	monitor(m, "object_add memory-backend-ram,id=m1,size=128G,reserve=off");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	assert_int_equal(free_pages(m), before);
	assert_int_equal(abi_resolve(m, M "memory32", &st), 0);
	assert_int_equal(abi_resolve(m, M "memory1055", &st), 0);
	assert_int_equal(find_memory_block_by_id(m, 1055)->nr_vmemmap_pages, 512);
	assert_int_equal(write_str(m, M "memory1055/state", "online_movable"), 0);
	assert_int_equal(zone(m, ZONE_MOVABLE)->managed_pages, 32768 - 512);
	machine_free(m);
	/* without the parameter the newest kernel fails as 6.1 does */
	m = boot_kernel("6.18", "-m 2G,slots=2,maxmem=130G", "");
	monitor(m, "object_add memory-backend-ram,id=m1,size=128G,reserve=off");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	assert_int_equal(abi_resolve(m, M "memory32", &st), -ENOENT);
	machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_block_dimm_hosts_its_own_memmap),
		cmocka_unit_test(multi_block_dimm_gets_its_memmap_elsewhere_on_6_1),
		cmocka_unit_test(online_movable_self_hosted_block_can_be_ejected),
		cmocka_unit_test(default_off_means_managed_equals_present),
		cmocka_unit_test(firmware_memmap_lists_hot_added_system_ram_only),
		cmocka_unit_test(hot_added_memmap_comes_from_kernel_memory),
		cmocka_unit_test(huge_dimm_memmap_exhausts_kernel_memory),
		cmocka_unit_test(memmap_on_memory_6_1_does_not_save_a_multi_block_dimm),
		cmocka_unit_test(memmap_on_memory_newest_hosts_every_block_memmap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
