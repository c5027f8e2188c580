/* SPDX-License-Identifier: MIT */
/* fuse/internal.h — the FUSE room's shared state. */
#ifndef MEMHP_FUSE_INTERNAL_H
#define MEMHP_FUSE_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "fuse/memfs.h"
#include "lib/strbuf.h"

struct fuse_session;

/* What the kernel's dentry cache holds of the tree (dentries.c). */
struct dentries {
	pthread_mutex_t lock;
	struct dentry_slot *slots;	/* open addressing, power-of-two capacity */
	size_t cap;			/* slots allocated */
	size_t nr;			/* slots in use, <= 3/4 cap */
	pthread_mutex_t inval_lock;	/* one invalidation at a time: each ends before its write's reply */
	uint64_t *dirty;		/* directories whose listing the kernel caches */
	size_t nr_dirty, dirty_cap;
	bool root_dirty;
};

void dentries_init(struct dentries *d);
void dentries_release(struct dentries *d);
/* A lookup of @name in @parent answered with @ino (FUSE inode numbers). */
void dentries_remember(struct dentries *d, uint64_t parent, const char *name, uint64_t ino);
/* The kernel forgot @nlookup lookups of @ino. */
void dentries_forget(struct dentries *d, uint64_t ino, uint64_t nlookup);
/*
 * Invalidate, in the kernel, every remembered entry whose object no longer exists in @m.
 * Call with no lock held and never from the thread that answers lookups.
 */
void dentries_invalidate_gone(struct dentries *d, struct fuse_session *se, struct machine *m);
/*
 * dentries_remember() for an inode the kernel does not hold yet; false (nothing changed)
 * when it holds it already (a lookup answered and not yet forgotten).
 */
bool dentries_remember_new(struct dentries *d, uint64_t parent, const char *name, uint64_t ino);
/* The kernel was handed directory @ino's listing, which it keeps (FOPEN_CACHE_DIR). */
void dentries_mark_listed(struct dentries *d, uint64_t ino);
/*
 * Drop the attributes of every directory listed since the last call: at its next opening
 * the kernel asks for them, sees the mtime moved and drops the listing (fuse.md). Never
 * from the reader thread.
 */
void dentries_invalidate_listed(struct dentries *d, struct fuse_session *se);

/* A unit of work for the write workers; @fn owns and frees the job. */
struct fuse_job {
	struct fuse_job *next;
	void (*fn)(struct fuse_job *job);
};

/*
 * Threads that run writes: a store may take long (a 64 TiB DIMM) and then invalidates
 * kernel entries, which must not happen on the thread that answers lookups.
 */
#define MEMFS_WORKERS 4
struct workers {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct fuse_job *head, *tail;	/* FIFO */
	pthread_t threads[MEMFS_WORKERS];
	int nr_threads;
	bool stopping;
};

int workers_start(struct workers *w);
void workers_queue(struct workers *w, struct fuse_job *job);
/* Run what is queued, then join the threads. */
void workers_stop(struct workers *w);

struct memfs {
	struct machine *m;
	struct fuse_session *se;
	pthread_t thread;	/* the reader: receives every request, answers all but writes */
	bool running;
	struct dentries dentries;
	/*
	 * Held by the reader while it answers a request: a write that changed the
	 * machine takes it once before invalidating, so no answer rendered before the change
	 * reaches the kernel after the invalidation.
	 */
	pthread_mutex_t serve_lock;
	uint64_t generation;	/* changes so far (atomic): the nanoseconds of every mtime */
	uint64_t epoch_seen;	/* abi_tree_epoch() at the last invalidation (atomic) */
	struct workers workers;
	char dir[64];		/* /tmp/memhp.XXXXXX: holds fuse/ and root/ */
	char mnt[96];		/* dir/fuse: the tree */
	char root[96];		/* dir/root: the private busybox root, once built */
	bool root_built;
	char overlay[24][256];	/* host paths mounted over by memfs_overlay_host() */
	int nr_overlay;
	time_t mounted_at;
	char shim[96];		/* dir/kmod: the namespace's module tools, once written */
	char devdir[96];	/* dir/dev: the namespace's /dev when the machine has nodes */
	char devview[104];	/* where the machine's processes see /dev ("/dev", or root/dev) */
	struct strbuf devnodes;	/* names bound in devview, one per line */
};

/*
 * The machine changed outside a write through the mount (the scenario runner's own
 * steps): drop what the kernel caches of the tree.
 */
void memfs_changed(struct memfs *fs);

/* Make @fs->devview's nodes match the machine's device nodes (no-op without a devview). */
void memfs_sync_devnodes(struct memfs *fs);

/* Undo memfs_build_root() and memfs_overlay_host() mounts (lazy detach). */
void memfs_release_root(struct memfs *fs);

#endif
