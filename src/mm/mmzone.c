/* SPDX-License-Identifier: MIT */
/* mm/mmzone.c — zone and node span arithmetic (see mmzone.h). */
#include "mmzone.h"

#include <string.h>

void pgdat_init(struct pglist_data *pgdat, int nid)
{
	memset(pgdat, 0, sizeof(*pgdat));
	pgdat->node_id = nid;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		pgdat->node_zones[z].idx = (enum zone_type)z;
		pgdat->node_zones[z].nid = nid;
	}
}

/* An empty zone keeps zone_start_pfn == 0, so its old end never stretches the new span. */
void zone_grow_span(struct zone *z, unsigned long start_pfn, unsigned long nr)
{
	unsigned long old_end = zone_end_pfn(z), end = start_pfn + nr;

	if (zone_is_empty(z) || start_pfn < z->zone_start_pfn)
		z->zone_start_pfn = start_pfn;
	z->spanned_pages = (end > old_end ? end : old_end) - z->zone_start_pfn;
}

void pgdat_update_span(struct pglist_data *pgdat)
{
	unsigned long start = ~0UL, end = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &pgdat->node_zones[i];

		if (zone_is_empty(z))
			continue;
		if (z->zone_start_pfn < start)
			start = z->zone_start_pfn;
		if (zone_end_pfn(z) > end)
			end = zone_end_pfn(z);
	}
	pgdat->node_start_pfn = end ? start : 0;
	pgdat->node_spanned_pages = end ? end - start : 0;
}

const char *zone_name(const struct zone *z)
{
	return zone_names[z->idx];
}

unsigned long pgdat_managed_pages(const struct pglist_data *pgdat)
{
	unsigned long n = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		n += pgdat->node_zones[i].managed_pages;
	return n;
}

unsigned long pgdat_kernel_present_pages(const struct pglist_data *pgdat)
{
	unsigned long n = 0;

	for (int i = 0; i <= ZONE_NORMAL; i++)
		n += pgdat->node_zones[i].present_pages;
	return n;
}
