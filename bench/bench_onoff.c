/* SPDX-License-Identifier: MIT */
/* bench/bench_onoff.c — median time of online+offline of one free hot-added block. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "abi/abi.h"
#include "drivers/drivers.h"
#include "lib/strbuf.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(void)
{
	struct strbuf err = STRBUF_INIT, r = STRBUF_INIT;
	struct machine_config cfg = { .qemu_args = "-m 2G,slots=4,maxmem=8G", .cmdline = "" };
	struct machine *m = machine_boot(&cfg, &err);
	enum { N = 20000 };
	static double t[N];
	struct abi_stat st;

	if (!m)
		return 1;
	monitor_command(m, "object_add memory-backend-ram,id=m1,size=1G", &r);
	monitor_command(m, "device_add pc-dimm,id=d1,memdev=m1", &r);
	if (abi_resolve(m, "/sys/devices/system/memory/memory33/state", &st))
		return 1;
	for (int i = 0; i < N; i++) {
		double a = now_us();

		if (abi_write(m, st.ino, "online_movable", 14) || abi_write(m, st.ino, "offline", 7))
			return 1;
		t[i] = now_us() - a;
	}
	qsort(t, N, sizeof(t[0]), cmp);
	printf("online+offline of one free block (via the attribute tree): median %.2f us, p99 %.2f us (%d runs)\n",
	       t[N / 2], t[N * 99 / 100], N);
	machine_free(m);
	strbuf_release(&err);
	strbuf_release(&r);
	return 0;
}
