/* SPDX-License-Identifier: MIT */
/*
 * tests/invariants.h — what the seeded random tests share: their random numbers, and the
 * machine invariants they check after every operation (STYLE rule 8):
 *   per zone   managed <= present <= spanned;  per node  present == the sum of its zones;
 *   every block online or offline, never between;
 *   every online block inside its zone's span, on its zone's node.
 */
#ifndef MEMHP_TESTS_INVARIANTS_H
#define MEMHP_TESTS_INVARIANTS_H

#include <stdbool.h>

#include "helpers.h"
#include "hotplug/machine.h"

/* The next number of the sequence seeded in @state (Knuth's MMIX LCG, its top 31 bits). */
static inline unsigned int test_rand(unsigned long long *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)(*state >> 33);
}

/* Zone and node page counts agree; appends the first disagreement to @why if not. */
static inline bool zone_accounting_holds(const struct machine *m, struct strbuf *why)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		const struct pglist_data *pgdat = m->pgdat[nid];
		unsigned long present = 0;

		for (int z = 0; pgdat && z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &pgdat->node_zones[z];

			if (zone->managed_pages > zone->present_pages ||
			    zone->present_pages > zone->spanned_pages) {
				strbuf_addf(why, "node %d zone %s: managed %lu present %lu spanned %lu", nid,
					    zone_name(zone), zone->managed_pages, zone->present_pages,
					    zone->spanned_pages);
				return false;
			}
			present += zone->present_pages;
		}
		if (pgdat && present != pgdat->node_present_pages) {
			strbuf_addf(why, "node %d: present %lu != the sum of its zones %lu", nid,
				    pgdat->node_present_pages, present);
			return false;
		}
	}
	return true;
}

/* Is online block @mem inside its zone's span, on its zone's node? */
static inline bool block_in_its_zone(const struct machine *m, const struct memory_block *mem)
{
	unsigned long start = memory_block_start_pfn(m, mem);
	/* a boot block may end in a hole beyond its zone: only its first page must be inside */
	unsigned long end = start + (mem->nr_present < m->pages_per_block ? 1 : m->pages_per_block);

	return start >= mem->zone->zone_start_pfn && end <= zone_end_pfn(mem->zone) &&
	       mem->zone->nid == mem->nid;
}

/* Every block is settled, and online ones lie in their zone; appends the first that is not. */
static inline bool blocks_hold(struct machine *m, struct strbuf *why)
{
	uint64_t id = 0;
	struct memory_block *mem;

	for (; (mem = idxmap_next(&m->blocks, id, &id)); id++) {
		if (mem->state != MEM_ONLINE && mem->state != MEM_OFFLINE) {
			strbuf_addf(why, "memory%lu: left in state %#lx", mem->block_id, mem->state);
			return false;
		}
		if (mem->state == MEM_ONLINE && mem->zone && !block_in_its_zone(m, mem)) {
			strbuf_addf(why, "memory%lu: online outside its zone %s's span or node",
				    mem->block_id, zone_name(mem->zone));
			return false;
		}
	}
	return true;
}

/* Do all the invariants above hold? If not, @why says which first. Caller holds m->lock. */
static inline bool machine_invariants_hold(struct machine *m, struct strbuf *why)
{
	return zone_accounting_holds(m, why) && blocks_hold(m, why);
}

#endif
