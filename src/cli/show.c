/* SPDX-License-Identifier: MIT */
/*
 * cli/show.c — tables with libsmartcols (lsmem's own library, so conventions match) and
 * JSON with json-c (what ndctl/daxctl use).
 */
#include "show.h"

#include <json-c/json.h>
#include <libsmartcols.h>
#include <string.h>

#include "abi/render.h"
#include "hotplug/machine.h"
#include "hotplug/memory.h"

static void size_str(uint64_t bytes, char *buf, size_t n)
{
	static const char units[] = "BKMGTPE";
	int u = 0;
	double v = (double)bytes;

	while (v >= 1024 && u < 6) {
		v /= 1024;
		u++;
	}
	if (v == (uint64_t)v)
		snprintf(buf, n, "%llu%c", (unsigned long long)v, units[u]);
	else
		snprintf(buf, n, "%.1f%c", v, units[u]);
}

static void block_zones(struct machine *m, struct memory_block *mem, char *buf, size_t n)
{
	struct strbuf vz = STRBUF_INIT;

	render_valid_zones(m, mem, &vz);
	if (vz.len)
		vz.buf[--vz.len] = '\0';
	for (char *p = vz.buf; *p; p++)
		if (*p == ' ')
			*p = '/';
	snprintf(buf, n, "%s", vz.buf);
	strbuf_release(&vz);
}

struct range {
	uint64_t first, last;
	unsigned long state;
	int nid;
	char zones[64];
};

static void add_range_line(struct machine *m, struct libscols_table *tb, const struct range *r)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	char buf[128], sz[32];

	snprintf(buf, sizeof(buf), "0x%016llx-0x%016llx", (unsigned long long)(r->first * m->block_size),
		 (unsigned long long)((r->last + 1) * m->block_size - 1));
	scols_line_set_data(ln, 0, buf);
	size_str((r->last - r->first + 1) * m->block_size, sz, sizeof(sz));
	scols_line_set_data(ln, 1, sz);
	scols_line_set_data(ln, 2, r->state == MEM_ONLINE ? "online" : r->state == MEM_OFFLINE ? "offline" : "going-offline");
	if (r->first == r->last)
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)r->first);
	else
		snprintf(buf, sizeof(buf), "%llu-%llu", (unsigned long long)r->first, (unsigned long long)r->last);
	scols_line_set_data(ln, 3, buf);
	scols_line_set_data(ln, 4, r->zones);
	snprintf(buf, sizeof(buf), "%d", r->nid);
	scols_line_set_data(ln, 5, buf);
}

void show_blocks(struct machine *m, FILE *out, bool json)
{
	static const char *const cols[] = { "RANGE", "SIZE", "STATE", "BLOCK", "ZONES", "NODE" };
	struct libscols_table *tb = scols_new_table();
	struct range r = { 0 };
	bool have = false;
	uint64_t id = 0, online = 0, offline = 0;
	struct memory_block *mem;

	scols_table_set_name(tb, "memory");
	scols_table_enable_json(tb, json);
	for (int i = 0; i < 6; i++)
		scols_table_new_column(tb, cols[i], 0, i == 1 || i == 5 ? SCOLS_FL_RIGHT : 0);
	pthread_mutex_lock(&m->lock);
	while ((mem = idxmap_next(&m->blocks, id, &id))) {
		char zones[64];

		block_zones(m, mem, zones, sizeof(zones));
		if (mem->state == MEM_ONLINE)
			online += m->block_size;
		else
			offline += m->block_size;
		if (have && id == r.last + 1 && mem->state == r.state && mem->nid == r.nid &&
		    !strcmp(zones, r.zones)) {
			r.last = id++;
			continue;
		}
		if (have)
			add_range_line(m, tb, &r);
		r = (struct range){ id, id, mem->state, mem->nid, "" };
		snprintf(r.zones, sizeof(r.zones), "%s", zones);
		have = true;
		id++;
	}
	if (have)
		add_range_line(m, tb, &r);
	pthread_mutex_unlock(&m->lock);
	scols_table_set_stream(tb, out);
	scols_print_table(tb);
	scols_unref_table(tb);
	if (!json) {
		char a[32], b[32], c[32];

		size_str(m->block_size, a, sizeof(a));
		size_str(online, b, sizeof(b));
		size_str(offline, c, sizeof(c));
		fprintf(out, "\nMemory block size:    %8s\nTotal online memory:  %8s\nTotal offline memory: %8s\n", a, b, c);
	}
}

void show_zones(struct machine *m, FILE *out, bool json)
{
	static const char *const cols[] = { "NODE", "ZONE", "START_PFN", "SPANNED", "PRESENT", "MANAGED" };
	struct libscols_table *tb = scols_new_table();

	scols_table_set_name(tb, "zones");
	scols_table_enable_json(tb, json);
	for (int i = 0; i < 6; i++)
		scols_table_new_column(tb, cols[i], 0, i >= 2 ? SCOLS_FL_RIGHT : 0);
	pthread_mutex_lock(&m->lock);
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		if (!m->pgdat[nid] || !node_state(&m->nodes, nid, N_ONLINE))
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &m->pgdat[nid]->node_zones[z];
			struct libscols_line *ln = scols_table_new_line(tb, NULL);
			char buf[32];

			snprintf(buf, sizeof(buf), "%d", nid);
			scols_line_set_data(ln, 0, buf);
			scols_line_set_data(ln, 1, zone_name(zone));
			if (populated_zone(zone))
				snprintf(buf, sizeof(buf), "%lu", zone->zone_start_pfn);
			else
				snprintf(buf, sizeof(buf), "-");
			scols_line_set_data(ln, 2, buf);
			snprintf(buf, sizeof(buf), "%lu", zone->spanned_pages);
			scols_line_set_data(ln, 3, buf);
			snprintf(buf, sizeof(buf), "%lu", zone->present_pages);
			scols_line_set_data(ln, 4, buf);
			snprintf(buf, sizeof(buf), "%lu", zone->managed_pages);
			scols_line_set_data(ln, 5, buf);
		}
	}
	pthread_mutex_unlock(&m->lock);
	scols_table_set_stream(tb, out);
	scols_print_table(tb);
	scols_unref_table(tb);
}

static json_object *zones_json(struct machine *m)
{
	json_object *arr = json_object_new_array();

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		if (!m->pgdat[nid] || !node_state(&m->nodes, nid, N_ONLINE))
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &m->pgdat[nid]->node_zones[z];
			json_object *o = json_object_new_object();

			json_object_object_add(o, "node", json_object_new_int(nid));
			json_object_object_add(o, "zone", json_object_new_string(zone_name(zone)));
			json_object_object_add(o, "start_pfn", populated_zone(zone) ?
					       json_object_new_uint64(zone->zone_start_pfn) : NULL);
			json_object_object_add(o, "spanned", json_object_new_uint64(zone->spanned_pages));
			json_object_object_add(o, "present", json_object_new_uint64(zone->present_pages));
			json_object_object_add(o, "managed", json_object_new_uint64(zone->managed_pages));
			json_object_array_add(arr, o);
		}
	}
	return arr;
}

static void stream_blocks(struct machine *m, FILE *out)
{
	uint64_t id = 0;
	struct memory_block *mem;
	bool first = true;

	while ((mem = idxmap_next(&m->blocks, id, &id))) {
		char zones[64];

		block_zones(m, mem, zones, sizeof(zones));
		fprintf(out, "%s\n    {\"block\": %llu, \"phys_start\": %llu, \"state\": \"%s\", \"node\": %d, "
			"\"valid_zones\": \"%s\", \"vmemmap_pages\": %lu, \"unmovable_pages\": %lu, "
			"\"onlined_by\": %s%s%s}",
			first ? "" : ",", (unsigned long long)id, (unsigned long long)(id * m->block_size),
			mem->state == MEM_ONLINE ? "online" : mem->state == MEM_OFFLINE ? "offline" : "going-offline",
			mem->nid, zones, mem->nr_vmemmap_pages, memory_block_unmovable_pages(m, mem),
			mem->state == MEM_ONLINE ? "\"" : "",
			mem->state == MEM_ONLINE ? onlined_by_str(mem->onlined_by) : "null",
			mem->state == MEM_ONLINE ? "\"" : "");
		first = false;
		id++;
	}
}

void show_machine_json(struct machine *m, FILE *out)
{
	json_object *root = json_object_new_object();
	struct strbuf io = STRBUF_INIT, masks = STRBUF_INIT;
	static const char *const names[] = { "possible", "online", "has_normal_memory", "has_memory", "has_cpu" };

	pthread_mutex_lock(&m->lock);
	json_object_object_add(root, "kernel", json_object_new_string(m->prof->name));
	json_object_object_add(root, "block_size_bytes", json_object_new_uint64(m->block_size));
	json_object *auto_online = json_object_new_object();

	json_object_object_add(auto_online, "value",
			       json_object_new_string(online_type_to_str(m->default_online_type)));
	json_object_object_add(auto_online, "set_by",
			       json_object_new_string(onlined_by_str(m->default_online_source)));
	json_object_object_add(root, "auto_online_blocks", auto_online);
	if (m->udev_online_type >= 0)
		json_object_object_add(root, "udev_online",
				       json_object_new_string(online_type_to_str(m->udev_online_type)));
	json_object_object_add(root, "mem_total_kb", json_object_new_uint64(machine_managed_pages(m) * 4));
	json_object *nodes = json_object_new_object();

	for (int s = 0; s < NR_NODE_STATES; s++) {
		strbuf_reset(&masks);
		render_nodemask(m->nodes.m[s], m->nr_node_ids, &masks);
		masks.buf[--masks.len] = '\0';
		json_object_object_add(nodes, names[s], json_object_new_string(masks.buf));
	}
	json_object_object_add(root, "nodes", nodes);
	json_object_object_add(root, "zones", zones_json(m));
	render_iomem(m->iomem, &io);
	json_object_object_add(root, "iomem", json_object_new_string(io.buf));
	/* blocks are streamed: hundreds of thousands of small objects would cost gigabytes in json-c */
	const char *doc = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t len = strlen(doc);

	fprintf(out, "%.*s,\n  \"blocks\": [", (int)(len - 2), doc);
	stream_blocks(m, out);
	fputs("\n  ]\n}\n", out);
	pthread_mutex_unlock(&m->lock);
	json_object_put(root);
	strbuf_release(&io);
	strbuf_release(&masks);
}
