/* SPDX-License-Identifier: MIT */
/*
 * boot/setup.h — setup_arch for memory: from the platform's e820 and SRAT to the kernel's
 * e820 table, memblock (RAM with nodes and flags; what boot keeps reserved), node masks,
 * zone boundaries and the memory block size. Nothing here is changed after boot.
 */
#ifndef MEMHP_BOOT_SETUP_H
#define MEMHP_BOOT_SETUP_H

#include <stdbool.h>
#include <stdint.h>

#include "boot/cmdline.h"
#include "boot/e820.h"
#include "boot/kconfig.h"
#include "boot/memblock.h"
#include "boot/profile.h"
#include "boot/zones.h"
#include "fw/platform.h"
#include "lib/strbuf.h"

struct boot_state {
	const struct kernel_profile *prof;
	struct kconfig kconfig;		/* the build this kernel was configured with */
	struct boot_params params;
	struct e820_table e820;		/* the kernel's table after its own edits, sanitised */
	struct memblock memblock;	/* memory; reserved = what is still reserved after boot */
	struct zone_layout zones;
	int nr_node_ids;		/* highest possible nid + 1 */
	uint64_t node_possible[NODE_MASK_WORDS];
	uint64_t node_online[NODE_MASK_WORDS];	/* nodes with boot memory or CPUs */
	uint64_t node_has_cpu[NODE_MASK_WORDS];
	unsigned long max_pfn;		/* end of boot RAM */
	uint64_t block_size;		/* memory block size, bytes */
	uint64_t swiotlb_start;		/* default IO TLB pool, 0 when swiotlb is off */
	uint64_t swiotlb_bytes;
	struct strbuf kmsg;		/* boot log lines that matter to users */
};

struct boot_options {
	uint64_t force_block_size;	/* 0 = as x86 probes it */
	bool bare_metal;		/* no X86_FEATURE_HYPERVISOR (firmware-map machines) */
	const struct kconfig *kconfig;	/* NULL: the profile's own config */
};

/* Boot @p with @cmdline. Returns 0 or -EINVAL with @err set; @bs is then released. */
int boot_setup(struct boot_state *bs, const struct platform *p, const struct kernel_profile *prof,
	       const char *cmdline, const struct boot_options *opt, struct strbuf *err);
void boot_state_release(struct boot_state *bs);
/*
 * The kernel's efi_soft_reserve_enabled(): CONFIG_EFI_SOFT_RESERVE and no
 * efi=nosoftreserve. When false, firmware EFI_MEMORY_SP ranges boot as System RAM.
 */
bool efi_soft_reserve_enabled(const struct boot_state *bs);

static inline bool node_isset(const uint64_t *mask, int nid)
{
	return mask[nid / 64] & (1ULL << (nid % 64));
}
static inline void node_set(uint64_t *mask, int nid)
{
	mask[nid / 64] |= 1ULL << (nid % 64);
}
static inline void node_clear(uint64_t *mask, int nid)
{
	mask[nid / 64] &= ~(1ULL << (nid % 64));
}

#endif
