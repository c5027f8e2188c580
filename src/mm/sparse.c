/* SPDX-License-Identifier: MIT */
/*
 * mm/sparse.c — section state and zone span shrinking. Shrinking looks for the nearest
 * online pfn of the same node and zone stepping by subsection, as the kernel does; we
 * step per section and resolve inside a section arithmetically, which gives the same
 * answer because online state and zone are uniform per section except in boot sections
 * that straddle a zone boundary (resolved from the boot layout).
 *
 * The unit of state is one memory block (sections of a block go online and offline
 * together), so cost follows the number of blocks, not the size of the address space.
 */
#include "sparse.h"

#include <stdlib.h>
#include <string.h>

void sparse_init(struct sparse *sp, unsigned long max_sections, unsigned long unit_pages,
		 const struct zone_layout *boot)
{
	sp->unit_pages = unit_pages;
	sp->nr_roots = (max_sections + SECTIONS_PER_ROOT - 1) / SECTIONS_PER_ROOT;
	sp->root = calloc(sp->nr_roots ? sp->nr_roots : 1, sizeof(*sp->root));
	if (!sp->root)
		abort();
	sp->boot = boot;
}

void sparse_release(struct sparse *sp)
{
	for (unsigned long i = 0; i < sp->nr_roots; i++)
		free(sp->root[i]);
	free(sp->root);
	memset(sp, 0, sizeof(*sp));
}

struct mem_section *nr_to_section(const struct sparse *sp, unsigned long nr)
{
	unsigned long r = nr / SECTIONS_PER_ROOT;

	if (r >= sp->nr_roots || !sp->root[r])
		return NULL;
	return &sp->root[r][nr % SECTIONS_PER_ROOT];
}

struct mem_section *sparse_section(struct sparse *sp, unsigned long nr)
{
	unsigned long r = nr / SECTIONS_PER_ROOT;

	if (r >= sp->nr_roots)
		return NULL;
	if (!sp->root[r]) {
		sp->root[r] = calloc(SECTIONS_PER_ROOT, sizeof(**sp->root));
		if (!sp->root[r])
			abort();
		for (unsigned long i = 0; i < SECTIONS_PER_ROOT; i++)
			sp->root[r][i].nid = -1;
	}
	return &sp->root[r][nr % SECTIONS_PER_ROOT];
}

bool valid_section_nr(const struct sparse *sp, unsigned long nr)
{
	const struct mem_section *ms = nr_to_section(sp, nr);

	return ms && (ms->flags & SECTION_MARKED_PRESENT);
}

bool online_section_nr(const struct sparse *sp, unsigned long nr)
{
	const struct mem_section *ms = nr_to_section(sp, nr);

	return ms && (ms->flags & SECTION_IS_ONLINE);
}

void sparse_mark_present(struct sparse *sp, unsigned long start_pfn, unsigned long nr, int nid, bool early)
{
	for (unsigned long s = unit_of(sp, start_pfn); s <= unit_of(sp, start_pfn + nr - 1); s++) {
		struct mem_section *ms = sparse_section(sp, s);

		ms->flags |= SECTION_MARKED_PRESENT | (early ? SECTION_IS_EARLY : 0);
		ms->nid = (int16_t)nid;
	}
}

void sparse_mark_absent(struct sparse *sp, unsigned long start_pfn, unsigned long nr)
{
	for (unsigned long s = unit_of(sp, start_pfn); s <= unit_of(sp, start_pfn + nr - 1); s++) {
		struct mem_section *ms = nr_to_section(sp, s);

		if (ms)
			*ms = (struct mem_section){ .flags = 0, .zone = 0, .nid = -1 };
	}
}

static void set_online(struct sparse *sp, unsigned long start_pfn, unsigned long end_pfn, bool on)
{
	for (unsigned long s = unit_of(sp, start_pfn); s < unit_of(sp, end_pfn + sp->unit_pages - 1); s++) {
		struct mem_section *ms = nr_to_section(sp, s);

		if (!ms)
			continue;
		if (on)
			ms->flags |= SECTION_IS_ONLINE;
		else
			ms->flags &= (uint8_t)~SECTION_IS_ONLINE;
	}
}

void online_mem_sections(struct sparse *sp, unsigned long start_pfn, unsigned long end_pfn)
{
	set_online(sp, start_pfn, end_pfn, true);
}

void offline_mem_sections(struct sparse *sp, unsigned long start_pfn, unsigned long end_pfn)
{
	set_online(sp, start_pfn, end_pfn, false);
}

/* Boot zone of @pfn on @nid: the zone whose boot span holds it, else the last before it. */
static int boot_zone_of(const struct zone_layout *zl, int nid, unsigned long pfn)
{
	int best = -1;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct boot_zone *bz = &zl->node[nid].zone[z];

		if (bz->spanned && bz->start_pfn <= pfn)
			best = z;
	}
	return best;
}

int online_pfn_zone(const struct sparse *sp, unsigned long pfn, int nid)
{
	const struct mem_section *ms = nr_to_section(sp, unit_of(sp, pfn));

	if (!ms || !(ms->flags & SECTION_IS_ONLINE) || ms->nid != nid)
		return -1;
	if (ms->zone != SECTION_ZONE_MIXED)
		return ms->zone;
	return nid < 64 ? boot_zone_of(sp->boot, nid, pfn) : -1;
}

void move_pfn_range_to_zone(struct sparse *sp, struct pglist_data *pgdat, struct zone *zone,
			    unsigned long start_pfn, unsigned long nr)
{
	zone_grow_span(zone, start_pfn, nr);
	pgdat_update_span(pgdat);
	for (unsigned long s = unit_of(sp, start_pfn); s <= unit_of(sp, start_pfn + nr - 1); s++) {
		struct mem_section *ms = sparse_section(sp, s);

		ms->zone = (uint8_t)zone->idx;
		ms->nid = (int16_t)pgdat->node_id;
	}
}

/* Lowest pfn = @start + k*512 in [start, end) that is online in @zone; 0 if none. */
static unsigned long find_smallest_pfn(const struct sparse *sp, const struct zone *zone,
				       unsigned long start, unsigned long end)
{
	for (unsigned long pfn = start; pfn < end;) {
		unsigned long sec_end = unit_pfn(sp, unit_of(sp, pfn) + 1);
		const struct mem_section *ms = nr_to_section(sp, unit_of(sp, pfn));

		if (!ms || !(ms->flags & SECTION_IS_ONLINE) || ms->nid != zone->nid) {
			pfn += (sec_end - pfn + PAGES_PER_SUBSECTION - 1) / PAGES_PER_SUBSECTION * PAGES_PER_SUBSECTION;
			continue;
		}
		if (online_pfn_zone(sp, pfn, zone->nid) == (int)zone->idx)
			return pfn;
		pfn += PAGES_PER_SUBSECTION;
	}
	return 0;
}

/* Highest pfn = (end-1) - k*512 in [start, end) online in @zone; 0 if none. */
static unsigned long find_biggest_pfn(const struct sparse *sp, const struct zone *zone,
				      unsigned long start, unsigned long end)
{
	for (unsigned long pfn = end - 1; pfn >= start && pfn < end;) {
		unsigned long sec_start = unit_pfn(sp, unit_of(sp, pfn));
		const struct mem_section *ms = nr_to_section(sp, unit_of(sp, pfn));

		if (!ms || !(ms->flags & SECTION_IS_ONLINE) || ms->nid != zone->nid) {
			unsigned long steps = (pfn - sec_start) / PAGES_PER_SUBSECTION + 1;

			if (pfn < steps * PAGES_PER_SUBSECTION)
				break;
			pfn -= steps * PAGES_PER_SUBSECTION;
			continue;
		}
		if (online_pfn_zone(sp, pfn, zone->nid) == (int)zone->idx)
			return pfn;
		if (pfn < PAGES_PER_SUBSECTION)
			break;
		pfn -= PAGES_PER_SUBSECTION;
	}
	return 0;
}

static void shrink_zone_span(const struct sparse *sp, struct zone *zone, unsigned long start_pfn,
			     unsigned long end_pfn)
{
	unsigned long pfn;

	if (zone->zone_start_pfn == start_pfn) {
		pfn = find_smallest_pfn(sp, zone, end_pfn, zone_end_pfn(zone));
		if (pfn) {
			zone->spanned_pages = zone_end_pfn(zone) - pfn;
			zone->zone_start_pfn = pfn;
		} else {
			zone->zone_start_pfn = 0;
			zone->spanned_pages = 0;
		}
	} else if (zone_end_pfn(zone) == end_pfn) {
		pfn = find_biggest_pfn(sp, zone, zone->zone_start_pfn, start_pfn);
		if (pfn) {
			zone->spanned_pages = pfn - zone->zone_start_pfn + 1;
		} else {
			zone->zone_start_pfn = 0;
			zone->spanned_pages = 0;
		}
	}
}

void remove_pfn_range_from_zone(const struct sparse *sp, struct pglist_data *pgdat,
				struct zone *zone, unsigned long start_pfn, unsigned long nr)
{
	if (zone->idx == ZONE_DEVICE)
		return;
	shrink_zone_span(sp, zone, start_pfn, start_pfn + nr);
	pgdat_update_span(pgdat);
}
