/* SPDX-License-Identifier: MIT */
/*
 * bench/bench.h — what the benchmark programs share: a monotonic clock in microseconds, the
 * median and p99 of a run's samples, and a booted machine with one hot-added DIMM.
 */
#ifndef MEMHP_BENCH_BENCH_H
#define MEMHP_BENCH_BENCH_H

struct machine;

/* Monotonic time in microseconds (an origin of no meaning: subtract two readings). */
double bench_now_us(void);

/* Sort @t[0, @n) ascending, so that its median is t[n / 2] and its p99 t[n * 99 / 100]. */
void bench_sort(double *t, int n);

/*
 * Boot QEMU @qemu_args with an empty kernel command line, then hot-add a pc-dimm backed by
 * @dimm_size (a QEMU size, "1G") through the monitor, as id=d1 on memdev=m1. Returns the
 * machine (the caller frees it with machine_free()), or NULL when the boot failed.
 */
struct machine *bench_boot_with_dimm(const char *qemu_args, const char *dimm_size);

#endif
