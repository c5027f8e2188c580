/* SPDX-License-Identifier: MIT */
/*
 * boot/reserve.c — the boot reservation model (INTERIM: placement order and sizes are
 * being derived from the 6.1 sources and the calibration transcripts; see
 * docs/boot-reservations.md). Early fixed reservations first, then top-down memblock
 * allocations in the order setup_arch and start_kernel make them, then the late frees.
 */
#include "reserve.h"

#define SZ_1M		(1ULL << 20)
#define SZ_2M		(2ULL << 20)
#define SZ_4G		(4ULL << 30)
#define NODE_DATA_SIZE	0x2b000ULL	/* roundup(sizeof(pg_data_t), PAGE_SIZE) in 6.1 amd64 */
#define KERNEL_RESIDUAL	(11318ULL * PAGE_SIZE)	/* image pages never freed */
#define MISC_EARLY	(271ULL * PAGE_SIZE)	/* page tables, percpu, mem_section, usemaps */
#define INITRD_SIZE	0x13b000ULL	/* the oracle's initramfs (freed at the end of boot) */
#define SWIOTLB_SIZE	(64ULL << 20)

static uint64_t low_ram_end(const struct boot_state *bs)
{
	const struct memblock_region *r;
	uint64_t end = 0;

	for_each_memblock(&bs->memblock.memory, r)
		if (r->base < SZ_4G)
			end = r->base + r->size < SZ_4G ? r->base + r->size : SZ_4G;
	return end;
}

static unsigned long present_sections(const struct boot_state *bs, int nid)
{
	unsigned long n = 0, last = ~0UL;
	const struct memblock_region *r;

	for_each_memblock(&bs->memblock.memory, r) {
		if (r->nid != nid)
			continue;
		for (unsigned long s = r->base >> SECTION_SIZE_BITS;
		     s <= (r->base + r->size - 1) >> SECTION_SIZE_BITS; s++)
			if (s != last) {
				n++;
				last = s;
			}
	}
	return n;
}

/* alloc_large_system_hash() for a table of 8-byte buckets at @scale. */
static uint64_t hash_table_bytes(const struct boot_state *bs, int scale)
{
	unsigned long n = bs->zones.nr_kernel_pages;

	n = (n + 255) / 256 * 256;
	n >>= scale - PAGE_SHIFT;
	unsigned long p = 1;

	while (p < n)
		p <<= 1;
	uint64_t max = (PFN_PHYS(bs->zones.nr_all_pages) >> 4) / 8;

	if (p > max)
		p = max;
	return (uint64_t)p * 8;
}

static int nr_online_nodes(const struct boot_state *bs)
{
	int n = 0;

	for (int nid = 0; nid < bs->nr_node_ids; nid++)
		n += node_isset(bs->node_online, nid);
	return n;
}

void boot_reserve(struct boot_state *bs, const struct platform *p)
{
	struct memblock *mb = &bs->memblock;
	uint64_t initrd = low_ram_end(bs) - INITRD_SIZE;

	(void)p;
	memblock_reserve(mb, 0, SZ_1M);
	memblock_reserve(mb, bs->prof->kernel_text_start, KERNEL_RESIDUAL);
	memblock_reserve(mb, initrd, INITRD_SIZE);
	for (int nid = 0; nid < bs->nr_node_ids; nid++)
		if (node_isset(bs->node_online, nid))
			memblock_alloc_range_nid(mb, NODE_DATA_SIZE, PAGE_SIZE, 0, 0, nid, false);
	memblock_alloc_range_nid(mb, MISC_EARLY, PAGE_SIZE, 0, 0, NUMA_NO_NODE, false);
	for (int nid = 0; nid < bs->nr_node_ids; nid++) {
		unsigned long n = present_sections(bs, nid);

		if (n)
			memblock_alloc_range_nid(mb, n * SZ_2M, SZ_2M, 16 * SZ_1M, 0, nid, true);
	}
	for (int nid = 0; nid < bs->nr_node_ids; nid++)
		if (node_isset(bs->node_possible, nid) && !node_isset(bs->node_online, nid))
			memblock_alloc_range_nid(mb, NODE_DATA_SIZE, 64, 0, 0, NUMA_NO_NODE, false);
	if (nr_online_nodes(bs) == 1) {
		memblock_alloc_range_nid(mb, hash_table_bytes(bs, 13), 64, 0, 0, NUMA_NO_NODE, false);
		memblock_alloc_range_nid(mb, hash_table_bytes(bs, 14), 64, 0, 0, NUMA_NO_NODE, false);
	}
	memblock_alloc_range_nid(mb, SWIOTLB_SIZE, PAGE_SIZE, 0, SZ_4G, NUMA_NO_NODE, false);
	memblock_phys_free(mb, initrd, INITRD_SIZE);
}
