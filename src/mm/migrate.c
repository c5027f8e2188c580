/* SPDX-License-Identifier: MIT */
/*
 * mm/migrate.c — isolation, migration and hugetlb dissolution for offline_pages(), and the
 * same rules read-only for why-busy (see migrate.h). Migration allocates the target pages
 * first, then moves content (seed and index) and ownership, then frees the source: a page
 * is never without its content and never holds two.
 */
#include "migrate.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

static const char *const reason_names[NR_BUSY_REASONS] = {
	[BUSY_RESERVED] = "reserved",
	[BUSY_UNMOVABLE] = "unmovable",
	[BUSY_KERNEL] = "kernel",
	[BUSY_CMA] = "cma",
	[BUSY_PINNED] = "pinned",
	[BUSY_GIGANTIC] = "gigantic",
	[BUSY_HUGETLB] = "hugetlb",
	[BUSY_NO_TARGET] = "no-target",
	[BUSY_FAULT] = "fault",
};

static const char *const reason_effects[NR_BUSY_REASONS] = {
	[BUSY_RESERVED] = "PageReserved: isolation fails, offline returns EBUSY",
	[BUSY_UNMOVABLE] = "unmovable kernel memory: isolation fails, offline returns EBUSY",
	[BUSY_KERNEL] = "the kernel's own allocations (slab, per-cpu data), made here when the zone got its "
			"first memory: isolation fails, offline returns EBUSY",
	[BUSY_CMA] = "MIGRATE_CMA pageblock: isolation fails, offline returns EBUSY",
	[BUSY_PINNED] = "long-term pinned: migration fails on every pass, offline retries until a signal (EINTR)",
	[BUSY_GIGANTIC] = "in-use gigantic page with no free gigantic page elsewhere: migration fails, "
			  "offline retries until a signal (EINTR)",
	[BUSY_HUGETLB] = "in-use huge page with no free huge page and no free 2 MiB elsewhere: migration fails, "
			 "offline retries until a signal (EINTR)",
	[BUSY_NO_TARGET] = "movable, but other memory cannot hold it: migration fails, offline retries until "
			   "a signal (EINTR)",
	[BUSY_FAULT] = "memhp fault point: its migration fails on every pass (as a short-term pin or endless "
		       "writeback would), offline retries until a signal (EINTR)",
};

static const char *const reason_fixes[NR_BUSY_REASONS] = {
	[BUSY_RESERVED] = "none until reboot (boot-time reservation)",
	[BUSY_UNMOVABLE] = "free the owner's memory",
	[BUSY_KERNEL] = "none until reboot; online memory movable (online_movable) to keep it unpluggable",
	[BUSY_CMA] = "none: CMA areas are never offlined",
	[BUSY_PINNED] = "unpin (end the RDMA/VFIO registration) or free the owner's memory",
	[BUSY_GIGANTIC] = "add a free gigantic page on another block or node, or free the owner's memory",
	[BUSY_HUGETLB] = "add a free huge page elsewhere, free memory elsewhere, or free the owner's memory",
	[BUSY_NO_TARGET] = "free memory elsewhere or online more memory",
	[BUSY_FAULT] = "@ fault clear",
};

static unsigned long min_ul(unsigned long a, unsigned long b) { return a < b ? a : b; }
static unsigned long max_ul(unsigned long a, unsigned long b) { return a > b ? a : b; }

const char *busy_reason_name(enum busy_reason r) { return reason_names[r]; }
const char *busy_reason_effect(enum busy_reason r) { return reason_effects[r]; }
const char *busy_reason_fix(enum busy_reason r) { return reason_fixes[r]; }


/* has_unmovable_pages() for MEMORY_OFFLINE: what isolation refuses. */
static bool extent_blocks_isolation(const struct page_extent *e, const struct zone *zone)
{
	enum page_kind k = e->owner->kind;

	if (k == PK_RESERVED)
		return true;
	if (zone->idx == ZONE_MOVABLE)
		return false;
	return k != PK_HUGETLB && k != PK_HUGETLB_FREE && !page_kind_movable(k);
}

unsigned long unmovable_pages_in(const struct mm_pages *mp, unsigned long start, unsigned long end)
{
	unsigned long n = 0;

	for (size_t i = extent_after(mp, start); i < mp->nr_used && mp->used[i].start_pfn < end; i++) {
		const struct page_extent *e = &mp->used[i];

		if (extent_blocks_isolation(e, e->zone))
			n += min_ul(e->start_pfn + e->nr_pages, end) - max_ul(e->start_pfn, start);
	}
	return n;
}

static enum busy_reason isolation_reason(const struct page_extent *e)
{
	if (e->owner->kind == PK_RESERVED)
		return BUSY_RESERVED;
	return e->owner->kind == PK_KERNEL ? BUSY_KERNEL : BUSY_UNMOVABLE;
}

static unsigned long first_cma_pfn(const struct mm_pages *mp, unsigned long start, unsigned long end)
{
	for (size_t i = 0; i < mp->nr_pbt && mp->pbt[i].start_pfn < end; i++)
		if (mp->pbt[i].mt == MIGRATE_CMA && mp->pbt[i].end_pfn > start)
			return max_ul(mp->pbt[i].start_pfn, start);
	return end;
}

int start_isolate_page_range(struct mm_pages *mp, const struct zone *zone, unsigned long start,
			     unsigned long end, struct busy_run *bad)
{
	unsigned long fail = first_cma_pfn(mp, start, end);

	*bad = (struct busy_run){ fail, pageblock_nr_pages, NULL, BUSY_CMA };
	for (size_t i = extent_after(mp, start); i < mp->nr_used && mp->used[i].start_pfn < fail; i++) {
		const struct page_extent *e = &mp->used[i];

		if (!extent_blocks_isolation(e, zone))
			continue;
		fail = max_ul(e->start_pfn, start);
		*bad = (struct busy_run){ fail, min_ul(e->start_pfn + e->nr_pages, end) - fail, e->owner,
					  isolation_reason(e) };
		break;
	}
	if (fail < end) {	/* pageblocks isolated so far go back as MIGRATE_MOVABLE */
		undo_isolate_page_range(mp, start, fail - fail % pageblock_nr_pages);
		return -EBUSY;
	}
	mp->isolate_start = start;
	mp->isolate_end = end;
	return 0;
}

void undo_isolate_page_range(struct mm_pages *mp, unsigned long start, unsigned long end)
{
	if (end > start)
		set_pageblock_migratetype_range(mp, start, end, MIGRATE_MOVABLE);
	mp->isolate_start = mp->isolate_end = 0;
}

static bool extent_migratable(const struct page_extent *e)
{
	return page_kind_movable(e->owner->kind);
}

bool scan_movable_pages(const struct mm_pages *mp, unsigned long start, unsigned long end, unsigned long *pfn)
{
	for (size_t i = extent_after(mp, start); i < mp->nr_used && mp->used[i].start_pfn < end; i++)
		if (extent_migratable(&mp->used[i])) {
			*pfn = max_ul(mp->used[i].start_pfn, start);
			return true;
		}
	return false;
}

/* next_node_in(): the N_MEMORY node after @nid, wrapping; @nid itself if it is the only one. */
static int next_memory_node(const struct mm_pages *mp, int nid)
{
	for (int k = 1; k <= mp->nr_node_ids; k++) {
		int n = (nid + k) % mp->nr_node_ids;

		if (mp->pgdat[n] && node_state(mp->nodes, n, N_MEMORY))
			return n;
	}
	return nid;
}

static struct page_owner *target_owner(struct mm_pages *mp)
{
	if (!mp->migration_target)
		mp->migration_target = page_owner_new(mp, "migration target", PK_ANON, NUMA_NO_NODE);
	return mp->migration_target;
}

static struct page_owner *migrated_owner(struct mm_pages *mp)
{
	if (!mp->migrated)
		mp->migrated = page_owner_new(mp, "migrated source", PK_ANON, NUMA_NO_NODE);
	return mp->migrated;
}

/*
 * Move order-0 extent @e (already cut to the range): as much as targets can be found for.
 * Moved source pages go to the "migrated source" owner; the caller frees them.
 */
static unsigned long migrate_base_pages(struct mm_pages *mp, struct page_extent e, unsigned int gfp,
					int nid, int avoid)
{
	struct page_owner *tmp = target_owner(mp), *dead = migrated_owner(mp);
	unsigned long moved = 0, n = e.nr_pages;

	while (moved < e.nr_pages && n) {
		unsigned long first = tmp->nr_index;

		if (alloc_pages_owner(mp, tmp, n, 0, gfp, nid, avoid)) {
			n = n == 1 ? 0 : (n + 1) / 2;	/* memory is short: try a smaller batch */
			continue;
		}
		retag_last_alloc(mp, tmp, first, e.owner, e.seed, e.index + moved);
		extent_give(mp, e.start_pfn + moved, n, dead);
		moved += n;
		n = min_ul(n, e.nr_pages - moved);
	}
	return moved;
}

/* A free pool page of @order outside the isolated range, not on @avoid (-1: any). */
static size_t find_free_huge_page(const struct mm_pages *mp, unsigned int order, int avoid)
{
	for (size_t i = 0; i < mp->nr_used; i++) {
		const struct page_extent *f = &mp->used[i];

		if (f->owner->kind != PK_HUGETLB_FREE || f->order != order || f->zone->nid == avoid)
			continue;
		if (f->start_pfn < mp->isolate_end && f->start_pfn + f->nr_pages > mp->isolate_start)
			continue;
		return i;
	}
	return mp->nr_used;
}

/* Only node with memory: the source node is allowed after all (6.1's nodemask rule). */
static int avoid_node(const struct mm_pages *mp, int src)
{
	return next_memory_node(mp, src) == src ? -1 : src;
}

/* alloc_hugetlb_folio_nodemask(): a free pool page, else (not gigantic) a fresh one. */
static unsigned long migrate_huge_page(struct mm_pages *mp, size_t idx)
{
	struct page_extent e = mp->used[idx];
	int avoid = avoid_node(mp, e.zone->nid);
	size_t f = find_free_huge_page(mp, e.order, avoid);

	if (f < mp->nr_used) {	/* swap: the pool page takes the content, the source joins the pool */
		struct page_extent *pool = &mp->used[f], *src = &mp->used[idx];
		struct page_owner *p = pool->owner;

		pool->owner = e.owner;
		pool->seed = e.seed;
		pool->index = e.index;
		src->owner = p;
		src->seed = p->seed;
		src->index = 0;
		return e.nr_pages;
	}
	if (e.order >= 18)	/* gigantic pages are never allocated fresh for migration */
		return 0;
	struct page_owner *tmp = target_owner(mp);
	unsigned long first = tmp->nr_index;

	if (alloc_pages_owner(mp, tmp, e.nr_pages, e.order, GFP_HIGHUSER_MOVABLE,
			      next_memory_node(mp, e.zone->nid), avoid))
		return 0;
	retag_last_alloc(mp, tmp, first, e.owner, e.seed, e.index);
	extent_give(mp, e.start_pfn, e.nr_pages, migrated_owner(mp));	/* temporary: back to the buddy */
	return e.nr_pages;
}

/* Migrate extent @idx (cut to the range); returns pages moved. Pinned pages never move. */
static unsigned long migrate_one(struct mm_pages *mp, size_t idx)
{
	const struct page_extent *e = &mp->used[idx];
	int src = e->zone->nid;

	if (e->owner->pinned)
		return 0;
	if (e->order)
		return migrate_huge_page(mp, idx);
	return migrate_base_pages(mp, *e, GFP_USER | __GFP_MOVABLE, next_memory_node(mp, src),
				  avoid_node(mp, src));
}

unsigned long do_migrate_range(struct mm_pages *mp, unsigned long start, unsigned long end,
			       unsigned long *failed, unsigned long *first_failed_pfn)
{
	unsigned long moved = 0, pfn = start;

	*failed = 0;
	*first_failed_pfn = end;
	while (pfn < end) {
		size_t i = extent_after(mp, pfn);

		while (i < mp->nr_used && mp->used[i].start_pfn < end && !extent_migratable(&mp->used[i]))
			i++;
		if (i >= mp->nr_used || mp->used[i].start_pfn >= end)
			break;
		i = extent_isolate(mp, i, start, end);
		unsigned long s = mp->used[i].start_pfn, n = mp->used[i].nr_pages;
		unsigned long f = mp->migrate_fault_pfn;

		if (mp->migrate_fault && f >= s && f < s + n && !mp->used[i].order) {
			if (f == s) {		/* the faulted page: migration fails, it stays */
				extent_isolate(mp, i, f, f + 1);
				*failed += 1;
				*first_failed_pfn = min_ul(*first_failed_pfn, f);
				pfn = f + 1;
				continue;
			}
			i = extent_isolate(mp, i, s, f);	/* the pages before it move */
			n = f - s;
		}
		unsigned long got = migrate_one(mp, i);

		moved += got;
		if (got < n) {
			*failed += n - got;
			*first_failed_pfn = min_ul(*first_failed_pfn, s + got);
		}
		pfn = s + n;
	}
	if (mp->migrated)
		free_owner_pages_in(mp, mp->migrated, start, end);
	mp->nr_migrated += moved;
	mp->nr_migrate_failed += *failed;
	return moved;
}

int dissolve_free_huge_pages(struct mm_pages *mp, unsigned long start, unsigned long end)
{
	for (size_t i = extent_after(mp, start); i < mp->nr_used && mp->used[i].start_pfn < end;) {
		if (mp->used[i].owner->kind == PK_HUGETLB_FREE)
			free_extent(mp, i);
		else
			i++;
	}
	return 0;
}

bool test_pages_isolated(const struct mm_pages *mp, unsigned long start, unsigned long end)
{
	size_t i = extent_after(mp, start);

	return i >= mp->nr_used || mp->used[i].start_pfn >= end;
}

/* ---- why-busy: the same rules, read only ---- */

struct blockers {
	struct busy_run *runs;
	size_t nr, cap;
};

static void add_run(struct blockers *b, unsigned long s, unsigned long n, const struct page_owner *o,
		    enum busy_reason r)
{
	if (b->nr == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 16;
		b->runs = realloc(b->runs, sizeof(*b->runs) * b->cap);
		if (!b->runs)
			abort();
	}
	b->runs[b->nr++] = (struct busy_run){ s, n, o, r };
}

/* Free pages a movable migration could use outside [start, end), above the min marks. */
static unsigned long migration_capacity(const struct mm_pages *mp, int avoid, unsigned long start,
					unsigned long end)
{
	unsigned long cap = 0;

	for (int nid = 0; nid < mp->nr_node_ids; nid++) {
		if (nid == avoid || !mp->pgdat[nid] || !node_state(mp->nodes, nid, N_MEMORY))
			continue;
		for (int zi = 0; zi <= ZONE_MOVABLE; zi++) {
			const struct zone *z = &mp->pgdat[nid]->node_zones[zi];
			unsigned long in = zone_free_pages_in(z, start, end);
			unsigned long mark = z->_watermark[WMARK_MIN] + in;

			cap += z->nr_free > mark ? z->nr_free - mark : 0;
		}
	}
	return cap;
}

/* A free, 2 MiB aligned run outside [start, end) in a zone movable allocations may use. */
static bool buddy_has_huge_room(const struct mm_pages *mp, int avoid, unsigned long start, unsigned long end)
{
	for (int nid = 0; nid < mp->nr_node_ids; nid++) {
		if (nid == avoid || !mp->pgdat[nid] || !node_state(mp->nodes, nid, N_MEMORY))
			continue;
		for (int zi = 0; zi <= ZONE_MOVABLE; zi++) {
			const struct zone *z = &mp->pgdat[nid]->node_zones[zi];

			if (z->nr_free < z->_watermark[WMARK_MIN] + 512)
				continue;
			for (size_t i = 0; i < z->nr_free_runs; i++) {
				unsigned long s = z->free_area[i].start_pfn, e = s + z->free_area[i].nr_pages;
				unsigned long a = (s + 511) / 512 * 512;

				if (a + 512 <= e && (a + 512 <= start || a >= end))
					return true;
				if (e >= end + 512 && (end + 511) / 512 * 512 + 512 <= e)
					return true;
			}
		}
	}
	return false;
}

static unsigned long spare_huge_pages(const struct mm_pages *mp, unsigned int order, int avoid,
				      unsigned long start, unsigned long end)
{
	unsigned long n = 0;

	for (size_t i = 0; i < mp->nr_used; i++) {
		const struct page_extent *f = &mp->used[i];

		if (f->owner->kind == PK_HUGETLB_FREE && f->order == order && f->zone->nid != avoid &&
		    (f->start_pfn >= end || f->start_pfn + f->nr_pages <= start))
			n++;
	}
	return n;
}

static void classify_huge(const struct mm_pages *mp, const struct page_extent *e, unsigned long *spares,
			  unsigned long start, unsigned long end, struct blockers *b)
{
	int avoid = avoid_node(mp, e->zone->nid);
	unsigned long *spare = &spares[e->order >= 18];

	if (*spare) {
		(*spare)--;
		return;
	}
	unsigned long s = max_ul(e->start_pfn, start), n = min_ul(e->start_pfn + e->nr_pages, end) - s;

	if (e->order >= 18)
		add_run(b, s, n, e->owner, BUSY_GIGANTIC);
	else if (!buddy_has_huge_room(mp, avoid, start, end))
		add_run(b, s, n, e->owner, BUSY_HUGETLB);
}

static int cmp_run(const void *a, const void *b)
{
	const struct busy_run *x = a, *y = b;

	return x->start_pfn < y->start_pfn ? -1 : x->start_pfn > y->start_pfn;
}

unsigned long offline_blockers(struct mm_pages *mp, const struct zone *zone, unsigned long start,
			       unsigned long end, void (*fn)(const struct busy_run *run, void *arg), void *arg)
{
	struct blockers b = { 0 };
	int avoid = avoid_node(mp, zone->nid);
	unsigned long spares[2] = { spare_huge_pages(mp, 9, avoid, start, end),
				    spare_huge_pages(mp, 18, avoid, start, end) };
	unsigned long need = 0, cap = migration_capacity(mp, avoid, start, end);

	for (size_t i = 0; i < mp->nr_pbt && mp->pbt[i].start_pfn < end; i++)
		if (mp->pbt[i].mt == MIGRATE_CMA && mp->pbt[i].end_pfn > start) {
			unsigned long s = max_ul(mp->pbt[i].start_pfn, start);

			add_run(&b, s, min_ul(mp->pbt[i].end_pfn, end) - s, NULL, BUSY_CMA);
		}
	for (size_t i = extent_after(mp, start); i < mp->nr_used && mp->used[i].start_pfn < end; i++) {
		const struct page_extent *e = &mp->used[i];
		unsigned long s = max_ul(e->start_pfn, start), n = min_ul(e->start_pfn + e->nr_pages, end) - s;

		if (extent_blocks_isolation(e, zone))
			add_run(&b, s, n, e->owner, isolation_reason(e));
		else if (!extent_migratable(e))
			continue;
		else if (e->owner->pinned)
			add_run(&b, s, n, e->owner, BUSY_PINNED);
		else if (e->order)
			classify_huge(mp, e, spares, start, end, &b);
		else if (mp->migrate_fault && mp->migrate_fault_pfn >= s && mp->migrate_fault_pfn < s + n) {
			add_run(&b, mp->migrate_fault_pfn, 1, e->owner, BUSY_FAULT);
			need += n - 1;
		} else
			need += n;
	}
	if (need > cap) {	/* not all movable pages can find a target: name them all */
		for (size_t i = extent_after(mp, start); i < mp->nr_used && mp->used[i].start_pfn < end; i++) {
			const struct page_extent *e = &mp->used[i];
			unsigned long s = max_ul(e->start_pfn, start);

			if (!e->order && extent_migratable(e) && !e->owner->pinned && !extent_blocks_isolation(e, zone))
				add_run(&b, s, min_ul(e->start_pfn + e->nr_pages, end) - s, e->owner, BUSY_NO_TARGET);
		}
	}
	if (b.nr)
		qsort(b.runs, b.nr, sizeof(*b.runs), cmp_run);
	size_t n = 0;

	for (size_t i = 0; i < b.nr; i++) {	/* one run per owner and reason where they touch */
		struct busy_run *last = n ? &b.runs[n - 1] : NULL;

		if (last && last->owner == b.runs[i].owner && last->reason == b.runs[i].reason &&
		    last->start_pfn + last->nr_pages == b.runs[i].start_pfn)
			last->nr_pages += b.runs[i].nr_pages;
		else
			b.runs[n++] = b.runs[i];
	}
	b.nr = n;
	for (size_t i = 0; i < b.nr; i++)
		fn(&b.runs[i], arg);
	free(b.runs);
	return b.nr;
}

/* check_and_migrate_movable_pages(): pages in ZONE_MOVABLE or CMA must move before a long-term pin. */
static bool unpinnable(const struct mm_pages *mp, const struct page_extent *e)
{
	return e->zone->idx == ZONE_MOVABLE || range_has_cma(mp, e->start_pfn, e->start_pfn + e->nr_pages);
}

int migrate_longterm_unpinnable_pages(struct mm_pages *mp, struct page_owner *o)
{
	for (;;) {
		size_t i = 0;

		while (i < mp->nr_used && (mp->used[i].owner != o || !unpinnable(mp, &mp->used[i])))
			i++;
		if (i == mp->nr_used)
			return 0;
		struct page_extent e = mp->used[i];

		unsigned long moved = e.order ? 0 : migrate_base_pages(mp, e, GFP_USER, e.zone->nid, -1);

		if (mp->migrated)
			free_owner_pages(mp, mp->migrated);
		if (moved < e.nr_pages)
			return -ENOMEM;
	}
}
