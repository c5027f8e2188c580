/* SPDX-License-Identifier: MIT */
/*
 * abi/abi.h — the attribute tree: every kernel file memhp shows, addressed by inode number.
 *
 * One tree per machine, rooted at ABI_ROOT_INO, shaped like the host's root directory:
 *   /sys/devices/system/memory/...      memory block devices and root attributes
 *   /sys/devices/system/node/...        nodes, node masks, node<->block links
 *   /sys/module/memory_hotplug/parameters/...
 *   /proc/meminfo /proc/zoneinfo /proc/iomem /proc/sys/vm/drop_caches
 *   /.memhp/{kmsg,monitor,snapshot,events}  memhp's own control files (not kernel ABI)
 * Inode numbers are computed from the object (block id, nid, attribute), never allocated,
 * so lookups cost O(1) and nothing is stored per untouched block.  An inode may name an
 * object that has since disappeared; every call then returns -ENOENT.
 *
 * Every function takes the machine lock itself; callers hold nothing.  Reads render the
 * kernel's exact bytes; writes are one whole store (the kernel's sysfs semantics: the
 * offset is ignored, the buffer is the value) and return 0 or a negative errno, leaving
 * the machine unchanged on failure.
 */
#ifndef MEMHP_ABI_ABI_H
#define MEMHP_ABI_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;
struct strbuf;

#define ABI_ROOT_INO 1ULL

enum abi_type {
	ABI_DIR,
	ABI_REG,
	ABI_LNK,
	ABI_CHR,	/* a character device node (/dev/daxR.I); never opened */
};

struct abi_stat {
	uint64_t ino;		/* stable while the object exists */
	enum abi_type type;
	unsigned int mode;	/* permission bits only: 0444, 0644, 0200, 0755, 0777 */
	uint64_t size;		/* what stat() shows: 4096 for sysfs files, 0 for /proc */
	int nlink;
	/*
	 * Whether a file system may cache this entry and its attributes: they can then change
	 * only by the object disappearing, which abi_tree_epoch() reports. False for files whose
	 * size follows the machine's state (/proc) and for is_visible attributes.
	 */
	bool cacheable;
	uint32_t rdev_major, rdev_minor;	/* ABI_CHR */
};

/* Find @name in directory @parent. Returns 0, -ENOENT, or -ENOTDIR. */
int abi_lookup(struct machine *m, uint64_t parent, const char *name, struct abi_stat *st);
int abi_getattr(struct machine *m, uint64_t ino, struct abi_stat *st);

/*
 * Called once per entry by abi_readdir(); @next_off is the offset that resumes after this
 * entry.  Return non-zero to stop (buffer full): the entry was not consumed.
 */
typedef int (*abi_filldir_t)(void *ctx, const char *name, const struct abi_stat *st,
			     uint64_t next_off);
/*
 * List directory @ino starting at @off (0 = beginning; "." and ".." are not listed).
 * Cost is O(entries returned) plus O(holes skipped) — never O(directory size) per call.
 */
int abi_readdir(struct machine *m, uint64_t ino, uint64_t off, abi_filldir_t fill, void *ctx);

/* Render file @ino into @out (appended). Returns 0, -ENOENT, -EISDIR, or -EACCES (0200). */
int abi_read(struct machine *m, uint64_t ino, struct strbuf *out);
/* Store @len bytes into file @ino. Returns 0 or -errno (-EACCES for a read-only file). */
int abi_write(struct machine *m, uint64_t ino, const char *buf, size_t len);
/*
 * For control files whose reply belongs to one open file (/.memhp/monitor): store @buf and
 * render the reply into @reply. Other files behave as abi_write() and leave @reply empty.
 */
int abi_write_reply(struct machine *m, uint64_t ino, const char *buf, size_t len,
		    struct strbuf *reply);
/* abi_write_reply() on behalf of process @writer (its comm; daxctl's onlining is recorded). */
int abi_write_reply_as(struct machine *m, uint64_t ino, const char *buf, size_t len,
		       struct strbuf *reply, const char *writer);
int abi_readlink(struct machine *m, uint64_t ino, struct strbuf *out);

/*
 * A value that changes whenever anything the tree showed may have stopped existing (a
 * memory block, a node, a firmware map entry, a run-time object, a file whose presence
 * depends on the configuration). Caches of cacheable
 * entries compare it before and after a write and revalidate what they hold when it moved.
 */
uint64_t abi_tree_epoch(struct machine *m);

/* Resolve an absolute path in the tree (no symlink following). 0 or -ENOENT/-ENOTDIR. */
int abi_resolve(struct machine *m, const char *path, struct abi_stat *st);
/* Path conveniences over the calls above, for the CLI, scenario runner and tests. */
int abi_read_path(struct machine *m, const char *path, struct strbuf *out);
int abi_write_path(struct machine *m, const char *path, const char *buf, size_t len);

#endif
