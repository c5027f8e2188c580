/* SPDX-License-Identifier: MIT */
/*
 * tests/mm/test_page_alloc.c — the page allocator as ranges: boot free runs and
 * reservations, zonelists (GFP_KERNEL never from ZONE_MOVABLE), watermarks, ENOMEM that
 * changes nothing, and placement that decides which blocks can go offline.
 */
#include "../helpers.h"
#include "hotplug/machine.h"
#include "hotplug/memory.h"
#include "mm/migrate.h"
#include "mm/workload.h"

static void assert_allocator_sane(struct machine *m)
{
	struct strbuf err = STRBUF_INIT;

	if (mm_pages_check(&m->pages, &err))
		fail_msg("%s", err.buf);
	strbuf_release(&err);
}

static struct zone *zone_of(struct machine *m, int nid, enum zone_type z)
{
	return &m->pgdat[nid]->node_zones[z];
}

/*  | memory0: first MiB + kernel image | memory1..14 free | memory15: memmap, hashes, initrd |
 *  Expect free + allocated == managed in every zone, reserved pages only in memory0 and
 *  memory15, and zoneinfo's watermarks from min_free_kbytes = 4 * sqrt(lowmem kB).   */
static void boot_free_runs_match_managed_and_reservations_pin_the_boot_blocks(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G", "");

	assert_allocator_sane(m);
	for (unsigned long id = 0; id < 16; id++) {
		struct memory_block *mem = find_memory_block_by_id(m, id);
		bool busy = memory_block_unmovable_pages(m, mem) > 0;

		assert_int_equal(busy, id == 0 || id == 15);
	}
	struct zone *dma32 = zone_of(m, 0, ZONE_DMA32);
	unsigned long lowmem_kb = (zone_of(m, 0, ZONE_DMA)->managed_pages + dma32->managed_pages) * 4;
	unsigned long kb = 0;

	while ((kb + 1) * (kb + 1) <= lowmem_kb * 16)
		kb++;
	assert_int_equal(m->pages.min_free_kbytes, kb);
	assert_true(dma32->_watermark[WMARK_MIN] > 0);
	assert_true(dma32->_watermark[WMARK_MIN] < dma32->_watermark[WMARK_LOW]);
	assert_int_equal(dma32->_watermark[WMARK_HIGH] - dma32->_watermark[WMARK_LOW],
			 dma32->_watermark[WMARK_LOW] - dma32->_watermark[WMARK_MIN]);
	char *zi = read_str(m, "/proc/zoneinfo");
	char want[128];

	snprintf(want, sizeof(want), "        min      %lu\n", dma32->_watermark[WMARK_MIN]);
	assert_non_null(strstr(zi, want));
	free(zi);
	machine_free(m);
}

/*  | Normal: memory32-35 (kernel) | Movable: memory36-39 (movablecore=512M) |
 *  Expect slab to fill the kernel zones and then fail with ENOMEM while Movable is still
 *  free, the failure to change nothing, and anon memory to use ZONE_MOVABLE first.  */
static void gfp_kernel_never_uses_zone_movable_and_enomem_changes_nothing(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 4G", "movablecore=512M");
	struct zone *movable = zone_of(m, 0, ZONE_MOVABLE);
	unsigned long kernel_free = 0;

	for (int z = 0; z <= ZONE_NORMAL; z++)
		kernel_free += zone_of(m, 0, z)->nr_free;
	unsigned long mfree = movable->nr_free;
	char *before = snapshot_of(m);

	assert_int_equal(workload_alloc(&m->pages, "big", PK_SLAB, kernel_free, 0, 0), -ENOMEM);
	assert_int_equal(movable->nr_free, mfree);
	assert_null(page_owner_find(&m->pages, "big"));
	char *after = snapshot_of(m);

	assert_string_equal(before, after);
	assert_int_equal(workload_alloc(&m->pages, "slab", PK_SLAB, kernel_free / 2, 0, 0), 0);
	assert_int_equal(movable->nr_free, mfree);
	assert_int_equal(workload_alloc(&m->pages, "anon", PK_ANON, 1000, 0, 0), 0);
	/* qemu64 has no pdpe1gb: no 1 GiB hstate, so no gigantic pool */
	unsigned long got = 0;

	assert_int_equal(hugetlb_set_pool(&m->pages, 0, 18, 1, &got), -EINVAL);
	assert_int_equal(workload_alloc(&m->pages, "g", PK_HUGETLB, 1UL << 18, 0, 18), -EINVAL);
	assert_int_equal(movable->nr_free, mfree - 1000);
	assert_allocator_sane(m);
	free(before);
	free(after);
	machine_free(m);
}

/*  Expect unmovable allocations to steal a whole free pageblock and mark it UNMOVABLE, so
 *  that a later one fills that pageblock before stealing another. */
static void unmovable_allocations_cluster_in_stolen_pageblocks(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G", "");

	assert_int_equal(workload_alloc(&m->pages, "s1", PK_SLAB, 10, 0, 0), 0);
	assert_int_equal(workload_alloc(&m->pages, "s2", PK_SLAB, 10, 0, 0), 0);
	const struct page_extent *a = NULL, *b = NULL;

	for (size_t i = 0; i < m->pages.nr_used; i++) {
		if (!strcmp(m->pages.used[i].owner->name, "s1"))
			a = &m->pages.used[i];
		if (!strcmp(m->pages.used[i].owner->name, "s2"))
			b = &m->pages.used[i];
	}
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(a->start_pfn % pageblock_nr_pages, 0);
	assert_int_equal(b->start_pfn, a->start_pfn + 10);
	assert_int_equal(get_pageblock_migratetype(&m->pages, a->start_pfn), MIGRATE_UNMOVABLE);
	assert_allocator_sane(m);
	machine_free(m);
}

/*  A free run [3, 2051) in a zone: the buddy holds 1 + 2 + 8 + ... blocks.
 *  Expect the greedy split (largest aligned block first, order 10 at most) and the same
 *  counts from /proc/buddyinfo's line; a 64 TiB run costs one step. */
static void free_runs_read_as_buddy_orders(void **state)
{
	(void)state;
	struct zone z = { .idx = ZONE_NORMAL };
	unsigned long nr[MAX_ORDER];

	zone_add_free_run(&z, 3, 2048);
	zone_free_area_counts(&z, nr);
	/* 3: o0; 4: o2; 8: o3; 16: o4; ...; 1024: o10; 2048: o1 (2048-2049), 2050: o0 */
	unsigned long want[MAX_ORDER] = { 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };

	for (int o = 0; o < MAX_ORDER; o++)
		assert_int_equal(nr[o], want[o]);
	free(z.free_area);
	memset(&z, 0, sizeof(z));
	zone_add_free_run(&z, 1UL << 20, 1UL << 34);	/* 64 TiB */
	zone_free_area_counts(&z, nr);
	assert_int_equal(nr[MAX_ORDER - 1], (1UL << 34) / 1024);
	free(z.free_area);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(boot_free_runs_match_managed_and_reservations_pin_the_boot_blocks),
		cmocka_unit_test(gfp_kernel_never_uses_zone_movable_and_enomem_changes_nothing),
		cmocka_unit_test(unmovable_allocations_cluster_in_stolen_pageblocks),
		cmocka_unit_test(free_runs_read_as_buddy_orders),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
