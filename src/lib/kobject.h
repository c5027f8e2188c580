/* SPDX-License-Identifier: MIT */
/*
 * lib/kobject.h — named objects with attributes, arranged in a tree, for the parts of
 * sysfs and debugfs that drivers create and destroy at run time: /sys/bus/dax,
 * /sys/bus/cxl, /sys/devices/platform/hmem.N, /sys/kernel/debug/notifier-error-inject...
 *
 * Memory blocks and nodes are not kobjects here (abi/ computes them from the machine, so
 * nothing is stored per block); kobjects are for the few hundred objects drivers own.
 *
 * A kobject is a directory or a symlink.  Top-level kobjects hang under an anchor: the
 * absolute path of a fixed directory of the attribute tree ("/sys/bus").  Attributes are
 * files of the directory, described by a table the driver owns.  Ids are never reused, so
 * the file system can use them as inode numbers: a removed object simply stops existing.
 *
 * Callbacks run with the machine lock held (the caller of abi_*() takes it).  A show()
 * appends the file's exact bytes; a store() gets the whole written buffer, NUL-terminated,
 * and returns 0 or -errno, changing nothing on error.
 */
#ifndef MEMHP_LIB_KOBJECT_H
#define MEMHP_LIB_KOBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/idxmap.h"
#include "lib/strbuf.h"

struct kobject;

struct kobj_attribute {
	const char *name;
	unsigned int mode;		/* 0444, 0644, 0200, 0600 */
	int (*show)(struct kobject *kobj, struct strbuf *out);
	int (*store)(struct kobject *kobj, const char *buf);
	/* optional: hide the file while it returns false (sysfs is_visible) */
	bool (*visible)(struct kobject *kobj);
	/*
	 * optional, in place of store: one that needs sysfs's byte count, as a check of the
	 * length written (buf holds @count bytes, then a NUL; a writer's own NUL may be among them)
	 */
	int (*store_count)(struct kobject *kobj, const char *buf, size_t count);
};

struct kobject {
	uint64_t id;			/* >= 1, never reused */
	char *name;
	struct kobject *parent;		/* NULL: directly under @anchor */
	char *anchor;			/* fixed directory path, top-level objects only */
	char *link;			/* symlink target (relative path), or NULL for a dir */
	uint32_t devt_major, devt_minor;	/* a character device node when is_chrdev */
	bool is_chrdev;
	const struct kobj_attribute *attrs;
	int nr_attrs;
	void *priv;			/* the driver's object */
	void *ctx;			/* the registry's context (the machine) */
	/* children, in creation (= id) order */
	struct kobject *first_child, *last_child, *next_sibling;
};

struct kobj_registry {
	struct idxmap by_id;		/* id -> struct kobject */
	uint64_t next_id;
	void *ctx;			/* handed to every kobject as ->ctx */
	struct kobject *top;		/* top-level objects (any anchor), in id order */
	struct kobject *top_last;
	uint64_t generation;		/* bumped on every add or remove */
};

void kobj_registry_init(struct kobj_registry *reg, void *ctx);
void kobj_registry_release(struct kobj_registry *reg);

/*
 * Create directory @name under @parent (or under fixed directory @anchor when @parent is
 * NULL) with attribute table @attrs (may be NULL).  Returns NULL if the name is taken.
 */
struct kobject *kobject_create(struct kobj_registry *reg, struct kobject *parent,
			       const char *anchor, const char *name,
			       const struct kobj_attribute *attrs, int nr_attrs, void *priv);
/* Create symlink @name -> @target (relative, as readlink shows it). NULL if taken. */
struct kobject *kobject_create_link(struct kobj_registry *reg, struct kobject *parent,
				    const char *anchor, const char *name, const char *target);
/*
 * The same with @target given as an absolute path ("/sys/bus/dax/drivers/kmem"): the link
 * holds it relative to the link's directory ("../../../../bus/dax/drivers/kmem").
 */
struct kobject *kobject_create_link_abs(struct kobj_registry *reg, struct kobject *parent,
					const char *anchor, const char *name, const char *target);
/* @to relative to directory @from_dir, both absolute ("/a/b", "/a/c/d" -> "../c/d"). */
void kobject_relative_path(const char *from_dir, const char *to, struct strbuf *out);
/* Create character device node @name (major:minor), as devtmpfs shows it. NULL if taken. */
struct kobject *kobject_create_chrdev(struct kobj_registry *reg, struct kobject *parent,
				     const char *anchor, const char *name, uint32_t major,
				     uint32_t minor);
/* Remove @kobj and everything below it. */
void kobject_del(struct kobj_registry *reg, struct kobject *kobj);

struct kobject *kobject_get(const struct kobj_registry *reg, uint64_t id);
/* Child @name of @parent (or of @anchor when @parent is NULL). */
struct kobject *kobject_lookup(const struct kobj_registry *reg, const struct kobject *parent,
			       const char *anchor, const char *name);
/* Resolve "a/b/c" below @anchor; NULL if any part is missing. */
struct kobject *kobject_find(const struct kobj_registry *reg, const char *anchor, const char *path);
/*
 * Iterate the entries of a directory in id (= creation) order: the first child of
 * @parent (or of @anchor when @parent is NULL) with id >= @from, then the next sibling.
 */
struct kobject *kobject_first_child(const struct kobj_registry *reg, const struct kobject *parent,
				    const char *anchor, uint64_t from);
struct kobject *kobject_next_sibling(const struct kobject *kobj);

/* The attribute @name of @kobj, or -1 (including when not visible). */
int kobject_attr_index(struct kobject *kobj, const char *name);
bool kobject_attr_visible(struct kobject *kobj, int idx);
/* The absolute path of @kobj ("/sys/bus/dax/devices/dax0.0") into @out. */
void kobject_path(const struct kobject *kobj, struct strbuf *out);

#endif
