/* SPDX-License-Identifier: MIT */
/*
 * mm/sparse.h — memory sections (128 MiB): present, online, early, and which node and
 * zone their online pages belong to. Sections live in lazily allocated roots of 4096,
 * as SPARSEMEM_EXTREME does, so a sparse 64 TiB address space costs only what exists.
 * Also the zone span bookkeeping that needs to know which pfns are online:
 * move_pfn_range_to_zone() and remove_pfn_range_from_zone().
 */
#ifndef MEMHP_MM_SPARSE_H
#define MEMHP_MM_SPARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "boot/zones.h"
#include "mm/mmzone.h"

#define SECTION_MARKED_PRESENT	0x1
#define SECTION_IS_ONLINE	0x2
#define SECTION_IS_EARLY	0x4
#define SECTION_ZONE_MIXED	0xff	/* boot section spanning zones: ask the boot layout */

struct mem_section {
	uint8_t flags;		/* SECTION_* */
	uint8_t zone;		/* zone_type of its online pages, or SECTION_ZONE_MIXED */
	int16_t nid;		/* node of its pages (-1 unknown) */
};

#define SECTIONS_PER_ROOT	4096UL

/*
 * One entry ("section" below) per unit of @unit_pages: the memory block size, a multiple
 * of the 128 MiB section. A block's sections are added, onlined and offlined together.
 */
struct sparse {
	struct mem_section **root;	/* root[i] covers units [i*4096, (i+1)*4096) */
	unsigned long nr_roots;
	unsigned long unit_pages;	/* pages per entry */
	const struct zone_layout *boot;	/* resolves SECTION_ZONE_MIXED */
};

static inline unsigned long unit_of(const struct sparse *sp, unsigned long pfn)
{
	return pfn / sp->unit_pages;
}
static inline unsigned long unit_pfn(const struct sparse *sp, unsigned long nr)
{
	return nr * sp->unit_pages;
}

void sparse_init(struct sparse *sp, unsigned long max_sections, unsigned long unit_pages,
		 const struct zone_layout *boot);
void sparse_release(struct sparse *sp);
/* The section, or NULL if nothing was ever recorded there. */
struct mem_section *nr_to_section(const struct sparse *sp, unsigned long nr);
/* The section, allocating its root on first use. */
struct mem_section *sparse_section(struct sparse *sp, unsigned long nr);
bool valid_section_nr(const struct sparse *sp, unsigned long nr);
bool online_section_nr(const struct sparse *sp, unsigned long nr);

/* Mark sections of [start_pfn, start_pfn + nr) present/online (whole sections). */
void sparse_mark_present(struct sparse *sp, unsigned long start_pfn, unsigned long nr, int nid, bool early);
void sparse_mark_absent(struct sparse *sp, unsigned long start_pfn, unsigned long nr);
void online_mem_sections(struct sparse *sp, unsigned long start_pfn, unsigned long end_pfn);
void offline_mem_sections(struct sparse *sp, unsigned long start_pfn, unsigned long end_pfn);

/* Entry holding @pfn, or NULL. */
static inline struct mem_section *pfn_to_section(const struct sparse *sp, unsigned long pfn)
{
	return nr_to_section(sp, unit_of(sp, pfn));
}

/* Zone of online @pfn on @nid, or -1 if the pfn is not online on that node. */
int online_pfn_zone(const struct sparse *sp, unsigned long pfn, int nid);

/* Associate [start_pfn, +nr) with @zone: spans grow, sections take the zone. */
void move_pfn_range_to_zone(struct sparse *sp, struct pglist_data *pgdat, struct zone *zone,
			    unsigned long start_pfn, unsigned long nr);
/* After the range went offline: shrink @zone and the node span (spec 20 §2). */
void remove_pfn_range_from_zone(const struct sparse *sp, struct pglist_data *pgdat,
				struct zone *zone, unsigned long start_pfn, unsigned long nr);

#endif
