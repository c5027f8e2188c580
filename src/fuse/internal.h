/* SPDX-License-Identifier: MIT */
/* fuse/internal.h — the FUSE room's shared state. */
#ifndef MEMHP_FUSE_INTERNAL_H
#define MEMHP_FUSE_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "fuse/memfs.h"

struct fuse_session;

struct memfs {
	struct machine *m;
	struct fuse_session *se;
	pthread_t thread;
	bool running;
	char dir[64];		/* /tmp/memhp.XXXXXX: holds fuse/ and root/ */
	char mnt[96];		/* dir/fuse: the tree */
	char root[96];		/* dir/root: the private busybox root, once built */
	bool root_built;
	char overlay[24][256];	/* host paths mounted over by memfs_overlay_host() */
	int nr_overlay;
	time_t mounted_at;
	char shim[96];		/* dir/kmod: the namespace's module tools, once written */
};

/* Undo memfs_build_root() and memfs_overlay_host() mounts (lazy detach). */
void memfs_release_root(struct memfs *fs);

#endif
