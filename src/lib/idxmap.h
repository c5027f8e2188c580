/* SPDX-License-Identifier: MIT */
/*
 * lib/idxmap.h — a sparse map from a 64-bit index to a pointer: a root array of 4096-slot
 * chunks allocated on first use. Lookup is O(1); next() skips absent chunks. Memory grows
 * with the chunks touched, not with the index range. Does not own the pointees.
 */
#ifndef MEMHP_LIB_IDXMAP_H
#define MEMHP_LIB_IDXMAP_H

#include <stdbool.h>
#include <stdint.h>

#define IDXMAP_CHUNK	4096UL

struct idxmap {
	void ***chunk;		/* chunk[i][j] is index i*4096+j */
	unsigned long *used;	/* non-NULL slots per chunk */
	unsigned long nr_chunks;
	unsigned long count;	/* non-NULL slots in all */
	unsigned long removed;	/* times a non-NULL slot was set to NULL: lets caches notice removals */
};

void idxmap_init(struct idxmap *map);
void idxmap_release(struct idxmap *map);
void *idxmap_get(const struct idxmap *map, uint64_t idx);
/* Store @p (NULL removes). */
void idxmap_set(struct idxmap *map, uint64_t idx, void *p);
/* The first non-NULL entry with index >= @idx: returns it and sets *@found, or NULL. */
void *idxmap_next(const struct idxmap *map, uint64_t idx, uint64_t *found);

#endif
