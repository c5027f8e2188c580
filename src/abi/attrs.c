/* SPDX-License-Identifier: MIT */
/*
 * abi/attrs.c — show/store for every file (spec 10). Stores parse first and change
 * nothing on error; results map to the errno the kernel returns.
 */
#include "attrs.h"

#include <errno.h>
#include <string.h>

#include "abi/render.h"
#include "boot/cmdline.h"
#include "drivers/drivers.h"
#include "drivers/steps.h"
#include "hotplug/memory.h"
#include "hotplug/memory_hotplug.h"
#include "lib/parse.h"

#define SYSFS	4096
#define DIR_(n, p)	{ .name = n, .parent = p, .type = ABI_DIR, .mode = 0755 }

static int show_block_size(struct machine *m, uint64_t obj, struct strbuf *out)
{
	(void)obj;
	strbuf_addf(out, "%llx\n", (unsigned long long)m->block_size);
	return 0;
}

static int show_auto_online(struct machine *m, uint64_t obj, struct strbuf *out)
{
	(void)obj;
	strbuf_addf(out, "%s\n", online_type_to_str(m->default_online_type));
	return 0;
}

static int store_auto_online(struct machine *m, uint64_t obj, const char *buf)
{
	int type = online_type_from_str(buf);

	(void)obj;
	if (type < 0)
		return -EINVAL;
	m->default_online_type = type;
	m->default_online_source = ONLINED_BY_AUTO_ONLINE_BLOCKS;	/* later adds follow it */
	return 0;
}

/* drivers/base/memory.c and mm/memory_hotplug.c are built only with MEMORY_HOTPLUG */
static bool has_memory_hotplug(struct machine *m)
{
	return kconfig_enabled(&m->boot.kconfig, KCONFIG_MEMORY_HOTPLUG);
}

static bool has_memmap_on_memory_param(struct machine *m)
{
	return kconfig_enabled(&m->boot.kconfig, KCONFIG_MHP_MEMMAP_ON_MEMORY);
}

static bool has_probe(struct machine *m)
{
	return m->arch_memory_probe;
}

/* probe (CONFIG_ARCH_MEMORY_PROBE): add one block at a physical address. */
static int store_probe(struct machine *m, uint64_t obj, const char *buf)
{
	uint64_t addr;
	int ret = kstrtoull(buf, &addr);

	(void)obj;
	if (ret)
		return ret;
	if (addr % m->block_size)
		return -EINVAL;
	int nid = 0;

	for (int i = 0; i < m->plat.nr_srat; i++)
		if (m->plat.srat[i].start <= addr && addr < m->plat.srat[i].end)
			nid = m->plat.srat[i].nid;
	return add_memory(m, nid, addr, m->block_size, "System RAM", MHP_NONE, MHP_SOURCE_PROBE);
}

/* soft/hard_offline_page: hwpoison injection is not modelled; inputs are still checked. */
static int store_offline_page(struct machine *m, uint64_t obj, const char *buf)
{
	uint64_t addr;
	int ret = kstrtoull(buf, &addr);

	(void)obj;
	if (ret)
		return -EINVAL;
	if (!online_section_nr(&m->sparse, unit_of(&m->sparse, PHYS_PFN(addr))))
		return -EIO;
	return -EOPNOTSUPP;
}

static int store_uevent(struct machine *m, uint64_t obj, const char *buf)
{
	(void)m;
	(void)obj;
	return kobject_action_type(buf) < 0 ? -EINVAL : 0;
}

static int show_empty(struct machine *m, uint64_t obj, struct strbuf *out)
{
	(void)m;
	(void)obj;
	(void)out;
	return 0;
}

static int show_mask(struct machine *m, enum node_states s, struct strbuf *out)
{
	render_nodemask(m->nodes.m[s], m->nr_node_ids, out);
	return 0;
}

static int show_possible(struct machine *m, uint64_t o, struct strbuf *out) { (void)o; return show_mask(m, N_POSSIBLE, out); }
static int show_online(struct machine *m, uint64_t o, struct strbuf *out) { (void)o; return show_mask(m, N_ONLINE, out); }
static int show_has_memory(struct machine *m, uint64_t o, struct strbuf *out) { (void)o; return show_mask(m, N_MEMORY, out); }
static int show_has_normal(struct machine *m, uint64_t o, struct strbuf *out) { (void)o; return show_mask(m, N_NORMAL_MEMORY, out); }
static int show_has_cpu(struct machine *m, uint64_t o, struct strbuf *out) { (void)o; return show_mask(m, N_CPU, out); }

static int show_numa_aware(struct machine *m, uint64_t obj, struct strbuf *out)
{
	(void)obj;
	strbuf_addstr(out, m->auto_movable_numa_aware ? "Y\n" : "N\n");
	return 0;
}

static int store_numa_aware(struct machine *m, uint64_t obj, const char *buf)
{
	bool v;
	int ret = kstrtobool(buf, &v);

	(void)obj;
	if (!ret)
		m->auto_movable_numa_aware = v;
	return ret;
}

static int show_ratio(struct machine *m, uint64_t obj, struct strbuf *out)
{
	(void)obj;
	strbuf_addf(out, "%u\n", m->auto_movable_ratio);
	return 0;
}

static int store_ratio(struct machine *m, uint64_t obj, const char *buf)
{
	unsigned int v;
	int ret = kstrtouint(buf, &v);

	(void)obj;
	if (!ret)
		m->auto_movable_ratio = v;
	return ret;
}

static int show_memmap_on_memory(struct machine *m, uint64_t obj, struct strbuf *out)
{
	(void)obj;
	strbuf_addstr(out, m->memmap_on_memory == MEMMAP_ON_MEMORY_FORCE ? "force\n" :
		      m->memmap_on_memory ? "Y\n" : "N\n");
	return 0;
}

static int show_policy(struct machine *m, uint64_t obj, struct strbuf *out)
{
	(void)obj;
	strbuf_addf(out, "%s\n", online_policy_to_str(m->online_policy));
	return 0;
}

static int store_policy(struct machine *m, uint64_t obj, const char *buf)
{
	int p = online_policy_from_str(buf);

	(void)obj;
	if (p < 0)
		return -EINVAL;
	m->online_policy = p;
	return 0;
}

static int show_meminfo(struct machine *m, uint64_t o, struct strbuf *out) { (void)o; render_meminfo(m, out); return 0; }
static int show_zoneinfo(struct machine *m, uint64_t o, struct strbuf *out) { (void)o; render_zoneinfo(m, out); return 0; }
static int show_buddyinfo(struct machine *m, uint64_t o, struct strbuf *out) { (void)o; render_buddyinfo(m, out); return 0; }
static int show_iomem(struct machine *m, uint64_t o, struct strbuf *out) { (void)o; render_iomem(m->iomem, out); return 0; }

static int show_cmdline(struct machine *m, uint64_t obj, struct strbuf *out)
{
	(void)obj;
	strbuf_addf(out, "%s\n", m->boot.params.cmdline);
	return 0;
}

/* proc_dointvec_minmax with 1..4: the caches themselves are not modelled. */
static int store_drop_caches(struct machine *m, uint64_t obj, const char *buf)
{
	unsigned int v;

	(void)m;
	(void)obj;
	if (kstrtouint(buf, &v) || v < 1 || v > 4)
		return -EINVAL;
	return 0;
}

static int show_kmsg(struct machine *m, uint64_t obj, struct strbuf *out)
{
	(void)obj;
	strbuf_add(out, m->kmsg.buf, m->kmsg.len);
	strbuf_reset(&m->kmsg);
	return 0;
}

static int show_snapshot(struct machine *m, uint64_t obj, struct strbuf *out)
{
	(void)obj;
	render_snapshot(m, out);
	return 0;
}

static int show_events(struct machine *m, uint64_t obj, struct strbuf *out)
{
	(void)obj;
	drivers_show_event_log(m, out);
	return 0;
}

static int reply_monitor(struct machine *m, const char *buf, struct strbuf *reply)
{
	size_t n = strcspn(buf, "\n");
	char line[4097];

	memcpy(line, buf, n);
	line[n] = '\0';
	monitor_command(m, line, reply);
	drivers_take_events(m, reply);
	return 0;
}

/* /.memhp/steps: write one memhp step ("alloc a 64M kind=anon"); read: its report and result. */
static int reply_steps(struct machine *m, const char *buf, struct strbuf *reply)
{
	size_t n = strcspn(buf, "\n");
	char line[4097];

	memcpy(line, buf, n < sizeof(line) - 1 ? n : sizeof(line) - 1);
	line[n < sizeof(line) - 1 ? n : sizeof(line) - 1] = '\0';
	int ret = memhp_step_run(m, line, reply);

	if (reply->len && reply->buf[reply->len - 1] != '\n')
		strbuf_addch(reply, '\n');
	if (ret)
		strbuf_addf(reply, "result: %s (%s)\n", memhp_errno_name(-ret), strerror(-ret));
	else
		strbuf_addstr(reply, "result: ok\n");
	return 0;
}

/* /.memhp/modules: write "NAME [PARAM...]" or "-r NAME" (modprobe); read: loaded modules. */
static int reply_modules(struct machine *m, const char *buf, struct strbuf *reply)
{
	size_t n = strcspn(buf, "\n");
	char line[4097];

	memcpy(line, buf, n);
	line[n] = '\0';
	return module_request(m, line, reply);
}

static int show_modules(struct machine *m, uint64_t obj, struct strbuf *out)
{
	(void)obj;
	module_list(m, out);
	return 0;
}

static uint64_t rendered_size(struct machine *m, uint64_t obj,
			      int (*show)(struct machine *, uint64_t, struct strbuf *))
{
	struct strbuf sb = STRBUF_INIT;

	show(m, obj, &sb);
	uint64_t n = sb.len;

	strbuf_release(&sb);
	return n;
}

static uint64_t size_meminfo(struct machine *m, uint64_t o) { return rendered_size(m, o, show_meminfo); }
static uint64_t size_zoneinfo(struct machine *m, uint64_t o) { return rendered_size(m, o, show_zoneinfo); }
static uint64_t size_buddyinfo(struct machine *m, uint64_t o) { return rendered_size(m, o, show_buddyinfo); }
static uint64_t size_iomem(struct machine *m, uint64_t o) { return rendered_size(m, o, show_iomem); }
static uint64_t size_cmdline(struct machine *m, uint64_t o) { return rendered_size(m, o, show_cmdline); }
static uint64_t size_snapshot(struct machine *m, uint64_t o) { return rendered_size(m, o, show_snapshot); }

static int show_blocks_lines(struct machine *m, uint64_t obj, struct strbuf *out)
{
	(void)obj;
	render_blocks_json_lines(m, out);
	return 0;
}

static uint64_t size_blocks_lines(struct machine *m, uint64_t o) { return rendered_size(m, o, show_blocks_lines); }
static uint64_t size_events(struct machine *m, uint64_t o) { return rendered_size(m, o, show_events); }

static uint64_t size_kmsg(struct machine *m, uint64_t obj)
{
	(void)obj;
	return m->kmsg.len;
}

/* Indices matter: parents refer to them (STATIC_MEMORY_DIR, STATIC_NODE_DIR in attrs.h). */
const struct abi_file static_files[] = {
	/* 0 */ DIR_("", 0),
	/* 1 */ DIR_("sys", 0),
	/* 2 */ DIR_("devices", 1),
	/* 3 */ DIR_("system", 2),
	/* 4 */ { "memory", 3, ABI_DIR, 0755, .present = has_memory_hotplug },
	/* 5 */ DIR_("node", 3),
	/* 6 */ DIR_("module", 1),
	/* 7 */ { "memory_hotplug", 6, ABI_DIR, 0755, .present = has_memory_hotplug },
	/* 8 */ DIR_("parameters", 7),
	/* 9 */ DIR_("proc", 0),
	/* 10 */ DIR_(".memhp", 0),
	/* 11 */ DIR_("sys", 9),
	/* 12 */ DIR_("vm", 11),
	/* 13 */ DIR_("firmware", 1),
	/* 14 */ DIR_("memmap", 13),
	/* kobject anchors: drivers hang run-time objects below these (lib/kobject.h) */
	/* 15 */ DIR_("bus", 1),
	/* 16 */ DIR_("platform", 2),
	/* 17 */ DIR_("kernel", 1),
	/* 18 */ DIR_("debug", 17),
	/* 19 */ DIR_("dev", 1),
	/* 20 */ DIR_("char", 19),
	/* 21 */ DIR_("dev", 0),
	{ "auto_online_blocks", 4, ABI_REG, 0644, SYSFS, show_auto_online, store_auto_online },
	{ "block_size_bytes", 4, ABI_REG, 0444, SYSFS, show_block_size },
	{ "hard_offline_page", 4, ABI_REG, 0200, SYSFS, NULL, store_offline_page },
	DIR_("power", 4),
	{ "probe", 4, ABI_REG, 0200, SYSFS, NULL, store_probe, .present = has_probe },
	{ "soft_offline_page", 4, ABI_REG, 0200, SYSFS, NULL, store_offline_page },
	{ "uevent", 4, ABI_REG, 0644, SYSFS, show_empty, store_uevent },
	{ "has_cpu", 5, ABI_REG, 0444, SYSFS, show_has_cpu },
	{ "has_memory", 5, ABI_REG, 0444, SYSFS, show_has_memory },
	{ "has_normal_memory", 5, ABI_REG, 0444, SYSFS, show_has_normal },
	{ "online", 5, ABI_REG, 0444, SYSFS, show_online },
	{ "possible", 5, ABI_REG, 0444, SYSFS, show_possible },
	DIR_("power", 5),
	{ "uevent", 5, ABI_REG, 0644, SYSFS, show_empty, store_uevent },
	{ "auto_movable_numa_aware", 8, ABI_REG, 0644, SYSFS, show_numa_aware, store_numa_aware },
	{ "auto_movable_ratio", 8, ABI_REG, 0644, SYSFS, show_ratio, store_ratio },
	{ "memmap_on_memory", 8, ABI_REG, 0444, SYSFS, show_memmap_on_memory,
	  .present = has_memmap_on_memory_param },
	{ "online_policy", 8, ABI_REG, 0644, SYSFS, show_policy, store_policy },
	{ "cmdline", 9, ABI_REG, 0444, 0, show_cmdline, .size_fn = size_cmdline },
	{ "iomem", 9, ABI_REG, 0444, 0, show_iomem, .size_fn = size_iomem },
	{ "meminfo", 9, ABI_REG, 0444, 0, show_meminfo, .size_fn = size_meminfo },
	{ "zoneinfo", 9, ABI_REG, 0444, 0, show_zoneinfo, .size_fn = size_zoneinfo },
	{ "buddyinfo", 9, ABI_REG, 0444, 0, show_buddyinfo, .size_fn = size_buddyinfo },
	{ "drop_caches", 12, ABI_REG, 0200, 0, NULL, store_drop_caches },
	{ "kmsg", 10, ABI_REG, 0444, 0, show_kmsg, .consumes = true, .size_fn = size_kmsg },
	{ "monitor", 10, ABI_REG, 0600, 0, .reply = reply_monitor },
	{ "steps", 10, ABI_REG, 0600, 0, .reply = reply_steps },
	{ "modules", 10, ABI_REG, 0600, 0, show_modules, .reply = reply_modules, .consumes = true },
	{ "snapshot", 10, ABI_REG, 0444, 0, show_snapshot, .size_fn = size_snapshot },
	{ "blocks", 10, ABI_REG, 0444, 0, show_blocks_lines, .size_fn = size_blocks_lines },
	{ "events", 10, ABI_REG, 0444, 0, show_events, .size_fn = size_events },
};
const int nr_static_files = sizeof(static_files) / sizeof(static_files[0]);

static struct memory_block *blk(struct machine *m, uint64_t id)
{
	return find_memory_block_by_id(m, id);
}

static int show_phys_index(struct machine *m, uint64_t id, struct strbuf *out)
{
	(void)m;
	strbuf_addf(out, "%08llx\n", (unsigned long long)id);
	return 0;
}

static int show_state(struct machine *m, uint64_t id, struct strbuf *out)
{
	render_block_state(blk(m, id), out);
	return 0;
}

static int store_state(struct machine *m, uint64_t id, const char *buf)
{
	return memory_block_state_store(m, blk(m, id), buf);
}

static int show_block_online(struct machine *m, uint64_t id, struct strbuf *out)
{
	strbuf_addf(out, "%d\n", blk(m, id)->state != MEM_OFFLINE);
	return 0;
}

static int store_block_online(struct machine *m, uint64_t id, const char *buf)
{
	return memory_block_online_store(m, blk(m, id), buf);
}

static int show_zero(struct machine *m, uint64_t o, struct strbuf *out) { (void)m; (void)o; strbuf_addstr(out, "0\n"); return 0; }

/* removable: a constant, 1 exactly when the kernel is built with MEMORY_HOTREMOVE */
static int show_removable(struct machine *m, uint64_t o, struct strbuf *out)
{
	(void)o;
	strbuf_addf(out, "%d\n", kconfig_enabled(&m->boot.kconfig, KCONFIG_MEMORY_HOTREMOVE));
	return 0;
}

static int show_valid_zones(struct machine *m, uint64_t id, struct strbuf *out)
{
	render_valid_zones(m, blk(m, id), out);
	return 0;
}

const struct abi_file block_attrs[] = {
	{ "online", -1, ABI_REG, 0644, SYSFS, show_block_online, store_block_online },
	{ "phys_device", -1, ABI_REG, 0444, SYSFS, show_zero },
	{ "phys_index", -1, ABI_REG, 0444, SYSFS, show_phys_index },
	{ "power", -1, ABI_DIR, 0755, 0 },
	{ "removable", -1, ABI_REG, 0444, SYSFS, show_removable },
	{ "state", -1, ABI_REG, 0644, SYSFS, show_state, store_state },
	{ "subsystem", -1, ABI_LNK, 0777, 0, .link = "../../../../bus/memory" },
	{ "uevent", -1, ABI_REG, 0644, SYSFS, show_empty, store_uevent },
	{ "valid_zones", -1, ABI_REG, 0444, SYSFS, show_valid_zones },
};
const int nr_block_attrs = sizeof(block_attrs) / sizeof(block_attrs[0]);

static int show_cpulist(struct machine *m, uint64_t nid, struct strbuf *out)
{
	uint64_t mask[MAX_CPUS / 64] = { 0 };

	for (int cpu = 0; cpu < m->plat.nr_cpus; cpu++)
		if ((uint64_t)m->plat.cpu_node[cpu] == nid)
			mask[cpu / 64] |= 1ULL << (cpu % 64);
	render_nodemask(mask, m->plat.nr_cpus, out);
	return 0;
}

static int show_cpumap(struct machine *m, uint64_t nid, struct strbuf *out)
{
	unsigned long long bits = 0;

	for (int cpu = 0; cpu < m->plat.nr_cpus && cpu < 64; cpu++)
		if ((uint64_t)m->plat.cpu_node[cpu] == nid)
			bits |= 1ULL << cpu;
	strbuf_addf(out, "%0*llx\n", (m->plat.nr_cpus + 3) / 4, bits);
	return 0;
}

static int show_distance(struct machine *m, uint64_t nid, struct strbuf *out)
{
	bool first = true;

	for (int n = 0; n < m->nr_node_ids; n++) {
		if (!node_state(&m->nodes, n, N_ONLINE))
			continue;
		strbuf_addf(out, first ? "%d" : " %d", (uint64_t)n == nid ? 10 : 20);
		first = false;
	}
	strbuf_addch(out, '\n');
	return 0;
}

static int show_node_meminfo(struct machine *m, uint64_t nid, struct strbuf *out)
{
	render_node_meminfo(m, (int)nid, out);
	return 0;
}

const struct abi_file node_attrs[] = {
	{ "cpulist", -1, ABI_REG, 0444, SYSFS, show_cpulist },
	{ "cpumap", -1, ABI_REG, 0444, SYSFS, show_cpumap },
	{ "distance", -1, ABI_REG, 0444, SYSFS, show_distance },
	{ "meminfo", -1, ABI_REG, 0444, SYSFS, show_node_meminfo },
	{ "power", -1, ABI_DIR, 0755, 0 },
	{ "subsystem", -1, ABI_LNK, 0777, 0, .link = "../../../../bus/node" },
	{ "uevent", -1, ABI_REG, 0644, SYSFS, show_empty, store_uevent },
};
const int nr_node_attrs = sizeof(node_attrs) / sizeof(node_attrs[0]);

static const struct firmware_map_entry *fw_entry(struct machine *m, uint64_t idx)
{
	for (int i = 0; i < m->nr_fwmap; i++)
		if ((uint64_t)m->fwmap[i].idx == idx)
			return &m->fwmap[i];
	return NULL;
}

static int show_fw_start(struct machine *m, uint64_t idx, struct strbuf *out)
{
	strbuf_addf(out, "0x%llx\n", (unsigned long long)fw_entry(m, idx)->start);
	return 0;
}

static int show_fw_end(struct machine *m, uint64_t idx, struct strbuf *out)
{
	strbuf_addf(out, "0x%llx\n", (unsigned long long)fw_entry(m, idx)->end);
	return 0;
}

static int show_fw_type(struct machine *m, uint64_t idx, struct strbuf *out)
{
	strbuf_addf(out, "%s\n", fw_entry(m, idx)->type);
	return 0;
}

/* /sys/firmware/memmap/N: what kexec-tools builds the next kernel's memory map from. */
const struct abi_file fwmap_attrs[] = {
	{ "end", -1, ABI_REG, 0400, SYSFS, show_fw_end },
	{ "start", -1, ABI_REG, 0400, SYSFS, show_fw_start },
	{ "type", -1, ABI_REG, 0400, SYSFS, show_fw_type },
};
const int nr_fwmap_attrs = sizeof(fwmap_attrs) / sizeof(fwmap_attrs[0]);

bool firmware_map_has(struct machine *m, uint64_t idx)
{
	return fw_entry(m, idx) != NULL;
}
