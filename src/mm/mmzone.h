/* SPDX-License-Identifier: MIT */
/*
 * mm/mmzone.h — nodes (pglist_data), zones and node states. Counters are kept by
 * arithmetic per range, never per page:
 *   spanned_pages >= present_pages >= managed_pages;  empty zone <=> spanned_pages == 0
 *   node_present_pages == sum of its zones' present_pages
 */
#ifndef MEMHP_MM_MMZONE_H
#define MEMHP_MM_MMZONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/zones.h"
#include "fw/platform.h"

struct pfn_run;

struct zone {
	enum zone_type idx;
	int nid;
	unsigned long zone_start_pfn;		/* meaningful only while spanned_pages > 0 */
	unsigned long spanned_pages;		/* span length, holes included */
	unsigned long present_pages;		/* pages with a struct page that are RAM */
	unsigned long present_early_pages;	/* present pages in boot ("early") sections */
	unsigned long managed_pages;		/* pages handed to the buddy allocator */
	unsigned long cma_pages;
	unsigned long nr_isolate_pageblock;	/* pageblocks in MIGRATE_ISOLATE */
	/* the buddy allocator, as runs (mm/page_alloc.h) */
	struct pfn_run *free_area;		/* free runs: sorted, coalesced */
	size_t nr_free_runs, cap_free_runs;
	unsigned long nr_free;			/* NR_FREE_PAGES == sum of free runs */
	unsigned long nr_alloc;			/* managed pages in use: nr_free + nr_alloc == managed */
	unsigned long _watermark[3];		/* WMARK_MIN, WMARK_LOW, WMARK_HIGH (pages) */
};

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH };

struct pglist_data {
	int node_id;
	unsigned long node_start_pfn;		/* meaningful only while node_spanned_pages > 0 */
	unsigned long node_spanned_pages;
	unsigned long node_present_pages;
	struct zone node_zones[MAX_NR_ZONES];
};

enum node_states {
	N_POSSIBLE,
	N_ONLINE,
	N_NORMAL_MEMORY,	/* has present pages in zones <= ZONE_NORMAL (== N_HIGH_MEMORY) */
	N_MEMORY,		/* has present pages in any zone */
	N_CPU,
	NR_NODE_STATES,
};

struct node_masks {
	uint64_t m[NR_NODE_STATES][NODE_MASK_WORDS];
};

static inline bool node_state(const struct node_masks *nm, int nid, enum node_states s)
{
	return nm->m[s][nid / 64] & (1ULL << (nid % 64));
}
static inline void node_set_state(struct node_masks *nm, int nid, enum node_states s)
{
	nm->m[s][nid / 64] |= 1ULL << (nid % 64);
}
static inline void node_clear_state(struct node_masks *nm, int nid, enum node_states s)
{
	nm->m[s][nid / 64] &= ~(1ULL << (nid % 64));
}

static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}
static inline bool zone_is_empty(const struct zone *z)
{
	return z->spanned_pages == 0;
}
static inline bool populated_zone(const struct zone *z)
{
	return z->present_pages != 0;
}
static inline bool zone_intersects(const struct zone *z, unsigned long start_pfn, unsigned long nr)
{
	if (zone_is_empty(z))
		return false;
	return start_pfn < zone_end_pfn(z) && start_pfn + nr > z->zone_start_pfn;
}
static inline bool is_kernel_zone(const struct zone *z)
{
	return z->idx <= ZONE_NORMAL;
}

/* Initialise an empty node @nid (no zone spans). */
void pgdat_init(struct pglist_data *pgdat, int nid);
/* Grow @z's span to cover [start_pfn, start_pfn + nr) (resize_zone_range). */
void zone_grow_span(struct zone *z, unsigned long start_pfn, unsigned long nr);
/* Node span := union of its non-empty zones (update_pgdat_span). */
void pgdat_update_span(struct pglist_data *pgdat);
/* Printable zone name. */
const char *zone_name(const struct zone *z);
/* Sum of managed pages over @pgdat's zones. */
unsigned long pgdat_managed_pages(const struct pglist_data *pgdat);
/* Present pages in zones <= ZONE_NORMAL. */
unsigned long pgdat_kernel_present_pages(const struct pglist_data *pgdat);

#endif
