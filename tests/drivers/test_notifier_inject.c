/* SPDX-License-Identifier: MIT */
/*
 * tests/drivers/test_notifier_inject.c — memory-notifier-error-inject as Linux 6.1 has it:
 * the module and its dependency, the debugfs errno files (mode 0600, "%lld\n", signed
 * kstrtoll clamped to -4095..0), and the veto: a failed online or offline returns the
 * injected errno, logs the kernel's line and leaves the machine exactly as it was
 * (spec 40 §1 step 3, §2 step 6).
 */
#include "../helpers.h"
#include "hotplug/machine.h"

#define M "/sys/devices/system/memory/"
#define INJ "/sys/kernel/debug/notifier-error-inject/memory/actions/"
#define ON INJ "MEM_GOING_ONLINE/error"
#define OFF INJ "MEM_GOING_OFFLINE/error"

static struct machine *boot_with_dimm(void)
{
	struct machine *m = boot_qemu("-m 2G,slots=4,maxmem=8G", "");

	monitor(m, "object_add memory-backend-ram,id=m1,size=512M");
	monitor(m, "device_add pc-dimm,id=d1,memdev=m1");
	return m;
}

static int modprobe(struct machine *m, const char *line, const char *want_reply)
{
	struct strbuf r = STRBUF_INIT;
	int ret = module_request(m, line, &r);

	assert_string_equal(r.buf, want_reply);
	strbuf_release(&r);
	return ret;
}

static char *take_kmsg(struct machine *m)
{
	return read_str(m, "/.memhp/kmsg");
}

/* Loading creates the files (error 0); unloading removes them and the dependency. */
static void module_creates_and_removes_debugfs_files(void **state)
{
	(void)state;
	struct machine *m = boot_with_dimm();
	struct abi_stat st;
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(abi_read_path(m, INJ, &sb), -ENOENT);
	assert_int_equal(modprobe(m, "memory-notifier-error-inject priority=0", ""), 0);
	assert_true(module_is_loaded(m, "notifier-error-inject"));
	assert_file_reads(m, ON, "0\n");
	assert_file_reads(m, OFF, "0\n");
	assert_int_equal(abi_resolve(m, ON, &st), 0);
	assert_int_equal(st.mode, 0600);
	assert_int_equal(st.size, 0);
	/* the dependency is in use while the memory injector is loaded */
	assert_int_equal(modprobe(m, "-r notifier_error_inject",
				  "modprobe: FATAL: Module notifier_error_inject is in use.\n"), -EBUSY);
	assert_int_equal(modprobe(m, "-r memory_notifier_error_inject", ""), 0);
	assert_false(module_is_loaded(m, "notifier_error_inject"));
	assert_int_equal(abi_resolve(m, "/sys/kernel/debug/notifier-error-inject", &st), -ENOENT);
	strbuf_release(&sb);
	machine_free(m);
}

/* debugfs_errno_set: kstrtoll base 0, then clamp_t(int, v, -MAX_ERRNO, 0). */
static void error_files_parse_and_clamp_as_linux(void **state)
{
	(void)state;
	static const struct { const char *in; int ret; const char *out; } cases[] = {
		{ "-12\n", 0, "-12\n" },	{ "-4096", 0, "-4095\n" }, { "12", 0, "0\n" },
		{ "-0x10", 0, "-16\n" },	{ "-010", 0, "-8\n" },	   { "0", 0, "0\n" },
		{ "4294967284", 0, "-12\n" },	/* (int) of the u64 is -12 */
		{ "abc", -EINVAL, "0\n" },	{ "", -EINVAL, "0\n" },	   { "-+5", -EINVAL, "0\n" },
		{ " -5", -EINVAL, "0\n" },	{ "-5\n\n", -EINVAL, "0\n" },
		{ "99999999999999999999", -ERANGE, "0\n" },
		{ "-9223372036854775809", -ERANGE, "0\n" },
	};
	struct machine *m = boot_with_dimm();

	assert_int_equal(modprobe(m, "memory-notifier-error-inject", ""), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(write_str(m, OFF, "0"), 0);
		assert_int_equal(write_str(m, OFF, cases[i].in), cases[i].ret);
		assert_file_reads(m, OFF, cases[i].out);
	}
	machine_free(m);
}

/* MEM_GOING_ONLINE veto: ENOMEM, block offline, nothing else changed, the kernel's line. */
static void going_online_veto_leaves_machine_unchanged(void **state)
{
	(void)state;
	struct machine *m = boot_with_dimm();

	assert_int_equal(modprobe(m, "memory-notifier-error-inject", ""), 0);
	assert_int_equal(write_str(m, ON, "-12"), 0);
	free(take_kmsg(m));
	assert_write_fails_unchanged(m, M "memory32/state", "online_movable", -ENOMEM);
	assert_write_fails_unchanged(m, M "memory33/online", "1", -ENOMEM);
	char *log = take_kmsg(m);

	assert_string_equal(log, "Injecting error (-12) to MEM_GOING_ONLINE\n"
				 "Injecting error (-12) to MEM_GOING_ONLINE\n");
	free(log);
	assert_file_reads(m, M "memory32/state", "offline\n");
	/* a bare -1 is EPERM; error 0 lets it through */
	assert_int_equal(write_str(m, ON, "-1"), 0);
	assert_write_fails_unchanged(m, M "memory32/state", "online", -EPERM);
	assert_int_equal(write_str(m, ON, "0"), 0);
	assert_int_equal(write_str(m, M "memory32/state", "online_movable"), 0);
	machine_free(m);
}

/* MEM_GOING_OFFLINE veto: errno through, block online; checks before it keep their errno. */
static void going_offline_veto_leaves_machine_unchanged(void **state)
{
	(void)state;
	struct machine *m = boot_with_dimm();

	assert_int_equal(write_str(m, M "memory34/state", "online_movable"), 0);
	assert_int_equal(modprobe(m, "memory-notifier-error-inject", ""), 0);
	assert_int_equal(write_str(m, OFF, "-16"), 0);
	free(take_kmsg(m));
	assert_write_fails_unchanged(m, M "memory34/state", "offline", -EBUSY);
	assert_file_reads(m, M "memory34/state", "online\n");
	/* memory0 spans two zones: EINVAL before any notifier, so nothing is injected */
	assert_write_fails_unchanged(m, M "memory0/state", "offline", -EINVAL);
	char *log = take_kmsg(m);

	assert_string_equal(log, "Injecting error (-16) to MEM_GOING_OFFLINE\n");
	free(log);
	assert_int_equal(modprobe(m, "-r memory-notifier-error-inject", ""), 0);
	assert_int_equal(write_str(m, M "memory34/state", "offline"), 0);
	machine_free(m);
}

/* Module parameters as load_module parses them. */
static void priority_parameter_is_checked(void **state)
{
	(void)state;
	struct machine *m = boot_with_dimm();

	assert_int_equal(modprobe(m, "memory-notifier-error-inject priority=x",
				  "modprobe: ERROR: could not insert 'memory_notifier_error_inject': "
				  "Invalid argument\n"), -EINVAL);
	assert_false(module_is_loaded(m, "memory_notifier_error_inject"));
	assert_int_equal(modprobe(m, "memory-notifier-error-inject priority=9999999999",
				  "modprobe: ERROR: could not insert 'memory_notifier_error_inject': "
				  "Numerical result out of range\n"), -ERANGE);
	char *log = take_kmsg(m);

	assert_non_null(strstr(log, "memory_notifier_error_inject: `x' invalid for parameter `priority'\n"));
	assert_non_null(strstr(log, "memory_notifier_error_inject: `9999999999' invalid for parameter `priority'\n"));
	free(log);
	assert_int_equal(modprobe(m, "memory-notifier-error-inject bogus=1 priority=-3", ""), 0);
	log = take_kmsg(m);
	assert_string_equal(log, "memory_notifier_error_inject: unknown parameter 'bogus' ignored\n");
	free(log);
	machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(module_creates_and_removes_debugfs_files),
		cmocka_unit_test(error_files_parse_and_clamp_as_linux),
		cmocka_unit_test(going_online_veto_leaves_machine_unchanged),
		cmocka_unit_test(going_offline_veto_leaves_machine_unchanged),
		cmocka_unit_test(priority_parameter_is_checked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
