/* SPDX-License-Identifier: MIT */
/*
 * hotplug/memory.c — memory block devices (drivers/base/memory.c and the device core's
 * online/offline): creation and removal, node links, and the `state`/`online` stores
 * with their exact errno mapping (spec 10 §2).
 */
#include "memory.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "boot/cmdline.h"
#include "hotplug/memory_hotplug.h"
#include "mm/migrate.h"
#include "lib/parse.h"

static const char *const onlined_by_names[] = {
	[ONLINED_BY_NONE] = "none",
	[ONLINED_BY_BOOT] = "boot",
	[ONLINED_BY_KCONFIG] = "kconfig",
	[ONLINED_BY_CMDLINE] = "cmdline",
	[ONLINED_BY_AUTO_ONLINE_BLOCKS] = "auto_online_blocks",
	[ONLINED_BY_UDEV] = "udev",
	[ONLINED_BY_SYSFS] = "sysfs",
	[ONLINED_BY_DAXCTL] = "daxctl",
};

/* An explicit write: daxctl's own onlining is told apart by the writer's name. */
static enum onlined_by sysfs_writer(const struct machine *m)
{
	return m->writer && !strcmp(m->writer, "daxctl") ? ONLINED_BY_DAXCTL : ONLINED_BY_SYSFS;
}

const char *onlined_by_str(enum onlined_by by)
{
	return onlined_by_names[by];
}

int walk_memory_blocks(struct machine *m, uint64_t start, uint64_t size,
		       int (*fn)(struct machine *m, struct memory_block *mem, void *arg), void *arg)
{
	if (!size)
		return 0;
	uint64_t first = start / m->block_size;
	uint64_t last = (size > UINT64_MAX - start ? UINT64_MAX : start + size - 1) / m->block_size;
	uint64_t id = first;
	struct memory_block *mem;

	while ((mem = idxmap_next(&m->blocks, id, &id)) && id <= last) {
		int ret = fn(m, mem, arg);

		if (ret)
			return ret;
		if (id == last)
			break;
		id++;
	}
	return 0;
}

struct memory_block *memory_block_new(struct machine *m, unsigned long block_id, unsigned long state)
{
	struct memory_block *mem = calloc(1, sizeof(*mem));

	if (!mem)
		abort();
	mem->block_id = block_id;
	mem->start_section_nr = block_id * m->sections_per_block;
	mem->state = state;
	mem->online_type = MMOP_OFFLINE;
	mem->nid = NUMA_NO_NODE;
	return mem;
}

/* KOBJ_ADD for a new block: queued only when a udev rule listens (memhp-only). */
static void queue_add_uevent(struct machine *m, unsigned long block_id)
{
	struct uevent_queue *q = &m->uevents;

	if (m->udev_online_type < 0)
		return;
	if (q->nr == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 64;
		q->block_ids = realloc(q->block_ids, q->cap * sizeof(*q->block_ids));
		if (!q->block_ids)
			abort();
	}
	q->block_ids[q->nr++] = block_id;
}

int create_memory_block_devices(struct machine *m, uint64_t start, uint64_t size,
				unsigned long vmemmap_pages, struct memory_group *group,
				enum mhp_source source)
{
	uint64_t first = start / m->block_size, n = size / m->block_size;

	for (uint64_t id = first; id < first + n; id++)
		if (find_memory_block_by_id(m, id))
			return -EEXIST;
	for (uint64_t id = first; id < first + n; id++) {
		struct memory_block *mem = memory_block_new(m, id, MEM_OFFLINE);

		mem->nr_vmemmap_pages = vmemmap_pages;
		mem->group = group;
		mem->source = source;
		mem->nr_present = m->pages_per_block;
		idxmap_set(&m->blocks, id, mem);
		queue_add_uevent(m, id);
	}
	return 0;
}

static int remove_one(struct machine *m, struct memory_block *mem, void *arg)
{
	(void)arg;
	idxmap_set(&m->blocks, mem->block_id, NULL);
	free(mem);
	return 0;
}

void remove_memory_block_devices(struct machine *m, uint64_t start, uint64_t size)
{
	walk_memory_blocks(m, start, size, remove_one, NULL);
}

/* early_node_zone_for_memory_block(): the one populated zone of @nid the block touches. */
static struct zone *early_node_zone(struct machine *m, struct memory_block *mem, int nid)
{
	struct pglist_data *pgdat = NODE_DATA(m, nid);
	unsigned long start = memory_block_start_pfn(m, mem);
	struct zone *match = NULL;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		if (!populated_zone(zone) || !zone_intersects(zone, start, m->pages_per_block))
			continue;
		if (match)
			return NULL;
		match = zone;
	}
	return match;
}

void memory_block_add_nid(struct machine *m, struct memory_block *mem, int nid, bool early)
{
	if (early && mem->nid != nid)
		mem->zone = mem->nid == NUMA_NO_NODE ? early_node_zone(m, mem, nid) : NULL;
	mem->nid = nid;
	for (int i = 0; i < mem->nr_links; i++)
		if (mem->link_nid[i] == nid)
			return;
	if (mem->nr_links < MAX_BLOCK_NODE_LINKS)
		mem->link_nid[mem->nr_links++] = (int16_t)nid;
}

static int memory_block_change_state(struct machine *m, struct memory_block *mem,
				     unsigned long to, unsigned long from)
{
	int ret;

	if (mem->state != from)
		return -EINVAL;
	if (to == MEM_OFFLINE)
		mem->state = MEM_GOING_OFFLINE;
	m->offline_reason = NULL;
	ret = to == MEM_ONLINE ? memory_block_online(m, mem) : memory_block_offline(m, mem, &m->offline_reason);
	mem->state = ret ? from : to;
	if (!ret)
		m->generation++;
	return ret;
}

int device_online(struct machine *m, struct memory_block *mem)
{
	int ret;

	if (mem->state != MEM_OFFLINE)
		return 1;
	if (mem->online_type == MMOP_OFFLINE)
		mem->online_type = MMOP_ONLINE;
	ret = memory_block_change_state(m, mem, MEM_ONLINE, MEM_OFFLINE);
	mem->online_type = MMOP_OFFLINE;
	return ret;
}

int device_offline(struct machine *m, struct memory_block *mem)
{
	if (mem->state == MEM_OFFLINE)
		return 1;
	return memory_block_change_state(m, mem, MEM_OFFLINE, MEM_ONLINE);
}

int memory_block_online_as(struct machine *m, struct memory_block *mem, int online_type,
			   enum onlined_by by)
{
	int ret;

	mem->online_type = online_type;
	ret = device_online(m, mem);
	if (!ret)
		mem->onlined_by = by;
	return ret;
}

int memory_block_state_store(struct machine *m, struct memory_block *mem, const char *buf)
{
	int type = online_type_from_str(buf), ret;

	if (type < 0)
		return -EINVAL;
	if (type == MMOP_OFFLINE)
		ret = device_offline(m, mem);
	else
		ret = memory_block_online_as(m, mem, type, sysfs_writer(m));
	if (ret < 0)
		return ret;
	return ret ? -EINVAL : 0;
}

int memory_block_online_store(struct machine *m, struct memory_block *mem, const char *buf)
{
	bool val;
	int ret = kstrtobool(buf, &val);

	if (ret)
		return ret;
	if (val)
		ret = memory_block_online_as(m, mem, MMOP_OFFLINE, sysfs_writer(m));
	else
		ret = device_offline(m, mem);
	return ret < 0 ? ret : 0;
}

unsigned long memory_block_unmovable_pages(struct machine *m, const struct memory_block *mem)
{
	unsigned long start = memory_block_start_pfn(m, mem);

	return unmovable_pages_in(&m->pages, start, start + m->pages_per_block);
}
