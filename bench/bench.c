/* SPDX-License-Identifier: MIT */
/* bench/bench.c — the benchmark programs' shared clock, statistics and machine (bench.h). */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "drivers/drivers.h"
#include "lib/strbuf.h"

double bench_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void bench_sort(double *t, int n)
{
	qsort(t, (size_t)n, sizeof(t[0]), cmp_double);
}

struct machine *bench_boot_with_dimm(const char *qemu_args, const char *dimm_size)
{
	struct strbuf err = STRBUF_INIT, reply = STRBUF_INIT;
	struct machine_config cfg = { .qemu_args = qemu_args, .cmdline = "" };
	struct machine *m = machine_boot(&cfg, &err);
	char line[96];

	if (m) {
		snprintf(line, sizeof(line), "object_add memory-backend-ram,id=m1,size=%s", dimm_size);
		monitor_command(m, line, &reply);
		monitor_command(m, "device_add pc-dimm,id=d1,memdev=m1", &reply);
	}
	strbuf_release(&err);
	strbuf_release(&reply);
	return m;
}
