/* SPDX-License-Identifier: MIT */
/*
 * tests/stress/test_concurrency.c — the machine lock as the kernel's two hotplug locks
 * serialise it (machine.h): 8 writer threads × 10,000 operations over abi_*() (state
 * writes of every kind, bad input, parameter writes), a monitor thread plugging and
 * ejecting DIMMs, and a reader thread rendering what lsmem reads, all at once.
 *
 *   | node0: memory0-15 | node1: memory16-23, 32-39 | DIMMs plugged/ejected at 40+ |
 *
 * Expect: the invariants hold after every operation (checked under the lock, so on a
 * consistent machine); no reader ever sees a torn file; per boot block, successful
 * online and offline writes alternate (their difference is the change of state); no
 * thread deadlocks (a watchdog ends the run). Seeded: MEMHP_SEED=N.
 */
#include "../invariants.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#define NR_WRITERS	8
#define NR_OPS		10000
#define NR_BOOT_IDS	40	/* block ids 0..39; 24-31 are the PCI hole */
#define M		"/sys/devices/system/memory/"

struct stress {
	struct machine *m;
	unsigned long long seed;
	atomic_int net[NR_BOOT_IDS];		/* successful online writes minus offline writes */
	atomic_bool writers_done;
	atomic_long reads, monitor_ops, writes_ok, plugs_ok;
	pthread_mutex_t err_lock;
	char err[512];				/* first failure, reported by the main thread */
};

static void record_failure(struct stress *s, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&s->err_lock);
	if (!s->err[0]) {
		va_start(ap, fmt);
		vsnprintf(s->err, sizeof(s->err), fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&s->err_lock);
}

/* The machine invariants (invariants.h), checked under the lock: on a consistent machine. */
static void check_now(struct stress *s, const char *after)
{
	struct strbuf why = STRBUF_INIT;

	pthread_mutex_lock(&s->m->lock);
	bool hold = machine_invariants_hold(s->m, &why);

	pthread_mutex_unlock(&s->m->lock);
	if (!hold)
		record_failure(s, "seed %llu: after %s: %s", s->seed, after, why.buf);
	strbuf_release(&why);
}

struct writer {
	struct stress *s;
	int idx;
};

static void writer_op(struct stress *s, unsigned long long *r)
{
	static const char *const values[] = { "online", "online_kernel", "online_movable", "offline",
					      "offline", "online\n", "bogus", "" };
	static const char *const params[][2] = {
		{ M "auto_online_blocks", "online_movable" }, { M "auto_online_blocks", "offline" },
		{ "/sys/module/memory_hotplug/parameters/auto_movable_ratio", "0x10" },
		{ "/sys/module/memory_hotplug/parameters/online_policy", "contig-zones" },
	};
	char path[96];
	unsigned int op = test_rand(r) % 20;

	if (op == 0) {
		const char *const *p = params[test_rand(r) % 4];

		write_str(s->m, p[0], p[1]);
		check_now(s, p[0]);
		return;
	}
	unsigned int id = op < 17 ? test_rand(r) % NR_BOOT_IDS : 40 + test_rand(r) % 16;
	const char *v = values[test_rand(r) % 8];

	snprintf(path, sizeof(path), M "memory%u/state", id);
	int ret = write_str(s->m, path, v);

	if (!ret)
		atomic_fetch_add(&s->writes_ok, 1);
	if (!ret && id < NR_BOOT_IDS)
		atomic_fetch_add(&s->net[id], strncmp(v, "online", 6) ? -1 : 1);
	if (!ret && (!strcmp(v, "bogus") || !*v))
		record_failure(s, "seed %llu: '%s' accepted by %s", s->seed, v, path);
	check_now(s, path);
}

static void *writer(void *arg)
{
	struct writer *w = arg;
	unsigned long long r = w->s->seed * 1000 + (unsigned long long)w->idx;

	for (int i = 0; i < NR_OPS && !w->s->err[0]; i++)
		writer_op(w->s, &r);
	return NULL;
}

/* What lsmem reads, over and over: every file must be one whole, legal value. */
static void *reader(void *arg)
{
	struct stress *s = arg;
	char path[96];

	while (!atomic_load(&s->writers_done) && !s->err[0]) {
		for (int id = 0; id < 56; id++) {
			struct strbuf sb = STRBUF_INIT;

			snprintf(path, sizeof(path), M "memory%d/state", id);
			if (!abi_read_path(s->m, path, &sb) && strcmp(sb.buf, "online\n") && strcmp(sb.buf, "offline\n"))
				record_failure(s, "torn read of %s: '%s'", path, sb.buf);
			strbuf_reset(&sb);
			snprintf(path, sizeof(path), M "memory%d/valid_zones", id);
			if (!abi_read_path(s->m, path, &sb) &&
			    (sb.len < 2 || sb.buf[sb.len - 1] != '\n' || strspn(sb.buf, "DMA32NormalMovablenone \n") != sb.len))
				record_failure(s, "odd read of %s: '%s'", path, sb.buf);
			strbuf_release(&sb);
			atomic_fetch_add(&s->reads, 2);
		}
		free(snapshot_of(s->m));
	}
	return NULL;
}

/* A monitor plugging DIMMs (at most two at a time) and ejecting the oldest, meanwhile. */
static void *monitor_thread(void *arg)
{
	struct stress *s = arg;
	int plugged[2], nr = 0;
	char line[128];

	for (int i = 0; !atomic_load(&s->writers_done) && !s->err[0]; i++) {
		struct strbuf reply = STRBUF_INIT;

		if (nr < 2) {
			snprintf(line, sizeof(line), "object_add memory-backend-ram,id=m%d,size=512M", i);
			monitor_command(s->m, line, &reply);
			snprintf(line, sizeof(line), "device_add pc-dimm,id=d%d,memdev=m%d", i, i);
			if (!monitor_command(s->m, line, &reply)) {
				plugged[nr++] = i;
				atomic_fetch_add(&s->plugs_ok, 1);
			}
		} else {
			snprintf(line, sizeof(line), "device_del d%d", plugged[0]);
			if (!monitor_command(s->m, line, &reply)) {
				snprintf(line, sizeof(line), "object_del m%d", plugged[0]);
				monitor_command(s->m, line, &reply);
				plugged[0] = plugged[1];
				nr--;
			}
		}
		strbuf_release(&reply);
		atomic_fetch_add(&s->monitor_ops, 1);
		check_now(s, "a monitor command");
		usleep(100);
	}
	return NULL;
}

static bool block_online(struct machine *m, int id)
{
	char path[64], *v;

	snprintf(path, sizeof(path), M "memory%d/state", id);
	struct strbuf sb = STRBUF_INIT;

	if (abi_read_path(m, path, &sb)) {
		strbuf_release(&sb);
		return false;
	}
	v = sb.buf;
	bool on = !strcmp(v, "online\n");

	strbuf_release(&sb);
	return on;
}

static void eight_writers_a_monitor_and_a_reader_keep_the_machine_consistent(void **state)
{
	const char *env = getenv("MEMHP_SEED");
	struct stress *s = calloc(1, sizeof(*s));
	pthread_t w[NR_WRITERS], rd, mon;
	struct writer wa[NR_WRITERS];
	bool initially[NR_BOOT_IDS];

	(void)state;
	s->seed = env ? strtoull(env, NULL, 0) : 1;
	pthread_mutex_init(&s->err_lock, NULL);
	s->m = boot_qemu("-m 4G,slots=4,maxmem=32G -smp 2 -object memory-backend-ram,id=r0,size=2G "
			 "-object memory-backend-ram,id=r1,size=2G -numa node,nodeid=0,memdev=r0,cpus=0 "
			 "-numa node,nodeid=1,memdev=r1,cpus=1", "");
	for (int id = 0; id < NR_BOOT_IDS; id++)
		initially[id] = block_online(s->m, id);
	alarm(600);	/* a deadlock ends the run instead of hanging make check */
	pthread_create(&rd, NULL, reader, s);
	pthread_create(&mon, NULL, monitor_thread, s);
	for (int i = 0; i < NR_WRITERS; i++) {
		wa[i] = (struct writer){ s, i };
		pthread_create(&w[i], NULL, writer, &wa[i]);
	}
	for (int i = 0; i < NR_WRITERS; i++)
		pthread_join(w[i], NULL);
	atomic_store(&s->writers_done, true);
	pthread_join(rd, NULL);
	pthread_join(mon, NULL);
	alarm(0);
	if (s->err[0])
		fail_msg("%s (MEMHP_SEED=%llu)", s->err, s->seed);
	check_now(s, "the run");
	for (int id = 0; id < NR_BOOT_IDS; id++) {
		int net = atomic_load(&s->net[id]);

		if (net < -1 || net > 1 || (int)block_online(s->m, id) != (int)initially[id] + net)
			fail_msg("memory%d: %d net successful online writes, online %d -> %d (MEMHP_SEED=%llu)",
				 id, net, initially[id], block_online(s->m, id), s->seed);
	}
	if (s->err[0])
		fail_msg("%s", s->err);
	if (getenv("MEMHP_STRESS_VERBOSE"))
		fprintf(stderr, "%d writers x %d ops: %ld writes succeeded, %ld reads, %ld monitor commands, %ld DIMMs plugged\n",
			NR_WRITERS, NR_OPS, atomic_load(&s->writes_ok), atomic_load(&s->reads),
			atomic_load(&s->monitor_ops), atomic_load(&s->plugs_ok));
	assert_true(atomic_load(&s->reads) > 0);
	assert_true(atomic_load(&s->monitor_ops) > 0);
	machine_free(s->m);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(eight_writers_a_monitor_and_a_reader_keep_the_machine_consistent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
