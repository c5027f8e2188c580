/* SPDX-License-Identifier: MIT */
/*
 * lib/kobject.c — the run-time object tree behind lib/kobject.h. Objects are few (drivers'
 * devices, not memory blocks), so children are plain lists in creation order and lookups
 * walk them; ids index an idxmap so a file system can turn an inode back into an object.
 */
#include "kobject.h"

#include <stdlib.h>
#include <string.h>

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		abort();
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		abort();
	return p;
}

void kobj_registry_init(struct kobj_registry *reg, void *ctx)
{
	memset(reg, 0, sizeof(*reg));
	idxmap_init(&reg->by_id);
	reg->next_id = 1;
	reg->ctx = ctx;
}

static void free_tree(struct kobject *k)
{
	while (k) {
		struct kobject *next = k->next_sibling;

		free_tree(k->first_child);
		free(k->name);
		free(k->anchor);
		free(k->link);
		free(k);
		k = next;
	}
}

void kobj_registry_release(struct kobj_registry *reg)
{
	free_tree(reg->top);
	idxmap_release(&reg->by_id);
	memset(reg, 0, sizeof(*reg));
}

static bool in_dir(const struct kobject *k, const struct kobject *parent, const char *anchor)
{
	if (parent)
		return k->parent == parent;
	return !k->parent && anchor && !strcmp(k->anchor, anchor);
}

static struct kobject *first_entry(const struct kobj_registry *reg, const struct kobject *parent)
{
	return parent ? parent->first_child : reg->top;
}

struct kobject *kobject_lookup(const struct kobj_registry *reg, const struct kobject *parent,
			       const char *anchor, const char *name)
{
	for (struct kobject *k = first_entry(reg, parent); k; k = k->next_sibling)
		if (in_dir(k, parent, anchor) && !strcmp(k->name, name))
			return k;
	return NULL;
}

static struct kobject *add(struct kobj_registry *reg, struct kobject *parent, const char *anchor,
			   const char *name)
{
	if ((!parent && !anchor) || !*name || strchr(name, '/') ||
	    kobject_lookup(reg, parent, anchor, name))
		return NULL;

	struct kobject *k = xcalloc(1, sizeof(*k));

	k->id = reg->next_id++;
	k->name = xstrdup(name);
	k->parent = parent;
	k->anchor = parent ? NULL : xstrdup(anchor);
	k->ctx = reg->ctx;
	if (parent) {
		if (parent->last_child)
			parent->last_child->next_sibling = k;
		else
			parent->first_child = k;
		parent->last_child = k;
	} else {
		if (reg->top_last)
			reg->top_last->next_sibling = k;
		else
			reg->top = k;
		reg->top_last = k;
	}
	idxmap_set(&reg->by_id, k->id, k);
	reg->generation++;
	return k;
}

struct kobject *kobject_create(struct kobj_registry *reg, struct kobject *parent,
			       const char *anchor, const char *name,
			       const struct kobj_attribute *attrs, int nr_attrs, void *priv)
{
	if (parent && parent->link)
		return NULL;

	struct kobject *k = add(reg, parent, anchor, name);

	if (k) {
		k->attrs = attrs;
		k->nr_attrs = attrs ? nr_attrs : 0;
		k->priv = priv;
	}
	return k;
}

struct kobject *kobject_create_link(struct kobj_registry *reg, struct kobject *parent,
				    const char *anchor, const char *name, const char *target)
{
	if (parent && parent->link)
		return NULL;

	struct kobject *k = add(reg, parent, anchor, name);

	if (k)
		k->link = xstrdup(target);
	return k;
}

struct kobject *kobject_create_chrdev(struct kobj_registry *reg, struct kobject *parent,
				     const char *anchor, const char *name, uint32_t major,
				     uint32_t minor)
{
	if (parent && parent->link)
		return NULL;

	struct kobject *k = add(reg, parent, anchor, name);

	if (k) {
		k->is_chrdev = true;
		k->devt_major = major;
		k->devt_minor = minor;
	}
	return k;
}

static void unindex(struct kobj_registry *reg, struct kobject *k)
{
	for (struct kobject *c = k->first_child; c; c = c->next_sibling)
		unindex(reg, c);
	idxmap_set(&reg->by_id, k->id, NULL);
}

void kobject_del(struct kobj_registry *reg, struct kobject *kobj)
{
	struct kobject **head = kobj->parent ? &kobj->parent->first_child : &reg->top;
	struct kobject **tail = kobj->parent ? &kobj->parent->last_child : &reg->top_last;
	struct kobject *prev = NULL;

	for (struct kobject *k = *head; k && k != kobj; k = k->next_sibling)
		prev = k;
	if (prev)
		prev->next_sibling = kobj->next_sibling;
	else
		*head = kobj->next_sibling;
	if (*tail == kobj)
		*tail = prev;
	unindex(reg, kobj);
	kobj->next_sibling = NULL;
	free_tree(kobj);
	reg->generation++;
}

struct kobject *kobject_get(const struct kobj_registry *reg, uint64_t id)
{
	return idxmap_get(&reg->by_id, id);
}

struct kobject *kobject_find(const struct kobj_registry *reg, const char *anchor, const char *path)
{
	struct kobject *k = NULL;
	char name[256];

	while (*path) {
		size_t n = strcspn(path, "/");

		if (n && n < sizeof(name)) {
			memcpy(name, path, n);
			name[n] = '\0';
			k = kobject_lookup(reg, k, anchor, name);
			if (!k)
				return NULL;
		} else if (n) {
			return NULL;
		}
		path += n;
		while (*path == '/')
			path++;
	}
	return k;
}

struct kobject *kobject_first_child(const struct kobj_registry *reg, const struct kobject *parent,
				    const char *anchor, uint64_t from)
{
	for (struct kobject *k = first_entry(reg, parent); k; k = k->next_sibling)
		if (k->id >= from && in_dir(k, parent, anchor))
			return k;
	return NULL;
}

struct kobject *kobject_next_sibling(const struct kobject *kobj)
{
	for (struct kobject *k = kobj->next_sibling; k; k = k->next_sibling)
		if (k->parent || !strcmp(k->anchor, kobj->anchor))
			return k;
	return NULL;
}

bool kobject_attr_visible(struct kobject *kobj, int idx)
{
	if (idx < 0 || idx >= kobj->nr_attrs)
		return false;
	return !kobj->attrs[idx].visible || kobj->attrs[idx].visible(kobj);
}

int kobject_attr_index(struct kobject *kobj, const char *name)
{
	for (int i = 0; i < kobj->nr_attrs; i++)
		if (!strcmp(kobj->attrs[i].name, name))
			return kobject_attr_visible(kobj, i) ? i : -1;
	return -1;
}

void kobject_path(const struct kobject *kobj, struct strbuf *out)
{
	if (kobj->parent)
		kobject_path(kobj->parent, out);
	else
		strbuf_addstr(out, kobj->anchor);
	strbuf_addf(out, "/%s", kobj->name);
}

/* The directory path of a link's parent: @parent's path, or @anchor. */
static void dir_path(const struct kobject *parent, const char *anchor, struct strbuf *out)
{
	if (parent)
		kobject_path(parent, out);
	else
		strbuf_addstr(out, anchor);
}

/* Length of the leading path components @a and @b share ("/a/b/c", "/a/bc" -> 2: "/a"). */
static size_t common_dir_len(const char *a, const char *b)
{
	size_t common = 0, i = 0;

	for (; a[i] && a[i] == b[i]; i++)
		if (a[i] == '/')
			common = i;
	if (!a[i] && (b[i] == '/' || !b[i]))
		common = i;
	return common;
}

void kobject_relative_path(const char *from_dir, const char *to, struct strbuf *out)
{
	size_t common = common_dir_len(from_dir, to);

	for (const char *p = from_dir + common; *p; p++)
		if (*p == '/')
			strbuf_addstr(out, "../");
	strbuf_addstr(out, to[common] == '/' ? to + common + 1 : to + common);
}

struct kobject *kobject_create_link_abs(struct kobj_registry *reg, struct kobject *parent,
					const char *anchor, const char *name, const char *target)
{
	struct strbuf from = STRBUF_INIT, rel = STRBUF_INIT;
	struct kobject *k;

	dir_path(parent, anchor, &from);
	kobject_relative_path(from.buf, target, &rel);
	k = kobject_create_link(reg, parent, anchor, name, rel.buf);
	strbuf_release(&from);
	strbuf_release(&rel);
	return k;
}
