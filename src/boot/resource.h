/* SPDX-License-Identifier: MIT */
/*
 * boot/resource.h — the iomem resource tree (/proc/iomem): firmware ranges from e820,
 * "System RAM" claimed at boot and by hotplug, driver-managed "System RAM (...)" nested
 * under a driver's non-busy parent. Ends are inclusive here, as in struct resource.
 */
#ifndef MEMHP_BOOT_RESOURCE_H
#define MEMHP_BOOT_RESOURCE_H

#include <stdbool.h>
#include <stdint.h>

struct strbuf;

#define IORESOURCE_MEM			0x00000200UL
#define IORESOURCE_SYSRAM		0x01000000UL
#define IORESOURCE_SYSRAM_DRIVER_MANAGED 0x02000000UL
#define IORESOURCE_SYSRAM_MERGEABLE	0x04000000UL
#define IORESOURCE_EXCLUSIVE		0x08000000UL
#define IORESOURCE_BUSY			0x80000000UL
#define IORESOURCE_SYSTEM_RAM		(IORESOURCE_MEM | IORESOURCE_SYSRAM)

struct resource {
	uint64_t start;
	uint64_t end;			/* inclusive */
	char *name;			/* owned */
	unsigned long flags;		/* IORESOURCE_* */
	struct resource *parent, *sibling, *child;
};

/* The root ("PCI mem"), covering the whole physical address space. */
struct resource *iomem_root_new(unsigned int phys_bits);
void resource_tree_free(struct resource *root);

/*
 * __request_region(): claim [start, start+n) named @name with @flags, nesting inside
 * non-busy resources that fully contain it. NULL on conflict; nothing changed then.
 */
struct resource *request_region(struct resource *root, uint64_t start, uint64_t n,
				const char *name, unsigned long flags);
/*
 * insert_resource(): like request_region(), but resources already there that the new one
 * covers become its children (platform devices wrap the firmware's "Soft Reserved").
 * NULL if it would overlap one only partly; nothing changed then.
 */
struct resource *insert_resource(struct resource *root, uint64_t start, uint64_t n,
				 const char *name, unsigned long flags);
/* remove_resource(): drop @res, its children take its place in the tree. */
void remove_resource_keep_children(struct resource *res);
/*
 * insert_resource_expand_to_fit(): place a new resource, growing it over any resource it
 * only partly overlaps; resources it covers (an equal one included) become its children.
 * NULL if it cannot fit under @root at all.
 */
struct resource *insert_resource_expand_to_fit(struct resource *root, uint64_t start, uint64_t n,
					       const char *name, unsigned long flags);
/*
 * alloc_free_mem_region(): the lowest @align-aligned free gap of @size among @base's
 * children, claimed as a non-busy child named @name. NULL if none (the kernel's -ERANGE).
 */
struct resource *alloc_free_mem_region(struct resource *base, uint64_t size, uint64_t align,
				       const char *name);
/* Drop @res (it must have no children). */
void release_resource_free(struct resource *res);
/* release_mem_region_adjustable(): remove/trim/split the busy resource covering the range. */
void release_mem_region_adjustable(struct resource *root, uint64_t start, uint64_t size);
/* Mark @res mergeable and merge it with adjacent mergeable siblings of the same name. */
void merge_system_ram_resource(struct resource *res);
/* Pages of [start_pfn, start_pfn+nr) covered by busy System RAM (walk_system_ram_range). */
unsigned long system_ram_pages_in(const struct resource *root, unsigned long start_pfn,
				  unsigned long nr);
/* Find the resource named @name at @start (any depth), or NULL. */
struct resource *find_resource(struct resource *root, uint64_t start, const char *name);
/* /proc/iomem. */
void render_iomem(const struct resource *root, struct strbuf *out);

#endif
