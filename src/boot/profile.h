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

/* A range of the kernel image handed back to the page allocator after boot. */
struct kernel_image_free {
	uint64_t start, end;		/* physical, page aligned, half-open */
};

/*
 * Build constants of the boot-reservation model (boot/reserve.c, docs/boot-reservations.md
 * §4): the image layout and the sizes of what early boot allocates. They change with the
 * kernel build and config, never with the machine.
 */
struct kernel_build {
	uint64_t image_reserve_end;	/* end of [_text, __end_of_kernel_reserve) + used brk */
	uint64_t pgt_buf_start;		/* brk base: the early page-table buffer starts here */
	const struct kernel_image_free *freed_after_boot;
	int nr_freed_after_boot;
	unsigned int pgt_buf_pages;	/* brk page-table buffer (INIT_PGT_BUF_SIZE / 4 KiB) */
	uint64_t realmode_bytes;	/* real-mode trampoline */
	uint64_t pgdat_size;		/* sizeof(pg_data_t) */
	uint64_t mem_section_roots_bytes;	/* mem_section[] root pointer array */
	uint64_t section_root_bytes;	/* one root: sections_per_root struct mem_section */
	unsigned int sections_per_root;
	uint64_t usage_bytes_per_section;	/* mem_section_usage + pageblock bits */
	uint64_t struct_page_bytes;
	uint64_t pcpu_size_sum;		/* static + reserved + dynamic first-chunk bytes per CPU */
	uint64_t pcpu_atom;		/* percpu allocation atom (PMD_SIZE) */
	uint64_t swiotlb_bytes;		/* default IO TLB */
	uint64_t swiotlb_slot_bytes;	/* struct io_tlb_slot, one per 2 KiB slab */
	uint64_t swiotlb_area_bytes;	/* struct io_tlb_area */
	uint64_t initrd_bytes;		/* the oracle's initramfs */
	/* lines built-in drivers of this build log at every boot, whatever the machine */
	const char *const *builtin_banners;
};

struct kernel_profile {
	const char *name;		/* "6.1", "6.18" */
	const char *release;		/* uname -r shown in transcripts */
	const int8_t *kconfig;		/* the build's Kconfig values (boot/kconfig.h) */
	bool memmap_on_memory_per_block;	/* newest: altmap per block, any block count */
	bool memmap_on_memory_force;	/* newest: "force" mode parser */
	bool crash_hotplug;		/* /sys/devices/system/memory/crash_hotplug */
	bool managed_subtracts_real;	/* newest offline subtracts only really managed pages */
	bool cxl_ram_regions;		/* >= 6.3: create_ram_region, region autodiscovery, XOR CFMWS, CXL dax */
	bool cxl_host_bridge_pci;	/* >= 6.3: a host bridge's dport and uport are its PCI root
					   bus device (pciSSSS:BB); 6.1: its ACPI0016 device */
	/* where x86 add_pages()'s WARN_ON_ONCE fires in this build (NULL: not known) */
	const char *add_pages_warn_at;
	/* boot-reservation model constants for this build (boot/reserve.c) */
	uint64_t kernel_text_start;	/* physical load address with nokaslr */
	const struct kernel_build *build;	/* boot-reservation constants */
};

/* Look up a profile by name ("6.1", "6.18", "newest"); NULL if unknown. */
const struct kernel_profile *kernel_profile_find(const char *name);
const struct kernel_profile *kernel_profile_default(void);

#endif
