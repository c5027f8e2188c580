/* SPDX-License-Identifier: MIT */
/*
 * tests/hotplug/test_memory.c — who onlines a hot-added block (hotplug/memory.c,
 * docs/kconfig.md): the four mechanisms and their precedence, for every way memory
 * arrives (ACPI DIMM, virtio-mem, probe, dax/kmem), and the record of which one decided.
 *
 *   Kconfig default < memhp_default_state= < auto_online_blocks written at runtime (later
 *   adds) ; then udev onlines what the kernel left offline ; explicit writes win last.
 */
#include "../helpers.h"
#include "hotplug/machine.h"
#include "hotplug/memory.h"

#define M	"/sys/devices/system/memory/"

struct boot {
	const char *kernel;
	const char *cmdline;
	const char *config;
	const char *udev;
	const char *qemu;
	const char *modules;
};

static struct machine *boot(struct boot b)
{
	struct strbuf err = STRBUF_INIT;
	struct machine_config cfg = {
		.qemu_args = b.qemu ? b.qemu : "-m 2G,slots=4,maxmem=8G", .kernel = b.kernel,
		.cmdline = b.cmdline ? b.cmdline : "", .udev_online = b.udev, .modules = b.modules,
	};
	struct machine *m;

	if (b.config)
		cfg.config[cfg.nr_config++] = b.config;
	m = machine_boot(&cfg, &err);
	if (!m)
		fail_msg("boot failed: %s", err.buf);
	strbuf_release(&err);
	return m;
}

/* Plug a 256 MiB DIMM (two blocks) the way QEMU's monitor does. */
static void plug_dimm(struct machine *m, const char *id)
{
	struct strbuf r = STRBUF_INIT;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "object_add memory-backend-ram,id=mem-%s,size=256M", id);
	assert_int_equal(monitor_command(m, cmd, &r), 0);
	snprintf(cmd, sizeof(cmd), "device_add pc-dimm,id=%s,memdev=mem-%s", id, id);
	assert_int_equal(monitor_command(m, cmd, &r), 0);
	strbuf_release(&r);
}

static struct memory_block *blk(struct machine *m, unsigned long id)
{
	struct memory_block *mem = find_memory_block_by_id(m, id);

	assert_non_null(mem);
	return mem;
}

/* Expect block @id online in zone @zone, decided by @by. */
static void assert_onlined(struct machine *m, unsigned long id, enum zone_type zone, enum onlined_by by)
{
	struct memory_block *mem = blk(m, id);

	assert_int_equal(mem->state, MEM_ONLINE);
	assert_non_null(mem->zone);
	assert_int_equal(mem->zone->idx, zone);
	assert_string_equal(onlined_by_str(mem->onlined_by), onlined_by_str(by));
}

static void assert_offline(struct machine *m, unsigned long id)
{
	assert_int_equal(blk(m, id)->state, MEM_OFFLINE);
}

/*  | boot 0-2G | DIMM 4G-4.25G: memory32-33 |
 *  6.1's Kconfig default is offline: expect the DIMM's blocks offline. Built with
 *  MEMORY_HOTPLUG_DEFAULT_ONLINE=y: expect them online (ZONE_NORMAL), decided by Kconfig. */
static void kconfig_default_decides_when_nothing_else_does(void **state)
{
	(void)state;
	struct machine *off = boot((struct boot){ 0 });
	struct machine *on = boot((struct boot){ .config = "MEMORY_HOTPLUG_DEFAULT_ONLINE=y" });

	plug_dimm(off, "d1");
	plug_dimm(on, "d1");
	assert_offline(off, 32);
	assert_offline(off, 33);
	assert_onlined(on, 32, ZONE_NORMAL, ONLINED_BY_KCONFIG);
	assert_onlined(on, 33, ZONE_NORMAL, ONLINED_BY_KCONFIG);
	machine_free(off);
	machine_free(on);
}

/* Newest: the MHP_DEFAULT_ONLINE_TYPE choice. Expect ONLINE_MOVABLE to put the DIMM in
 * ZONE_MOVABLE, and auto_online_blocks to read online_movable from boot. */
static void newest_kconfig_choice_online_movable(void **state)
{
	(void)state;
	struct machine *m = boot((struct boot){ .kernel = "6.18",
					       .config = "MHP_DEFAULT_ONLINE_TYPE_ONLINE_MOVABLE=y" });

	assert_file_reads(m, M "auto_online_blocks", "online_movable\n");
	plug_dimm(m, "d1");
	assert_onlined(m, 32, ZONE_MOVABLE, ONLINED_BY_KCONFIG);
	machine_free(m);
}

/* Expect memhp_default_state= to beat the Kconfig default both ways: offline over a
 * Kconfig that onlines, online_movable over a Kconfig that does not. */
static void command_line_beats_kconfig(void **state)
{
	(void)state;
	struct machine *a = boot((struct boot){ .config = "MEMORY_HOTPLUG_DEFAULT_ONLINE=y",
					       .cmdline = "memhp_default_state=offline" });
	struct machine *b = boot((struct boot){ .cmdline = "memhp_default_state=online_movable" });

	plug_dimm(a, "d1");
	plug_dimm(b, "d1");
	assert_offline(a, 32);
	assert_onlined(b, 32, ZONE_MOVABLE, ONLINED_BY_CMDLINE);
	assert_onlined(b, 33, ZONE_MOVABLE, ONLINED_BY_CMDLINE);
	machine_free(a);
	machine_free(b);
}

/* Expect a runtime write to auto_online_blocks to decide later adds only: d1 stays as the
 * command line put it, d2 follows the write. */
static void runtime_auto_online_blocks_beats_both_for_later_adds(void **state)
{
	(void)state;
	struct machine *m = boot((struct boot){ .config = "MEMORY_HOTPLUG_DEFAULT_ONLINE=y",
					       .cmdline = "memhp_default_state=online_movable" });

	plug_dimm(m, "d1");
	assert_int_equal(write_str(m, M "auto_online_blocks", "online_kernel\n"), 0);
	plug_dimm(m, "d2");
	assert_onlined(m, 32, ZONE_MOVABLE, ONLINED_BY_CMDLINE);
	assert_onlined(m, 34, ZONE_NORMAL, ONLINED_BY_AUTO_ONLINE_BLOCKS);
	assert_onlined(m, 35, ZONE_NORMAL, ONLINED_BY_AUTO_ONLINE_BLOCKS);
	assert_int_equal(write_str(m, M "auto_online_blocks", "offline\n"), 0);
	plug_dimm(m, "d3");
	assert_offline(m, 36);
	machine_free(m);
}

/* Expect the udev rule to online what the kernel left offline, and to leave alone what
 * auto-onlining already onlined (its ATTR{state}=="offline" test fails). */
static void udev_onlines_only_what_was_left_offline(void **state)
{
	(void)state;
	struct machine *m = boot((struct boot){ .udev = "online_movable" });

	plug_dimm(m, "d1");
	assert_onlined(m, 32, ZONE_MOVABLE, ONLINED_BY_UDEV);
	assert_onlined(m, 33, ZONE_MOVABLE, ONLINED_BY_UDEV);
	assert_int_equal(write_str(m, M "auto_online_blocks", "online_kernel\n"), 0);
	plug_dimm(m, "d2");
	assert_onlined(m, 34, ZONE_NORMAL, ONLINED_BY_AUTO_ONLINE_BLOCKS);
	assert_int_equal(m->uevents.nr, 0);
	machine_free(m);
}

/* A DIMM present at power-on: udev's coldplug trigger replays its add at boot. */
static void udev_coldplug_onlines_boot_dimms(void **state)
{
	(void)state;
	struct machine *m = boot((struct boot){
		.udev = "online",
		.qemu = "-m 2G,slots=4,maxmem=8G -object memory-backend-ram,id=m0,size=256M "
			"-device pc-dimm,id=d0,memdev=m0" });

	assert_onlined(m, 32, ZONE_NORMAL, ONLINED_BY_UDEV);
	assert_onlined(m, 0 + 5, ZONE_DMA32, ONLINED_BY_BOOT);
	machine_free(m);
}

/* Expect an explicit state write to win last: offline the udev-onlined block, online it
 * as online_kernel by hand, and the record says sysfs; `online` writes count as sysfs too. */
static void explicit_sysfs_writes_win_last(void **state)
{
	(void)state;
	struct machine *m = boot((struct boot){ .udev = "online_movable" });

	plug_dimm(m, "d1");
	assert_int_equal(write_str(m, M "memory33/state", "offline\n"), 0);
	assert_int_equal(write_str(m, M "memory32/state", "offline\n"), 0);
	assert_int_equal(write_str(m, M "memory32/state", "online_kernel\n"), 0);
	assert_onlined(m, 32, ZONE_NORMAL, ONLINED_BY_SYSFS);
	assert_offline(m, 33);	/* udev only acts on adds */
	assert_int_equal(write_str(m, M "memory33/online", "1\n"), 0);
	assert_onlined(m, 33, ZONE_NORMAL, ONLINED_BY_SYSFS);
	machine_free(m);
}

/* Expect a refused udev write to leave the block offline (udev only logs it): the memory
 * notifier vetoes MEM_GOING_ONLINE (memory-notifier-error-inject, -ENOMEM). */
static void udev_failure_leaves_the_block_offline(void **state)
{
	(void)state;
	struct machine *m = boot((struct boot){ .udev = "online_movable" });
	struct strbuf r = STRBUF_INIT;

	assert_int_equal(module_request(m, "memory_notifier_error_inject", &r), 0);
	assert_int_equal(write_str(m, "/sys/kernel/debug/notifier-error-inject/memory/actions/"
				      "MEM_GOING_ONLINE/error", "-12\n"), 0);
	plug_dimm(m, "d1");
	assert_offline(m, 32);
	assert_offline(m, 33);
	assert_int_equal(m->uevents.nr, 0);
	strbuf_release(&r);
	machine_free(m);
}

/* Expect a state write on behalf of daxctl (its name, as the mount reports the writer) to
 * be recorded as daxctl's, any other writer's as sysfs. */
static void daxctl_writes_are_told_apart(void **state)
{
	(void)state;
	struct machine *m = boot((struct boot){ 0 });
	struct strbuf r = STRBUF_INIT;
	struct abi_stat st;

	plug_dimm(m, "d1");
	assert_int_equal(abi_resolve(m, M "memory32/state", &st), 0);
	assert_int_equal(abi_write_reply_as(m, st.ino, "online_movable\n", 15, &r, "daxctl"), 0);
	assert_int_equal(abi_resolve(m, M "memory33/state", &st), 0);
	assert_int_equal(abi_write_reply_as(m, st.ino, "online_movable\n", 15, &r, "chmem"), 0);
	assert_onlined(m, 32, ZONE_MOVABLE, ONLINED_BY_DAXCTL);
	assert_onlined(m, 33, ZONE_MOVABLE, ONLINED_BY_SYSFS);
	assert_null(m->writer);
	strbuf_release(&r);
	machine_free(m);
}

/* virtio-mem and probe follow the same mechanisms. */
static void virtio_mem_and_probe_follow_the_same_rules(void **state)
{
	(void)state;
	struct machine *v = boot((struct boot){
		.cmdline = "memhp_default_state=online_movable", .modules = "virtio_mem",
		.qemu = "-m 2G,maxmem=8G -object memory-backend-ram,id=v,size=2G "
			"-device virtio-mem-pci,id=vm0,memdev=v,node=0,requested-size=256M" });
	struct machine *p = boot((struct boot){ .config = "ARCH_MEMORY_PROBE=y", .udev = "online" });

	assert_onlined(v, 32, ZONE_MOVABLE, ONLINED_BY_CMDLINE);
	assert_int_equal(write_str(p, M "probe", "0x100000000\n"), 0);
	assert_onlined(p, 32, ZONE_NORMAL, ONLINED_BY_UDEV);
	machine_free(v);
	machine_free(p);
}

/* dax/kmem: the c01 machine's Soft Reserved GiB bound to kmem; the blocks it adds are
 * decided like any other add: here by the command line, then by udev. */
static void kmem_blocks_follow_the_same_rules(void **state)
{
	(void)state;
	static const char qemu[] = "-m 4G,slots=2,maxmem=8G -smp 1";
	struct machine *a = boot((struct boot){
		.qemu = qemu, .modules = "dax_hmem device_dax kmem",
		.cmdline = "memmap=1G%0x100000000-1+0xefffffff memhp_default_state=online_movable" });
	struct machine *b = boot((struct boot){
		.qemu = qemu, .modules = "dax_hmem device_dax kmem", .udev = "online_movable",
		.cmdline = "memmap=1G%0x100000000-1+0xefffffff" });

	for (int i = 0; i < 2; i++) {
		struct machine *m = i ? b : a;

		assert_int_equal(write_str(m, "/sys/bus/dax/drivers/device_dax/unbind", "dax0.0\n"), 0);
		assert_int_equal(write_str(m, "/sys/bus/dax/drivers/kmem/new_id", "dax0.0\n"), 0);
	}
	assert_onlined(a, 32, ZONE_MOVABLE, ONLINED_BY_CMDLINE);
	assert_onlined(b, 39, ZONE_MOVABLE, ONLINED_BY_UDEV);
	machine_free(a);
	machine_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kconfig_default_decides_when_nothing_else_does),
		cmocka_unit_test(newest_kconfig_choice_online_movable),
		cmocka_unit_test(command_line_beats_kconfig),
		cmocka_unit_test(runtime_auto_online_blocks_beats_both_for_later_adds),
		cmocka_unit_test(udev_onlines_only_what_was_left_offline),
		cmocka_unit_test(udev_coldplug_onlines_boot_dimms),
		cmocka_unit_test(explicit_sysfs_writes_win_last),
		cmocka_unit_test(udev_failure_leaves_the_block_offline),
		cmocka_unit_test(daxctl_writes_are_told_apart),
		cmocka_unit_test(virtio_mem_and_probe_follow_the_same_rules),
		cmocka_unit_test(kmem_blocks_follow_the_same_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
