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

#define BIOS_BEGIN			0x000a0000ULL
#define BIOS_END			0x00100000ULL
#define MEM_SIZE_FOR_LARGE_BLOCK	(64ULL << 30)
#define MAX_BLOCK_SIZE			(2ULL << 30)
#define MIN_MEMORY_BLOCK_SIZE		(128ULL << 20)

/*
 * e820__memory_setup() .. trim_bios_range(): the firmware's map, logged; EFI_MEMORY_SP
 * ranges are ordinary RAM when soft reservation is off (efi=nosoftreserve, or no
 * CONFIG_EFI_SOFT_RESERVE: do_add_efi_memmap), an e820 type set otherwise stays; the command
 * line's mem=/memmap= edits; then the first page and the legacy BIOS hole leave RAM.
 */
bool efi_soft_reserve_enabled(const struct boot_state *bs)
{
	return kconfig_enabled(&bs->kconfig, KCONFIG_EFI_SOFT_RESERVE) && !bs->params.efi_nosoftreserve;
}

static void setup_e820(struct boot_state *bs, const struct platform *p)
{
	bool soft_reserve = efi_soft_reserve_enabled(bs);

	for (int i = 0; i < p->nr_e820; i++) {
		struct e820_entry e = p->e820[i];

		if (e.efi_sp && !soft_reserve)
			e.type = E820_TYPE_RAM;
		e820_range_add(&bs->e820, e.addr, e.size, e.type);
	}
	e820_print_table(&bs->e820, &bs->kmsg, "BIOS-e820");
	e820_apply_cmdline(&bs->e820, bs->params.cmdline, &bs->kmsg);
	e820_range_update(&bs->e820, &bs->kmsg, 0, PAGE_SIZE, E820_TYPE_RAM, E820_TYPE_RESERVED);
	e820_range_remove(&bs->e820, &bs->kmsg, BIOS_BEGIN, BIOS_END - BIOS_BEGIN, E820_TYPE_RAM, true);
	e820_update_table(&bs->e820);
}

static void setup_memblock(struct boot_state *bs)
{
	memblock_init(&bs->memblock);
	for (int i = 0; i < bs->e820.nr_entries; i++) {
		const struct e820_entry *e = &bs->e820.entries[i];

		/* e820__memblock_setup: Soft Reserved is kept from allocations, never RAM */
		if (e->type == E820_TYPE_SOFT_RESERVED)
			memblock_reserve(&bs->memblock, e->addr, e->size);
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

/* What early and subsys initcalls of this build log on any machine like this one. */
static void log_early_initcalls(struct boot_state *bs, const struct boot_options *opt)
{
	const char *const *b = bs->prof->build->builtin_banners;

	/* init_hw_perf_events(): QEMU's default CPU model has no architectural PMU */
	if (!opt->bare_metal)
		strbuf_addstr(&bs->kmsg, "Performance Events: PMU not available due to virtualization, "
			      "using software events only.\n");
	for (; b && *b; b++)
		strbuf_addf(&bs->kmsg, "%s\n", *b);
}

int boot_setup(struct boot_state *bs, const struct platform *p, const struct kernel_profile *prof,
	       const char *cmdline, const struct boot_options *opt, struct strbuf *err)
{
	memset(bs, 0, sizeof(*bs));
	bs->prof = prof;
	if (opt->kconfig)
		bs->kconfig = *opt->kconfig;
	else
		kconfig_init(&bs->kconfig, prof->kconfig, prof->name);
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
	log_early_initcalls(bs, opt);
	strbuf_addf(&bs->kmsg, "x86/mm: Memory block size: %lluMB\n",
		    (unsigned long long)(bs->block_size >> 20));
	return 0;
}

void boot_state_release(struct boot_state *bs)
{
	boot_params_free(&bs->params);
	e820_table_release(&bs->e820);
	memblock_release(&bs->memblock);
	strbuf_release(&bs->kmsg);
	memset(bs, 0, sizeof(*bs));
}
