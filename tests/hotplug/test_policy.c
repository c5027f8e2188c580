/* SPDX-License-Identifier: MIT */
/*
 * tests/hotplug/test_policy.c — zone selection: contig-zones valid_zones (spec 20 §3
 * worked examples) and auto-movable arithmetic (spec 20 §4).
 */
#include "../helpers.h"

#define M "/sys/devices/system/memory/"

static void expect_vz(struct machine *m, const char *block, const char *want)
{
	char path[128];

	snprintf(path, sizeof(path), M "%s/valid_zones", block);
	assert_file_reads(m, path, want);
}

/*  4 GiB guest, 1 GiB DIMM at 5 GiB = memory40-47.
 *  | Normal (boot) ..40 | 40 41 42 43 ... |  online_movable 41, then 43.
 *  Expect 40/42 "Normal Movable" until 42 lies inside only the Movable span. */
static void contig_zones_follow_the_movable_span(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 4G,slots=4,maxmem=8G", "");

	monitor(m, "object_add memory-backend-ram,id=m1,size=1G");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	expect_vz(m, "memory40", "Normal Movable\n");
	assert_int_equal(write_str(m, M "memory41/state", "online_movable"), 0);
	expect_vz(m, "memory42", "Normal Movable\n");
	expect_vz(m, "memory41", "Movable\n");
	assert_int_equal(write_str(m, M "memory43/state", "online_movable"), 0);
	expect_vz(m, "memory42", "Movable Normal\n");
	assert_int_equal(write_str(m, M "memory42/state", "online"), 0);
	expect_vz(m, "memory42", "Movable\n");
	machine_free(m);
}

/* movable_node: default of memory outside every span is Movable. */
static void movable_node_defaults_to_movable(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G,slots=4,maxmem=8G", "movable_node");

	monitor(m, "object_add memory-backend-ram,id=m1,size=256M");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	expect_vz(m, "memory32", "Movable Normal\n");
	machine_free(m);
}

/* Offlined boot block below 4 GiB: kernel zone is DMA32. */
static void offlined_boot_block_offers_dma32_and_movable(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G,slots=4,maxmem=8G", "");

	assert_int_equal(write_str(m, M "memory8/state", "offline"), 0);
	expect_vz(m, "memory8", "DMA32 Movable\n");
	machine_free(m);
}

/* ratio 50 on 2 GiB: early kernel pages 524158 -> 262079 movable pages allowed.
 * A 768 MiB DIMM (196608) fits; +512 MiB does not; +256 MiB (262144) misses by 65. */
static void auto_movable_ratio_counts_only_early_kernel_pages(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G,slots=8,maxmem=16G",
				      "memhp_default_state=online memory_hotplug.online_policy=auto-movable "
				      "memory_hotplug.auto_movable_ratio=50");

	monitor(m, "object_add memory-backend-ram,id=m1,size=768M");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	expect_vz(m, "memory32", "Movable\n");
	monitor(m, "object_add memory-backend-ram,id=m2,size=512M");
	monitor(m, "device_add pc-dimm,id=d2,memdev=m2");
	expect_vz(m, "memory38", "Normal\n");
	monitor(m, "object_add memory-backend-ram,id=m3,size=256M");
	monitor(m, "device_add pc-dimm,id=d3,memdev=m3");
	expect_vz(m, "memory42", "Normal\n");
	machine_free(m);
}

/* ratio 0 disables Movable under auto-movable; valid_zones then lists Normal first. */
static void auto_movable_ratio_zero_always_picks_the_kernel_zone(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G,slots=4,maxmem=8G",
				      "memory_hotplug.online_policy=auto-movable memory_hotplug.auto_movable_ratio=0");

	monitor(m, "object_add memory-backend-ram,id=m1,size=128M");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	expect_vz(m, "memory32", "Normal Movable\n");
	machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(contig_zones_follow_the_movable_span),
		cmocka_unit_test(movable_node_defaults_to_movable),
		cmocka_unit_test(offlined_boot_block_offers_dma32_and_movable),
		cmocka_unit_test(auto_movable_ratio_counts_only_early_kernel_pages),
		cmocka_unit_test(auto_movable_ratio_zero_always_picks_the_kernel_zone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
