/* SPDX-License-Identifier: MIT */
/* boot/profile.c — the profile table (see profile.h). */
#include "profile.h"

#include "boot/kconfig.h"

#include <string.h>

/* Debian 6.1.0-56-amd64, from its vmlinux section table and boot log. */
static const struct kernel_image_free debian61_freed[] = {
	{ 0x1e02000, 0x2000000 },	/* text/rodata alignment gap (2040K) */
	{ 0x28eb000, 0x2a00000 },	/* rodata/data alignment gap (1108K) */
	{ 0x3044000, 0x3306000 },	/* init sections (2824K) */
	{ 0x3306000, 0x330f000 },	/* SMP alternatives (36K) */
	{ 0x4203000, 0x4400000 },	/* unused decrypted bss (2036K) */
};

/* pps_core is built into Debian's 6.1 and announces itself at subsys_initcall. */
static const char *const debian61_banners[] = {
	"pps_core: LinuxPPS API ver. 1 registered",
	"pps_core: Software ver. 5.3.6 - Copyright 2005-2007 Rodolfo Giometti <giometti@linux.it>",
	NULL,
};

static const struct kernel_build debian61_build = {
	.image_reserve_end = 0x4411000,
	.pgt_buf_start = 0x4400000,
	.freed_after_boot = debian61_freed,
	.nr_freed_after_boot = sizeof(debian61_freed) / sizeof(debian61_freed[0]),
	.pgt_buf_pages = 16,
	.realmode_bytes = 28672,
	.pgdat_size = 174208,
	.mem_section_roots_bytes = 32768,
	.section_root_bytes = 4096,
	.sections_per_root = 128,
	.usage_bytes_per_section = 56,
	.struct_page_bytes = 64,
	.pcpu_size_sum = 217088 + 8192 + 28672,
	.pcpu_atom = 2 << 20,
	.swiotlb_bytes = 64 << 20,
	.swiotlb_slot_bytes = 24,
	.swiotlb_area_bytes = 16,
	.initrd_bytes = 1287388,
	.builtin_banners = debian61_banners,
};

static const struct kernel_profile profiles[] = {
	{
		.name = "6.1",
		.release = "6.1.0-56-amd64",
		.add_pages_warn_at = "arch/x86/mm/init_64.c:978 add_pages+0x8c/0x90",
		.kconfig = kconfig_debian61,
		.kernel_text_start = 0x1000000,
		.build = &debian61_build,
	},
	{
		.name = "6.18",
		.release = "6.18.0-memhp",
		.kconfig = kconfig_newest,
		.memmap_on_memory_per_block = true,
		.memmap_on_memory_force = true,
		.crash_hotplug = true,
		.managed_subtracts_real = true,
		.cxl_ram_regions = true,
		.cxl_host_bridge_pci = true,
		.kernel_text_start = 0x1000000,
		.build = &debian61_build,	/* not measured for 6.18: the 6.1 numbers stand in */
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
