/* SPDX-License-Identifier: MIT */
/*
 * mm/page_alloc.c — zones' free runs, extents in use, pageblock migratetypes, the
 * zonelist walk with watermarks, and min_free_kbytes (see page_alloc.h). Placement is
 * deterministic: lowest pfn first inside the preferred pageblocks of the migratetype,
 * then the kernel's fallback order, stealing whole free pageblocks before partial ones.
 */
#include "page_alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define GROW(ptr, nr, cap)								\
	do {										\
		if ((nr) == (cap)) {							\
			(cap) = (cap) ? 2 * (cap) : 16;					\
			(ptr) = realloc((ptr), sizeof(*(ptr)) * (cap));			\
			if (!(ptr))							\
				abort();						\
		}									\
	} while (0)

static unsigned long min_ul(unsigned long a, unsigned long b) { return a < b ? a : b; }
static unsigned long max_ul(unsigned long a, unsigned long b) { return a > b ? a : b; }

void mm_pages_init(struct mm_pages *mp, struct pglist_data **pgdat, int nr_node_ids,
		   const struct node_masks *nodes)
{
	memset(mp, 0, sizeof(*mp));
	mp->pgdat = pgdat;
	mp->nr_node_ids = nr_node_ids;
	mp->nodes = nodes;
}

void mm_pages_release(struct mm_pages *mp)
{
	for (int nid = 0; nid < mp->nr_node_ids; nid++) {
		if (!mp->pgdat || !mp->pgdat[nid])
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &mp->pgdat[nid]->node_zones[z];

			free(zone->free_area);
			zone->free_area = NULL;
			zone->nr_free_runs = zone->cap_free_runs = 0;
		}
	}
	while (mp->owners) {
		struct page_owner *o = mp->owners;

		mp->owners = o->next;
		free(o->name);
		free(o);
	}
	free(mp->used);
	free(mp->pbt);
	free(mp->last);
	mp->last = NULL;
	mp->nr_last = mp->cap_last = 0;
	mp->used = NULL;
	mp->pbt = NULL;
	mp->nr_used = mp->cap_used = mp->nr_pbt = mp->cap_pbt = 0;
}

/* ---- owners and content ---- */

static const char *const kind_names[NR_PAGE_KINDS] = {
	[PK_RESERVED] = "reserved", [PK_KERNEL] = "kernel", [PK_ANON] = "anon",
	[PK_PAGECACHE] = "pagecache", [PK_SLAB] = "slab", [PK_PAGETABLE] = "pagetable",
	[PK_RECLAIMABLE] = "reclaimable", [PK_HUGETLB] = "hugetlb",
	[PK_HUGETLB_FREE] = "hugetlb-free", [PK_BALLOON] = "balloon",
};

const char *page_kind_name(enum page_kind kind)
{
	return kind_names[kind];
}

int page_kind_parse(const char *word)
{
	for (int k = 0; k < NR_PAGE_KINDS; k++)
		if (!strcmp(word, kind_names[k]))
			return k;
	return -1;
}

bool page_kind_movable(enum page_kind kind)
{
	return kind == PK_ANON || kind == PK_PAGECACHE || kind == PK_BALLOON || kind == PK_HUGETLB;
}

unsigned int page_kind_gfp(enum page_kind kind)
{
	switch (kind) {
	case PK_ANON:
	case PK_PAGECACHE:
	case PK_BALLOON:
		return GFP_HIGHUSER_MOVABLE;
	case PK_RECLAIMABLE:
		return GFP_KERNEL | __GFP_RECLAIMABLE;
	default:
		return GFP_KERNEL;
	}
}

/* splitmix64 of seed and index: what page @index of a content seed holds */
uint64_t page_token(uint64_t seed, unsigned long index)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15ULL * ((uint64_t)index + 1);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t name_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

struct page_owner *page_owner_find(struct mm_pages *mp, const char *name)
{
	for (struct page_owner *o = mp->owners; o; o = o->next)
		if (!strcmp(o->name, name))
			return o;
	return NULL;
}

struct page_owner *page_owner_new(struct mm_pages *mp, const char *name, enum page_kind kind, int nid)
{
	struct page_owner *o = calloc(1, sizeof(*o));

	if (!o || !(o->name = strdup(name)))
		abort();
	o->kind = kind;
	o->nid = nid;
	o->seed = page_token(name_hash(name), (unsigned long)++mp->generation);
	struct page_owner **p = &mp->owners;

	while (*p)	/* creation order: reports list owners as they came */
		p = &(*p)->next;
	*p = o;
	return o;
}

void page_owner_del(struct mm_pages *mp, struct page_owner *o)
{
	for (struct page_owner **p = &mp->owners; *p; p = &(*p)->next)
		if (*p == o) {
			*p = o->next;
			free(o->name);
			free(o);
			return;
		}
}

/* ---- free runs of a zone ---- */

/* Index of the first run ending after @pfn. */
static size_t run_after(const struct zone *z, unsigned long pfn)
{
	size_t lo = 0, hi = z->nr_free_runs;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct pfn_run *r = &z->free_area[mid];

		if (r->start_pfn + r->nr_pages <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void zone_add_free_run(struct zone *z, unsigned long start, unsigned long nr)
{
	if (!nr)
		return;
	size_t i = run_after(z, start > 0 ? start - 1 : 0);
	struct pfn_run *r = z->free_area;

	z->nr_free += nr;
	if (i < z->nr_free_runs && r[i].start_pfn + r[i].nr_pages == start) {
		r[i].nr_pages += nr;	/* extends run i; maybe joins run i+1 */
		if (i + 1 < z->nr_free_runs && r[i + 1].start_pfn == start + nr) {
			r[i].nr_pages += r[i + 1].nr_pages;
			memmove(&r[i + 1], &r[i + 2], sizeof(*r) * (z->nr_free_runs - i - 2));
			z->nr_free_runs--;
		}
		return;
	}
	if (i < z->nr_free_runs && r[i].start_pfn == start + nr) {
		r[i].start_pfn = start;
		r[i].nr_pages += nr;
		return;
	}
	GROW(z->free_area, z->nr_free_runs, z->cap_free_runs);
	r = z->free_area;
	memmove(&r[i + 1], &r[i], sizeof(*r) * (z->nr_free_runs - i));
	r[i] = (struct pfn_run){ start, nr };
	z->nr_free_runs++;
}

/* Remove free pages of @z in [start, end) (any number of runs, partly or wholly). */
static unsigned long zone_remove_free(struct zone *z, unsigned long start, unsigned long end)
{
	size_t i = run_after(z, start);
	unsigned long removed = 0;

	while (i < z->nr_free_runs && z->free_area[i].start_pfn < end) {
		struct pfn_run *r = &z->free_area[i];
		unsigned long rs = r->start_pfn, re = rs + r->nr_pages;
		unsigned long cs = max_ul(rs, start), ce = min_ul(re, end);

		removed += ce - cs;
		if (cs > rs && ce < re) {	/* split in two */
			GROW(z->free_area, z->nr_free_runs, z->cap_free_runs);
			r = &z->free_area[i];
			memmove(r + 1, r, sizeof(*r) * (z->nr_free_runs - i));
			z->nr_free_runs++;
			r[0].nr_pages = cs - rs;
			r[1] = (struct pfn_run){ ce, re - ce };
			break;
		}
		if (cs > rs) {
			r->nr_pages = cs - rs;
			i++;
		} else if (ce < re) {
			r->start_pfn = ce;
			r->nr_pages = re - ce;
			break;
		} else {
			memmove(r, r + 1, sizeof(*r) * (z->nr_free_runs - i - 1));
			z->nr_free_runs--;
		}
	}
	z->nr_free -= removed;
	return removed;
}

unsigned long zone_free_pages_in(const struct zone *z, unsigned long start, unsigned long end)
{
	unsigned long n = 0;

	for (size_t i = run_after(z, start); i < z->nr_free_runs && z->free_area[i].start_pfn < end; i++) {
		const struct pfn_run *r = &z->free_area[i];

		n += min_ul(r->start_pfn + r->nr_pages, end) - max_ul(r->start_pfn, start);
	}
	return n;
}

/* ---- extents in use ---- */

size_t extent_after(const struct mm_pages *mp, unsigned long pfn)
{
	size_t lo = 0, hi = mp->nr_used;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct page_extent *e = &mp->used[mid];

		if (e->start_pfn + e->nr_pages <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool extents_join(const struct page_extent *a, const struct page_extent *b)
{
	return a->start_pfn + a->nr_pages == b->start_pfn && a->owner == b->owner && a->zone == b->zone &&
	       a->seed == b->seed && a->index + a->nr_pages == b->index && !a->order && !b->order;
}

size_t extent_insert(struct mm_pages *mp, const struct page_extent *e)
{
	size_t i = extent_after(mp, e->start_pfn);

	if (i > 0 && extents_join(&mp->used[i - 1], e)) {
		mp->used[i - 1].nr_pages += e->nr_pages;
		if (i < mp->nr_used && extents_join(&mp->used[i - 1], &mp->used[i])) {
			mp->used[i - 1].nr_pages += mp->used[i].nr_pages;
			extent_remove(mp, i);
		}
		return i - 1;
	}
	if (i < mp->nr_used && extents_join(e, &mp->used[i])) {
		mp->used[i].start_pfn = e->start_pfn;
		mp->used[i].index = e->index;
		mp->used[i].nr_pages += e->nr_pages;
		return i;
	}
	GROW(mp->used, mp->nr_used, mp->cap_used);
	memmove(&mp->used[i + 1], &mp->used[i], sizeof(*mp->used) * (mp->nr_used - i));
	mp->used[i] = *e;
	mp->nr_used++;
	return i;
}

void extent_remove(struct mm_pages *mp, size_t idx)
{
	memmove(&mp->used[idx], &mp->used[idx + 1], sizeof(*mp->used) * (mp->nr_used - idx - 1));
	mp->nr_used--;
}

static void account_alloc(struct page_extent *e, long sign)
{
	if (e->owner->kind != PK_RESERVED)
		e->zone->nr_alloc += (unsigned long)(sign * (long)e->nr_pages);
	e->owner->nr_pages += (unsigned long)(sign * (long)e->nr_pages);
}

int mm_add_reserved(struct mm_pages *mp, struct zone *z, unsigned long start, unsigned long nr)
{
	struct page_owner *o = page_owner_find(mp, "memblock");

	if (!nr)
		return 0;
	if (!o)
		o = page_owner_new(mp, "memblock", PK_RESERVED, NUMA_NO_NODE);
	struct page_extent e = { start, nr, o, z, o->seed, start, 0 };

	account_alloc(&e, 1);
	extent_insert(mp, &e);
	return 0;
}

int alloc_range_owner(struct mm_pages *mp, struct zone *z, struct page_owner *o, unsigned long start,
		      unsigned long nr, unsigned int order, uint64_t seed, unsigned long index)
{
	if (zone_free_pages_in(z, start, start + nr) != nr)
		return -EBUSY;
	zone_remove_free(z, start, start + nr);
	struct page_extent e = { start, nr, o, z, seed, index, order };

	account_alloc(&e, 1);
	extent_insert(mp, &e);
	return 0;
}

void free_extent(struct mm_pages *mp, size_t idx)
{
	struct page_extent e = mp->used[idx];

	account_alloc(&e, -1);
	extent_remove(mp, idx);
	if (e.owner->kind != PK_RESERVED)
		zone_add_free_run(e.zone, e.start_pfn, e.nr_pages);
}

void extent_trim(struct mm_pages *mp, size_t idx, unsigned long keep)
{
	struct page_extent *e = &mp->used[idx];
	struct page_extent tail = *e;

	tail.start_pfn += keep;
	tail.nr_pages -= keep;
	tail.index += keep;
	e->nr_pages = keep;
	account_alloc(&tail, -1);
	if (tail.owner->kind != PK_RESERVED)
		zone_add_free_run(tail.zone, tail.start_pfn, tail.nr_pages);
}

void free_owner_pages(struct mm_pages *mp, struct page_owner *o)
{
	size_t j = 0;

	for (size_t i = 0; i < mp->nr_used; i++) {
		struct page_extent e = mp->used[i];

		if (e.owner != o) {
			mp->used[j++] = e;
			continue;
		}
		account_alloc(&e, -1);
		if (o->kind != PK_RESERVED)
			zone_add_free_run(e.zone, e.start_pfn, e.nr_pages);
	}
	mp->nr_used = j;
}

/* ---- pageblock migratetypes ---- */

enum migratetype get_pageblock_migratetype(const struct mm_pages *mp, unsigned long pfn)
{
	size_t lo = 0, hi = mp->nr_pbt;

	if (pfn >= mp->isolate_start && pfn < mp->isolate_end)
		return MIGRATE_ISOLATE;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (mp->pbt[mid].end_pfn <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < mp->nr_pbt && mp->pbt[lo].start_pfn <= pfn)
		return mp->pbt[lo].mt;
	return MIGRATE_MOVABLE;
}

static void pbt_insert(struct mm_pages *mp, size_t i, struct pb_range r)
{
	GROW(mp->pbt, mp->nr_pbt, mp->cap_pbt);
	memmove(&mp->pbt[i + 1], &mp->pbt[i], sizeof(*mp->pbt) * (mp->nr_pbt - i));
	mp->pbt[i] = r;
	mp->nr_pbt++;
}

void set_pageblock_migratetype_range(struct mm_pages *mp, unsigned long start, unsigned long end,
				     enum migratetype mt)
{
	size_t i = 0;

	start -= start % pageblock_nr_pages;
	end += (pageblock_nr_pages - end % pageblock_nr_pages) % pageblock_nr_pages;
	while (i < mp->nr_pbt && mp->pbt[i].end_pfn <= start)
		i++;
	while (i < mp->nr_pbt && mp->pbt[i].start_pfn < end) {	/* cut [start, end) out */
		struct pb_range *r = &mp->pbt[i];

		if (r->start_pfn < start && r->end_pfn > end) {
			struct pb_range tail = { end, r->end_pfn, r->mt };

			r->end_pfn = start;
			pbt_insert(mp, i + 1, tail);
			i++;
			break;
		}
		if (r->start_pfn < start) {
			r->end_pfn = start;
			i++;
		} else if (r->end_pfn > end) {
			r->start_pfn = end;
			break;
		} else {
			memmove(r, r + 1, sizeof(*r) * (mp->nr_pbt - i - 1));
			mp->nr_pbt--;
		}
	}
	if (mt == MIGRATE_MOVABLE || mt == MIGRATE_ISOLATE)
		return;
	if (i > 0 && mp->pbt[i - 1].end_pfn == start && mp->pbt[i - 1].mt == mt) {
		mp->pbt[i - 1].end_pfn = end;
		if (i < mp->nr_pbt && mp->pbt[i].start_pfn == end && mp->pbt[i].mt == mt) {
			mp->pbt[i - 1].end_pfn = mp->pbt[i].end_pfn;
			memmove(&mp->pbt[i], &mp->pbt[i + 1], sizeof(*mp->pbt) * (mp->nr_pbt - i - 1));
			mp->nr_pbt--;
		}
		return;
	}
	if (i < mp->nr_pbt && mp->pbt[i].start_pfn == end && mp->pbt[i].mt == mt) {
		mp->pbt[i].start_pfn = start;
		return;
	}
	pbt_insert(mp, i, (struct pb_range){ start, end, mt });
}

bool range_has_cma(const struct mm_pages *mp, unsigned long start, unsigned long end)
{
	for (size_t i = 0; i < mp->nr_pbt && mp->pbt[i].start_pfn < end; i++)
		if (mp->pbt[i].mt == MIGRATE_CMA && mp->pbt[i].end_pfn > start)
			return true;
	return false;
}

void generic_online_page(struct mm_pages *mp, struct zone *z, unsigned long start, unsigned long nr)
{
	set_pageblock_migratetype_range(mp, start, start + nr, MIGRATE_MOVABLE);
	zone_add_free_run(z, start, nr);
}

void offline_isolated_pages(struct mm_pages *mp, struct zone *z, unsigned long start, unsigned long end)
{
	zone_remove_free(z, start, end);
	set_pageblock_migratetype_range(mp, start, end, MIGRATE_MOVABLE);
}

/* Split extent @idx so that one starts at @pfn (inside it); returns the index of that one. */
static size_t extent_split(struct mm_pages *mp, size_t idx, unsigned long pfn)
{
	struct page_extent tail = mp->used[idx];
	unsigned long off = pfn - tail.start_pfn;

	if (!off)
		return idx;
	mp->used[idx].nr_pages = off;
	tail.start_pfn = pfn;
	tail.nr_pages -= off;
	tail.index += off;
	GROW(mp->used, mp->nr_used, mp->cap_used);
	memmove(&mp->used[idx + 2], &mp->used[idx + 1], sizeof(*mp->used) * (mp->nr_used - idx - 1));
	mp->used[idx + 1] = tail;
	mp->nr_used++;
	return idx + 1;
}

size_t extent_isolate(struct mm_pages *mp, size_t idx, unsigned long start, unsigned long end)
{
	const struct page_extent *e = &mp->used[idx];

	if (e->order)
		return idx;
	if (e->start_pfn < start)
		idx = extent_split(mp, idx, start);
	e = &mp->used[idx];
	if (e->start_pfn + e->nr_pages > end)
		extent_split(mp, idx, end);
	return idx;
}

void release_pfn_range(struct mm_pages *mp, unsigned long start, unsigned long nr)
{
	unsigned long end = start + nr;

	for (size_t i = extent_after(mp, start); i < mp->nr_used && mp->used[i].start_pfn < end;) {
		i = extent_isolate(mp, i, start, end);
		free_extent(mp, i);
	}
}

void extents_retag(struct mm_pages *mp, struct page_owner *from, unsigned long from_index,
		   struct page_owner *to, uint64_t seed, unsigned long to_index)
{
	struct page_extent *moved = NULL;
	size_t n = 0, cap = 0, j = 0;

	for (size_t i = 0; i < mp->nr_used; i++) {
		struct page_extent e = mp->used[i];

		if (e.owner != from || e.index < from_index) {
			mp->used[j++] = e;
			continue;
		}
		GROW(moved, n, cap);
		e.owner = to;
		e.seed = seed;
		e.index = to_index + (e.index - from_index);
		from->nr_pages -= e.nr_pages;
		to->nr_pages += e.nr_pages;
		moved[n++] = e;
	}
	mp->nr_used = j;
	for (size_t i = 0; i < n; i++)
		extent_insert(mp, &moved[i]);
	free(moved);
}

void retag_last_alloc(struct mm_pages *mp, struct page_owner *from, unsigned long from_index,
		      struct page_owner *to, uint64_t seed, unsigned long to_index)
{
	for (size_t r = 0; r < mp->nr_last; r++) {
		unsigned long s = mp->last[r].start_pfn, end = s + mp->last[r].nr_pages;

		for (size_t i = extent_after(mp, s); i < mp->nr_used && mp->used[i].start_pfn < end; i++) {
			struct page_extent *e = &mp->used[i];

			if (e->owner != from || e->index < from_index)
				continue;
			from->nr_pages -= e->nr_pages;
			to->nr_pages += e->nr_pages;
			e->owner = to;
			e->seed = seed;
			e->index = to_index + (e->index - from_index);
		}
	}
}

void extent_give(struct mm_pages *mp, unsigned long start, unsigned long nr, struct page_owner *to)
{
	size_t i = extent_isolate(mp, extent_after(mp, start), start, start + nr);
	struct page_extent *e = &mp->used[i];

	e->owner->nr_pages -= e->nr_pages;
	to->nr_pages += e->nr_pages;
	e->owner = to;
}

void free_owner_pages_in(struct mm_pages *mp, struct page_owner *o, unsigned long start, unsigned long end)
{
	size_t first = extent_after(mp, start), j = first, i = first;

	for (; i < mp->nr_used && mp->used[i].start_pfn < end; i++) {
		struct page_extent e = mp->used[i];

		if (e.owner != o) {
			mp->used[j++] = e;
			continue;
		}
		account_alloc(&e, -1);
		zone_add_free_run(e.zone, e.start_pfn, e.nr_pages);
	}
	memmove(&mp->used[j], &mp->used[i], sizeof(*mp->used) * (mp->nr_used - i));
	mp->nr_used -= i - j;
}

/* Greedy buddy split of [s, e): the largest aligned block at each step, up to order 10. */
static void count_buddies(unsigned long s, unsigned long e, unsigned long nr_free[MAX_ORDER])
{
	const unsigned long top = 1UL << (MAX_ORDER - 1);
	unsigned long mid_s = (s + top - 1) / top * top, mid_e = e / top * top;

	if (mid_s < mid_e) {	/* the aligned middle in one step: O(1) for any size */
		nr_free[MAX_ORDER - 1] += (mid_e - mid_s) / top;
		count_buddies(s, mid_s, nr_free);
		count_buddies(mid_e, e, nr_free);
		return;
	}
	while (s < e) {
		int order = MAX_ORDER - 1;

		while (order && ((s & ((1UL << order) - 1)) || s + (1UL << order) > e))
			order--;
		nr_free[order]++;
		s += 1UL << order;
	}
}

void zone_free_area_counts(const struct zone *z, unsigned long nr_free[MAX_ORDER])
{
	memset(nr_free, 0, sizeof(unsigned long) * MAX_ORDER);
	for (size_t i = 0; i < z->nr_free_runs; i++)
		count_buddies(z->free_area[i].start_pfn, z->free_area[i].start_pfn + z->free_area[i].nr_pages,
			      nr_free);
}
