/* SPDX-License-Identifier: MIT */
/*
 * drivers/steps.c — memhp-only scenario steps (see steps.h): one table of verbs, one
 * splitter, one checker per verb. A check reads only the line; a run goes through the
 * kernel's doors (state stores, the allocator, the hugetlb pool) under m->lock.
 */
#include "steps.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hotplug/memory.h"
#include "lib/parse.h"
#include "lib/strbuf.h"
#include "mm/migrate.h"
#include "mm/workload.h"

struct step_verb {
	const char *name;
	const char *usage;
	int min_words, max_words;
	const char *keys;		/* allowed KEY= names, space separated */
	int (*check)(const struct step_args *a, struct strbuf *err);
	int (*run)(struct machine *m, const struct step_args *a, struct strbuf *out);
};

static const struct step_verb *find_verb(const char *name);

/* ---- splitting and field checks ---- */

static void args_release(struct step_args *a)
{
	free(a->buf);
	memset(a, 0, sizeof(*a));
}

static int split(const char *line, struct step_args *a, struct strbuf *err)
{
	char *save = NULL, *w;

	memset(a, 0, sizeof(*a));
	a->buf = strdup(line);
	if (!a->buf)
		abort();
	for (w = strtok_r(a->buf, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		char *eq = strchr(w, '=');

		if (!a->verb) {
			a->verb = w;
		} else if (eq && eq != w) {
			if (a->nr_opts == STEP_MAX_WORDS)
				goto too_many;
			*eq = '\0';
			a->key[a->nr_opts] = w;
			a->val[a->nr_opts++] = eq + 1;
		} else {
			if (a->nr_words == STEP_MAX_WORDS)
				goto too_many;
			a->word[a->nr_words++] = w;
		}
	}
	if (!a->verb) {
		strbuf_addstr(err, "@: expected a verb (see 'memhp run --help')");
		return -1;
	}
	return 0;
too_many:
	strbuf_addf(err, "@ %s: too many fields", a->verb);
	return -1;
}

static const char *opt(const struct step_args *a, const char *key)
{
	for (int i = 0; i < a->nr_opts; i++)
		if (!strcmp(a->key[i], key))
			return a->val[i];
	return NULL;
}

static int check_name(const char *verb, const char *name, struct strbuf *err)
{
	size_t n = strlen(name);

	if (n && n <= 32 && strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == n)
		return 0;
	strbuf_addf(err, "@ %s: NAME: expected 1-32 of [A-Za-z0-9_.-], got '%s'", verb, name);
	return -1;
}

/* SIZE: memparse (K/M/G/T suffixes), > 0, nothing after. */
static int parse_size(const char *verb, const char *field, const char *s, uint64_t *bytes, struct strbuf *err)
{
	const char *end;
	uint64_t v = memparse(s, &end);

	if (end != s && !*end && v) {
		*bytes = v;
		return 0;
	}
	strbuf_addf(err, "@ %s: %s: expected a size such as 64M or 2G, got '%s'", verb, field, s);
	return -1;
}

static int parse_ulong(const char *verb, const char *field, const char *s, unsigned long max,
		       unsigned long *v, struct strbuf *err)
{
	char *end;
	unsigned long x = strtoul(s, &end, 10);

	if (*s >= '0' && *s <= '9' && !*end && x <= max) {
		*v = x;
		return 0;
	}
	strbuf_addf(err, "@ %s: %s: expected a number 0-%lu, got '%s'", verb, field, max, s);
	return -1;
}

static int parse_block(const char *verb, const char *s, unsigned long *id, struct strbuf *err)
{
	char *end;

	if (!strncmp(s, "memory", 6) && s[6] >= '0' && s[6] <= '9') {
		*id = strtoul(s + 6, &end, 10);
		if (!*end)
			return 0;
	}
	strbuf_addf(err, "@ %s: BLOCK: expected memoryN, got '%s'", verb, s);
	return -1;
}

static int parse_node(const char *verb, const struct step_args *a, int *nid, struct strbuf *err)
{
	const char *v = opt(a, "node");
	unsigned long n = 0;

	if (v && parse_ulong(verb, "node", v, MAX_NUMNODES - 1, &n, err))
		return -1;
	*nid = (int)n;
	return 0;
}

static const char *const alloc_kinds[] = { "anon", "pagecache", "slab", "pagetable", "reclaimable",
					   "hugetlb", NULL };

static int parse_kind(const struct step_args *a, enum page_kind *kind, struct strbuf *err)
{
	const char *v = opt(a, "kind");

	for (int i = 0; v && alloc_kinds[i]; i++)
		if (!strcmp(v, alloc_kinds[i])) {
			*kind = (enum page_kind)page_kind_parse(v);
			return 0;
		}
	strbuf_addf(err, "@ alloc: kind: expected anon, pagecache, slab, pagetable, reclaimable or hugetlb, "
		    "got '%s'", v ? v : "");
	return -1;
}

static int parse_hugepagesz(const char *verb, const char *s, unsigned int *order, struct strbuf *err)
{
	if (!strcmp(s, "2M") || !strcmp(s, "2048kB")) {
		*order = 9;
		return 0;
	}
	if (!strcmp(s, "1G") || !strcmp(s, "1048576kB")) {
		*order = 18;
		return 0;
	}
	strbuf_addf(err, "@ %s: hugepagesz: expected 2M or 1G, got '%s'", verb, s);
	return -1;
}

/* ---- verbs ---- */

struct alloc_req {
	const char *name;
	enum page_kind kind;
	unsigned long nr_pages;
	unsigned int order;
	int nid;
};

static int parse_alloc(const struct step_args *a, struct alloc_req *r, struct strbuf *err)
{
	uint64_t bytes;
	const char *hp = opt(a, "hugepagesz");

	r->name = a->word[0];
	r->order = 0;
	if (check_name("alloc", r->name, err) || parse_size("alloc", "SIZE", a->word[1], &bytes, err) ||
	    parse_kind(a, &r->kind, err) || parse_node("alloc", a, &r->nid, err))
		return -1;
	if (hp && r->kind != PK_HUGETLB) {
		strbuf_addstr(err, "@ alloc: hugepagesz: only with kind=hugetlb");
		return -1;
	}
	if (r->kind == PK_HUGETLB && parse_hugepagesz("alloc", hp ? hp : "2M", &r->order, err))
		return -1;
	r->nr_pages = PFN_UP(bytes);
	if (r->nr_pages % (1UL << r->order)) {
		strbuf_addf(err, "@ alloc: SIZE: not a multiple of the huge page size (%s)", a->word[1]);
		return -1;
	}
	return 0;
}

static int check_alloc(const struct step_args *a, struct strbuf *err)
{
	struct alloc_req r;

	return parse_alloc(a, &r, err);
}

/* "node0 Normal 1024, node0 DMA32 12" for @o's pages. */
static void placement(const struct machine *m, const struct page_owner *o, struct strbuf *out)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; m->pgdat[nid] && z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &m->pgdat[nid]->node_zones[z];
			unsigned long n = 0;

			for (size_t i = 0; i < m->pages.nr_used; i++)
				if (m->pages.used[i].owner == o && m->pages.used[i].zone == zone)
					n += m->pages.used[i].nr_pages;
			if (n)
				strbuf_addf(out, " node%d/%s:%lu", nid, zone_name(zone), n);
		}
}

static bool node_has_memory(const struct machine *m, int nid)
{
	return nid < m->nr_node_ids && m->pgdat[nid] && node_state(&m->nodes, nid, N_MEMORY);
}

static int run_alloc(struct machine *m, const struct step_args *a, struct strbuf *out)
{
	struct alloc_req r;
	int ret;

	if (parse_alloc(a, &r, out))
		return -EINVAL;
	if (!node_has_memory(m, r.nid)) {
		strbuf_addf(out, "alloc %s: node%d has no memory", r.name, r.nid);
		return -EINVAL;
	}
	if (r.order >= 18 && !m->pages.gigantic_pages) {
		strbuf_addf(out, "alloc %s: no 1 GiB huge pages: the CPU lacks pdpe1gb (-cpu qemu64,+pdpe1gb)", r.name);
		return -EINVAL;
	}
	ret = workload_alloc(&m->pages, r.name, r.kind, r.nr_pages, r.nid, r.order);
	if (ret == -ENOMEM && r.kind != PK_HUGETLB) {	/* the fault or kmalloc path: OOM */
		kmsg(m, "%s invoked oom-killer: gfp_mask=%s, order=0, oom_score_adj=0", r.name,
		     page_kind_gfp_text(r.kind));
		kmsg(m, "Out of memory: Killed process (%s)", r.name);
	}
	if (ret == -EEXIST)
		strbuf_addf(out, "alloc %s: name in use", r.name);
	if (ret)
		return ret;
	const struct page_owner *o = page_owner_find(&m->pages, r.name);

	strbuf_addf(out, "alloc %s: %lu pages %s:", r.name, o->nr_pages, page_kind_name(r.kind));
	placement(m, o, out);
	return 0;
}

static int check_name_word(const struct step_args *a, struct strbuf *err)
{
	return check_name(a->verb, a->word[0], err);
}

static int run_free(struct machine *m, const struct step_args *a, struct strbuf *out)
{
	const struct page_owner *o = page_owner_find(&m->pages, a->word[0]);
	unsigned long n = o ? o->nr_pages : 0;
	int ret = workload_free(&m->pages, a->word[0]);

	if (!ret)
		strbuf_addf(out, "free %s: %lu pages", a->word[0], n);
	return ret;
}

static unsigned long unpinnable_pages(const struct machine *m, const struct page_owner *o)
{
	unsigned long n = 0;

	for (size_t i = 0; i < m->pages.nr_used; i++) {
		const struct page_extent *e = &m->pages.used[i];

		if (e->owner == o && (e->zone->idx == ZONE_MOVABLE ||
				      range_has_cma(&m->pages, e->start_pfn, e->start_pfn + e->nr_pages)))
			n += e->nr_pages;
	}
	return n;
}

static int run_pin(struct machine *m, const struct step_args *a, struct strbuf *out)
{
	const struct page_owner *o = page_owner_find(&m->pages, a->word[0]);
	unsigned long before = o ? unpinnable_pages(m, o) : 0;
	int ret = workload_pin(&m->pages, a->word[0]);

	if (ret == -EINVAL && o)
		strbuf_addf(out, "pin %s: %s", a->word[0], o->pinned ? "already pinned" :
			    "only anon and pagecache workloads can be pinned");
	if (ret)
		return ret;
	strbuf_addf(out, "pin %s: %lu pages pinned, %lu migrated out of ZONE_MOVABLE/CMA:", a->word[0],
		    o->nr_pages, before);
	placement(m, o, out);
	return 0;
}

static int run_unpin(struct machine *m, const struct step_args *a, struct strbuf *out)
{
	int ret = workload_unpin(&m->pages, a->word[0]);

	if (!ret)
		strbuf_addf(out, "unpin %s", a->word[0]);
	return ret;
}

static int parse_hugetlb(const struct step_args *a, int *nid, unsigned int *order, unsigned long *count,
			 struct strbuf *err)
{
	if (!opt(a, "node")) {
		strbuf_addstr(err, "@ hugetlb: node: required (node=N)");
		return -1;
	}
	return parse_node("hugetlb", a, nid, err) || parse_hugepagesz("hugetlb", a->word[0], order, err) ||
	       parse_ulong("hugetlb", "COUNT", a->word[1], 1UL << 30, count, err) ? -1 : 0;
}

static int check_hugetlb(const struct step_args *a, struct strbuf *err)
{
	int nid;
	unsigned int order;
	unsigned long count;

	return parse_hugetlb(a, &nid, &order, &count, err);
}

static int run_hugetlb(struct machine *m, const struct step_args *a, struct strbuf *out)
{
	int nid;
	unsigned int order;
	unsigned long count, got, total, free;

	if (parse_hugetlb(a, &nid, &order, &count, out))
		return -EINVAL;
	if (order >= 18 && !m->pages.gigantic_pages) {
		strbuf_addstr(out, "hugetlb: no 1 GiB huge pages: the CPU lacks pdpe1gb (-cpu qemu64,+pdpe1gb)");
		return -EINVAL;
	}
	int ret = hugetlb_set_pool(&m->pages, nid, order, count, &got);

	if (ret) {
		strbuf_addf(out, "hugetlb: node%d has no memory", nid);
		return ret;
	}
	hugetlb_pool_count(&m->pages, nid, order, &total, &free);
	strbuf_addf(out, "hugetlb node%d %lukB: nr_hugepages %lu (free %lu)", nid, 4UL << order, total, free);
	return 0;
}

static int check_size_word(const struct step_args *a, struct strbuf *err)
{
	uint64_t b;

	return parse_size(a->verb, "SIZE", a->word[a->nr_words - 1], &b, err);
}

static int run_cma(struct machine *m, const struct step_args *a, struct strbuf *out)
{
	uint64_t bytes;
	unsigned long start;

	if (parse_size("cma", "SIZE", a->word[0], &bytes, out))
		return -EINVAL;
	unsigned long nr = (PFN_UP(bytes) + MAX_ORDER_NR_PAGES - 1) / MAX_ORDER_NR_PAGES * MAX_ORDER_NR_PAGES;
	int ret = cma_declare(&m->pages, nr, &start);

	if (ret) {
		kmsg(m, "cma: Failed to reserve %llu MiB", (unsigned long long)(bytes >> 20));
		return ret;
	}
	kmsg(m, "cma: Reserved %llu MiB at 0x%016llx", (unsigned long long)(bytes >> 20),
	     (unsigned long long)PFN_PHYS(start));
	strbuf_addf(out, "cma: %lu pages at pfn %#lx-%#lx", nr, start, start + nr - 1);
	return 0;
}

static int check_balloon(const struct step_args *a, struct strbuf *err)
{
	if (strcmp(a->word[0], "inflate") && strcmp(a->word[0], "deflate")) {
		strbuf_addf(err, "@ balloon: ACTION: expected inflate or deflate, got '%s'", a->word[0]);
		return -1;
	}
	return check_size_word(a, err);
}

static int run_balloon(struct machine *m, const struct step_args *a, struct strbuf *out)
{
	uint64_t bytes;
	bool inflate = !strcmp(a->word[0], "inflate");

	if (check_balloon(a, out) || parse_size("balloon", "SIZE", a->word[1], &bytes, out))
		return -EINVAL;
	int ret = inflate ? balloon_inflate(&m->pages, PFN_UP(bytes)) : balloon_deflate(&m->pages, PFN_UP(bytes));
	const struct page_owner *b = page_owner_find(&m->pages, "balloon");

	if (ret == -EINVAL)
		strbuf_addf(out, "balloon deflate: the balloon holds %lu pages", b ? b->nr_pages : 0);
	if (!ret)
		strbuf_addf(out, "balloon: %lu pages", b ? b->nr_pages : 0);
	return ret;
}

static int run_verify(struct machine *m, const struct step_args *a, struct strbuf *out)
{
	struct strbuf rep = STRBUF_INIT, err = STRBUF_INIT;
	unsigned long bad = workload_verify(&m->pages, &m->sparse, &rep);

	(void)a;
	if (mm_pages_check(&m->pages, &err)) {
		strbuf_addf(&rep, "verify: page accounting: %s", err.buf);
		bad++;
	}
	if (rep.len && rep.buf[rep.len - 1] == '\n')
		rep.buf[--rep.len] = '\0';
	strbuf_addstr(out, rep.buf);
	strbuf_release(&rep);
	strbuf_release(&err);
	return bad ? -EIO : 0;
}

static const char *const online_words[] = { "online", "online_kernel", "online_movable", NULL };

static int check_online(const struct step_args *a, struct strbuf *err)
{
	unsigned long id;

	if (parse_block("online", a->word[0], &id, err))
		return -1;
	for (int i = 0; a->nr_words < 2 || online_words[i]; i++)
		if (a->nr_words < 2 || !strcmp(a->word[1], online_words[i]))
			return 0;
	strbuf_addf(err, "@ online: TYPE: expected online, online_kernel or online_movable, got '%s'", a->word[1]);
	return -1;
}

static struct memory_block *block_or_report(struct machine *m, const char *word, struct strbuf *out)
{
	unsigned long id = 0;
	struct memory_block *mem;

	parse_block("", word, &id, out);
	mem = find_memory_block_by_id(m, id);
	if (!mem)
		strbuf_addf(out, "%s: no such memory block", word);
	return mem;
}

static int run_online(struct machine *m, const struct step_args *a, struct strbuf *out)
{
	struct memory_block *mem = block_or_report(m, a->word[0], out);

	if (!mem)
		return -ENODEV;
	int ret = memory_block_state_store(m, mem, a->nr_words > 1 ? a->word[1] : "online");

	if (ret)
		strbuf_addf(out, "%s: online failed", a->word[0]);
	else
		strbuf_addf(out, "%s: online (%s)", a->word[0], zone_name(mem->zone));
	return ret;
}

static int check_offline(const struct step_args *a, struct strbuf *err)
{
	unsigned long id, n;
	const char *sig = opt(a, "signal");

	if (parse_block("offline", a->word[0], &id, err))
		return -1;
	return sig ? parse_ulong("offline", "signal", sig, 1000000, &n, err) : 0;
}

static int run_offline(struct machine *m, const struct step_args *a, struct strbuf *out)
{
	struct memory_block *mem = block_or_report(m, a->word[0], out);
	const char *sig = opt(a, "signal");
	unsigned long before = m->pages.nr_migrated;

	if (!mem)
		return -ENODEV;
	m->offline_signal_after = sig ? atoi(sig) : -1;
	int ret = memory_block_state_store(m, mem, "offline");

	m->offline_signal_after = -1;
	if (ret)
		strbuf_addf(out, "%s: offline failed", a->word[0]);
	else
		strbuf_addf(out, "%s: offline", a->word[0]);
	if (ret && m->offline_reason)
		strbuf_addf(out, " (%s)", m->offline_reason);
	if (m->pages.nr_migrated != before)
		strbuf_addf(out, ", %lu pages migrated", m->pages.nr_migrated - before);
	return ret;
}

static int check_why_busy(const struct step_args *a, struct strbuf *err)
{
	unsigned long id;

	if (a->nr_words > 1 && strcmp(a->word[1], "--json")) {
		strbuf_addf(err, "@ why-busy: expected --json, got '%s'", a->word[1]);
		return -1;
	}
	return parse_block("why-busy", a->word[0], &id, err);
}

static int run_why_busy(struct machine *m, const struct step_args *a, struct strbuf *out)
{
	unsigned long id = 0;

	parse_block("why-busy", a->word[0], &id, out);
	int ret = memhp_why_busy(m, id, a->nr_words > 1, out);

	if (out->len && out->buf[out->len - 1] == '\n')
		out->buf[--out->len] = '\0';
	return ret;
}

static int run_pages(struct machine *m, const struct step_args *a, struct strbuf *out)
{
	(void)a;
	strbuf_addf(out, "min_free_kbytes %lu", m->pages.min_free_kbytes);
	for (const struct page_owner *o = m->pages.owners; o; o = o->next) {
		if (!o->nr_pages)
			continue;
		strbuf_addf(out, "\n%s %s %lu%s:", o->name, page_kind_name(o->kind), o->nr_pages,
			    o->pinned ? " pinned" : "");
		placement(m, o, out);
	}
	return 0;
}

/*
 * memhp's own fault points: `fault memmap-alloc [section=N]` makes the memmap allocation
 * of section N (default 0) of the next hot-add fail as an exhausted kernel would (-ENOMEM,
 * the sections before it left behind, spec 40/30); `fault migrate page=PFN` makes that
 * page fail every migration (offline retries until a signal: EINTR); `fault clear`.
 */
static int parse_fault(const struct step_args *a, unsigned long *section, uint64_t *pfn, struct strbuf *err)
{
	const char *what = a->word[0], *sec = opt(a, "section"), *page = opt(a, "page");

	if (!strcmp(what, "memmap-alloc")) {
		if (page) {
			strbuf_addstr(err, "@ fault: page: only for 'fault migrate'");
			return -1;
		}
		*section = 0;
		return sec ? parse_ulong("fault", "section", sec, 1UL << 40, section, err) : 0;
	}
	if (!strcmp(what, "migrate")) {
		if (sec) {
			strbuf_addstr(err, "@ fault: section: only for 'fault memmap-alloc'");
			return -1;
		}
		if (!page || kstrtoull(page, pfn)) {
			strbuf_addf(err, "@ fault: page: expected page=PFN (0x... or decimal), got '%s'",
				    page ? page : "");
			return -1;
		}
		return 0;
	}
	if (!strcmp(what, "clear") && !sec && !page)
		return 0;
	strbuf_addf(err, "@ fault: WHAT: expected memmap-alloc, migrate or clear, got '%s'", what);
	return -1;
}

static int check_fault(const struct step_args *a, struct strbuf *err)
{
	unsigned long section;
	uint64_t pfn;

	return parse_fault(a, &section, &pfn, err);
}

static int run_fault(struct machine *m, const struct step_args *a, struct strbuf *out)
{
	unsigned long section = 0;
	uint64_t pfn = 0;

	if (parse_fault(a, &section, &pfn, out))
		return -EINVAL;
	if (!strcmp(a->word[0], "memmap-alloc")) {
		m->memmap_fault = true;
		m->memmap_fault_section = section;
		strbuf_addf(out, "fault: the next hot-add gets no memmap for its section %lu", section);
	} else if (!strcmp(a->word[0], "migrate")) {
		m->pages.migrate_fault = true;
		m->pages.migrate_fault_pfn = (unsigned long)pfn;
		strbuf_addf(out, "fault: pfn %#lx fails every migration", (unsigned long)pfn);
	} else {
		m->memmap_fault = false;
		m->pages.migrate_fault = false;
		strbuf_addstr(out, "fault: none armed");
	}
	return 0;
}

static int no_check(const struct step_args *a, struct strbuf *err)
{
	(void)a;
	(void)err;
	return 0;
}

static const struct step_verb verbs[] = {
	{ "alloc", "alloc NAME SIZE kind=anon|pagecache|slab|pagetable|reclaimable|hugetlb [node=N] [hugepagesz=2M|1G]",
	  2, 2, "kind node hugepagesz", check_alloc, run_alloc },
	{ "free", "free NAME", 1, 1, "", check_name_word, run_free },
	{ "pin", "pin NAME          (FOLL_LONGTERM: moves pages out of ZONE_MOVABLE/CMA first)",
	  1, 1, "", check_name_word, run_pin },
	{ "unpin", "unpin NAME", 1, 1, "", check_name_word, run_unpin },
	{ "hugetlb", "hugetlb 2M|1G COUNT node=N   (nr_hugepages of the node)", 2, 2, "node", check_hugetlb,
	  run_hugetlb },
	{ "cma", "cma SIZE          (a CMA area, placed as cma=SIZE places it)", 1, 1, "", check_size_word,
	  run_cma },
	{ "balloon", "balloon inflate|deflate SIZE", 2, 2, "", check_balloon, run_balloon },
	{ "verify", "verify            (every page's content token where it belongs)", 0, 0, "", no_check,
	  run_verify },
	{ "online", "online memoryN [online|online_kernel|online_movable]", 1, 2, "", check_online, run_online },
	{ "offline", "offline memoryN [signal=N]   (a signal arrives after N migration passes)", 1, 1,
	  "signal", check_offline, run_offline },
	{ "why-busy", "why-busy memoryN [--json]", 1, 2, "", check_why_busy, run_why_busy },
	{ "pages", "pages             (owners, sizes and where their pages are)", 0, 0, "", no_check, run_pages },
	{ "fault", "fault memmap-alloc [section=N] | migrate page=PFN | clear   (memhp's fault points)", 1, 1,
	  "section page", check_fault, run_fault },
};

static const struct step_verb *find_verb(const char *name)
{
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strcmp(verbs[i].name, name))
			return &verbs[i];
	return NULL;
}

static bool key_allowed(const char *keys, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = strstr(keys, key); p; p = strstr(p + 1, key))
		if ((p == keys || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}

/* Split @line and check it against its verb; the verb or NULL (with @err). */
static const struct step_verb *parse(const char *line, struct step_args *a, struct strbuf *err)
{
	const struct step_verb *v;

	if (split(line, a, err))
		return NULL;
	v = find_verb(a->verb);
	if (!v) {
		strbuf_addf(err, "@: unknown verb '%s'", a->verb);
		return NULL;
	}
	if (a->nr_words < v->min_words || a->nr_words > v->max_words) {
		strbuf_addf(err, "@ %s: usage: @ %s", v->name, v->usage);
		return NULL;
	}
	for (int i = 0; i < a->nr_opts; i++)
		if (!key_allowed(v->keys, a->key[i])) {
			strbuf_addf(err, "@ %s: %s: unknown option", v->name, a->key[i]);
			return NULL;
		}
	return v->check(a, err) ? NULL : v;
}

int memhp_step_check(const char *line, struct strbuf *err)
{
	struct step_args a;
	const struct step_verb *v = parse(line, &a, err);

	args_release(&a);
	return v ? 0 : -1;
}

int memhp_step_run(struct machine *m, const char *line, struct strbuf *out)
{
	struct step_args a;
	const struct step_verb *v = parse(line, &a, out);
	int ret = -EINVAL;

	if (v) {
		pthread_mutex_lock(&m->lock);
		ret = v->run(m, &a, out);
		m->generation++;
		pthread_mutex_unlock(&m->lock);
	}
	args_release(&a);
	return ret;
}

void memhp_step_usage(struct strbuf *out)
{
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		strbuf_addf(out, "  @ %s\n", verbs[i].usage);
}

const char *memhp_errno_name(int err)
{
	static const struct { int err; const char *name; } names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" }, { EIO, "EIO" },
		{ ENOMEM, "ENOMEM" }, { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
		{ EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	return "E?";
}
