/* SPDX-License-Identifier: MIT */
/* tests/lib/test_parse.c — the kernel's parsers: kstrto*, kstrtobool, sysfs_streq, memparse. */
#include <errno.h>
#include "../helpers.h"
#include "lib/parse.h"

static void kstrtoull_takes_base_prefixes_and_one_newline(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(kstrtoull("0x10\n", &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(kstrtoull("010", &v), 0);
	assert_int_equal(v, 8);
	assert_int_equal(kstrtoull("301", &v), 0);
	assert_int_equal(v, 301);
	assert_int_equal(kstrtoull("1\n\n", &v), -EINVAL);
	assert_int_equal(kstrtoull("-1", &v), -EINVAL);
	assert_int_equal(kstrtoull("", &v), -EINVAL);
	assert_int_equal(kstrtoull("99999999999999999999", &v), -ERANGE);
}

static void kstrtouint_overflow_is_erange(void **state)
{
	unsigned int v;

	(void)state;
	assert_int_equal(kstrtouint("4294967296", &v), -ERANGE);
	assert_int_equal(kstrtouint("4294967295", &v), 0);
}

static void kstrtobool_reads_only_the_first_characters(void **state)
{
	bool b;

	(void)state;
	assert_int_equal(kstrtobool("yes please", &b), 0);
	assert_true(b);
	assert_int_equal(kstrtobool("N", &b), 0);
	assert_false(b);
	assert_int_equal(kstrtobool("on", &b), 0);
	assert_true(b);
	assert_int_equal(kstrtobool("of", &b), 0);
	assert_false(b);
	assert_int_equal(kstrtobool("o", &b), -EINVAL);
	assert_int_equal(kstrtobool("2", &b), -EINVAL);
	assert_int_equal(kstrtobool("", &b), -EINVAL);
}

static void sysfs_streq_allows_exactly_one_trailing_newline(void **state)
{
	(void)state;
	assert_true(sysfs_streq("online\n", "online"));
	assert_true(sysfs_streq("online", "online"));
	assert_false(sysfs_streq("online\n\n", "online"));
	assert_false(sysfs_streq(" online", "online"));
	assert_false(sysfs_streq("ONLINE", "online"));
	assert_false(sysfs_streq("", "online"));
}

/*  Expect the index of the entry sysfs_streq() matches ("online\n" is "online"), and -EINVAL
 *  for no match, a prefix of an entry, or an entry past a NULL or past @n. */
static void sysfs_match_string_returns_the_index_or_einval(void **state)
{
	static const char *const words[] = { "offline", "online", NULL, "hidden" };

	(void)state;
	assert_int_equal(sysfs_match_string(words, 4, "online\n"), 1);
	assert_int_equal(sysfs_match_string(words, 4, "offline"), 0);
	assert_int_equal(sysfs_match_string(words, 4, "onl"), -EINVAL);
	assert_int_equal(sysfs_match_string(words, 4, "hidden"), -EINVAL);
	assert_int_equal(sysfs_match_string(words, 1, "online"), -EINVAL);
}

/*  Expect the action's index for its exact word, alone or before a newline or arguments,
 *  and -EINVAL for anything else (a longer word, a prefix, nothing). */
static void kobject_action_type_takes_whole_action_words(void **state)
{
	(void)state;
	assert_int_equal(kobject_action_type("add"), 0);
	assert_int_equal(kobject_action_type("change\n"), 2);
	assert_int_equal(kobject_action_type("add 7f2bcd3a-0000-4000-8000-000000000000 A=1"), 0);
	assert_int_equal(kobject_action_type("unbind"), 7);
	assert_int_equal(kobject_action_type("changed"), -EINVAL);
	assert_int_equal(kobject_action_type("chan"), -EINVAL);
	assert_int_equal(kobject_action_type("\n"), -EINVAL);
	assert_int_equal(kobject_action_type(""), -EINVAL);
}

static void memparse_takes_binary_suffixes(void **state)
{
	const char *end;

	(void)state;
	assert_int_equal(memparse("512M", &end), 512ULL << 20);
	assert_int_equal(*end, '\0');
	assert_int_equal(memparse("3g", &end), 3ULL << 30);
	assert_int_equal(memparse("20%", &end), 20);
	assert_int_equal(*end, '%');
}

static void qemu_sizes_default_to_mib_for_m_and_bytes_for_objects(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(qemu_strtosz("2048", 20, &v), 0);
	assert_int_equal(v, 2048ULL << 20);
	assert_int_equal(qemu_strtosz("1G", 0, &v), 0);
	assert_int_equal(v, 1ULL << 30);
	assert_int_equal(qemu_strtosz("1X", 0, &v), -EINVAL);
	assert_int_equal(qemu_strtosz("", 0, &v), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kstrtoull_takes_base_prefixes_and_one_newline),
		cmocka_unit_test(kstrtouint_overflow_is_erange),
		cmocka_unit_test(kstrtobool_reads_only_the_first_characters),
		cmocka_unit_test(sysfs_streq_allows_exactly_one_trailing_newline),
		cmocka_unit_test(sysfs_match_string_returns_the_index_or_einval),
		cmocka_unit_test(kobject_action_type_takes_whole_action_words),
		cmocka_unit_test(memparse_takes_binary_suffixes),
		cmocka_unit_test(qemu_sizes_default_to_mib_for_m_and_bytes_for_objects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
