/* SPDX-License-Identifier: MIT */
/*
 * hotplug/memory_hotplug.c — online_pages()/offline_pages() and the physical add and
 * remove of memory (spec 00 §3, spec 40). Steps follow the kernel's order so that the
 * notifier chain sees the same events; every failure unwinds what it did, in reverse.
 */
#include "memory_hotplug.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "hotplug/memory.h"
#include "mm/migrate.h"

#define MAX_PHYSMEM_BITS	46

void register_memory_notifier(struct machine *m, struct notifier_block *nb)
{
	struct notifier_block **p = &m->memory_chain;

	while (*p && (*p)->priority >= nb->priority)
		p = &(*p)->next;
	nb->next = *p;
	*p = nb;
}

void unregister_memory_notifier(struct machine *m, struct notifier_block *nb)
{
	for (struct notifier_block **p = &m->memory_chain; *p; p = &(*p)->next)
		if (*p == nb) {
			*p = nb->next;
			return;
		}
}

int memory_notify(struct machine *m, unsigned long action, struct memory_notify *arg)
{
	int ret = NOTIFY_DONE;

	for (struct notifier_block *nb = m->memory_chain; nb; nb = nb->next) {
		ret = nb->notifier_call(nb, action, arg);
		if (ret & NOTIFY_STOP_MASK)
			break;
	}
	return ret;
}

/* adjust_present_page_count(): zone, node, early and group counters. */
static void adjust_present_page_count(struct machine *m, struct zone *zone, struct memory_group *group,
				      unsigned long pfn, long nr)
{
	const struct mem_section *ms = pfn_to_section(&m->sparse, pfn);

	/* whole blocks only: a block is either all early or all hot-added */
	if (ms && (ms->flags & SECTION_IS_EARLY))
		zone->present_early_pages += (unsigned long)nr;
	zone->present_pages += (unsigned long)nr;
	NODE_DATA(m, zone->nid)->node_present_pages += (unsigned long)nr;
	if (group && zone->idx == ZONE_MOVABLE)
		group->present_movable_pages += (unsigned long)nr;
	else if (group)
		group->present_kernel_pages += (unsigned long)nr;
}

static void node_states_check_changes_online(struct machine *m, const struct zone *zone,
					     struct memory_notify *arg)
{
	arg->status_change_nid = NUMA_NO_NODE;
	arg->status_change_nid_normal = NUMA_NO_NODE;
	if (!node_state(&m->nodes, zone->nid, N_MEMORY))
		arg->status_change_nid = zone->nid;
	if (zone->idx <= ZONE_NORMAL && !node_state(&m->nodes, zone->nid, N_NORMAL_MEMORY))
		arg->status_change_nid_normal = zone->nid;
}

static void node_states_check_changes_offline(struct machine *m, unsigned long nr,
					      const struct zone *zone, struct memory_notify *arg)
{
	const struct pglist_data *pgdat = NODE_DATA(m, zone->nid);
	unsigned long present = pgdat_kernel_present_pages(pgdat);

	arg->status_change_nid = NUMA_NO_NODE;
	arg->status_change_nid_normal = NUMA_NO_NODE;
	if (zone->idx <= ZONE_NORMAL && nr >= present)
		arg->status_change_nid_normal = zone->nid;
	present += pgdat->node_zones[ZONE_MOVABLE].present_pages;
	if (nr >= present)
		arg->status_change_nid = zone->nid;
}

/*
 * Model of the kernel's own allocations: once a kernel zone gains its first memory the
 * zonelists are rebuilt and GFP_KERNEL allocations (slab, per-cpu pagesets) start landing
 * there at once, so a page of the first block onlined to it is in kernel use.
 */
static void kernel_allocates_after_rebuild(struct machine *m, const struct zone *zone)
{
	struct page_owner *k = page_owner_find(&m->pages, "kernel");

	if (!k)
		k = page_owner_new(&m->pages, "kernel", PK_KERNEL, zone->nid);
	alloc_pages_owner(&m->pages, k, 1, 0, GFP_KERNEL, zone->nid, -1);
}

/* Caller holds m->lock. Spec 40 §1. */
static int online_pages(struct machine *m, unsigned long pfn, unsigned long nr,
			struct zone *zone, struct memory_group *group)
{
	struct pglist_data *pgdat = NODE_DATA(m, zone->nid);
	struct memory_notify arg = { .start_pfn = pfn, .nr_pages = nr };
	int ret;

	if (!nr || pfn % pageblock_nr_pages || (pfn + nr) % PAGES_PER_SECTION)
		return -EINVAL;
	move_pfn_range_to_zone(&m->sparse, pgdat, zone, pfn, nr);
	node_states_check_changes_online(m, zone, &arg);
	ret = notifier_to_errno(memory_notify(m, MEM_GOING_ONLINE, &arg));
	if (ret)
		goto failed_addition;
	bool need_zonelists_rebuild = !populated_zone(zone);
	/* online_page_callback: a driver may keep trailing pages back (PageOffline) */
	unsigned long released = m->online_page_callback ? m->online_page_callback(m, pfn, nr) : nr;

	online_mem_sections(&m->sparse, pfn, pfn + nr);
	generic_online_page(&m->pages, zone, pfn, released);
	zone->managed_pages += released;
	adjust_present_page_count(m, zone, group, pfn, (long)nr);
	if (arg.status_change_nid_normal >= 0)
		node_set_state(&m->nodes, zone->nid, N_NORMAL_MEMORY);
	if (arg.status_change_nid >= 0)
		node_set_state(&m->nodes, zone->nid, N_MEMORY);
	init_per_zone_wmark_min(&m->pages);
	if (need_zonelists_rebuild && is_kernel_zone(zone))
		kernel_allocates_after_rebuild(m, zone);
	memory_notify(m, MEM_ONLINE, &arg);
	return 0;

failed_addition:
	memory_notify(m, MEM_CANCEL_ONLINE, &arg);
	remove_pfn_range_from_zone(&m->sparse, pgdat, zone, pfn, nr);
	return ret;
}

/* dump_page() of the first page isolation refused (the kernel prints its struct page). */
static void report_unmovable(struct machine *m, const struct busy_run *bad)
{
	kmsg(m, "page:pfn:%#lx %s%s%s", bad->start_pfn, busy_reason_name(bad->reason),
	     bad->owner ? " owner:" : "", bad->owner ? bad->owner->name : "");
	kmsg(m, "page dumped because: unmovable page");
}

static bool signal_pending(const struct machine *m, int passes)
{
	return m->offline_signal_after >= 0 && passes >= m->offline_signal_after;
}

/*
 * Spec 40 §2 step 7: migrate until no movable page is left, dissolve free huge pages,
 * test that only free pages remain. A pending signal ends it with -EINTR; so does a pass
 * that moved nothing (the kernel would spin until a signal: nothing else can change here).
 */
static int offline_migrate_loop(struct machine *m, unsigned long start, unsigned long end, const char **reason)
{
	struct mm_pages *mp = &m->pages;
	int passes = 0, logged = 0;
	unsigned long pfn;

	for (;;) {
		bool found;

		do {
			if (signal_pending(m, passes)) {
				*reason = "signal backoff";
				return -EINTR;
			}
			found = scan_movable_pages(mp, start, end, &pfn);
			if (!found)
				break;
			unsigned long failed, first_failed;
			unsigned long moved = do_migrate_range(mp, pfn, end, &failed, &first_failed);

			passes++;
			if (failed && logged++ < 10) {	/* __ratelimit: a burst of 10 */
				kmsg(m, "migrating pfn %lx failed ret:%lu", first_failed, failed);
				kmsg(m, "page dumped because: migration failure");
			}
			if (!moved && failed) {
				*reason = "signal backoff";
				return -EINTR;
			}
		} while (found);
		dissolve_free_huge_pages(mp, start, end);
		if (test_pages_isolated(mp, start, end))
			return 0;
		if (!scan_movable_pages(mp, start, end, &pfn)) {
			*reason = "unmovable page";
			return -EBUSY;
		}
	}
}

/* Caller holds m->lock. Spec 40 §2. */
static int offline_pages(struct machine *m, unsigned long start, unsigned long nr,
			 struct zone *zone, struct memory_group *group, const char **reason)
{
	struct pglist_data *pgdat = NODE_DATA(m, zone->nid);
	struct memory_notify arg = { .start_pfn = start, .nr_pages = nr };
	unsigned long end = start + nr;
	struct busy_run bad;
	int ret;

	/* built without MEMORY_HOTREMOVE, offline_pages() is a stub that refuses, silently */
	if (!kconfig_enabled(&m->boot.kconfig, KCONFIG_MEMORY_HOTREMOVE))
		return -EINVAL;
	if (!nr || start % pageblock_nr_pages || end % PAGES_PER_SECTION)
		return -EINVAL;
	if (system_ram_pages_in(m->iomem, start, nr) != nr) {
		*reason = "memory holes";
		return -EINVAL;
	}
	if (online_pfn_zone(&m->sparse, start, zone->nid) != (int)zone->idx ||
	    online_pfn_zone(&m->sparse, end - 1, zone->nid) != (int)zone->idx) {
		*reason = "multizone range";
		return -EINVAL;
	}
	ret = start_isolate_page_range(&m->pages, zone, start, end, &bad);
	if (ret) {
		*reason = "failure to isolate range";
		report_unmovable(m, &bad);
		return ret;
	}
	node_states_check_changes_offline(m, nr, zone, &arg);
	ret = notifier_to_errno(memory_notify(m, MEM_GOING_OFFLINE, &arg));
	if (ret) {
		*reason = "notifier failure";
		goto failed_removal_isolated;
	}
	ret = offline_migrate_loop(m, start, end, reason);
	if (ret)
		goto failed_removal_isolated;
	offline_isolated_pages(&m->pages, zone, start, end);
	undo_isolate_page_range(&m->pages, start, start);
	offline_mem_sections(&m->sparse, start, end);
	zone->managed_pages -= nr;
	adjust_present_page_count(m, zone, group, start, -(long)nr);
	init_per_zone_wmark_min(&m->pages);
	if (arg.status_change_nid_normal >= 0)
		node_clear_state(&m->nodes, zone->nid, N_NORMAL_MEMORY);
	if (arg.status_change_nid >= 0)
		node_clear_state(&m->nodes, zone->nid, N_MEMORY);
	memory_notify(m, MEM_OFFLINE, &arg);
	remove_pfn_range_from_zone(&m->sparse, pgdat, zone, start, nr);
	return 0;

failed_removal_isolated:
	undo_isolate_page_range(&m->pages, start, end);
	memory_notify(m, MEM_CANCEL_OFFLINE, &arg);
	return ret;
}

int memory_block_online(struct machine *m, struct memory_block *mem)
{
	unsigned long start = memory_block_start_pfn(m, mem), nr = m->pages_per_block;
	unsigned long v = mem->nr_vmemmap_pages;
	struct zone *zone = zone_for_pfn_range(m, mem->online_type, mem->nid, mem->group, start, nr);
	struct pglist_data *pgdat = NODE_DATA(m, mem->nid);
	int ret;

	if (v)	/* mhp_init_memmap_on_memory(): vmemmap pages join the zone, unmovable */
		move_pfn_range_to_zone(&m->sparse, pgdat, zone, start, v);
	ret = online_pages(m, start + v, nr - v, zone, mem->group);
	if (ret) {
		if (v)
			remove_pfn_range_from_zone(&m->sparse, pgdat, zone, start, v);
		return ret;
	}
	if (v)
		adjust_present_page_count(m, zone, mem->group, start, (long)v);
	mem->zone = zone;
	return 0;
}

int memory_block_offline(struct machine *m, struct memory_block *mem, const char **reason)
{
	unsigned long start = memory_block_start_pfn(m, mem), nr = m->pages_per_block;
	unsigned long v = mem->nr_vmemmap_pages;
	const char *why = NULL;
	int ret;

	if (!mem->zone) {	/* a boot block spanning zones or nodes */
		if (reason)
			*reason = "multizone range";
		return -EINVAL;
	}
	struct zone *zone = mem->zone;

	if (v)
		adjust_present_page_count(m, zone, mem->group, start, -(long)v);
	ret = offline_pages(m, start + v, nr - v, zone, mem->group, &why);
	if (ret) {
		if (v)
			adjust_present_page_count(m, zone, mem->group, start, (long)v);
		if (reason)
			*reason = why;
		return ret;
	}
	if (v)	/* mhp_deinit_memmap_on_memory() */
		remove_pfn_range_from_zone(&m->sparse, NODE_DATA(m, zone->nid), zone, start, v);
	mem->zone = NULL;
	return 0;
}

bool mhp_supports_memmap_on_memory(const struct machine *m, uint64_t size)
{
	uint64_t vmemmap_size = size / PAGE_SIZE * 64, pmd = 2ULL << 20;

	if (m->memmap_on_memory == MEMMAP_ON_MEMORY_DISABLE)
		return false;
	if (!m->prof->memmap_on_memory_per_block && size != m->block_size)
		return false;
	return !(vmemmap_size % pmd) && !((size - vmemmap_size) % (pageblock_nr_pages * PAGE_SIZE));
}

static struct memory_group *group_new(struct machine *m, int nid)
{
	struct memory_group *g = calloc(1, sizeof(*g));

	if (!g)
		abort();
	g->id = m->next_group_id++;
	g->nid = nid;
	g->next = m->groups;
	m->groups = g;
	return g;
}

struct memory_group *memory_group_register_static(struct machine *m, int nid, unsigned long max_pages)
{
	if (!max_pages || nid < 0 || nid >= m->nr_node_ids || !node_state(&m->nodes, nid, N_POSSIBLE))
		return NULL;
	struct memory_group *g = group_new(m, nid);

	g->max_pages = max_pages;
	return g;
}

struct memory_group *memory_group_register_dynamic(struct machine *m, int nid, unsigned long unit_pages)
{
	if (!unit_pages || (unit_pages & (unit_pages - 1)) || unit_pages < m->pages_per_block ||
	    nid < 0 || nid >= m->nr_node_ids || !node_state(&m->nodes, nid, N_POSSIBLE))
		return NULL;
	struct memory_group *g = group_new(m, nid);

	g->is_dynamic = true;
	g->unit_pages = unit_pages;
	return g;
}

struct memory_group *memory_group_find(struct machine *m, int id)
{
	for (struct memory_group *g = m->groups; g; g = g->next)
		if (g->id == id)
			return g;
	return NULL;
}

static int block_in_group(struct machine *m, struct memory_block *mem, void *arg)
{
	(void)m;
	return mem->group == arg ? -EBUSY : 0;
}

int memory_group_unregister(struct machine *m, struct memory_group *group)
{
	struct memory_group **p = &m->groups;

	if (walk_memory_blocks(m, 0, UINT64_MAX, block_in_group, group))
		return -EBUSY;
	while (*p && *p != group)
		p = &(*p)->next;
	if (!*p)
		return -EINVAL;
	*p = group->next;
	free(group);
	return 0;
}

int try_online_node(struct machine *m, int nid)
{
	if (node_state(&m->nodes, nid, N_ONLINE))
		return 0;
	if (!m->pgdat[nid]) {
		m->pgdat[nid] = malloc(sizeof(*m->pgdat[nid]));
		if (!m->pgdat[nid])
			abort();
		pgdat_init(m->pgdat[nid], nid);
	}
	return 1;
}

static int block_has_nid(struct machine *m, struct memory_block *mem, void *arg)
{
	(void)m;
	return mem->nid == *(int *)arg ? 1 : 0;
}

void try_offline_node(struct machine *m, int nid)
{
	if (NODE_DATA(m, nid)->node_spanned_pages)
		return;
	if (walk_memory_blocks(m, 0, UINT64_MAX, block_has_nid, &nid))
		return;
	if (node_state(&m->nodes, nid, N_CPU))
		return;
	node_clear_state(&m->nodes, nid, N_ONLINE);
}

void firmware_map_add(struct machine *m, uint64_t start, uint64_t end_incl, const char *type)
{
	m->fwmap = realloc(m->fwmap, sizeof(*m->fwmap) * (size_t)(m->nr_fwmap + 1));
	if (!m->fwmap)
		abort();
	m->fwmap[m->nr_fwmap++] = (struct firmware_map_entry){ start, end_incl, type, m->next_fwmap_idx++ };
}

void firmware_map_remove(struct machine *m, uint64_t start, uint64_t end_incl, const char *type)
{
	for (int i = 0; i < m->nr_fwmap; i++) {
		struct firmware_map_entry *e = &m->fwmap[i];

		if (e->start == start && e->end == end_incl && !strcmp(e->type, type)) {
			memmove(e, e + 1, sizeof(*e) * (size_t)(m->nr_fwmap - i - 1));
			m->nr_fwmap--;
			return;
		}
	}
}

static int check_hotplug_memory_range(struct machine *m, uint64_t start, uint64_t size)
{
	if (!size || start % m->block_size || size % m->block_size) {
		kmsg(m, "Block size [%#llx] unaligned hotplug range: start %#llx, size %#llx",
		     (unsigned long long)m->block_size, (unsigned long long)start,
		     (unsigned long long)size);
		return -EINVAL;
	}
	return 0;
}

/* register_memory_resource(): 0 and *@res, or -E2BIG / -EEXIST. */
static int register_memory_resource(struct machine *m, uint64_t start, uint64_t size,
				    const char *name, struct resource **res)
{
	unsigned long flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY;
	uint64_t max = (1ULL << MAX_PHYSMEM_BITS) - 1;

	if (strcmp(name, "System RAM"))
		flags |= IORESOURCE_SYSRAM_DRIVER_MANAGED;
	if (!size || start > max || size > max - start + 1) {
		kmsg(m, "Hotplug memory [%#llx-%#llx] exceeds maximum addressable range [%#llx-%#llx]",
		     (unsigned long long)start, (unsigned long long)(start + size),
		     0ULL, (unsigned long long)max);
		return -E2BIG;
	}
	if (m->booting && m->boot.params.mem_limit && start + size > m->boot.params.mem_limit)
		return -E2BIG;
	*res = request_region(m->iomem, start, size, name, flags);
	return *res ? 0 : -EEXIST;
}

/*
 * The memmap of one hot-added 128 MiB section (spec 30 §1): 32768 struct pages = 2 MiB,
 * from the page allocator unless the block carries it (altmap).
 */
struct section_memmap {
	unsigned long index;		/* content index of its first page in m->memmap_owner */
	bool altmap;			/* memmap_on_memory: nothing allocated */
};

#define SECTION_MEMMAP_PAGES	(PAGES_PER_SECTION * 64 / PAGE_SIZE)	/* 512 */
#define VMEMMAP_GFP_DESC	"0x4cc0(GFP_KERNEL|__GFP_RETRY_MAYFAIL)"

/* "0", "0-1", "0,2": a node mask as the kernel's %*pbl prints it. */
static void nodelist(const struct machine *m, enum node_states state, struct strbuf *out)
{
	for (int a = 0; a < m->nr_node_ids; a++) {
		if (!node_state(&m->nodes, a, state))
			continue;
		int b = a;

		while (b + 1 < m->nr_node_ids && node_state(&m->nodes, b + 1, state))
			b++;
		strbuf_addf(out, b > a ? "%s%d-%d" : "%s%d", out->len ? "," : "", a, b);
		a = b;
	}
}

/*
 * vmemmap_alloc_block(): warn_alloc once per boot. The task is a worker of the hotplug
 * workqueue; its name and PID vary from boot to boot (recorded: kworker/u2:0, u2:1).
 */
static void vmemmap_alloc_failed(struct machine *m, unsigned int order)
{
	struct strbuf nodes = STRBUF_INIT;

	if (m->vmemmap_alloc_warned)
		return;
	m->vmemmap_alloc_warned = true;
	nodelist(m, N_MEMORY, &nodes);
	kmsg(m, "kworker/u%d:0: vmemmap alloc failure: order:%u, mode:" VMEMMAP_GFP_DESC
	     ", nodemask=(null),cpuset=/,mems_allowed=%s", 2 * (m->plat.nr_cpus > 0 ? m->plat.nr_cpus : 1),
	     order, nodes.buf);
	strbuf_release(&nodes);
}

/*
 * section_activate() → populate_section_memmap(): x86 maps the memmap with 2 MiB pages
 * (order 9, GFP_KERNEL|__GFP_RETRY_MAYFAIL: node @nid first, then the others, down to the
 * min watermark, never the OOM killer); if that fails, 4 KiB pages for the same range;
 * if those fail too, -ENOMEM with nothing kept. A section that already has a memmap is
 * -EEXIST (fill_subsection_map).
 */
static int sparse_add_section(struct machine *m, unsigned long section_nr, int nid, bool altmap)
{
	struct section_memmap *sm;

	if (idxmap_get(&m->section_memmap, section_nr))
		return -EEXIST;
	sm = calloc(1, sizeof(*sm));
	if (!sm)
		abort();
	sm->altmap = altmap;
	if (!altmap) {
		struct page_owner *o = m->memmap_owner;

		if (!o)
			o = m->memmap_owner = page_owner_new(&m->pages, "memmap", PK_KERNEL, nid);
		sm->index = o->nr_index;
		if (alloc_pages_owner(&m->pages, o, SECTION_MEMMAP_PAGES, 9, GFP_KERNEL, nid, -1)) {
			vmemmap_alloc_failed(m, 9);
			sm->index = o->nr_index;
			if (alloc_pages_owner(&m->pages, o, SECTION_MEMMAP_PAGES, 0, GFP_KERNEL, nid, -1)) {
				free(sm);
				return -ENOMEM;
			}
		}
	}
	idxmap_set(&m->section_memmap, section_nr, sm);
	return 0;
}

/*
 * arch_add_memory() → x86 add_pages() → __add_pages(): section by section; the first
 * failure stops the loop and is returned, and the sections added before it stay (6.1 does
 * not take them back: their memmap stays allocated and they can never be added again).
 * add_pages() WARNs once per boot when __add_pages() fails.
 */
static int arch_add_memory(struct machine *m, int nid, uint64_t start, uint64_t size, bool altmap)
{
	unsigned long first = PHYS_PFN(start) / PAGES_PER_SECTION;
	unsigned long nr = PHYS_PFN(size) / PAGES_PER_SECTION;
	/* an armed memmap fault is for this add only: section N (of the add) fails */
	unsigned long fault = m->memmap_fault ? first + m->memmap_fault_section : ULONG_MAX;
	int ret = 0;

	m->memmap_fault = false;
	for (unsigned long s = first; s < first + nr && !ret; s++) {
		if (s == fault && !altmap) {	/* as if both the 2 MiB and the 4 KiB tries failed */
			vmemmap_alloc_failed(m, 9);
			ret = -ENOMEM;
			break;
		}
		ret = sparse_add_section(m, s, nid, altmap);
	}
	if (ret && !m->add_pages_warned && m->prof->add_pages_warn_at) {
		m->add_pages_warned = true;
		kmsg(m, "------------[ cut here ]------------");
		kmsg(m, "WARNING: CPU: 0 PID: 9 at %s", m->prof->add_pages_warn_at);
	}
	return ret;
}

/* Split @o's order-0 extent that holds content index @index so that one starts there. */
static void split_at_index(struct mm_pages *mp, const struct page_owner *o, unsigned long index)
{
	for (size_t i = 0; i < mp->nr_used; i++) {
		const struct page_extent *e = &mp->used[i];

		if (e->owner == o && e->index < index && index < e->index + e->nr_pages) {
			extent_isolate(mp, i, e->start_pfn + (index - e->index), e->start_pfn + e->nr_pages);
			return;
		}
	}
}

/*
 * The memmap pages holding content indices [x, x + n) of the memmap owner go back to
 * their zones; the owner's later indices move down by @n, so that its content stays
 * [0, nr_index) as every owner's does (mm/workload.c verifies it).
 */
static void memmap_free_indices(struct machine *m, unsigned long x, unsigned long n)
{
	struct mm_pages *mp = &m->pages;
	struct page_owner *o = m->memmap_owner;
	struct page_owner *rest = page_owner_new(mp, "memmap (moving)", PK_KERNEL, o->nid);
	struct page_owner *gone = page_owner_new(mp, "memmap (freed)", PK_KERNEL, o->nid);

	split_at_index(mp, o, x);
	split_at_index(mp, o, x + n);
	extents_retag(mp, o, x + n, rest, o->seed, 0);
	extents_retag(mp, o, x, gone, gone->seed, 0);
	free_owner_pages(mp, gone);
	page_owner_del(mp, gone);
	extents_retag(mp, rest, 0, o, o->seed, x);
	page_owner_del(mp, rest);
	o->nr_index -= n;
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* How many of the sorted @idx[0..n) are below @v. */
static size_t count_below(const unsigned long *idx, size_t n, unsigned long v)
{
	size_t a = 0, b = n;

	while (a < b) {
		size_t mid = (a + b) / 2;

		if (idx[mid] < v)
			a = mid + 1;
		else
			b = mid;
	}
	return a;
}

/*
 * __remove_pages() → sparse_remove_section() for each section of the range: its memmap
 * is freed (an altmap's belongs to the block itself). Content indices are freed in runs,
 * highest first; then every remaining section's index moves down by what was freed below.
 */
static void arch_remove_memory(struct machine *m, uint64_t start, uint64_t size)
{
	unsigned long first = PHYS_PFN(start) / PAGES_PER_SECTION;
	unsigned long end = first + PHYS_PFN(size) / PAGES_PER_SECTION, *idx = NULL;
	size_t n = 0, cap = 0;
	uint64_t s;

	for (struct section_memmap *sm; (sm = idxmap_next(&m->section_memmap, first, &s)) && s < end;
	     first = s + 1) {
		if (!sm->altmap) {
			if (n == cap && !(idx = realloc(idx, sizeof(*idx) * (cap = cap ? 2 * cap : 64))))
				abort();
			idx[n++] = sm->index;
		}
		idxmap_set(&m->section_memmap, s, NULL);
		free(sm);
	}
	if (!n)
		return;
	qsort(idx, n, sizeof(*idx), cmp_ulong);
	for (size_t hi = n; hi > 0;) {
		size_t lo = hi - 1;

		while (lo > 0 && idx[lo - 1] + SECTION_MEMMAP_PAGES == idx[lo])
			lo--;
		memmap_free_indices(m, idx[lo], idx[hi - 1] + SECTION_MEMMAP_PAGES - idx[lo]);
		hi = lo;
	}
	for (struct section_memmap *sm = idxmap_next(&m->section_memmap, 0, &s); sm;
	     sm = idxmap_next(&m->section_memmap, s + 1, &s))
		if (!sm->altmap)
			sm->index -= count_below(idx, n, sm->index) * SECTION_MEMMAP_PAGES;
	free(idx);
	if (!m->memmap_owner->nr_index) {	/* no hot-added memmap left */
		page_owner_del(&m->pages, m->memmap_owner);
		m->memmap_owner = NULL;
	}
}

static int link_block_to_node(struct machine *m, struct memory_block *mem, void *arg)
{
	memory_block_add_nid(m, mem, *(int *)arg, false);
	return 0;
}

static int online_memory_block(struct machine *m, struct memory_block *mem, void *arg)
{
	(void)arg;
	return memory_block_online_as(m, mem, m->default_online_type, m->default_online_source);
}

static int add_memory_resource(struct machine *m, int nid, struct resource *res,
			       unsigned int mhp_flags, enum mhp_source source)
{
	uint64_t start = res->start, size = res->end - res->start + 1;
	struct memory_group *group = NULL;
	unsigned long vmemmap = 0;
	int ret = check_hotplug_memory_range(m, start, size);

	if (ret)
		return ret;
	if (mhp_flags & MHP_NID_IS_MGID) {
		group = memory_group_find(m, nid);
		if (!group)
			return -EINVAL;
		nid = group->nid;
	}
	if (nid < 0 || nid >= m->nr_node_ids || !node_state(&m->nodes, nid, N_POSSIBLE))
		return -EINVAL;
	if (mhp_flags & MHP_MEMMAP_ON_MEMORY) {
		if (!mhp_supports_memmap_on_memory(m, size))
			return -EINVAL;
		vmemmap = m->pages_per_block * 64 / PAGE_SIZE;
	}
	int new_node = try_online_node(m, nid);

	ret = arch_add_memory(m, nid, start, size, vmemmap != 0);
	if (ret)
		return ret;
	sparse_mark_present(&m->sparse, PHYS_PFN(start), PHYS_PFN(size), nid, false);
	ret = create_memory_block_devices(m, start, size, vmemmap, group, source);
	if (ret) {
		sparse_mark_absent(&m->sparse, PHYS_PFN(start), PHYS_PFN(size));
		arch_remove_memory(m, start, size);
		return ret;
	}
	if (new_node)
		node_set_state(&m->nodes, nid, N_ONLINE);
	walk_memory_blocks(m, start, size, link_block_to_node, &nid);
	/* driver-managed memory never appears in the firmware map (kexec must not see it) */
	if (!strcmp(res->name, "System RAM"))
		firmware_map_add(m, start, start + size - 1, "System RAM");
	if (mhp_flags & MHP_MERGE_RESOURCE)
		merge_system_ram_resource(res);
	m->generation++;
	if (m->default_online_type != MMOP_OFFLINE)
		walk_memory_blocks(m, start, size, online_memory_block, NULL);
	return 0;
}

int add_memory(struct machine *m, int nid, uint64_t start, uint64_t size, const char *name,
	       unsigned int mhp_flags, enum mhp_source source)
{
	struct resource *res;
	size_t len = strlen(name);

	if (strcmp(name, "System RAM") &&
	    (strncmp(name, "System RAM (", 12) || len < 13 || name[len - 1] != ')'))
		return -EINVAL;
	int ret = register_memory_resource(m, start, size, name, &res);

	if (ret)
		return ret;
	ret = add_memory_resource(m, nid, res, mhp_flags, source);
	if (ret)
		release_resource_free(res);
	return ret;
}

static int check_memblock_offlined(struct machine *m, struct memory_block *mem, void *arg)
{
	*(int *)arg = mem->nid;
	if (mem->state == MEM_OFFLINE)
		return 0;
	uint64_t begin = PFN_PHYS(memory_block_start_pfn(m, mem));

	kmsg(m, "removing memory fails, because memory [%#018llx-%#018llx] is onlined",
	     (unsigned long long)begin, (unsigned long long)(begin + m->block_size - 1));
	return -EBUSY;
}

static int sum_vmemmap(struct machine *m, struct memory_block *mem, void *arg)
{
	(void)m;
	*(unsigned long *)arg += mem->nr_vmemmap_pages;
	return 0;
}

int remove_memory(struct machine *m, uint64_t start, uint64_t size)
{
	int nid = NUMA_NO_NODE, ret;
	unsigned long vmemmap = 0;

	if (check_hotplug_memory_range(m, start, size))
		return -EINVAL;
	ret = walk_memory_blocks(m, start, size, check_memblock_offlined, &nid);
	if (ret)
		return ret;
	walk_memory_blocks(m, start, size, sum_vmemmap, &vmemmap);
	if (vmemmap && !m->prof->memmap_on_memory_per_block && size != m->block_size) {
		kmsg(m, "Refuse to remove %#llx - %#llx,wrong granularity",
		     (unsigned long long)start, (unsigned long long)(start + size));
		return -EINVAL;
	}
	firmware_map_remove(m, start, start + size - 1, "System RAM");
	remove_memory_block_devices(m, start, size);
	arch_remove_memory(m, start, size);
	sparse_mark_absent(&m->sparse, PHYS_PFN(start), PHYS_PFN(size));
	release_mem_region_adjustable(m->iomem, start, size);
	if (nid != NUMA_NO_NODE)
		try_offline_node(m, nid);
	m->generation++;
	return 0;
}

int offline_and_remove_memory(struct machine *m, uint64_t start, uint64_t size)
{
	unsigned long first = PHYS_PFN(start) / m->pages_per_block;
	unsigned long count = size / m->block_size;
	int *online_types;
	int ret = 0;

	if (!size || start % m->block_size || size % m->block_size)
		return -EINVAL;
	online_types = calloc(count, sizeof(*online_types));
	if (!online_types)
		abort();
	for (unsigned long i = 0; i < count && !ret; i++) {
		struct memory_block *mem = find_memory_block_by_id(m, first + i);

		if (!mem || mem->state == MEM_OFFLINE)
			continue;
		online_types[i] = mem->zone && mem->zone->idx == ZONE_MOVABLE ?
				  MMOP_ONLINE_MOVABLE : MMOP_ONLINE_KERNEL;
		ret = device_offline(m, mem);
		if (ret > 0)
			ret = 0;
		if (ret)
			online_types[i] = MMOP_OFFLINE;
	}
	if (!ret)
		ret = remove_memory(m, start, size);
	if (ret) {
		for (unsigned long i = 0; i < count; i++) {
			struct memory_block *mem = find_memory_block_by_id(m, first + i);

			if (!mem || online_types[i] == MMOP_OFFLINE || mem->state != MEM_OFFLINE)
				continue;
			mem->online_type = online_types[i];
			device_online(m, mem);
		}
	}
	free(online_types);
	return ret;
}
