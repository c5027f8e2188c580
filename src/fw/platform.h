/* SPDX-License-Identifier: MIT */
/*
 * fw/platform.h — the hardware and firmware a machine boots from: the e820 map as the
 * firmware hands it over, SRAT memory affinity (nodes, hot-pluggable ranges), CPUs per
 * node, and the hotplug hardware (DIMM slots, the device-memory window, memory backends,
 * pc-dimm and virtio-mem devices). Filled from QEMU arguments (fw/qemu.c) or a firmware
 * map file (fw/fwmap.c). Nothing here knows about Linux.
 */
#ifndef MEMHP_FW_PLATFORM_H
#define MEMHP_FW_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

struct strbuf;
struct cxl_platform;

#define MAX_NUMNODES	1024
#define NODE_MASK_WORDS	(MAX_NUMNODES / 64)
#define MAX_CPUS	1024

enum e820_type {
	E820_TYPE_RAM = 1,
	E820_TYPE_RESERVED = 2,
	E820_TYPE_ACPI = 3,
	E820_TYPE_NVS = 4,
	E820_TYPE_UNUSABLE = 5,
	E820_TYPE_PMEM = 7,
	E820_TYPE_PRAM = 12,
	E820_TYPE_SOFT_RESERVED = 0xefffffff,
};

struct e820_entry {
	uint64_t addr;		/* bytes */
	uint64_t size;		/* bytes */
	enum e820_type type;
	bool efi_sp;		/* from an EFI descriptor with EFI_MEMORY_SP (Soft Reserved) */
};

struct srat_memory {
	uint64_t start;		/* bytes, half-open [start, end) */
	uint64_t end;
	int nid;
	bool hotpluggable;	/* ACPI_SRAT_MEM_HOT_PLUGGABLE */
};

/*
 * A range the host bridge claims from firmware (ACPI MCFG, the root bus's _CRS) that
 * /proc/iomem lists above the e820 entries it contains.
 */
struct fw_bus_resource {
	uint64_t start, size;	/* bytes */
	char name[40];		/* "PCI MMCONFIG 0000 [bus 00-ff]", "PCI Bus 0000:00" */
};

/* A memory backend object (QEMU memory-backend-ram): capacity a device can use. */
struct memdev {
	char id[64];
	uint64_t size;		/* bytes */
	bool used;		/* attached to a device */
};

enum mdev_kind {
	MDEV_PC_DIMM,
	MDEV_VIRTIO_MEM,
};

/* A memory device on the device-memory window. */
struct mdev {
	enum mdev_kind kind;
	char id[64];
	char memdev[64];
	int node;
	uint64_t addr;		/* guest physical base */
	uint64_t size;		/* pc-dimm: whole backend; virtio-mem: region size */
	int slot;		/* pc-dimm slot, -1 for virtio-mem */
	bool coldplugged;	/* given on the command line: present at power-on */
	/* virtio-mem device config */
	uint64_t block_size;	/* device block size, bytes */
	uint64_t requested_size;
	uint64_t plugged_size;
	int virtio_index;	/* N of virtioN */
};

struct platform {
	struct e820_entry *e820;	/* as firmware reports it, sorted by addr */
	int nr_e820;
	struct srat_memory *srat;
	int nr_srat;
	int nr_nodes;			/* proximity domains described (possible nodes) */
	bool numa;			/* an SRAT exists */
	int nr_cpus;
	int cpu_node[MAX_CPUS];		/* node of each CPU */
	uint64_t ram_size;		/* boot RAM, bytes */
	uint64_t below_4g, above_4g;	/* QEMU pc split of boot RAM */
	uint64_t above_4g_start;	/* 4 GiB, or 1 TiB when the AMD HT hole intervenes */
	uint64_t maxram;		/* maxmem=, bytes (== ram_size when not given) */
	uint64_t dev_mem_base;		/* device-memory window for DIMMs / virtio-mem */
	uint64_t dev_mem_size;
	int nr_slots;
	unsigned int phys_bits;
	bool gbpages;			/* CPU has 1 GiB pages (-cpu qemu64,+pdpe1gb): 1 GiB hugetlb */
	/* hotplug hardware, changed by monitor verbs */
	struct memdev *memdevs;
	int nr_memdevs;
	struct mdev *mdevs;
	int nr_mdevs;
	int nr_virtio;			/* virtio devices created so far */
	char *qemu_args;		/* as given, for the transcript header */
	struct cxl_platform *cxl;	/* CEDT, CXL devices, committed decoders (fw/cedt.h), or NULL */
	struct fw_bus_resource *bus_res;	/* q35: MMCONFIG and root bus windows, by address */
	int nr_bus_res;
};

void platform_free(struct platform *p);
/* Insert in address order; returns the new entry's index. */
int platform_add_e820(struct platform *p, uint64_t addr, uint64_t size, enum e820_type type);
void platform_add_bus_resource(struct platform *p, uint64_t start, uint64_t size, const char *name);
void platform_add_srat(struct platform *p, uint64_t start, uint64_t end, int nid, bool hotplug);

struct memdev *platform_find_memdev(struct platform *p, const char *id);
struct mdev *platform_find_mdev(struct platform *p, const char *id);
/* Add a memory backend. -EEXIST if the id is taken (QEMU: "attempt to add duplicate property"). */
int platform_object_add(struct platform *p, const char *id, uint64_t size, struct strbuf *err);
int platform_object_del(struct platform *p, const char *id, struct strbuf *err);
/*
 * Place a pc-dimm or virtio-mem device as QEMU does: first free slot, first free address
 * in the device-memory window at the device's alignment. On failure @err holds QEMU's
 * message and nothing changed. On success *@out points into p->mdevs (valid until the
 * next add/remove).
 */
int platform_device_add(struct platform *p, const struct mdev *want, struct mdev **out,
			struct strbuf *err);
void platform_device_remove(struct platform *p, const char *id);

#endif
