/* SPDX-License-Identifier: MIT */
/*
 * cli/plan.c — `memhp plan`: what a machine's memory layout costs and risks, computed
 * from the booted (and optionally hot-plugged and onlined) machine:
 *   - per node: kernel and movable memory, the memmap (struct pages) it carries and
 *     where that memmap lives — on the block itself (vmem_altmap), in the node's own
 *     kernel memory, or borrowed from another node;
 *   - zone ratios: ZONE_MOVABLE against the kernel memory that must serve it (the
 *     auto-movable policy's ratio is the kernel's own yardstick);
 *   - what can never be unplugged: blocks holding unmovable allocations, blocks in kernel
 *     zones, devices whose blocks are not all in ZONE_MOVABLE;
 *   - capacity lost because a device's range is not made of whole memory blocks;
 *   - what a kexec'd kernel is told (/sys/firmware/memmap; driver-managed memory excluded).
 * Cost is O(memory blocks).
 */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/abi.h"
#include "cli/cli.h"
#include "hotplug/memory.h"
#include "hotplug/memory_hotplug.h"
#include "lib/parse.h"

#define STRUCT_PAGE_SIZE	64ULL

struct node_plan {
	uint64_t kernel, movable, offline;	/* bytes of memory blocks by state/zone */
	uint64_t memmap_self;			/* memmap on the blocks themselves (altmap) */
	uint64_t memmap_boot;			/* boot memmap, from memblock on this node */
	uint64_t memmap_hot;			/* hot-added blocks' memmap, from kernel memory */
	int memmap_from;			/* node that serves memmap_hot, -1 none */
	uint64_t kernel_managed;		/* bytes the buddy allocator manages in kernel zones */
	uint64_t memmap_served;			/* memmap_hot of every node this node serves */
	unsigned long nr_unmovable, nr_kernel_blocks, nr_movable_blocks;
};

enum unplug { UNPLUG_YES, UNPLUG_AT_RISK, UNPLUG_NO, UNPLUG_NOT_ADDED };
static const char *const unplug_str[] = { "yes", "at-risk", "no", "-" };

struct plan {
	struct node_plan node[MAX_NUMNODES];
	uint64_t kernel, movable, offline, memmap;
	uint64_t lost;				/* device capacity outside whole blocks */
	struct strbuf unmovable;		/* "memory0 memory15" */
	unsigned long onlined_by[NR_ONLINED_BY];	/* online blocks per mechanism */
};

static uint64_t block_bytes(const struct machine *m, const struct memory_block *mem)
{
	return mem->nr_present ? (uint64_t)mem->nr_present << PAGE_SHIFT : m->block_size;
}

/* Memmap of the present sections of @mem: a whole section's worth of struct pages each. */
static uint64_t block_memmap(const struct machine *m, const struct memory_block *mem)
{
	uint64_t n = 0;

	for (unsigned long i = 0; i < m->sections_per_block; i++)
		if (valid_section_nr(&m->sparse, mem->start_section_nr + i))
			n++;
	return n * PAGES_PER_SECTION * STRUCT_PAGE_SIZE;
}

/* The nearest node with kernel memory (lowest id when distances are equal), or -1. */
static int memmap_node_for(const struct machine *m, int nid)
{
	if (node_state(&m->nodes, nid, N_NORMAL_MEMORY))
		return nid;
	for (int n = 0; n < m->nr_node_ids; n++)
		if (node_state(&m->nodes, n, N_NORMAL_MEMORY))
			return n;
	return -1;
}

static int block_nid(const struct memory_block *mem)
{
	return mem->nid >= 0 ? mem->nid : 0;
}

static void plan_blocks(struct machine *m, struct plan *p)
{
	uint64_t id = 0;
	struct memory_block *mem;

	while ((mem = idxmap_next(&m->blocks, id, &id))) {
		struct node_plan *np = &p->node[block_nid(mem)];
		uint64_t bytes = block_bytes(m, mem), mm = block_memmap(m, mem);

		if (mem->state == MEM_ONLINE)
			p->onlined_by[mem->onlined_by]++;
		if (mem->state != MEM_ONLINE)
			np->offline += bytes;
		else if (mem->zone && mem->zone->idx == ZONE_MOVABLE)
			np->movable += bytes, np->nr_movable_blocks++;
		else
			np->kernel += bytes, np->nr_kernel_blocks++;
		if (mem->state == MEM_ONLINE && memory_block_unmovable_pages(m, mem)) {
			np->nr_unmovable++;
			strbuf_addf(&p->unmovable, "%smemory%llu", p->unmovable.len ? " " : "",
				    (unsigned long long)id);
		}
		if (mem->nr_vmemmap_pages)
			np->memmap_self += (uint64_t)mem->nr_vmemmap_pages << PAGE_SHIFT;
		else if (mem->source == MHP_SOURCE_BOOT)
			np->memmap_boot += mm;
		else
			np->memmap_hot += mm;
		id++;
	}
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct node_plan *np = &p->node[nid];
		struct pglist_data *pgdat = NODE_DATA(m, nid);

		np->memmap_from = np->memmap_hot ? memmap_node_for(m, nid) : -1;
		if (np->memmap_from >= 0)
			p->node[np->memmap_from].memmap_served += np->memmap_hot;
		for (int z = 0; pgdat && z <= ZONE_NORMAL; z++)
			np->kernel_managed += (uint64_t)pgdat->node_zones[z].managed_pages << PAGE_SHIFT;
		p->kernel += np->kernel;
		p->movable += np->movable;
		p->offline += np->offline;
		p->memmap += np->memmap_self + np->memmap_boot + np->memmap_hot;
	}
}

/* Bytes of [start, start + size) that lie in existing memory blocks. */
static uint64_t added_bytes(struct machine *m, uint64_t start, uint64_t size)
{
	uint64_t n = 0;

	for (uint64_t a = start - start % m->block_size; a < start + size; a += m->block_size) {
		uint64_t lo = a > start ? a : start;
		uint64_t hi = a + m->block_size < start + size ? a + m->block_size : start + size;

		if (find_memory_block_by_id(m, a / m->block_size))
			n += hi - lo;
	}
	return n;
}

static enum unplug device_unplug(struct machine *m, uint64_t start, uint64_t size)
{
	enum unplug v = UNPLUG_NOT_ADDED;

	for (uint64_t a = start; a < start + size; a += m->block_size) {
		struct memory_block *mem = find_memory_block_by_id(m, a / m->block_size);
		enum unplug b = UNPLUG_YES;

		if (!mem)
			continue;
		if (mem->state == MEM_ONLINE && memory_block_unmovable_pages(m, mem))
			b = UNPLUG_NO;
		else if (mem->state == MEM_ONLINE && (!mem->zone || mem->zone->idx != ZONE_MOVABLE))
			b = UNPLUG_AT_RISK;
		if (v == UNPLUG_NOT_ADDED || b > v)
			v = b;
	}
	return v;
}

static void human(uint64_t bytes, char *buf, size_t n)
{
	static const char units[] = "BKMGTPE";
	double v = (double)bytes;
	int u = 0;

	while (v >= 1024 && u < 6)
		v /= 1024, u++;
	if (u == 0)
		snprintf(buf, n, "%lluB", (unsigned long long)bytes);
	else if (v == (uint64_t)v)
		snprintf(buf, n, "%llu%c", (unsigned long long)v, units[u]);
	else
		snprintf(buf, n, "%.1f%c", v, units[u]);
}

static const char *H(uint64_t bytes)
{
	static char ring[8][24];
	static int i;
	char *b = ring[i++ % 8];

	human(bytes, b, sizeof(ring[0]));
	return b;
}

static uint64_t percent(uint64_t a, uint64_t b)
{
	return b ? a * 100 / b : 0;
}

static void warn_text(struct machine *m, struct plan *p, json_object *warns, FILE *out)
{
	char line[512];

	if (p->kernel && p->movable && percent(p->movable, p->kernel) > m->auto_movable_ratio) {
		snprintf(line, sizeof(line),
			 "ZONE_MOVABLE is %llu%% of kernel memory (%s movable, %s kernel); the auto-movable "
			 "policy stops at %u%%: beyond it, kernel allocations and the memmap of movable "
			 "memory may not fit",
			 (unsigned long long)percent(p->movable, p->kernel), H(p->movable), H(p->kernel),
			 m->auto_movable_ratio);
		if (out)
			fprintf(out, "  %s\n", line);
		json_object_array_add(warns, json_object_new_string(line));
	}
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct node_plan *np = &p->node[nid];
		uint64_t served = np->memmap_served + np->memmap_boot;

		if (np->memmap_from >= 0 && np->memmap_from != nid) {
			snprintf(line, sizeof(line),
				 "node %d has no kernel memory: the memmap of its hot-added memory (%s) "
				 "comes from node %d", nid, H(np->memmap_hot), np->memmap_from);
			if (out)
				fprintf(out, "  %s\n", line);
			json_object_array_add(warns, json_object_new_string(line));
		}
		if (np->kernel_managed && percent(served, np->kernel_managed) >= 10) {
			snprintf(line, sizeof(line),
				 "node %d: struct pages take %llu%% of its kernel memory (%s of %s managed)",
				 nid, (unsigned long long)percent(served, np->kernel_managed), H(served),
				 H(np->kernel_managed));
			if (out)
				fprintf(out, "  %s\n", line);
			json_object_array_add(warns, json_object_new_string(line));
		}
	}
	if (p->lost) {
		snprintf(line, sizeof(line),
			 "%s of device memory is not usable: it is not made of whole %s memory blocks",
			 H(p->lost), H(m->block_size));
		if (out)
			fprintf(out, "  %s\n", line);
		json_object_array_add(warns, json_object_new_string(line));
	}
}

static json_object *jsize(uint64_t v)
{
	return json_object_new_int64((int64_t)v);
}

static void plan_devices(struct machine *m, struct plan *p, json_object *jdevs, FILE *out)
{
	if (out && m->plat.nr_mdevs)
		fprintf(out, "\n%-12s %-10s %-27s %8s %8s %8s %s\n", "DEVICE", "TYPE", "RANGE", "SIZE",
			"ADDED", "LOST", "UNPLUG");
	for (int i = 0; i < m->plat.nr_mdevs; i++) {
		const struct mdev *d = &m->plat.mdevs[i];
		uint64_t usable = d->kind == MDEV_VIRTIO_MEM ? d->plugged_size : d->size;
		uint64_t added = added_bytes(m, d->addr, d->size);
		uint64_t lost = d->kind == MDEV_PC_DIMM && added < usable ? usable - added : 0;
		enum unplug u = device_unplug(m, d->addr, d->size);
		char range[48];

		/* a DIMM whose range is not made of whole blocks is refused by add_memory() */
		p->lost += lost;
		snprintf(range, sizeof(range), "%#llx-%#llx", (unsigned long long)d->addr,
			 (unsigned long long)(d->addr + d->size - 1));
		if (out)
			fprintf(out, "%-12s %-10s %-27s %8s %8s %8s %s\n", d->id,
				d->kind == MDEV_PC_DIMM ? "pc-dimm" : "virtio-mem", range, H(usable),
				H(added), H(lost), unplug_str[u]);
		json_object *j = json_object_new_object();

		json_object_object_add(j, "id", json_object_new_string(d->id));
		json_object_object_add(j, "type", json_object_new_string(d->kind == MDEV_PC_DIMM ?
									  "pc-dimm" : "virtio-mem"));
		json_object_object_add(j, "start", jsize(d->addr));
		json_object_object_add(j, "size", jsize(usable));
		json_object_object_add(j, "added", jsize(added));
		json_object_object_add(j, "lost", jsize(lost));
		json_object_object_add(j, "unplug", json_object_new_string(unplug_str[u]));
		json_object_array_add(jdevs, j);
	}
}

static void plan_kexec(struct machine *m, json_object *jk, FILE *out)
{
	if (out)
		fprintf(out, "\nNext kernel (kexec: /sys/firmware/memmap; driver-managed memory is not passed on):\n");
	for (int i = 0; i < m->nr_fwmap; i++) {
		const struct firmware_map_entry *e = &m->fwmap[i];

		if (out)
			fprintf(out, "  0x%016llx-0x%016llx %s\n", (unsigned long long)e->start,
				(unsigned long long)e->end, e->type);
		json_object *j = json_object_new_object();

		json_object_object_add(j, "start", jsize(e->start));
		json_object_object_add(j, "end", jsize(e->end));
		json_object_object_add(j, "type", json_object_new_string(e->type));
		json_object_array_add(jk, j);
	}
}

/*
 * Which mechanism onlined the online blocks (docs/kconfig.md), and the policy that decides
 * the next add: auto_online_blocks with who set it, and the udev rule if any.
 */
static void plan_onlining(struct machine *m, struct plan *p, json_object *root, FILE *out)
{
	json_object *counts = json_object_new_object(), *policy = json_object_new_object();
	const char *sep = "";

	if (out)
		printf("\nOnlined by:");
	for (int by = 0; by < NR_ONLINED_BY; by++) {
		if (!p->onlined_by[by])
			continue;
		if (out)
			printf("%s %s %lu", sep, onlined_by_str(by), p->onlined_by[by]);
		sep = ",";
		json_object_object_add(counts, onlined_by_str(by),
				       json_object_new_int64((int64_t)p->onlined_by[by]));
	}
	if (out)
		printf("%s\nNext add: auto_online_blocks=%s (set by %s)%s%s\n", *sep ? "" : " none",
		       online_type_to_str(m->default_online_type),
		       onlined_by_str(m->default_online_source),
		       m->udev_online_type >= 0 ? ", then the udev rule: " : "",
		       m->udev_online_type >= 0 ? online_type_to_str(m->udev_online_type) : "");
	json_object_object_add(policy, "auto_online_blocks",
			       json_object_new_string(online_type_to_str(m->default_online_type)));
	json_object_object_add(policy, "set_by",
			       json_object_new_string(onlined_by_str(m->default_online_source)));
	json_object_object_add(policy, "udev_online", m->udev_online_type < 0 ? NULL :
			       json_object_new_string(online_type_to_str(m->udev_online_type)));
	json_object_object_add(root, "onlined_by", counts);
	json_object_object_add(root, "next_add", policy);
}

static void plan_print(struct machine *m, bool json)
{
	struct plan *p = calloc(1, sizeof(*p));
	json_object *root = json_object_new_object(), *jnodes = json_object_new_array();
	json_object *jdevs = json_object_new_array(), *jk = json_object_new_array();
	json_object *warns = json_object_new_array();
	FILE *out = json ? NULL : stdout;

	if (!p)
		abort();
	strbuf_init(&p->unmovable);
	plan_blocks(m, p);
	if (out) {
		printf("Memory plan: %d node%s, %s memory blocks, kernel profile %s\n\n", m->nr_node_ids,
		       m->nr_node_ids == 1 ? "" : "s", H(m->block_size), m->prof->name);
		printf("%-4s %8s %8s %8s %8s %8s %8s %s\n", "NODE", "KERNEL", "MOVABLE", "OFFLINE",
		       "MEMMAP", "ALTMAP", "BORROWED", "MEMMAP-FROM");
	}
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct node_plan *np = &p->node[nid];
		char from[32] = "-";

		if (!np->kernel && !np->movable && !np->offline)
			continue;
		if (np->memmap_from >= 0)
			snprintf(from, sizeof(from), "node %d", np->memmap_from);
		else if (np->memmap_hot)
			snprintf(from, sizeof(from), "none");
		if (out)
			printf("%-4d %8s %8s %8s %8s %8s %8s %s\n", nid, H(np->kernel), H(np->movable),
			       H(np->offline), H(np->memmap_boot + np->memmap_hot + np->memmap_self),
			       H(np->memmap_self), H(np->memmap_from >= 0 && np->memmap_from != nid ?
						     np->memmap_hot : 0), from);
		json_object *j = json_object_new_object();

		json_object_object_add(j, "node", json_object_new_int(nid));
		json_object_object_add(j, "kernel", jsize(np->kernel));
		json_object_object_add(j, "movable", jsize(np->movable));
		json_object_object_add(j, "offline", jsize(np->offline));
		json_object_object_add(j, "kernel_managed", jsize(np->kernel_managed));
		json_object_object_add(j, "memmap_boot", jsize(np->memmap_boot));
		json_object_object_add(j, "memmap_hotplug", jsize(np->memmap_hot));
		json_object_object_add(j, "memmap_altmap", jsize(np->memmap_self));
		json_object_object_add(j, "memmap_from", np->memmap_from >= 0 ?
				       json_object_new_int(np->memmap_from) : NULL);
		json_object_object_add(j, "unmovable_blocks", json_object_new_int64((int64_t)np->nr_unmovable));
		json_object_array_add(jnodes, j);
	}
	if (out)
		printf("%-4s %8s %8s %8s %8s\n", "all", H(p->kernel), H(p->movable), H(p->offline),
		       H(p->memmap));
	plan_devices(m, p, jdevs, out);
	plan_onlining(m, p, root, out);
	if (out) {
		printf("\nCannot be offlined (unmovable allocations): %s\n",
		       p->unmovable.len ? p->unmovable.buf : "none");
		printf("\nWarnings:\n");
	}
	warn_text(m, p, warns, out);
	if (out && !json_object_array_length(warns))
		printf("  none\n");
	plan_kexec(m, jk, out);
	if (json) {
		json_object_object_add(root, "block_size", jsize(m->block_size));
		json_object_object_add(root, "kernel", jsize(p->kernel));
		json_object_object_add(root, "movable", jsize(p->movable));
		json_object_object_add(root, "offline", jsize(p->offline));
		json_object_object_add(root, "memmap", jsize(p->memmap));
		json_object_object_add(root, "movable_percent_of_kernel",
				       json_object_new_int64((int64_t)percent(p->movable, p->kernel)));
		json_object_object_add(root, "auto_movable_ratio", json_object_new_int((int)m->auto_movable_ratio));
		json_object_object_add(root, "nodes", jnodes);
		json_object_object_add(root, "devices", jdevs);
		json_object_object_add(root, "lost", jsize(p->lost));
		json_object_object_add(root, "unmovable", json_object_new_string(p->unmovable.buf));
		json_object_object_add(root, "warnings", warns);
		json_object_object_add(root, "kexec_memmap", jk);
		puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED));
	} else {
		json_object_put(jnodes);
		json_object_put(jdevs);
		json_object_put(jk);
		json_object_put(warns);
	}
	json_object_put(root);
	strbuf_release(&p->unmovable);
	free(p);
}

static void usage_plan(FILE *out)
{
	fputs("Usage: memhp plan [machine options] [--hmp CMD]... [--online TYPE] [--json]\n\n"
	      "Boot a machine, optionally plug devices and online their blocks, then show what\n"
	      "the layout costs and risks: memmap (64 bytes of struct page per 4 KiB page) and\n"
	      "where it lives, ZONE_MOVABLE against kernel memory, blocks and devices that cannot\n"
	      "be unplugged, capacity outside whole memory blocks, and what a kexec'd kernel sees.\n\n"
	      "  -q, --qemu ARGS       QEMU arguments describing the machine\n"
	      "  -f, --fwmap FILE      a firmware map file instead (docs/fwmap.md)\n"
	      "  -c, --cmdline LINE    kernel command line\n"
	      "  -k, --kernel NAME     kernel profile (6.1, 6.18)\n"
	      "  -C, --config OPT=V    override one Kconfig option (repeatable; `memhp config`)\n"
	      "  -U, --udev-online T   memhp-only: a udev rule onlines added blocks as T\n"
	      "  -B, --block-size SZ   force the memory block size\n"
	      "  -m, --modules LIST    modules to load (e.g. 'virtio_pci virtio_mem')\n"
	      "  -H, --hmp CMD         a QEMU monitor command after boot (repeatable, in order)\n"
	      "  -o, --online TYPE     then write TYPE (online, online_kernel, online_movable) to\n"
	      "                        the state of every offline block, as udev or chmem would\n"
	      "  -J, --json            the plan as JSON\n"
	      "  -h, --help            this help\n\n"
	      "Example: 2 GiB of RAM and a 64 GiB DIMM onlined movable\n"
	      "  memhp plan -q '-m 2G,slots=2,maxmem=66G' \\\n"
	      "    -H 'object_add memory-backend-ram,id=m1,size=64G' -H 'device_add pc-dimm,id=d1,memdev=m1' \\\n"
	      "    --online online_movable\n", out);
}

static int online_all(struct machine *m, const char *type)
{
	char buf[32], path[96];
	uint64_t id = 0;
	int failed = 0;

	snprintf(buf, sizeof(buf), "%s\n", type);
	while (idxmap_next(&m->blocks, id, &id)) {
		struct memory_block *mem = find_memory_block_by_id(m, id);

		if (mem->state == MEM_OFFLINE) {
			snprintf(path, sizeof(path), "/sys/devices/system/memory/memory%llu/state",
				 (unsigned long long)id);
			if (abi_write_path(m, path, buf, strlen(buf)))
				failed++;
		}
		id++;
	}
	return failed;
}

int cmd_plan(int argc, char **argv)
{
	static const struct option opts[] = {
		MACHINE_LONGOPTS,
		{ "hmp", required_argument, NULL, 'H' },
		{ "online", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct machine_config cfg = { 0 };
	const char *hmp[64], *online = NULL;
	int nr_hmp = 0, c;
	bool json = false;

	optind = 1;
	while ((c = getopt_long(argc, argv, MACHINE_SHORTOPTS "H:o:Jh", opts, NULL)) != -1) {
		if (c == 'h') {
			usage_plan(stdout);
			return 0;
		} else if (c == 'J') {
			json = true;
		} else if (c == 'H') {
			if (nr_hmp == 64) {
				fprintf(stderr, "memhp plan: --hmp: at most 64 commands\n");
				return 2;
			}
			hmp[nr_hmp++] = optarg;
		} else if (c == 'o') {
			if (strcmp(optarg, "online") && strcmp(optarg, "online_kernel") &&
			    strcmp(optarg, "online_movable")) {
				fprintf(stderr, "memhp plan: --online: expected online, online_kernel or "
						"online_movable, got '%s'\n", optarg);
				return 2;
			}
			online = optarg;
		} else if (machine_opt(&cfg, c, optarg) <= 0) {
			usage_plan(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "memhp plan: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	struct machine *m = boot_or_die(&cfg);
	struct strbuf reply = STRBUF_INIT;

	for (int i = 0; i < nr_hmp; i++) {
		strbuf_reset(&reply);
		if (monitor_command(m, hmp[i], &reply)) {
			fprintf(stderr, "memhp plan: --hmp '%s': %s", hmp[i], reply.buf);
			if (!reply.len || reply.buf[reply.len - 1] != '\n')
				fputc('\n', stderr);
			strbuf_release(&reply);
			machine_free(m);
			return 1;
		}
	}
	strbuf_release(&reply);
	if (online) {
		int failed = online_all(m, online);

		if (failed)
			fprintf(stderr, "memhp plan: --online %s: %d block%s refused\n", online, failed,
				failed == 1 ? "" : "s");
	}
	plan_print(m, json);
	machine_free(m);
	return 0;
}
