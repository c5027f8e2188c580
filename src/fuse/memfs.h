/* SPDX-License-Identifier: MIT */
/*
 * fuse/memfs.h — the machine's attribute tree as a FUSE filesystem (libfuse low-level
 * API, multi-threaded, served from threads of this process), and private mount
 * namespaces that put it where the kernel's files are: over the host's paths
 * (memhp ns) or in a private busybox root like the oracle's guest (memhp run).
 * Nothing here ever mounts outside a mount namespace this process made private.
 */
#ifndef MEMHP_FUSE_MEMFS_H
#define MEMHP_FUSE_MEMFS_H

#include <stdbool.h>

struct machine;
struct strbuf;

struct memfs;

/*
 * Enter a private mount namespace (unshare CLONE_NEWNS, / made rprivate); when not root,
 * a user namespace first. 0, or -errno with @err saying what is missing.
 */
int memfs_enter_private_ns(struct strbuf *err);

/*
 * Mount @m's tree at a fresh directory under /tmp and serve it. The caller must already
 * be in a private mount namespace. NULL with @err on failure.
 */
struct memfs *memfs_mount(struct machine *m, struct strbuf *err);
/* Where the tree is mounted (its root holds sys/, proc/, .memhp/). */
const char *memfs_mountpoint(const struct memfs *fs);
/* Unmount, stop the server threads, remove the directory. */
void memfs_unmount(struct memfs *fs);

/*
 * Bind the tree over the host's /sys/devices/system/{memory,node},
 * /sys/module/memory_hotplug and /proc/{meminfo,zoneinfo,iomem,sys/vm/drop_caches}, then
 * check the overlay is really in place. 0 or -errno with @err.
 */
int memfs_overlay_host(struct memfs *fs, struct strbuf *err);

/*
 * A private root like the oracle's busybox guest: tmpfs with busybox and its applets,
 * /tmp, /dev (null, zero, full, random, urandom, tty), /proc and /sys from the tree,
 * /run/memhp (control files) and the helpers kmsg, snap, settle.
 */
int memfs_build_root(struct memfs *fs, struct strbuf *err);
/*
 * Run @script as the oracle's agent does: written to /tmp/cmd.sh in the private root,
 * `timeout T sh /tmp/cmd.sh` with cwd /, stdin /dev/null, stdout+stderr together.
 * Output appended to @out, exit status in *@rc. 0 or -errno.
 */
int memfs_run_in_root(struct memfs *fs, const char *script, int timeout, struct strbuf *out, int *rc);

#endif
