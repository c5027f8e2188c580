/* SPDX-License-Identifier: MIT */
/*
 * hotplug/machine.h — one booted machine: the platform it runs on, what boot left
 * (memblock, zone layout), sections, nodes and zones, memory block devices, memory
 * groups, the memory notifier chain, the hotplug parameters, the iomem tree and the
 * kernel log. There are no globals: everything lives here, and one lock (the
 * device_hotplug_lock; mem_hotplug_lock is always taken inside it) serialises changes.
 *
 *   struct machine
 *     ├─ plat (fw)            e820, SRAT, slots, memory devices
 *     ├─ boot (boot)          cmdline params, memblock, zone layout, block size
 *     ├─ sparse, pgdat[] (mm) sections, nodes, zones, node states
 *     ├─ blocks (hotplug)     memory_block per block id (idxmap)
 *     ├─ groups, memory_chain (hotplug)
 *     ├─ drv (drivers)        ACPI memory devices, virtio-mem, QMP events
 *     └─ kobjs                run-time sysfs objects drivers create (/sys/bus/...)
 */
#ifndef MEMHP_HOTPLUG_MACHINE_H
#define MEMHP_HOTPLUG_MACHINE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "boot/profile.h"
#include "boot/resource.h"
#include "boot/setup.h"
#include "fw/platform.h"
#include "lib/idxmap.h"
#include "lib/kobject.h"
#include "lib/strbuf.h"
#include "mm/mmzone.h"
#include "mm/page_alloc.h"
#include "mm/sparse.h"

/* memory_block.state, with 6.1's bit values */
#define MEM_ONLINE		(1 << 0)
#define MEM_GOING_OFFLINE	(1 << 1)
#define MEM_OFFLINE		(1 << 2)
#define MEM_GOING_ONLINE	(1 << 3)
#define MEM_CANCEL_ONLINE	(1 << 4)
#define MEM_CANCEL_OFFLINE	(1 << 5)

#define MAX_BLOCK_NODE_LINKS	4

enum mhp_source {
	MHP_SOURCE_BOOT,	/* present at boot */
	MHP_SOURCE_ACPI,	/* ACPI memory device (pc-dimm) */
	MHP_SOURCE_VIRTIO_MEM,
	MHP_SOURCE_KMEM,
	MHP_SOURCE_PROBE,
};

/*
 * Which of the four onlining mechanisms decided a block (docs/kconfig.md): the Kconfig
 * default of auto_online_blocks, memhp_default_state= on the command line, a runtime write
 * to auto_online_blocks (these three act in the kernel as the block is added), the udev
 * rule on the add uevent, or an explicit write to memoryN/state or memoryN/online.
 */
enum onlined_by {
	ONLINED_BY_NONE,		/* never onlined */
	ONLINED_BY_BOOT,		/* boot memory, online from the start */
	ONLINED_BY_KCONFIG,
	ONLINED_BY_CMDLINE,
	ONLINED_BY_AUTO_ONLINE_BLOCKS,
	ONLINED_BY_UDEV,
	ONLINED_BY_SYSFS,
	ONLINED_BY_DAXCTL,		/* a sysfs write by daxctl (reconfigure-device, online-memory) */
	NR_ONLINED_BY
};

/* Block ids whose add uevent udev has not handled yet (memhp-only udev rule). */
struct uevent_queue {
	unsigned long *block_ids;
	size_t nr, cap;
};

struct memory_group {
	int id;
	int nid;
	bool is_dynamic;
	unsigned long max_pages;	/* static groups: whole device, pages */
	unsigned long unit_pages;	/* dynamic groups: unit of (un)plug, pages */
	unsigned long present_kernel_pages;
	unsigned long present_movable_pages;
	struct memory_group *next;
};

struct memory_block {
	unsigned long block_id;			/* start_section_nr / sections_per_block */
	unsigned long start_section_nr;
	unsigned long state;			/* MEM_ONLINE, MEM_GOING_OFFLINE, MEM_OFFLINE */
	int online_type;			/* requested MMOP_* for the next online */
	int nid;				/* last node linked, NUMA_NO_NODE before */
	struct zone *zone;			/* single zone when online, NULL if mixed/offline */
	unsigned long nr_vmemmap_pages;		/* leading pages holding its own memmap */
	struct memory_group *group;
	enum mhp_source source;
	int nr_links;				/* node links: node<nid>/memoryN <-> memoryN/node<nid> */
	int16_t link_nid[MAX_BLOCK_NODE_LINKS];
	unsigned long nr_present;		/* present pages (holes excluded) */
	enum onlined_by onlined_by;		/* the mechanism that last onlined it */
};

struct memory_notify {
	unsigned long start_pfn;
	unsigned long nr_pages;
	int status_change_nid_normal;
	int status_change_nid;
};

struct machine;
struct notifier_block {
	/* Returns NOTIFY_OK/NOTIFY_DONE or notifier_from_errno(-E...). */
	int (*notifier_call)(struct notifier_block *nb, unsigned long action, void *data);
	int priority;				/* higher first */
	struct notifier_block *next;
	void *priv;
};
#define NOTIFY_DONE		0x0000
#define NOTIFY_OK		0x0001
#define NOTIFY_STOP_MASK	0x8000
#define NOTIFY_BAD		(NOTIFY_STOP_MASK | 0x0002)
static inline int notifier_from_errno(int err)
{
	return err ? NOTIFY_STOP_MASK | (NOTIFY_OK - err) : NOTIFY_OK;
}
static inline int notifier_to_errno(int ret)
{
	ret &= ~NOTIFY_STOP_MASK;
	return ret > NOTIFY_OK ? NOTIFY_OK - ret : 0;
}

/* One /sys/firmware/memmap/N entry (drivers/firmware/memmap.c). */
struct firmware_map_entry {
	uint64_t start, end;		/* end inclusive, as the file shows it */
	const char *type;		/* "System RAM", "Reserved", ... (static strings) */
	int idx;			/* directory name: creation order, never reused */
};

struct drivers;

struct machine {
	/*
	 * device_hotplug_lock, with mem_hotplug_lock always nested inside it (the kernel's
	 * order). Every change holds it for its whole length (state/online/probe writes,
	 * device events, module loads), so no thread ever sees a block half-way through a
	 * transition; readers take it too, for a consistent render of one file. It is not
	 * split further: in memhp every path that takes mem_hotplug_lock already holds
	 * device_hotplug_lock (the kernel's exceptions, memory_failure and compaction, have
	 * no writer here), an operation costs microseconds per block touched, and the
	 * kernel's contention answer (lock_device_hotplug_sysfs: restart the syscall) is
	 * invisible to userspace, which is exactly a blocking mutex. Never taken inside a
	 * show/store callback or a notifier; tests/stress proves no deadlock and no torn
	 * state under 8 writers, a monitor and a reader.
	 */
	pthread_mutex_t lock;
	const struct kernel_profile *prof;
	struct platform plat;
	struct boot_state boot;
	struct sparse sparse;
	struct pglist_data *pgdat[MAX_NUMNODES];	/* allocated for possible nodes */
	struct node_masks nodes;
	int nr_node_ids;
	struct mm_pages pages;			/* the page allocator: free runs, owners, extents */
	/*
	 * Hot-added sections (128 MiB) that hold a memmap: section nr -> struct
	 * section_memmap (memory_hotplug.c). A failed add leaves some here without memory
	 * blocks, as 6.1 leaves them (__add_pages does not unwind).
	 */
	struct idxmap section_memmap;
	struct page_owner *memmap_owner;	/* "memmap": hot-added sections' struct pages */
	bool vmemmap_alloc_warned;		/* vmemmap_alloc_block()'s warn_alloc, once */
	bool add_pages_warned;			/* x86 add_pages() WARN_ON_ONCE */
	/* memhp's fault point (`@ fault memmap-alloc`): the next add's section N gets no memmap */
	bool memmap_fault;
	unsigned long memmap_fault_section;
	/*
	 * A signal for the task writing `offline`: after this many migration passes of
	 * offline_pages() (0: already pending), < 0: none. With none, a retry loop that can
	 * make no more progress ends as if the caller's signal arrived (it would spin forever).
	 */
	int offline_signal_after;
	const char *offline_reason;		/* why the last offline failed ("unmovable page"), or NULL */
	/* memory block devices */
	uint64_t block_size;			/* bytes */
	unsigned long sections_per_block;
	unsigned long pages_per_block;
	struct idxmap blocks;			/* block_id -> struct memory_block */
	/* hotplug parameters (sysfs and module parameters) */
	int default_online_type;		/* auto_online_blocks, MMOP_* */
	enum onlined_by default_online_source;	/* who set it: KCONFIG, CMDLINE, AUTO_ONLINE_BLOCKS */
	int udev_online_type;			/* memhp-only udev rule: MMOP_* it writes, -1 none */
	struct uevent_queue uevents;		/* adds the udev rule has yet to see */
	const char *writer;			/* comm of the process whose write is being stored
						   (through the mount), NULL in-process */
	enum online_policy online_policy;
	unsigned int auto_movable_ratio;
	bool auto_movable_numa_aware;
	enum memmap_on_memory_mode memmap_on_memory;
	bool movable_node;
	bool arch_memory_probe;			/* CONFIG_ARCH_MEMORY_PROBE: /sys/.../memory/probe exists */
	/* memory groups and notifiers */
	struct memory_group *groups;
	int next_group_id;
	struct notifier_block *memory_chain;
	/* resources and log */
	struct resource *iomem;
	struct firmware_map_entry *fwmap;	/* /sys/firmware/memmap, by idx */
	int nr_fwmap;
	int next_fwmap_idx;
	struct strbuf kmsg;
	bool booting;				/* system_state < SYSTEM_RUNNING */
	struct drivers *drv;			/* owned by drivers/ */
	struct kobj_registry kobjs;		/* run-time sysfs/debugfs objects (ctx: this machine) */
	/*
	 * online_page_callback: how many leading pages of [pfn, pfn+nr) a driver releases to
	 * the buddy when they go online; the rest stay PageOffline (virtio-mem plugs sub-blocks
	 * from the bottom of a block and keeps unplugged ones). NULL: all.
	 */
	unsigned long (*online_page_callback)(struct machine *m, unsigned long pfn, unsigned long nr);
	uint64_t generation;			/* bumped on every change (for caches) */
	unsigned long ops;			/* boot work items (units, blocks): bench/--stats */
};

/* Append one line to the kernel log (printf format, no trailing newline needed). */
void kmsg(struct machine *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static inline struct memory_block *find_memory_block_by_id(const struct machine *m, unsigned long id)
{
	return idxmap_get(&m->blocks, id);
}
static inline unsigned long memory_block_start_pfn(const struct machine *m, const struct memory_block *mem)
{
	return mem->block_id * m->pages_per_block;
}
static inline unsigned long pfn_to_block_id(const struct machine *m, unsigned long pfn)
{
	return pfn / m->pages_per_block;
}
static inline struct pglist_data *NODE_DATA(const struct machine *m, int nid)
{
	return m->pgdat[nid];
}

#endif
