/* SPDX-License-Identifier: MIT */
/*
 * boot/profile.h — kernel profiles: the behaviour that differs between kernel versions and
 * builds, as data. "6.1" is the oracle's Debian 6.1 amd64 kernel; "6.18" the newest. A
 * profile is a small table of differences, never a fork of the code.
 */
#ifndef MEMHP_BOOT_PROFILE_H
#define MEMHP_BOOT_PROFILE_H

#include <stdbool.h>
#include <stdint.h>

enum mmop {
	MMOP_OFFLINE,
	MMOP_ONLINE,
	MMOP_ONLINE_KERNEL,
	MMOP_ONLINE_MOVABLE,
};

struct kernel_profile {
	const char *name;		/* "6.1", "6.18" */
	const char *release;		/* uname -r shown in transcripts */
	enum mmop default_online_type;	/* CONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE / MHP_DEFAULT_ONLINE_TYPE_* */
	bool arch_memory_probe;		/* CONFIG_ARCH_MEMORY_PROBE: the probe file exists */
	bool memmap_on_memory_per_block;	/* newest: altmap per block, any block count */
	bool memmap_on_memory_force;	/* newest: "force" mode parser */
	bool crash_hotplug;		/* /sys/devices/system/memory/crash_hotplug */
	bool managed_subtracts_real;	/* newest offline subtracts only really managed pages */
	/* boot-reservation model constants for this build (boot/reserve.c) */
	uint64_t kernel_text_start;	/* physical load address with nokaslr */
};

/* Look up a profile by name ("6.1", "6.18", "newest"); NULL if unknown. */
const struct kernel_profile *kernel_profile_find(const char *name);
const struct kernel_profile *kernel_profile_default(void);

#endif
