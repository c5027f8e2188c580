/* SPDX-License-Identifier: MIT */
/*
 * boot/zones.c — free_area_init for x86-64: DMA below 16 MiB, DMA32 below 4 GiB, Normal up
 * to the end of boot RAM; ZONE_MOVABLE carved from the highest populated zone per node as
 * kernelcore=/movablecore= ask (spread evenly over nodes, rounded up to MAX_ORDER pages),
 * or from every hot-pluggable region with movable_node (spec 20 §1, §5).
 */
#include "zones.h"

#include <string.h>

const char *const zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable", "Device" };

static unsigned long min_ul(unsigned long a, unsigned long b) { return a < b ? a : b; }
static unsigned long max_ul(unsigned long a, unsigned long b) { return a > b ? a : b; }
static unsigned long clamp_ul(unsigned long x, unsigned long lo, unsigned long hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* Page-trimmed pfn range of a memblock region: [PFN_UP(base), PFN_DOWN(end)). */
static void region_pfns(const struct memblock_region *r, unsigned long *s, unsigned long *e)
{
	*s = PFN_UP(r->base);
	*e = PHYS_PFN(r->base + r->size);
}

unsigned long pages_in_range(const struct memblock *mb, int nid, unsigned long start,
			     unsigned long end)
{
	const struct memblock_region *r;
	unsigned long total = 0;

	for_each_memblock(&mb->memory, r) {
		unsigned long s, e;

		if (nid != NUMA_NO_NODE && r->nid != nid)
			continue;
		region_pfns(r, &s, &e);
		s = max_ul(s, start);
		e = min_ul(e, end);
		if (e > s)
			total += e - s;
	}
	return total;
}

static void node_pfn_range(const struct memblock *mb, int nid, unsigned long *s, unsigned long *e)
{
	const struct memblock_region *r;

	*s = ~0UL;
	*e = 0;
	for_each_memblock(&mb->memory, r) {
		unsigned long rs, re;

		if (r->nid != nid)
			continue;
		region_pfns(r, &rs, &re);
		if (re <= rs)
			continue;
		*s = min_ul(*s, rs);
		*e = max_ul(*e, re);
	}
	if (*s == ~0UL)
		*s = 0;
}

static void arch_zone_limits(struct zone_layout *zl, const struct memblock *mb, unsigned long max_pfn)
{
	static const unsigned long max_zone_pfn_fixed[] = { MAX_DMA_PFN, MAX_DMA32_PFN };
	unsigned long start = mb->memory.cnt ? PFN_UP(mb->memory.regions[0].base) : 0;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		if (i == ZONE_MOVABLE)
			continue;
		unsigned long limit = i < ZONE_NORMAL ? max_zone_pfn_fixed[i] : max_pfn;
		unsigned long end = max_ul(limit, start);

		zl->arch_low[i] = start;
		zl->arch_high[i] = end;
		start = end;
	}
	zl->movable_zone = ZONE_DMA;
	for (int i = ZONE_MOVABLE - 1; i >= 0; i--)
		if (zl->arch_high[i] > zl->arch_low[i]) {
			zl->movable_zone = (enum zone_type)i;
			break;
		}
}

static unsigned long roundup_ul(unsigned long x, unsigned long a)
{
	return (x + a - 1) / a * a;
}

/* Walk each node's RAM giving kernelcore pages, and record where Movable starts. */
static void spread_kernelcore(struct zone_layout *zl, const struct memblock *mb,
			      unsigned long required_kernelcore, int usable_nodes,
			      const bool *has_mem)
{
	unsigned long usable_startpfn = zl->arch_low[zl->movable_zone];

	for (;;) {
		unsigned long kernelcore_node = required_kernelcore / (unsigned long)usable_nodes;

		for (int nid = 0; nid < zl->nr_nodes; nid++) {
			const struct memblock_region *r;
			unsigned long remaining;

			if (!has_mem[nid])
				continue;
			if (required_kernelcore < kernelcore_node)
				kernelcore_node = required_kernelcore / (unsigned long)usable_nodes;
			remaining = kernelcore_node;
			for_each_memblock(&mb->memory, r) {
				unsigned long s, e, size;

				if (r->nid != nid)
					continue;
				region_pfns(r, &s, &e);
				s = max_ul(s, zl->zone_movable_pfn[nid]);
				if (s >= e)
					continue;
				if (s < usable_startpfn) {
					unsigned long k = min_ul(e, usable_startpfn) - s;

					remaining -= min_ul(k, remaining);
					required_kernelcore -= min_ul(k, required_kernelcore);
					if (e <= usable_startpfn) {
						zl->zone_movable_pfn[nid] = e;
						continue;
					}
					s = usable_startpfn;
				}
				size = min_ul(e - s, remaining);
				zl->zone_movable_pfn[nid] = s + size;
				required_kernelcore -= min_ul(required_kernelcore, size);
				remaining -= size;
				if (!remaining)
					break;
			}
		}
		usable_nodes--;
		if (!usable_nodes || required_kernelcore <= (unsigned long)usable_nodes)
			break;
	}
}

static unsigned long core_pages(const struct core_param *cp, unsigned long totalpages)
{
	if (cp->kind == CORE_PERCENT)
		return totalpages * 100 * cp->value / 10000UL;
	return cp->kind == CORE_PAGES ? cp->value : 0;
}

static void find_zone_movable_pfns(struct zone_layout *zl, const struct memblock *mb,
				   const struct boot_params *bp)
{
	bool has_mem[64] = { false };
	int usable_nodes = 0;
	unsigned long totalpages = 0;

	for (int nid = 0; nid < zl->nr_nodes; nid++) {
		unsigned long n = pages_in_range(mb, nid, 0, ~0UL);

		totalpages += n;
		has_mem[nid] = n > 0;
		usable_nodes += n > 0;
	}
	if (bp->movable_node) {
		const struct memblock_region *r;

		for_each_memblock(&mb->memory, r) {
			if (!(r->flags & MEMBLOCK_HOTPLUG) || r->nid < 0)
				continue;
			unsigned long s = PHYS_PFN(r->base), *z = &zl->zone_movable_pfn[r->nid];

			*z = *z ? min_ul(*z, s) : s;
		}
	} else {
		unsigned long kernelcore = core_pages(&bp->kernelcore, totalpages);
		unsigned long movablecore = core_pages(&bp->movablecore, totalpages);

		if (movablecore) {
			movablecore = min_ul(totalpages, roundup_ul(movablecore, MAX_ORDER_NR_PAGES));
			kernelcore = max_ul(kernelcore, totalpages - movablecore);
		}
		if (!kernelcore || kernelcore >= totalpages)
			return;
		spread_kernelcore(zl, mb, kernelcore, usable_nodes, has_mem);
	}
	for (int nid = 0; nid < zl->nr_nodes; nid++) {
		unsigned long s, e;

		zl->zone_movable_pfn[nid] = roundup_ul(zl->zone_movable_pfn[nid], MAX_ORDER_NR_PAGES);
		node_pfn_range(mb, nid, &s, &e);
		if (zl->zone_movable_pfn[nid] >= e)
			zl->zone_movable_pfn[nid] = 0;
	}
}

static void zone_span(const struct zone_layout *zl, int nid, int z, unsigned long ns,
		      unsigned long ne, unsigned long *zs, unsigned long *ze)
{
	unsigned long zmp = zl->zone_movable_pfn[nid];

	*zs = clamp_ul(ns, zl->arch_low[z], zl->arch_high[z]);
	*ze = clamp_ul(ne, zl->arch_low[z], zl->arch_high[z]);
	if (zmp) {
		if (z == ZONE_MOVABLE) {
			*zs = zmp;
			*ze = min_ul(ne, zl->arch_high[zl->movable_zone]);
		} else if (*zs < zmp && *ze > zmp) {
			*ze = zmp;
		} else if (*zs >= zmp) {
			*zs = *ze;
		}
	}
	if (*ze < ns || *zs > ne) {
		*zs = *ze = 0;
		return;
	}
	*ze = min_ul(*ze, ne);
	*zs = max_ul(*zs, ns);
}

/* calc_memmap_size(): the memmap estimate free_area_init subtracts from each zone. */
static unsigned long calc_memmap_size(unsigned long spanned, unsigned long present)
{
	unsigned long pages = spanned;

	if (spanned > present + (present >> 4))
		pages = present;
	return (pages * 64 + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

void free_area_init_layout(struct zone_layout *zl, const struct memblock *mb,
			   const struct boot_params *bp, int nr_nodes, unsigned long max_pfn)
{
	memset(zl, 0, sizeof(*zl));
	zl->nr_nodes = nr_nodes;
	arch_zone_limits(zl, mb, max_pfn);
	find_zone_movable_pfns(zl, mb, bp);
	for (int nid = 0; nid < nr_nodes; nid++) {
		struct boot_node_zones *n = &zl->node[nid];

		node_pfn_range(mb, nid, &n->start_pfn, &n->end_pfn);
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			unsigned long zs, ze;

			if (n->end_pfn <= n->start_pfn || z == ZONE_DEVICE)
				continue;
			zone_span(zl, nid, z, n->start_pfn, n->end_pfn, &zs, &ze);
			n->zone[z].start_pfn = zs;
			n->zone[z].spanned = ze - zs;
			n->zone[z].present = pages_in_range(mb, nid, zs, ze);
			unsigned long memmap = calc_memmap_size(ze - zs, n->zone[z].present);
			unsigned long freesize = n->zone[z].present > memmap ? n->zone[z].present - memmap : 0;

			zl->nr_kernel_pages += freesize;
			zl->nr_all_pages += freesize;
		}
	}
}
