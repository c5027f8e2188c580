/* SPDX-License-Identifier: MIT */
/*
 * mm/zonelist.c — get_page_from_freelist as ranges: the zonelist (preferred node, zones
 * from the highest the gfp allows down, then the other nodes), watermarks (first low, then
 * min), the migratetype fallback order, and min_free_kbytes/watermarks. Also the
 * allocator's invariant checker. Declarations in page_alloc.h.
 */
#include "page_alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long min_ul(unsigned long a, unsigned long b) { return a < b ? a : b; }
static unsigned long max_ul(unsigned long a, unsigned long b) { return a > b ? a : b; }

static enum migratetype gfp_migratetype(unsigned int gfp)
{
	if (gfp & __GFP_MOVABLE)
		return MIGRATE_MOVABLE;
	return gfp & __GFP_RECLAIMABLE ? MIGRATE_RECLAIMABLE : MIGRATE_UNMOVABLE;
}

/* One step of the fallback order: take from pageblocks of @mt (whole ones only if asked). */
struct fallback {
	enum migratetype mt;
	bool whole;		/* only wholly free pageblocks (steal a block) */
	bool convert;		/* the pageblock becomes the allocation's migratetype */
};

/* Compound pages (order > 0): any free aligned range, no stealing; CMA only when movable. */
static const struct fallback contig_fallbacks[2][5] = {
	{ { MIGRATE_MOVABLE }, { MIGRATE_RECLAIMABLE }, { MIGRATE_UNMOVABLE }, { MIGRATE_TYPES } },
	{ { MIGRATE_MOVABLE }, { MIGRATE_CMA }, { MIGRATE_RECLAIMABLE }, { MIGRATE_UNMOVABLE }, { MIGRATE_TYPES } },
};

static const struct fallback fallbacks[MIGRATE_TYPES][5] = {
	[MIGRATE_UNMOVABLE] = { { MIGRATE_UNMOVABLE, false, false }, { MIGRATE_MOVABLE, true, true },
				{ MIGRATE_RECLAIMABLE, false, false }, { MIGRATE_MOVABLE, false, true },
				{ MIGRATE_TYPES } },
	[MIGRATE_RECLAIMABLE] = { { MIGRATE_RECLAIMABLE, false, false }, { MIGRATE_MOVABLE, true, true },
				  { MIGRATE_UNMOVABLE, false, false }, { MIGRATE_MOVABLE, false, true },
				  { MIGRATE_TYPES } },
	[MIGRATE_MOVABLE] = { { MIGRATE_MOVABLE, false, false }, { MIGRATE_CMA, false, false },
			      { MIGRATE_RECLAIMABLE, false, false }, { MIGRATE_UNMOVABLE, false, false },
			      { MIGRATE_TYPES } },
};

/* End of the range from @pfn (< @end) whose pageblocks share one migratetype, and that type. */
static unsigned long mt_range_end(const struct mm_pages *mp, unsigned long pfn, unsigned long end,
				  enum migratetype *mt)
{
	unsigned long next = end;

	*mt = get_pageblock_migratetype(mp, pfn);
	if (*mt == MIGRATE_ISOLATE)
		return min_ul(end, mp->isolate_end);
	if (mp->isolate_end > pfn && mp->isolate_start < next)
		next = max_ul(mp->isolate_start, pfn + 1);
	for (size_t i = 0; i < mp->nr_pbt; i++) {
		const struct pb_range *r = &mp->pbt[i];

		if (r->end_pfn <= pfn)
			continue;
		next = min_ul(next, r->start_pfn > pfn ? r->start_pfn : r->end_pfn);
		break;
	}
	return next;
}

/* The first candidate in [s, e) for units of 1 << @order: 0 and *@start, *@len if found. */
static int first_in_range(unsigned long s, unsigned long e, unsigned int order, bool whole,
			  unsigned long *start, unsigned long *len)
{
	unsigned long unit = 1UL << order;

	if (whole) {
		s = (s + pageblock_nr_pages - 1) / pageblock_nr_pages * pageblock_nr_pages;
		e -= e % pageblock_nr_pages;
	}
	s = (s + unit - 1) / unit * unit;
	if (e <= s || (e - s) < unit)
		return -1;
	*start = s;
	*len = (e - s) / unit * unit;
	return 0;
}

/* Lowest free candidate of @z in pageblocks of @fb->mt. */
static int find_candidate(const struct mm_pages *mp, const struct zone *z, const struct fallback *fb,
			  unsigned int order, unsigned long *start, unsigned long *len)
{
	for (size_t i = 0; i < z->nr_free_runs; i++) {
		unsigned long s = z->free_area[i].start_pfn, e = s + z->free_area[i].nr_pages;

		while (s < e) {
			enum migratetype got;
			unsigned long re = mt_range_end(mp, s, e, &got);

			if (got == fb->mt && !first_in_range(s, re, order, fb->whole, start, len))
				return 0;
			s = re;
		}
	}
	return -1;
}

struct alloc_ctx {
	struct mm_pages *mp;
	struct page_owner *o;
	unsigned int order;
	enum migratetype mt;
	unsigned long got;		/* pages allocated so far */
};

static void record_run(struct mm_pages *mp, unsigned long start, unsigned long nr)
{
	if (mp->nr_last == mp->cap_last) {
		mp->cap_last = mp->cap_last ? 2 * mp->cap_last : 16;
		mp->last = realloc(mp->last, sizeof(*mp->last) * mp->cap_last);
		if (!mp->last)
			abort();
	}
	mp->last[mp->nr_last++] = (struct pfn_run){ start, nr };
}

/* Allocate up to @want pages from @z, following the fallback order of the migratetype. */
static void take_from_zone(struct alloc_ctx *ac, struct zone *z, unsigned long want)
{
	unsigned long unit = 1UL << ac->order, start, len;

	const struct fallback *list = ac->order ? contig_fallbacks[ac->mt == MIGRATE_MOVABLE] : fallbacks[ac->mt];

	for (const struct fallback *fb = list; fb->mt != MIGRATE_TYPES && want; fb++) {
		while (want >= unit && !find_candidate(ac->mp, z, fb, ac->order, &start, &len)) {
			unsigned long n = len < want ? len : want - want % unit;

			if (fb->convert)
				set_pageblock_migratetype_range(ac->mp, start, start + n, ac->mt);
			for (unsigned long off = 0; off < n; off += ac->order ? unit : n) {
				unsigned long k = ac->order ? unit : n;

				alloc_range_owner(ac->mp, z, ac->o, start + off, k, ac->order, ac->o->seed,
						  ac->o->nr_index);
				ac->o->nr_index += k;
				record_run(ac->mp, start + off, k);
			}
			ac->got += n;
			want -= n;
		}
	}
}

/* Pages of @z free above @mark and outside the isolated range. */
static unsigned long zone_avail(const struct mm_pages *mp, const struct zone *z, unsigned long mark)
{
	unsigned long iso = 0;

	if (mp->isolate_end > mp->isolate_start)
		iso = zone_free_pages_in(z, mp->isolate_start, mp->isolate_end);
	if (z->nr_free <= mark + iso)
		return 0;
	return z->nr_free - mark - iso;
}

static bool node_usable(const struct mm_pages *mp, int nid, int avoid_nid)
{
	return nid != avoid_nid && mp->pgdat[nid] && node_state(mp->nodes, nid, N_MEMORY);
}

/* The zonelist walk for one watermark: local node first, zones high to low, then the rest. */
static void walk_zonelist(struct alloc_ctx *ac, unsigned long want, unsigned int gfp, int nid,
			  int avoid_nid, int wmark)
{
	enum zone_type high = gfp & __GFP_MOVABLE ? ZONE_MOVABLE : ZONE_NORMAL;
	int n = ac->mp->nr_node_ids;

	for (int k = 0; k < n && ac->got < want; k++) {
		int node = (nid + k) % n;

		if (!node_usable(ac->mp, node, avoid_nid) || ((gfp & __GFP_THISNODE) && k))
			continue;
		for (int zi = (int)high; zi >= 0 && ac->got < want; zi--) {
			struct zone *z = &ac->mp->pgdat[node]->node_zones[zi];

			unsigned long avail = populated_zone(z) ? zone_avail(ac->mp, z, z->_watermark[wmark]) : 0;

			if (avail)
				take_from_zone(ac, z, min_ul(avail, want - ac->got));
		}
	}
}

/* Give back what an unfinished allocation took: extents of @o from content index @first on. */
static void undo_alloc(struct alloc_ctx *ac, unsigned long first, struct pb_range *saved, size_t nr_saved)
{
	for (size_t i = ac->mp->nr_used; i-- > 0;) {
		const struct page_extent *e = &ac->mp->used[i];

		if (e->owner != ac->o || e->index + e->nr_pages <= first)
			continue;
		if (e->index >= first)
			free_extent(ac->mp, i);
		else	/* merged with an older extent of the owner: free only the new tail */
			extent_trim(ac->mp, i, first - e->index);
	}
	free(ac->mp->pbt);
	ac->mp->pbt = saved;
	ac->mp->nr_pbt = ac->mp->cap_pbt = nr_saved;
	ac->o->nr_index = first;
	ac->got = 0;
	ac->mp->nr_last = 0;
}

static struct pb_range *pbt_copy(const struct mm_pages *mp)
{
	struct pb_range *c = malloc(sizeof(*c) * (mp->nr_pbt ? mp->nr_pbt : 1));

	if (!c)
		abort();
	if (mp->nr_pbt)
		memcpy(c, mp->pbt, sizeof(*c) * mp->nr_pbt);
	return c;
}

int alloc_pages_owner(struct mm_pages *mp, struct page_owner *o, unsigned long nr, unsigned int order,
		      unsigned int gfp, int nid, int avoid_nid)
{
	struct alloc_ctx ac = { .mp = mp, .o = o, .order = order, .mt = gfp_migratetype(gfp) };
	int ret = 0;

	if (nid < 0 || nid >= mp->nr_node_ids)
		nid = 0;
	if (avoid_nid >= 0) {	/* avoiding the only node with memory leaves that node */
		bool other = false;

		for (int n = 0; n < mp->nr_node_ids; n++)
			other |= node_usable(mp, n, avoid_nid);
		if (!other)
			avoid_nid = -1;
	}
	unsigned long first = o->nr_index;
	size_t nr_saved = mp->nr_pbt;

	mp->nr_last = 0;
	struct pb_range *saved = pbt_copy(mp);

	walk_zonelist(&ac, nr, gfp, nid, avoid_nid, WMARK_LOW);
	if (ac.got < nr) {	/* slow path: the same walk again, down to the min watermark */
		undo_alloc(&ac, first, saved, nr_saved);
		saved = pbt_copy(mp);
		walk_zonelist(&ac, nr, gfp, nid, avoid_nid, WMARK_MIN);
	}
	if (ac.got < nr) {
		undo_alloc(&ac, first, saved, nr_saved);
		return -ENOMEM;
	}
	free(saved);
	return ret;
}

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0;

	for (unsigned long bit = 1UL << 62; bit; bit >>= 2) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
	}
	return r;
}

#define for_each_online_zone(mp, nid, z)							\
	for (int nid = 0; nid < (mp)->nr_node_ids; nid++)					\
		if ((mp)->pgdat[nid] && node_state((mp)->nodes, nid, N_ONLINE))			\
			for (struct zone *z = (mp)->pgdat[nid]->node_zones;			\
			     z < (mp)->pgdat[nid]->node_zones + MAX_NR_ZONES; z++)

/*
 * calculate_min_free_kbytes() + setup_per_zone_wmarks(): min_free_kbytes = 4 * sqrt of the
 * kernel zones' managed kB above their high mark, clamped to [128, 262144]; each zone's min
 * is its managed share of it (x86-64 has no highmem: ZONE_MOVABLE counts as lowmem);
 * low = min + step, high = min + 2 * step, step = max(min / 4, managed * 10 / 10000).
 */
void init_per_zone_wmark_min(struct mm_pages *mp)
{
	unsigned long lowmem_kb = 0, lowmem_pages = 0;

	for_each_online_zone(mp, nid, z) {
		if (z->idx <= ZONE_NORMAL && z->managed_pages > z->_watermark[WMARK_HIGH])
			lowmem_kb += (z->managed_pages - z->_watermark[WMARK_HIGH]) * 4;
		if (z->idx != ZONE_DEVICE)
			lowmem_pages += z->managed_pages;
	}
	unsigned long kb = int_sqrt(lowmem_kb * 16);

	mp->min_free_kbytes = kb < 128 ? 128 : kb > 262144 ? 262144 : kb;
	unsigned long pages_min = mp->min_free_kbytes >> 2;

	for_each_online_zone(mp, nid, z) {
		unsigned long min = lowmem_pages ? (unsigned long)((unsigned __int128)pages_min * z->managed_pages /
								  lowmem_pages) : 0;
		unsigned long m = z->managed_pages;
		unsigned long frac = (m / 10000) * 10 + (m % 10000) * 10 / 10000;
		unsigned long step = max_ul(min >> 2, frac);

		z->_watermark[WMARK_MIN] = min;
		z->_watermark[WMARK_LOW] = min + step;
		z->_watermark[WMARK_HIGH] = min + 2 * step;
	}
}

static int check_zone(const struct zone *z, struct strbuf *err)
{
	unsigned long sum = 0, prev_end = 0;

	for (size_t i = 0; i < z->nr_free_runs; i++) {
		const struct pfn_run *r = &z->free_area[i];

		if (!r->nr_pages || (i && r->start_pfn <= prev_end)) {
			strbuf_addf(err, "node%d %s: free run %zu [%#lx+%lu) empty, unsorted or not coalesced\n",
				    z->nid, zone_name(z), i, r->start_pfn, r->nr_pages);
			return -1;
		}
		sum += r->nr_pages;
		prev_end = r->start_pfn + r->nr_pages;
	}
	if (sum != z->nr_free || z->nr_free + z->nr_alloc != z->managed_pages) {
		strbuf_addf(err, "node%d %s: free runs %lu, nr_free %lu, allocated %lu, managed %lu\n",
			    z->nid, zone_name(z), sum, z->nr_free, z->nr_alloc, z->managed_pages);
		return -1;
	}
	return 0;
}

static int check_extent(const struct mm_pages *mp, size_t i, struct strbuf *err)
{
	const struct page_extent *e = &mp->used[i];
	const struct zone *z = e->zone;

	if (!e->nr_pages || (i && mp->used[i - 1].start_pfn + mp->used[i - 1].nr_pages > e->start_pfn)) {
		strbuf_addf(err, "extent %zu [%#lx+%lu) of %s empty or overlapping\n", i, e->start_pfn,
			    e->nr_pages, e->owner->name);
		return -1;
	}
	if (zone_free_pages_in(z, e->start_pfn, e->start_pfn + e->nr_pages)) {
		strbuf_addf(err, "extent [%#lx+%lu) of %s is also free\n", e->start_pfn, e->nr_pages,
			    e->owner->name);
		return -1;
	}
	return 0;
}

int mm_pages_check(const struct mm_pages *mp, struct strbuf *err)
{
	for_each_online_zone(mp, nid, z)
		if (check_zone(z, err))
			return -1;
	for (size_t i = 0; i < mp->nr_used; i++)
		if (check_extent(mp, i, err))
			return -1;
	for (const struct page_owner *o = mp->owners; o; o = o->next) {
		unsigned long n = 0;

		for (size_t i = 0; i < mp->nr_used; i++)
			n += mp->used[i].owner == o ? mp->used[i].nr_pages : 0;
		if (n != o->nr_pages) {
			strbuf_addf(err, "owner %s: extents hold %lu pages, counted %lu\n", o->name, n, o->nr_pages);
			return -1;
		}
	}
	return 0;
}
