/* SPDX-License-Identifier: MIT */
/*
 * abi/attrs.h — the tables of files the tree shows: fixed files (memory root, node root,
 * module parameters, /proc, memhp's control files), per-block attributes and per-node
 * attributes. One row per file: name, mode, and its show/store pair.
 */
#ifndef MEMHP_ABI_ATTRS_H
#define MEMHP_ABI_ATTRS_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/abi.h"

struct machine;
struct strbuf;

struct abi_file {
	const char *name;
	int parent;			/* static: index of the parent dir; block/node: -1 */
	enum abi_type type;
	unsigned int mode;
	uint64_t size;			/* st_size: 4096 for sysfs, 0 for /proc */
	/* Callers hold m->lock. */
	int (*show)(struct machine *m, uint64_t obj, struct strbuf *out);
	int (*store)(struct machine *m, uint64_t obj, const char *buf);
	/* Control files whose reply is read back (takes the lock itself). */
	int (*reply)(struct machine *m, const char *buf, struct strbuf *reply);
	bool (*present)(struct machine *m);
	bool consumes;			/* a read has side effects: render once per open */
	/*
	 * st_size computed from the content (/proc-like files): readers that splice
	 * (busybox cat uses sendfile) stop at st_size, so it must not be 0.
	 */
	uint64_t (*size_fn)(struct machine *m, uint64_t obj);
	const char *link;		/* symlink target */
};

extern const struct abi_file static_files[];
extern const int nr_static_files;
extern const struct abi_file block_attrs[];
extern const int nr_block_attrs;
extern const struct abi_file node_attrs[];
extern const int nr_node_attrs;

extern const struct abi_file fwmap_attrs[];
extern const int nr_fwmap_attrs;
/* Whether /sys/firmware/memmap/@idx exists. Caller holds m->lock. */
bool firmware_map_has(struct machine *m, uint64_t idx);

#define STATIC_DEVICES_DIR	2	/* kobject anchor "/sys/devices" (buses, ACPI devices) */
#define STATIC_MEMORY_DIR	4
#define STATIC_NODE_DIR		5
#define STATIC_FWMAP_DIR	14
#define STATIC_BUS_DIR		15	/* kobject anchor "/sys/bus" */
#define STATIC_PLATFORM_DIR	16	/* kobject anchor "/sys/devices/platform" */
#define STATIC_DEBUG_DIR	18	/* kobject anchor "/sys/kernel/debug" */
#define STATIC_SYSMODULE_DIR	6	/* kobject anchor "/sys/module" (loaded modules) */
#define STATIC_DEVCHAR_DIR	20	/* kobject anchor "/sys/dev/char" (MAJ:MIN links) */
#define STATIC_DEV_DIR		21	/* kobject anchor "/dev" (device nodes) */

#endif
