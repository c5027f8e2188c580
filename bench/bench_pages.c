/* SPDX-License-Identifier: MIT */
/*
 * bench/bench_pages.c — offlining a 128 MiB block full of movable pages with content:
 * median time per offline (migration included) and migration throughput in pages/s. Two
 * ZONE_MOVABLE blocks take turns: the full one is offlined, its pages move to the other,
 * it is onlined again, and so on; every page's content is verified at the end.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "drivers/drivers.h"
#include "drivers/steps.h"
#include "lib/strbuf.h"

static int step(struct machine *m, const char *line)
{
	struct strbuf out = STRBUF_INIT;
	int ret = memhp_step_run(m, line, &out);

	if (ret)
		fprintf(stderr, "bench_pages: '%s': %s (%d)\n", line, out.buf, ret);
	strbuf_release(&out);
	return ret;
}

/* Offline the full one of two ZONE_MOVABLE blocks, N times, alternating; @owners: workloads filling it. */
static int run(int owners, int n)
{
	struct machine *m = bench_boot_with_dimm("-m 2G,slots=2,maxmem=4G", "256M");
	double *t = calloc((size_t)n, sizeof(*t)), total = 0;
	char line[64];

	if (!m || !t)
		return 1;
	if (step(m, "online memory32 online_movable"))
		return 1;
	for (int i = 0; i < owners; i++) {	/* neighbours have different owners: one extent each */
		snprintf(line, sizeof(line), "alloc w%d %dK kind=%s", i, 131072 / owners,
			 i % 2 ? "pagecache" : "anon");
		if (step(m, line))
			return 1;
	}
	if (step(m, "online memory33 online_movable"))
		return 1;
	unsigned long moved = m->pages.nr_migrated;

	for (int i = 0; i < n; i++) {
		int full = 32 + i % 2;

		snprintf(line, sizeof(line), "offline memory%d", full);
		double a = bench_now_us();

		if (step(m, line))
			return 1;
		t[i] = bench_now_us() - a;
		total += t[i];
		snprintf(line, sizeof(line), "online memory%d online_movable", full);
		if (step(m, line))
			return 1;
	}
	moved = m->pages.nr_migrated - moved;
	bench_sort(t, n);
	printf("offline of a 128 MiB block full of movable pages, %d owner%s (%d extent%s): median %.1f us, "
	       "p99 %.1f us (%d runs)\n", owners, owners > 1 ? "s" : "", owners, owners > 1 ? "s" : "",
	       t[n / 2], t[n * 99 / 100], n);
	printf("   migration: %.3g pages/s (%lu pages in %.1f ms)\n", moved / (total / 1e6), moved, total / 1e3);
	int ret = step(m, "verify");

	free(t);
	machine_free(m);
	return ret;
}

int main(void)
{
	return run(1, 400) || run(64, 200) || run(4096, 20);
}
