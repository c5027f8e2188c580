/* SPDX-License-Identifier: MIT */
/*
 * hotplug/memremap.c — device memory in ZONE_DEVICE (see memremap.h). Only the spans
 * change: device pages are never present, managed or online, and their sections carry
 * no memory block, so nothing per section is recorded (a device range may share a
 * memory block's section unit with RAM).
 */
#include "memremap.h"

#include <errno.h>

#include "hotplug/machine.h"
#include "mm/sparse.h"

static int first_online_node(const struct machine *m)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		if (node_state(&m->nodes, nid, N_ONLINE))
			return nid;
	return 0;
}

int memremap_pages(struct machine *m, int nid, uint64_t start, uint64_t size)
{
	unsigned long start_pfn = PHYS_PFN(start), nr = PHYS_PFN(size);

	if (nid < 0)
		nid = first_online_node(m);	/* numa_mem_id() */
	if (nid >= m->nr_node_ids || !m->pgdat[nid])
		return -EINVAL;
	if (!nr || system_ram_pages_in(m->iomem, start_pfn, nr))
		return -ENXIO;			/* region_intersects(SYSTEM_RAM) != DISJOINT */
	zone_grow_span(&m->pgdat[nid]->node_zones[ZONE_DEVICE], start_pfn, nr);
	pgdat_update_span(m->pgdat[nid]);
	m->generation++;
	return 0;
}

void memunmap_pages(struct machine *m, int nid, uint64_t start, uint64_t size)
{
	(void)nid;
	(void)start;
	(void)size;
	m->generation++;
}
