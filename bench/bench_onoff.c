/* SPDX-License-Identifier: MIT */
/* bench/bench_onoff.c — median time of online+offline of one free hot-added block. */
#include <stdio.h>

#include "abi/abi.h"
#include "bench.h"
#include "drivers/drivers.h"

int main(void)
{
	struct machine *m = bench_boot_with_dimm("-m 2G,slots=4,maxmem=8G", "1G");
	enum { N = 20000 };
	static double t[N];
	struct abi_stat st;

	if (!m)
		return 1;
	if (abi_resolve(m, "/sys/devices/system/memory/memory33/state", &st))
		return 1;
	for (int i = 0; i < N; i++) {
		double a = bench_now_us();

		if (abi_write(m, st.ino, "online_movable", 14) || abi_write(m, st.ino, "offline", 7))
			return 1;
		t[i] = bench_now_us() - a;
	}
	bench_sort(t, N);
	printf("online+offline of one free block (via the attribute tree): median %.2f us, p99 %.2f us (%d runs)\n",
	       t[N / 2], t[N * 99 / 100], N);
	machine_free(m);
	return 0;
}
