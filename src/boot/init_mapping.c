/* SPDX-License-Identifier: MIT */
/*
 * boot/init_mapping.c — init_mem_mapping(): the page tables x86 builds for the direct map
 * at boot, simulated step by step because where memblock places them (and whether the brk
 * buffer suffices) decides a few reserved pages at the top of RAM. 2 MiB pages only (the
 * qemu64 CPU has no 1 GiB pages). Part of the boot reservation model (boot/reserve.c).
 */
#include "init_mapping.h"

#include <stdlib.h>
#include <string.h>

#include "boot/zones.h"

#define ISA_END_ADDRESS		0x100000ULL
#define PMD_SIZE		(2ULL << 20)
#define PUD_SIZE		(1ULL << 30)
#define PGDIR_SIZE		(512ULL << 30)

static uint64_t min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }
static uint64_t max_u64(uint64_t a, uint64_t b) { return a > b ? a : b; }
static uint64_t round_up(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }
static uint64_t round_down(uint64_t x, uint64_t a) { return x / a * a; }

/* ---------------------------------------------------------------------------------------
 * init_mem_mapping(): the direct map with 2 MiB pages (no 1 GiB pages on qemu64). Page
 * tables come from the brk buffer (inside the image reservation) until it is used up or
 * the range being mapped overlaps it; then from memblock inside what is mapped already.
 */
struct ram_range {
	uint64_t start, end;
};

struct init_mapping {
	struct memblock *mb;
	const struct kernel_build *k;
	struct ram_range *ram;		/* RAM as one memblock.memory before NUMA: merged */
	int nr_ram;
	uint8_t *pud_done;		/* bit per 512 GiB: PUD page allocated */
	uint8_t *pmd_done;		/* bit per 1 GiB: PMD page allocated */
	uint64_t *pte_done;		/* 2 MiB indices with a PTE page (few: ragged ends) */
	int nr_pte, max_pte;
	unsigned int buf_used;		/* brk pgt_buf pages used */
	bool can_use_brk;
	unsigned long min_pfn_mapped, max_pfn_mapped;
};

static bool test_and_set(uint8_t *map, uint64_t bit)
{
	bool was = map[bit / 8] & (1u << (bit % 8));

	map[bit / 8] |= (uint8_t)(1u << (bit % 8));
	return was;
}

static void alloc_low_pages(struct init_mapping *im)
{
	if (im->buf_used + 1 > im->k->pgt_buf_pages || !im->can_use_brk) {
		if (im->min_pfn_mapped < im->max_pfn_mapped &&
		    memblock_alloc_range_nid(im->mb, PAGE_SIZE, PAGE_SIZE, PFN_PHYS(im->min_pfn_mapped),
					     PFN_PHYS(im->max_pfn_mapped), NUMA_NO_NODE, false))
			return;
	}
	im->buf_used++;	/* the buffer, or extend_brk() when memblock has nothing mapped */
}

static bool pte_table_exists(struct init_mapping *im, uint64_t pmd_idx)
{
	for (int i = 0; i < im->nr_pte; i++)
		if (im->pte_done[i] == pmd_idx)
			return true;
	if (im->nr_pte == im->max_pte) {
		im->max_pte = im->max_pte ? 2 * im->max_pte : 16;
		im->pte_done = realloc(im->pte_done, sizeof(*im->pte_done) * (size_t)im->max_pte);
		if (!im->pte_done)
			abort();
	}
	im->pte_done[im->nr_pte++] = pmd_idx;
	return false;
}

/* Walk PGD -> PUD -> PMD (-> PTE when !@big) over [a, b), allocating missing tables. */
static void map_range(struct init_mapping *im, uint64_t a, uint64_t b, bool big)
{
	while (a < b) {
		uint64_t gend = min_u64(b, round_down(a, PGDIR_SIZE) + PGDIR_SIZE);

		if (!test_and_set(im->pud_done, a / PGDIR_SIZE))
			alloc_low_pages(im);
		while (a < gend) {
			uint64_t uend = min_u64(gend, round_down(a, PUD_SIZE) + PUD_SIZE);

			if (!test_and_set(im->pmd_done, a / PUD_SIZE))
				alloc_low_pages(im);
			for (uint64_t d = a / PMD_SIZE; !big && d <= (uend - 1) / PMD_SIZE; d++)
				if (!pte_table_exists(im, d))
					alloc_low_pages(im);
			a = uend;
		}
	}
}

static bool is_region_memory(const struct init_mapping *im, uint64_t s, uint64_t e)
{
	for (int i = 0; i < im->nr_ram; i++)
		if (im->ram[i].start <= s && e <= im->ram[i].end)
			return true;
	return false;
}

struct map_piece {
	uint64_t a, b;
	bool big;		/* 2 MiB pages */
};

/* init_memory_mapping(): split_mem_range into 4K head, 2M body, 4K tail; map them. */
static void init_memory_mapping(struct init_mapping *im, uint64_t start, uint64_t end)
{
	struct map_piece piece[3];
	uint64_t s = start, head_end = min_u64(end, round_up(start, PMD_SIZE));
	uint64_t body_end = round_down(end, PMD_SIZE);
	int n = 0;

	if (s < head_end) {
		piece[n++] = (struct map_piece){ s, head_end, false };
		s = head_end;
	}
	if (s < body_end) {
		piece[n++] = (struct map_piece){ s, body_end, true };
		s = body_end;
	}
	if (s < end)
		piece[n++] = (struct map_piece){ s, end, false };
	for (int i = 0; i < n; i++) {
		if (!piece[i].big)	/* promoted when the whole 2 MiB around it is RAM */
			piece[i].big = is_region_memory(im, round_down(piece[i].a, PMD_SIZE),
							round_up(piece[i].b, PMD_SIZE));
		map_range(im, piece[i].a, piece[i].b, piece[i].big);
	}
	im->max_pfn_mapped = (unsigned long)max_u64(im->max_pfn_mapped, PHYS_PFN(end));
}

/* init_range_memory_mapping(): map the RAM inside [r_start, r_end); returns bytes mapped. */
static uint64_t init_range_memory_mapping(struct init_mapping *im, uint64_t r_start, uint64_t r_end)
{
	uint64_t mapped = 0;

	for (int i = 0; i < im->nr_ram; i++) {
		uint64_t s = min_u64(max_u64(im->ram[i].start, r_start), r_end);
		uint64_t e = min_u64(max_u64(im->ram[i].end, r_start), r_end);
		uint64_t buf_end = im->k->pgt_buf_start + PFN_PHYS(im->buf_used);
		uint64_t buf_top = im->k->pgt_buf_start + PFN_PHYS(im->k->pgt_buf_pages);

		if (s >= e)
			continue;
		im->can_use_brk = max_u64(s, buf_end) >= min_u64(e, buf_top);
		init_memory_mapping(im, s, e);
		mapped += e - s;
		im->can_use_brk = true;
	}
	return mapped;
}

/* memory_map_bottom_up(): used while movable_node keeps memblock bottom-up. */
static void memory_map_bottom_up(struct init_mapping *im, uint64_t start, uint64_t end)
{
	uint64_t step = PMD_SIZE, mapped = 0;

	im->min_pfn_mapped = PHYS_PFN(start);
	while (start < end) {
		uint64_t next = end - start > step ? min_u64(end, round_up(start + 1, step)) : end;

		mapped += init_range_memory_mapping(im, start, next);
		start = next;
		if (mapped >= step)
			step <<= 8;
	}
}

/* memory_map_top_down(): from the top 2 MiB that memblock could give, growing steps down. */
static void memory_map_top_down(struct init_mapping *im, uint64_t end)
{
	uint64_t probe = memblock_alloc_range_nid(im->mb, PMD_SIZE, PMD_SIZE, ISA_END_ADDRESS, end,
						  NUMA_NO_NODE, false);
	uint64_t real_end, last, step = PMD_SIZE, mapped = 0;

	if (probe) {
		memblock_phys_free(im->mb, probe, PMD_SIZE);
		real_end = probe + PMD_SIZE;
	} else {
		real_end = max_u64(ISA_END_ADDRESS, round_down(end, PMD_SIZE));
	}
	im->max_pfn_mapped = 0;
	im->min_pfn_mapped = PHYS_PFN(real_end);
	for (last = real_end; last > ISA_END_ADDRESS;) {
		uint64_t start = last > step ? max_u64(ISA_END_ADDRESS, round_down(last - 1, step)) :
					       ISA_END_ADDRESS;

		mapped += init_range_memory_mapping(im, start, last);
		last = start;
		im->min_pfn_mapped = PHYS_PFN(last);
		if (mapped >= step)
			step <<= 8;
	}
	if (real_end < end)
		init_range_memory_mapping(im, real_end, end);
}

void init_mem_mapping(struct memblock *mb, const struct kernel_build *k, unsigned long max_pfn,
		      bool movable_node)
{
	uint64_t end = PFN_PHYS(max_pfn);
	struct init_mapping im = { .mb = mb, .k = k, .can_use_brk = true };
	const struct memblock_region *r;

	im.ram = calloc((size_t)mb->memory.cnt, sizeof(*im.ram));
	im.pud_done = calloc(end / PGDIR_SIZE / 8 + 2, 1);
	im.pmd_done = calloc(end / PUD_SIZE / 8 + 2, 1);
	if (!im.ram || !im.pud_done || !im.pmd_done)
		abort();
	for_each_memblock(&mb->memory, r) {
		if (im.nr_ram && im.ram[im.nr_ram - 1].end == r->base)
			im.ram[im.nr_ram - 1].end = r->base + r->size;
		else
			im.ram[im.nr_ram++] = (struct ram_range){ r->base, r->base + r->size };
	}
	init_memory_mapping(&im, 0, ISA_END_ADDRESS);
	if (movable_node) {
		mb->bottom_up = true;
		memory_map_bottom_up(&im, k->image_reserve_end, end);
		memory_map_bottom_up(&im, ISA_END_ADDRESS, k->image_reserve_end);
		mb->bottom_up = false;	/* numa_init puts it back once SRAT is parsed */
	} else {
		memory_map_top_down(&im, end);
	}
	if (im.max_pfn_mapped)
		mb->current_limit = PFN_PHYS(im.max_pfn_mapped);
	free(im.ram);
	free(im.pud_done);
	free(im.pmd_done);
	free(im.pte_done);
}
