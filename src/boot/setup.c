/* SPDX-License-Identifier: MIT */
/*
 * boot/setup.c — setup_arch for memory on x86-64: the kernel's edits to e820 (first page
 * reserved), memblock from e820 RAM trimmed to pages, NUMA from SRAT (nodes possible,
 * online with memory or CPUs, MEMBLOCK_HOTPLUG), zone layout, boot reservations, and
 * probe_memory_block_size().
 */
#include "setup.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "boot/reserve.h"

#define MEM_SIZE_FOR_LARGE_BLOCK	(64ULL << 30)
#define MAX_BLOCK_SIZE			(2ULL << 30)
#define MIN_MEMORY_BLOCK_SIZE		(128ULL << 20)

static const char *e820_type_name(enum e820_type t)
{
	switch (t) {
	case E820_TYPE_RAM: return "usable";
	case E820_TYPE_RESERVED: return "reserved";
	case E820_TYPE_ACPI: return "ACPI data";
	case E820_TYPE_NVS: return "ACPI NVS";
	case E820_TYPE_UNUSABLE: return "unusable";
	case E820_TYPE_PMEM: return "persistent (type 7)";
	case E820_TYPE_PRAM: return "persistent (type 12)";
	case E820_TYPE_SOFT_RESERVED: return "soft reserved";
	}
	return "unknown";
}

static void e820_insert(struct boot_state *bs, int idx, struct e820_entry e)
{
	bs->e820 = realloc(bs->e820, sizeof(*bs->e820) * (size_t)(bs->nr_e820 + 1));
	memmove(&bs->e820[idx + 1], &bs->e820[idx], sizeof(*bs->e820) * (size_t)(bs->nr_e820 - idx));
	bs->e820[idx] = e;
	bs->nr_e820++;
}

/* Copy the firmware map, log it, reserve the first page, apply mem=. */
static void setup_e820(struct boot_state *bs, const struct platform *p)
{
	for (int i = 0; i < p->nr_e820; i++) {
		const struct e820_entry *e = &p->e820[i];

		strbuf_addf(&bs->kmsg, "BIOS-e820: [mem 0x%016llx-0x%016llx] %s\n",
			    (unsigned long long)e->addr, (unsigned long long)(e->addr + e->size - 1),
			    e820_type_name(e->type));
		e820_insert(bs, bs->nr_e820, *e);
	}
	if (bs->nr_e820 && bs->e820[0].addr == 0 && bs->e820[0].type == E820_TYPE_RAM &&
	    bs->e820[0].size > PAGE_SIZE) {
		bs->e820[0].addr = PAGE_SIZE;
		bs->e820[0].size -= PAGE_SIZE;
		e820_insert(bs, 0, (struct e820_entry){ 0, PAGE_SIZE, E820_TYPE_RESERVED });
		strbuf_addstr(&bs->kmsg, "e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n");
	}
	uint64_t limit = bs->params.mem_limit;

	for (int i = 0; limit && i < bs->nr_e820; i++) {
		struct e820_entry *e = &bs->e820[i];

		if (e->type != E820_TYPE_RAM || e->addr + e->size <= limit)
			continue;
		e->size = e->addr >= limit ? 0 : limit - e->addr;
	}
}

static void setup_memblock(struct boot_state *bs)
{
	memblock_init(&bs->memblock);
	for (int i = 0; i < bs->nr_e820; i++) {
		const struct e820_entry *e = &bs->e820[i];

		if (e->type != E820_TYPE_RAM || !e->size)
			continue;
		/* memblock_trim_memory(): whole pages only */
		uint64_t s = (e->addr + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		uint64_t end = (e->addr + e->size) & ~(PAGE_SIZE - 1);

		if (end > s)
			memblock_add_node(&bs->memblock, s, end - s, NUMA_NO_NODE, MEMBLOCK_NONE);
		if (PHYS_PFN(end) > bs->max_pfn)
			bs->max_pfn = PHYS_PFN(end);
	}
	bs->memblock.current_limit = PFN_PHYS(bs->max_pfn);
	bs->memblock.movable_node = bs->params.movable_node;
}

static void setup_numa(struct boot_state *bs, const struct platform *p)
{
	int nodes = p->nr_nodes ? p->nr_nodes : 1;

	memblock_set_node(&bs->memblock, 0, UINT64_MAX, 0);
	for (int i = 0; i < p->nr_srat; i++) {
		const struct srat_memory *s = &p->srat[i];

		node_set(bs->node_possible, s->nid);
		memblock_set_node(&bs->memblock, s->start, s->end - s->start, s->nid);
		if (s->hotpluggable)
			memblock_set_flags(&bs->memblock, s->start, s->end - s->start, MEMBLOCK_HOTPLUG, true);
	}
	node_set(bs->node_possible, 0);
	for (int cpu = 0; cpu < p->nr_cpus; cpu++) {
		node_set(bs->node_possible, p->cpu_node[cpu]);
		node_set(bs->node_has_cpu, p->cpu_node[cpu]);
		node_set(bs->node_online, p->cpu_node[cpu]);
	}
	for (int nid = 0; nid < nodes; nid++)
		if (memblock_ram_in(&bs->memblock, 0, UINT64_MAX, nid))
			node_set(bs->node_online, nid);
	bs->nr_node_ids = 1;
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if (node_isset(bs->node_possible, nid))
			bs->nr_node_ids = nid + 1;
}

/* x86 clears MEMBLOCK_HOTPLUG on nodes holding the kernel image (node of the image). */
static void clear_kernel_node_hotplug(struct boot_state *bs)
{
	const struct memblock_region *r;
	uint64_t image = bs->prof->kernel_text_start;
	int knid = -1;

	for_each_memblock(&bs->memblock.memory, r)
		if (r->base <= image && image < r->base + r->size)
			knid = r->nid;
	for_each_memblock(&bs->memblock.memory, r)
		if (r->nid == knid && (r->flags & MEMBLOCK_HOTPLUG))
			memblock_set_flags(&bs->memblock, r->base, r->size, MEMBLOCK_HOTPLUG, false);
}

static uint64_t probe_memory_block_size(const struct boot_state *bs, const struct boot_options *opt)
{
	uint64_t end = PFN_PHYS(bs->max_pfn), bz;

	if (opt->force_block_size)
		return opt->force_block_size;
	if (end < MEM_SIZE_FOR_LARGE_BLOCK)
		return MIN_MEMORY_BLOCK_SIZE;
	if (opt->bare_metal)
		return MAX_BLOCK_SIZE;
	for (bz = MAX_BLOCK_SIZE; bz > MIN_MEMORY_BLOCK_SIZE; bz >>= 1)
		if (!(end & (bz - 1)))
			break;
	return bz;
}

int boot_setup(struct boot_state *bs, const struct platform *p, const struct kernel_profile *prof,
	       const char *cmdline, const struct boot_options *opt, struct strbuf *err)
{
	memset(bs, 0, sizeof(*bs));
	bs->prof = prof;
	strbuf_init(&bs->kmsg);
	boot_params_parse(&bs->params, prof, cmdline);
	strbuf_addf(&bs->kmsg, "Command line: %s\n", cmdline);
	setup_e820(bs, p);
	setup_memblock(bs);
	if (!bs->memblock.memory.cnt) {
		strbuf_addstr(err, "no usable RAM in the firmware memory map");
		boot_state_release(bs);
		return -EINVAL;
	}
	setup_numa(bs, p);
	if (bs->params.movable_node)
		clear_kernel_node_hotplug(bs);
	free_area_init_layout(&bs->zones, &bs->memblock, &bs->params, bs->nr_node_ids, bs->max_pfn);
	strbuf_addf(&bs->kmsg, "Kernel command line: %s\n", cmdline);
	boot_reserve(bs, p);
	bs->block_size = probe_memory_block_size(bs, opt);
	strbuf_addf(&bs->kmsg, "x86/mm: Memory block size: %lluMB\n",
		    (unsigned long long)(bs->block_size >> 20));
	return 0;
}

void boot_state_release(struct boot_state *bs)
{
	boot_params_free(&bs->params);
	free(bs->e820);
	memblock_release(&bs->memblock);
	strbuf_release(&bs->kmsg);
	memset(bs, 0, sizeof(*bs));
}
