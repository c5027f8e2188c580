/* SPDX-License-Identifier: MIT */
/* boot/profile.c — the profile table (see profile.h). */
#include "profile.h"

#include <string.h>

static const struct kernel_profile profiles[] = {
	{
		.name = "6.1",
		.release = "6.1.0-56-amd64",
		.default_online_type = MMOP_OFFLINE,
		.arch_memory_probe = false,
		.kernel_text_start = 0x1000000,
	},
	{
		.name = "6.18",
		.release = "6.18.0-memhp",
		.default_online_type = MMOP_OFFLINE,
		.arch_memory_probe = false,
		.memmap_on_memory_per_block = true,
		.memmap_on_memory_force = true,
		.crash_hotplug = true,
		.managed_subtracts_real = true,
		.kernel_text_start = 0x1000000,
	},
};

const struct kernel_profile *kernel_profile_find(const char *name)
{
	if (!strcmp(name, "newest"))
		return &profiles[sizeof(profiles) / sizeof(profiles[0]) - 1];
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (!strcmp(profiles[i].name, name))
			return &profiles[i];
	return NULL;
}

/* The oracle's kernel: the only profile whose every number has been checked. */
const struct kernel_profile *kernel_profile_default(void)
{
	return &profiles[0];
}
