/* SPDX-License-Identifier: MIT */
/*
 * boot/reserve.h — what early boot takes from memblock and never gives back: the first
 * MiB, the kernel image, NODE_DATA, the memmap, hash tables, swiotlb, ... placed the way
 * memblock places them (top-down), then the late frees (initrd, init sections). Together
 * they decide each zone's managed pages and which boot blocks hold unmovable pages.
 */
#ifndef MEMHP_BOOT_RESERVE_H
#define MEMHP_BOOT_RESERVE_H

#include "boot/setup.h"

/* Run the reservation model for @bs (memory, nodes and zone layout already set up). */
void boot_reserve(struct boot_state *bs, const struct platform *p);

#endif
