/* SPDX-License-Identifier: MIT */
/*
 * boot/memblock.h — the boot memory allocator: the RAM the firmware reported
 * (memblock.memory, with node and flags) and what early boot took from it
 * (memblock.reserved). Ranges are half-open [base, base + size) in bytes. Allocation is
 * top-down below current_limit, as on x86 after the direct map is set up.
 */
#ifndef MEMHP_BOOT_MEMBLOCK_H
#define MEMHP_BOOT_MEMBLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define NUMA_NO_NODE	(-1)

enum memblock_flags {
	MEMBLOCK_NONE = 0x0,
	MEMBLOCK_HOTPLUG = 0x1,
	MEMBLOCK_MIRROR = 0x2,
	MEMBLOCK_NOMAP = 0x4,
	MEMBLOCK_DRIVER_MANAGED = 0x8,
};

struct memblock_region {
	uint64_t base;		/* bytes */
	uint64_t size;		/* bytes, > 0 */
	unsigned int flags;	/* enum memblock_flags */
	int nid;		/* NUMA_NO_NODE until numa_init assigns it */
};

struct memblock_type {
	struct memblock_region *regions;	/* sorted by base, non-overlapping */
	int cnt;
	int max;
	const char *name;
};

struct memblock {
	struct memblock_type memory;
	struct memblock_type reserved;
	uint64_t current_limit;	/* allocations end below this */
	bool movable_node;	/* skip MEMBLOCK_HOTPLUG when allocating (movable_node) */
	bool bottom_up;		/* lowest fit first (movable_node before SRAT is parsed) */
};

void memblock_init(struct memblock *mb);
void memblock_release(struct memblock *mb);

/*
 * Add RAM [base, base+size) with @nid and @flags; merges with neighbours of the same nid
 * and flags. Returns 0 (an overlap with existing RAM is absorbed, as in the kernel).
 */
int memblock_add_node(struct memblock *mb, uint64_t base, uint64_t size, int nid, unsigned int flags);
int memblock_remove(struct memblock *mb, uint64_t base, uint64_t size);
int memblock_reserve(struct memblock *mb, uint64_t base, uint64_t size);
/* Give back [base, base+size) of a reservation (memblock_phys_free). */
int memblock_phys_free(struct memblock *mb, uint64_t base, uint64_t size);
/* Set @nid on every memory region inside [base, base+size), splitting at the edges. */
void memblock_set_node(struct memblock *mb, uint64_t base, uint64_t size, int nid);
void memblock_set_flags(struct memblock *mb, uint64_t base, uint64_t size, unsigned int flag, bool set);

/*
 * Find and reserve @size bytes aligned to @align within [start, end) (end 0 = current_limit),
 * top-down (bottom-up while mb->bottom_up), on @nid (NUMA_NO_NODE: any); when nothing fits on @nid and !@exact_nid, any
 * node. Returns the physical address, or 0 when nothing fits.
 */
uint64_t memblock_alloc_range_nid(struct memblock *mb, uint64_t size, uint64_t align,
				  uint64_t start, uint64_t end, int nid, bool exact_nid);

/* Total RAM in memblock.memory, bytes. */
uint64_t memblock_phys_mem_size(const struct memblock *mb);
/* Bytes of RAM in [start, end) on @nid (NUMA_NO_NODE: any node). */
uint64_t memblock_ram_in(const struct memblock *mb, uint64_t start, uint64_t end, int nid);
/* Whether [start, end) overlaps memblock.reserved. */
bool memblock_is_reserved_range(const struct memblock *mb, uint64_t start, uint64_t end);

#define for_each_memblock(type, r) \
	for ((r) = (type)->regions; (r) < (type)->regions + (type)->cnt; (r)++)

#endif
