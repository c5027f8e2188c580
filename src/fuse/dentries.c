/* SPDX-License-Identifier: MIT */
/*
 * fuse/dentries.c — what the kernel's dentry cache holds of our tree: every inode handed
 * out by a lookup reply, with its parent, name and lookup count (FUSE's nlookup), until
 * the kernel forgets it. Entries are cached by the kernel for a long time; when a write
 * may have removed something (abi_tree_epoch() moved), the ones whose object is gone are
 * invalidated before the write is answered, so no process ever sees them afterwards.
 *
 * An open-addressing table keyed by inode: cost follows what the kernel looked up, not
 * the machine's size, and a removal check is one pass over it.
 */
#define FUSE_USE_VERSION 35
#include "fuse/internal.h"

#include <errno.h>
#include <fuse_lowlevel.h>
#include <stdlib.h>
#include <string.h>

#include "abi/abi.h"

struct dentry_slot {
	uint64_t ino;		/* 0: empty */
	uint64_t parent;	/* FUSE inode of the directory holding it */
	uint64_t nlookup;	/* lookups replied minus forgotten */
	bool listed;		/* on the dirty list */
	char *name;
};

static size_t slot_of(const struct dentries *d, uint64_t ino)
{
	uint64_t h = ino * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 20) & (d->cap - 1);
}

static struct dentry_slot *find(struct dentries *d, uint64_t ino)
{
	for (size_t i = slot_of(d, ino); d->cap && d->slots[i].ino; i = (i + 1) & (d->cap - 1))
		if (d->slots[i].ino == ino)
			return &d->slots[i];
	return NULL;
}

static void grow(struct dentries *d)
{
	struct dentry_slot *old = d->slots;
	size_t old_cap = d->cap;

	d->cap = d->cap ? d->cap * 2 : 1024;
	d->slots = calloc(d->cap, sizeof(*d->slots));
	if (!d->slots)
		abort();
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i].ino)
			continue;
		size_t j = slot_of(d, old[i].ino);

		while (d->slots[j].ino)
			j = (j + 1) & (d->cap - 1);
		d->slots[j] = old[i];
	}
	free(old);
}

void dentries_init(struct dentries *d)
{
	memset(d, 0, sizeof(*d));
	pthread_mutex_init(&d->lock, NULL);
	pthread_mutex_init(&d->inval_lock, NULL);
}

void dentries_release(struct dentries *d)
{
	for (size_t i = 0; i < d->cap; i++)
		free(d->slots[i].name);
	free(d->slots);
	free(d->dirty);
	pthread_mutex_destroy(&d->inval_lock);
	pthread_mutex_destroy(&d->lock);
}

/* The slot of @ino, made (nlookup 0) if the kernel does not hold it yet. Caller holds d->lock. */
static struct dentry_slot *slot_for(struct dentries *d, uint64_t parent, const char *name,
				    uint64_t ino, bool *made)
{
	struct dentry_slot *s = find(d, ino);

	*made = !s;
	if (!s) {
		if ((d->nr + 1) * 4 > d->cap * 3)
			grow(d);
		size_t i = slot_of(d, ino);

		while (d->slots[i].ino)
			i = (i + 1) & (d->cap - 1);
		s = &d->slots[i];
		s->ino = ino;
		s->listed = false;
		s->nlookup = 0;
		s->name = strdup(name);
		if (!s->name)
			abort();
		d->nr++;
	}
	s->parent = parent;
	return s;
}

void dentries_remember(struct dentries *d, uint64_t parent, const char *name, uint64_t ino)
{
	bool made;

	pthread_mutex_lock(&d->lock);
	slot_for(d, parent, name, ino, &made)->nlookup++;
	pthread_mutex_unlock(&d->lock);
}

bool dentries_remember_new(struct dentries *d, uint64_t parent, const char *name, uint64_t ino)
{
	bool made;

	pthread_mutex_lock(&d->lock);
	struct dentry_slot *s = slot_for(d, parent, name, ino, &made);

	if (made)
		s->nlookup = 1;
	pthread_mutex_unlock(&d->lock);
	return made;
}

/* Remove slot @i, moving later slots of its probe run back (no tombstones). */
static void delete_slot(struct dentries *d, size_t i)
{
	free(d->slots[i].name);
	d->slots[i].name = NULL;
	d->slots[i].ino = 0;
	for (size_t j = (i + 1) & (d->cap - 1); d->slots[j].ino; j = (j + 1) & (d->cap - 1)) {
		size_t home = slot_of(d, d->slots[j].ino);

		/* j's entry may move to the hole at i unless its home lies cyclically in (i, j] */
		if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
			d->slots[i] = d->slots[j];
			d->slots[j].ino = 0;
			d->slots[j].name = NULL;
			i = j;
		}
	}
	d->nr--;
}

void dentries_forget(struct dentries *d, uint64_t ino, uint64_t nlookup)
{
	pthread_mutex_lock(&d->lock);
	struct dentry_slot *s = find(d, ino);

	if (s && s->nlookup > nlookup)
		s->nlookup -= nlookup;
	else if (s)
		delete_slot(d, (size_t)(s - d->slots));
	pthread_mutex_unlock(&d->lock);
}

static uint64_t abi_ino(uint64_t fuse_ino)
{
	return fuse_ino == FUSE_ROOT_ID ? ABI_ROOT_INO : fuse_ino;
}

/*
 * Tell the kernel to drop every remembered entry whose object is gone (a gone directory's
 * children go with it). Runs outside every lock: the kernel takes the parent directory's
 * lock, which a process inside a lookup of ours may hold until that lookup is answered.
 */
void dentries_invalidate_gone(struct dentries *d, struct fuse_session *se, struct machine *m)
{
	struct gone { uint64_t parent; char *name; } *gone = NULL;
	size_t nr = 0, cap = 0;
	struct abi_stat st;

	pthread_mutex_lock(&d->lock);
	for (size_t i = 0; i < d->cap; i++) {
		struct dentry_slot *s = &d->slots[i];

		if (!s->ino || abi_getattr(m, abi_ino(s->ino), &st) != -ENOENT)
			continue;
		if (s->parent != FUSE_ROOT_ID && abi_getattr(m, abi_ino(s->parent), &st) == -ENOENT)
			continue;
		if (nr == cap) {
			cap = cap ? cap * 2 : 64;
			gone = realloc(gone, cap * sizeof(*gone));
			if (!gone)
				abort();
		}
		gone[nr].parent = s->parent;
		gone[nr++].name = strdup(s->name);
	}
	pthread_mutex_unlock(&d->lock);
	for (size_t i = 0; i < nr; i++) {
		fuse_lowlevel_notify_inval_entry(se, gone[i].parent, gone[i].name, strlen(gone[i].name));
		free(gone[i].name);
	}
	free(gone);
}

void dentries_mark_listed(struct dentries *d, uint64_t ino)
{
	pthread_mutex_lock(&d->lock);
	struct dentry_slot *s = ino == FUSE_ROOT_ID ? NULL : find(d, ino);
	bool *flag = s ? &s->listed : ino == FUSE_ROOT_ID ? &d->root_dirty : NULL;

	if (flag && !*flag) {
		if (d->nr_dirty == d->dirty_cap) {
			d->dirty_cap = d->dirty_cap ? d->dirty_cap * 2 : 256;
			d->dirty = realloc(d->dirty, d->dirty_cap * sizeof(*d->dirty));
			if (!d->dirty)
				abort();
		}
		d->dirty[d->nr_dirty++] = ino;
		*flag = true;
	}
	pthread_mutex_unlock(&d->lock);
}

void dentries_invalidate_listed(struct dentries *d, struct fuse_session *se)
{
	/*
	 * Another write's invalidation may still be running: this write's reply must wait
	 * for it too, or its writer could read what that one has not dropped yet.
	 */
	pthread_mutex_lock(&d->inval_lock);
	pthread_mutex_lock(&d->lock);
	uint64_t *list = d->dirty;
	size_t nr = d->nr_dirty;

	d->dirty = NULL;
	d->nr_dirty = d->dirty_cap = 0;
	for (size_t i = 0; i < nr; i++) {
		struct dentry_slot *s = list[i] == FUSE_ROOT_ID ? NULL : find(d, list[i]);

		if (s)
			s->listed = false;
	}
	d->root_dirty = false;
	pthread_mutex_unlock(&d->lock);
	/*
	 * Attributes only (offset -1): the kernel asks for them at the next opening, sees the
	 * mtime moved and drops the listing itself. A forgotten inode answers -ENOENT:
	 * nothing of it is cached any more.
	 */
	for (size_t i = 0; i < nr; i++)
		fuse_lowlevel_notify_inval_inode(se, list[i], -1, 0);
	pthread_mutex_unlock(&d->inval_lock);
	free(list);
}
