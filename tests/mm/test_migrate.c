/* SPDX-License-Identifier: MIT */
/*
 * tests/mm/test_migrate.c — offline_pages() by isolation and migration (spec 40 §2):
 * targets on other nodes first, isolation failure undone to MIGRATE_MOVABLE, a pending
 * signal that changes nothing, free huge pages dissolved, content kept.
 */
#include "../helpers.h"
#include "drivers/steps.h"
#include "hotplug/machine.h"
#include "mm/migrate.h"
#include "mm/workload.h"

static int step(struct machine *m, const char *line)
{
	struct strbuf out = STRBUF_INIT;
	int ret = memhp_step_run(m, line, &out);

	strbuf_release(&out);
	return ret;
}

static unsigned long owner_pages_on(struct machine *m, const char *name, int nid, enum zone_type z)
{
	const struct page_owner *o = page_owner_find(&m->pages, name);
	unsigned long n = 0;

	for (size_t i = 0; o && i < m->pages.nr_used; i++)
		if (m->pages.used[i].owner == o && m->pages.used[i].zone->nid == nid &&
		    m->pages.used[i].zone->idx == z)
			n += m->pages.used[i].nr_pages;
	return n;
}

static void assert_content_intact(struct machine *m)
{
	struct strbuf rep = STRBUF_INIT;

	if (workload_verify(&m->pages, &m->sparse, &rep))
		fail_msg("%s", rep.buf);
	strbuf_release(&rep);
}

#define TWO_NODES "-m 2G,slots=2,maxmem=4G -smp 2 -object memory-backend-ram,id=r0,size=1G " \
		  "-object memory-backend-ram,id=r1,size=1G -numa node,nodeid=0,memdev=r0,cpus=0 " \
		  "-numa node,nodeid=1,memdev=r1,cpus=1"

/*  | node0: 1G, plus a movable DIMM block | node1: 1G |
 *  Expect the DIMM's anon pages, offlined, to move to node1 (6.1: every memory node but the
 *  page's own), not to the free kernel memory of node0 beside them. */
static void migration_targets_other_nodes_first(void **state)
{
	(void)state;
	struct machine *m = boot_qemu(TWO_NODES, "");

	monitor(m, "object_add memory-backend-ram,id=m1,size=256M");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1,node=0");
	assert_int_equal(step(m, "online memory32 online_movable"), 0);
	assert_int_equal(step(m, "alloc a 64M kind=anon node=0"), 0);
	assert_int_equal(owner_pages_on(m, "a", 0, ZONE_MOVABLE), 16384);
	assert_int_equal(step(m, "offline memory32"), 0);
	assert_int_equal(owner_pages_on(m, "a", 1, ZONE_DMA32), 16384);
	assert_content_intact(m);
	machine_free(m);
}

/*  | memory32 Normal: kernel page at its start | memory33 Normal: slab at its end |
 *  Expect isolation of memory33 to fail with EBUSY at the slab's pageblock, the pageblocks
 *  before it left MIGRATE_MOVABLE, no notifier call, and the snapshot unchanged. */
static void isolation_failure_is_ebusy_and_changes_nothing(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G,slots=2,maxmem=4G", "");

	monitor(m, "object_add memory-backend-ram,id=m1,size=256M");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	assert_int_equal(step(m, "online memory32"), 0);
	assert_int_equal(step(m, "online memory33"), 0);
	assert_int_equal(step(m, "alloc fill 127M kind=anon"), 0);
	assert_int_equal(step(m, "alloc cache 2M kind=slab"), 0);
	struct busy_run bad;
	unsigned long start = 33 * 32768UL;

	assert_int_equal(start_isolate_page_range(&m->pages, &m->pgdat[0]->node_zones[ZONE_NORMAL], start,
						  start + 32768, &bad), -EBUSY);
	assert_string_equal(bad.owner->name, "cache");
	assert_true(bad.start_pfn >= start);
	assert_int_equal(get_pageblock_migratetype(&m->pages, start), MIGRATE_MOVABLE);
	assert_int_equal(m->pages.isolate_end, 0);
	char *before = snapshot_of(m);

	assert_write_fails_unchanged(m, "/sys/devices/system/memory/memory33/state", "offline", -EBUSY);
	char *after = snapshot_of(m);

	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_content_intact(m);
	machine_free(m);
}

/*  Expect a signal pending before the first scan to give EINTR with no page moved and the
 *  machine as it was; the same offline without a signal moves every page. */
static void pending_signal_is_eintr_before_any_page_moves(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G,slots=2,maxmem=4G", "");

	monitor(m, "object_add memory-backend-ram,id=m1,size=256M");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	assert_int_equal(step(m, "online memory32 online_movable"), 0);
	assert_int_equal(step(m, "online memory33 online_movable"), 0);
	assert_int_equal(step(m, "alloc a 100M kind=anon"), 0);
	unsigned long migrated = m->pages.nr_migrated;
	char *before = snapshot_of(m);

	assert_int_equal(step(m, "offline memory32 signal=0"), -EINTR);
	assert_int_equal(m->pages.nr_migrated, migrated);
	assert_int_equal(owner_pages_on(m, "a", 0, ZONE_MOVABLE), 25600);
	char *after = snapshot_of(m);

	assert_string_equal(before, after);
	assert_int_equal(step(m, "offline memory32"), 0);
	assert_int_equal(m->pages.nr_migrated - migrated, 25600);
	assert_content_intact(m);
	free(before);
	free(after);
	machine_free(m);
}

/*  Expect offline to dissolve the free huge pages of the block (nr_hugepages drops) and to
 *  leave those elsewhere in the pool. */
static void free_huge_pages_are_dissolved(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G,slots=2,maxmem=4G", "");
	unsigned long total, free;

	monitor(m, "object_add memory-backend-ram,id=m1,size=256M");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	assert_int_equal(step(m, "online memory32 online_movable"), 0);
	assert_int_equal(step(m, "online memory33 online_movable"), 0);
	assert_int_equal(step(m, "hugetlb 2M 80 node=0"), 0);
	hugetlb_pool_count(&m->pages, 0, 9, &total, &free);
	assert_int_equal(total, 80);
	assert_int_equal(step(m, "offline memory32"), 0);
	hugetlb_pool_count(&m->pages, 0, 9, &total, &free);
	assert_int_equal(total, 16);
	assert_int_equal(free, 16);
	machine_free(m);
}

/*  Expect a long-term pin to move the pages out of ZONE_MOVABLE into a kernel zone first,
 *  and offlining the kernel block they landed in to end with EINTR, content intact. */
static void longterm_pin_leaves_movable_and_blocks_its_new_home(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 2G,slots=2,maxmem=4G", "");

	monitor(m, "object_add memory-backend-ram,id=m1,size=256M");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	assert_int_equal(step(m, "online memory32 online_movable"), 0);
	assert_int_equal(step(m, "alloc a 64M kind=anon"), 0);
	assert_int_equal(step(m, "pin a"), 0);
	assert_int_equal(owner_pages_on(m, "a", 0, ZONE_MOVABLE), 0);
	assert_int_equal(owner_pages_on(m, "a", 0, ZONE_DMA32), 16384);
	assert_int_equal(step(m, "offline memory32"), 0);
	unsigned long pfn = 0;

	for (size_t i = 0; i < m->pages.nr_used; i++)
		if (!strcmp(m->pages.used[i].owner->name, "a"))
			pfn = m->pages.used[i].start_pfn + m->pages.used[i].nr_pages - 1;
	char path[80];

	snprintf(path, sizeof(path), "/sys/devices/system/memory/memory%lu/state", pfn / 32768);
	assert_write_fails_unchanged(m, path, "offline", -EINTR);
	assert_content_intact(m);
	machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migration_targets_other_nodes_first),
		cmocka_unit_test(isolation_failure_is_ebusy_and_changes_nothing),
		cmocka_unit_test(pending_signal_is_eintr_before_any_page_moves),
		cmocka_unit_test(free_huge_pages_are_dissolved),
		cmocka_unit_test(longterm_pin_leaves_movable_and_blocks_its_new_home),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
