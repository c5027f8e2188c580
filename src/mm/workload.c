/* SPDX-License-Identifier: MIT */
/*
 * mm/workload.c — named workloads, hugetlb pools, the CMA area, the balloon and the
 * content check (see workload.h). Owners and extents live in mm/page_alloc.c; this file
 * only decides what to allocate, with which gfp, and how pool pages change hands.
 */
#include "workload.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/migrate.h"
#include "mm/sparse.h"

const char *page_kind_gfp_text(enum page_kind kind)
{
	switch (kind) {
	case PK_ANON:
		return "0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO)";
	case PK_PAGECACHE:
		return "0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP)";
	case PK_PAGETABLE:
		return "0x400dc0(GFP_KERNEL_ACCOUNT|__GFP_ZERO)";
	case PK_RECLAIMABLE:
		return "0xcd0(GFP_KERNEL|__GFP_RECLAIMABLE)";
	default:
		return "0xcc0(GFP_KERNEL)";
	}
}

static int hstate_index(unsigned int order)
{
	return order >= 18 ? 1 : 0;
}

static struct page_owner *hugetlb_pool(struct mm_pages *mp, unsigned int order)
{
	int h = hstate_index(order);

	if (!mp->hugetlb_pool[h]) {
		mp->hugetlb_pool[h] = page_owner_new(mp, h ? "hugetlb pool 1048576kB" : "hugetlb pool 2048kB",
						     PK_HUGETLB_FREE, NUMA_NO_NODE);
		mp->hugetlb_pool[h]->order = order;
	}
	return mp->hugetlb_pool[h];
}

/* Hand pool extent @i to @to (content index @index) or back to the pool (@to == pool). */
static void give_huge_page(struct mm_pages *mp, size_t i, struct page_owner *to, unsigned long index)
{
	struct page_extent *e = &mp->used[i];

	e->owner->nr_pages -= e->nr_pages;
	to->nr_pages += e->nr_pages;
	e->owner = to;
	e->seed = to->seed;
	e->index = index;
}

/* Take @count free pool pages for @o: node @nid first, then the others. */
static int take_huge_pages(struct mm_pages *mp, struct page_owner *o, unsigned long count, int nid)
{
	struct page_owner *pool = hugetlb_pool(mp, o->order);
	unsigned long free_total = 0;

	for (size_t i = 0; i < mp->nr_used; i++)
		free_total += mp->used[i].owner == pool;
	if (free_total < count)
		return -ENOMEM;
	for (int pass = 0; pass < 2 && count; pass++)
		for (size_t i = 0; i < mp->nr_used && count; i++) {
			const struct page_extent *e = &mp->used[i];

			if (e->owner != pool || (pass == 0 && e->zone->nid != nid))
				continue;
			give_huge_page(mp, i, o, o->nr_index);
			o->nr_index += e->nr_pages;
			count--;
		}
	return 0;
}

int workload_alloc(struct mm_pages *mp, const char *name, enum page_kind kind, unsigned long nr_pages,
		   int nid, unsigned int order)
{
	struct page_owner *o;
	int ret;

	if (page_owner_find(mp, name))
		return -EEXIST;
	if (!nr_pages || (order && nr_pages % (1UL << order)) || (order >= 18 && !mp->gigantic_pages))
		return -EINVAL;
	o = page_owner_new(mp, name, kind, nid);
	o->order = order;
	if (kind == PK_HUGETLB)
		ret = take_huge_pages(mp, o, nr_pages >> order, nid);
	else
		ret = alloc_pages_owner(mp, o, nr_pages, 0, page_kind_gfp(kind), nid, -1);
	if (ret)
		page_owner_del(mp, o);
	return ret;
}

int workload_free(struct mm_pages *mp, const char *name)
{
	struct page_owner *o = page_owner_find(mp, name);

	if (!o || o->kind == PK_RESERVED || o->kind == PK_HUGETLB_FREE)
		return -ENOENT;
	if (o->kind == PK_HUGETLB) {
		struct page_owner *pool = hugetlb_pool(mp, o->order);

		for (size_t i = 0; i < mp->nr_used; i++)
			if (mp->used[i].owner == o)
				give_huge_page(mp, i, pool, 0);
	}
	free_owner_pages(mp, o);
	page_owner_del(mp, o);
	return 0;
}

int workload_pin(struct mm_pages *mp, const char *name)
{
	struct page_owner *o = page_owner_find(mp, name);

	if (!o)
		return -ENOENT;
	if (o->pinned || !page_kind_movable(o->kind) || o->kind == PK_HUGETLB || o->kind == PK_BALLOON)
		return -EINVAL;
	if (migrate_longterm_unpinnable_pages(mp, o))
		return -ENOMEM;
	o->pinned = true;
	return 0;
}

int workload_unpin(struct mm_pages *mp, const char *name)
{
	struct page_owner *o = page_owner_find(mp, name);

	if (!o)
		return -ENOENT;
	if (!o->pinned)
		return -EINVAL;
	o->pinned = false;
	return 0;
}

void hugetlb_pool_count(const struct mm_pages *mp, int nid, unsigned int order, unsigned long *total,
			unsigned long *free)
{
	*total = *free = 0;
	for (size_t i = 0; i < mp->nr_used; i++) {
		const struct page_extent *e = &mp->used[i];

		if (e->order != order || e->zone->nid != nid)
			continue;
		if (e->owner->kind == PK_HUGETLB_FREE)
			(*free)++;
		if (e->owner->kind == PK_HUGETLB_FREE || e->owner->kind == PK_HUGETLB)
			(*total)++;
	}
}

/* Free pool pages of @nid, highest first, until the pool holds @count. */
static void shrink_pool(struct mm_pages *mp, struct page_owner *pool, int nid, unsigned long *total,
			unsigned long count)
{
	for (size_t i = mp->nr_used; i-- > 0 && *total > count;) {
		const struct page_extent *e = &mp->used[i];

		if (e->owner != pool || e->zone->nid != nid)
			continue;
		free_extent(mp, i);
		(*total)--;
	}
}

int hugetlb_set_pool(struct mm_pages *mp, int nid, unsigned int order, unsigned long count,
		     unsigned long *result)
{
	struct page_owner *pool;
	unsigned long total, free;
	unsigned int gfp = order >= 18 ? GFP_USER : GFP_HIGHUSER_MOVABLE;

	if ((order != 9 && !(order == 18 && mp->gigantic_pages)) || nid < 0 || nid >= mp->nr_node_ids || !mp->pgdat[nid] ||
	    !node_state(mp->nodes, nid, N_MEMORY))
		return -EINVAL;
	pool = hugetlb_pool(mp, order);
	hugetlb_pool_count(mp, nid, order, &total, &free);
	while (total < count && !alloc_pages_owner(mp, pool, 1UL << order, order, gfp | __GFP_THISNODE, nid, -1))
		total++;
	shrink_pool(mp, pool, nid, &total, count);
	*result = total;
	return 0;
}

/* cma_declare_contiguous_nid(): bottom-up from 4 GiB when memory reaches that far, else top-down. */
int cma_declare(struct mm_pages *mp, unsigned long nr_pages, unsigned long *start_pfn)
{
	unsigned long align = MAX_ORDER_NR_PAGES, best = 0;
	bool found = false;

	nr_pages = (nr_pages + align - 1) / align * align;
	for (int nid = 0; nid < mp->nr_node_ids; nid++) {
		if (!mp->pgdat[nid] || !node_state(mp->nodes, nid, N_MEMORY))
			continue;
		for (int zi = 0; zi <= ZONE_NORMAL; zi++) {
			const struct zone *z = &mp->pgdat[nid]->node_zones[zi];

			for (size_t i = 0; i < z->nr_free_runs; i++) {
				unsigned long s = (z->free_area[i].start_pfn + align - 1) / align * align;
				unsigned long e = z->free_area[i].start_pfn + z->free_area[i].nr_pages;
				unsigned long top = e >= nr_pages ? (e - nr_pages) / align * align : 0;
				bool high = s >= MAX_DMA32_PFN;

				if (s + nr_pages > e)
					continue;
				/* lowest above 4 GiB wins; below 4 GiB the highest */
				if (!found || (high && (best < MAX_DMA32_PFN || s < best)) ||
				    (!high && best < MAX_DMA32_PFN && top > best)) {
					best = high ? s : top;
					found = true;
				}
			}
		}
	}
	if (!found)
		return -ENOMEM;
	set_pageblock_migratetype_range(mp, best, best + nr_pages, MIGRATE_CMA);
	for (int nid = 0; nid < mp->nr_node_ids; nid++)
		for (int zi = 0; mp->pgdat[nid] && zi <= ZONE_NORMAL; zi++) {
			struct zone *z = &mp->pgdat[nid]->node_zones[zi];

			if (zone_free_pages_in(z, best, best + 1))
				z->cma_pages += nr_pages;
		}
	*start_pfn = best;
	return 0;
}

int balloon_inflate(struct mm_pages *mp, unsigned long nr_pages)
{
	struct page_owner *b = page_owner_find(mp, "balloon");
	bool created = !b;

	if (!b)
		b = page_owner_new(mp, "balloon", PK_BALLOON, 0);
	int ret = alloc_pages_owner(mp, b, nr_pages, 0, GFP_HIGHUSER_MOVABLE, 0, -1);

	if (ret && created)
		page_owner_del(mp, b);
	return ret;
}

int balloon_deflate(struct mm_pages *mp, unsigned long nr_pages)
{
	struct page_owner *b = page_owner_find(mp, "balloon");

	if (!b || nr_pages > b->nr_pages)
		return -EINVAL;
	unsigned long keep = b->nr_index - nr_pages;

	for (size_t i = mp->nr_used; i-- > 0;) {	/* the newest pages leave first */
		const struct page_extent *e = &mp->used[i];

		if (e->owner != b || e->index + e->nr_pages <= keep)
			continue;
		if (e->index >= keep)
			free_extent(mp, i);
		else
			extent_trim(mp, i, keep - e->index);
	}
	b->nr_index = keep;
	if (!b->nr_pages)
		page_owner_del(mp, b);
	return 0;
}

/* ---- content check ---- */

static int cmp_index(const void *a, const void *b)
{
	const struct page_extent *x = *(const struct page_extent *const *)a;
	const struct page_extent *y = *(const struct page_extent *const *)b;

	return x->index < y->index ? -1 : x->index > y->index;
}

/* Every section of @e online in its zone? */
static bool extent_online(const struct sparse *sp, const struct page_extent *e)
{
	unsigned long end = e->start_pfn + e->nr_pages;

	for (unsigned long pfn = e->start_pfn; pfn < end; pfn = (pfn / sp->unit_pages + 1) * sp->unit_pages)
		if (online_pfn_zone(sp, pfn, e->zone->nid) != (int)e->zone->idx)
			return false;
	return true;
}

static unsigned long verify_owner(const struct mm_pages *mp, const struct sparse *sp,
				  const struct page_owner *o, struct strbuf *report)
{
	const struct page_extent **ext = NULL;
	size_t n = 0;
	unsigned long bad = 0, next = 0;

	for (size_t i = 0; i < mp->nr_used; i++)
		n += mp->used[i].owner == o;
	ext = malloc(sizeof(*ext) * (n ? n : 1));
	if (!ext)
		abort();
	n = 0;
	for (size_t i = 0; i < mp->nr_used; i++)
		if (mp->used[i].owner == o)
			ext[n++] = &mp->used[i];
	qsort(ext, n, sizeof(*ext), cmp_index);
	for (size_t i = 0; i < n; i++) {
		const struct page_extent *e = ext[i];

		if (e->seed != o->seed) {
			strbuf_addf(report, "verify: %s: pfn %#lx-%#lx hold another owner's content (mixed)\n",
				    o->name, e->start_pfn, e->start_pfn + e->nr_pages - 1);
			bad += e->nr_pages;
		} else if (e->index < next) {
			strbuf_addf(report, "verify: %s: pages %lu-%lu held twice (pfn %#lx)\n", o->name,
				    e->index, e->index + e->nr_pages - 1, e->start_pfn);
			bad += e->nr_pages;
		} else if (!extent_online(sp, e)) {
			strbuf_addf(report, "verify: %s: pfn %#lx-%#lx are not online memory (lost)\n", o->name,
				    e->start_pfn, e->start_pfn + e->nr_pages - 1);
			bad += e->nr_pages;
		}
		if (e->index > next) {
			strbuf_addf(report, "verify: %s: pages %lu-%lu lost\n", o->name, next, e->index - 1);
			bad += e->index - next;
		}
		if (e->index + e->nr_pages > next)
			next = e->index + e->nr_pages;
	}
	if (next < o->nr_index) {
		strbuf_addf(report, "verify: %s: pages %lu-%lu lost\n", o->name, next, o->nr_index - 1);
		bad += o->nr_index - next;
	}
	free(ext);
	return bad;
}

unsigned long workload_verify(const struct mm_pages *mp, const struct sparse *sp, struct strbuf *report)
{
	unsigned long bad = 0, pages = 0, owners = 0;

	for (const struct page_owner *o = mp->owners; o; o = o->next) {
		if (o->kind == PK_RESERVED || o->kind == PK_HUGETLB_FREE)
			continue;
		if (o == mp->migration_target || o == mp->migrated) {
			if (o->nr_pages)
				strbuf_addf(report, "verify: %lu pages left in migration\n", o->nr_pages);
			bad += o->nr_pages;
			continue;
		}
		bad += verify_owner(mp, sp, o, report);
		pages += o->nr_pages;
		owners++;
	}
	if (!bad)
		strbuf_addf(report, "verify: %lu pages of %lu owners ok\n", pages, owners);
	return bad;
}
