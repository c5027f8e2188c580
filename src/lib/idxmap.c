/* SPDX-License-Identifier: MIT */
/* lib/idxmap.c — see idxmap.h. */
#include "idxmap.h"

#include <stdlib.h>
#include <string.h>

void idxmap_init(struct idxmap *map)
{
	memset(map, 0, sizeof(*map));
}

void idxmap_release(struct idxmap *map)
{
	for (unsigned long i = 0; i < map->nr_chunks; i++)
		free(map->chunk[i]);
	free(map->chunk);
	free(map->used);
	memset(map, 0, sizeof(*map));
}

void *idxmap_get(const struct idxmap *map, uint64_t idx)
{
	uint64_t c = idx / IDXMAP_CHUNK;

	if (c >= map->nr_chunks || !map->chunk[c])
		return NULL;
	return map->chunk[c][idx % IDXMAP_CHUNK];
}

static void grow_root(struct idxmap *map, uint64_t c)
{
	unsigned long n = map->nr_chunks ? map->nr_chunks : 16;

	while (n <= c)
		n *= 2;
	map->chunk = realloc(map->chunk, n * sizeof(*map->chunk));
	map->used = realloc(map->used, n * sizeof(*map->used));
	if (!map->chunk || !map->used)
		abort();
	memset(map->chunk + map->nr_chunks, 0, (n - map->nr_chunks) * sizeof(*map->chunk));
	memset(map->used + map->nr_chunks, 0, (n - map->nr_chunks) * sizeof(*map->used));
	map->nr_chunks = n;
}

void idxmap_set(struct idxmap *map, uint64_t idx, void *p)
{
	uint64_t c = idx / IDXMAP_CHUNK;

	if (c >= map->nr_chunks) {
		if (!p)
			return;
		grow_root(map, c);
	}
	if (!map->chunk[c]) {
		if (!p)
			return;
		map->chunk[c] = calloc(IDXMAP_CHUNK, sizeof(void *));
		if (!map->chunk[c])
			abort();
	}
	void **slot = &map->chunk[c][idx % IDXMAP_CHUNK];

	map->used[c] += (p != NULL) - (*slot != NULL);
	map->count += (p != NULL) - (*slot != NULL);
	map->removed += !p && *slot;
	*slot = p;
	if (!map->used[c]) {
		free(map->chunk[c]);
		map->chunk[c] = NULL;
	}
}

void *idxmap_next(const struct idxmap *map, uint64_t idx, uint64_t *found)
{
	for (uint64_t c = idx / IDXMAP_CHUNK; c < map->nr_chunks; c++) {
		if (!map->chunk[c])
			continue;
		for (uint64_t j = c == idx / IDXMAP_CHUNK ? idx % IDXMAP_CHUNK : 0; j < IDXMAP_CHUNK; j++)
			if (map->chunk[c][j]) {
				*found = c * IDXMAP_CHUNK + j;
				return map->chunk[c][j];
			}
	}
	return NULL;
}
