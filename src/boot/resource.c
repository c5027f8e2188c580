/* SPDX-License-Identifier: MIT */
/*
 * boot/resource.c — a resource tree as kernel/resource.c keeps it: children sorted by
 * start, siblings never overlapping, a request nesting into non-busy containers.
 */
#include "resource.h"

#include <stdlib.h>
#include <string.h>

#include "lib/strbuf.h"

static struct resource *resource_new(uint64_t start, uint64_t end, const char *name,
				     unsigned long flags)
{
	struct resource *r = calloc(1, sizeof(*r));

	if (!r || !(r->name = strdup(name)))
		abort();
	r->start = start;
	r->end = end;
	r->flags = flags;
	return r;
}

struct resource *iomem_root_new(unsigned int phys_bits)
{
	return resource_new(0, (1ULL << phys_bits) - 1, "PCI mem", IORESOURCE_MEM);
}

void resource_tree_free(struct resource *root)
{
	if (!root)
		return;
	for (struct resource *c = root->child, *next; c; c = next) {
		next = c->sibling;
		resource_tree_free(c);
	}
	free(root->name);
	free(root);
}

/* Insert @new under @root, or return the resource it conflicts with (maybe @root). */
static struct resource *request_resource_in(struct resource *root, struct resource *new)
{
	struct resource **p = &root->child;

	if (new->start < root->start || new->end > root->end || new->end < new->start)
		return root;
	for (;;) {
		struct resource *tmp = *p;

		if (!tmp || tmp->start > new->end) {
			new->sibling = tmp;
			*p = new;
			new->parent = root;
			return NULL;
		}
		p = &tmp->sibling;
		if (tmp->end < new->start)
			continue;
		return tmp;
	}
}

struct resource *request_region(struct resource *root, uint64_t start, uint64_t n,
				const char *name, unsigned long flags)
{
	struct resource *res = resource_new(start, start + n - 1, name, flags);
	struct resource *parent = root;

	for (;;) {
		struct resource *conflict = request_resource_in(parent, res);

		if (!conflict)
			return res;
		if (conflict != parent && !(conflict->flags & IORESOURCE_BUSY)) {
			parent = conflict;
			continue;
		}
		free(res->name);
		free(res);
		return NULL;
	}
}

static void unlink_resource(struct resource *res)
{
	struct resource **p = &res->parent->child;

	while (*p != res)
		p = &(*p)->sibling;
	*p = res->sibling;
	res->parent = NULL;
	res->sibling = NULL;
}

void release_resource_free(struct resource *res)
{
	unlink_resource(res);
	resource_tree_free(res);
}

/* The deepest busy resource that fully contains [start, end]. */
static struct resource *find_busy_container(struct resource *parent, uint64_t start, uint64_t end)
{
	for (struct resource *r = parent->child; r; r = r->sibling) {
		if (r->start > start || r->end < end)
			continue;
		if (r->flags & IORESOURCE_BUSY)
			return r;
		return find_busy_container(r, start, end);
	}
	return NULL;
}

void release_mem_region_adjustable(struct resource *root, uint64_t start, uint64_t size)
{
	uint64_t end = start + size - 1;
	struct resource *res = find_busy_container(root, start, end);

	if (!res || res->child)
		return;
	if (res->start == start && res->end == end) {
		release_resource_free(res);
	} else if (res->start == start) {
		res->start = end + 1;
	} else if (res->end == end) {
		res->end = start - 1;
	} else {
		struct resource *tail = resource_new(end + 1, res->end, res->name, res->flags);

		res->end = start - 1;
		tail->parent = res->parent;
		tail->sibling = res->sibling;
		res->sibling = tail;
	}
}

static bool mergeable(const struct resource *a, const struct resource *b)
{
	return a && b && a->end + 1 == b->start && a->flags == b->flags &&
	       (a->flags & IORESOURCE_SYSRAM_MERGEABLE) && !strcmp(a->name, b->name) &&
	       !a->child && !b->child;
}

void merge_system_ram_resource(struct resource *res)
{
	struct resource *prev = NULL;

	res->flags |= IORESOURCE_SYSRAM_MERGEABLE;
	for (struct resource *r = res->parent->child; r && r != res; r = r->sibling)
		prev = r;
	if (mergeable(res, res->sibling)) {
		struct resource *next = res->sibling;

		res->end = next->end;
		release_resource_free(next);
	}
	if (mergeable(prev, res)) {
		prev->end = res->end;
		release_resource_free(res);
	}
}

static unsigned long overlap_pages(uint64_t s, uint64_t e, unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long rs = (unsigned long)((s + 4095) >> 12), re = (unsigned long)((e + 1) >> 12);

	rs = rs > start_pfn ? rs : start_pfn;
	re = re < end_pfn ? re : end_pfn;
	return re > rs ? re - rs : 0;
}

static unsigned long ram_pages(const struct resource *parent, unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long n = 0;

	for (const struct resource *r = parent->child; r; r = r->sibling) {
		if ((r->flags & (IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY)) ==
		    (IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY))
			n += overlap_pages(r->start, r->end, start_pfn, end_pfn);
		else
			n += ram_pages(r, start_pfn, end_pfn);
	}
	return n;
}

unsigned long system_ram_pages_in(const struct resource *root, unsigned long start_pfn,
				  unsigned long nr)
{
	return ram_pages(root, start_pfn, start_pfn + nr);
}

struct resource *find_resource(struct resource *root, uint64_t start, const char *name)
{
	for (struct resource *r = root->child; r; r = r->sibling) {
		if (r->start == start && !strcmp(r->name, name))
			return r;
		struct resource *f = find_resource(r, start, name);

		if (f)
			return f;
	}
	return NULL;
}

static void render(const struct resource *parent, int depth, struct strbuf *out)
{
	for (const struct resource *r = parent->child; r; r = r->sibling) {
		strbuf_addf(out, "%*s%08llx-%08llx : %s\n", depth * 2, "",
			    (unsigned long long)r->start, (unsigned long long)r->end, r->name);
		render(r, depth + 1, out);
	}
}

void render_iomem(const struct resource *root, struct strbuf *out)
{
	render(root, 0, out);
}

/* The child of @parent overlapping [start, end], or NULL. */
static struct resource *first_overlap(struct resource *parent, uint64_t start, uint64_t end)
{
	for (struct resource *r = parent->child; r; r = r->sibling)
		if (r->start <= end && r->end >= start)
			return r;
	return NULL;
}

struct resource *insert_resource(struct resource *root, uint64_t start, uint64_t n,
				 const char *name, unsigned long flags)
{
	uint64_t end = start + n - 1;
	struct resource *parent = root, *first, *last, **p;

	/* descend while one resource strictly contains the range */
	while ((first = first_overlap(parent, start, end)) && first->start <= start &&
	       first->end >= end && !(first->start == start && first->end == end))
		parent = first;
	if (!first)
		return request_region(parent, start, n, name, flags);
	/* every overlapping sibling must lie wholly inside: they become the children */
	for (last = first; last->sibling && last->sibling->start <= end; last = last->sibling)
		;
	for (struct resource *r = first; ; r = r->sibling) {
		if (r->start < start || r->end > end)
			return NULL;
		if (r == last)
			break;
	}
	struct resource *res = resource_new(start, end, name, flags);

	for (p = &parent->child; *p != first; p = &(*p)->sibling)
		;
	*p = res;
	res->parent = parent;
	res->sibling = last->sibling;
	res->child = first;
	last->sibling = NULL;
	for (struct resource *r = first; r; r = r->sibling)
		r->parent = res;
	return res;
}

void remove_resource_keep_children(struct resource *res)
{
	struct resource **p = &res->parent->child, *last = res->child;

	while (*p != res)
		p = &(*p)->sibling;
	if (!last) {
		*p = res->sibling;
	} else {
		for (struct resource *r = res->child; r; r = r->sibling) {
			r->parent = res->parent;
			last = r;
		}
		*p = res->child;
		last->sibling = res->sibling;
	}
	res->child = NULL;
	res->sibling = NULL;
	res->parent = NULL;
	resource_tree_free(res);
}

/*
 * __insert_resource(): place @new under @parent, descending into a resource that strictly
 * contains it; siblings it covers (an equal one included) become its children. Returns
 * NULL, or the sibling it only partly overlaps (nothing changed then).
 */
static struct resource *insert_into(struct resource *parent, struct resource *new)
{
	for (;;) {
		struct resource *c, *first = NULL, *last = NULL;

		for (c = parent->child; c; c = c->sibling) {
			if (c->end < new->start || c->start > new->end)
				continue;
			bool covers = c->start <= new->start && c->end >= new->end;
			bool equal = c->start == new->start && c->end == new->end;
			bool inside = c->start >= new->start && c->end <= new->end;

			if (covers && !equal)
				break;
			if (!inside)
				return c;
			if (!first)
				first = c;
			last = c;
		}
		if (c) {
			parent = c;
			continue;
		}
		if (!first)
			return request_resource_in(parent, new);
		/* adopt first..last, put @new in their place */
		struct resource **p = &parent->child;

		while (*p != first)
			p = &(*p)->sibling;
		*p = new;
		new->parent = parent;
		new->sibling = last->sibling;
		new->child = first;
		last->sibling = NULL;
		for (c = first; c; c = c->sibling)
			c->parent = new;
		return NULL;
	}
}

struct resource *insert_resource_expand_to_fit(struct resource *root, uint64_t start, uint64_t n,
					       const char *name, unsigned long flags)
{
	struct resource *res = resource_new(start, start + n - 1, name, flags);

	for (;;) {
		struct resource *conflict = insert_into(root, res);

		if (!conflict)
			return res;
		if (conflict == root) {
			resource_tree_free(res);
			return NULL;
		}
		res->start = conflict->start < res->start ? conflict->start : res->start;
		res->end = conflict->end > res->end ? conflict->end : res->end;
	}
}

struct resource *alloc_free_mem_region(struct resource *base, uint64_t size, uint64_t align,
				       const char *name)
{
	uint64_t start = (base->start + align - 1) / align * align;

	for (struct resource *c = base->child; ; c = c->sibling) {
		uint64_t limit = c ? c->start : base->end + 1;

		if (start + size > start && start + size <= limit)
			return insert_resource(base, start, size, name, IORESOURCE_MEM);
		if (!c)
			return NULL;
		if (c->end + 1 > start)
			start = (c->end + 1 + align - 1) / align * align;
	}
}
