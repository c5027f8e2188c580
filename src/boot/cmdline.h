/* SPDX-License-Identifier: MIT */
/*
 * boot/cmdline.h — the kernel command line parameters memory hotplug reads, parsed the
 * way their kernel handlers parse them. Unknown parameters are ignored, as Linux ignores
 * them (they would go to init); a known parameter with a bad value keeps its default.
 */
#ifndef MEMHP_BOOT_CMDLINE_H
#define MEMHP_BOOT_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "boot/profile.h"

struct strbuf;

enum core_kind {
	CORE_NONE,
	CORE_PAGES,	/* absolute size, in pages */
	CORE_PERCENT,	/* percent of all memory */
	CORE_MIRROR,	/* kernelcore=mirror */
};

struct core_param {
	enum core_kind kind;
	uint64_t value;		/* pages or percent */
};

enum online_policy {
	ONLINE_POLICY_CONTIG_ZONES,
	ONLINE_POLICY_AUTO_MOVABLE,
};

enum memmap_on_memory_mode {
	MEMMAP_ON_MEMORY_DISABLE,
	MEMMAP_ON_MEMORY_ENABLE,
	MEMMAP_ON_MEMORY_FORCE,
};

struct boot_params {
	char *cmdline;			/* the whole line, as /proc/cmdline shows it */
	int default_online_type;	/* memhp_default_state=, -1 when absent or invalid */
	bool movable_node;
	struct core_param kernelcore;
	struct core_param movablecore;
	enum memmap_on_memory_mode memmap_on_memory;
	enum online_policy online_policy;
	unsigned int auto_movable_ratio;	/* percent */
	bool auto_movable_numa_aware;
	uint64_t mem_limit;		/* mem=, bytes; 0 = none */
	bool efi_nosoftreserve;
};

/* Parse @line with @prof's parsers. Never fails: bad values are ignored like Linux does. */
void boot_params_parse(struct boot_params *bp, const struct kernel_profile *prof, const char *line);
void boot_params_free(struct boot_params *bp);

/* online_type <-> string, one table for state, auto_online_blocks and memhp_default_state. */
const char *online_type_to_str(enum mmop type);
/* Returns the MMOP_* matching @s by sysfs_streq, or -EINVAL. */
int online_type_from_str(const char *s);
const char *online_policy_to_str(enum online_policy p);
int online_policy_from_str(const char *s);

#endif
