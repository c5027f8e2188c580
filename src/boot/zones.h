/* SPDX-License-Identifier: MIT */
/*
 * boot/zones.h — zone boundaries at boot (free_area_init): the arch zone limits, the
 * start of ZONE_MOVABLE per node (kernelcore=, movablecore=, movable_node), and each
 * node's zone spans and present pages.
 */
#ifndef MEMHP_BOOT_ZONES_H
#define MEMHP_BOOT_ZONES_H

#include <stdbool.h>
#include <stdint.h>

#include "boot/cmdline.h"
#include "boot/memblock.h"

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_MOVABLE,
	ZONE_DEVICE,
	MAX_NR_ZONES,
};

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1ULL << PAGE_SHIFT)
#define PFN_PHYS(pfn)		((uint64_t)(pfn) << PAGE_SHIFT)
#define PHYS_PFN(x)		((unsigned long)((x) >> PAGE_SHIFT))
#define PFN_UP(x)		((unsigned long)(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT))
#define MAX_DMA_PFN		4096UL		/* 16 MiB */
#define MAX_DMA32_PFN		0x100000UL	/* 4 GiB */
#define MAX_ORDER_NR_PAGES	1024UL
#define PAGES_PER_SECTION	32768UL		/* 128 MiB sections */
#define SECTION_SIZE_BITS	27
#define PAGES_PER_SUBSECTION	512UL
#define pageblock_nr_pages	512UL

extern const char *const zone_names[MAX_NR_ZONES];

struct boot_zone {
	unsigned long start_pfn;	/* span start */
	unsigned long spanned;		/* pages in [start_pfn, start_pfn + spanned) */
	unsigned long present;		/* spanned minus holes */
};

struct boot_node_zones {
	unsigned long start_pfn, end_pfn;	/* node span from memblock, end exclusive */
	struct boot_zone zone[MAX_NR_ZONES];
};

struct zone_layout {
	unsigned long arch_low[MAX_NR_ZONES];	/* arch_zone_lowest_possible_pfn */
	unsigned long arch_high[MAX_NR_ZONES];	/* arch_zone_highest_possible_pfn */
	enum zone_type movable_zone;		/* highest zone ZONE_MOVABLE is taken from */
	unsigned long zone_movable_pfn[64];	/* per node, 0 = no ZONE_MOVABLE */
	int nr_nodes;
	struct boot_node_zones node[64];
	unsigned long nr_kernel_pages;		/* free_area_init's estimate (hash sizing) */
	unsigned long nr_all_pages;
};

/*
 * Compute zone spans for the @nr_nodes nodes of @mb (nids assigned) with @bp's
 * kernelcore/movablecore/movable_node and @max_pfn (end of boot RAM). Pure: reads only.
 */
void free_area_init_layout(struct zone_layout *zl, const struct memblock *mb,
			   const struct boot_params *bp, int nr_nodes, unsigned long max_pfn);

/* Pages of memblock RAM on @nid in [start, end). */
unsigned long pages_in_range(const struct memblock *mb, int nid, unsigned long start,
			     unsigned long end);

#endif
