/* SPDX-License-Identifier: MIT */
/*
 * hotplug/policy.c — where onlined memory goes: zone_for_pfn_range() with the
 * contig-zones default and the auto-movable policy (spec 20 §3, §4). Reads only.
 */
#include "memory_hotplug.h"

static struct zone *default_kernel_zone_for_pfn(struct machine *m, int nid,
						unsigned long start_pfn, unsigned long nr)
{
	struct pglist_data *pgdat = NODE_DATA(m, nid);

	for (int zid = 0; zid < ZONE_NORMAL; zid++) {
		struct zone *zone = &pgdat->node_zones[zid];

		if (zone_intersects(zone, start_pfn, nr))
			return zone;
	}
	return &pgdat->node_zones[ZONE_NORMAL];
}

static struct zone *default_zone_for_pfn(struct machine *m, int nid, unsigned long start_pfn,
					 unsigned long nr)
{
	struct zone *kernel_zone = default_kernel_zone_for_pfn(m, nid, start_pfn, nr);
	struct zone *movable_zone = &NODE_DATA(m, nid)->node_zones[ZONE_MOVABLE];
	bool in_kernel = zone_intersects(kernel_zone, start_pfn, nr);
	bool in_movable = zone_intersects(movable_zone, start_pfn, nr);

	if (in_kernel ^ in_movable)
		return in_kernel ? kernel_zone : movable_zone;
	return m->movable_node ? movable_zone : kernel_zone;
}

struct auto_movable_stats {
	unsigned long kernel_early_pages;
	unsigned long movable_pages;
};

static void stats_account_zone(struct auto_movable_stats *s, const struct zone *zone)
{
	if (zone->idx == ZONE_MOVABLE)
		s->movable_pages += zone->present_pages;
	else
		s->kernel_early_pages += zone->present_early_pages;
}

/* Sum other dynamic groups' needs: kernel pages their movable memory requires. */
static void stats_account_groups(struct machine *m, int nid, const struct memory_group *group,
				 unsigned long *req_kernel_early, unsigned long *movable)
{
	*req_kernel_early = 0;
	*movable = 0;
	for (struct memory_group *g = m->groups; g; g = g->next) {
		if (!g->is_dynamic || g == group || (nid != NUMA_NO_NODE && g->nid != nid))
			continue;
		if (!m->auto_movable_ratio)
			continue;
		long pages = (long)(g->present_movable_pages * 100 / m->auto_movable_ratio) -
			     (long)g->present_kernel_pages;

		if (pages > 0)
			*req_kernel_early += (unsigned long)pages;
		*movable += g->present_movable_pages;
	}
}

static bool auto_movable_can_online_movable(struct machine *m, int nid,
					    const struct memory_group *group, unsigned long nr)
{
	struct auto_movable_stats s = { 0, 0 };
	unsigned long req, group_movable;

	for (int n = 0; n < m->nr_node_ids; n++) {
		if (!m->pgdat[n] || (nid != NUMA_NO_NODE && n != nid))
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (populated_zone(&m->pgdat[n]->node_zones[z]))
				stats_account_zone(&s, &m->pgdat[n]->node_zones[z]);
	}
	stats_account_groups(m, nid, group, &req, &group_movable);
	if (s.kernel_early_pages <= req)
		return false;
	s.kernel_early_pages -= req;
	s.movable_pages -= group_movable;
	if (group && group->is_dynamic)
		s.kernel_early_pages += group->present_kernel_pages;
	s.movable_pages += nr;
	return s.movable_pages <= (unsigned long)m->auto_movable_ratio * s.kernel_early_pages / 100;
}

static struct zone *auto_movable_zone_for_pfn(struct machine *m, int nid,
					      struct memory_group *group, unsigned long pfn,
					      unsigned long nr)
{
	unsigned long online = 0, max_pages;

	if (!m->auto_movable_ratio)
		goto kernel_zone;
	if (group && !group->is_dynamic) {
		max_pages = group->max_pages;
		online = group->present_movable_pages;
		if (group->present_kernel_pages)
			goto kernel_zone;
	} else if (!group || group->unit_pages == nr) {
		max_pages = nr;
	} else {
		max_pages = group->unit_pages;
		pfn = pfn / group->unit_pages * group->unit_pages;
		unsigned long end_pfn = pfn + group->unit_pages;

		for (; pfn < end_pfn; pfn += PAGES_PER_SECTION) {
			int zid = online_pfn_zone(&m->sparse, pfn, nid);

			if (zid < 0)
				continue;
			if (zid != ZONE_MOVABLE)
				goto kernel_zone;
			online += PAGES_PER_SECTION;
		}
	}
	nr = max_pages - online;
	if (!auto_movable_can_online_movable(m, NUMA_NO_NODE, group, nr))
		goto kernel_zone;
	if (m->auto_movable_numa_aware && !auto_movable_can_online_movable(m, nid, group, nr))
		goto kernel_zone;
	return &NODE_DATA(m, nid)->node_zones[ZONE_MOVABLE];
kernel_zone:
	/* spec 20 §4 quirk: pfn/nr may have moved on the dynamic path */
	return default_kernel_zone_for_pfn(m, nid, pfn, nr);
}

struct zone *zone_for_pfn_range(struct machine *m, int online_type, int nid,
				struct memory_group *group, unsigned long start_pfn,
				unsigned long nr_pages)
{
	if (online_type == MMOP_ONLINE_KERNEL)
		return default_kernel_zone_for_pfn(m, nid, start_pfn, nr_pages);
	if (online_type == MMOP_ONLINE_MOVABLE)
		return &NODE_DATA(m, nid)->node_zones[ZONE_MOVABLE];
	if (m->online_policy == ONLINE_POLICY_AUTO_MOVABLE)
		return auto_movable_zone_for_pfn(m, nid, group, start_pfn, nr_pages);
	return default_zone_for_pfn(m, nid, start_pfn, nr_pages);
}
