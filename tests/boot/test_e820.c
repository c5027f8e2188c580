/* SPDX-License-Identifier: MIT */
/*
 * tests/boot/test_e820.c — the kernel's early e820 edits (boot/e820.c): memmap= forms,
 * mem=, sanitising, and what a Soft Reserved range becomes at boot (spec 50 §1, §2).
 */
#include "../helpers.h"
#include "boot/e820.h"
#include "hotplug/machine.h"

static struct e820_table qemu_4g(void)
{
	struct e820_table t = { NULL, 0 };

	e820_range_add(&t, 0, 0x9fc00, E820_TYPE_RAM);
	e820_range_add(&t, 0x100000, 0xbfee0000, E820_TYPE_RAM);
	e820_range_add(&t, 0x100000000ULL, 1ULL << 30, E820_TYPE_RAM);
	return t;
}

/*  | RAM 0-0x9fbff | RAM 1M-0xbffdffff | RAM 4G-5G |
 *  memmap=1G%0x100000000-1+0xefffffff
 *  Expect the 4G entry retyped Soft Reserved, the update and the user map logged. */
static void memmap_percent_retypes_usable_to_soft_reserved_and_logs_the_user_map(void **state)
{
	(void)state;
	struct e820_table t = qemu_4g();
	struct strbuf log = STRBUF_INIT;

	assert_true(e820_apply_cmdline(&t, "quiet memmap=1G%0x100000000-1+0xefffffff", &log));
	assert_int_equal(t.nr_entries, 3);
	assert_int_equal(t.entries[2].type, E820_TYPE_SOFT_RESERVED);
	assert_int_equal(t.entries[2].addr, 0x100000000ULL);
	assert_non_null(strstr(log.buf, "e820: update [mem 0x100000000-0x13fffffff] usable ==> soft reserved\n"));
	assert_non_null(strstr(log.buf, "user-defined physical RAM map:\n"));
	assert_non_null(strstr(log.buf, "user: [mem 0x0000000100000000-0x000000013fffffff] soft reserved\n"));
	strbuf_release(&log);
	e820_table_release(&t);
}

/* A retype of the middle of an entry splits it in three; sanitising keeps them apart. */
static void memmap_percent_inside_an_entry_splits_it(void **state)
{
	(void)state;
	struct e820_table t = qemu_4g();
	struct strbuf log = STRBUF_INIT;

	e820_apply_cmdline(&t, "memmap=256M%0x110000000-1+0xefffffff", &log);
	assert_int_equal(t.nr_entries, 5);
	assert_int_equal(t.entries[2].addr, 0x100000000ULL);
	assert_int_equal(t.entries[2].size, 256ULL << 20);
	assert_int_equal(t.entries[3].type, E820_TYPE_SOFT_RESERVED);
	assert_int_equal(t.entries[4].addr, 0x120000000ULL);
	assert_int_equal(t.entries[4].type, E820_TYPE_RAM);
	strbuf_release(&log);
	e820_table_release(&t);
}

/* mem=2G cuts RAM above 2 GiB; a malformed memmap= item changes nothing and is skipped. */
static void mem_limit_cuts_ram_and_bad_memmap_items_are_skipped(void **state)
{
	(void)state;
	struct e820_table t = qemu_4g();
	struct strbuf log = STRBUF_INIT;

	assert_true(e820_apply_cmdline(&t, "memmap=junk mem=2G", &log));
	assert_int_equal(t.nr_entries, 2);
	assert_int_equal(t.entries[1].addr + t.entries[1].size, 2ULL << 30);
	strbuf_reset(&log);
	struct e820_table u = qemu_4g();

	assert_false(e820_apply_cmdline(&u, "memmap=junk", &log));
	assert_int_equal(u.nr_entries, 3);
	assert_int_equal(log.len, 0);
	strbuf_release(&log);
	e820_table_release(&t);
	e820_table_release(&u);
}

/* Overlapping entries: the higher type wins; same-type neighbours merge. */
static void sanitising_prefers_the_higher_type_and_merges_neighbours(void **state)
{
	(void)state;
	struct e820_table t = { NULL, 0 };

	e820_range_add(&t, 0x2000, 0x1000, E820_TYPE_RAM);
	e820_range_add(&t, 0x0, 0x2000, E820_TYPE_RAM);
	e820_range_add(&t, 0x1000, 0x1000, E820_TYPE_RESERVED);
	e820_update_table(&t);
	assert_int_equal(t.nr_entries, 3);
	assert_int_equal(t.entries[0].size, 0x1000);
	assert_int_equal(t.entries[1].type, E820_TYPE_RESERVED);
	assert_int_equal(t.entries[2].addr, 0x2000);
	e820_table_release(&t);
}

/*  A 4 GiB guest with its RAM above 4 GiB made Soft Reserved.
 *  Expect MemTotal from the 3 GiB below 4 GiB only, no memory blocks at 4 GiB, and the
 *  range in /proc/iomem as "Soft Reserved" (not busy: a driver may claim it). */
static void soft_reserved_at_boot_is_not_system_ram(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 4G,slots=2,maxmem=8G", "memmap=1G%0x100000000-1+0xefffffff");
	char *iomem = read_str(m, "/proc/iomem");

	assert_null(find_memory_block_by_id(m, 32));
	assert_non_null(find_memory_block_by_id(m, 23));
	assert_int_equal(m->pgdat[0]->node_zones[ZONE_NORMAL].spanned_pages, 0);
	assert_non_null(strstr(iomem, "100000000-13fffffff : Soft Reserved\n"));
	assert_null(strstr(iomem, "100000000-13fffffff : System RAM\n"));
	free(iomem);
	machine_free(m);
}

/* efi=nosoftreserve does not undo a type the user wrote with memmap= (it acts on EFI_MEMORY_SP). */
static void nosoftreserve_leaves_a_user_memmap_type_alone(void **state)
{
	(void)state;
	struct machine *m = boot_qemu("-m 4G,slots=2,maxmem=8G",
				      "efi=nosoftreserve memmap=1G%0x100000000-1+0xefffffff");

	assert_null(find_memory_block_by_id(m, 32));
	machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(memmap_percent_retypes_usable_to_soft_reserved_and_logs_the_user_map),
		cmocka_unit_test(memmap_percent_inside_an_entry_splits_it),
		cmocka_unit_test(mem_limit_cuts_ram_and_bad_memmap_items_are_skipped),
		cmocka_unit_test(sanitising_prefers_the_higher_type_and_merges_neighbours),
		cmocka_unit_test(soft_reserved_at_boot_is_not_system_ram),
		cmocka_unit_test(nosoftreserve_leaves_a_user_memmap_type_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
