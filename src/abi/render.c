/* SPDX-License-Identifier: MIT */
/*
 * abi/render.c — kernel file texts and the snapshot. Field widths follow the kernel's
 * format strings (show_val_kb, zoneinfo_show_print, node_read_meminfo).
 */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/cmdline.h"
#include "hotplug/memory.h"
#include "hotplug/memory_hotplug.h"

#define K(pages) ((unsigned long)(pages) << (PAGE_SHIFT - 10))

unsigned long machine_managed_pages(const struct machine *m)
{
	unsigned long n = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++)
		if (m->pgdat[nid])
			n += pgdat_managed_pages(m->pgdat[nid]);
	return n;
}

static void meminfo_line(struct strbuf *out, const char *name, unsigned long kb)
{
	strbuf_addf(out, "%-16s%8lu kB\n", name, kb);
}

/* Free pages over @nid's zones (all nodes when @nid < 0). */
static unsigned long free_pages(const struct machine *m, int nid)
{
	unsigned long n = 0;

	for (int i = 0; i < m->nr_node_ids; i++)
		for (int z = 0; m->pgdat[i] && (nid < 0 || i == nid) && z < MAX_NR_ZONES; z++)
			n += m->pgdat[i]->node_zones[z].nr_free;
	return n;
}

/* Pages held by owners of @kind. */
static unsigned long kind_pages(const struct machine *m, enum page_kind kind)
{
	unsigned long n = 0;

	for (const struct page_owner *o = m->pages.owners; o; o = o->next)
		n += o->kind == kind ? o->nr_pages : 0;
	return n;
}

/* totalreserve_pages: each zone's high watermark (lowmem_reserve is not modelled). */
static unsigned long reserve_pages(const struct machine *m)
{
	unsigned long n = 0;

	for (int i = 0; i < m->nr_node_ids; i++)
		for (int z = 0; m->pgdat[i] && z < MAX_NR_ZONES; z++)
			n += m->pgdat[i]->node_zones[z]._watermark[WMARK_HIGH];
	return n;
}

void render_meminfo(struct machine *m, struct strbuf *out)
{
	unsigned long total = K(machine_managed_pages(m)), free = free_pages(m, -1);
	unsigned long reserve = reserve_pages(m), avail = free > reserve ? free - reserve : 0;
	unsigned long cache = kind_pages(m, PK_PAGECACHE), anon = kind_pages(m, PK_ANON);
	static const char *const zero[] = {
		"Buffers:", NULL, "SwapCached:", "Active:", "Inactive:", "Active(anon):",
		"Inactive(anon):", "Active(file):", "Inactive(file):", "Unevictable:", "Mlocked:",
		"SwapTotal:", "SwapFree:", "Dirty:", "Writeback:", NULL, "Mapped:", NULL,
		NULL,
	};

	meminfo_line(out, "MemTotal:", total);
	meminfo_line(out, "MemFree:", K(free));
	meminfo_line(out, "MemAvailable:", K(avail + cache / 2));
	for (int i = 0; i < 18; i++) {
		if (i == 1)
			meminfo_line(out, "Cached:", K(cache));
		else if (i == 15)
			meminfo_line(out, "AnonPages:", K(anon));
		else if (i == 17)
			meminfo_line(out, "Shmem:", K(cache));
		else
			meminfo_line(out, zero[i], 0);
	}
}

void render_node_meminfo(struct machine *m, int nid, struct strbuf *out)
{
	unsigned long total = K(pgdat_managed_pages(m->pgdat[nid])), free = K(free_pages(m, nid));

	strbuf_addf(out, "Node %d MemTotal:       %8lu kB\n", nid, total);
	strbuf_addf(out, "Node %d MemFree:        %8lu kB\n", nid, free);
	strbuf_addf(out, "Node %d MemUsed:        %8lu kB\n", nid, total - free);
}

void render_nodemask(const uint64_t *mask, int nbits, struct strbuf *out)
{
	bool first = true;

	for (int i = 0; i < nbits; i++) {
		if (!(mask[i / 64] & (1ULL << (i % 64))))
			continue;
		int j = i;

		while (j + 1 < nbits && (mask[(j + 1) / 64] & (1ULL << ((j + 1) % 64))))
			j++;
		strbuf_addf(out, first ? "%d" : ",%d", i);
		if (j > i)
			strbuf_addf(out, "-%d", j);
		first = false;
		i = j;
	}
	strbuf_addch(out, '\n');
}

/* ZONE_DEVICE, the last zone, exists only in a kernel built with it (MAX_NR_ZONES). */
static int nr_zones(struct machine *m)
{
	return kconfig_enabled(&m->boot.kconfig, KCONFIG_ZONE_DEVICE) ? MAX_NR_ZONES : ZONE_DEVICE;
}

static void zoneinfo_zone(const struct zone *z, int nr, struct strbuf *out)
{
	strbuf_addf(out, "Node %d, zone %8s", z->nid, zone_name(z));
	strbuf_addf(out, "\n  pages free     %lu\n        boost    0\n        min      %lu\n"
		    "        low      %lu\n        high     %lu\n        spanned  %lu\n        present  %lu\n"
		    "        managed  %lu\n        cma      %lu\n        protection: (0",
		    z->nr_free, z->_watermark[WMARK_MIN], z->_watermark[WMARK_LOW], z->_watermark[WMARK_HIGH],
		    z->spanned_pages, z->present_pages, z->managed_pages, z->cma_pages);
	for (int i = 1; i < nr; i++)
		strbuf_addstr(out, ", 0");
	strbuf_addch(out, ')');
	if (!populated_zone(z)) {
		strbuf_addch(out, '\n');
		return;
	}
	strbuf_addf(out, "\n      nr_free_pages %lu\n  pagesets\n    cpu: 0\n              count: 0\n"
		    "              high:  0\n              batch: 1\n  vm stats threshold: 0\n"
		    "  node_unreclaimable:  0\n  start_pfn:           %lu\n",
		    z->nr_free, z->zone_start_pfn);
}

void render_zoneinfo(struct machine *m, struct strbuf *out)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		if (!m->pgdat[nid] || !node_state(&m->nodes, nid, N_ONLINE))
			continue;
		for (int z = 0; z < nr_zones(m); z++)
			zoneinfo_zone(&m->pgdat[nid]->node_zones[z], nr_zones(m), out);
	}
}

void render_buddyinfo(struct machine *m, struct strbuf *out)
{
	unsigned long nr_free[MAX_ORDER];

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		if (!m->pgdat[nid] || !node_state(&m->nodes, nid, N_ONLINE))
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &m->pgdat[nid]->node_zones[z];

			if (!populated_zone(zone))
				continue;
			zone_free_area_counts(zone, nr_free);
			strbuf_addf(out, "Node %d, zone %8s ", nid, zone_name(zone));
			for (int o = 0; o < MAX_ORDER; o++)
				strbuf_addf(out, "%6lu ", nr_free[o]);
			strbuf_addch(out, '\n');
		}
	}
}

void render_block_state(const struct memory_block *mem, struct strbuf *out)
{
	switch (mem->state) {
	case MEM_ONLINE:
		strbuf_addstr(out, "online\n");
		break;
	case MEM_OFFLINE:
		strbuf_addstr(out, "offline\n");
		break;
	case MEM_GOING_OFFLINE:
		strbuf_addstr(out, "going-offline\n");
		break;
	default:
		strbuf_addf(out, "ERROR-UNKNOWN-%lu\n", mem->state);
	}
}

void render_valid_zones(struct machine *m, struct memory_block *mem, struct strbuf *out)
{
	unsigned long start = memory_block_start_pfn(m, mem), nr = m->pages_per_block;
	static const int others[] = { MMOP_ONLINE_KERNEL, MMOP_ONLINE_MOVABLE };

	if (mem->state == MEM_ONLINE) {
		strbuf_addf(out, "%s\n", mem->zone ? zone_name(mem->zone) : "none");
		return;
	}
	struct zone *def = zone_for_pfn_range(m, MMOP_ONLINE, mem->nid, mem->group, start, nr);

	strbuf_addstr(out, zone_name(def));
	for (int i = 0; i < 2; i++) {
		struct zone *z = zone_for_pfn_range(m, others[i], mem->nid, mem->group, start, nr);

		if (z != def)
			strbuf_addf(out, " %s", zone_name(z));
	}
	strbuf_addch(out, '\n');
}

static void chomp_into(struct strbuf *out, const struct strbuf *v)
{
	size_t len = v->len;

	while (len && v->buf[len - 1] == '\n')
		len--;
	strbuf_add(out, v->buf, len);
}

static void snap_nodes(struct machine *m, struct strbuf *out)
{
	static const char *const names[] = { "possible", "online", "has_memory", "has_normal_memory", "has_cpu" };
	static const enum node_states st[] = { N_POSSIBLE, N_ONLINE, N_MEMORY, N_NORMAL_MEMORY, N_CPU };

	for (int i = 0; i < 5; i++) {
		struct strbuf v = STRBUF_INIT;

		render_nodemask(m->nodes.m[st[i]], m->nr_node_ids, &v);
		strbuf_addf(out, "nodes_%s: ", names[i]);
		chomp_into(out, &v);
		strbuf_addch(out, '\n');
		strbuf_release(&v);
	}
}

static void snap_node_lines(struct machine *m, struct strbuf *out)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		if (!m->pgdat[nid] || !node_state(&m->nodes, nid, N_ONLINE))
			continue;
		strbuf_addf(out, "node%d MemTotal: %lu kB memory: ", nid, K(pgdat_managed_pages(m->pgdat[nid])));
		uint64_t id = 0, run_start = 0, prev = 0;
		bool any = false;
		struct memory_block *mem;

		while ((mem = idxmap_next(&m->blocks, id, &id))) {
			bool linked = false;

			for (int i = 0; i < mem->nr_links; i++)
				linked |= mem->link_nid[i] == nid;
			if (linked) {
				if (!any) {
					run_start = id;
				} else if (id != prev + 1) {
					strbuf_addf(out, run_start == prev ? "%llu," : "%llu-%llu,",
						    (unsigned long long)run_start, (unsigned long long)prev);
					run_start = id;
				}
				prev = id;
				any = true;
			}
			id++;
		}
		if (any)
			strbuf_addf(out, run_start == prev ? "%llu" : "%llu-%llu",
				    (unsigned long long)run_start, (unsigned long long)prev);
		strbuf_addch(out, '\n');
	}
}

static int cmp_nid_names(const void *a, const void *b)
{
	char x[16], y[16];

	snprintf(x, sizeof(x), "node%d", *(const int16_t *)a);
	snprintf(y, sizeof(y), "node%d", *(const int16_t *)b);
	return strcmp(x, y);
}

static void snap_block(struct machine *m, struct memory_block *mem, struct strbuf *out)
{
	int16_t nids[MAX_BLOCK_NODE_LINKS];
	struct strbuf v = STRBUF_INIT;

	memcpy(nids, mem->link_nid, sizeof(nids));
	qsort(nids, (size_t)mem->nr_links, sizeof(nids[0]), cmp_nid_names);
	strbuf_addf(out, "memory%lu ", mem->block_id);
	for (int i = 0; i < mem->nr_links; i++)
		strbuf_addf(out, i ? " node%d" : "node%d", nids[i]);
	if (!mem->nr_links)
		strbuf_addstr(out, "nonode");
	render_block_state(mem, &v);
	strbuf_addstr(out, " state=");
	chomp_into(out, &v);
	strbuf_addf(out, " online=%d phys_index=%08lx phys_device=0 removable=%d valid_zones=",
		    mem->state != MEM_OFFLINE, mem->block_id,
		    kconfig_enabled(&m->boot.kconfig, KCONFIG_MEMORY_HOTREMOVE));
	strbuf_reset(&v);
	render_valid_zones(m, mem, &v);
	chomp_into(out, &v);
	strbuf_addch(out, '\n');
	strbuf_release(&v);
}

static void snap_zones(struct machine *m, struct strbuf *out)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		if (!m->pgdat[nid] || !node_state(&m->nodes, nid, N_ONLINE))
			continue;
		for (int z = 0; z < nr_zones(m); z++) {
			const struct zone *zone = &m->pgdat[nid]->node_zones[z];
			char start[32] = "-";

			if (populated_zone(zone))
				snprintf(start, sizeof(start), "%lu", zone->zone_start_pfn);
			strbuf_addf(out, "node%d %-7s start_pfn=%s spanned=%lu present=%lu managed=%lu\n",
				    nid, zone_name(zone), start, zone->spanned_pages,
				    zone->present_pages, zone->managed_pages);
		}
	}
}

static bool iomem_line_matches(const char *line, size_t len)
{
	static const char *const pats[] = { "System RAM", "reserved", "Reserved", "kmem",
					    "Persistent", "dax", "hotplug", NULL };

	for (int i = 0; pats[i]; i++)
		if (memmem(line, len, pats[i], strlen(pats[i])))
			return true;
	return false;
}

static void snap_tail(struct machine *m, struct strbuf *out);

/*
 * The oracle's snapshot script on a kernel built without MEMORY_HOTPLUG: the memory
 * directory and the module's parameters are absent, so the reads show busybox's ENOENT,
 * the glob matches nothing, nodes link no blocks, and listing the blocks fails.
 */
static void snap_without_memory_devices(struct machine *m, struct strbuf *out)
{
	strbuf_addstr(out, "block_size_bytes: ERR(No such file or directory)\n"
			   "auto_online_blocks: ERR(No such file or directory)\n"
			   "probe: absent\n");
	snap_nodes(m, out);
	strbuf_addf(out, "MemTotal: %lu kB\n", K(machine_managed_pages(m)));
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		if (m->pgdat[nid] && node_state(&m->nodes, nid, N_ONLINE))
			strbuf_addf(out, "node%d MemTotal: %lu kB memory: \n", nid,
				    K(pgdat_managed_pages(m->pgdat[nid])));
	strbuf_addstr(out, "blocks:\nls: /sys/devices/system/memory: No such file or directory\n");
	snap_tail(m, out);
}

void render_snapshot(struct machine *m, struct strbuf *out)
{
	static const char *const params[] = { "auto_movable_numa_aware", "auto_movable_ratio",
					      "memmap_on_memory", "online_policy" };
	uint64_t id = 0;
	struct memory_block *mem;

	if (!kconfig_enabled(&m->boot.kconfig, KCONFIG_MEMORY_HOTPLUG)) {
		snap_without_memory_devices(m, out);
		return;
	}
	strbuf_addf(out, "block_size_bytes: %llx\n", (unsigned long long)m->block_size);
	strbuf_addf(out, "auto_online_blocks: %s\n", online_type_to_str(m->default_online_type));
	strbuf_addf(out, "probe: %s\n", m->arch_memory_probe ? "present" : "absent");
	for (int i = 0; i < 4; i++) {
		if (i == 2 && !kconfig_enabled(&m->boot.kconfig, KCONFIG_MHP_MEMMAP_ON_MEMORY))
			continue;	/* the parameter does not exist */
		strbuf_addf(out, "param %s: ", params[i]);
		if (i == 0)
			strbuf_addstr(out, m->auto_movable_numa_aware ? "Y" : "N");
		else if (i == 1)
			strbuf_addf(out, "%u", m->auto_movable_ratio);
		else if (i == 2)
			strbuf_addstr(out, m->memmap_on_memory == MEMMAP_ON_MEMORY_FORCE ? "force" :
				      m->memmap_on_memory ? "Y" : "N");
		else
			strbuf_addstr(out, online_policy_to_str(m->online_policy));
		strbuf_addch(out, '\n');
	}
	snap_nodes(m, out);
	strbuf_addf(out, "MemTotal: %lu kB\n", K(machine_managed_pages(m)));
	snap_node_lines(m, out);
	strbuf_addstr(out, "blocks:\n");
	while ((mem = idxmap_next(&m->blocks, id, &id))) {
		snap_block(m, mem, out);
		id++;
	}
	snap_tail(m, out);
}

/* zones: and iomem:, the part of the snapshot that every kernel build has. */
static void snap_tail(struct machine *m, struct strbuf *out)
{
	struct strbuf io = STRBUF_INIT;

	strbuf_addstr(out, "zones:\n");
	snap_zones(m, out);
	strbuf_addstr(out, "iomem:\n");
	render_iomem(m->iomem, &io);
	for (char *line = io.buf; *line;) {
		char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		if (iomem_line_matches(line, len)) {
			strbuf_add(out, line, len);
			strbuf_addch(out, '\n');
		}
		line += len + (nl ? 1 : 0);
	}
	strbuf_release(&io);
}

static const char *source_name(enum mhp_source source)
{
	static const char *const names[] = {
		[MHP_SOURCE_BOOT] = "boot", [MHP_SOURCE_ACPI] = "acpi", [MHP_SOURCE_VIRTIO_MEM] = "virtio-mem",
		[MHP_SOURCE_KMEM] = "kmem", [MHP_SOURCE_PROBE] = "probe",
	};

	return source < sizeof(names) / sizeof(names[0]) && names[source] ? names[source] : "unknown";
}

void render_blocks_json_lines(struct machine *m, struct strbuf *out)
{
	uint64_t id = 0;
	struct memory_block *mem;

	while ((mem = idxmap_next(&m->blocks, id, &id))) {
		bool online = mem->state == MEM_ONLINE;

		strbuf_addf(out, "{\"block\": %llu, \"phys_start\": %llu, \"state\": \"%s\", ",
			    (unsigned long long)id, (unsigned long long)(id * m->block_size),
			    online ? "online" : mem->state == MEM_OFFLINE ? "offline" : "going-offline");
		strbuf_addf(out, "\"zone\": %s%s%s, \"node\": %d, \"source\": \"%s\", ",
			    online && mem->zone ? "\"" : "", online && mem->zone ? zone_name(mem->zone) : "null",
			    online && mem->zone ? "\"" : "", mem->nid, source_name(mem->source));
		strbuf_addf(out, "\"onlined_by\": %s%s%s}\n", online ? "\"" : "",
			    online ? onlined_by_str(mem->onlined_by) : "null", online ? "\"" : "");
		id++;
	}
}
