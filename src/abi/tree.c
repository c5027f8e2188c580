/* SPDX-License-Identifier: MIT */
/*
 * abi/tree.c — the attribute tree behind abi.h. An inode number encodes what it names:
 *   bits 63..56 kind, 55..8 object (block id, nid, or both), 7..0 attribute index.
 * Fixed files and directories come from one table; memory blocks, nodes and their links
 * are computed from the machine on each call, so nothing is stored per block here.
 * Run-time objects drivers create (lib/kobject.h) hang below anchors of the table
 * and are named by their kobject id: attr 0 is the object, attr i+1 its attribute i.
 */
#include "abi.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/attrs.h"
#include "drivers/drivers.h"
#include "hotplug/machine.h"

#define INO(kind, obj, attr)	(((uint64_t)(kind) << 56) | ((uint64_t)(obj) << 8) | (attr))
#define INO_KIND(ino)		((int)((ino) >> 56))
#define INO_OBJ(ino)		(((ino) >> 8) & ((1ULL << 48) - 1))
#define INO_ATTR(ino)		((int)((ino) & 0xff))
#define LINK_OBJ(id, nid)	(((uint64_t)(id) << 10) | (uint64_t)(nid))
#define OFF_DYNAMIC		1000ULL

enum ino_kind {
	K_STATIC,		/* attr = table index + 1 */
	K_BLOCK_DIR,		/* obj = block id */
	K_BLOCK_ATTR,		/* obj = block id, attr = block_attrs[] index */
	K_BLOCK_NODELINK,	/* obj = LINK_OBJ(block id, nid) */
	K_NODE_DIR,		/* obj = nid */
	K_NODE_ATTR,		/* obj = nid, attr = node_attrs[] index */
	K_NODE_MEMLINK,		/* obj = LINK_OBJ(block id, nid) */
	K_FWMAP_DIR,		/* obj = firmware memmap entry index */
	K_FWMAP_ATTR,		/* obj = entry index, attr = fwmap_attrs[] index */
	K_KOBJ,			/* obj = kobject id, attr 0 = itself, i + 1 = attribute i */
};

static const struct {
	int idx;
	const char *path;
} anchors[] = {
	{ STATIC_DEVICES_DIR, "/sys/devices" },
	{ STATIC_BUS_DIR, "/sys/bus" },
	{ STATIC_PLATFORM_DIR, "/sys/devices/platform" },
	{ STATIC_DEBUG_DIR, "/sys/kernel/debug" },
	{ STATIC_SYSMODULE_DIR, "/sys/module" },
	{ STATIC_DEVCHAR_DIR, "/sys/dev/char" },
	{ STATIC_DEV_DIR, "/dev" },
};

/* The kobject anchor path of static directory @idx, or NULL. */
static const char *anchor_of(int idx)
{
	for (size_t i = 0; i < sizeof(anchors) / sizeof(anchors[0]); i++)
		if (anchors[i].idx == idx)
			return anchors[i].path;
	return NULL;
}

static uint64_t kobj_ino(const struct kobject *k, int attr)
{
	return INO(K_KOBJ, k->id, attr);
}

/* Files below /sys/kernel/debug report size 0 (debugfs), sysfs files a page. */
static uint64_t kobj_file_size(const struct kobject *k)
{
	while (k->parent)
		k = k->parent;
	return strcmp(k->anchor, "/sys/kernel/debug") ? 4096 : 0;
}

static void fill_stat(struct abi_stat *st, uint64_t ino, enum abi_type type, unsigned int mode,
		      uint64_t size)
{
	st->ino = ino;
	st->type = type;
	st->mode = mode;
	st->size = size;
	st->nlink = type == ABI_DIR ? 2 : 1;
	st->cacheable = true;
	st->rdev_major = st->rdev_minor = 0;
}

static void stat_static(struct machine *m, struct abi_stat *st, int idx)
{
	const struct abi_file *f = &static_files[idx];

	fill_stat(st, INO(K_STATIC, 0, idx + 1), f->type, f->mode,
		  f->size_fn ? f->size_fn(m, 0) : f->size);
	st->cacheable = !f->size_fn;	/* presence changes move abi_tree_epoch() */
}

/* A static file exists when it and every directory above it do. */
static bool static_present(struct machine *m, int idx)
{
	for (;;) {
		if (static_files[idx].present && !static_files[idx].present(m))
			return false;
		if (!idx || static_files[idx].parent == idx)
			return true;
		idx = static_files[idx].parent;
	}
}

/* Memory block devices are registered only by a kernel built with MEMORY_HOTPLUG. */
static bool memory_devices(struct machine *m)
{
	return kconfig_enabled(&m->boot.kconfig, KCONFIG_MEMORY_HOTPLUG);
}

static struct memory_block *block_of(struct machine *m, uint64_t ino)
{
	return memory_devices(m) ? find_memory_block_by_id(m, INO_OBJ(ino)) : NULL;
}

static bool node_dir_exists(struct machine *m, uint64_t nid)
{
	return nid < (uint64_t)m->nr_node_ids && m->pgdat[nid] && node_state(&m->nodes, (int)nid, N_ONLINE);
}

static bool block_links_nid(const struct memory_block *mem, int nid)
{
	for (int i = 0; mem && i < mem->nr_links; i++)
		if (mem->link_nid[i] == nid)
			return true;
	return false;
}

/*
 * The directory of a block, node or firmware map entry (@attrs NULL), or its file
 * @attrs[INO_ATTR(@ino)] of @nr_attrs: -ENOENT unless the object @exists. Fills @st.
 */
static int stat_obj_entry(struct abi_stat *st, uint64_t ino, bool exists,
			  const struct abi_file *attrs, int nr_attrs)
{
	int attr = INO_ATTR(ino);

	if (!exists)
		return -ENOENT;
	if (!attrs) {
		fill_stat(st, ino, ABI_DIR, 0755, 0);
		return 0;
	}
	if (attr >= nr_attrs)
		return -ENOENT;
	fill_stat(st, ino, attrs[attr].type, attrs[attr].mode, attrs[attr].size);
	return 0;
}

/* Does @ino name something that exists now? Fills @st. Caller holds m->lock. */
static int getattr_locked(struct machine *m, uint64_t ino, struct abi_stat *st)
{
	uint64_t obj = INO_OBJ(ino);
	int attr = INO_ATTR(ino);

	switch (INO_KIND(ino)) {
	case K_STATIC:
		if (attr < 1 || attr > nr_static_files || !static_present(m, attr - 1))
			return -ENOENT;
		stat_static(m, st, attr - 1);
		return 0;
	case K_BLOCK_DIR:
		return stat_obj_entry(st, ino, block_of(m, ino) != NULL, NULL, 0);
	case K_BLOCK_ATTR:
		return stat_obj_entry(st, ino, block_of(m, ino) != NULL, block_attrs, nr_block_attrs);
	case K_NODE_DIR:
		return stat_obj_entry(st, ino, node_dir_exists(m, obj), NULL, 0);
	case K_NODE_ATTR:
		return stat_obj_entry(st, ino, node_dir_exists(m, obj), node_attrs, nr_node_attrs);
	case K_FWMAP_DIR:
		return stat_obj_entry(st, ino, firmware_map_has(m, obj), NULL, 0);
	case K_FWMAP_ATTR:
		return stat_obj_entry(st, ino, firmware_map_has(m, obj), fwmap_attrs, nr_fwmap_attrs);
	case K_KOBJ: {
		struct kobject *k = kobject_get(&m->kobjs, obj);

		if (!k)
			return -ENOENT;
		if (!attr && k->is_chrdev) {
			fill_stat(st, ino, ABI_CHR, 0600, 0);
			st->rdev_major = k->devt_major;
			st->rdev_minor = k->devt_minor;
			return 0;
		}
		if (!attr) {
			fill_stat(st, ino, k->link ? ABI_LNK : ABI_DIR, k->link ? 0777 : 0755, 0);
			return 0;
		}
		if (k->link || !kobject_attr_visible(k, attr - 1))
			return -ENOENT;
		fill_stat(st, ino, ABI_REG, k->attrs[attr - 1].mode, kobj_file_size(k));
		st->cacheable = !k->attrs[attr - 1].visible;
		return 0;
	}
	case K_BLOCK_NODELINK:
	case K_NODE_MEMLINK: {
		struct memory_block *mem = memory_devices(m) ? find_memory_block_by_id(m, obj >> 10) : NULL;

		if (!block_links_nid(mem, (int)(obj & 1023)) ||
		    (INO_KIND(ino) == K_NODE_MEMLINK && !node_dir_exists(m, obj & 1023)))
			return -ENOENT;
		fill_stat(st, ino, ABI_LNK, 0777, 0);
		return 0;
	}
	}
	return -ENOENT;
}

int abi_getattr(struct machine *m, uint64_t ino, struct abi_stat *st)
{
	pthread_mutex_lock(&m->lock);
	int ret = getattr_locked(m, ino, st);

	pthread_mutex_unlock(&m->lock);
	return ret;
}

/* Parse "<prefix><decimal>" with no leading zeros; -1 if it does not match. */
static int64_t parse_numbered(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(name, prefix, n) || !name[n] || (name[n] == '0' && name[n + 1]))
		return -1;
	int64_t v = 0;

	for (const char *p = name + n; *p; p++) {
		if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v;
}

static int lookup_static_child(struct machine *m, int parent_idx, const char *name, struct abi_stat *st)
{
	for (int i = 0; i < nr_static_files; i++)
		if (static_files[i].parent == parent_idx && !strcmp(static_files[i].name, name) &&
		    static_present(m, i) && i != parent_idx) {
			stat_static(m, st, i);
			return 0;
		}
	return -ENOENT;
}

/* 0 if @ino is a directory that exists now, else -ENOENT or -ENOTDIR. Caller holds m->lock. */
static int check_dir(struct machine *m, uint64_t ino)
{
	struct abi_stat st;
	int ret = getattr_locked(m, ino, &st);

	if (ret)
		return ret;
	return st.type == ABI_DIR ? 0 : -ENOTDIR;
}

static int lookup_locked(struct machine *m, uint64_t parent, const char *name, struct abi_stat *st)
{
	int ret = check_dir(m, parent);
	int64_t n;

	if (ret)
		return ret;
	switch (INO_KIND(parent)) {
	case K_STATIC: {
		int idx = INO_ATTR(parent) - 1;

		if (!lookup_static_child(m, idx, name, st))
			return 0;
		if (idx == STATIC_MEMORY_DIR && (n = parse_numbered(name, "memory")) >= 0)
			return getattr_locked(m, INO(K_BLOCK_DIR, n, 0), st);
		if (idx == STATIC_NODE_DIR && (n = parse_numbered(name, "node")) >= 0 && n < MAX_NUMNODES)
			return getattr_locked(m, INO(K_NODE_DIR, n, 0), st);
		if (idx == STATIC_FWMAP_DIR && (n = parse_numbered(name, "")) >= 0 && n < (1LL << 40))
			return getattr_locked(m, INO(K_FWMAP_DIR, n, 0), st);
		if (anchor_of(idx)) {
			struct kobject *k = kobject_lookup(&m->kobjs, NULL, anchor_of(idx), name);

			if (k)
				return getattr_locked(m, kobj_ino(k, 0), st);
		}
		return -ENOENT;
	}
	case K_KOBJ: {
		struct kobject *k = kobject_get(&m->kobjs, INO_OBJ(parent));
		int i = kobject_attr_index(k, name);

		if (i >= 0)
			return getattr_locked(m, kobj_ino(k, i + 1), st);
		k = kobject_lookup(&m->kobjs, k, NULL, name);
		return k ? getattr_locked(m, kobj_ino(k, 0), st) : -ENOENT;
	}
	case K_BLOCK_DIR:
		for (int i = 0; i < nr_block_attrs; i++)
			if (block_attrs[i].parent < 0 && !strcmp(block_attrs[i].name, name))
				return getattr_locked(m, INO(K_BLOCK_ATTR, INO_OBJ(parent), i), st);
		if ((n = parse_numbered(name, "node")) >= 0 && n < MAX_NUMNODES)
			return getattr_locked(m, INO(K_BLOCK_NODELINK, LINK_OBJ(INO_OBJ(parent), n), 0), st);
		return -ENOENT;
	case K_NODE_DIR:
		for (int i = 0; i < nr_node_attrs; i++)
			if (node_attrs[i].parent < 0 && !strcmp(node_attrs[i].name, name))
				return getattr_locked(m, INO(K_NODE_ATTR, INO_OBJ(parent), i), st);
		if ((n = parse_numbered(name, "memory")) >= 0 && n < (1LL << 38))
			return getattr_locked(m, INO(K_NODE_MEMLINK, LINK_OBJ(n, INO_OBJ(parent)), 0), st);
		return -ENOENT;
	case K_FWMAP_DIR:
		for (int i = 0; i < nr_fwmap_attrs; i++)
			if (!strcmp(fwmap_attrs[i].name, name))
				return getattr_locked(m, INO(K_FWMAP_ATTR, INO_OBJ(parent), i), st);
		return -ENOENT;
	default:	/* empty directories (power/) */
		return -ENOENT;
	}
}

int abi_lookup(struct machine *m, uint64_t parent, const char *name, struct abi_stat *st)
{
	pthread_mutex_lock(&m->lock);
	int ret = lookup_locked(m, parent, name, st);

	pthread_mutex_unlock(&m->lock);
	return ret;
}

struct dir_cursor {
	abi_filldir_t fill;
	void *ctx;
	bool stop;
};

static bool emit(struct dir_cursor *c, const char *name, const struct abi_stat *st, uint64_t next)
{
	if (c->stop)
		return false;
	if (c->fill(c->ctx, name, st, next))
		c->stop = true;
	return !c->stop;
}

/* Fixed children of static dir @idx, resuming at table index @off. */
static void readdir_static(struct machine *m, int idx, uint64_t off, struct dir_cursor *c)
{
	for (int i = (int)off; i < nr_static_files && !c->stop; i++) {
		struct abi_stat st;

		if (static_files[i].parent != idx || i == idx || !static_present(m, i))
			continue;
		stat_static(m, &st, i);
		emit(c, static_files[i].name, &st, (uint64_t)i + 1);
	}
}

static void readdir_blocks(struct machine *m, uint64_t off, struct dir_cursor *c, int only_nid)
{
	uint64_t id = off > OFF_DYNAMIC ? off - OFF_DYNAMIC - 1 : 0;
	struct memory_block *mem;
	char name[40];

	while (!c->stop && memory_devices(m) && (mem = idxmap_next(&m->blocks, id, &id))) {
		struct abi_stat st;

		if (only_nid < 0) {
			fill_stat(&st, INO(K_BLOCK_DIR, id, 0), ABI_DIR, 0755, 0);
		} else if (block_links_nid(mem, only_nid)) {
			fill_stat(&st, INO(K_NODE_MEMLINK, LINK_OBJ(id, only_nid), 0), ABI_LNK, 0777, 0);
		} else {
			id++;
			continue;
		}
		snprintf(name, sizeof(name), "memory%llu", (unsigned long long)id);
		emit(c, name, &st, OFF_DYNAMIC + id + 2);
		id++;
	}
}

static void readdir_nodes(struct machine *m, uint64_t off, struct dir_cursor *c)
{
	char name[40];

	for (uint64_t nid = off > OFF_DYNAMIC ? off - OFF_DYNAMIC - 1 : 0;
	     nid < (uint64_t)m->nr_node_ids && !c->stop; nid++) {
		struct abi_stat st;

		if (!node_dir_exists(m, nid))
			continue;
		fill_stat(&st, INO(K_NODE_DIR, nid, 0), ABI_DIR, 0755, 0);
		snprintf(name, sizeof(name), "node%llu", (unsigned long long)nid);
		emit(c, name, &st, OFF_DYNAMIC + nid + 2);
	}
}

static void readdir_attrs(const struct abi_file *tab, int n, int kind, uint64_t obj, uint64_t off,
			  struct dir_cursor *c)
{
	for (int i = (int)off; i < n && !c->stop; i++) {
		struct abi_stat st;

		if (tab[i].parent >= 0)
			continue;
		fill_stat(&st, INO(kind, obj, i), tab[i].type, tab[i].mode, tab[i].size);
		emit(c, tab[i].name, &st, (uint64_t)i + 1);
	}
}

/* /sys/firmware/memmap: entries in creation order; offsets resume after an index. */
static void readdir_fwmap(struct machine *m, uint64_t off, struct dir_cursor *c)
{
	char name[24];

	for (int i = 0; i < m->nr_fwmap && !c->stop; i++) {
		uint64_t idx = (uint64_t)m->fwmap[i].idx;
		struct abi_stat st;

		if (off > OFF_DYNAMIC && idx + 1 < off - OFF_DYNAMIC)
			continue;
		fill_stat(&st, INO(K_FWMAP_DIR, idx, 0), ABI_DIR, 0755, 0);
		snprintf(name, sizeof(name), "%llu", (unsigned long long)idx);
		emit(c, name, &st, OFF_DYNAMIC + idx + 2);
	}
}

static void readdir_block(struct machine *m, uint64_t id, uint64_t off, struct dir_cursor *c)
{
	struct memory_block *mem = find_memory_block_by_id(m, id);
	char name[40];

	if (off < OFF_DYNAMIC)
		readdir_attrs(block_attrs, nr_block_attrs, K_BLOCK_ATTR, id, off, c);
	for (int i = off > OFF_DYNAMIC ? (int)(off - OFF_DYNAMIC) : 0; mem && i < mem->nr_links && !c->stop; i++) {
		struct abi_stat st;

		fill_stat(&st, INO(K_BLOCK_NODELINK, LINK_OBJ(id, mem->link_nid[i]), 0), ABI_LNK, 0777, 0);
		snprintf(name, sizeof(name), "node%d", mem->link_nid[i]);
		emit(c, name, &st, OFF_DYNAMIC + (uint64_t)i + 1);
	}
}

/* Children of a kobject directory (or of an anchor when @parent is NULL), after @off. */
static void readdir_kobj_children(struct machine *m, struct kobject *parent, const char *anchor,
				  uint64_t off, struct dir_cursor *c)
{
	uint64_t from = off > OFF_DYNAMIC ? off - OFF_DYNAMIC : 0;

	for (struct kobject *k = kobject_first_child(&m->kobjs, parent, anchor, from);
	     k && !c->stop; k = kobject_next_sibling(k)) {
		struct abi_stat st;

		getattr_locked(m, kobj_ino(k, 0), &st);
		emit(c, k->name, &st, OFF_DYNAMIC + k->id + 1);
	}
}

static void readdir_kobj(struct machine *m, struct kobject *k, uint64_t off, struct dir_cursor *c)
{
	for (int i = (int)off; off < OFF_DYNAMIC && i < k->nr_attrs && !c->stop; i++) {
		struct abi_stat st;

		if (!kobject_attr_visible(k, i))
			continue;
		getattr_locked(m, kobj_ino(k, i + 1), &st);
		emit(c, k->attrs[i].name, &st, (uint64_t)i + 1);
	}
	readdir_kobj_children(m, k, NULL, off, c);
}

static int readdir_locked(struct machine *m, uint64_t ino, uint64_t off, struct dir_cursor *c)
{
	int ret = check_dir(m, ino);

	if (ret)
		return ret;
	switch (INO_KIND(ino)) {
	case K_STATIC: {
		int idx = INO_ATTR(ino) - 1;

		if (off < OFF_DYNAMIC)
			readdir_static(m, idx, off, c);
		if (idx == STATIC_MEMORY_DIR)
			readdir_blocks(m, off, c, -1);
		else if (idx == STATIC_NODE_DIR)
			readdir_nodes(m, off, c);
		else if (idx == STATIC_FWMAP_DIR)
			readdir_fwmap(m, off, c);
		else if (anchor_of(idx))
			readdir_kobj_children(m, NULL, anchor_of(idx), off, c);
		return 0;
	}
	case K_BLOCK_DIR:
		readdir_block(m, INO_OBJ(ino), off, c);
		return 0;
	case K_NODE_DIR:
		if (off < OFF_DYNAMIC)
			readdir_attrs(node_attrs, nr_node_attrs, K_NODE_ATTR, INO_OBJ(ino), off, c);
		readdir_blocks(m, off, c, (int)INO_OBJ(ino));
		return 0;
	case K_FWMAP_DIR:
		readdir_attrs(fwmap_attrs, nr_fwmap_attrs, K_FWMAP_ATTR, INO_OBJ(ino), off, c);
		return 0;
	case K_KOBJ:
		readdir_kobj(m, kobject_get(&m->kobjs, INO_OBJ(ino)), off, c);
		return 0;
	default:
		return 0;
	}
}

int abi_readdir(struct machine *m, uint64_t ino, uint64_t off, abi_filldir_t fill, void *ctx)
{
	struct dir_cursor c = { fill, ctx, false };

	pthread_mutex_lock(&m->lock);
	int ret = readdir_locked(m, ino, off, &c);

	pthread_mutex_unlock(&m->lock);
	return ret;
}

/* The file table entry and object behind a file inode; -errno if none. */
static int file_of(struct machine *m, uint64_t ino, const struct abi_file **f, uint64_t *obj)
{
	struct abi_stat st;
	int ret = getattr_locked(m, ino, &st);

	if (ret)
		return ret;
	if (st.type == ABI_DIR)
		return -EISDIR;
	*obj = INO_OBJ(ino);
	switch (INO_KIND(ino)) {
	case K_STATIC:
		*f = &static_files[INO_ATTR(ino) - 1];
		return 0;
	case K_BLOCK_ATTR:
		*f = &block_attrs[INO_ATTR(ino)];
		return 0;
	case K_NODE_ATTR:
		*f = &node_attrs[INO_ATTR(ino)];
		return 0;
	case K_FWMAP_ATTR:
		*f = &fwmap_attrs[INO_ATTR(ino)];
		return 0;
	default:
		return -EINVAL;
	}
}

/* The kobject and attribute behind a K_KOBJ file inode; -errno if none. */
static int kobj_file_of(struct machine *m, uint64_t ino, struct kobject **k,
			const struct kobj_attribute **a)
{
	struct abi_stat st;
	int ret = getattr_locked(m, ino, &st);

	if (ret)
		return ret;
	if (st.type != ABI_REG)
		return st.type == ABI_DIR ? -EISDIR : -EINVAL;
	*k = kobject_get(&m->kobjs, INO_OBJ(ino));
	*a = &(*k)->attrs[INO_ATTR(ino) - 1];
	return 0;
}

static int kobj_read_locked(struct machine *m, uint64_t ino, struct strbuf *out)
{
	const struct kobj_attribute *a;
	struct kobject *k;
	int ret = kobj_file_of(m, ino, &k, &a);

	if (!ret && !(a->mode & 0444))
		ret = -EACCES;
	if (!ret)
		ret = a->show ? a->show(k, out) : -EIO;
	return ret;
}

static int kobj_write(struct machine *m, uint64_t ino, const char *buf, size_t len)
{
	const struct kobj_attribute *a;
	struct kobject *k;

	pthread_mutex_lock(&m->lock);
	int ret = kobj_file_of(m, ino, &k, &a);

	if (!ret && (!(a->mode & 0222) || (!a->store && !a->store_count)))
		ret = -EACCES;
	if (!ret)
		ret = a->store_count ? a->store_count(k, buf, len) : a->store(k, buf);
	udev_settle(m);		/* e.g. a dax device bound to kmem: its blocks' add uevents */
	if (!ret)
		m->generation++;
	pthread_mutex_unlock(&m->lock);
	return ret;
}

int abi_read(struct machine *m, uint64_t ino, struct strbuf *out)
{
	const struct abi_file *f;
	uint64_t obj;

	if (INO_KIND(ino) == K_KOBJ) {
		pthread_mutex_lock(&m->lock);
		int ret = kobj_read_locked(m, ino, out);

		pthread_mutex_unlock(&m->lock);
		return ret;
	}
	pthread_mutex_lock(&m->lock);
	int ret = file_of(m, ino, &f, &obj);

	if (!ret && !(f->mode & 0444))
		ret = -EACCES;
	if (!ret)
		ret = f->show ? f->show(m, obj, out) : -EIO;
	pthread_mutex_unlock(&m->lock);
	return ret;
}

int abi_write_reply(struct machine *m, uint64_t ino, const char *buf, size_t len,
		    struct strbuf *reply)
{
	return abi_write_reply_as(m, ino, buf, len, reply, NULL);
}

/*
 * What sysfs hands a store: the first page of @buf at most (@len is cut to it), then a NUL, in
 * a buffer the caller frees.
 */
static char *store_buffer(const char *buf, size_t *len)
{
	char *copy;

	if (*len > 4096)
		*len = 4096;
	copy = malloc(*len + 1);
	if (!copy)
		abort();
	memcpy(copy, buf, *len);
	copy[*len] = '\0';
	return copy;
}

int abi_write_reply_as(struct machine *m, uint64_t ino, const char *buf, size_t len,
		       struct strbuf *reply, const char *writer)
{
	const struct abi_file *f;
	uint64_t obj;
	char *copy;

	if (INO_KIND(ino) == K_KOBJ) {
		copy = store_buffer(buf, &len);
		int ret = kobj_write(m, ino, copy, len);

		free(copy);
		return ret;
	}
	pthread_mutex_lock(&m->lock);
	int ret = file_of(m, ino, &f, &obj);

	if (!ret && (!(f->mode & 0222) || (!f->store && !f->reply)))
		ret = -EACCES;
	pthread_mutex_unlock(&m->lock);
	if (ret)
		return ret;
	copy = store_buffer(buf, &len);
	if (f->reply) {		/* takes the lock itself (the monitor) */
		ret = f->reply(m, copy, reply);
	} else {
		pthread_mutex_lock(&m->lock);
		ret = getattr_locked(m, ino, &(struct abi_stat){ 0 });
		m->writer = writer;
		if (!ret)
			ret = f->store(m, obj, copy);
		m->writer = NULL;
		udev_settle(m);	/* e.g. probe: the new block's add uevent */
		if (!ret)
			m->generation++;
		pthread_mutex_unlock(&m->lock);
	}
	free(copy);
	return ret;
}

int abi_write(struct machine *m, uint64_t ino, const char *buf, size_t len)
{
	struct strbuf reply = STRBUF_INIT;
	int ret = abi_write_reply(m, ino, buf, len, &reply);

	strbuf_release(&reply);
	return ret;
}

int abi_readlink(struct machine *m, uint64_t ino, struct strbuf *out)
{
	uint64_t obj = INO_OBJ(ino);
	struct abi_stat st;

	pthread_mutex_lock(&m->lock);
	int ret = getattr_locked(m, ino, &st);

	if (!ret && st.type != ABI_LNK)
		ret = -EINVAL;
	if (!ret) {
		if (INO_KIND(ino) == K_BLOCK_NODELINK)
			strbuf_addf(out, "../../node/node%llu", (unsigned long long)(obj & 1023));
		else if (INO_KIND(ino) == K_NODE_MEMLINK)
			strbuf_addf(out, "../../memory/memory%llu", (unsigned long long)(obj >> 10));
		else if (INO_KIND(ino) == K_BLOCK_ATTR)
			strbuf_addstr(out, block_attrs[INO_ATTR(ino)].link);
		else if (INO_KIND(ino) == K_NODE_ATTR)
			strbuf_addstr(out, node_attrs[INO_ATTR(ino)].link);
		else if (INO_KIND(ino) == K_KOBJ)
			strbuf_addstr(out, kobject_get(&m->kobjs, obj)->link);
		else
			ret = -EINVAL;
	}
	pthread_mutex_unlock(&m->lock);
	return ret;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x100000001b3ULL;
}

uint64_t abi_tree_epoch(struct machine *m)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	pthread_mutex_lock(&m->lock);
	h = mix(h, m->blocks.removed);
	h = mix(h, (uint64_t)(m->next_fwmap_idx - m->nr_fwmap));	/* entries removed, ever */
	h = mix(h, m->kobjs.generation);
	for (int i = 0; i < NODE_MASK_WORDS; i++)
		h = mix(h, m->nodes.m[N_ONLINE][i]);
	for (int i = 0; i < nr_static_files; i++)
		if (static_files[i].present)
			h = mix(h, (uint64_t)i << 1 | static_files[i].present(m));
	pthread_mutex_unlock(&m->lock);
	return h;
}

int abi_resolve(struct machine *m, const char *path, struct abi_stat *st)
{
	char name[256];
	uint64_t ino = ABI_ROOT_INO;
	int ret = abi_getattr(m, ino, st);

	while (!ret && *path) {
		while (*path == '/')
			path++;
		size_t n = strcspn(path, "/");

		if (!n)
			break;
		if (n >= sizeof(name))
			return -ENAMETOOLONG;
		memcpy(name, path, n);
		name[n] = '\0';
		path += n;
		ret = abi_lookup(m, ino, name, st);
		ino = st->ino;
	}
	return ret;
}

int abi_read_path(struct machine *m, const char *path, struct strbuf *out)
{
	struct abi_stat st;
	int ret = abi_resolve(m, path, &st);

	return ret ? ret : abi_read(m, st.ino, out);
}

int abi_write_path(struct machine *m, const char *path, const char *buf, size_t len)
{
	struct abi_stat st;
	int ret = abi_resolve(m, path, &st);

	return ret ? ret : abi_write(m, st.ino, buf, len);
}
