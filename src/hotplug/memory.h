/* SPDX-License-Identifier: MIT */
/*
 * hotplug/memory.h — memory block devices (drivers/base/memory.c): creating and removing
 * them, linking them to nodes, and the device-core online/offline doors that the `state`
 * and `online` attributes, auto-onlining and drivers all go through.
 */
#ifndef MEMHP_HOTPLUG_MEMORY_H
#define MEMHP_HOTPLUG_MEMORY_H

#include "hotplug/machine.h"

/*
 * Create offline block devices for [start, start+size) (block aligned) in @group with
 * @vmemmap_pages each; linking them to a node is the caller's next step (6.1 order). -EEXIST if a block already exists (nothing created).
 */
int create_memory_block_devices(struct machine *m, uint64_t start, uint64_t size,
				unsigned long vmemmap_pages, struct memory_group *group,
				enum mhp_source source);
/* A new block device (not yet in the map): @state MEM_ONLINE at boot, MEM_OFFLINE on hot-add. */
struct memory_block *memory_block_new(struct machine *m, unsigned long block_id, unsigned long state);
void remove_memory_block_devices(struct machine *m, uint64_t start, uint64_t size);
/* Link @mem to @nid (both sysfs links); boot linking may add several nodes. */
void memory_block_add_nid(struct machine *m, struct memory_block *mem, int nid, bool early);

/*
 * device_online()/device_offline(): 1 if already in that state, else 0 or -errno.
 * Caller holds m->lock. Failure leaves the block and machine exactly as they were.
 */
int device_online(struct machine *m, struct memory_block *mem);
int device_offline(struct machine *m, struct memory_block *mem);

/*
 * Online @mem as @online_type (MMOP_OFFLINE: the default, MMOP_ONLINE) and record @by as
 * the mechanism that decided it. device_online()'s return. Caller holds m->lock.
 */
int memory_block_online_as(struct machine *m, struct memory_block *mem, int online_type,
			   enum onlined_by by);
/* "kconfig", "cmdline", "auto_online_blocks", "udev", "sysfs", "daxctl", "boot", "none". */
const char *onlined_by_str(enum onlined_by by);

/* The `state` and `online` attribute stores: 0 or -errno (spec 10 §2.1, §2.2). */
int memory_block_state_store(struct machine *m, struct memory_block *mem, const char *buf);
int memory_block_online_store(struct machine *m, struct memory_block *mem, const char *buf);

/* Pages of @mem that can never be migrated away (PageReserved, kernel allocations). */
unsigned long memory_block_unmovable_pages(struct machine *m, const struct memory_block *mem);

/* Walk blocks intersecting [start, start+size) in id order; stops at a non-zero return. */
int walk_memory_blocks(struct machine *m, uint64_t start, uint64_t size,
		       int (*fn)(struct machine *m, struct memory_block *mem, void *arg), void *arg);

#endif
