/* SPDX-License-Identifier: MIT */
/* tests/boot/test_kconfig.c — the Kconfig model: profile values, overrides, depends on. */
#include "../helpers.h"

#include "boot/kconfig.h"
#include "boot/profile.h"

#include <unistd.h>

static struct kconfig config_of(const char *profile)
{
	const struct kernel_profile *prof = kernel_profile_find(profile);
	struct kconfig kc;

	assert_non_null(prof);
	kconfig_init(&kc, prof->kconfig, prof->name);
	return kc;
}

static void set_ok(struct kconfig *kc, const char *assignment)
{
	struct strbuf err = STRBUF_INIT;

	if (kconfig_set(kc, assignment, &err))
		fail_msg("%s: %s", assignment, err.buf);
	strbuf_release(&err);
}

/* Expect -EINVAL, @kc byte-identical, and an error that names @needle. */
static void set_fails_unchanged(struct kconfig *kc, const char *assignment, const char *needle)
{
	struct strbuf err = STRBUF_INIT;
	struct kconfig before = *kc;

	assert_int_equal(kconfig_set(kc, assignment, &err), -EINVAL);
	assert_memory_equal(&before, kc, sizeof(before));
	if (!strstr(err.buf, needle))
		fail_msg("error '%s' does not name '%s'", err.buf, needle);
	strbuf_release(&err);
}

/* Debian 12's /boot/config-6.1.0-57-amd64, as read from the package. Expect its values. */
static void debian61_has_the_package_values(void **state)
{
	(void)state;
	struct kconfig kc = config_of("6.1");

	assert_int_equal(kconfig_value(&kc, KCONFIG_MEMORY_HOTPLUG), KCONFIG_Y);
	assert_int_equal(kconfig_value(&kc, KCONFIG_MEMORY_HOTREMOVE), KCONFIG_Y);
	assert_int_equal(kconfig_value(&kc, KCONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE), KCONFIG_N);
	assert_int_equal(kconfig_value(&kc, KCONFIG_ARCH_MEMORY_PROBE), KCONFIG_N);
	assert_int_equal(kconfig_value(&kc, KCONFIG_VIRTIO_MEM), KCONFIG_M);
	assert_int_equal(kconfig_value(&kc, KCONFIG_CXL_BUS), KCONFIG_Y);
	assert_int_equal(kconfig_value(&kc, KCONFIG_CXL_PCI), KCONFIG_M);
	assert_int_equal(kconfig_value(&kc, KCONFIG_CXL_REGION), KCONFIG_Y);
	assert_int_equal(kconfig_value(&kc, KCONFIG_DEV_DAX_KMEM), KCONFIG_M);
	assert_int_equal(kconfig_value(&kc, KCONFIG_DEV_DAX_CXL), KCONFIG_ABSENT);
	assert_int_equal(kconfig_value(&kc, KCONFIG_MHP_DEFAULT_ONLINE_TYPE_OFFLINE), KCONFIG_ABSENT);
	assert_true(kconfig_enabled(&kc, KCONFIG_EFI_SOFT_RESERVE));
	assert_true(kconfig_builtin(&kc, KCONFIG_CXL_REGION));
	assert_false(kconfig_builtin(&kc, KCONFIG_DEV_DAX));
	assert_int_equal(kconfig_default_online_type(&kc), MMOP_OFFLINE);
}

/* Newest: the MEMORY_HOTPLUG_DEFAULT_ONLINE bool became a four-way choice (default OFFLINE). */
static void newest_has_the_online_type_choice_and_dev_dax_cxl(void **state)
{
	(void)state;
	struct kconfig kc = config_of("6.18");

	assert_int_equal(kconfig_value(&kc, KCONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE), KCONFIG_ABSENT);
	assert_int_equal(kconfig_value(&kc, KCONFIG_MHP_DEFAULT_ONLINE_TYPE_OFFLINE), KCONFIG_Y);
	assert_int_equal(kconfig_value(&kc, KCONFIG_DEV_DAX_CXL), KCONFIG_M);
	assert_int_equal(kconfig_default_online_type(&kc), MMOP_OFFLINE);
}

/* Expect DEV_DAX=n to force its dependents off and say which edge did it. */
static void dev_dax_off_takes_kmem_and_cxl_with_it(void **state)
{
	(void)state;
	struct kconfig kc = config_of("6.18");
	struct strbuf why = STRBUF_INIT;

	set_ok(&kc, "DEV_DAX=n");
	assert_false(kconfig_enabled(&kc, KCONFIG_DEV_DAX_KMEM));
	assert_false(kconfig_enabled(&kc, KCONFIG_DEV_DAX_CXL));
	assert_true(kconfig_enabled(&kc, KCONFIG_DEV_DAX_HMEM));	/* depends only on EFI_SOFT_RESERVE */
	kconfig_explain(&kc, KCONFIG_DEV_DAX_KMEM, &why);
	assert_string_equal(why.buf, "forced n: depends on DEV_DAX=n");
	strbuf_reset(&why);
	kconfig_explain(&kc, KCONFIG_DEV_DAX, &why);
	assert_string_equal(why.buf, "set by user");
	strbuf_release(&why);
}

/* Expect MEMORY_HOTPLUG=n to take hot-remove, the drivers and memmap_on_memory along. */
static void memory_hotplug_off_forces_everything_that_needs_it(void **state)
{
	(void)state;
	struct kconfig kc = config_of("6.1");
	static const enum kconfig_opt needs_it[] = {
		KCONFIG_MEMORY_HOTREMOVE, KCONFIG_MHP_MEMMAP_ON_MEMORY, KCONFIG_ZONE_DEVICE,
		KCONFIG_ACPI_HOTPLUG_MEMORY, KCONFIG_VIRTIO_MEM, KCONFIG_DEV_DAX_KMEM,
	};

	set_ok(&kc, "CONFIG_MEMORY_HOTPLUG=n");
	for (size_t i = 0; i < sizeof(needs_it) / sizeof(needs_it[0]); i++)
		assert_int_equal(kconfig_value(&kc, needs_it[i]), KCONFIG_N);
	assert_true(kconfig_enabled(&kc, KCONFIG_DEV_DAX));
	assert_true(kconfig_enabled(&kc, KCONFIG_CXL_REGION));
}

/* Tristate AND: a y option under an m dependency is limited to m; a bool under m stays y. */
static void y_under_a_module_dependency_becomes_m(void **state)
{
	(void)state;
	struct kconfig kc = config_of("6.1");

	set_ok(&kc, "CXL_MEM=y");
	assert_int_equal(kconfig_value(&kc, KCONFIG_CXL_MEM), KCONFIG_M);	/* CXL_PCI=m */
	set_ok(&kc, "CXL_PCI=y");
	assert_int_equal(kconfig_value(&kc, KCONFIG_CXL_MEM), KCONFIG_Y);
	set_ok(&kc, "CXL_BUS=m");
	assert_int_equal(kconfig_value(&kc, KCONFIG_CXL_REGION), KCONFIG_Y);	/* bool */
	assert_int_equal(kconfig_value(&kc, KCONFIG_CXL_PCI), KCONFIG_M);
}

/* Later assignments win, and turning a dependency back on restores its dependents. */
static void overrides_apply_in_order(void **state)
{
	(void)state;
	struct kconfig kc = config_of("6.1");

	set_ok(&kc, "MEMORY_HOTPLUG=n");
	set_ok(&kc, "MEMORY_HOTPLUG=y");
	assert_true(kconfig_enabled(&kc, KCONFIG_ACPI_HOTPLUG_MEMORY));
	set_ok(&kc, "# CONFIG_ACPI_HOTPLUG_MEMORY is not set");
	assert_false(kconfig_enabled(&kc, KCONFIG_ACPI_HOTPLUG_MEMORY));
	set_ok(&kc, "MEMORY_HOTPLUG_DEFAULT_ONLINE");
	assert_int_equal(kconfig_default_online_type(&kc), MMOP_ONLINE);
}

/* Selecting one member of the choice deselects the others; =n on a member is refused. */
static void choice_members_select_one_another_out(void **state)
{
	(void)state;
	struct kconfig kc = config_of("6.18");

	set_ok(&kc, "MHP_DEFAULT_ONLINE_TYPE_ONLINE_MOVABLE=y");
	assert_false(kconfig_enabled(&kc, KCONFIG_MHP_DEFAULT_ONLINE_TYPE_OFFLINE));
	assert_int_equal(kconfig_default_online_type(&kc), MMOP_ONLINE_MOVABLE);
	set_ok(&kc, "MHP_DEFAULT_ONLINE_TYPE_ONLINE_KERNEL=y");
	assert_false(kconfig_enabled(&kc, KCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_MOVABLE));
	assert_int_equal(kconfig_default_online_type(&kc), MMOP_ONLINE_KERNEL);
	set_fails_unchanged(&kc, "MHP_DEFAULT_ONLINE_TYPE_ONLINE_KERNEL=n", "choice");
}

/* Expect every bad assignment to be EINVAL naming what is wrong, the config untouched. */
static void bad_assignments_are_einval_and_change_nothing(void **state)
{
	(void)state;
	struct kconfig kc = config_of("6.1");

	set_fails_unchanged(&kc, "NO_SUCH_OPTION=y", "unknown Kconfig option");
	set_fails_unchanged(&kc, "MEMORY_HOTPLUG=maybe", "not y, m or n");
	set_fails_unchanged(&kc, "MEMORY_HOTPLUG=m", "is a bool");
	set_fails_unchanged(&kc, "DEV_DAX_CXL=m", "does not exist in kernel 6.1");
	set_fails_unchanged(&kc, "MHP_DEFAULT_ONLINE_TYPE_ONLINE_AUTO=y", "does not exist");
	set_fails_unchanged(&kc, "=y", "expected NAME");
}

/* The machine boots with the overrides: ARCH_MEMORY_PROBE=y makes the probe file. */
static void machine_boot_applies_overrides_and_rejects_bad_ones(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct machine_config cfg = { .qemu_args = "-m 2G,slots=4,maxmem=8G",
				      .config = { "ARCH_MEMORY_PROBE=y" }, .nr_config = 1 };
	struct machine *m = machine_boot(&cfg, &err);

	assert_non_null(m);
	assert_true(kconfig_enabled(&m->boot.kconfig, KCONFIG_ARCH_MEMORY_PROBE));
	assert_true(m->arch_memory_probe);
	machine_free(m);
	cfg.config[0] = "ARCH_MEMORY_PROBE=q";
	assert_null(machine_boot(&cfg, &err));
	assert_non_null(strstr(err.buf, "--config 'ARCH_MEMORY_PROBE=q'"));
	strbuf_release(&err);
}

static struct machine *boot_fw(const char *fw_text, const char *config, const char *cmdline)
{
	char path[] = "/tmp/memhp-kconfig-XXXXXX";
	int fd = mkstemp(path);
	struct strbuf err = STRBUF_INIT;
	struct machine_config cfg = { .fwmap_path = path, .cmdline = cmdline };
	struct machine *m;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, fw_text, strlen(fw_text)), (ssize_t)strlen(fw_text));
	close(fd);
	if (config)
		cfg.config[cfg.nr_config++] = config;
	m = machine_boot(&cfg, &err);
	unlink(path);
	if (!m)
		fail_msg("boot failed: %s", err.buf);
	strbuf_release(&err);
	return m;
}

static char *read_file_of(struct machine *m, const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(abi_read_path(m, path, &sb), 0);
	return strbuf_detach(&sb, NULL);
}

/*  | RAM 0-2G | hole | 4G-5G EFI conventional + EFI_MEMORY_SP |
 *  Expect Soft Reserved with the profile's EFI_SOFT_RESERVE=y, and System RAM (managed by
 *  the buddy allocator from boot) when the kernel is built without it. */
static void efi_soft_reserve_off_boots_specific_purpose_memory_as_ram(void **state)
{
	(void)state;
	static const char fw[] = "efi 0-0x9ffff conventional\nefi 1M-0x7fffffff conventional\n"
				 "efi 4G+1G conventional sp\n";
	struct machine *on = boot_fw(fw, NULL, ""), *off = boot_fw(fw, "EFI_SOFT_RESERVE=n", "");
	char *a = read_file_of(on, "/proc/iomem"), *b = read_file_of(off, "/proc/iomem");

	assert_non_null(strstr(a, "100000000-13fffffff : Soft Reserved\n"));
	assert_null(strstr(b, "Soft Reserved"));
	assert_non_null(strstr(b, "100000000-13fffffff : System RAM\n"));
	assert_null(find_memory_block_by_id(on, 32));
	assert_non_null(find_memory_block_by_id(off, 32));
	free(a);
	free(b);
	machine_free(on);
	machine_free(off);
}

static struct machine *boot_vmem(const char *c1, const char *c2)
{
	struct strbuf err = STRBUF_INIT;
	struct machine_config cfg = {
		.qemu_args = "-m 2G,maxmem=8G -object memory-backend-ram,id=v,size=2G "
			     "-device virtio-mem-pci,id=vm0,memdev=v,node=0,requested-size=256M",
		.config = { c1, c2 }, .nr_config = c2 ? 2 : 1,
	};
	struct machine *m = machine_boot(&cfg, &err);

	if (!m)
		fail_msg("boot failed: %s", err.buf);
	strbuf_release(&err);
	return m;
}

/*  | boot 0-2G | virtio-mem at 4G, 256M requested |
 *  Expect VIRTIO_MEM=n: modprobe finds no module and nothing is plugged; =y (with VIRTIO=y,
 *  or it stays m): the driver plugs at boot without modprobe and cannot be removed. */
static void virtio_mem_module_follows_its_config(void **state)
{
	(void)state;
	struct machine *off = boot_vmem("VIRTIO_MEM=n", NULL), *in = boot_vmem("VIRTIO=y", "VIRTIO_MEM=y");
	struct strbuf reply = STRBUF_INIT;

	assert_int_equal(module_request(off, "virtio_mem", &reply), -ENOENT);
	assert_string_equal(reply.buf, "modprobe: FATAL: Module virtio_mem not found in directory "
				       "/lib/modules/6.1.0-56-amd64\n");
	assert_null(find_memory_block_by_id(off, 32));
	assert_non_null(find_memory_block_by_id(in, 32));
	assert_non_null(find_memory_block_by_id(in, 33));
	strbuf_reset(&reply);
	assert_int_equal(module_request(in, "-r virtio_mem", &reply), -EPERM);
	assert_string_equal(reply.buf, "modprobe: FATAL: Module virtio_mem is builtin.\n");
	strbuf_reset(&reply);
	module_list(in, &reply);
	assert_string_equal(reply.buf, "");	/* built-in drivers are not in lsmod */
	strbuf_release(&reply);
	machine_free(off);
	machine_free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(debian61_has_the_package_values),
		cmocka_unit_test(newest_has_the_online_type_choice_and_dev_dax_cxl),
		cmocka_unit_test(dev_dax_off_takes_kmem_and_cxl_with_it),
		cmocka_unit_test(memory_hotplug_off_forces_everything_that_needs_it),
		cmocka_unit_test(y_under_a_module_dependency_becomes_m),
		cmocka_unit_test(overrides_apply_in_order),
		cmocka_unit_test(choice_members_select_one_another_out),
		cmocka_unit_test(bad_assignments_are_einval_and_change_nothing),
		cmocka_unit_test(machine_boot_applies_overrides_and_rejects_bad_ones),
		cmocka_unit_test(efi_soft_reserve_off_boots_specific_purpose_memory_as_ram),
		cmocka_unit_test(virtio_mem_module_follows_its_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
