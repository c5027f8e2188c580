/* SPDX-License-Identifier: MIT */
/*
 * hotplug/memremap.h — memremap_pages() for MEMORY_DEVICE_GENERIC (mm/memremap.c): a
 * device range gets struct pages in ZONE_DEVICE of a node, without memory blocks, without
 * becoming RAM. Caller holds m->lock.
 */
#ifndef MEMHP_HOTPLUG_MEMREMAP_H
#define MEMHP_HOTPLUG_MEMREMAP_H

#include <stdint.h>

struct machine;

/*
 * Map [start, start + size) into ZONE_DEVICE of @nid (NUMA_NO_NODE: the first online
 * node): the zone and node spans grow to cover it. -ENXIO if any of it is System RAM,
 * -EINVAL for a node that is not possible; nothing changed then.
 */
int memremap_pages(struct machine *m, int nid, uint64_t start, uint64_t size);
/*
 * memunmap_pages(): the struct pages go; 6.1 never shrinks ZONE_DEVICE's span
 * (remove_pfn_range_from_zone returns early for it), so the zone keeps spanning it.
 */
void memunmap_pages(struct machine *m, int nid, uint64_t start, uint64_t size);

#endif
