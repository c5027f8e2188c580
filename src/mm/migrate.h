/* SPDX-License-Identifier: MIT */
/*
 * mm/migrate.h — what offline_pages() asks of the page allocator (spec 40 §2): isolate a
 * range (has_unmovable_pages), find and migrate its movable pages (scan_movable_pages,
 * do_migrate_range), dissolve free hugetlb pages, test that only free pages are left.
 * Also why a range cannot go offline, page run by page run (why-busy).
 */
#ifndef MEMHP_MM_MIGRATE_H
#define MEMHP_MM_MIGRATE_H

#include <stdbool.h>

#include "lib/strbuf.h"
#include "mm/page_alloc.h"

/* One reason a range cannot go offline. */
enum busy_reason {
	BUSY_RESERVED,		/* PageReserved: memblock / firmware, never freed */
	BUSY_UNMOVABLE,		/* kernel allocation in a kernel zone: slab, page tables, ... */
	BUSY_KERNEL,		/* the kernel's own allocations (after a zonelist rebuild) */
	BUSY_CMA,		/* MIGRATE_CMA pageblock */
	BUSY_PINNED,		/* FOLL_LONGTERM pin: migration fails forever */
	BUSY_GIGANTIC,		/* in-use 1 GiB page, no free gigantic page elsewhere */
	BUSY_HUGETLB,		/* in-use 2 MiB page, no free huge page and no 2 MiB of buddy memory */
	BUSY_NO_TARGET,		/* movable pages, but not enough free memory elsewhere */
	BUSY_FAULT,		/* memhp's fault point: this page fails every migration */
	NR_BUSY_REASONS,
};

struct busy_run {
	unsigned long start_pfn, nr_pages;
	const struct page_owner *owner;	/* NULL for CMA pageblocks */
	enum busy_reason reason;
};

const char *busy_reason_name(enum busy_reason r);
/* What the kernel does with such pages, and what would unblock them (one sentence each). */
const char *busy_reason_effect(enum busy_reason r);
const char *busy_reason_fix(enum busy_reason r);

/*
 * start_isolate_page_range(..., MEMORY_OFFLINE): 0 with [start, end) MIGRATE_ISOLATE, or
 * -EBUSY with *@bad the first unmovable page (pageblocks before it back to MOVABLE).
 */
int start_isolate_page_range(struct mm_pages *mp, const struct zone *zone, unsigned long start,
			     unsigned long end, struct busy_run *bad);
/* Pages of [start, end) that isolation would refuse (reserved, unmovable in kernel zones). */
unsigned long unmovable_pages_in(const struct mm_pages *mp, unsigned long start, unsigned long end);
/* undo_isolate_page_range(): the range's pageblocks become MIGRATE_MOVABLE. */
void undo_isolate_page_range(struct mm_pages *mp, unsigned long start, unsigned long end);

/* scan_movable_pages(): first movable (LRU, __PageMovable, in-use hugetlb) pfn in range. */
bool scan_movable_pages(const struct mm_pages *mp, unsigned long start, unsigned long end,
			unsigned long *pfn);
/*
 * do_migrate_range(): one pass over [start, end): every movable run gets new pages on another
 * node if there is one (6.1: all N_MEMORY nodes but the source's), content and owner
 * move. Returns pages migrated; *@failed pages that could not move (pinned, no target).
 */
unsigned long do_migrate_range(struct mm_pages *mp, unsigned long start, unsigned long end,
			       unsigned long *failed, unsigned long *first_failed_pfn);
/* dissolve_free_huge_pages(): free hugetlb pages touching [start, end) go to the buddy. */
int dissolve_free_huge_pages(struct mm_pages *mp, unsigned long start, unsigned long end);
/* test_pages_isolated(): nothing in [start, end) is in use. */
bool test_pages_isolated(const struct mm_pages *mp, unsigned long start, unsigned long end);

/*
 * Everything in [start, end) of @zone that keeps it from going offline now, in pfn order,
 * passed to @fn; returns the number of runs. Reads only.
 */
unsigned long offline_blockers(struct mm_pages *mp, const struct zone *zone, unsigned long start,
			       unsigned long end, void (*fn)(const struct busy_run *run, void *arg), void *arg);

/*
 * Migrate @o's pages out of ZONE_MOVABLE and CMA pageblocks (FOLL_LONGTERM pinning):
 * 0, or -ENOMEM with the pages that could not move left where they were.
 */
int migrate_longterm_unpinnable_pages(struct mm_pages *mp, struct page_owner *o);

#endif
