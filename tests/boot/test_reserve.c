/* SPDX-License-Identifier: MIT */
/*
 * tests/boot/test_reserve.c — the boot reservation model (docs/boot-reservations.md)
 * against the oracle: every zone's managed pages of a freshly booted guest equal those of
 * the recorded 6.1 transcript (shared/oracle/calibration/golden and golden/01, 02), and
 * the boot blocks that hold reserved pages are exactly the ones the kernel refuses to
 * offline. The numbers below are copied from those transcripts.
 */
#include "../helpers.h"
#include "hotplug/machine.h"
#include "hotplug/memory.h"

/* The oracle runner's kernel command line before the scenario's own options. */
#define ORACLE_CMDLINE	"console=ttyS0,115200 nokaslr panic=-1"
#define MAX_TEST_NODES	4
#define NR_BOOT_ZONES	4	/* DMA, DMA32, Normal, Movable */

struct managed_case {
	const char *transcript;
	const char *qemu;
	int nr_nodes;
	unsigned long managed[MAX_TEST_NODES][NR_BOOT_ZONES];
};

#define NUMA_BACKENDS_1G(n) \
	"-object memory-backend-ram,id=r" #n ",size=1G "

static const struct managed_case cases[] = {
	{ "boot-1G", "-m 1G,slots=2,maxmem=32G -smp 1", 1, { { 3840, 225520, 0, 0 } } },
	{ "boot-1280M", "-m 1280M,slots=2,maxmem=32G -smp 1", 1, { { 3840, 289648, 0, 0 } } },
	{ "01-boot-defaults", "-m 2G,slots=4,maxmem=8G -smp 1", 1, { { 3840, 483184, 0, 0 } } },
	{ "boot-2560M", "-m 2560M,slots=2,maxmem=32G -smp 1", 1, { { 3840, 611440, 0, 0 } } },
	{ "boot-3584M", "-m 3584M,slots=2,maxmem=32G -smp 1", 1, { { 3840, 754602, 114883, 0 } } },
	{ "02-boot-4g-normal", "-m 4G,slots=4,maxmem=8G -smp 1", 1, { { 3840, 754602, 243907, 0 } } },
	{ "boot-4608M", "-m 4608M,slots=2,maxmem=32G -smp 1", 1, { { 3840, 754602, 371395, 0 } } },
	{ "boot-7G", "-m 7G,slots=2,maxmem=32G -smp 1", 1, { { 3840, 754602, 1016514, 0 } } },
	{ "boot-8G", "-m 8G,slots=2,maxmem=32G -smp 1", 1, { { 3840, 754602, 1274563, 0 } } },
	{ "boot-12G", "-m 12G,slots=2,maxmem=32G -smp 1", 1, { { 3840, 754602, 2303682, 0 } } },
	{ "boot-16G", "-m 16G,slots=2,maxmem=32G -smp 1", 1, { { 3840, 754602, 3335872, 0 } } },
	{ "numa2-1G-1G",
	  "-m 2G,slots=2,maxmem=32G -smp 2 " NUMA_BACKENDS_1G(0) NUMA_BACKENDS_1G(1)
	  "-numa node,nodeid=0,memdev=r0,cpus=0 -numa node,nodeid=1,memdev=r1,cpus=1",
	  2, { { 3840, 242525, 0, 0 }, { 0, 241321, 0, 0 } } },
	{ "numa4-4G",
	  "-m 4G,slots=2,maxmem=32G -smp 4 " NUMA_BACKENDS_1G(0) NUMA_BACKENDS_1G(1)
	  NUMA_BACKENDS_1G(2) NUMA_BACKENDS_1G(3)
	  "-numa node,nodeid=0,memdev=r0,cpus=0 -numa node,nodeid=1,memdev=r1,cpus=1 "
	  "-numa node,nodeid=2,memdev=r2,cpus=2 -numa node,nodeid=3,memdev=r3,cpus=3",
	  4, { { 3840, 242525, 0, 0 }, { 0, 257942, 0, 0 }, { 0, 241526, 0, 0 },
	       { 0, 0, 257734, 0 } } },
};

/* Boot @c with the oracle's command line; every node's DMA..Movable managed must match. */
static void check_managed(const struct managed_case *c)
{
	struct machine *m = boot_qemu(c->qemu, ORACLE_CMDLINE);

	for (int nid = 0; nid < c->nr_nodes; nid++)
		for (int z = 0; z < NR_BOOT_ZONES; z++) {
			unsigned long got = m->pgdat[nid]->node_zones[z].managed_pages;

			if (got != c->managed[nid][z])
				fail_msg("%s: node%d %s managed=%lu, transcript says %lu", c->transcript,
					 nid, zone_names[z], got, c->managed[nid][z]);
		}
	machine_free(m);
}

/*
 * One test per transcript, so a failure names the guest. Expect managed = present minus
 * every page still touched by a boot reservation, e.g. at 4 GiB Normal loses the memmap
 * (32 sections), both hashes and 317 pages of page tables and small allocations.
 */
static void single_node_guests_from_1g_to_16g_match_the_transcripts(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (cases[i].nr_nodes == 1)
			check_managed(&cases[i]);
}

/* With two or more memory nodes the hashes are vmalloc'ed: no hash in any node. */
static void numa_guests_reserve_per_node_and_skip_the_early_hashes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (cases[i].nr_nodes > 1)
			check_managed(&cases[i]);
}

/* Assert that exactly the blocks in @busy (ascending, -1 ended) hold reserved pages. */
static void check_unmovable_blocks(const char *qemu, const long *busy)
{
	struct machine *m = boot_qemu(qemu, ORACLE_CMDLINE);
	struct memory_block *mem;
	uint64_t id = 0;

	while ((mem = idxmap_next(&m->blocks, id, &id))) {
		bool expect = *busy == (long)id;

		if ((memory_block_unmovable_pages(m, mem) > 0) != expect)
			fail_msg("%s: memory%llu nr_unmovable=%lu, expected %s", qemu,
				 (unsigned long long)id, memory_block_unmovable_pages(m, mem), expect ? "> 0" : "0");
		busy += expect;
		id++;
	}
	assert_int_equal(*busy, -1);
	machine_free(m);
}

/*
 *  2 GiB: | memory0: first MiB + image | memory1 .. memory14: free | memory15: top |
 *  Expect swiotlb, hashes, percpu, memmap, NODE_DATA and small stuff all in memory15.
 */
static void two_gib_guest_reserves_only_block_0_and_the_top_block(void **state)
{
	static const long busy[] = { 0, 15, -1 };

	(void)state;
	check_unmovable_blocks("-m 2G,slots=4,maxmem=8G -smp 1", busy);
}

/*
 *  4 GiB: | memory0 | ... | memory23: swiotlb under the initrd | hole | ... | memory39 |
 *  Expect swiotlb to end where the (freed) initrd starts, 0xbfea5000, inside memory23,
 *  and everything else at the top of RAM in memory39.
 */
static void four_gib_guest_reserves_blocks_0_23_and_39(void **state)
{
	static const long busy[] = { 0, 23, 39, -1 };

	(void)state;
	check_unmovable_blocks("-m 4G,slots=4,maxmem=8G -smp 1", busy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(single_node_guests_from_1g_to_16g_match_the_transcripts),
		cmocka_unit_test(numa_guests_reserve_per_node_and_skip_the_early_hashes),
		cmocka_unit_test(two_gib_guest_reserves_only_block_0_and_the_top_block),
		cmocka_unit_test(four_gib_guest_reserves_blocks_0_23_and_39),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
