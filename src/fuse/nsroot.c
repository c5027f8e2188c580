/* SPDX-License-Identifier: MIT */
/*
 * fuse/nsroot.c — private mount namespaces around the tree. The host is never written:
 * everything is mounted after unshare(CLONE_NEWNS) with / made private, inside
 * directories this process created under /tmp and removes again.
 */
#include "fuse/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi/abi.h"
#include "lib/strbuf.h"

static int write_file(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);

	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, data, strlen(data));

	close(fd);
	return n == (ssize_t)strlen(data) ? 0 : -EIO;
}

int memfs_enter_private_ns(struct strbuf *err)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (access("/dev/fuse", R_OK | W_OK)) {
		struct stat st;

		if (errno == ENOENT || stat("/dev/fuse", &st))
			strbuf_addstr(err, "there is no /dev/fuse: load the fuse module (modprobe fuse) "
				      "or run where the device exists");
		else
			strbuf_addf(err, "/dev/fuse (mode %04o, owner uid %u) is not readable and writable "
				    "by uid %u; FUSE without root needs it so: Debian's fuse3 udev rule makes "
				    "it 0666, or as root run: chmod 0666 /dev/fuse",
				    (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid, (unsigned)uid);
		return -EACCES;
	}
	if (uid != 0) {
		char map[64];

		if (unshare(CLONE_NEWUSER | CLONE_NEWNS)) {
			strbuf_addf(err, "cannot create a user + mount namespace (%s); "
				    "check /proc/sys/user/max_user_namespaces or run as root", strerror(errno));
			return -errno;
		}
		write_file("/proc/self/setgroups", "deny");
		snprintf(map, sizeof(map), "0 %u 1", uid);
		write_file("/proc/self/uid_map", map);
		snprintf(map, sizeof(map), "0 %u 1", gid);
		write_file("/proc/self/gid_map", map);
	} else if (unshare(CLONE_NEWNS)) {
		strbuf_addf(err, "unshare(CLONE_NEWNS): %s", strerror(errno));
		return -errno;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)) {
		strbuf_addf(err, "making / private in the new namespace: %s", strerror(errno));
		return -errno;
	}
	return 0;
}

static void note_overlay(struct memfs *fs, const char *path)
{
	if (fs->nr_overlay < (int)(sizeof(fs->overlay) / sizeof(fs->overlay[0])))
		snprintf(fs->overlay[fs->nr_overlay++], sizeof(fs->overlay[0]), "%s", path);
}

static int bind(const char *src, const char *dst, struct strbuf *err)
{
	if (mount(src, dst, NULL, MS_BIND, NULL)) {
		strbuf_addf(err, "bind %s -> %s: %s", src, dst, strerror(errno));
		return -errno;
	}
	return 0;
}

static int bind_tree(struct memfs *fs, const char *sub, const char *dst_root, const char *dst,
		     struct strbuf *err)
{
	char src[256], to[256];

	snprintf(src, sizeof(src), "%s/%s", fs->mnt, sub);
	snprintf(to, sizeof(to), "%s%s", dst_root, dst);
	return bind(src, to, err);
}

/* Is @sub absent from the machine's tree (a kernel built without what makes it)? */
static bool tree_lacks(struct memfs *fs, const char *sub)
{
	char src[256];

	snprintf(src, sizeof(src), "%s/%s", fs->mnt, sub);
	return access(src, F_OK) && errno == ENOENT;
}

/*
 * The private root's placeholder for @dst: the tree bound over it, or, when the machine
 * has no such directory, no directory at all (the placeholder is empty and removed).
 */
static int bind_tree_or_absent(struct memfs *fs, const char *sub, const char *dst,
			       struct strbuf *err)
{
	char to[512];

	if (!tree_lacks(fs, sub))
		return bind_tree(fs, sub, fs->root, dst, err);
	snprintf(to, sizeof(to), "%s%s", fs->root, dst);
	if (rmdir(to)) {
		strbuf_addf(err, "rmdir %s: %s", to, strerror(errno));
		return -errno;
	}
	return 0;
}

/*
 * The host's own directory where the machine has none: a mount cannot remove it, so an
 * empty read-only tmpfs covers it (every file below it is then ENOENT, as on that kernel).
 */
static int cover_host_dir(struct memfs *fs, const char *dst, struct strbuf *err)
{
	if (mount("tmpfs", dst, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0755")) {
		strbuf_addf(err, "cover %s: %s", dst, strerror(errno));
		return -errno;
	}
	note_overlay(fs, dst);
	return 0;
}

/*
 * What memhp stands in for in the host's namespace.  /sys/bus, /sys/devices/platform,
 * /sys/module, /sys/dev and /sys/kernel/debug are whole: run-time objects (dax, cxl,
 * loaded modules, device numbers, debugfs) live there and their links point between them;
 * the host's own buses and modules are hidden inside the namespace.
 */
static const char *const overlay_paths[][2] = {
	{ "sys/devices/system/memory", "/sys/devices/system/memory" },
	{ "sys/devices/system/node", "/sys/devices/system/node" },
	{ "sys/module", "/sys/module" },
	{ "sys/dev", "/sys/dev" },
	{ "sys/firmware/memmap", "/sys/firmware/memmap" },
	{ "proc/meminfo", "/proc/meminfo" },
	{ "proc/zoneinfo", "/proc/zoneinfo" },
	{ "proc/buddyinfo", "/proc/buddyinfo" },
	{ "proc/iomem", "/proc/iomem" },
	{ "proc/sys/vm/drop_caches", "/proc/sys/vm/drop_caches" },
	{ "sys/bus", "/sys/bus" },
	{ "sys/devices/platform", "/sys/devices/platform" },
	{ "sys/kernel/debug", "/sys/kernel/debug" },
};

/*
 * The host kernel's modules stay out of reach: the module tools (kmod: modprobe, insmod,
 * rmmod, lsmod) become a script whose modprobe is `memhp modprobe` on the running machine
 * (the selftest loads memory-notifier-error-inject this way), and /lib/modules an empty
 * read-only tmpfs, so libkmod (daxctl) finds nothing it could insert.
 */
static int hide_host_modules(struct memfs *fs, struct strbuf *err)
{
	char kmod[240], self[4096], script[4096 + 512];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return 0;
	self[n] = '\0';
	if (!access("/lib/modules", F_OK) &&
	    !mount("tmpfs", "/lib/modules", "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0755"))
		note_overlay(fs, "/lib/modules");
	if (!realpath("/sbin/modprobe", kmod) && !realpath("/usr/sbin/modprobe", kmod))
		return 0;	/* no module tools on this host: nothing to hide */
	snprintf(fs->shim, sizeof(fs->shim), "%s/kmod", fs->dir);
	snprintf(script, sizeof(script),
		 "#!/bin/sh\n# memhp ns: the module tools act on the emulated machine, never the host's kernel\n"
		 "case \"${0##*/}\" in\nmodprobe) exec '%s' modprobe \"$@\" ;;\n"
		 "*) echo \"${0##*/}: the host kernel's modules are out of reach inside memhp ns\" >&2; exit 1 ;;\n"
		 "esac\n", self);
	if (write_file(fs->shim, script) || chmod(fs->shim, 0755)) {
		strbuf_addf(err, "cannot write %s", fs->shim);
		return -EIO;
	}
	if (bind(fs->shim, kmod, err))
		return -EIO;
	note_overlay(fs, kmod);
	return 0;
}

/*
 * Tools find debugfs by type (`mount -t debugfs`, the selftest does). When none is
 * mounted at /sys/kernel/debug, mount one there read-only first (root only; no options,
 * so the one debugfs superblock is never reconfigured); the tree is bound over it, so
 * every path below resolves to memhp's files.
 */
static void stand_in_debugfs(struct memfs *fs)
{
	struct statfs sfs;

	if (access("/sys/kernel/debug", F_OK) || (!statfs("/sys/kernel/debug", &sfs) && sfs.f_type == 0x64626720))
		return;
	if (mount("debugfs", "/sys/kernel/debug", "debugfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		return;
	if (mount(NULL, "/sys/kernel/debug", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL)) {
		umount2("/sys/kernel/debug", MNT_DETACH);
		return;
	}
	note_overlay(fs, "/sys/kernel/debug");
}

struct devnode_names {
	struct strbuf *names;		/* "NAME\n" per node, "DIR/NAME\n" inside a directory */
	struct strbuf *dirs;		/* directories of the tree's /dev, "DIR\n" */
	const char *dir;		/* the directory being listed, "" for /dev */
};

static int collect_name(void *ctx, const char *name, const struct abi_stat *st, uint64_t next_off)
{
	struct devnode_names *c = ctx;

	(void)next_off;
	if (st->type == ABI_DIR && !c->dir[0])
		strbuf_addf(c->dirs, "%s\n", name);
	else if (st->type != ABI_DIR)
		strbuf_addf(c->names, "%s%s%s\n", c->dir, c->dir[0] ? "/" : "", name);
	return 0;
}

/*
 * The nodes in the tree's /dev, as paths below it ("dax0.0", "cxl/mem0": devtmpfs puts
 * some in a directory), or 0 if none.
 */
static int tree_devnodes(struct memfs *fs, struct strbuf *names)
{
	struct strbuf dirs = STRBUF_INIT, path = STRBUF_INIT;
	struct devnode_names c = { names, &dirs, "" };
	struct abi_stat st;

	if (abi_resolve(fs->m, "/dev", &st))
		return 0;
	abi_readdir(fs->m, st.ino, 0, collect_name, &c);
	for (char *d = dirs.buf, *end; d && *d; d = end + 1) {
		end = strchr(d, '\n');
		*end = '\0';
		strbuf_reset(&path);
		strbuf_addf(&path, "/dev/%s", d);
		c.dir = d;
		if (!abi_resolve(fs->m, path.buf, &st))
			abi_readdir(fs->m, st.ino, 0, collect_name, &c);
	}
	strbuf_release(&dirs);
	strbuf_release(&path);
	return names->len > 0;
}

/* Whether @name is a line of @names. */
static bool has_line(const char *names, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = names; (p = strstr(p, name)); p += n)
		if ((p == names || p[-1] == '\n') && p[n] == '\n')
			return true;
	return false;
}

/* Whether a line of @names lies in directory @dir ("cxl" for "cxl/mem0"). */
static bool has_dir(const char *names, const char *dir)
{
	size_t n = strlen(dir);

	for (const char *p = names; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, dir, n) && p[n] == '/')
			return true;
	return false;
}

/* @path's directory below @base (the /dev), made on the way in and removed once empty on the way out. */
static void devnode_dir(const char *base, const char *path, bool add)
{
	char dir[512];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir + strlen(base))
		return;
	*slash = '\0';
	if (add)
		mkdir(dir, 0755);
	else
		rmdir(dir);	/* fails while other nodes remain: that is the test */
}

/*
 * devtmpfs's job for the machine's devices: in the /dev the machine's processes see
 * (@fs->devview: the namespace's /dev, or the private root's) each node of the
 * tree's /dev is bound over an empty file, so lstat shows the char device and its dev_t
 * (daxctl checks with lstat) while opening it fails: the tree is mounted nodev, so no host
 * driver is ever reached. Nodes that are gone are unmounted and removed.
 */
void memfs_sync_devnodes(struct memfs *fs)
{
	struct strbuf now = STRBUF_INIT;
	char path[512], src[512];

	if (!fs->devview[0])
		return;
	tree_devnodes(fs, &now);
	for (char *n = fs->devnodes.buf, *end; n && *n; n = end + 1) {
		end = strchr(n, '\n');
		*end = '\0';
		if (!has_line(now.buf, n)) {
			snprintf(path, sizeof(path), "%s/%s", fs->devview, n);
			umount2(path, MNT_DETACH);
			unlink(path);
			devnode_dir(fs->devview, path, false);
		}
		*end = '\n';
	}
	for (char *n = now.buf, *end; n && *n; n = end + 1) {
		end = strchr(n, '\n');
		*end = '\0';
		if (!has_line(fs->devnodes.buf, n)) {
			snprintf(path, sizeof(path), "%s/%s", fs->devview, n);
			snprintf(src, sizeof(src), "%s/dev/%s", fs->mnt, n);
			devnode_dir(fs->devview, path, true);
			if (!write_file(path, ""))
				mount(src, path, NULL, MS_BIND, NULL);
		}
		*end = '\n';
	}
	strbuf_release(&fs->devnodes);
	fs->devnodes = now;
}

/* Copy one host /dev entry into the stand-in: directories and nodes bound, links copied. */
static void copy_dev_entry(const char *name, const char *to)
{
	char src[300], dst[600], target[512];
	struct stat st;
	ssize_t len;

	snprintf(src, sizeof(src), "/dev/%s", name);
	snprintf(dst, sizeof(dst), "%s/%s", to, name);
	if (lstat(src, &st))
		return;
	if (S_ISLNK(st.st_mode)) {
		len = readlink(src, target, sizeof(target) - 1);
		if (len > 0) {
			target[len] = '\0';
			if (symlink(target, dst)) {
				/* a name that cannot be copied is left out */
			}
		}
	} else if (S_ISDIR(st.st_mode)) {
		if (!mkdir(dst, st.st_mode & 07777))
			mount(src, dst, NULL, MS_BIND | MS_REC, NULL);
	} else if (!write_file(dst, "")) {
		mount(src, dst, NULL, MS_BIND, NULL);
	}
}

/*
 * Top-level directories the machine adds to /sys/devices beside system/ and platform/
 * (the ACPI and PCI devices of CXL host bridges: LNXSYSTM:00, pci0000:34), one per line.
 */
static void tree_extra_devices(struct memfs *fs, struct strbuf *names)
{
	char path[512];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s/sys/devices", fs->mnt);
	d = opendir(path);
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' && strcmp(de->d_name, "system") && strcmp(de->d_name, "platform"))
			strbuf_addf(names, "%s\n", de->d_name);
	if (d)
		closedir(d);
}

/* One entry of the host's /sys/devices (directory @host) into the stand-in at /sys/devices. */
static void copy_sys_device(int host, const char *name)
{
	char src[300], dst[300], target[512];
	struct stat st;
	ssize_t len;

	snprintf(src, sizeof(src), "/proc/self/fd/%d/%s", host, name);
	snprintf(dst, sizeof(dst), "/sys/devices/%s", name);
	if (fstatat(host, name, &st, AT_SYMLINK_NOFOLLOW))
		return;
	if (S_ISDIR(st.st_mode)) {
		if (!mkdir(dst, 0755))
			mount(src, dst, NULL, MS_BIND | MS_REC, NULL);
	} else if (S_ISLNK(st.st_mode)) {
		len = readlinkat(host, name, target, sizeof(target) - 1);
		if (len > 0) {
			target[len] = '\0';
			if (symlink(target, dst)) {
				/* a name that cannot be copied is left out */
			}
		}
	} else if (!write_file(dst, "")) {
		mount(src, dst, NULL, MS_BIND, NULL);
	}
}

/*
 * sysfs cannot make a directory for the machine's top-level devices, so when it has any a
 * tmpfs stands in for /sys/devices: the host's entries bound (with what is mounted below
 * them), the machine's in place of any of the same name, then made read-only. Without
 * such devices the host's /sys/devices stays as it is.
 */
static int stand_in_sys_devices(struct memfs *fs, struct strbuf *err)
{
	struct strbuf extra = STRBUF_INIT;
	int host, ret = 0;
	struct dirent *de;
	DIR *d;

	tree_extra_devices(fs, &extra);
	host = extra.len ? open("/sys/devices", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	if (host < 0)
		goto out;
	if (mount("tmpfs", "/sys/devices", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0755")) {
		strbuf_addf(err, "tmpfs over /sys/devices: %s", strerror(errno));
		ret = -EIO;
		goto out;
	}
	note_overlay(fs, "/sys/devices");
	d = fdopendir(dup(host));
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' && !has_line(extra.buf, de->d_name))
			copy_sys_device(host, de->d_name);
	if (d)
		closedir(d);
	for (char *n = extra.buf, *end; !ret && *n; n = end + 1) {
		char to[100];

		end = strchr(n, '\n');
		*end = '\0';
		snprintf(to, sizeof(to), "/sys/devices/%s", n);
		ret = mkdir(to, 0755) ? -errno : 0;
		if (!ret) {
			snprintf(to, sizeof(to), "sys/devices/%s", n);
			ret = bind_tree(fs, to, "/", to, err);
		}
	}
	if (!ret && mount(NULL, "/sys/devices", NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		ret = -errno;
	if (ret && !err->len)
		strbuf_addf(err, "the stand-in for /sys/devices: %s", strerror(-ret));
out:
	if (host >= 0)
		close(host);
	strbuf_release(&extra);
	return ret;
}

/*
 * A machine with device nodes (dax) gets its own /dev: a tmpfs holding every host entry
 * (bound, so the same devices) plus the machine's nodes. Nothing is ever created in the
 * host's devtmpfs.
 */
static int stand_in_dev(struct memfs *fs, struct strbuf *err)
{
	struct strbuf names = STRBUF_INIT;
	int have = tree_devnodes(fs, &names);
	struct dirent *de;
	DIR *d;

	if (!have || access("/dev", F_OK)) {
		strbuf_release(&names);
		return 0;
	}
	snprintf(fs->devdir, sizeof(fs->devdir), "%s/dev", fs->dir);
	if (mkdir(fs->devdir, 0755) || mount("tmpfs", fs->devdir, "tmpfs", MS_NOSUID, "mode=0755")) {
		strbuf_addf(err, "tmpfs for /dev at %s: %s", fs->devdir, strerror(errno));
		fs->devdir[0] = '\0';
		return -EIO;
	}
	d = opendir("/dev");
	while (d && (de = readdir(d)))	/* the host's, but never a directory the machine's nodes go in */
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && !has_dir(names.buf, de->d_name))
			copy_dev_entry(de->d_name, fs->devdir);
	if (d)
		closedir(d);
	strbuf_release(&names);
	if (mount(fs->devdir, "/dev", NULL, MS_BIND | MS_REC, NULL)) {
		strbuf_addf(err, "bind %s over /dev: %s", fs->devdir, strerror(errno));
		return -EIO;
	}
	note_overlay(fs, "/dev");
	snprintf(fs->devview, sizeof(fs->devview), "/dev");
	memfs_sync_devnodes(fs);
	return 0;
}

int memfs_overlay_host(struct memfs *fs, struct strbuf *err)
{
	struct stat a, b;
	char src[256];

	if (hide_host_modules(fs, err) || stand_in_dev(fs, err) || stand_in_sys_devices(fs, err))
		return -EIO;
	stand_in_debugfs(fs);

	for (size_t i = 0; i < sizeof(overlay_paths) / sizeof(overlay_paths[0]); i++) {
		if (access(overlay_paths[i][1], F_OK))
			continue;	/* e.g. no memory_hotplug module dir on this host */
		if (tree_lacks(fs, overlay_paths[i][0])) {
			if (cover_host_dir(fs, overlay_paths[i][1], err))
				return -EIO;
			continue;
		}
		int ret = bind_tree(fs, overlay_paths[i][0], "", overlay_paths[i][1], err);

		if (ret)
			return ret;
		note_overlay(fs, overlay_paths[i][1]);
	}
	/* safety gate: the memory directory must now be ours (or covered: the machine has none) */
	snprintf(src, sizeof(src), "%s/sys/devices/system/memory", fs->mnt);
	if (tree_lacks(fs, "sys/devices/system/memory"))
		snprintf(src, sizeof(src), "%s", fs->dir);	/* any path off the host's sysfs */
	if (stat(src, &a) || stat("/sys/devices/system/memory", &b) ||
	    (a.st_dev != b.st_dev) != tree_lacks(fs, "sys/devices/system/memory")) {
		strbuf_addstr(err, "the overlay over /sys/devices/system/memory is not in place");
		return -EIO;
	}
	return 0;
}

static int mkdirs(const char *root, const char *const *dirs, struct strbuf *err)
{
	char p[512];

	for (int i = 0; dirs[i]; i++) {
		snprintf(p, sizeof(p), "%s/%s", root, dirs[i]);
		if (mkdir(p, 0755) && errno != EEXIST) {
			strbuf_addf(err, "mkdir %s: %s", p, strerror(errno));
			return -errno;
		}
	}
	return 0;
}

static const char *find_busybox(void)
{
	static const char *const paths[] = { "/bin/busybox", "/usr/bin/busybox", NULL };

	for (int i = 0; paths[i]; i++)
		if (!access(paths[i], X_OK))
			return paths[i];
	return NULL;
}

/* One symlink per applet, as the oracle's initramfs has them. */
static int link_applets(const char *root, const char *busybox)
{
	char cmd[256], line[256], path[512];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "%s --list-full", busybox);
	f = popen(cmd, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!*line || !strcmp(line, "bin/busybox"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", root, line);
		if (symlink("/bin/busybox", path) && errno != EEXIST)
			continue;
	}
	pclose(f);
	return 0;
}

static int populate_dev(const char *root, struct strbuf *err)
{
	static const char *const devs[] = { "null", "zero", "full", "random", "urandom", "tty", NULL };
	char src[64], dst[512];

	for (int i = 0; devs[i]; i++) {
		snprintf(src, sizeof(src), "/dev/%s", devs[i]);
		snprintf(dst, sizeof(dst), "%s/dev/%s", root, devs[i]);
		if (access(src, F_OK) || write_file(dst, ""))
			continue;
		if (bind(src, dst, err))
			return -EIO;
	}
	return 0;
}

static int write_helpers(const char *root)
{
	static const char *const helpers[][2] = {
		{ "bin/kmsg", "#!/bin/sh\n# the kernel log since the last call (and clear it)\ncat /run/memhp/kmsg\n" },
		{ "bin/snap", "#!/bin/sh\n# the oracle's snapshot of the memory-hotplug state\ncat /run/memhp/snapshot\n" },
		{ "bin/settle", "#!/bin/sh\n# memhp applies every change synchronously: nothing to wait for\nexit 0\n" },
	};
	char p[512];

	for (size_t i = 0; i < sizeof(helpers) / sizeof(helpers[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", root, helpers[i][0]);
		int ret = write_file(p, helpers[i][1]);

		if (ret)
			return ret;
	}
	return 0;
}

/* The machine's other top-level devices in the private root's /sys/devices (a tmpfs). */
static int bind_extra_devices(struct memfs *fs, struct strbuf *err)
{
	struct strbuf extra = STRBUF_INIT;
	char sub[100], dst[104], to[256];
	int ret = 0;

	tree_extra_devices(fs, &extra);
	for (char *n = extra.buf, *end; !ret && *n; n = end + 1) {
		end = strchr(n, '\n');
		*end = '\0';
		snprintf(sub, sizeof(sub), "sys/devices/%s", n);
		snprintf(dst, sizeof(dst), "/%s", sub);
		snprintf(to, sizeof(to), "%s%s", fs->root, dst);
		ret = mkdir(to, 0755) ? -errno : bind_tree(fs, sub, fs->root, dst, err);
	}
	strbuf_release(&extra);
	return ret;
}

int memfs_build_root(struct memfs *fs, struct strbuf *err)
{
	static const char *const dirs[] = {
		"bin", "sbin", "usr", "usr/bin", "usr/sbin", "tmp", "root", "mnt", "dev", "proc",
		"etc", "run", "run/memhp", "sys", "sys/devices", "sys/devices/system",
		"sys/devices/system/memory", "sys/devices/system/node", "sys/module", "sys/dev",
		"sys/firmware", "sys/firmware/memmap", "sys/bus",
		"sys/devices/platform", "sys/kernel", "sys/kernel/debug", NULL,
	};
	const char *busybox = find_busybox();
	char p[512];
	int ret;

	if (!busybox) {
		strbuf_addstr(err, "busybox not found (Debian package busybox-static)");
		return -ENOENT;
	}
	snprintf(fs->root, sizeof(fs->root), "%s/root", fs->dir);
	if (mkdir(fs->root, 0755) || mount("tmpfs", fs->root, "tmpfs", 0, "mode=0755")) {
		strbuf_addf(err, "tmpfs root at %s: %s", fs->root, strerror(errno));
		return -errno;
	}
	fs->root_built = true;
	ret = mkdirs(fs->root, dirs, err);
	if (ret)
		return ret;
	snprintf(p, sizeof(p), "%s/tmp", fs->root);
	chmod(p, 01777);
	snprintf(p, sizeof(p), "%s/bin/busybox", fs->root);
	if (write_file(p, "") || bind(busybox, p, err) || link_applets(fs->root, busybox) ||
	    write_helpers(fs->root)) {
		strbuf_addstr(err, "cannot install busybox in the private root");
		return -EIO;
	}
	if (populate_dev(fs->root, err))
		return -EIO;
	if (bind_tree(fs, "proc", fs->root, "/proc", err) ||
	    bind_tree_or_absent(fs, "sys/devices/system/memory", "/sys/devices/system/memory", err) ||
	    bind_tree(fs, "sys/devices/system/node", fs->root, "/sys/devices/system/node", err) ||
	    bind_tree(fs, "sys/module", fs->root, "/sys/module", err) ||
	    bind_tree(fs, "sys/dev", fs->root, "/sys/dev", err) ||
	    bind_tree(fs, "sys/firmware/memmap", fs->root, "/sys/firmware/memmap", err) ||
	    bind_tree(fs, "sys/bus", fs->root, "/sys/bus", err) ||
	    bind_tree(fs, "sys/devices/platform", fs->root, "/sys/devices/platform", err) ||
	    bind_tree(fs, "sys/kernel/debug", fs->root, "/sys/kernel/debug", err) ||
	    bind_tree(fs, ".memhp", fs->root, "/run/memhp", err) || bind_extra_devices(fs, err))
		return -EIO;
	/* the machine's device nodes (dax, cxl) in the root's /dev, kept in step after changes */
	snprintf(fs->devview, sizeof(fs->devview), "%s/dev", fs->root);
	memfs_sync_devnodes(fs);
	return 0;
}

/*
 * Every bind of the tree keeps the FUSE connection alive: they all go before the mount
 * itself, or the server's read of /dev/fuse would never end.
 */
void memfs_release_root(struct memfs *fs)
{
	while (fs->nr_overlay > 0)
		umount2(fs->overlay[--fs->nr_overlay], MNT_DETACH);
	if (fs->devdir[0]) {
		umount2(fs->devdir, MNT_DETACH);
		rmdir(fs->devdir);
	}
	fs->devdir[0] = fs->devview[0] = '\0';
	if (fs->shim[0])
		unlink(fs->shim);
	fs->shim[0] = '\0';
	if (!fs->root_built)
		return;
	umount2(fs->root, MNT_DETACH);
	rmdir(fs->root);
	fs->root_built = false;
}

/* The oracle's agent: `cd /; timeout T sh /tmp/cmd.sh </dev/null >/tmp/out 2>&1`. */
static void child_exec(const char *root)
{
	if (chroot(root) || chdir("/"))
		_exit(126);
	int null = open("/dev/null", O_RDONLY);
	int out = open("/tmp/out", O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (null < 0 || out < 0)
		_exit(126);
	dup2(null, 0);
	dup2(out, 1);
	dup2(out, 2);
	clearenv();
	setenv("PATH", "/bin:/sbin:/usr/bin:/usr/sbin", 1);
	setenv("HOME", "/root", 1);
	execl("/bin/busybox", "sh", "/tmp/cmd.sh", (char *)NULL);
	_exit(127);
}

/*
 * busybox timeout's job, done here: SIGTERM to the shell when @timeout seconds pass
 * (status 143, as the oracle records). A pidfd tells us when the shell exits.
 */
static int wait_with_timeout(pid_t pid, int timeout)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0), status = 0;

	if (pidfd >= 0) {
		struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
		int n;

		while ((n = poll(&pfd, 1, timeout * 1000)) < 0 && errno == EINTR)
			;
		if (n == 0)
			kill(pid, SIGTERM);
		close(pidfd);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int memfs_run_in_root(struct memfs *fs, const char *script, int timeout, struct strbuf *out, int *rc)
{
	char path[512], buf[4096];
	ssize_t n;

	memfs_changed(fs);	/* the runner's own steps changed the machine since the last script */
	snprintf(path, sizeof(path), "%s/tmp/cmd.sh", fs->root);
	if (write_file(path, script))
		return -EIO;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (!pid)
		child_exec(fs->root);
	*rc = wait_with_timeout(pid, timeout);
	snprintf(path, sizeof(path), "%s/tmp/out", fs->root);
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(out, buf, (size_t)n);
	close(fd);
	return 0;
}
