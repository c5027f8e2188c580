/* SPDX-License-Identifier: MIT */
/*
 * tests/abi/test_attrs.c — every errno case of every writable attribute (spec 10),
 * each checked to leave the whole snapshot byte-identical.
 * Machine: 2 GiB guest (memory0-15 online, memory0 DMA+DMA32) with a 512 MiB DIMM
 * hot-added offline at 4 GiB (memory32-35).
 */
#include <errno.h>
#include "../helpers.h"

#define M "/sys/devices/system/memory/"
#define P "/sys/module/memory_hotplug/parameters/"

static int setup(void **state)
{
	struct machine *m = boot_qemu("-m 2G,slots=4,maxmem=8G", "");

	monitor(m, "object_add memory-backend-ram,id=m1,size=512M");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	*state = m;
	return 0;
}

static int teardown(void **state)
{
	machine_free(*state);
	return 0;
}

static void state_rejects_unknown_words_with_einval(void **state)
{
	struct machine *m = *state;
	static const char *const bad[] = { "foo\n", "ONLINE\n", "\n", "", " online", "online\n\n",
					   "online-movable", "Online", NULL };

	for (int i = 0; bad[i]; i++)
		assert_write_fails_unchanged(m, M "memory32/state", bad[i], -EINVAL);
}

static void offline_of_an_offline_block_is_einval(void **state)
{
	assert_write_fails_unchanged(*state, M "memory32/state", "offline\n", -EINVAL);
}

static void online_of_an_online_block_is_einval_for_every_type(void **state)
{
	struct machine *m = *state;

	assert_int_equal(write_str(m, M "memory32/state", "online_movable"), 0);
	assert_write_fails_unchanged(m, M "memory32/state", "online\n", -EINVAL);
	assert_write_fails_unchanged(m, M "memory32/state", "online_movable\n", -EINVAL);
	assert_write_fails_unchanged(m, M "memory32/state", "online_kernel\n", -EINVAL);
	assert_write_fails_unchanged(m, M "memory1/state", "online\n", -EINVAL);
}

/*  memory0 spans DMA and DMA32: valid_zones "none", offline EINVAL. */
static void multi_zone_boot_block_cannot_go_offline(void **state)
{
	struct machine *m = *state;

	assert_file_reads(m, M "memory0/valid_zones", "none\n");
	assert_write_fails_unchanged(m, M "memory0/state", "offline\n", -EINVAL);
}

/* memory15 ends at the e820 hole 0x7ffe0000: offline fails with EINVAL (memory holes). */
static void boot_block_with_a_hole_cannot_go_offline(void **state)
{
	assert_write_fails_unchanged(*state, M "memory15/state", "offline\n", -EINVAL);
}

static void online_attribute_accepts_bools_and_succeeds_on_no_change(void **state)
{
	struct machine *m = *state;

	assert_write_fails_unchanged(m, M "memory33/online", "2\n", -EINVAL);
	assert_write_fails_unchanged(m, M "memory33/online", "\n", -EINVAL);
	assert_int_equal(write_str(m, M "memory33/online", "0\n"), 0);	/* already offline */
	assert_int_equal(write_str(m, M "memory33/online", "1\n"), 0);
	assert_file_reads(m, M "memory33/state", "online\n");
	assert_int_equal(write_str(m, M "memory33/online", "1\n"), 0);	/* already online */
}

/* The first block onlined into an empty Normal zone takes kernel allocations: EBUSY. */
static void first_block_of_an_empty_kernel_zone_is_ebusy_to_offline(void **state)
{
	struct machine *m = *state;

	assert_int_equal(write_str(m, M "memory34/state", "online_kernel"), 0);
	assert_write_fails_unchanged(m, M "memory34/state", "offline\n", -EBUSY);
	assert_write_fails_unchanged(m, M "memory34/online", "0\n", -EBUSY);
}

static void read_only_files_refuse_writes_with_eacces(void **state)
{
	struct machine *m = *state;

	assert_write_fails_unchanged(m, M "block_size_bytes", "0\n", -EACCES);
	assert_write_fails_unchanged(m, M "memory32/phys_index", "5\n", -EACCES);
	assert_write_fails_unchanged(m, M "memory32/valid_zones", "Normal\n", -EACCES);
	assert_write_fails_unchanged(m, M "memory32/removable", "1\n", -EACCES);
	assert_write_fails_unchanged(m, M "memory32/phys_device", "1\n", -EACCES);
	assert_write_fails_unchanged(m, P "memmap_on_memory", "1\n", -EACCES);
}

static void probe_is_absent_on_the_debian_config(void **state)
{
	struct abi_stat st;

	assert_int_equal(abi_resolve(*state, M "probe", &st), -ENOENT);
	assert_int_equal(abi_resolve(*state, M "memory99", &st), -ENOENT);
	assert_int_equal(abi_resolve(*state, M "memory032", &st), -ENOENT);
}

static void auto_online_blocks_takes_the_four_words_only(void **state)
{
	struct machine *m = *state;

	assert_write_fails_unchanged(m, M "auto_online_blocks", "bogus\n", -EINVAL);
	assert_write_fails_unchanged(m, M "auto_online_blocks", "Online\n", -EINVAL);
	assert_write_fails_unchanged(m, M "auto_online_blocks", "online-movable\n", -EINVAL);
	assert_int_equal(write_str(m, M "auto_online_blocks", "online_movable\n"), 0);
	assert_file_reads(m, M "auto_online_blocks", "online_movable\n");
}

static void module_parameters_parse_like_the_kernel(void **state)
{
	struct machine *m = *state;

	assert_write_fails_unchanged(m, P "online_policy", "contig-zone\n", -EINVAL);
	assert_write_fails_unchanged(m, P "auto_movable_ratio", "-1\n", -EINVAL);
	assert_write_fails_unchanged(m, P "auto_movable_ratio", "4294967296\n", -ERANGE);
	assert_write_fails_unchanged(m, P "auto_movable_numa_aware", "x\n", -EINVAL);
	assert_int_equal(write_str(m, P "auto_movable_ratio", "0x10\n"), 0);
	assert_file_reads(m, P "auto_movable_ratio", "16\n");
	assert_int_equal(write_str(m, P "auto_movable_numa_aware", "N\n"), 0);
	assert_int_equal(write_str(m, P "online_policy", "auto-movable"), 0);
}

static void chmem_and_daxctl_write_forms_are_one_store(void **state)
{
	struct machine *m = *state;

	assert_int_equal(abi_write_path(m, M "memory35/state", "online_movable\0", 15), 0);
	assert_int_equal(abi_write_path(m, M "memory35/state", "offline", 7), 0);
	assert_file_reads(m, M "memory35/state", "offline\n");
}

static void uevent_takes_kobject_actions_only(void **state)
{
	struct machine *m = *state;

	assert_write_fails_unchanged(m, M "memory32/uevent", "explode\n", -EINVAL);
	assert_write_fails_unchanged(m, M "uevent", "\n", -EINVAL);
	assert_int_equal(write_str(m, M "memory32/uevent", "change\n"), 0);
	assert_int_equal(write_str(m, M "uevent", "add"), 0);
}

static void drop_caches_takes_one_to_four(void **state)
{
	struct machine *m = *state;
	struct strbuf sb = STRBUF_INIT;

	assert_write_fails_unchanged(m, "/proc/sys/vm/drop_caches", "0\n", -EINVAL);
	assert_write_fails_unchanged(m, "/proc/sys/vm/drop_caches", "5\n", -EINVAL);
	assert_write_fails_unchanged(m, "/proc/sys/vm/drop_caches", "x\n", -EINVAL);
	assert_int_equal(write_str(m, "/proc/sys/vm/drop_caches", "3\n"), 0);
	assert_int_equal(abi_read_path(m, "/proc/sys/vm/drop_caches", &sb), -EACCES);
	strbuf_release(&sb);
}

/* hwpoison injection is not modelled: bad input and offline pages still get the kernel's errno. */
static void offline_page_files_check_their_input(void **state)
{
	struct machine *m = *state;
	struct strbuf sb = STRBUF_INIT;

	assert_write_fails_unchanged(m, M "soft_offline_page", "nope\n", -EINVAL);
	assert_write_fails_unchanged(m, M "hard_offline_page", "0x100000000\n", -EIO);
	assert_int_equal(abi_read_path(m, M "soft_offline_page", &sb), -EACCES);
	strbuf_release(&sb);
}

/*  CONFIG_ARCH_MEMORY_PROBE=y: probe takes a physical address and adds one block there.
 *  | memory0-15 (boot) | ... | 4G: DIMM memory32-35 |  Expect parse and alignment errors to
 *  be EINVAL, existing memory EEXIST, out of range E2BIG, and 0x140000000 to add memory40. */
static void probe_adds_one_block_with_the_kernel_errnos(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct machine_config cfg = { .qemu_args = "-m 2G,slots=4,maxmem=8G", .cmdline = "",
				      .config = { "ARCH_MEMORY_PROBE=y" }, .nr_config = 1 };
	struct machine *m = machine_boot(&cfg, &err);
	struct abi_stat st;

	assert_non_null(m);
	assert_write_fails_unchanged(m, M "probe", "banana\n", -EINVAL);
	assert_write_fails_unchanged(m, M "probe", "0x100001000\n", -EINVAL);
	assert_write_fails_unchanged(m, M "probe", "0x8000000\n", -EEXIST);
	assert_write_fails_unchanged(m, M "probe", "0x400000000000\n", -E2BIG);
	assert_write_fails_unchanged(m, M "probe", "99999999999999999999999\n", -ERANGE);
	assert_int_equal(write_str(m, M "probe", "0x140000000\n"), 0);
	assert_int_equal(abi_resolve(m, M "memory40", &st), 0);
	assert_file_reads(m, M "memory40/state", "offline\n");
	machine_free(m);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(state_rejects_unknown_words_with_einval, setup, teardown),
		cmocka_unit_test_setup_teardown(offline_of_an_offline_block_is_einval, setup, teardown),
		cmocka_unit_test_setup_teardown(online_of_an_online_block_is_einval_for_every_type, setup, teardown),
		cmocka_unit_test_setup_teardown(multi_zone_boot_block_cannot_go_offline, setup, teardown),
		cmocka_unit_test_setup_teardown(boot_block_with_a_hole_cannot_go_offline, setup, teardown),
		cmocka_unit_test_setup_teardown(online_attribute_accepts_bools_and_succeeds_on_no_change, setup, teardown),
		cmocka_unit_test_setup_teardown(first_block_of_an_empty_kernel_zone_is_ebusy_to_offline, setup, teardown),
		cmocka_unit_test_setup_teardown(read_only_files_refuse_writes_with_eacces, setup, teardown),
		cmocka_unit_test_setup_teardown(probe_is_absent_on_the_debian_config, setup, teardown),
		cmocka_unit_test_setup_teardown(auto_online_blocks_takes_the_four_words_only, setup, teardown),
		cmocka_unit_test_setup_teardown(module_parameters_parse_like_the_kernel, setup, teardown),
		cmocka_unit_test_setup_teardown(chmem_and_daxctl_write_forms_are_one_store, setup, teardown),
		cmocka_unit_test_setup_teardown(uevent_takes_kobject_actions_only, setup, teardown),
		cmocka_unit_test_setup_teardown(drop_caches_takes_one_to_four, setup, teardown),
		cmocka_unit_test_setup_teardown(offline_page_files_check_their_input, setup, teardown),
		cmocka_unit_test(probe_adds_one_block_with_the_kernel_errnos),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
