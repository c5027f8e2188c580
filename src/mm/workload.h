/* SPDX-License-Identifier: MIT */
/*
 * mm/workload.h — named users of memory, as a guest's processes and drivers would be:
 * anonymous and page-cache memory, slab, page tables, reclaimable slab, long-term pins
 * (FOLL_LONGTERM), hugetlb pools (nr_hugepages per node and size) and pages taken from
 * them, a CMA area, a balloon. Every page holds a content token; workload_verify() proves
 * no page was lost or mixed. All functions: 0 or -errno, and on failure nothing changed
 * (pages a pin already migrated stay migrated, as in the kernel).
 */
#ifndef MEMHP_MM_WORKLOAD_H
#define MEMHP_MM_WORKLOAD_H

#include "lib/strbuf.h"
#include "mm/page_alloc.h"

struct sparse;

/* gfp_mask text of an OOM report for allocations of @kind ("0xcc0(GFP_KERNEL)"). */
const char *page_kind_gfp_text(enum page_kind kind);

/*
 * Allocate @nr_pages for a new workload @name of @kind on node @nid (order: 0, or 9/18 for
 * hugetlb, taken from the free pool). -EEXIST (name in use), -ENOMEM (nothing allocated).
 */
int workload_alloc(struct mm_pages *mp, const char *name, enum page_kind kind, unsigned long nr_pages,
		   int nid, unsigned int order);
/* Free all of @name's pages (hugetlb pages go back to their pool). -ENOENT. */
int workload_free(struct mm_pages *mp, const char *name);
/* FOLL_LONGTERM: migrate out of ZONE_MOVABLE/CMA, then pin. -ENOENT, -EINVAL (hugetlb,
 * already pinned), -ENOMEM (no kernel memory to move to: not pinned). */
int workload_pin(struct mm_pages *mp, const char *name);
int workload_unpin(struct mm_pages *mp, const char *name);

/*
 * Set the hugetlb pool of node @nid for pages of @order to @count pages (nr_hugepages):
 * grows while memory allows, shrinks by free pages only; *@result is the pool size reached.
 * -EINVAL for a node without memory, or 1 GiB pages on a CPU without them.
 */
int hugetlb_set_pool(struct mm_pages *mp, int nid, unsigned int order, unsigned long count,
		     unsigned long *result);
/* Pool pages of @order on @nid: total and free. */
void hugetlb_pool_count(const struct mm_pages *mp, int nid, unsigned int order, unsigned long *total,
			unsigned long *free);

/* A CMA area of @nr_pages (MAX_ORDER aligned) placed as cma= places it; -ENOMEM. */
int cma_declare(struct mm_pages *mp, unsigned long nr_pages, unsigned long *start_pfn);

/* The balloon grows or shrinks by @nr_pages (movable pages; deflate frees the newest). */
int balloon_inflate(struct mm_pages *mp, unsigned long nr_pages);
int balloon_deflate(struct mm_pages *mp, unsigned long nr_pages);

/* Every workload's content where it belongs: pages lost, mixed or offline counted and
 * described in @report (one line each); 0 bad pages → "verify: N pages of M owners ok". */
unsigned long workload_verify(const struct mm_pages *mp, const struct sparse *sp, struct strbuf *report);

#endif
