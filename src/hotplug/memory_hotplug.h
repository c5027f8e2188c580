/* SPDX-License-Identifier: MIT */
/*
 * hotplug/memory_hotplug.h — the hotplug core (mm/memory_hotplug.c): zone selection,
 * online_pages/offline_pages, physical add and remove, memory groups and the memory
 * notifier chain. Every function expects m->lock held (device_hotplug_lock) and, on
 * failure, leaves the machine exactly as it was.
 */
#ifndef MEMHP_HOTPLUG_MEMORY_HOTPLUG_H
#define MEMHP_HOTPLUG_MEMORY_HOTPLUG_H

#include "hotplug/machine.h"

#define MHP_NONE		0
#define MHP_MERGE_RESOURCE	(1 << 0)
#define MHP_MEMMAP_ON_MEMORY	(1 << 1)
#define MHP_NID_IS_MGID		(1 << 2)

/* zone_for_pfn_range(): the zone an online of @online_type would use (spec 20 §3, §4). */
struct zone *zone_for_pfn_range(struct machine *m, int online_type, int nid,
				struct memory_group *group, unsigned long start_pfn,
				unsigned long nr_pages);

int memory_block_online(struct machine *m, struct memory_block *mem);
/* @reason (may be NULL) receives why offlining failed ("memory holes", "unmovable page"...). */
int memory_block_offline(struct machine *m, struct memory_block *mem, const char **reason);

/* mhp_supports_memmap_on_memory() for a range of @size bytes. */
bool mhp_supports_memmap_on_memory(const struct machine *m, uint64_t size);

/*
 * add_memory_resource() behind __add_memory()/add_memory_driver_managed(): @nid is a node,
 * or a memory group id with MHP_NID_IS_MGID. @name is "System RAM" or "System RAM (drv)".
 * Auto-onlines per auto_online_blocks. 0 or -errno (E2BIG, EEXIST, EINVAL, ENOMEM).
 */
int add_memory(struct machine *m, int nid, uint64_t start, uint64_t size, const char *name,
	       unsigned int mhp_flags, enum mhp_source source);
/* remove_memory(): all blocks must be offline (-EBUSY otherwise). */
int remove_memory(struct machine *m, uint64_t start, uint64_t size);
/* offline_and_remove_memory(): offline all blocks then remove; re-online on failure. */
int offline_and_remove_memory(struct machine *m, uint64_t start, uint64_t size);

struct memory_group *memory_group_register_static(struct machine *m, int nid, unsigned long max_pages);
struct memory_group *memory_group_register_dynamic(struct machine *m, int nid, unsigned long unit_pages);
struct memory_group *memory_group_find(struct machine *m, int id);
int memory_group_unregister(struct machine *m, struct memory_group *group);

void register_memory_notifier(struct machine *m, struct notifier_block *nb);
void unregister_memory_notifier(struct machine *m, struct notifier_block *nb);
int memory_notify(struct machine *m, unsigned long action, struct memory_notify *arg);

/* firmware_map_add_hotplug()/firmware_map_remove(): /sys/firmware/memmap entries. */
void firmware_map_add(struct machine *m, uint64_t start, uint64_t end_incl, const char *type);
void firmware_map_remove(struct machine *m, uint64_t start, uint64_t end_incl, const char *type);

/* Node onlining on hot-add (__try_online_node) and try_offline_node() on remove. */
int try_online_node(struct machine *m, int nid);
void try_offline_node(struct machine *m, int nid);

#endif
