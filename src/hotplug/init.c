/* SPDX-License-Identifier: MIT */
/*
 * hotplug/init.c — the memory half of boot after setup_arch: zones get their spans,
 * present pages and managed pages (present minus pages boot still holds), sections
 * become present and online, one memory block device per block with present sections,
 * linked to every node owning one of its pfns (holes count for the first online node).
 */
#include "init.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hotplug/memory.h"
#include "hotplug/memory_hotplug.h"

void kmsg(struct machine *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&m->kmsg, fmt, ap);
	va_end(ap);
	strbuf_addch(&m->kmsg, '\n');
}

/* Pages of [s, e) not covered by memblock.reserved: what memblock_free_all frees. */
static unsigned long free_pages_in(const struct memblock *mb, unsigned long s, unsigned long e)
{
	const struct memblock_region *r;
	unsigned long freed = 0;

	for_each_memblock(&mb->memory, r) {
		uint64_t lo = r->base, hi = r->base + r->size;
		const struct memblock_region *rs;

		/* walk the reserved list, freeing the gaps between reservations */
		for_each_memblock(&mb->reserved, rs) {
			uint64_t rlo = rs->base, rhi = rs->base + rs->size;

			if (rhi <= lo || rlo >= hi)
				continue;
			if (rlo > lo) {
				unsigned long a = PFN_UP(lo), b = PHYS_PFN(rlo);

				a = a > s ? a : s;
				b = b < e ? b : e;
				freed += b > a ? b - a : 0;
			}
			lo = rhi > lo ? rhi : lo;
		}
		if (hi > lo) {
			unsigned long a = PFN_UP(lo), b = PHYS_PFN(hi);

			a = a > s ? a : s;
			b = b < e ? b : e;
			freed += b > a ? b - a : 0;
		}
	}
	return freed;
}

/* The zone of node @nid whose span holds @pfn, or NULL. */
static struct zone *boot_zone(struct machine *m, int nid, unsigned long pfn)
{
	for (int z = 0; nid >= 0 && m->pgdat[nid] && z < MAX_NR_ZONES; z++) {
		struct zone *zone = &m->pgdat[nid]->node_zones[z];

		if (!zone_is_empty(zone) && pfn >= zone->zone_start_pfn && pfn < zone_end_pfn(zone))
			return zone;
	}
	return NULL;
}

/* [s, e) on @nid, cut at zone boundaries: free runs, or reserved extents when !@free. */
static void boot_pages_to_zones(struct machine *m, int nid, unsigned long s, unsigned long e, bool free)
{
	while (s < e) {
		struct zone *z = boot_zone(m, nid, s);

		if (!z) {
			s++;
			continue;
		}
		unsigned long ze = zone_end_pfn(z) < e ? zone_end_pfn(z) : e;

		if (free)
			zone_add_free_run(z, s, ze - s);
		else
			mm_add_reserved(&m->pages, z, s, ze - s);
		s = ze;
	}
}

/*
 * memblock_free_all(): the gaps between reservations of each memory region go to the buddy
 * (only whole pages); the RAM pages left are PageReserved extents of "memblock".
 */
static void init_page_alloc(struct machine *m)
{
	const struct memblock *mb = &m->boot.memblock;
	const struct memblock_region *r;

	mm_pages_init(&m->pages, m->pgdat, m->nr_node_ids, &m->nodes);
	m->pages.sparse = &m->sparse;
	m->pages.gigantic_pages = m->plat.gbpages;
	for_each_memblock(&mb->memory, r) {
		uint64_t lo = r->base, hi = r->base + r->size;
		unsigned long pos = PFN_UP(lo);
		const struct memblock_region *rs;

		for_each_memblock(&mb->reserved, rs) {
			uint64_t rlo = rs->base, rhi = rs->base + rs->size;

			if (rhi <= lo || rlo >= hi)
				continue;
			if (rlo > lo && PHYS_PFN(rlo) > PFN_UP(lo)) {
				boot_pages_to_zones(m, r->nid, pos, PFN_UP(lo), false);
				boot_pages_to_zones(m, r->nid, PFN_UP(lo), PHYS_PFN(rlo), true);
				pos = PHYS_PFN(rlo);
			}
			lo = rhi > lo ? rhi : lo;
		}
		if (PHYS_PFN(hi) > PFN_UP(lo)) {
			boot_pages_to_zones(m, r->nid, pos, PFN_UP(lo), false);
			boot_pages_to_zones(m, r->nid, PFN_UP(lo), PHYS_PFN(hi), true);
			pos = PHYS_PFN(hi);
		}
		boot_pages_to_zones(m, r->nid, pos, PHYS_PFN(r->base + r->size), false);
	}
	init_per_zone_wmark_min(&m->pages);
}

static void init_nodes(struct machine *m)
{
	const struct boot_state *bs = &m->boot;

	m->nr_node_ids = bs->nr_node_ids;
	for (int nid = 0; nid < bs->nr_node_ids; nid++) {
		if (!node_isset(bs->node_possible, nid))
			continue;
		node_set_state(&m->nodes, nid, N_POSSIBLE);
		m->pgdat[nid] = malloc(sizeof(*m->pgdat[nid]));
		if (!m->pgdat[nid])
			abort();
		pgdat_init(m->pgdat[nid], nid);
		if (node_isset(bs->node_online, nid))
			node_set_state(&m->nodes, nid, N_ONLINE);
		if (node_isset(bs->node_has_cpu, nid))
			node_set_state(&m->nodes, nid, N_CPU);
		if (nid >= 64)
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct boot_zone *bz = &bs->zones.node[nid].zone[z];
			struct zone *zone = &m->pgdat[nid]->node_zones[z];

			if (!bz->spanned)
				continue;
			zone->zone_start_pfn = bz->start_pfn;
			zone->spanned_pages = bz->spanned;
			zone->present_pages = zone->present_early_pages = bz->present;
			zone->managed_pages = free_pages_in(&bs->memblock, bz->start_pfn,
							    bz->start_pfn + bz->spanned);
			m->pgdat[nid]->node_present_pages += bz->present;
			if (bz->present) {
				node_set_state(&m->nodes, nid, N_MEMORY);
				if (z <= ZONE_NORMAL)
					node_set_state(&m->nodes, nid, N_NORMAL_MEMORY);
			}
		}
		pgdat_update_span(m->pgdat[nid]);
	}
}

/* Sections of boot RAM: present, early, online; zone uniform or mixed. */
static void init_sections(struct machine *m)
{
	const struct memblock_region *r;

	for_each_memblock(&m->boot.memblock.memory, r) {
		unsigned long s = PFN_UP(r->base), e = PHYS_PFN(r->base + r->size);

		if (e <= s)
			continue;
		sparse_mark_present(&m->sparse, s, e - s, r->nid, true);
		online_mem_sections(&m->sparse, s, e);
	}
	unsigned long last = unit_of(&m->sparse, m->boot.max_pfn ? m->boot.max_pfn - 1 : 0);

	for (unsigned long sec = 0; sec <= last; sec++) {
		struct mem_section *ms = nr_to_section(&m->sparse, sec);

		m->ops++;
		if (!ms)
			continue;
		if (!(ms->flags & SECTION_MARKED_PRESENT) || ms->nid < 0 || ms->nid >= 64)
			continue;
		unsigned long start = unit_pfn(&m->sparse, sec);
		int found = -1;

		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct boot_zone *bz = &m->boot.zones.node[ms->nid].zone[z];

			if (!bz->spanned || bz->start_pfn >= start + m->sparse.unit_pages ||
			    bz->start_pfn + bz->spanned <= start)
				continue;
			found = found < 0 ? z : SECTION_ZONE_MIXED;
		}
		ms->zone = found < 0 ? SECTION_ZONE_MIXED : (uint8_t)found;
	}
}

static bool block_has_nid_pfn(const struct machine *m, unsigned long start, int nid, int first_online)
{
	unsigned long end = start + m->pages_per_block;

	/* the block's sections are present: RAM by its region's node, holes by the first online node */
	unsigned long ram = pages_in_range(&m->boot.memblock, NUMA_NO_NODE, start, end);

	if (pages_in_range(&m->boot.memblock, nid, start, end))
		return true;
	return nid == first_online && ram < end - start;
}

static int init_boot_blocks(struct machine *m)
{
	unsigned long last = 0;
	int first_online = -1;
	const struct memblock_region *r;

	for_each_memblock(&m->boot.memblock.memory, r)
		last = unit_of(&m->sparse, PHYS_PFN(r->base + r->size - 1)) + 1;
	for (unsigned long id = 0; id < last; id++) {
		m->ops++;
		if (!valid_section_nr(&m->sparse, id))
			continue;
		unsigned long start = id * m->pages_per_block;
		struct memory_block *mem = memory_block_new(m, id, MEM_ONLINE);

		mem->source = MHP_SOURCE_BOOT;
		mem->nr_present = pages_in_range(&m->boot.memblock, NUMA_NO_NODE, start, start + m->pages_per_block);
		mem->onlined_by = ONLINED_BY_BOOT;
		idxmap_set(&m->blocks, id, mem);
	}
	for (int nid = 0; nid < m->nr_node_ids && first_online < 0; nid++)
		if (node_state(&m->nodes, nid, N_ONLINE))
			first_online = nid;
	/* register_one_node() for each online node, in order: link blocks in its span */
	for (int nid = 0; nid < m->nr_node_ids && nid < 64; nid++) {
		const struct pglist_data *pgdat = m->pgdat[nid];

		if (!pgdat || !node_state(&m->nodes, nid, N_ONLINE) || !pgdat->node_spanned_pages)
			continue;
		unsigned long s = pgdat->node_start_pfn, e = s + pgdat->node_spanned_pages;

		for (unsigned long id = s / m->pages_per_block; id <= (e - 1) / m->pages_per_block; id++) {
			struct memory_block *mem = find_memory_block_by_id(m, id);

			if (mem && block_has_nid_pfn(m, id * m->pages_per_block, nid, first_online))
				memory_block_add_nid(m, mem, nid, true);
		}
	}
	return 0;
}

static const char *e820_iomem_name(enum e820_type t)
{
	switch (t) {
	case E820_TYPE_RAM: return "System RAM";
	case E820_TYPE_ACPI: return "ACPI Tables";
	case E820_TYPE_NVS: return "ACPI Non-volatile Storage";
	case E820_TYPE_UNUSABLE: return "Unusable memory";
	case E820_TYPE_PRAM: return "Persistent Memory (legacy)";
	case E820_TYPE_PMEM: return "Persistent Memory";
	case E820_TYPE_SOFT_RESERVED: return "Soft Reserved";
	default: return "Reserved";
	}
}

/* firmware_map_add_early() for each entry of the firmware's own e820 (kernel edits excluded). */
static void init_firmware_map(struct machine *m)
{
	for (int i = 0; i < m->plat.nr_e820; i++) {
		const struct e820_entry *e = &m->plat.e820[i];

		if (e->size)
			firmware_map_add(m, e->addr, e->addr + e->size - 1, e820_iomem_name(e->type));
	}
}

/*
 * The e820 entries, then (as pcibios_resource_survey() inserts the reserved ones late, each
 * expanding into the bus resource that holds it) under the host bridge's MMCONFIG and
 * windows where those contain them.
 */
static void init_iomem(struct machine *m)
{
	m->iomem = iomem_root_new(52);
	for (int i = 0; i < m->plat.nr_bus_res; i++) {
		const struct fw_bus_resource *b = &m->plat.bus_res[i];

		request_region(m->iomem, b->start, b->size, b->name, IORESOURCE_MEM);
	}
	for (int i = 0; i < m->boot.e820.nr_entries; i++) {
		const struct e820_entry *e = &m->boot.e820.entries[i];
		unsigned long flags = IORESOURCE_MEM;

		if (!e->size)
			continue;
		if (e->type == E820_TYPE_RAM)
			flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY;
		else if (e->type != E820_TYPE_SOFT_RESERVED && e->type != E820_TYPE_RESERVED)
			flags |= IORESOURCE_BUSY;
		request_region(m->iomem, e->addr, e->size, e820_iomem_name(e->type), flags);
	}
}

static void init_params(struct machine *m)
{
	const struct boot_params *bp = &m->boot.params;

	m->default_online_type = bp->default_online_type >= 0 ? bp->default_online_type :
				 kconfig_default_online_type(&m->boot.kconfig);
	m->default_online_source = bp->default_online_type >= 0 ? ONLINED_BY_CMDLINE :
				   ONLINED_BY_KCONFIG;
	m->udev_online_type = -1;	/* no udev rule unless the machine's config sets one */
	m->online_policy = bp->online_policy;
	m->auto_movable_ratio = bp->auto_movable_ratio;
	m->auto_movable_numa_aware = bp->auto_movable_numa_aware;
	m->memmap_on_memory = bp->memmap_on_memory;
	/* without MHP_MEMMAP_ON_MEMORY the parameter does not exist: the command line's is ignored */
	if (!kconfig_enabled(&m->boot.kconfig, KCONFIG_MHP_MEMMAP_ON_MEMORY))
		m->memmap_on_memory = MEMMAP_ON_MEMORY_DISABLE;
	if (!m->prof->memmap_on_memory_force && m->memmap_on_memory == MEMMAP_ON_MEMORY_FORCE)
		m->memmap_on_memory = MEMMAP_ON_MEMORY_ENABLE;
	m->movable_node = bp->movable_node;
	m->arch_memory_probe = kconfig_enabled(&m->boot.kconfig, KCONFIG_ARCH_MEMORY_PROBE);
}

int machine_init_memory(struct machine *m)
{
	m->block_size = m->boot.block_size;
	m->sections_per_block = m->block_size / (PAGES_PER_SECTION * PAGE_SIZE);
	m->pages_per_block = m->sections_per_block * PAGES_PER_SECTION;
	idxmap_init(&m->blocks);
	idxmap_init(&m->section_memmap);
	strbuf_init(&m->kmsg);
	strbuf_add(&m->kmsg, m->boot.kmsg.buf, m->boot.kmsg.len);
	sparse_init(&m->sparse, (1UL << (52 - PAGE_SHIFT)) / m->pages_per_block, m->pages_per_block,
		    &m->boot.zones);
	init_params(m);
	m->offline_signal_after = -1;
	init_nodes(m);
	init_sections(m);
	init_page_alloc(m);
	init_iomem(m);
	init_firmware_map(m);
	return init_boot_blocks(m);
}

static int free_block(struct machine *m, struct memory_block *mem, void *arg)
{
	(void)arg;
	idxmap_set(&m->blocks, mem->block_id, NULL);
	free(mem);
	return 0;
}

void machine_release_memory(struct machine *m)
{
	walk_memory_blocks(m, 0, UINT64_MAX, free_block, NULL);
	free(m->uevents.block_ids);
	mm_pages_release(&m->pages);
	idxmap_release(&m->blocks);
	uint64_t s = 0;

	for (void *sm; (sm = idxmap_next(&m->section_memmap, s, &s)); s++) {
		free(sm);
		idxmap_set(&m->section_memmap, s, NULL);
	}
	idxmap_release(&m->section_memmap);
	sparse_release(&m->sparse);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		free(m->pgdat[nid]);
		m->pgdat[nid] = NULL;
	}
	while (m->groups) {
		struct memory_group *g = m->groups;

		m->groups = g->next;
		free(g);
	}
	free(m->fwmap);
	m->fwmap = NULL;
	resource_tree_free(m->iomem);
	m->iomem = NULL;
	strbuf_release(&m->kmsg);
}
