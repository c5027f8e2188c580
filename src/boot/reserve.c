/* SPDX-License-Identifier: MIT */
/*
 * boot/reserve.c — the boot reservation model of docs/boot-reservations.md (reference:
 * tools/bootmodel/model.py). It replays, on our memblock, every reservation and memblock
 * allocation Linux 6.1 makes between setup_arch() and memblock_free_all(), in the kernel's
 * order and with its sizes, alignments, node preferences and lower bounds, then applies
 * the frees made after boot (initrd, init sections, image gaps). Placement is exact
 * because memblock's rules are: top-down first fit, byte-granular reservations, and a
 * page that is partly reserved is never freed.
 *
 * Sizes come from the profile's struct kernel_build; nothing is keyed by RAM size. Every
 * loop runs over regions, nodes, CPUs, roots or GiB steps, never over pages or sections.
 */
#include "reserve.h"

#include "boot/init_mapping.h"

#include <stdlib.h>
#include <string.h>

#define SZ_4G			(4ULL << 30)
#define ISA_END_ADDRESS		0x100000ULL
#define MAX_DMA_ADDRESS		(16ULL << 20)	/* lower bound of memmap, percpu, vmemmap tables */
#define SMP_CACHE_BYTES		64ULL
#define PMD_SIZE		(2ULL << 20)
#define PUD_SIZE		(1ULL << 30)
#define PGDIR_SIZE		(512ULL << 30)
#define SECTION_SIZE		(1ULL << SECTION_SIZE_BITS)
#define NODE_MIN_BYTES		(4ULL << 20)	/* numa: a node needs 4 MiB of RAM to be online */
#define BIOS_LOW_RESERVE	0x10000ULL	/* reserve_bios_regions: page 0 .. 64 KiB */
#define EBDA_START		0x9f000ULL	/* EBDA/BIOS area up to 1 MiB */
#define MP_TABLE_START		0xf5ba0ULL	/* SeaBIOS MP floating pointer + table */
#define MP_TABLE_END		0xf5c78ULL
#define IO_TLB_SHIFT		11		/* 2 KiB swiotlb slabs */
#define NR_BOOT_CPUMASKS	4
#define PCPU_SLOT_BASE_SHIFT	5		/* setup_per_cpu_areas' cpumask_var_t copies */

/* setup_arch's small late allocations: sizes in bytes. */
#define HPET_DESC_BYTES		73
#define IOAPIC_RES_BYTES	75
#define E820_RES_BYTES		64		/* struct resource per kernel e820 entry */
#define FIRMWARE_MAP_BYTES	104		/* struct firmware_map_entry per firmware entry */
#define NOSAVE_REGION_BYTES	32

/* pcpu_setup_first_chunk(): the two chunk descriptors and their maps, after the slots. */
static const uint64_t pcpu_first_chunk_bytes[] = { 144, 256, 264, 64, 144, 896, 904, 224 };

/* One run of the model on one boot. */
struct reserve_run {
	struct boot_state *bs;
	const struct platform *p;
	const struct kernel_build *k;
	struct memblock *mb;
	uint64_t initrd_start, initrd_end;	/* page aligned; equal when there is no initrd */
	uint64_t *node_data;		/* NODE_DATA(nid) address, 0 = node has < 4 MiB RAM */
	int nr_data_nodes;		/* nodes with a NODE_DATA (numa "online" nodes) */
	unsigned long nr_kernel_pages;	/* free_area_init's estimate, dma_reserve included */
};

static uint64_t min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }
static uint64_t max_u64(uint64_t a, uint64_t b) { return a > b ? a : b; }
static uint64_t round_up(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }
static uint64_t round_down(uint64_t x, uint64_t a) { return x / a * a; }

static uint64_t roundup_pow_of_two(uint64_t n)
{
	uint64_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/*
 * memblock_alloc_try_nid(): @nid preferred (any node unless @exact_nid), below
 * current_limit, and without @min_addr when nothing fits above it. Returns 0 on failure.
 */
static uint64_t alloc_try_nid(struct reserve_run *rr, uint64_t size, uint64_t align,
			      uint64_t min_addr, uint64_t max_addr, int nid, bool exact_nid)
{
	uint64_t a = memblock_alloc_range_nid(rr->mb, size, align, min_addr, max_addr, nid, exact_nid);

	if (!a && min_addr)
		a = memblock_alloc_range_nid(rr->mb, size, align, 0, max_addr, nid, exact_nid);
	return a;
}

/* memblock_alloc(): SMP_CACHE_BYTES aligned, any node. */
static uint64_t alloc_small(struct reserve_run *rr, uint64_t size)
{
	return alloc_try_nid(rr, size, SMP_CACHE_BYTES, 0, 0, NUMA_NO_NODE, false);
}

/* Whole pages of [lo, hi) inside [start_pfn, end_pfn): __free_pages_memory's PFN_UP/PFN_DOWN. */
static unsigned long whole_pages(uint64_t lo, uint64_t hi, unsigned long start_pfn,
				 unsigned long end_pfn)
{
	uint64_t a = max_u64(PFN_UP(lo), start_pfn), b = min_u64(PHYS_PFN(hi), end_pfn);

	return b > a ? (unsigned long)(b - a) : 0;
}

/* Pages of [start_pfn, end_pfn) that memblock_free_all would free now. */
static unsigned long free_pages_in(const struct memblock *mb, unsigned long start_pfn,
				   unsigned long end_pfn)
{
	const struct memblock_region *m, *r;
	unsigned long freed = 0;

	for_each_memblock(&mb->memory, m) {
		uint64_t lo = m->base, hi = m->base + m->size;

		for_each_memblock(&mb->reserved, r) {
			if (r->base + r->size <= lo)
				continue;
			if (r->base >= hi)
				break;
			freed += whole_pages(lo, r->base, start_pfn, end_pfn);
			lo = r->base + r->size;
			if (lo >= hi)
				break;
		}
		freed += whole_pages(lo, hi, start_pfn, end_pfn);
	}
	return freed;
}

/* ---------------------------------------------------------------------------------------
 * Early fixed reservations: the image, BIOS areas, the initrd, the first MiB.
 */

/* End of the highest RAM below 4 GiB, where QEMU (and a boot loader) puts the initrd. */
static uint64_t low_ram_end(const struct memblock *mb)
{
	const struct memblock_region *r;
	uint64_t end = 0;

	for_each_memblock(&mb->memory, r)
		if (r->base < SZ_4G)
			end = min_u64(r->base + r->size, SZ_4G);
	return end;
}

static void reserve_early(struct reserve_run *rr)
{
	const struct kernel_build *k = rr->k;
	struct memblock *mb = rr->mb;
	uint64_t top = low_ram_end(mb);

	memblock_reserve(mb, rr->bs->prof->kernel_text_start,
			 k->image_reserve_end - rr->bs->prof->kernel_text_start);
	memblock_reserve(mb, 0, BIOS_LOW_RESERVE);
	if (top > k->initrd_bytes + 1) {
		/* QEMU: (initrd_max - size) & ~4095; early_reserve_initrd: to PAGE_ALIGN(end) */
		uint64_t start = round_down(top - 1 - k->initrd_bytes, PAGE_SIZE);
		uint64_t end = round_up(start + k->initrd_bytes, PAGE_SIZE);

		if (memblock_ram_in(mb, start, end, NUMA_NO_NODE) == end - start) {
			rr->initrd_start = start;
			rr->initrd_end = end;
			memblock_reserve(mb, start, end - start);
		}
	}
	memblock_reserve(mb, EBDA_START, ISA_END_ADDRESS - EBDA_START);
	memblock_reserve(mb, MP_TABLE_START, MP_TABLE_END - MP_TABLE_START);
	memblock_alloc_range_nid(mb, k->realmode_bytes, PAGE_SIZE, 0, ISA_END_ADDRESS,
				 NUMA_NO_NODE, false);
	memblock_reserve(mb, 0, ISA_END_ADDRESS);
}

/* ---------------------------------------------------------------------------------------
 * NUMA and sparse: NODE_DATA, mem_section roots, usemaps, the memmap, vmemmap tables.
 */
static void alloc_node_data(struct reserve_run *rr)
{
	struct boot_state *bs = rr->bs;
	uint64_t size = round_up(rr->k->pgdat_size, PAGE_SIZE);

	for (int nid = 0; nid < bs->nr_node_ids; nid++) {
		if (!node_isset(bs->node_possible, nid) ||
		    memblock_ram_in(rr->mb, 0, UINT64_MAX, nid) < NODE_MIN_BYTES)
			continue;
		rr->node_data[nid] = alloc_try_nid(rr, size, SMP_CACHE_BYTES, 0, 0, nid, false);
		rr->nr_data_nodes++;
	}
}

/* Present sections [start, end) with the nid of the region that first holds them. */
struct section_range {
	int nid;
	uint64_t start, end;
};

/* Sections of memblock.memory, ascending, each once. Caller frees *@out. */
static int present_section_ranges(const struct memblock *mb, struct section_range **out)
{
	const struct memblock_region *r;
	struct section_range *sr = calloc((size_t)mb->memory.cnt + 1, sizeof(*sr));
	uint64_t next = 0;
	int n = 0;

	if (!sr)
		abort();
	for_each_memblock(&mb->memory, r) {
		uint64_t s = max_u64(r->base >> SECTION_SIZE_BITS, next);
		uint64_t e = ((r->base + r->size - 1) >> SECTION_SIZE_BITS) + 1;

		if (s >= e)
			continue;
		sr[n++] = (struct section_range){ r->nid, s, e };
		next = e;
	}
	*out = sr;
	return n;
}

/* sparse_init(): one root page per sections_per_root sections, on the first one's node. */
static void alloc_section_roots(struct reserve_run *rr, const struct section_range *sr, int n)
{
	uint64_t per = rr->k->sections_per_root, next_root = 0;

	if (n)
		alloc_small(rr, rr->k->mem_section_roots_bytes);
	for (int i = 0; i < n; i++)
		for (uint64_t root = max_u64(sr[i].start / per, next_root); root <= (sr[i].end - 1) / per;
		     root++) {
			alloc_try_nid(rr, rr->k->section_root_bytes, SMP_CACHE_BYTES, 0, 0, sr[i].nid, false);
			next_root = root + 1;
		}
}

/* vmemmap_populate(): a PUD page per 512 GiB and a PMD page per GiB of vmemmap. */
static void alloc_vmemmap_tables(struct reserve_run *rr, const struct section_range *s,
				 uint64_t *next_pud, uint64_t *next_pmd)
{
	uint64_t per = PAGES_PER_SECTION * rr->k->struct_page_bytes;

	for (uint64_t u = s->start * per / PUD_SIZE; u <= (s->end * per - 1) / PUD_SIZE; u++) {
		if (u / (PGDIR_SIZE / PUD_SIZE) >= *next_pud) {
			alloc_try_nid(rr, PAGE_SIZE, PAGE_SIZE, MAX_DMA_ADDRESS, 0, s->nid, false);
			*next_pud = u / (PGDIR_SIZE / PUD_SIZE) + 1;
		}
		if (u >= *next_pmd) {
			alloc_try_nid(rr, PAGE_SIZE, PAGE_SIZE, MAX_DMA_ADDRESS, 0, s->nid, false);
			*next_pmd = u + 1;
		}
	}
}

/* sparse_init_nid() per run of sections of one node: usemap, memmap buffer, vmemmap. */
static void sparse_init(struct reserve_run *rr)
{
	uint64_t per = PAGES_PER_SECTION * rr->k->struct_page_bytes, next_pud = 0, next_pmd = 0;
	struct section_range *sr;
	int n = present_section_ranges(rr->mb, &sr);

	alloc_section_roots(rr, sr, n);
	for (int i = 0, j; i < n; i = j) {
		int nid = sr[i].nid;
		uint64_t count = 0, goal = 0, usemap;

		for (j = i; j < n && sr[j].nid == nid; j++)
			count += sr[j].end - sr[j].start;
		if (nid >= 0 && nid < rr->bs->nr_node_ids)
			goal = round_down(rr->node_data[nid], SECTION_SIZE);
		usemap = rr->k->usage_bytes_per_section * count;
		if (!memblock_alloc_range_nid(rr->mb, usemap, SMP_CACHE_BYTES, goal,
					      goal ? goal + SECTION_SIZE : 0, nid, false))
			alloc_try_nid(rr, usemap, SMP_CACHE_BYTES, 0, 0, nid, false);
		alloc_try_nid(rr, per * count, per, MAX_DMA_ADDRESS, 0, nid, true);
		for (int k = i; k < j; k++)
			alloc_vmemmap_tables(rr, &sr[k], &next_pud, &next_pmd);
	}
	free(sr);
}

/* ---------------------------------------------------------------------------------------
 * free_area_init(): dma_reserve, the memoryless nodes' pgdat, nr_kernel_pages.
 */
static unsigned long calc_memmap_size(const struct kernel_build *k, const struct boot_zone *z)
{
	unsigned long pages = z->spanned;

	if (z->spanned > z->present + (z->present >> 4))
		pages = z->present;
	return (unsigned long)round_up(pages * k->struct_page_bytes, PAGE_SIZE) >> PAGE_SHIFT;
}

/*
 * calculate_node_totalpages()'s freesize summed over all zones: present minus the memmap
 * estimate, minus dma_reserve in ZONE_DMA (zones.c leaves dma_reserve out).
 */
static unsigned long nr_kernel_pages(const struct reserve_run *rr, unsigned long dma_reserve)
{
	const struct boot_state *bs = rr->bs;
	unsigned long total = 0;

	for (int nid = 0; nid < bs->nr_node_ids && nid < 64; nid++)
		for (int z = 0; z <= ZONE_MOVABLE; z++) {
			const struct boot_zone *zone = &bs->zones.node[nid].zone[z];
			unsigned long memmap = calc_memmap_size(rr->k, zone), freesize = zone->present;

			if (freesize >= memmap)
				freesize -= memmap;
			if (z == ZONE_DMA && freesize > dma_reserve)
				freesize -= dma_reserve;
			total += freesize;
		}
	return total;
}

static void free_area_init(struct reserve_run *rr)
{
	struct boot_state *bs = rr->bs;
	/* memblock_find_dma_reserve(): RAM below 16 MiB that is not free now */
	unsigned long dma_reserve = pages_in_range(rr->mb, NUMA_NO_NODE, 0, MAX_DMA_PFN) -
				    free_pages_in(rr->mb, 0, MAX_DMA_PFN);

	for (int nid = 0; nid < bs->nr_node_ids; nid++)
		if (node_isset(bs->node_possible, nid) && !rr->node_data[nid])
			alloc_small(rr, rr->k->pgdat_size);
	rr->nr_kernel_pages = nr_kernel_pages(rr, dma_reserve);
}

/* ---------------------------------------------------------------------------------------
 * The rest of setup_arch and start_kernel up to mm_init.
 */

/* e820__register_nosave_regions(): one per gap between RAM entries, adjacent ones merged. */
static void alloc_nosave_regions(struct reserve_run *rr)
{
	const struct boot_state *bs = rr->bs;
	unsigned long last_end = 0;
	uint64_t last_addr = 0;
	bool have = false;

	for (int i = 0; i <= bs->e820.nr_entries; i++) {
		unsigned long a, b;

		if (i < bs->e820.nr_entries && (bs->e820.entries[i].type != E820_TYPE_RAM || !bs->e820.entries[i].size))
			continue;
		a = PHYS_PFN(last_addr);
		b = i < bs->e820.nr_entries ? PFN_UP(bs->e820.entries[i].addr) : bs->max_pfn;
		if (i < bs->e820.nr_entries)
			last_addr = bs->e820.entries[i].addr + bs->e820.entries[i].size;
		if (a >= b)
			continue;
		if (!have || last_end != a)
			alloc_small(rr, NOSAVE_REGION_BYTES);
		have = true;
		last_end = b;
	}
}

static void setup_arch_late(struct reserve_run *rr)
{
	alloc_small(rr, HPET_DESC_BYTES);
	alloc_small(rr, IOAPIC_RES_BYTES);
	alloc_small(rr, E820_RES_BYTES * (uint64_t)rr->bs->e820.nr_entries);
	for (int i = 0; i < rr->p->nr_e820; i++)
		alloc_small(rr, FIRMWARE_MAP_BYTES);
	alloc_nosave_regions(rr);
}

/*
 * pcpu_build_alloc_info(): units per allocation atom, the largest that wastes at most a
 * third of the CPUs' units without needing more allocations. Returns the unit size.
 */
static uint64_t pcpu_unit_size(const struct kernel_build *k, const int *cpus_on, int nr_nodes,
			       int nr_cpus)
{
	uint64_t alloc_size = round_up(k->pcpu_size_sum, k->pcpu_atom);
	uint64_t upa = alloc_size / k->pcpu_size_sum, best = 1, last_allocs = UINT64_MAX;

	while (alloc_size % upa || (alloc_size / upa) % PAGE_SIZE)
		upa--;
	for (uint64_t u = upa; u >= 1; u--) {
		uint64_t allocs = 0, wasted = 0;

		if (alloc_size % u || (alloc_size / u) % PAGE_SIZE)
			continue;
		for (int nid = 0; nid < nr_nodes; nid++) {
			allocs += (cpus_on[nid] + u - 1) / u;
			wasted += (cpus_on[nid] + u - 1) / u * u - cpus_on[nid];
		}
		if (wasted > (uint64_t)nr_cpus / 3)
			continue;
		if (allocs > last_allocs)
			break;
		last_allocs = allocs;
		best = u;
	}
	return alloc_size / best;
}

/* pcpu_nr_slots: __pcpu_size_to_slot(unit) + 2, plus the 4 special slots. */
static uint64_t pcpu_nr_slots(uint64_t unit)
{
	int slot = (64 - __builtin_clzll(unit)) - PCPU_SLOT_BASE_SHIFT + 2;

	return (uint64_t)(slot > 1 ? slot : 1) + 4;
}

/* setup_per_cpu_areas(): embedded first chunk, one group per node with CPUs. */
static void setup_per_cpu_areas(struct reserve_run *rr)
{
	const struct kernel_build *k = rr->k;
	int nr_nodes = rr->bs->nr_node_ids, nr_cpus = rr->p->nr_cpus, groups = 0;
	int *cpus_on = calloc((size_t)nr_nodes, sizeof(*cpus_on));

	if (!cpus_on)
		abort();
	for (int cpu = 0; cpu < nr_cpus; cpu++)
		if (rr->p->cpu_node[cpu] >= 0 && rr->p->cpu_node[cpu] < nr_nodes)
			cpus_on[rr->p->cpu_node[cpu]]++;
	uint64_t unit = pcpu_unit_size(k, cpus_on, nr_nodes, nr_cpus);
	uint64_t units_per_atom = round_up(k->pcpu_size_sum, k->pcpu_atom) / unit;
	uint64_t ai = alloc_try_nid(rr, PAGE_SIZE, PAGE_SIZE, 0, 0, NUMA_NO_NODE, false);
	uint64_t areas = alloc_small(rr, PAGE_SIZE);

	for (int nid = 0; nid < nr_nodes; nid++) {
		uint64_t units = (cpus_on[nid] + units_per_atom - 1) / units_per_atom * units_per_atom;
		uint64_t base;

		if (!cpus_on[nid])
			continue;
		groups++;
		base = alloc_try_nid(rr, units * unit, k->pcpu_atom, MAX_DMA_ADDRESS, 0,
				     rr->node_data[nid] ? nid : NUMA_NO_NODE, false);
		for (uint64_t i = 0; base && i < units; i++) {
			uint64_t keep = i < (uint64_t)cpus_on[nid] ? k->pcpu_size_sum : 0;

			memblock_phys_free(rr->mb, base + i * unit + keep, unit - keep);
		}
	}
	/* group offsets and sizes, unit map, unit offsets, slot lists */
	alloc_small(rr, 8 * (uint64_t)groups);
	alloc_small(rr, 8 * (uint64_t)groups);
	alloc_small(rr, 4 * (uint64_t)nr_cpus);
	alloc_small(rr, 8 * (uint64_t)nr_cpus);
	alloc_small(rr, 16 * pcpu_nr_slots(unit));
	for (size_t i = 0; i < sizeof(pcpu_first_chunk_bytes) / sizeof(pcpu_first_chunk_bytes[0]); i++)
		alloc_small(rr, pcpu_first_chunk_bytes[i]);
	memblock_phys_free(rr->mb, areas, PAGE_SIZE);
	memblock_phys_free(rr->mb, ai, PAGE_SIZE);
	for (int i = 0; i < NR_BOOT_CPUMASKS + nr_nodes; i++)
		alloc_small(rr, 8);
	free(cpus_on);
}

/* alloc_large_system_hash() for 8-byte buckets at @scale (13 dentry, 14 inode). */
static uint64_t large_system_hash_bytes(const struct reserve_run *rr, int scale)
{
	uint64_t n = round_up(rr->nr_kernel_pages, 256), adapt = (64ULL << 30) >> PAGE_SHIFT, max;

	for (; adapt < n; adapt <<= 2)
		scale++;
	n >>= scale - PAGE_SHIFT;
	if (n * 8 < PAGE_SIZE)
		n = PAGE_SIZE / 8;
	n = roundup_pow_of_two(n);
	max = min_u64((PFN_PHYS(rr->nr_kernel_pages) >> 4) / 8, 0x80000000ULL);
	n = min_u64(n, max);
	while (n & (n - 1))	/* rounddown_pow_of_two */
		n &= n - 1;
	return n * 8;
}

/* hashdist: on with more than one node with memory, unless hashdist=0. */
static bool hashdist(const struct reserve_run *rr)
{
	const char *line = rr->bs->params.cmdline ? rr->bs->params.cmdline : "";
	bool dist = rr->nr_data_nodes > 1;

	for (const char *t = line; (t = strstr(t, "hashdist")); t += 8)
		if ((t == line || t[-1] == ' ') && (t[8] == '=' || t[8] == ' ' || !t[8]))
			dist = t[8] == '=' && strtol(t + 9, NULL, 0) != 0 && rr->nr_data_nodes > 1;
	return dist;
}

/* Highest pfn memory can ever have: boot RAM, SRAT hot-pluggable ranges, the DIMM window. */
static unsigned long max_possible_pfn(const struct reserve_run *rr)
{
	uint64_t end = PFN_PHYS(rr->bs->max_pfn);

	for (int i = 0; i < rr->p->nr_srat; i++)
		end = max_u64(end, rr->p->srat[i].end);
	if (rr->p->dev_mem_size)
		end = max_u64(end, rr->p->dev_mem_base + rr->p->dev_mem_size);
	return PFN_UP(end);
}

static void start_kernel_allocs(struct reserve_run *rr)
{
	const struct kernel_build *k = rr->k;
	uint64_t cmdline_bytes = strlen(rr->bs->params.cmdline ? rr->bs->params.cmdline : "") + 1;

	alloc_small(rr, cmdline_bytes);		/* saved_command_line */
	alloc_small(rr, cmdline_bytes);		/* static_command_line */
	setup_per_cpu_areas(rr);
	/* the copy of unknown boot options is freed at once: no trace in memblock */
	if (!hashdist(rr)) {
		alloc_small(rr, large_system_hash_bytes(rr, 13));	/* dentry */
		alloc_small(rr, large_system_hash_bytes(rr, 14));	/* inode */
	}
	for (int i = 0; i < 3; i++)	/* fixmap / cpu_entry_area page tables (spp_getpage) */
		alloc_try_nid(rr, PAGE_SIZE, PAGE_SIZE, 0, 0, NUMA_NO_NODE, false);
	if (max_possible_pfn(rr) > MAX_DMA32_PFN) {	/* pci_swiotlb_detect_4gb */
		unsigned int nareas = (unsigned int)roundup_pow_of_two((uint64_t)rr->p->nr_cpus);

		strbuf_addf(&rr->bs->kmsg, "software IO TLB: area num %u.\n", nareas);
		rr->bs->swiotlb_start = alloc_try_nid(rr, k->swiotlb_bytes, PAGE_SIZE, 0, 0xffffffffULL,
						      NUMA_NO_NODE, false);
		rr->bs->swiotlb_bytes = k->swiotlb_bytes;
		alloc_try_nid(rr, (k->swiotlb_bytes >> IO_TLB_SHIFT) * k->swiotlb_slot_bytes, PAGE_SIZE,
			      0, 0, NUMA_NO_NODE, false);
		alloc_small(rr, k->swiotlb_area_bytes * roundup_pow_of_two((uint64_t)rr->p->nr_cpus));
	}
}

/* free_initrd_mem(), free_initmem() and friends: whole pages back to the buddy allocator. */
static void free_after_boot(struct reserve_run *rr)
{
	if (rr->initrd_end > rr->initrd_start)
		memblock_phys_free(rr->mb, rr->initrd_start, rr->initrd_end - rr->initrd_start);
	for (int i = 0; i < rr->k->nr_freed_after_boot; i++) {
		const struct kernel_image_free *f = &rr->k->freed_after_boot[i];

		memblock_phys_free(rr->mb, f->start, f->end - f->start);
	}
}

void boot_reserve(struct boot_state *bs, const struct platform *p)
{
	struct reserve_run rr = { .bs = bs, .p = p, .k = bs->prof->build, .mb = &bs->memblock };

	rr.node_data = calloc((size_t)bs->nr_node_ids + 1, sizeof(*rr.node_data));
	if (!rr.node_data)
		abort();
	reserve_early(&rr);
	init_mem_mapping(rr.mb, rr.k, bs->max_pfn, bs->params.movable_node);
	alloc_node_data(&rr);
	sparse_init(&rr);
	free_area_init(&rr);
	setup_arch_late(&rr);
	start_kernel_allocs(&rr);
	free_after_boot(&rr);
	free(rr.node_data);
}
