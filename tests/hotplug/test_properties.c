/* SPDX-License-Identifier: MIT */
/*
 * tests/hotplug/test_properties.c — random operation sequences on small machines with
 * invariants checked after every step:
 *   per zone   managed <= present <= spanned;  per node  present == sum of its zones;
 *   every online block lies inside its zone's span, on its node;
 *   per zone   free + allocated == managed (mm_pages_check);
 *   a failed write leaves the snapshot byte-identical.
 * Seeded: MEMHP_SEED=N replays one failing sequence; the seed is printed on failure.
 */
#include "../invariants.h"

#define M "/sys/devices/system/memory/"

static unsigned long long rng;

static unsigned int next_rand(void)
{
	return test_rand(&rng);
}

/* The machine invariants (invariants.h), then the page allocator's own (mm_pages_check). */
static void check_invariants(struct machine *m, unsigned long long seed, int step)
{
	struct strbuf why = STRBUF_INIT;

	if (!machine_invariants_hold(m, &why))
		fail_msg("seed %llu step %d: %s", seed, step, why.buf);
	if (mm_pages_check(&m->pages, &why))
		fail_msg("seed %llu step %d: page allocator: %s", seed, step, why.buf);
	strbuf_release(&why);
}

static void random_step(struct machine *m, int *dimms, unsigned long long seed, int step)
{
	static const char *const types[] = { "online", "online_kernel", "online_movable", "offline",
					     "bogus", "online\n\n" };
	char path[128], line[128];
	unsigned int r = next_rand() % 10;

	if (r < 7) {
		int block = (int)(next_rand() % 48);

		snprintf(path, sizeof(path), M "memory%d/%s", block, next_rand() % 5 ? "state" : "online");
		const char *v = strstr(path, "/online") ? (next_rand() % 2 ? "1" : "0") : types[next_rand() % 6];
		struct abi_stat st;

		if (abi_resolve(m, path, &st))
			return;
		char *before = snapshot_of(m);
		int ret = write_str(m, path, v);
		char *after = snapshot_of(m);

		if (ret && strcmp(before, after))
			fail_msg("seed %llu step %d: failed write %s <- %s (%d) changed the machine", seed, step, path, v, ret);
		free(before);
		free(after);
	} else if (r < 9 && *dimms < 4) {
		struct strbuf reply = STRBUF_INIT;

		snprintf(line, sizeof(line), "object_add memory-backend-ram,id=m%d,size=%uM", *dimms,
			 128 * (1 + next_rand() % 4));
		monitor_command(m, line, &reply);
		snprintf(line, sizeof(line), "device_add pc-dimm,id=d%d,memdev=m%d", *dimms, *dimms);
		monitor_command(m, line, &reply);
		(*dimms)++;
		strbuf_release(&reply);
	} else if (*dimms) {
		struct strbuf reply = STRBUF_INIT;

		snprintf(line, sizeof(line), "device_del d%u", next_rand() % (unsigned int)*dimms);
		monitor_command(m, line, &reply);
		strbuf_release(&reply);
	}
	(void)seed;
}

static void random_sequences_keep_the_invariants(void **state)
{
	const char *env = getenv("MEMHP_SEED");
	unsigned long long first = env ? strtoull(env, NULL, 0) : 1, n = env ? 1 : 200;
	static const char *const cmdlines[] = { "", "memhp_default_state=online", "movable_node",
		"memory_hotplug.online_policy=auto-movable memory_hotplug.auto_movable_ratio=50" };

	(void)state;
	for (unsigned long long seed = first; seed < first + n; seed++) {
		rng = seed;
		struct machine *m = boot_qemu("-m 2G,slots=4,maxmem=8G", cmdlines[seed % 4]);
		int dimms = 0;

		for (int step = 0; step < 40; step++) {
			random_step(m, &dimms, seed, step);
			check_invariants(m, seed, step);
		}
		machine_free(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_sequences_keep_the_invariants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
