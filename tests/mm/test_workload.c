/* SPDX-License-Identifier: MIT */
/*
 * tests/mm/test_workload.c — property test of pages with owners: random sequences of
 * alloc/free/pin/unpin/hugetlb/balloon/cma, online/offline (with and without a signal),
 * DIMM add and eject, and faults injected into the memory notifier chain
 * (memory-notifier-error-inject arming MEM_GOING_ONLINE/MEM_GOING_OFFLINE with an errno),
 * on random small machines (one or two nodes). After every step:
 *   per zone   free + allocated == managed, runs and extents disjoint (mm_pages_check);
 *   the machine invariants of tests/invariants.h (zone and node counts, every block settled,
 *   every online block inside its zone's span);
 *   every workload page holds its own content (workload_verify: nothing lost or mixed);
 *   a failed write or step leaves the snapshot byte-identical -- except, after a failed
 *   online, zone spans: the kernel shrinks them back by its subsection walk
 *   (shrink_zone_span), which rounds a zone that ended inside a section's hole up to the
 *   section end (spec 20 §2), so memhp must do the same.
 * MEMHP_SEED=N replays one sequence (the seed is printed on failure); MEMHP_PROP_N sets how
 * many sequences run (default 10000).
 */
#include "../invariants.h"
#include "drivers/steps.h"
#include "mm/workload.h"

struct prop {
	struct machine *m;
	unsigned long long seed, rng;
	int step;
	int nr_dimms;			/* DIMMs plugged so far (ids d0, d1, ...) */
	bool dimm_present[4];
	char last[256];			/* the last operation, for the failure message */
	char *snap;			/* the snapshot after the last step */
	bool inject;			/* memory-notifier-error-inject is loaded */
};

static unsigned int pick(struct prop *p, unsigned int n)
{
	return test_rand(&p->rng) % n;
}

static void check_invariants(struct prop *p)
{
	struct strbuf err = STRBUF_INIT, rep = STRBUF_INIT;

	if (mm_pages_check(&p->m->pages, &err))
		fail_msg("seed %llu step %d (%s): %s", p->seed, p->step, p->last, err.buf);
	if (workload_verify(&p->m->pages, &p->m->sparse, &rep))
		fail_msg("seed %llu step %d (%s): %s", p->seed, p->step, p->last, rep.buf);
	if (!machine_invariants_hold(p->m, &err))
		fail_msg("seed %llu step %d (%s): %s", p->seed, p->step, p->last, err.buf);
	strbuf_release(&err);
	strbuf_release(&rep);
}

#define STEPS 14	/* per sequence */

static const char *const kinds[] = { "anon", "pagecache", "slab", "pagetable", "reclaimable", "anon" };

/* A memory block id that exists, or -1. */
static long random_block(struct prop *p, bool online)
{
	uint64_t id = 0, ids[64];
	int n = 0;
	struct memory_block *mem;

	while (n < 64 && (mem = idxmap_next(&p->m->blocks, id, &id))) {
		if ((mem->state == MEM_ONLINE) == online)
			ids[n++] = id;
		id++;
	}
	return n ? (long)ids[pick(p, (unsigned int)n)] : -1;
}

/* The name of a random workload owner, or NULL. */
static const char *random_owner(struct prop *p)
{
	const char *names[32];
	int n = 0;

	for (const struct page_owner *o = p->m->pages.owners; o && n < 32; o = o->next)
		if (o->kind != PK_RESERVED && o->kind != PK_KERNEL && o->kind != PK_HUGETLB_FREE &&
		    o->kind != PK_BALLOON && o != p->m->pages.migration_target && o != p->m->pages.migrated)
			names[n++] = o->name;
	return n ? names[pick(p, (unsigned int)n)] : NULL;
}

static void step_text(struct prop *p, char *buf, size_t len)
{
	const char *o = random_owner(p);
	long blk;

	switch (pick(p, 12)) {
	case 0:
	case 1:
		snprintf(buf, len, "alloc w%d %uM kind=%s node=%u", p->step, 1 + pick(p, 96), kinds[pick(p, 6)],
			 pick(p, (unsigned int)p->m->nr_node_ids));
		break;
	case 2:
		snprintf(buf, len, "free %s", o ? o : "nobody");
		break;
	case 3:
		snprintf(buf, len, "%s %s", pick(p, 3) ? "pin" : "unpin", o ? o : "nobody");
		break;
	case 4:
		snprintf(buf, len, "hugetlb %s %u node=%u", pick(p, 8) ? "2M" : "1G", pick(p, 40),
			 pick(p, (unsigned int)p->m->nr_node_ids));
		break;
	case 5:
		snprintf(buf, len, "alloc h%d %uM kind=hugetlb", p->step, 2 * (1 + pick(p, 8)));
		break;
	case 6:
		snprintf(buf, len, "balloon %s %uM", pick(p, 2) ? "inflate" : "deflate", 1 + pick(p, 32));
		break;
	case 7:
		snprintf(buf, len, "cma %uM", 4 * (1 + pick(p, 8)));
		break;
	case 8:
	case 9:
		blk = random_block(p, true);
		snprintf(buf, len, "offline memory%ld%s", blk, pick(p, 6) ? "" : " signal=0");
		break;
	default:
		blk = random_block(p, false);
		snprintf(buf, len, "online memory%ld %s", blk,
			 (const char *const[]){ "online", "online_kernel", "online_movable" }[pick(p, 3)]);
		break;
	}
}

static void monitor_op(struct prop *p)
{
	struct strbuf r = STRBUF_INIT;
	int slot = (int)pick(p, 2);

	if (!p->dimm_present[slot]) {
		unsigned int mb = pick(p, 2) ? 256 : 512;

		snprintf(p->last, sizeof(p->last), "object_add memory-backend-ram,id=m%d,size=%uM", p->nr_dimms, mb);
		monitor_command(p->m, p->last, &r);
		snprintf(p->last, sizeof(p->last), "device_add pc-dimm,id=d%d,memdev=m%d,node=%u", slot,
			 p->nr_dimms, pick(p, (unsigned int)p->m->nr_node_ids));
		if (!monitor_command(p->m, p->last, &r))
			p->dimm_present[slot] = true;
		p->nr_dimms++;
	} else {
		snprintf(p->last, sizeof(p->last), "device_del d%d", slot);
		if (!monitor_command(p->m, p->last, &r) && !find_memory_block_by_id(p->m, 32 + 4 * slot))
			p->dimm_present[slot] = false;
	}
	drivers_take_events(p->m, &r);
	strbuf_release(&r);
}

#define INJECT "/sys/kernel/debug/notifier-error-inject/memory/actions/"

/* Arm or disarm one notifier action with an errno (-12, -16, -5, or 0). */
static void inject_op(struct prop *p)
{
	static const char *const errs[] = { "-12", "-16", "-5", "0", "0" };
	const char *action = pick(p, 2) ? "MEM_GOING_ONLINE" : "MEM_GOING_OFFLINE";
	char path[160];

	snprintf(path, sizeof(path), INJECT "%s/error", action);
	snprintf(p->last, sizeof(p->last), "echo %s > %s", errs[pick(p, 5)], path);
	char val[8];
	int ret;

	snprintf(val, sizeof(val), "%.*s", (int)strcspn(p->last + 5, " "), p->last + 5);
	ret = write_str(p->m, path, val);
	if (ret)
		fail_msg("seed %llu step %d (%s): the error file refused '%s': %d", p->seed, p->step, p->last,
			 val, ret);
}

/* @snap with the zone lines' start_pfn= and spanned= fields blanked (a copy to free). */
static char *without_spans(const char *snap)
{
	char *out = strdup(snap), *z = strstr(out, "\nzones:\n");

	for (char *l = z; l && (l = strstr(l + 1, "\nnode")); ) {
		char *s = strstr(l, " start_pfn="), *e = strstr(l, " present=");
		char *nl = strchr(l + 1, '\n');

		if (!s || !e || (nl && e > nl))
			break;
		memset(s, '.', (size_t)(e - s));
	}
	return out;
}

static bool unchanged(const char *before, const char *after, bool online)
{
	if (!strcmp(before, after))
		return true;
	if (!online)
		return false;
	char *a = without_spans(before), *b = without_spans(after);
	bool same = !strcmp(a, b);

	free(a);
	free(b);
	return same;
}

static void one_step(struct prop *p)
{
	char text[128];

	if (p->inject && !pick(p, 12)) {
		inject_op(p);
		free(p->snap);
		p->snap = snapshot_of(p->m);
		return;
	}
	if (!pick(p, 10)) {
		monitor_op(p);
		free(p->snap);
		p->snap = snapshot_of(p->m);
		return;
	}
	step_text(p, text, sizeof(text));
	snprintf(p->last, sizeof(p->last), "@ %s", text);
	struct strbuf out = STRBUF_INIT;
	int ret = memhp_step_run(p->m, text, &out);

	if (getenv("MEMHP_PROP_TRACE"))
		fprintf(stderr, "%llu/%d %s -> %d %s\n", p->seed, p->step, text, ret, out.buf);

	char *after = snapshot_of(p->m);

	bool same = !ret || unchanged(p->snap, after, !strncmp(text, "online", 6));

	if (!same && getenv("MEMHP_PROP_TRACE")) {
		FILE *f = fopen("/tmp/memhp-prop-before", "w"), *g = fopen("/tmp/memhp-prop-after", "w");

		fputs(p->snap, f);
		fputs(after, g);
		fclose(f);
		fclose(g);
	}
	if (!same)
		fail_msg("seed %llu step %d (%s) failed with %d but changed the snapshot", p->seed, p->step,
			 p->last, ret);
	free(p->snap);
	p->snap = after;
	strbuf_release(&out);
}

static const char *const machines[] = {
	"-m 512M,slots=2,maxmem=4G",
	"-m 1G,slots=2,maxmem=4G",
	"-m 2G,slots=2,maxmem=8G",
	"-m 1G,slots=2,maxmem=4G -smp 2 -object memory-backend-ram,id=r0,size=512M "
	"-object memory-backend-ram,id=r1,size=512M -numa node,nodeid=0,memdev=r0,cpus=0 "
	"-numa node,nodeid=1,memdev=r1,cpus=1",
};

static void run_sequence(unsigned long long seed, int steps)
{
	struct prop p = { .seed = seed, .rng = seed * 2654435761ULL + 1 };

	p.m = boot_qemu(machines[pick(&p, 4)], pick(&p, 4) ? "" : "movablecore=256M");
	if (pick(&p, 3) == 0) {	/* a third of the sequences run with fault injection */
		struct strbuf r = STRBUF_INIT;

		p.inject = !module_request(p.m, "memory-notifier-error-inject", &r);
		if (!p.inject)
			fail_msg("seed %llu: modprobe memory-notifier-error-inject: %s", seed, r.buf);
		strbuf_release(&r);
	}
	snprintf(p.last, sizeof(p.last), "boot");
	p.snap = snapshot_of(p.m);
	check_invariants(&p);
	for (p.step = 1; p.step <= steps; p.step++) {
		one_step(&p);
		check_invariants(&p);
	}
	free(p.snap);
	machine_free(p.m);
}

/* Expect every invariant to hold after every step of every sequence. */
static void random_workloads_keep_pages_accounted_and_content_intact(void **state)
{
	(void)state;
	const char *one = getenv("MEMHP_SEED"), *n = getenv("MEMHP_PROP_N");
	int count = n ? atoi(n) : 10000;

	if (one) {
		run_sequence(strtoull(one, NULL, 10), STEPS);
		return;
	}
	for (int i = 0; i < count; i++)
		run_sequence((unsigned long long)i + 1, STEPS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_workloads_keep_pages_accounted_and_content_intact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
