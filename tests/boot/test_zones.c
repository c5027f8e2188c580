/* SPDX-License-Identifier: MIT */
/*
 * tests/boot/test_zones.c — boot zone sizing (spec 20 §1, §5) on QEMU pc layouts:
 * 4 GiB guest = RAM [0, 3 GiB) + [4 GiB, 5 GiB); ZONE_MOVABLE from kernelcore=/movablecore=.
 */
#include "../helpers.h"
#include "hotplug/machine.h"

static const struct zone *zone_of(struct machine *m, int nid, enum zone_type z)
{
	return &m->pgdat[nid]->node_zones[z];
}

/*  | DMA 1..4096 | DMA32 4096..0x100000 (RAM to 0xbffe0) | Normal 0x100000..0x140000 |
 *  kernelcore=3G: 158 + 786144 pages below 4 GiB count first, 130 more from Normal,
 *  rounded up to 1024 pages. Expect Movable to start at pfn 1049600. */
static void kernelcore_3g_starts_movable_just_above_4g_rounded_to_max_order(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 4G,slots=4,maxmem=8G", "kernelcore=3G");

	assert_int_equal(zone_of(m, 0, ZONE_MOVABLE)->zone_start_pfn, 1049600);
	assert_int_equal(zone_of(m, 0, ZONE_MOVABLE)->spanned_pages, 261120);
	assert_int_equal(zone_of(m, 0, ZONE_NORMAL)->spanned_pages, 1024);
	machine_free(m);
}

/* movablecore=512M: 131072 pages (already a multiple of 1024) at the top. */
static void movablecore_512m_takes_the_top_of_normal(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 4G,slots=4,maxmem=8G", "movablecore=512M");

	assert_int_equal(zone_of(m, 0, ZONE_MOVABLE)->zone_start_pfn, 1179648);
	assert_int_equal(zone_of(m, 0, ZONE_NORMAL)->spanned_pages, 131072);
	machine_free(m);
}

/* movablecore=20%: 1048446 * 20 / 100 = 209689 pages, rounded up to 209920. */
static void movablecore_percent_rounds_up_to_max_order_pages(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 4G,slots=4,maxmem=8G", "movablecore=20%");

	assert_int_equal(zone_of(m, 0, ZONE_MOVABLE)->spanned_pages, 209920);
	assert_int_equal(zone_of(m, 0, ZONE_MOVABLE)->zone_start_pfn, 1100800);
	machine_free(m);
}

/* kernelcore larger than all memory: no ZONE_MOVABLE at all. */
static void kernelcore_above_total_means_no_movable_zone(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 4G,slots=4,maxmem=8G", "kernelcore=64G");

	assert_int_equal(zone_of(m, 0, ZONE_MOVABLE)->spanned_pages, 0);
	machine_free(m);
}

/* 2 GiB guest: DMA starts at pfn 1, DMA32 present = 0x7ffe0 - 4096 (SeaBIOS keeps 128 KiB). */
static void small_guest_has_dma_and_dma32_only(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G,slots=4,maxmem=8G", "");

	assert_int_equal(zone_of(m, 0, ZONE_DMA)->zone_start_pfn, 1);
	assert_int_equal(zone_of(m, 0, ZONE_DMA)->present_pages, 3998);
	assert_int_equal(zone_of(m, 0, ZONE_DMA32)->present_pages, 520160);
	assert_int_equal(zone_of(m, 0, ZONE_NORMAL)->spanned_pages, 0);
	assert_int_equal(m->block_size, 128 << 20);
	machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kernelcore_3g_starts_movable_just_above_4g_rounded_to_max_order),
		cmocka_unit_test(movablecore_512m_takes_the_top_of_normal),
		cmocka_unit_test(movablecore_percent_rounds_up_to_max_order_pages),
		cmocka_unit_test(kernelcore_above_total_means_no_movable_zone),
		cmocka_unit_test(small_guest_has_dma_and_dma32_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
