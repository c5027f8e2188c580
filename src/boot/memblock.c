/* SPDX-License-Identifier: MIT */
/*
 * boot/memblock.c — memblock regions and top-down allocation. An insert first grows the
 * array, then changes it, so an add or reserve cannot fail halfway. Regions are merged
 * when they touch and carry the same node and flags.
 */
#include "memblock.h"

#include <stdlib.h>
#include <string.h>

static void type_init(struct memblock_type *t, const char *name)
{
	t->max = 16;
	t->cnt = 0;
	t->regions = calloc((size_t)t->max, sizeof(*t->regions));
	if (!t->regions)
		abort();
	t->name = name;
}

void memblock_init(struct memblock *mb)
{
	memset(mb, 0, sizeof(*mb));
	type_init(&mb->memory, "memory");
	type_init(&mb->reserved, "reserved");
	mb->current_limit = UINT64_MAX;
}

void memblock_release(struct memblock *mb)
{
	free(mb->memory.regions);
	free(mb->reserved.regions);
	memset(mb, 0, sizeof(*mb));
}

static void ensure_room(struct memblock_type *t, int extra)
{
	if (t->cnt + extra <= t->max)
		return;
	while (t->cnt + extra > t->max)
		t->max *= 2;
	t->regions = realloc(t->regions, (size_t)t->max * sizeof(*t->regions));
	if (!t->regions)
		abort();
}

static void insert_region(struct memblock_type *t, int idx, uint64_t base, uint64_t size,
			  int nid, unsigned int flags)
{
	ensure_room(t, 1);
	memmove(&t->regions[idx + 1], &t->regions[idx],
		(size_t)(t->cnt - idx) * sizeof(*t->regions));
	t->regions[idx] = (struct memblock_region){ base, size, flags, nid };
	t->cnt++;
}

static void remove_region(struct memblock_type *t, int idx)
{
	memmove(&t->regions[idx], &t->regions[idx + 1],
		(size_t)(t->cnt - idx - 1) * sizeof(*t->regions));
	t->cnt--;
}

static void merge_regions(struct memblock_type *t)
{
	for (int i = 0; i + 1 < t->cnt;) {
		struct memblock_region *a = &t->regions[i], *b = &t->regions[i + 1];

		if (a->base + a->size != b->base || a->nid != b->nid || a->flags != b->flags) {
			i++;
			continue;
		}
		a->size += b->size;
		remove_region(t, i + 1);
	}
}

/* Insert the parts of [base, end) not yet covered, with @nid/@flags; then merge. */
static void add_range(struct memblock_type *t, uint64_t base, uint64_t size, int nid,
		      unsigned int flags)
{
	uint64_t end = base + size;
	int i = 0;

	if (!size)
		return;
	ensure_room(t, t->cnt + 1);
	while (base < end) {
		while (i < t->cnt && t->regions[i].base + t->regions[i].size <= base)
			i++;
		if (i == t->cnt || t->regions[i].base >= end) {
			insert_region(t, i, base, end - base, nid, flags);
			break;
		}
		if (t->regions[i].base > base) {
			insert_region(t, i, base, t->regions[i].base - base, nid, flags);
			i++;
		}
		base = t->regions[i].base + t->regions[i].size;
		i++;
	}
	merge_regions(t);
}

/* Split regions so that @base and @base+@size fall on region boundaries. */
static void isolate_range(struct memblock_type *t, uint64_t base, uint64_t size)
{
	uint64_t cuts[2] = { base, base + size };

	ensure_room(t, 2);
	for (int c = 0; c < 2; c++) {
		for (int i = 0; i < t->cnt; i++) {
			struct memblock_region *r = &t->regions[i];

			if (r->base < cuts[c] && cuts[c] < r->base + r->size) {
				uint64_t left = cuts[c] - r->base;

				insert_region(t, i + 1, cuts[c], r->size - left, r->nid, r->flags);
				t->regions[i].size = left;
				break;
			}
		}
	}
}

static void remove_range(struct memblock_type *t, uint64_t base, uint64_t size)
{
	isolate_range(t, base, size);
	for (int i = t->cnt - 1; i >= 0; i--) {
		const struct memblock_region *r = &t->regions[i];

		if (r->base >= base && r->base + r->size <= base + size)
			remove_region(t, i);
	}
}

int memblock_add_node(struct memblock *mb, uint64_t base, uint64_t size, int nid, unsigned int flags)
{
	add_range(&mb->memory, base, size, nid, flags);
	return 0;
}

int memblock_remove(struct memblock *mb, uint64_t base, uint64_t size)
{
	remove_range(&mb->memory, base, size);
	return 0;
}

int memblock_reserve(struct memblock *mb, uint64_t base, uint64_t size)
{
	add_range(&mb->reserved, base, size, NUMA_NO_NODE, MEMBLOCK_NONE);
	return 0;
}

int memblock_phys_free(struct memblock *mb, uint64_t base, uint64_t size)
{
	remove_range(&mb->reserved, base, size);
	return 0;
}

void memblock_set_node(struct memblock *mb, uint64_t base, uint64_t size, int nid)
{
	struct memblock_type *t = &mb->memory;

	isolate_range(t, base, size);
	for (int i = 0; i < t->cnt; i++) {
		struct memblock_region *r = &t->regions[i];

		if (r->base >= base && r->base + r->size <= base + size)
			r->nid = nid;
	}
	merge_regions(t);
}

void memblock_set_flags(struct memblock *mb, uint64_t base, uint64_t size, unsigned int flag, bool set)
{
	struct memblock_type *t = &mb->memory;

	isolate_range(t, base, size);
	for (int i = 0; i < t->cnt; i++) {
		struct memblock_region *r = &t->regions[i];

		if (r->base >= base && r->base + r->size <= base + size)
			r->flags = set ? r->flags | flag : r->flags & ~flag;
	}
	merge_regions(t);
}

static bool skip_region(const struct memblock *mb, const struct memblock_region *r, int nid)
{
	if (nid != NUMA_NO_NODE && r->nid != nid)
		return true;
	if (mb->movable_node && (r->flags & MEMBLOCK_HOTPLUG))
		return true;
	return r->flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED);
}

/* Highest fit of @size/@align inside free [lo, hi) clamped to [start, end); 0 if none. */
static uint64_t fit_top(uint64_t lo, uint64_t hi, uint64_t start, uint64_t end, uint64_t size,
			uint64_t align)
{
	lo = lo > start ? lo : start;
	hi = hi < end ? hi : end;
	if (hi <= lo || hi - lo < size)
		return 0;
	uint64_t cand = (hi - size) / align * align;

	return cand >= lo ? cand : 0;
}

/*
 * Top-down first fit in one memory region: walk its free gaps from the top, i.e. the
 * space between reservations, highest gap first.
 */
static uint64_t find_in_region(const struct memblock *mb, const struct memblock_region *m,
			       uint64_t size, uint64_t align, uint64_t start, uint64_t end)
{
	const struct memblock_type *rs = &mb->reserved;
	uint64_t hi = m->base + m->size;

	for (int j = rs->cnt - 1; j >= 0 && hi > m->base; j--) {
		const struct memblock_region *r = &rs->regions[j];
		uint64_t rend = r->base + r->size;

		if (r->base >= hi)
			continue;
		if (rend < hi) {
			uint64_t a = fit_top(rend > m->base ? rend : m->base, hi, start, end, size, align);

			if (a)
				return a;
		}
		hi = r->base;
	}
	return hi > m->base ? fit_top(m->base, hi, start, end, size, align) : 0;
}

/* Lowest fit of @size/@align inside free [lo, hi) clamped to [start, end); 0 if none. */
static uint64_t fit_bottom(uint64_t lo, uint64_t hi, uint64_t start, uint64_t end, uint64_t size,
			   uint64_t align)
{
	lo = lo > start ? lo : start;
	hi = hi < end ? hi : end;
	if (hi <= lo)
		return 0;
	uint64_t cand = (lo + align - 1) / align * align;

	return cand < hi && hi - cand >= size ? cand : 0;
}

/* Bottom-up first fit: the free gaps of all regions, lowest first. */
static uint64_t find_bottom_up(const struct memblock *mb, uint64_t size, uint64_t align,
			       uint64_t start, uint64_t end, int nid)
{
	const struct memblock_type *rs = &mb->reserved;

	for (int i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *m = &mb->memory.regions[i];
		uint64_t lo = m->base, hi = m->base + m->size, a;

		if (skip_region(mb, m, nid))
			continue;
		for (int j = 0; j < rs->cnt && lo < hi; j++) {
			const struct memblock_region *r = &rs->regions[j];

			if (r->base + r->size <= lo)
				continue;
			if (r->base >= hi)
				break;
			if (r->base > lo && (a = fit_bottom(lo, r->base, start, end, size, align)))
				return a;
			lo = r->base + r->size;
		}
		if (lo < hi && (a = fit_bottom(lo, hi, start, end, size, align)))
			return a;
	}
	return 0;
}

static uint64_t find_in_range(const struct memblock *mb, uint64_t size, uint64_t align,
			      uint64_t start, uint64_t end, int nid)
{
	if (mb->bottom_up)
		return find_bottom_up(mb, size, align, start, end, nid);
	for (int i = mb->memory.cnt - 1; i >= 0; i--) {
		const struct memblock_region *m = &mb->memory.regions[i];
		uint64_t a;

		if (skip_region(mb, m, nid))
			continue;
		a = find_in_region(mb, m, size, align, start, end);
		if (a)
			return a;
	}
	return 0;
}

uint64_t memblock_alloc_range_nid(struct memblock *mb, uint64_t size, uint64_t align,
				  uint64_t start, uint64_t end, int nid, bool exact_nid)
{
	if (!end || end > mb->current_limit)
		end = mb->current_limit;
	if (!align)
		align = 1;
	uint64_t a = find_in_range(mb, size, align, start, end, nid);

	if (!a && nid != NUMA_NO_NODE && !exact_nid)
		a = find_in_range(mb, size, align, start, end, NUMA_NO_NODE);
	if (a)
		memblock_reserve(mb, a, size);
	return a;
}

uint64_t memblock_phys_mem_size(const struct memblock *mb)
{
	uint64_t total = 0;
	const struct memblock_region *r;

	for_each_memblock(&mb->memory, r)
		total += r->size;
	return total;
}

uint64_t memblock_ram_in(const struct memblock *mb, uint64_t start, uint64_t end, int nid)
{
	uint64_t total = 0;
	const struct memblock_region *r;

	for_each_memblock(&mb->memory, r) {
		uint64_t lo = r->base > start ? r->base : start;
		uint64_t hi = r->base + r->size < end ? r->base + r->size : end;

		if (hi > lo && (nid == NUMA_NO_NODE || r->nid == nid))
			total += hi - lo;
	}
	return total;
}

bool memblock_is_reserved_range(const struct memblock *mb, uint64_t start, uint64_t end)
{
	const struct memblock_region *r;

	for_each_memblock(&mb->reserved, r)
		if (r->base < end && start < r->base + r->size)
			return true;
	return false;
}
