/* SPDX-License-Identifier: MIT */
/*
 * fuse/lowlevel.c — the FUSE server: one small callback per operation, each replying
 * once, state from fuse_req_userdata(). Files behave as sysfs files do: the content is
 * rendered once per open file, each write() is one whole store, opening a read-only file
 * for writing is EACCES even for root, and nothing can be created.
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

static struct memfs *fs_of(fuse_req_t req)
{
	return fuse_req_userdata(req);
}

static uint64_t to_abi(fuse_ino_t ino)
{
	return ino == FUSE_ROOT_ID ? ABI_ROOT_INO : (uint64_t)ino;
}

static void fill_attr(struct memfs *fs, const struct abi_stat *st, struct stat *out)
{
	memset(out, 0, sizeof(*out));
	out->st_ino = st->ino == ABI_ROOT_INO ? FUSE_ROOT_ID : st->ino;
	out->st_mode = st->mode | (st->type == ABI_DIR ? S_IFDIR : st->type == ABI_LNK ? S_IFLNK : S_IFREG);
	out->st_nlink = (nlink_t)st->nlink;
	out->st_size = (off_t)st->size;
	out->st_atime = out->st_mtime = out->st_ctime = fs->mounted_at;
}

static void op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct memfs *fs = fs_of(req);
	struct fuse_entry_param e;
	struct abi_stat st;
	int ret = abi_lookup(fs->m, to_abi(parent), name, &st);

	if (ret) {
		fuse_reply_err(req, -ret);
		return;
	}
	memset(&e, 0, sizeof(e));
	e.ino = st.ino == ABI_ROOT_INO ? FUSE_ROOT_ID : st.ino;
	fill_attr(fs, &st, &e.attr);
	fuse_reply_entry(req, &e);
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
	fuse_reply_attr(req, &attr, 0);
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
	if (ret) {
		fuse_reply_err(req, -ret);
	} else if ((size_t)off >= of->data.len) {
		fuse_reply_buf(req, NULL, 0);
	} else {
		size_t n = of->data.len - (size_t)off;

		fuse_reply_buf(req, of->data.buf + off, n < size ? n : size);
	}
	pthread_mutex_unlock(&of->lock);
}

static void op_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
		     struct fuse_file_info *fi)
{
	struct open_file *of = (struct open_file *)(uintptr_t)fi->fh;
	int ret;

	(void)off;
	pthread_mutex_lock(&of->lock);
	strbuf_reset(&of->data);
	ret = abi_write_reply(fs_of(req)->m, to_abi(ino), buf, size, &of->data);
	of->loaded = of->data.len > 0;
	pthread_mutex_unlock(&of->lock);
	if (ret)
		fuse_reply_err(req, -ret);
	else
		fuse_reply_write(req, size);
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

struct dirbuf {
	fuse_req_t req;
	char *buf;
	size_t size, used;
};

static int fill_dir(void *ctx, const char *name, const struct abi_stat *st, uint64_t next_off)
{
	struct dirbuf *d = ctx;
	struct stat attr;

	memset(&attr, 0, sizeof(attr));
	attr.st_ino = st->ino;
	attr.st_mode = st->type == ABI_DIR ? S_IFDIR : st->type == ABI_LNK ? S_IFLNK : S_IFREG;
	size_t need = fuse_add_direntry(d->req, NULL, 0, name, NULL, 0);

	if (d->used + need > d->size)
		return 1;
	fuse_add_direntry(d->req, d->buf + d->used, d->size - d->used, name, &attr, (off_t)next_off);
	d->used += need;
	return 0;
}

static void op_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		       struct fuse_file_info *fi)
{
	struct dirbuf d = { req, malloc(size), size, 0 };
	int ret;

	(void)fi;
	if (!d.buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	ret = abi_readdir(fs_of(req)->m, to_abi(ino), (uint64_t)off, fill_dir, &d);
	if (ret)
		fuse_reply_err(req, -ret);
	else
		fuse_reply_buf(req, d.buf, d.used);
	free(d.buf);
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
}

static const struct fuse_lowlevel_ops memfs_ops = {
	.init = op_init,
	.lookup = op_lookup,
	.getattr = op_getattr,
	.setattr = op_setattr,
	.readlink = op_readlink,
	.open = op_open,
	.read = op_read,
	.write = op_write,
	.release = op_release,
	.readdir = op_readdir,
	.create = op_create,
	.mknod = op_mknod,
	.mkdir = op_mkdir,
	.unlink = op_unlink,
	.rmdir = op_unlink,
};

static void *serve(void *arg)
{
	struct memfs *fs = arg;
	struct fuse_loop_config cfg = { .clone_fd = 0, .max_idle_threads = 4 };

	fuse_session_loop_mt(fs->se, &cfg);
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
	snprintf(fs->dir, sizeof(fs->dir), "/tmp/memhp.XXXXXX");
	if (!mkdtemp(fs->dir)) {
		strbuf_addf(err, "mkdtemp /tmp/memhp.XXXXXX: %s", strerror(errno));
		free(fs);
		return NULL;
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
	if (pthread_create(&fs->thread, NULL, serve, fs)) {
		strbuf_addstr(err, "cannot start the FUSE server thread");
		fuse_session_unmount(fs->se);
		fuse_session_destroy(fs->se);
		goto out_rmdir;
	}
	fs->running = true;
	fuse_opt_free_args(&args);
	return fs;

out_rmdir:
	fuse_opt_free_args(&args);
	rmdir(fs->mnt);
	rmdir(fs->dir);
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
	if (fs->running)
		pthread_join(fs->thread, NULL);
	fuse_session_destroy(fs->se);
	rmdir(fs->mnt);
	rmdir(fs->dir);
	free(fs);
}

