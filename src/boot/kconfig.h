/* SPDX-License-Identifier: MIT */
/*
 * boot/kconfig.h — the kernel's build configuration as data: the Kconfig options that decide
 * what memory hot(un)plug, CXL and DAX can do, each profile's values (6.1 = Debian 12's
 * linux-image-amd64 config), user overrides (`--config NAME=y|m|n`), and the `depends on`
 * rules that force an option off when what it needs is off. The machine asks
 * kconfig_enabled(); nothing else in memhp reads a CONFIG_ name.
 */
#ifndef MEMHP_BOOT_KCONFIG_H
#define MEMHP_BOOT_KCONFIG_H

#include <stdbool.h>
#include <stdint.h>

struct strbuf;

/*
 * The options, in dependency order: every option comes after the options it depends on,
 * so one pass in this order resolves them (kconfig_resolve).
 */
enum kconfig_opt {
	KCONFIG_NUMA,
	KCONFIG_SPARSEMEM_VMEMMAP,
	KCONFIG_MIGRATION,
	KCONFIG_CONTIG_ALLOC,
	KCONFIG_TRANSPARENT_HUGEPAGE,
	KCONFIG_EFI,
	KCONFIG_ACPI_HMAT,
	KCONFIG_VIRTIO,
	KCONFIG_PCI,
	KCONFIG_MEMORY_HOTPLUG,
	KCONFIG_MEMORY_HOTREMOVE,
	KCONFIG_MHP_MEMMAP_ON_MEMORY,
	KCONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE,		/* up to 6.13 */
	KCONFIG_MHP_DEFAULT_ONLINE_TYPE_OFFLINE,	/* 6.14 on: a choice of four */
	KCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_AUTO,
	KCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_KERNEL,
	KCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_MOVABLE,
	KCONFIG_ARCH_MEMORY_PROBE,
	KCONFIG_ZONE_DEVICE,
	KCONFIG_ACPI_HOTPLUG_MEMORY,
	KCONFIG_VIRTIO_MEM,
	KCONFIG_EFI_SOFT_RESERVE,
	KCONFIG_CXL_BUS,
	KCONFIG_CXL_PCI,
	KCONFIG_CXL_ACPI,
	KCONFIG_CXL_MEM,
	KCONFIG_CXL_PORT,
	KCONFIG_CXL_REGION,
	KCONFIG_DEV_DAX,
	KCONFIG_DEV_DAX_HMEM,
	KCONFIG_DEV_DAX_CXL,				/* 6.3 on */
	KCONFIG_DEV_DAX_KMEM,
	KCONFIG_NOTIFIER_ERROR_INJECTION,
	KCONFIG_MEMORY_NOTIFIER_ERROR_INJECT,
	NR_KCONFIG_OPTS
};

/* Ordered so that min() is Kconfig's tristate AND: n < m < y. */
enum kconfig_val {
	KCONFIG_ABSENT = -1,	/* the option does not exist in this kernel version */
	KCONFIG_N = 0,
	KCONFIG_M = 1,		/* built as a module */
	KCONFIG_Y = 2,
};

/* Why an option has its value (what `memhp config` prints). */
enum kconfig_why {
	KCONFIG_WHY_DEFAULT,	/* the profile's config says so */
	KCONFIG_WHY_USER,	/* set by --config or a scenario's config: line */
	KCONFIG_WHY_DEPENDS,	/* forced down by a `depends on` (see kconfig.cause) */
	KCONFIG_WHY_CHOICE,	/* another member of its choice was selected */
	KCONFIG_WHY_ABSENT,	/* not in this kernel version */
};

/* The build configuration of one kernel: resolved values and where each came from. */
struct kconfig {
	int8_t val[NR_KCONFIG_OPTS];		/* enum kconfig_val, after dependencies */
	int8_t want[NR_KCONFIG_OPTS];		/* before dependencies: profile or user */
	uint8_t origin[NR_KCONFIG_OPTS];	/* profile, user, or deselected by a choice */
	uint8_t why[NR_KCONFIG_OPTS];		/* enum kconfig_why */
	uint8_t cause[NR_KCONFIG_OPTS];		/* WHY_DEPENDS: the option that forced it */
	const char *profile;			/* the profile the defaults came from */
};

/*
 * Defaults of one kernel profile: one value per option (KCONFIG_ABSENT where the option
 * does not exist in that version). Used by boot/profile.c.
 */
extern const int8_t kconfig_debian61[NR_KCONFIG_OPTS];
extern const int8_t kconfig_newest[NR_KCONFIG_OPTS];

/* Fill @kc with @defaults (a profile's table, named @profile) and resolve dependencies. */
void kconfig_init(struct kconfig *kc, const int8_t *defaults, const char *profile);
/*
 * Apply one user assignment "NAME=y|m|n" (NAME with or without "CONFIG_", values as in a
 * .config, also "NAME" alone for =y and "# CONFIG_NAME is not set"), then re-resolve.
 * Returns 0, or -EINVAL with @err naming the option or value at fault; @kc is then
 * unchanged. Selecting a member of a choice deselects the others.
 */
int kconfig_set(struct kconfig *kc, const char *assignment, struct strbuf *err);

/* y or m (a module counts as available: memhp loads it on demand, as modprobe would). */
bool kconfig_enabled(const struct kconfig *kc, enum kconfig_opt opt);
/* y only: built into the kernel, present from boot without modprobe. */
bool kconfig_builtin(const struct kconfig *kc, enum kconfig_opt opt);
enum kconfig_val kconfig_value(const struct kconfig *kc, enum kconfig_opt opt);

/* "MEMORY_HOTPLUG" (without CONFIG_); option lookup by that name (CONFIG_ accepted), or -1. */
const char *kconfig_name(enum kconfig_opt opt);
int kconfig_lookup(const char *name);
/* What the option decides in memhp, one short phrase. */
const char *kconfig_gates(enum kconfig_opt opt);
/* "y", "m", "n" or "absent". */
const char *kconfig_val_str(enum kconfig_val v);
/* One line of why, e.g. "profile default", "set by user", "forced off: depends on DEV_DAX". */
void kconfig_explain(const struct kconfig *kc, enum kconfig_opt opt, struct strbuf *out);

/*
 * The Kconfig default for auto_online_blocks, as an MMOP_* value (boot/profile.h):
 * MEMORY_HOTPLUG_DEFAULT_ONLINE (y: online) or the MHP_DEFAULT_ONLINE_TYPE_* choice.
 */
int kconfig_default_online_type(const struct kconfig *kc);

#endif
