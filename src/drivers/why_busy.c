/* SPDX-License-Identifier: MIT */
/*
 * drivers/why_busy.c — why a memory block cannot go offline: the checks offline_pages()
 * makes, in its order (state, zones, holes, isolation, migration), read only, with the
 * pages that stop it, their owners, what the kernel does with them and what would
 * unblock them. Text for people, JSON for programs (steps.h).
 */
#include "steps.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "boot/resource.h"
#include "lib/strbuf.h"
#include "mm/migrate.h"

struct why {
	struct strbuf runs;		/* rendered runs */
	bool json;
	unsigned long nr_runs;
	bool isolation;			/* some run fails isolation (EBUSY) */
};

static void add_run(const struct busy_run *r, void *arg)
{
	struct why *w = arg;
	const char *owner = r->owner ? r->owner->name : "cma";
	const char *kind = r->owner ? page_kind_name(r->owner->kind) : "cma";

	w->isolation |= r->reason <= BUSY_CMA;
	if (w->json)
		strbuf_addf(&w->runs, "%s\n    {\"start_pfn\": %lu, \"end_pfn\": %lu, \"nr_pages\": %lu, "
			    "\"owner\": \"%s\", \"kind\": \"%s\", \"reason\": \"%s\", \"effect\": \"%s\", "
			    "\"unblock\": \"%s\"}", w->nr_runs ? "," : "", r->start_pfn,
			    r->start_pfn + r->nr_pages, r->nr_pages, owner, kind, busy_reason_name(r->reason),
			    busy_reason_effect(r->reason), busy_reason_fix(r->reason));
	else
		strbuf_addf(&w->runs, "  pfn %#lx-%#lx (%lu pages) %s [%s]: %s; unblock: %s\n", r->start_pfn,
			    r->start_pfn + r->nr_pages - 1, r->nr_pages, owner, kind, busy_reason_effect(r->reason),
			    busy_reason_fix(r->reason));
	w->nr_runs++;
}

/* Movable pages that would migrate and free huge pages that would dissolve. */
static void would_move(const struct mm_pages *mp, unsigned long start, unsigned long end,
		       unsigned long *movable, unsigned long *dissolve)
{
	*movable = *dissolve = 0;
	for (size_t i = extent_after(mp, start); i < mp->nr_used && mp->used[i].start_pfn < end; i++) {
		const struct page_extent *e = &mp->used[i];

		if (e->owner->kind == PK_HUGETLB_FREE)
			(*dissolve)++;
		else if (page_kind_movable(e->owner->kind) && !e->owner->pinned)
			*movable += (e->start_pfn + e->nr_pages < end ? e->start_pfn + e->nr_pages : end) -
				    (e->start_pfn > start ? e->start_pfn : start);
	}
}

/* The verdict: errno name and the kernel's reason, or NULL for "would succeed". */
static const char *verdict(struct machine *m, struct memory_block *mem, struct why *w, const char **err)
{
	unsigned long start = memory_block_start_pfn(m, mem) + mem->nr_vmemmap_pages;
	unsigned long end = memory_block_start_pfn(m, mem) + m->pages_per_block;

	if (mem->state != MEM_ONLINE) {
		*err = "EINVAL";
		return "already offline";
	}
	if (!mem->zone) {
		*err = "EINVAL";
		return "multizone range";
	}
	offline_blockers(&m->pages, mem->zone, start, end, add_run, w);
	if (system_ram_pages_in(m->iomem, start, end - start) != end - start) {
		*err = "EINVAL";
		return "memory holes";
	}
	if (w->isolation) {
		*err = "EBUSY";
		return "failure to isolate range";
	}
	if (w->nr_runs) {
		*err = "EINTR";
		return "migration retries until a signal";
	}
	*err = NULL;
	return NULL;
}

int memhp_why_busy(struct machine *m, unsigned long block_id, bool json, struct strbuf *out)
{
	struct memory_block *mem = find_memory_block_by_id(m, block_id);
	struct why w = { .runs = STRBUF_INIT, .json = json };
	const char *err, *reason;
	unsigned long start, movable, dissolve;

	if (!mem) {
		strbuf_addf(out, "memory%lu: no such memory block\n", block_id);
		return -ENODEV;
	}
	start = memory_block_start_pfn(m, mem);
	reason = verdict(m, mem, &w, &err);
	would_move(&m->pages, start, start + m->pages_per_block, &movable, &dissolve);
	const char *zone = mem->zone ? zone_name(mem->zone) : "none";

	if (json) {
		strbuf_addf(out, "{\n  \"block\": \"memory%lu\", \"state\": \"%s\", \"zone\": \"%s\", \"node\": %d,\n"
			    "  \"start_pfn\": %lu, \"end_pfn\": %lu, \"offline\": \"%s\", \"errno\": %s%s%s, "
			    "\"reason\": %s%s%s,\n  \"movable_pages\": %lu, \"free_huge_pages\": %lu,\n"
			    "  \"blockers\": [%s%s]\n}\n", block_id,
			    mem->state == MEM_ONLINE ? "online" : "offline", zone, mem->nid, start,
			    start + m->pages_per_block, err ? "fails" : "succeeds", err ? "\"" : "",
			    err ? err : "null", err ? "\"" : "", reason ? "\"" : "", reason ? reason : "null",
			    reason ? "\"" : "", movable, dissolve, w.runs.buf, w.nr_runs ? "\n  " : "");
	} else {
		strbuf_addf(out, "memory%lu: %s, zone %s, node %d, pfn %#lx-%#lx\n", block_id,
			    mem->state == MEM_ONLINE ? "online" : "offline", zone, mem->nid, start,
			    start + m->pages_per_block - 1);
		if (err)
			strbuf_addf(out, "offline would fail: %s (%s)\n", err, reason);
		else
			strbuf_addstr(out, "offline would succeed\n");
		strbuf_add(out, w.runs.buf, w.runs.len);
		strbuf_addf(out, "movable pages to migrate: %lu, free huge pages to dissolve: %lu\n", movable,
			    dissolve);
	}
	strbuf_release(&w.runs);
	return 0;
}
