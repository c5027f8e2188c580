/* SPDX-License-Identifier: MIT */
/*
 * tests/drivers/test_dax.c — Soft Reserved -> hmem.0 -> dax0.0 -> device_dax or kmem
 * (drivers/dax_*.c, spec 50 §5-6), on the oracle's c01 machine: 4 GiB guest whose 1 GiB
 * at 4 GiB is retyped Soft Reserved by memmap=, modules dax_hmem device_dax kmem.
 */
#include "../helpers.h"
#include "hotplug/machine.h"

#include <unistd.h>

#define DEV	"/sys/devices/platform/hmem.0/dax0.0"
#define DRV	"/sys/bus/dax/drivers"

static struct machine *boot_dax(const char *qemu, const char *modules)
{
	struct strbuf err = STRBUF_INIT;
	struct machine_config cfg = { .qemu_args = qemu, .modules = modules,
				      .cmdline = "memmap=1G%0x100000000-1+0xefffffff" };
	struct machine *m = machine_boot(&cfg, &err);

	if (!m)
		fail_msg("boot failed: %s", err.buf);
	strbuf_release(&err);
	return m;
}

static struct machine *boot_c01(void)
{
	return boot_dax("-m 4G,slots=2,maxmem=8G -smp 1", "dax_hmem device_dax kmem");
}

static char *link_of(struct machine *m, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct abi_stat st;

	if (abi_resolve(m, path, &st))
		return strdup("(none)");
	assert_int_equal(abi_readlink(m, st.ino, &sb), 0);
	return strbuf_detach(&sb, NULL);
}

static void assert_link(struct machine *m, const char *path, const char *want)
{
	char *s = link_of(m, path);

	assert_string_equal(s, want);
	free(s);
}

/* Everything a dax write could change: the snapshot, all of /proc/iomem, the binding. */
static char *dax_state(struct machine *m)
{
	struct strbuf sb = STRBUF_INIT;
	char *snap = snapshot_of(m), *drv = link_of(m, DEV "/driver");

	strbuf_addstr(&sb, snap);
	abi_read_path(m, "/proc/iomem", &sb);
	strbuf_addf(&sb, "driver=%s\n", drv);
	abi_read_path(m, DEV "/size", &sb);
	free(snap);
	free(drv);
	return strbuf_detach(&sb, NULL);
}

static void assert_dax_write_fails(struct machine *m, const char *path, const char *v, int err)
{
	assert_write_fails_leaving(m, path, v, err, dax_state);
}

/*  Expect dax0.0 of 1 GiB on node 0 bound to device_dax, its range claimed under the
 *  firmware's Soft Reserved inside hmem.0, and ZONE_DEVICE spanning it with no pages. */
static void boot_binds_dax0_0_to_device_dax_in_zone_device(void **state)
{
	(void)state;
	struct machine *m = boot_c01();
	char *iomem = read_str(m, "/proc/iomem");

	assert_file_reads(m, DEV "/size", "1073741824\n");
	assert_file_reads(m, DEV "/target_node", "0\n");
	assert_file_reads(m, DEV "/numa_node", "0\n");
	assert_file_reads(m, DEV "/resource", "0x100000000\n");
	assert_file_reads(m, DEV "/align", "2097152\n");
	assert_file_reads(m, DEV "/mapping0/start", "0x100000000\n");
	assert_file_reads(m, DEV "/mapping0/end", "0x13fffffff\n");
	assert_file_reads(m, "/sys/devices/platform/hmem.0/dax_region/size", "1073741824\n");
	assert_file_reads(m, "/sys/devices/platform/hmem.0/dax_region/available_size", "0\n");
	assert_link(m, DEV "/driver", "../../../../bus/dax/drivers/device_dax");
	assert_link(m, "/sys/bus/dax/devices/dax0.0", "../../../devices/platform/hmem.0/dax0.0");
	assert_non_null(strstr(iomem, "100000000-13fffffff : hmem.0\n"
				      "  100000000-13fffffff : Soft Reserved\n"
				      "    100000000-13fffffff : dax0.0\n"));
	assert_int_equal(m->pgdat[0]->node_zones[ZONE_DEVICE].spanned_pages, 262144);
	assert_int_equal(m->pgdat[0]->node_zones[ZONE_DEVICE].present_pages, 0);
	free(iomem);
	machine_free(m);
}

/*  unbind from device_dax, new_id to kmem.
 *  Expect memory32-39 offline in one static group on node 0, "System RAM (kmem)" nested in
 *  dax0.0, no new /sys/firmware/memmap entry (the firmware's own still says System RAM:
 *  memmap= edits only the kernel's copy), and ZONE_DEVICE's span kept (6.1). */
static void new_id_to_kmem_adds_offline_driver_managed_blocks(void **state)
{
	(void)state;
	struct machine *m = boot_c01();
	struct abi_stat st;
	int nr_fwmap = m->nr_fwmap;

	assert_int_equal(write_str(m, DRV "/device_dax/unbind", "dax0.0\n"), 0);
	assert_link(m, DEV "/driver", "(none)");
	assert_int_equal(write_str(m, DRV "/kmem/new_id", "dax0.0\n"), 0);
	assert_link(m, DEV "/driver", "../../../../bus/dax/drivers/kmem");
	for (unsigned long id = 32; id < 40; id++) {
		struct memory_block *mem = find_memory_block_by_id(m, id);

		assert_non_null(mem);
		assert_int_equal(mem->state, MEM_OFFLINE);
		assert_int_equal(mem->source, MHP_SOURCE_KMEM);
		assert_non_null(mem->group);
		assert_int_equal(mem->group->max_pages, 262144);
	}
	char *iomem = read_str(m, "/proc/iomem");

	assert_non_null(strstr(iomem, "    100000000-13fffffff : dax0.0\n"
				      "      100000000-13fffffff : System RAM (kmem)\n"));
	assert_int_equal(m->pgdat[0]->node_zones[ZONE_DEVICE].spanned_pages, 262144);
	assert_int_equal(m->nr_fwmap, nr_fwmap);	/* driver-managed: never in the firmware map */
	assert_int_equal(abi_resolve(m, DRV "/kmem/dax0.0", &st), 0);
	free(iomem);
	machine_free(m);
}

/*  kmem unbind with memory32 online: nothing can be removed; the error names the range;
 *  the device is unbound anyway and the blocks stay until reboot. With all blocks offline
 *  the memory goes and device_dax can take the range again. */
static void kmem_unbind_removes_memory_only_when_all_offline(void **state)
{
	(void)state;
	struct machine *m = boot_c01();

	write_str(m, DRV "/device_dax/unbind", "dax0.0");
	write_str(m, DRV "/kmem/new_id", "dax0.0");
	assert_int_equal(write_str(m, "/sys/devices/system/memory/memory32/state", "online_movable"), 0);
	assert_int_equal(write_str(m, DRV "/kmem/unbind", "dax0.0"), 0);
	assert_non_null(strstr(m->kmsg.buf, "kmem dax0.0: mapping0: 0x100000000-0x13fffffff cannot be "
					   "hotremoved until the next reboot\n"));
	assert_non_null(find_memory_block_by_id(m, 33));
	/* the range is still System RAM: device_dax cannot claim it */
	assert_int_equal(write_str(m, DRV "/device_dax/bind", "dax0.0"), -EBUSY);
	machine_free(m);

	m = boot_c01();
	write_str(m, DRV "/device_dax/unbind", "dax0.0");
	write_str(m, DRV "/kmem/new_id", "dax0.0");
	assert_int_equal(write_str(m, DRV "/kmem/remove_id", "dax0.0"), 0);
	assert_int_equal(write_str(m, DRV "/kmem/unbind", "dax0.0"), 0);
	assert_null(find_memory_block_by_id(m, 32));
	assert_int_equal(write_str(m, DRV "/device_dax/bind", "dax0.0"), 0);
	assert_link(m, DEV "/driver", "../../../../bus/dax/drivers/device_dax");
	machine_free(m);
}

/* Bad writes: the kernel's errno and nothing changed. */
static void bad_bus_writes_fail_with_linux_errno_and_change_nothing(void **state)
{
	(void)state;
	struct machine *m = boot_c01();

	assert_dax_write_fails(m, DRV "/device_dax/bind", "dax9.9", -ENODEV);
	assert_dax_write_fails(m, DRV "/device_dax/bind", "dax0.0", -EBUSY);
	assert_dax_write_fails(m, DRV "/kmem/bind", "dax0.0", -ENODEV);	/* no new_id */
	assert_dax_write_fails(m, DRV "/kmem/unbind", "dax0.0", -ENODEV);	/* not its device */
	assert_dax_write_fails(m, DRV "/device_dax/unbind", "nothing", -ENODEV);
	assert_dax_write_fails(m, DRV "/kmem/new_id", "dax0", -EINVAL);
	assert_dax_write_fails(m, DRV "/kmem/new_id", "dax0.0x", -EINVAL);
	assert_dax_write_fails(m, DRV "/kmem/new_id", "hmem.0", -EINVAL);
	assert_dax_write_fails(m, DRV "/kmem/remove_id", "", -EINVAL);
	assert_dax_write_fails(m, DEV "/size", "4096", -EINVAL);		/* below 2 MiB alignment */
	assert_dax_write_fails(m, DEV "/size", "lots", -EINVAL);
	assert_dax_write_fails(m, DEV "/size", "0", -EBUSY);		/* bound */
	assert_dax_write_fails(m, DEV "/align", "abc", -ENXIO);
	assert_dax_write_fails(m, DEV "/align", "8192", -EINVAL);
	assert_dax_write_fails(m, DEV "/align", "4096", -EBUSY);
	assert_dax_write_fails(m, DEV "/mapping", "100000000", -EINVAL);
	assert_dax_write_fails(m, DEV "/resource", "0", -EACCES);
	assert_dax_write_fails(m, "/sys/devices/platform/hmem.0/dax_region/create", "2", -EINVAL);
	assert_dax_write_fails(m, "/sys/devices/platform/hmem.0/dax_region/create", "1", -ENOSPC);
	assert_dax_write_fails(m, "/sys/devices/platform/hmem.0/dax_region/delete", "dax0.0", -EBUSY);
	assert_dax_write_fails(m, "/sys/devices/platform/hmem.0/dax_region/delete", "dax0.7", -ENXIO);
	assert_dax_write_fails(m, DEV "/uevent", "explode\n", -EINVAL);	/* kobject_action_type */
	assert_dax_write_fails(m, DEV "/mapping0/uevent", "changed\n", -EINVAL);
	assert_dax_write_fails(m, DRV "/kmem/uevent", "addx", -EINVAL);
	assert_int_equal(write_str(m, DEV "/uevent", "change\n"), 0);
	assert_int_equal(write_str(m, DRV "/kmem/uevent", "add"), 0);
	machine_free(m);
}

/*  No SRAT (no slots): the range is beyond the dummy node, target_node is -1 and hidden;
 *  kmem rejects it with -EINVAL and says why; the device stays unbound. */
static void kmem_rejects_a_region_without_a_target_node(void **state)
{
	(void)state;
	struct machine *m = boot_dax("-m 4G", "dax_hmem kmem");
	struct abi_stat st;

	assert_int_equal(abi_resolve(m, DEV "/target_node", &st), -ENOENT);
	assert_link(m, DEV "/driver", "(none)");
	assert_int_equal(write_str(m, DRV "/kmem/new_id", "dax0.0"), 0);	/* probe errors stay inside */
	assert_link(m, DEV "/driver", "(none)");
	assert_dax_write_fails(m, DRV "/kmem/bind", "dax0.0", -EINVAL);
	assert_non_null(strstr(m->kmsg.buf, "kmem dax0.0: rejecting DAX region with invalid node: -1\n"));
	assert_non_null(strstr(m->kmsg.buf, "kmem: probe of dax0.0 failed with error -22\n"));
	assert_null(find_memory_block_by_id(m, 32));
	machine_free(m);
}

/*  An idle region (dax_hmem region_idle): dax0.0 has size 0 and no driver takes it; growing
 *  it to 512 MiB and binding kmem adds just those 4 blocks. */
static void idle_region_device_grows_then_binds(void **state)
{
	(void)state;
	struct machine *m = boot_dax("-m 4G,slots=2,maxmem=8G", "kmem");
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(module_request(m, "dax_hmem region_idle=1", &err), 0);
	assert_file_reads(m, DEV "/size", "0\n");
	assert_dax_write_fails(m, DRV "/kmem/bind", "dax0.0", -ENODEV);
	assert_int_equal(write_str(m, DRV "/kmem/new_id", "dax0.0"), 0);
	assert_link(m, DEV "/driver", "(none)");			/* empty: -ENXIO inside */
	assert_int_equal(write_str(m, DEV "/size", "536870912"), 0);
	assert_file_reads(m, "/sys/devices/platform/hmem.0/dax_region/available_size", "536870912\n");
	assert_int_equal(write_str(m, DRV "/kmem/bind", "dax0.0"), 0);
	assert_non_null(find_memory_block_by_id(m, 35));
	assert_null(find_memory_block_by_id(m, 36));
	strbuf_release(&err);
	machine_free(m);
}

static struct machine *boot_cfg(const char *qemu, const char *fwmap, const char *cmdline,
				 const char *modules, const char *config)
{
	struct strbuf err = STRBUF_INIT;
	struct machine_config cfg = { .qemu_args = qemu, .fwmap_path = fwmap, .modules = modules,
				      .cmdline = cmdline };
	struct machine *m;

	if (config)
		cfg.config[cfg.nr_config++] = config;
	m = machine_boot(&cfg, &err);
	if (!m)
		fail_msg("boot failed: %s", err.buf);
	strbuf_release(&err);
	return m;
}

#define C01_QEMU	"-m 4G,slots=2,maxmem=8G"
#define C01_CMDLINE	"memmap=1G%0x100000000-1+0xefffffff"

/* DEV_DAX_KMEM=n: there is no kmem module; dax0.0 stays with device_dax. */
static void without_dev_dax_kmem_there_is_no_kmem_driver(void **state)
{
	(void)state;
	struct machine *m = boot_cfg(C01_QEMU, NULL, C01_CMDLINE, "dax_hmem device_dax kmem",
				     "DEV_DAX_KMEM=n");
	struct strbuf reply = STRBUF_INIT;
	struct abi_stat st;

	assert_int_equal(abi_resolve(m, DRV "/kmem", &st), -ENOENT);
	assert_int_equal(module_request(m, "kmem", &reply), -ENOENT);
	assert_link(m, DEV "/driver", "../../../../bus/dax/drivers/device_dax");
	strbuf_release(&reply);
	machine_free(m);
}

/* DEV_DAX_HMEM=n: no hmem.N at boot; the range stays a bare "Soft Reserved". */
static void without_dev_dax_hmem_soft_reserved_stays_unclaimed(void **state)
{
	(void)state;
	struct machine *m = boot_cfg(C01_QEMU, NULL, C01_CMDLINE, "dax_hmem device_dax kmem",
				     "DEV_DAX_HMEM=n");
	char *iomem = read_str(m, "/proc/iomem");
	struct abi_stat st;

	assert_int_equal(abi_resolve(m, "/sys/devices/platform/hmem.0", &st), -ENOENT);
	assert_non_null(strstr(iomem, "\n100000000-13fffffff : Soft Reserved\n"));
	free(iomem);
	machine_free(m);
}

/* DEV_DAX=y, DEV_DAX_HMEM=y: built in, so dax0.0 is bound at boot without any modprobe. */
static void built_in_drivers_bind_at_boot(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct machine_config cfg = { .qemu_args = C01_QEMU, .cmdline = C01_CMDLINE,
				      .config = { "DEV_DAX=y", "DEV_DAX_HMEM=y" }, .nr_config = 2 };
	struct machine *m = machine_boot(&cfg, &err);

	assert_non_null(m);
	assert_link(m, DEV "/driver", "../../../../bus/dax/drivers/device_dax");
	/* kmod refuses to remove a built-in module: "Module device_dax is builtin." */
	assert_int_equal(module_request(m, "-r device_dax", &err), -EPERM);
	assert_string_equal(err.buf, "modprobe: FATAL: Module device_dax is builtin.\n");
	strbuf_release(&err);
	machine_free(m);
}

/*  Firmware with an EFI_MEMORY_SP range: Soft Reserved with EFI_SOFT_RESERVE=y, plain RAM
 *  (memory blocks at boot) with efi=nosoftreserve or EFI_SOFT_RESERVE=n. */
static void efi_sp_memory_is_ram_when_soft_reservation_is_off(void **state)
{
	(void)state;
	char path[] = "/tmp/memhp-test-efi-XXXXXX";
	int fd = mkstemp(path);
	const char *fw = "efi 0+640K conventional\nefi 1M-0xbfffffff conventional\n"
			 "efi 4G+1G conventional sp\nnode 0 0+5G\n";

	assert_true(fd >= 0);
	assert_int_equal(write(fd, fw, strlen(fw)), (ssize_t)strlen(fw));
	close(fd);
	struct machine *m = boot_cfg(NULL, path, "", "dax_hmem", NULL);

	assert_null(find_memory_block_by_id(m, 32));
	assert_file_reads(m, "/sys/devices/platform/hmem.0/dax0.0/size", "1073741824\n");
	machine_free(m);
	m = boot_cfg(NULL, path, "efi=nosoftreserve", "dax_hmem", NULL);
	assert_non_null(find_memory_block_by_id(m, 32));
	machine_free(m);
	m = boot_cfg(NULL, path, "", "dax_hmem", "EFI_SOFT_RESERVE=n");
	assert_non_null(find_memory_block_by_id(m, 39));
	machine_free(m);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(boot_binds_dax0_0_to_device_dax_in_zone_device),
		cmocka_unit_test(new_id_to_kmem_adds_offline_driver_managed_blocks),
		cmocka_unit_test(kmem_unbind_removes_memory_only_when_all_offline),
		cmocka_unit_test(bad_bus_writes_fail_with_linux_errno_and_change_nothing),
		cmocka_unit_test(kmem_rejects_a_region_without_a_target_node),
		cmocka_unit_test(idle_region_device_grows_then_binds),
		cmocka_unit_test(without_dev_dax_kmem_there_is_no_kmem_driver),
		cmocka_unit_test(without_dev_dax_hmem_soft_reserved_stays_unclaimed),
		cmocka_unit_test(built_in_drivers_bind_at_boot),
		cmocka_unit_test(efi_sp_memory_is_ram_when_soft_reservation_is_off),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
