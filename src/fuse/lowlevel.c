/* SPDX-License-Identifier: MIT */
/*
 * fuse/lowlevel.c — the FUSE server: one small callback per operation, each replying
 * once, state from fuse_req_userdata(). Files behave as sysfs files do: the content is
 * rendered once per open file, each write() is one whole store, an open that the file
 * cannot serve is EACCES even for root, nothing can be created.
 *
 * Every FUSE request costs two context switches, so the kernel is let cache what can be
 * kept exact: entries and attributes for CACHE_TIMEOUT seconds, listings (directories are
 * opened without asking, listed with their entries' attributes: readdirplus). After every
 * change, before its writer is answered, the listings handed out are dropped (their
 * mtime moves: tree_changed()) and entries of removed objects invalidated. Contents are
 * never cached (direct I/O): fuse.md says why.
 */
#define FUSE_USE_VERSION 35
#include "fuse/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <fuse_lowlevel.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "abi/abi.h"
#include "lib/strbuf.h"

/*
 * One open file: content rendered on first read; replies of control files. The kernel may
 * send reads of one file from several threads at once (readahead), hence the lock.
 */
struct open_file {
	pthread_mutex_t lock;
	struct strbuf data;
	bool loaded;
};

#define CACHE_TIMEOUT 60.0	/* seconds the kernel keeps cacheable entries and attributes */

static struct memfs *fs_of(fuse_req_t req)
{
	return fuse_req_userdata(req);
}

static uint64_t to_abi(fuse_ino_t ino)
{
	return ino == FUSE_ROOT_ID ? ABI_ROOT_INO : (uint64_t)ino;
}

static fuse_ino_t to_fuse(uint64_t ino)
{
	return ino == ABI_ROOT_INO ? FUSE_ROOT_ID : (fuse_ino_t)ino;
}

/* The file type bits; device nodes are inert: the mount is nodev (libfuse's default). */
static mode_t ifmt(enum abi_type type)
{
	switch (type) {
	case ABI_DIR: return S_IFDIR;
	case ABI_LNK: return S_IFLNK;
	case ABI_CHR: return S_IFCHR;
	default: return S_IFREG;
	}
}

static void fill_attr(struct memfs *fs, const struct abi_stat *st, struct stat *out)
{
	memset(out, 0, sizeof(*out));
	out->st_ino = to_fuse(st->ino);
	out->st_mode = st->mode | ifmt(st->type);
	out->st_rdev = makedev(st->rdev_major, st->rdev_minor);
	out->st_nlink = (nlink_t)st->nlink;
	out->st_atime = out->st_mtime = out->st_ctime = fs->mounted_at;
	/*
	 * The nanoseconds of mtime count the machine's changes, so that the kernel, asking
	 * again after tree_changed() dropped a directory's attributes, sees the mtime moved
	 * and drops the listing it holds.
	 */
	out->st_mtim.tv_nsec = (long)(__atomic_load_n(&fs->generation, __ATOMIC_ACQUIRE) % 1000000000);
	/*
	 * The host kernel's splice read (sendfile: busybox cat) of a FUSE file stops at
	 * i_size even with direct_io, so a file the model says is empty (debugfs) would read
	 * as empty there: such files show one page through the mount.
	 */
	out->st_size = st->type == ABI_REG && !st->size ? 4096 : (off_t)st->size;
}

/* The kernel keeps the listing of directory @st: remember to drop it after a change. */
static void mark_listed(struct memfs *fs, const struct abi_stat *st)
{
	dentries_mark_listed(&fs->dentries, to_fuse(st->ino));
}

/*
 * An entry (lookup or readdirplus) for @st. @stable: the tree's epoch did not move between
 * consulting it and remembering the entry; if it did, a removal may have scanned without
 * this entry, so the kernel must not cache it and asks again.
 */
static void fill_entry(struct memfs *fs, const struct abi_stat *st, bool stable,
		       struct fuse_entry_param *e)
{
	memset(e, 0, sizeof(*e));
	e->ino = to_fuse(st->ino);
	fill_attr(fs, st, &e->attr);
	if (st->cacheable && stable)
		e->entry_timeout = e->attr_timeout = CACHE_TIMEOUT;
}

static void op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct memfs *fs = fs_of(req);
	uint64_t epoch = abi_tree_epoch(fs->m);
	struct fuse_entry_param e;
	struct abi_stat st;
	int ret = abi_lookup(fs->m, to_abi(parent), name, &st);

	if (ret) {
		fuse_reply_err(req, -ret);
		return;
	}
	dentries_remember(&fs->dentries, parent, name, to_fuse(st.ino));
	fill_entry(fs, &st, abi_tree_epoch(fs->m) == epoch, &e);
	if (fuse_reply_entry(req, &e))
		dentries_forget(&fs->dentries, e.ino, 1);
}

static void op_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
	dentries_forget(&fs_of(req)->dentries, ino, nlookup);
	fuse_reply_none(req);
}

static void op_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *forgets)
{
	for (size_t i = 0; i < count; i++)
		dentries_forget(&fs_of(req)->dentries, forgets[i].ino, forgets[i].nlookup);
	fuse_reply_none(req);
}

static void op_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct memfs *fs = fs_of(req);
	struct abi_stat st;
	struct stat attr;
	int ret = abi_getattr(fs->m, to_abi(ino), &st);

	(void)fi;
	if (ret) {
		fuse_reply_err(req, -ret);
		return;
	}
	fill_attr(fs, &st, &attr);
	fuse_reply_attr(req, &attr, st.cacheable ? CACHE_TIMEOUT : 0);
}

/* Only truncation reaches here (O_TRUNC from a shell redirection): accepted, ignored. */
static void op_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set,
		       struct fuse_file_info *fi)
{
	(void)attr;
	if (to_set & ~(FUSE_SET_ATTR_SIZE | FUSE_SET_ATTR_ATIME | FUSE_SET_ATTR_MTIME |
		       FUSE_SET_ATTR_ATIME_NOW | FUSE_SET_ATTR_MTIME_NOW | FUSE_SET_ATTR_CTIME)) {
		fuse_reply_err(req, EPERM);
		return;
	}
	op_getattr(req, ino, fi);
}

static void op_readlink(fuse_req_t req, fuse_ino_t ino)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = abi_readlink(fs_of(req)->m, to_abi(ino), &sb);

	if (ret)
		fuse_reply_err(req, -ret);
	else
		fuse_reply_readlink(req, sb.buf);
	strbuf_release(&sb);
}

/*
 * Opening checks what sysfs checks at open (a read-only file for writing, a write-only
 * one for reading: EACCES even for root). Contents are rendered once per open file and
 * read with direct I/O, never from the kernel's page cache (fuse.md says why).
 */
static void op_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct memfs *fs = fs_of(req);
	struct abi_stat st;
	int acc = fi->flags & O_ACCMODE, ret = abi_getattr(fs->m, to_abi(ino), &st);

	if (!ret && st.type == ABI_DIR)
		ret = -EISDIR;
	if (!ret && acc != O_RDONLY && !(st.mode & 0222))
		ret = -EACCES;
	if (!ret && acc != O_WRONLY && !(st.mode & 0444))
		ret = -EACCES;
	if (ret) {
		fuse_reply_err(req, -ret);
		return;
	}
	struct open_file *of = calloc(1, sizeof(*of));

	if (!of) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	strbuf_init(&of->data);
	pthread_mutex_init(&of->lock, NULL);
	fi->fh = (uint64_t)(uintptr_t)of;
	fi->direct_io = 1;
	fi->nonseekable = 0;
	fuse_reply_open(req, fi);
}

static void reply_slice(fuse_req_t req, const struct strbuf *data, size_t size, off_t off)
{
	if ((size_t)off >= data->len) {
		fuse_reply_buf(req, NULL, 0);
	} else {
		size_t n = data->len - (size_t)off;

		fuse_reply_buf(req, data->buf + off, n < size ? n : size);
	}
}

static void op_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi)
{
	struct open_file *of = (struct open_file *)(uintptr_t)fi->fh;
	int ret = 0;

	pthread_mutex_lock(&of->lock);
	if (!of->loaded) {
		ret = abi_read(fs_of(req)->m, to_abi(ino), &of->data);
		if (ret)
			strbuf_reset(&of->data);
		of->loaded = !ret;
	}
	if (ret)
		fuse_reply_err(req, -ret);
	else
		reply_slice(req, &of->data, size, off);
	pthread_mutex_unlock(&of->lock);
}

/*
 * After the machine changed: everything the kernel may cache of the tree is dropped before
 * the change's writer is answered. Answers rendered before the change are first let out
 * (serve_lock), so none lands in the kernel after the invalidation.
 */
static void tree_changed(struct memfs *fs, uint64_t epoch)
{
	uint64_t now;

	__atomic_add_fetch(&fs->generation, 1, __ATOMIC_RELEASE);
	pthread_mutex_lock(&fs->serve_lock);
	pthread_mutex_unlock(&fs->serve_lock);
	dentries_invalidate_listed(&fs->dentries, fs->se);
	now = abi_tree_epoch(fs->m);
	if (now != epoch)
		dentries_invalidate_gone(&fs->dentries, fs->se, fs->m);
	__atomic_store_n(&fs->epoch_seen, now, __ATOMIC_RELEASE);
}

void memfs_changed(struct memfs *fs)
{
	tree_changed(fs, __atomic_load_n(&fs->epoch_seen, __ATOMIC_ACQUIRE));
	memfs_sync_devnodes(fs);
}

/* One write, run by a worker: the store, then invalidation of the caches, then the reply. */
struct write_job {
	struct fuse_job job;
	fuse_req_t req;
	fuse_ino_t ino;
	struct open_file *of;
	pid_t pid;			/* the writing process (fuse_req_ctx), for its name */
	size_t size;
	char data[];
};

/* The writer's comm ("daxctl"), or "" when it cannot be read. */
static void writer_comm(pid_t pid, char *comm, size_t size)
{
	char path[64];
	FILE *f;

	comm[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(comm, (int)size, f))
		comm[strcspn(comm, "\n")] = '\0';
	fclose(f);
}

static void run_write(struct fuse_job *job)
{
	struct write_job *w = (struct write_job *)job;
	struct memfs *fs = fs_of(w->req);
	uint64_t epoch = abi_tree_epoch(fs->m);
	char comm[32];
	int ret;

	writer_comm(w->pid, comm, sizeof(comm));
	pthread_mutex_lock(&w->of->lock);
	strbuf_reset(&w->of->data);
	ret = abi_write_reply_as(fs->m, to_abi(w->ino), w->data, w->size, &w->of->data, comm);
	w->of->loaded = w->of->data.len > 0;
	pthread_mutex_unlock(&w->of->lock);
	tree_changed(fs, epoch);
	if (!ret)
		memfs_sync_devnodes(fs);
	if (ret)
		fuse_reply_err(w->req, -ret);
	else
		fuse_reply_write(w->req, w->size);
	free(w);
}

static void op_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
		     struct fuse_file_info *fi)
{
	struct memfs *fs = fs_of(req);
	struct write_job *w;

	(void)off;
	w = malloc(sizeof(*w) + size);
	if (!w) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	w->job.fn = run_write;
	w->req = req;
	w->ino = ino;
	w->of = (struct open_file *)(uintptr_t)fi->fh;
	w->pid = fuse_req_ctx(req)->pid;
	w->size = size;
	memcpy(w->data, buf, size);
	workers_queue(&fs->workers, &w->job);
}

static void op_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct open_file *of = (struct open_file *)(uintptr_t)fi->fh;

	(void)ino;
	pthread_mutex_lock(&of->lock);
	strbuf_release(&of->data);
	pthread_mutex_unlock(&of->lock);
	pthread_mutex_destroy(&of->lock);
	free(of);
	fuse_reply_err(req, 0);
}

/*
 * A listing being built. Entries are collected under the machine lock (abi_readdir's
 * callback) and encoded after it, since readdirplus consults the tree again (its epoch,
 * for the entries' timeouts).
 */
struct dirent_rec {
	char *name;
	struct abi_stat st;
	uint64_t next_off;
	bool entry;		/* readdirplus: carries an entry (remembered as a lookup) */
};

struct dirbuf {
	fuse_req_t req;
	bool plus;
	size_t size, used;		/* reply bytes: limit, taken by the collected entries */
	struct dirent_rec *ents;
	size_t nr, cap;
};

/* Collect one entry; 1 when the reply would be full (the entry was not taken). */
static int add_entry(struct dirbuf *d, const char *name, const struct abi_stat *st, uint64_t next_off)
{
	size_t need = d->plus ? fuse_add_direntry_plus(d->req, NULL, 0, name, NULL, 0)
			      : fuse_add_direntry(d->req, NULL, 0, name, NULL, 0);

	if (d->used + need > d->size)
		return 1;
	if (d->nr == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->ents = realloc(d->ents, d->cap * sizeof(*d->ents));
		if (!d->ents)
			abort();
	}
	d->ents[d->nr].name = strdup(name);
	if (!d->ents[d->nr].name)
		abort();
	d->ents[d->nr].st = *st;
	d->ents[d->nr++].next_off = next_off;
	d->used += need;
	return 0;
}

/*
 * Encode the collected entries into @buf. Readdirplus entries are remembered as lookups and
 * carry their attributes, but for the dots and for inodes the kernel holds already (a
 * second lsmem): those it would only link again.
 */
static size_t encode_entries(struct memfs *fs, struct dirbuf *d, fuse_ino_t dir, uint64_t epoch,
			     char *buf)
{
	bool stable;
	size_t used = 0;

	for (size_t i = 0; i < d->nr; i++) {
		struct dirent_rec *r = &d->ents[i];

		r->entry = d->plus && strcmp(r->name, ".") && strcmp(r->name, "..") &&
			   dentries_remember_new(&fs->dentries, dir, r->name, to_fuse(r->st.ino));
	}
	stable = !d->plus || abi_tree_epoch(fs->m) == epoch;
	for (size_t i = 0; i < d->nr; i++) {
		const struct dirent_rec *r = &d->ents[i];
		struct fuse_entry_param e;

		if (r->entry) {
			fill_entry(fs, &r->st, stable, &e);
		} else {
			memset(&e, 0, sizeof(e));
			e.attr.st_ino = to_fuse(r->st.ino);
			e.attr.st_mode = ifmt(r->st.type);
		}
		used += d->plus ? fuse_add_direntry_plus(d->req, buf + used, d->size - used, r->name, &e,
							 (off_t)r->next_off)
				: fuse_add_direntry(d->req, buf + used, d->size - used, r->name, &e.attr,
						    (off_t)r->next_off);
	}
	return used;
}

/*
 * A listing starts with "." and ".." as sysfs and /proc do (offsets 1 and 2); the tree's
 * own offsets follow, shifted by DOT_ENTRIES.
 */
#define DOT_ENTRIES 2

static int fill_dir(void *ctx, const char *name, const struct abi_stat *st, uint64_t next_off)
{
	return add_entry(ctx, name, st, next_off + DOT_ENTRIES);
}

/*
 * ENOSYS: the kernel then opens directories without asking (no OPENDIR, no RELEASEDIR)
 * and caches their listings until their mtime moves (tree_changed()).
 */
static void op_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	(void)fi;
	fuse_reply_err(req, ENOSYS);
}

static void list_dir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, bool plus)
{
	struct memfs *fs = fs_of(req);
	uint64_t epoch = abi_tree_epoch(fs->m);
	struct dirbuf d = { .req = req, .plus = plus, .size = size };
	uint64_t from = (uint64_t)off > DOT_ENTRIES ? (uint64_t)off - DOT_ENTRIES : 0;
	struct abi_stat st;
	bool full = false;
	int ret = abi_getattr(fs->m, to_abi(ino), &st);

	if (!ret && st.type != ABI_DIR)
		ret = -ENOTDIR;
	if (!ret && off < 1)
		full = add_entry(&d, ".", &st, 1);
	if (!ret && !full && off < 2)	/* the parent's inode is not ours to give: the dir's own */
		full = add_entry(&d, "..", &st, 2);
	if (!ret && !full)
		ret = abi_readdir(fs->m, to_abi(ino), from, fill_dir, &d);
	char *buf = ret ? NULL : malloc(size ? size : 1);

	if (!ret && !buf)
		ret = -ENOMEM;
	if (ret) {
		fuse_reply_err(req, -ret);
	} else {
		size_t used = encode_entries(fs, &d, ino, epoch, buf);

		mark_listed(fs, &st);
		fuse_reply_buf(req, buf, used);
	}
	free(buf);
	for (size_t i = 0; i < d.nr; i++)
		free(d.ents[i].name);
	free(d.ents);
}

static void op_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		       struct fuse_file_info *fi)
{
	(void)fi;
	list_dir(req, ino, size, off, false);
}

static void op_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
			   struct fuse_file_info *fi)
{
	(void)fi;
	list_dir(req, ino, size, off, true);
}

/* sysfs and our /proc never let anyone create anything: "can't create ...: Permission denied". */
static void op_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
		      struct fuse_file_info *fi)
{
	(void)parent;
	(void)name;
	(void)mode;
	(void)fi;
	fuse_reply_err(req, EACCES);
}

static void op_mknod(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, dev_t rdev)
{
	(void)parent;
	(void)name;
	(void)mode;
	(void)rdev;
	fuse_reply_err(req, EACCES);
}

static void op_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode)
{
	(void)parent;
	(void)name;
	(void)mode;
	fuse_reply_err(req, EACCES);
}

static void op_unlink(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	(void)parent;
	(void)name;
	fuse_reply_err(req, EPERM);
}

/*
 * Synchronous reads: the kernel then never has two reads of one file in flight, nor a
 * read racing the file's release (readahead through splice would otherwise do both).
 */
static void op_init(void *userdata, struct fuse_conn_info *conn)
{
	(void)userdata;
	conn->want &= ~FUSE_CAP_ASYNC_READ;
	/*
	 * No atomic O_TRUNC: with it the kernel sets i_size to 0 itself on `echo x > file`;
	 * without it truncation is a SETATTR, answered with the real size.
	 */
	conn->want &= ~FUSE_CAP_ATOMIC_O_TRUNC;
	/* every listing carries its entries, not only the first reply's: lsmem looks up less */
	conn->want &= ~FUSE_CAP_READDIRPLUS_AUTO;
	/*
	 * Reads and listings check the attributes first and drop pages whose mtime moved:
	 * what tree_changed() relies on (libfuse's default, asked for here all the same).
	 */
	if (conn->capable & FUSE_CAP_AUTO_INVAL_DATA)
		conn->want |= FUSE_CAP_AUTO_INVAL_DATA;
}

static const struct fuse_lowlevel_ops memfs_ops = {
	.init = op_init,
	.lookup = op_lookup,
	.forget = op_forget,
	.forget_multi = op_forget_multi,
	.getattr = op_getattr,
	.setattr = op_setattr,
	.readlink = op_readlink,
	.open = op_open,
	.read = op_read,
	.write = op_write,
	.release = op_release,
	.opendir = op_opendir,
	.readdir = op_readdir,
	.readdirplus = op_readdirplus,
	.create = op_create,
	.mknod = op_mknod,
	.mkdir = op_mkdir,
	.unlink = op_unlink,
	.rmdir = op_unlink,
};

/*
 * The reader: receives every request and answers all but writes inline, under serve_lock
 * (see tree_changed()). Measured here, one reader answers lsmem's lookups and reads about
 * 1.5x faster than libfuse's pool of equal threads, which hands consecutive requests to
 * different threads (each a wake-up).
 */
static void *serve(void *arg)
{
	struct memfs *fs = arg;
	struct fuse_buf buf = { .mem = NULL };

	while (!fuse_session_exited(fs->se)) {
		int res = fuse_session_receive_buf(fs->se, &buf);

		if (res == -EINTR)
			continue;
		if (res <= 0)
			break;
		pthread_mutex_lock(&fs->serve_lock);
		fuse_session_process_buf(fs->se, &buf);
		pthread_mutex_unlock(&fs->serve_lock);
	}
	free(buf.mem);
	return NULL;
}

struct memfs *memfs_mount(struct machine *m, struct strbuf *err)
{
	char *argv[] = { "memhp", "-o", "default_permissions,allow_other,fsname=memhp,subtype=memhp", NULL };
	struct fuse_args args = FUSE_ARGS_INIT(3, argv);
	struct memfs *fs = calloc(1, sizeof(*fs));

	if (!fs)
		abort();
	fs->m = m;
	fs->mounted_at = time(NULL);
	fs->epoch_seen = abi_tree_epoch(m);
	pthread_mutex_init(&fs->serve_lock, NULL);
	strbuf_init(&fs->devnodes);
	snprintf(fs->dir, sizeof(fs->dir), "/tmp/memhp.XXXXXX");
	if (!mkdtemp(fs->dir)) {
		strbuf_addf(err, "mkdtemp /tmp/memhp.XXXXXX: %s", strerror(errno));
		goto out_free;
	}
	snprintf(fs->mnt, sizeof(fs->mnt), "%s/fuse", fs->dir);
	if (mkdir(fs->mnt, 0755))
		goto out_rmdir;
	fs->se = fuse_session_new(&args, &memfs_ops, sizeof(memfs_ops), fs);
	if (!fs->se) {
		strbuf_addstr(err, "fuse_session_new failed");
		goto out_rmdir;
	}
	if (fuse_session_mount(fs->se, fs->mnt)) {
		strbuf_addf(err, "cannot mount FUSE at %s (is /dev/fuse available?)", fs->mnt);
		fuse_session_destroy(fs->se);
		goto out_rmdir;
	}
	dentries_init(&fs->dentries);
	if (workers_start(&fs->workers)) {
		strbuf_addstr(err, "cannot start the FUSE server's write threads");
		goto out_unmount;
	}
	if (pthread_create(&fs->thread, NULL, serve, fs)) {
		strbuf_addstr(err, "cannot start the FUSE server thread");
		workers_stop(&fs->workers);
		goto out_unmount;
	}
	fs->running = true;
	fuse_opt_free_args(&args);
	return fs;

out_unmount:
	dentries_release(&fs->dentries);
	fuse_session_unmount(fs->se);
	fuse_session_destroy(fs->se);
out_rmdir:
	rmdir(fs->mnt);
	rmdir(fs->dir);
out_free:
	fuse_opt_free_args(&args);
	strbuf_release(&fs->devnodes);
	pthread_mutex_destroy(&fs->serve_lock);
	free(fs);
	return NULL;
}

const char *memfs_mountpoint(const struct memfs *fs)
{
	return fs->mnt;
}

void memfs_unmount(struct memfs *fs)
{
	if (!fs)
		return;
	memfs_release_root(fs);
	fuse_session_exit(fs->se);
	/* a lazy unmount (libfuse uses MNT_DETACH) ends the connection and wakes the loop */
	fuse_session_unmount(fs->se);
	if (fs->running) {
		pthread_join(fs->thread, NULL);
		workers_stop(&fs->workers);	/* queued writes still get their (unread) replies */
		dentries_release(&fs->dentries);
	}
	fuse_session_destroy(fs->se);
	rmdir(fs->mnt);
	rmdir(fs->dir);
	strbuf_release(&fs->devnodes);
	pthread_mutex_destroy(&fs->serve_lock);
	free(fs);
}
