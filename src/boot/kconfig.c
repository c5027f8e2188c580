/* SPDX-License-Identifier: MIT */
/*
 * boot/kconfig.c — the Kconfig model (see kconfig.h): one table of options with their type
 * and `depends on` edges, each profile's values, and the resolver that applies the edges in
 * table order. Values are read from the profiles' real configs (docs/kconfig.md says which).
 */
#include "kconfig.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "lib/strbuf.h"
#include "profile.h"

#define MAX_DEPS 4
#define NO_OPT 0xff

enum kconfig_type { KCONFIG_BOOL, KCONFIG_TRISTATE };

struct kconfig_desc {
	const char *name;
	enum kconfig_type type;
	bool choice;			/* member of the MHP_DEFAULT_ONLINE_TYPE choice */
	int8_t deps[MAX_DEPS + 1];	/* `depends on` A && B && ...; -1 ends the list */
	const char *gates;		/* what it decides in memhp, for `memhp config` */
};

/* name, type, choice member, `depends on` (ANDed; -1 ends), what it gates */
static const struct kconfig_desc descs[NR_KCONFIG_OPTS] = {
	[KCONFIG_NUMA] = { "NUMA", KCONFIG_BOOL, false,
		{ -1 },
		"several nodes; SRAT read at boot" },
	[KCONFIG_SPARSEMEM_VMEMMAP] = { "SPARSEMEM_VMEMMAP", KCONFIG_BOOL, false,
		{ -1 },
		"memmap in the vmemmap area; memmap_on_memory, ZONE_DEVICE need it" },
	[KCONFIG_MIGRATION] = { "MIGRATION", KCONFIG_BOOL, false,
		{ -1 },
		"page migration; memory hot-remove needs it" },
	[KCONFIG_CONTIG_ALLOC] = { "CONTIG_ALLOC", KCONFIG_BOOL, false,
		{ -1 },
		"alloc_contig_range; virtio-mem needs it" },
	[KCONFIG_TRANSPARENT_HUGEPAGE] = { "TRANSPARENT_HUGEPAGE", KCONFIG_BOOL, false,
		{ -1 },
		"THP; device-dax needs it" },
	[KCONFIG_EFI] = { "EFI", KCONFIG_BOOL, false,
		{ -1 },
		"the EFI memory map" },
	[KCONFIG_ACPI_HMAT] = { "ACPI_HMAT", KCONFIG_BOOL, false,
		{ -1 },
		"ACPI HMAT; EFI_SOFT_RESERVE depends on it" },
	[KCONFIG_VIRTIO] = { "VIRTIO", KCONFIG_TRISTATE, false,
		{ -1 },
		"virtio core; virtio-mem depends on it" },
	[KCONFIG_PCI] = { "PCI", KCONFIG_BOOL, false,
		{ -1 },
		"PCI; CXL depends on it" },
	[KCONFIG_MEMORY_HOTPLUG] = { "MEMORY_HOTPLUG", KCONFIG_BOOL, false,
		{ -1 },
		"memory block devices (/sys/devices/system/memory), hot-add" },
	[KCONFIG_MEMORY_HOTREMOVE] = { "MEMORY_HOTREMOVE", KCONFIG_BOOL, false,
		{ KCONFIG_MEMORY_HOTPLUG, KCONFIG_MIGRATION, -1 },
		"offlining and removing memory" },
	[KCONFIG_MHP_MEMMAP_ON_MEMORY] = { "MHP_MEMMAP_ON_MEMORY", KCONFIG_BOOL, false,
		{ KCONFIG_MEMORY_HOTPLUG, KCONFIG_SPARSEMEM_VMEMMAP, -1 },
		"memory_hotplug.memmap_on_memory (memmap inside the added memory)" },
	[KCONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE] = { "MEMORY_HOTPLUG_DEFAULT_ONLINE", KCONFIG_BOOL, false,
		{ KCONFIG_MEMORY_HOTPLUG, -1 },
		"auto_online_blocks starts as online instead of offline" },
	[KCONFIG_MHP_DEFAULT_ONLINE_TYPE_OFFLINE] = {
		"MHP_DEFAULT_ONLINE_TYPE_OFFLINE", KCONFIG_BOOL, true,
		{ KCONFIG_MEMORY_HOTPLUG, -1 },
		"auto_online_blocks starts as offline" },
	[KCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_AUTO] = {
		"MHP_DEFAULT_ONLINE_TYPE_ONLINE_AUTO", KCONFIG_BOOL, true,
		{ KCONFIG_MEMORY_HOTPLUG, -1 },
		"auto_online_blocks starts as online" },
	[KCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_KERNEL] = {
		"MHP_DEFAULT_ONLINE_TYPE_ONLINE_KERNEL", KCONFIG_BOOL, true,
		{ KCONFIG_MEMORY_HOTPLUG, -1 },
		"auto_online_blocks starts as online_kernel" },
	[KCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_MOVABLE] = {
		"MHP_DEFAULT_ONLINE_TYPE_ONLINE_MOVABLE", KCONFIG_BOOL, true,
		{ KCONFIG_MEMORY_HOTPLUG, -1 },
		"auto_online_blocks starts as online_movable" },
	[KCONFIG_ARCH_MEMORY_PROBE] = { "ARCH_MEMORY_PROBE", KCONFIG_BOOL, false,
		{ KCONFIG_MEMORY_HOTPLUG, -1 },
		"/sys/devices/system/memory/probe" },
	[KCONFIG_ZONE_DEVICE] = { "ZONE_DEVICE", KCONFIG_BOOL, false,
		{ KCONFIG_MEMORY_HOTPLUG, KCONFIG_MEMORY_HOTREMOVE, KCONFIG_SPARSEMEM_VMEMMAP, -1 },
		"ZONE_DEVICE (pmem and device-dax mappings)" },
	[KCONFIG_ACPI_HOTPLUG_MEMORY] = { "ACPI_HOTPLUG_MEMORY", KCONFIG_BOOL, false,
		{ KCONFIG_MEMORY_HOTPLUG, -1 },
		"ACPI memory devices: pc-dimm hot-add and eject" },
	[KCONFIG_VIRTIO_MEM] = { "VIRTIO_MEM", KCONFIG_TRISTATE, false,
		{ KCONFIG_VIRTIO, KCONFIG_MEMORY_HOTPLUG, KCONFIG_MEMORY_HOTREMOVE, KCONFIG_CONTIG_ALLOC, -1 },
		"the virtio-mem driver (module virtio_mem)" },
	[KCONFIG_EFI_SOFT_RESERVE] = { "EFI_SOFT_RESERVE", KCONFIG_BOOL, false,
		{ KCONFIG_EFI, KCONFIG_ACPI_HMAT, -1 },
		"EFI_MEMORY_SP kept as Soft Reserved (else System RAM)" },
	[KCONFIG_CXL_BUS] = { "CXL_BUS", KCONFIG_TRISTATE, false,
		{ KCONFIG_PCI, -1 },
		"the CXL bus, /sys/bus/cxl" },
	[KCONFIG_CXL_PCI] = { "CXL_PCI", KCONFIG_TRISTATE, false,
		{ KCONFIG_CXL_BUS, -1 },
		"CXL memory devices (cxl_pci)" },
	[KCONFIG_CXL_ACPI] = { "CXL_ACPI", KCONFIG_TRISTATE, false,
		{ KCONFIG_CXL_BUS, -1 },
		"CEDT windows as CXL root decoders (cxl_acpi)" },
	[KCONFIG_CXL_MEM] = { "CXL_MEM", KCONFIG_TRISTATE, false,
		{ KCONFIG_CXL_BUS, KCONFIG_CXL_PCI, -1 },
		"CXL memdev endpoints (cxl_mem)" },
	[KCONFIG_CXL_PORT] = { "CXL_PORT", KCONFIG_TRISTATE, false,
		{ KCONFIG_CXL_BUS, -1 },
		"CXL ports and their decoders (cxl_port)" },
	[KCONFIG_CXL_REGION] = { "CXL_REGION", KCONFIG_BOOL, false,
		{ KCONFIG_CXL_BUS, -1 },
		"CXL regions (create_ram_region, auto-assembly)" },
	[KCONFIG_DEV_DAX] = { "DEV_DAX", KCONFIG_TRISTATE, false,
		{ KCONFIG_TRANSPARENT_HUGEPAGE, -1 },
		"device-dax: /sys/bus/dax, daxX.Y (device_dax)" },
	[KCONFIG_DEV_DAX_HMEM] = { "DEV_DAX_HMEM", KCONFIG_TRISTATE, false,
		{ KCONFIG_EFI_SOFT_RESERVE, -1 },
		"Soft Reserved ranges as dax devices (dax_hmem)" },
	[KCONFIG_DEV_DAX_CXL] = { "DEV_DAX_CXL", KCONFIG_TRISTATE, false,
		{ KCONFIG_CXL_REGION, KCONFIG_DEV_DAX, -1 },
		"CXL RAM regions as dax devices (dax_cxl)" },
	[KCONFIG_DEV_DAX_KMEM] = { "DEV_DAX_KMEM", KCONFIG_TRISTATE, false,
		{ KCONFIG_DEV_DAX, KCONFIG_MEMORY_HOTPLUG, -1 },
		"dax devices as System RAM (kmem)" },
	[KCONFIG_NOTIFIER_ERROR_INJECTION] = { "NOTIFIER_ERROR_INJECTION", KCONFIG_TRISTATE, false,
		{ -1 },
		"/sys/kernel/debug/notifier-error-inject (notifier-error-inject)" },
	[KCONFIG_MEMORY_NOTIFIER_ERROR_INJECT] = { "MEMORY_NOTIFIER_ERROR_INJECT", KCONFIG_TRISTATE, false,
		{ KCONFIG_MEMORY_HOTPLUG, KCONFIG_NOTIFIER_ERROR_INJECTION, -1 },
		"errno injection into MEM_GOING_ONLINE/OFFLINE (memory-notifier-error-inject)" },
};

enum { ORIGIN_PROFILE, ORIGIN_USER, ORIGIN_CHOICE };

#define Y KCONFIG_Y
#define M KCONFIG_M
#define N KCONFIG_N
#define ABSENT KCONFIG_ABSENT

/* Debian 12 linux-image-6.1.0-*-amd64, /boot/config-6.1.0-57-amd64 (docs/kconfig.md). */
const int8_t kconfig_debian61[NR_KCONFIG_OPTS] = {
	[KCONFIG_NUMA] = Y, [KCONFIG_SPARSEMEM_VMEMMAP] = Y, [KCONFIG_MIGRATION] = Y,
	[KCONFIG_CONTIG_ALLOC] = Y, [KCONFIG_TRANSPARENT_HUGEPAGE] = Y, [KCONFIG_EFI] = Y,
	[KCONFIG_ACPI_HMAT] = Y, [KCONFIG_VIRTIO] = M, [KCONFIG_PCI] = Y,
	[KCONFIG_MEMORY_HOTPLUG] = Y, [KCONFIG_MEMORY_HOTREMOVE] = Y,
	[KCONFIG_MHP_MEMMAP_ON_MEMORY] = Y, [KCONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE] = N,
	[KCONFIG_MHP_DEFAULT_ONLINE_TYPE_OFFLINE] = ABSENT,
	[KCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_AUTO] = ABSENT,
	[KCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_KERNEL] = ABSENT,
	[KCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_MOVABLE] = ABSENT,
	[KCONFIG_ARCH_MEMORY_PROBE] = N, [KCONFIG_ZONE_DEVICE] = Y,
	[KCONFIG_ACPI_HOTPLUG_MEMORY] = Y, [KCONFIG_VIRTIO_MEM] = M, [KCONFIG_EFI_SOFT_RESERVE] = Y,
	[KCONFIG_CXL_BUS] = Y, [KCONFIG_CXL_PCI] = M, [KCONFIG_CXL_ACPI] = M, [KCONFIG_CXL_MEM] = M,
	[KCONFIG_CXL_PORT] = Y, [KCONFIG_CXL_REGION] = Y, [KCONFIG_DEV_DAX] = M,
	[KCONFIG_DEV_DAX_HMEM] = M, [KCONFIG_DEV_DAX_CXL] = ABSENT, [KCONFIG_DEV_DAX_KMEM] = M,
	[KCONFIG_NOTIFIER_ERROR_INJECTION] = M, [KCONFIG_MEMORY_NOTIFIER_ERROR_INJECT] = M,
};

/*
 * The newest profile: Debian's 6.1 choices carried forward, with upstream's changes since:
 * DEV_DAX_CXL (6.3, default CXL_REGION && DEV_DAX → m here) and the online-type choice that
 * replaced MEMORY_HOTPLUG_DEFAULT_ONLINE (6.14, default OFFLINE).
 */
const int8_t kconfig_newest[NR_KCONFIG_OPTS] = {
	[KCONFIG_NUMA] = Y, [KCONFIG_SPARSEMEM_VMEMMAP] = Y, [KCONFIG_MIGRATION] = Y,
	[KCONFIG_CONTIG_ALLOC] = Y, [KCONFIG_TRANSPARENT_HUGEPAGE] = Y, [KCONFIG_EFI] = Y,
	[KCONFIG_ACPI_HMAT] = Y, [KCONFIG_VIRTIO] = M, [KCONFIG_PCI] = Y,
	[KCONFIG_MEMORY_HOTPLUG] = Y, [KCONFIG_MEMORY_HOTREMOVE] = Y,
	[KCONFIG_MHP_MEMMAP_ON_MEMORY] = Y, [KCONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE] = ABSENT,
	[KCONFIG_MHP_DEFAULT_ONLINE_TYPE_OFFLINE] = Y,
	[KCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_AUTO] = N,
	[KCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_KERNEL] = N,
	[KCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_MOVABLE] = N,
	[KCONFIG_ARCH_MEMORY_PROBE] = N, [KCONFIG_ZONE_DEVICE] = Y,
	[KCONFIG_ACPI_HOTPLUG_MEMORY] = Y, [KCONFIG_VIRTIO_MEM] = M, [KCONFIG_EFI_SOFT_RESERVE] = Y,
	[KCONFIG_CXL_BUS] = Y, [KCONFIG_CXL_PCI] = M, [KCONFIG_CXL_ACPI] = M, [KCONFIG_CXL_MEM] = M,
	[KCONFIG_CXL_PORT] = Y, [KCONFIG_CXL_REGION] = Y, [KCONFIG_DEV_DAX] = M,
	[KCONFIG_DEV_DAX_HMEM] = M, [KCONFIG_DEV_DAX_CXL] = M, [KCONFIG_DEV_DAX_KMEM] = M,
	[KCONFIG_NOTIFIER_ERROR_INJECTION] = M, [KCONFIG_MEMORY_NOTIFIER_ERROR_INJECT] = M,
};

#undef Y
#undef M
#undef N
#undef ABSENT

/* A `depends on` edge to @dep lets an option be at most this (bools treat m as y). */
static int dep_limit(const struct kconfig *kc, int opt, int dep)
{
	int d = kc->val[dep] < 0 ? KCONFIG_N : kc->val[dep];

	if (descs[opt].type == KCONFIG_BOOL && d == KCONFIG_M)
		return KCONFIG_Y;
	return d;
}

static void resolve_one(struct kconfig *kc, int opt)
{
	int v = kc->want[opt];

	kc->cause[opt] = NO_OPT;
	if (v == KCONFIG_ABSENT) {
		kc->val[opt] = KCONFIG_ABSENT;
		kc->why[opt] = KCONFIG_WHY_ABSENT;
		return;
	}
	for (int i = 0; descs[opt].deps[i] >= 0; i++) {
		int limit = dep_limit(kc, opt, descs[opt].deps[i]);

		if (limit < v) {
			v = limit;
			kc->cause[opt] = descs[opt].deps[i];
		}
	}
	kc->val[opt] = v;
	if (kc->cause[opt] != NO_OPT)
		kc->why[opt] = KCONFIG_WHY_DEPENDS;
	else if (kc->origin[opt] == ORIGIN_USER)
		kc->why[opt] = KCONFIG_WHY_USER;
	else if (kc->origin[opt] == ORIGIN_CHOICE)
		kc->why[opt] = KCONFIG_WHY_CHOICE;
	else
		kc->why[opt] = KCONFIG_WHY_DEFAULT;
}

/* Options come after what they depend on (enum order), so one pass settles them all. */
static void kconfig_resolve(struct kconfig *kc)
{
	for (int opt = 0; opt < NR_KCONFIG_OPTS; opt++)
		resolve_one(kc, opt);
}

void kconfig_init(struct kconfig *kc, const int8_t *defaults, const char *profile)
{
	memset(kc, 0, sizeof(*kc));
	memcpy(kc->want, defaults, sizeof(kc->want));
	kc->profile = profile;
	kconfig_resolve(kc);
}

const char *kconfig_name(enum kconfig_opt opt)
{
	return descs[opt].name;
}

const char *kconfig_gates(enum kconfig_opt opt)
{
	return descs[opt].gates;
}

int kconfig_lookup(const char *name)
{
	if (!strncmp(name, "CONFIG_", 7))
		name += 7;
	for (int opt = 0; opt < NR_KCONFIG_OPTS; opt++)
		if (!strcmp(descs[opt].name, name))
			return opt;
	return -1;
}

const char *kconfig_val_str(enum kconfig_val v)
{
	static const char *const str[] = { "n", "m", "y" };

	return v < 0 ? "absent" : str[v];
}

/* "y"/"m"/"n" (either case) → value; -1 otherwise. */
static int parse_val(const char *s)
{
	if (strlen(s) != 1)
		return -1;
	switch (tolower((unsigned char)*s)) {
	case 'y':
		return KCONFIG_Y;
	case 'm':
		return KCONFIG_M;
	case 'n':
		return KCONFIG_N;
	}
	return -1;
}

/*
 * Split "NAME=VAL", "NAME" or "# CONFIG_NAME is not set" into @name (NUL-terminated, at
 * most @size) and a value. Returns the value, or -1 with @err set.
 */
static int parse_assignment(const char *s, char *name, size_t size, struct strbuf *err)
{
	const char *eq = strchr(s, '=');
	size_t len = eq ? (size_t)(eq - s) : strlen(s);
	int v = KCONFIG_Y;

	if (!strncmp(s, "# CONFIG_", 9) && strstr(s, " is not set")) {
		s += 2;
		len = strcspn(s, " ");
		v = KCONFIG_N;
	} else if (eq) {
		v = parse_val(eq + 1);
		if (v < 0) {
			strbuf_addf(err, "'%s': value '%s' is not y, m or n", s, eq + 1);
			return -1;
		}
	}
	if (!len || len >= size) {
		strbuf_addf(err, "'%s': expected NAME=y|m|n", s);
		return -1;
	}
	memcpy(name, s, len);
	name[len] = '\0';
	return v;
}

/* Checks that need the option: known, exists in this version, takes this value. */
static int check_assignment(const struct kconfig *kc, int opt, const char *s, int v,
			    struct strbuf *err)
{
	if (opt < 0) {
		strbuf_addf(err, "'%s': unknown Kconfig option (`memhp config` lists them)", s);
		return -EINVAL;
	}
	if (kc->want[opt] == KCONFIG_ABSENT) {
		strbuf_addf(err, "'%s': CONFIG_%s does not exist in kernel %s", s, descs[opt].name,
			    kc->profile);
		return -EINVAL;
	}
	if (v == KCONFIG_M && descs[opt].type == KCONFIG_BOOL) {
		strbuf_addf(err, "'%s': CONFIG_%s is a bool: y or n", s, descs[opt].name);
		return -EINVAL;
	}
	if (v == KCONFIG_N && descs[opt].choice) {
		strbuf_addf(err, "'%s': CONFIG_%s is one of a choice; select another member "
			    "with =y instead", s, descs[opt].name);
		return -EINVAL;
	}
	return 0;
}

int kconfig_set(struct kconfig *kc, const char *assignment, struct strbuf *err)
{
	char name[64];
	int v = parse_assignment(assignment, name, sizeof(name), err), opt;

	if (v < 0)
		return -EINVAL;
	opt = kconfig_lookup(name);
	if (check_assignment(kc, opt, assignment, v, err))
		return -EINVAL;
	if (descs[opt].choice)
		for (int o = 0; o < NR_KCONFIG_OPTS; o++)
			if (descs[o].choice && o != opt && kc->want[o] != KCONFIG_ABSENT) {
				kc->want[o] = KCONFIG_N;
				kc->origin[o] = ORIGIN_CHOICE;
			}
	kc->want[opt] = v;
	kc->origin[opt] = ORIGIN_USER;
	kconfig_resolve(kc);
	return 0;
}

enum kconfig_val kconfig_value(const struct kconfig *kc, enum kconfig_opt opt)
{
	return kc->val[opt];
}

bool kconfig_enabled(const struct kconfig *kc, enum kconfig_opt opt)
{
	return kc->val[opt] >= KCONFIG_M;
}

bool kconfig_builtin(const struct kconfig *kc, enum kconfig_opt opt)
{
	return kc->val[opt] == KCONFIG_Y;
}

void kconfig_explain(const struct kconfig *kc, enum kconfig_opt opt, struct strbuf *out)
{
	switch (kc->why[opt]) {
	case KCONFIG_WHY_DEFAULT:
		strbuf_addf(out, "profile default (%s)", kc->profile);
		break;
	case KCONFIG_WHY_USER:
		strbuf_addstr(out, "set by user");
		break;
	case KCONFIG_WHY_DEPENDS:
		strbuf_addf(out, "forced %s: depends on %s=%s", kconfig_val_str(kc->val[opt]),
			    descs[kc->cause[opt]].name, kconfig_val_str(kc->val[kc->cause[opt]]));
		break;
	case KCONFIG_WHY_CHOICE:
		strbuf_addstr(out, "choice: another member set by user");
		break;
	case KCONFIG_WHY_ABSENT:
		strbuf_addf(out, "not in kernel %s", kc->profile);
		break;
	}
}

int kconfig_default_online_type(const struct kconfig *kc)
{
	static const struct { enum kconfig_opt opt; int mmop; } choice[] = {
		{ KCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_AUTO, MMOP_ONLINE },
		{ KCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_KERNEL, MMOP_ONLINE_KERNEL },
		{ KCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_MOVABLE, MMOP_ONLINE_MOVABLE },
	};

	if (kconfig_enabled(kc, KCONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE))
		return MMOP_ONLINE;
	for (size_t i = 0; i < sizeof(choice) / sizeof(choice[0]); i++)
		if (kconfig_enabled(kc, choice[i].opt))
			return choice[i].mmop;
	return MMOP_OFFLINE;
}
