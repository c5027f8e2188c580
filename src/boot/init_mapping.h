/* SPDX-License-Identifier: MIT */
/*
 * boot/init_mapping.h — the direct-map page tables of early boot, allocated from the brk
 * buffer or from memblock (top-down, or bottom-up while movable_node is set).
 */
#ifndef MEMHP_BOOT_INIT_MAPPING_H
#define MEMHP_BOOT_INIT_MAPPING_H

#include <stdbool.h>

#include "boot/memblock.h"
#include "boot/profile.h"

/*
 * Map [0, max_pfn) as init_mem_mapping() does, reserving in @mb the page tables it takes,
 * and raise mb->current_limit to what is mapped.
 */
void init_mem_mapping(struct memblock *mb, const struct kernel_build *k, unsigned long max_pfn,
		      bool movable_node);

#endif
