/* SPDX-License-Identifier: MIT */
/*
 * mm/page_alloc.h — the page allocator, as ranges. Each zone keeps its free pages as
 * sorted runs (the buddy free lists, coalesced); pages in use are extents that name their
 * owner and carry content; pageblocks that are not MIGRATE_MOVABLE are kept as ranges.
 * Nothing exists per page: a 64 TiB machine costs its runs, an allocation its extents.
 *
 *   struct mm_pages                  (one per machine)
 *     ├─ used[]     extents in use, sorted by start_pfn, never overlapping
 *     ├─ pbt[]      pageblock ranges whose migratetype is not MIGRATE_MOVABLE
 *     ├─ owners     named owners (workloads, memblock, the kernel, hugetlb pools)
 *     └─ zones      zone->free_area: free runs; zone->nr_free, zone->nr_alloc
 *
 * Invariants (mm_pages_check): per zone  nr_free + nr_alloc == managed_pages;
 * free runs and used extents never overlap; PK_RESERVED pages are not managed.
 */
#ifndef MEMHP_MM_PAGE_ALLOC_H
#define MEMHP_MM_PAGE_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/strbuf.h"
#include "mm/mmzone.h"

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_CMA,
	MIGRATE_ISOLATE,
	MIGRATE_TYPES,
};

/* What a page is used for; decides its migratetype and whether it can move. */
enum page_kind {
	PK_RESERVED,		/* memblock reservation kept after boot: PageReserved, unmanaged */
	PK_KERNEL,		/* the kernel's own runtime allocations (slab, pcp) */
	PK_ANON,		/* anonymous memory: LRU, movable */
	PK_PAGECACHE,		/* page cache / tmpfs: LRU, movable */
	PK_SLAB,		/* slab: unmovable */
	PK_PAGETABLE,		/* page tables: unmovable */
	PK_RECLAIMABLE,		/* reclaimable slab (dentries, inodes): not migratable */
	PK_HUGETLB,		/* a hugetlb page in use */
	PK_HUGETLB_FREE,	/* a hugetlb page in its pool, free */
	PK_BALLOON,		/* balloon page: __PageMovable */
	NR_PAGE_KINDS,
};

/* A named owner of pages. Content of its page i is page_token(seed, i). */
struct page_owner {
	char *name;
	enum page_kind kind;
	int nid;			/* preferred node */
	unsigned int order;		/* 0, or the hugetlb page order (9, 18) */
	uint64_t seed;			/* content seed: name and generation */
	unsigned long nr_pages;		/* pages it holds (== sum of its extents) */
	unsigned long nr_index;		/* content indices handed out: [0, nr_index) */
	bool pinned;			/* FOLL_LONGTERM pin held */
	struct page_owner *next;
};

/* Pages [start_pfn, start_pfn + nr_pages) in use by @owner, holding content indices
 * [index, index + nr_pages) of @seed. Migration copies seed and index. */
struct page_extent {
	unsigned long start_pfn, nr_pages;
	struct page_owner *owner;
	struct zone *zone;
	uint64_t seed;
	unsigned long index;
	unsigned int order;		/* >0: exactly one compound (huge) page */
};

struct sparse;

struct pfn_run {
	unsigned long start_pfn, nr_pages;
};

struct pb_range {			/* pageblock-aligned range with one migratetype */
	unsigned long start_pfn, end_pfn;
	enum migratetype mt;
};

#define HUGETLB_NR_HSTATES	2	/* 2 MiB (order 9), 1 GiB (order 18) */

struct mm_pages {
	struct pglist_data **pgdat;	/* the machine's nodes, MAX_NUMNODES entries */
	const struct sparse *sparse;	/* which pfns are online, in which zone */
	int nr_node_ids;
	const struct node_masks *nodes;
	struct page_extent *used;	/* sorted by start_pfn */
	size_t nr_used, cap_used;
	struct pb_range *pbt;		/* sorted, non-overlapping, never MIGRATE_MOVABLE */
	size_t nr_pbt, cap_pbt;
	struct page_owner *owners;
	struct page_owner *hugetlb_pool[HUGETLB_NR_HSTATES];
	unsigned long min_free_kbytes;
	bool gigantic_pages;		/* the CPU has 1 GiB pages: an order-18 hstate exists */
	unsigned long isolate_start, isolate_end;	/* MIGRATE_ISOLATE during offline */
	uint64_t generation;		/* content generation, bumped per new owner */
	struct pfn_run *last;		/* runs the last alloc_pages_owner() took, in content order */
	size_t nr_last, cap_last;
	struct page_owner *migration_target;	/* holds new pages until their content arrives */
	struct page_owner *migrated;		/* holds old pages between copy and free */
	unsigned long nr_migrated;	/* pages migrated since boot (bench, --stats) */
	unsigned long nr_migrate_failed;
	/* memhp's fault point (`@ fault migrate page=PFN`): that page never migrates */
	bool migrate_fault;
	unsigned long migrate_fault_pfn;
};

/* gfp flags that matter to placement */
#define __GFP_MOVABLE		0x08u
#define __GFP_RECLAIMABLE	0x10u
#define __GFP_HARDWALL		0x100000u
#define __GFP_THISNODE		0x200000u
#define GFP_KERNEL		0xcc0u
#define GFP_USER		(GFP_KERNEL | __GFP_HARDWALL)
#define GFP_HIGHUSER_MOVABLE	(GFP_USER | __GFP_MOVABLE | 0x2u)	/* __GFP_HIGHMEM */

void mm_pages_init(struct mm_pages *mp, struct pglist_data **pgdat, int nr_node_ids,
		   const struct node_masks *nodes);
/* Free every run, extent and owner. */
void mm_pages_release(struct mm_pages *mp);

/* Owners: find by name, create (name copied), forget (must hold no pages). */
struct page_owner *page_owner_find(struct mm_pages *mp, const char *name);
struct page_owner *page_owner_new(struct mm_pages *mp, const char *name, enum page_kind kind, int nid);
void page_owner_del(struct mm_pages *mp, struct page_owner *o);
const char *page_kind_name(enum page_kind kind);
/* Kind by its step word (anon, pagecache, slab, ...), or -1. */
int page_kind_parse(const char *word);
bool page_kind_movable(enum page_kind kind);		/* LRU or __PageMovable */
unsigned int page_kind_gfp(enum page_kind kind);
uint64_t page_token(uint64_t seed, unsigned long index);

/* Boot: zone free runs from [start, end) free pages; reserved extents for RAM not freed. */
void zone_add_free_run(struct zone *z, unsigned long start_pfn, unsigned long nr);
int mm_add_reserved(struct mm_pages *mp, struct zone *z, unsigned long start_pfn, unsigned long nr);

/*
 * generic_online_page(): [start_pfn, +nr) joins @z's free runs (managed grows by the
 * caller); its pageblocks become MIGRATE_MOVABLE.
 */
void generic_online_page(struct mm_pages *mp, struct zone *z, unsigned long start_pfn, unsigned long nr);
/* __offline_isolated_pages(): drop @z's free runs inside [start, end). */
void offline_isolated_pages(struct mm_pages *mp, struct zone *z, unsigned long start, unsigned long end);

/*
 * Allocate @nr pages (in 1 << @order units) for @o with @gfp from node @nid's zonelist
 * (local node first, zones from the highest @gfp allows down, then the other nodes).
 * Units never come from the isolated range or from @avoid_nid unless it is the only node
 * (-1: none). 0, or -ENOMEM with nothing allocated.
 */
int alloc_pages_owner(struct mm_pages *mp, struct page_owner *o, unsigned long nr, unsigned int order,
		      unsigned int gfp, int nid, int avoid_nid);
/* Free every extent of @o; its pages return to their zones' free runs. */
void free_owner_pages(struct mm_pages *mp, struct page_owner *o);
/* Free all but the first @keep pages of extent @idx. */
void extent_trim(struct mm_pages *mp, size_t idx, unsigned long keep);
/* Free the one extent at @idx of mp->used. */
void free_extent(struct mm_pages *mp, size_t idx);
/* Allocate exactly [start, start+nr) if free (no gfp rules: migration/pools use it). */
int alloc_range_owner(struct mm_pages *mp, struct zone *z, struct page_owner *o, unsigned long start,
		      unsigned long nr, unsigned int order, uint64_t seed, unsigned long index);

/* First used extent ending after @pfn (index into mp->used), or mp->nr_used. */
size_t extent_after(const struct mm_pages *mp, unsigned long pfn);
/* Insert @e (no overlap); returns its index. */
size_t extent_insert(struct mm_pages *mp, const struct page_extent *e);
void extent_remove(struct mm_pages *mp, size_t idx);

/* Split extent @idx at @start and @end where it crosses them (compound pages stay whole);
 * returns the index of the part inside. */
size_t extent_isolate(struct mm_pages *mp, size_t idx, unsigned long start, unsigned long end);
/* Free every page in use in [start, start + nr) (extents are split at the edges). */
void release_pfn_range(struct mm_pages *mp, unsigned long start, unsigned long nr);
/*
 * The pages of mp->last (just allocated for @from, content indices from @from_index on) go
 * to @to, holding @seed from @to_index. Extents keep their place: O(runs * log extents).
 */
void retag_last_alloc(struct mm_pages *mp, struct page_owner *from, unsigned long from_index,
		      struct page_owner *to, uint64_t seed, unsigned long to_index);
/* Hand [start, start + nr) (inside one extent) to @to, keeping content; split at the edges. */
void extent_give(struct mm_pages *mp, unsigned long start, unsigned long nr, struct page_owner *to);
/* Free @o's extents that touch [start, end): one pass over that part of mp->used. */
void free_owner_pages_in(struct mm_pages *mp, struct page_owner *o, unsigned long start, unsigned long end);
/* Extents of @from with content index >= @from_index go to @to, holding @seed from @to_index. */
void extents_retag(struct mm_pages *mp, struct page_owner *from, unsigned long from_index,
		   struct page_owner *to, uint64_t seed, unsigned long to_index);

/* Pageblock migratetype of @pfn, and setting it for a range (pageblock aligned). */
enum migratetype get_pageblock_migratetype(const struct mm_pages *mp, unsigned long pfn);
void set_pageblock_migratetype_range(struct mm_pages *mp, unsigned long start, unsigned long end,
				     enum migratetype mt);
/* Any pageblock of [start, end) MIGRATE_CMA? */
bool range_has_cma(const struct mm_pages *mp, unsigned long start, unsigned long end);

/* Free pages of @z inside [start, end). */
unsigned long zone_free_pages_in(const struct zone *z, unsigned long start, unsigned long end);

#define MAX_ORDER	11		/* buddy orders 0..10 (4 KiB .. 4 MiB) */

/* Free blocks per order as the buddy allocator holds @z's free runs (fully coalesced). */
void zone_free_area_counts(const struct zone *z, unsigned long nr_free[MAX_ORDER]);

/* init_per_zone_wmark_min(): min_free_kbytes and every zone's min/low/high. */
void init_per_zone_wmark_min(struct mm_pages *mp);

/* Check the invariants; 0, or -1 with a line in @err. */
int mm_pages_check(const struct mm_pages *mp, struct strbuf *err);

#endif
