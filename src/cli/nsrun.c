/* SPDX-License-Identifier: MIT */
/*
 * cli/nsrun.c — the verbs that need the FUSE tree: the shell executor of `run` (a private
 * busybox root like the oracle's guest), `ns -- CMD` (the host's paths overlaid), and
 * `monitor VERB` (talks to the machine through its control file).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "drivers/steps.h"
#include "fuse/memfs.h"

static int run_in_root(void *ctx, const char *script, int timeout, struct strbuf *out, int *rc)
{
	return memfs_run_in_root(ctx, script, timeout, out, rc);
}

int run_shell_setup(struct machine *m, struct shell_exec *sh)
{
	struct strbuf err = STRBUF_INIT;
	struct memfs *fs = NULL;

	if (memfs_enter_private_ns(&err) || !(fs = memfs_mount(m, &err)) || memfs_build_root(fs, &err)) {
		fprintf(stderr, "memhp: run: %s\n", err.buf);
		memfs_unmount(fs);
		strbuf_release(&err);
		return -1;
	}
	sh->run = run_in_root;
	sh->ctx = fs;
	strbuf_release(&err);
	return 0;
}

void run_shell_teardown(struct shell_exec *sh)
{
	memfs_unmount(sh->ctx);
	sh->ctx = NULL;
}

static void usage_ns(FILE *out)
{
	fputs("Usage: memhp ns [--qemu ARGS | --fwmap FILE] [--cmdline LINE] [--kernel NAME]\n"
	      "               [--config NAME=y|m|n]... [--udev-online TYPE] [--modules LIST]\n"
	      "               -- CMD [ARG...]\n\n"
	      "Run CMD in a private mount namespace where /sys/devices/system/memory,\n"
	      "/sys/devices/system/node, /sys/module, /sys/bus, /sys/devices/platform, /sys/dev,\n"
	      "/proc/meminfo, /proc/zoneinfo and /proc/iomem are the emulated machine's. The host's\n"
	      "files are never changed. A machine with device nodes (dax) gets a private /dev too:\n"
	      "the host's entries plus /dev/daxR.I, which stat shows and nothing can open.\n"
	      "Inside, `memhp monitor VERB` plugs and unplugs devices (QEMU monitor verbs) and\n"
	      "modprobe loads the emulated kernel's modules (--modules loads them at boot).\n"
	      "--config overrides one Kconfig option of the kernel profile (see `memhp config`);\n"
	      "--udev-online TYPE adds the distro udev rule that onlines new blocks as TYPE.\n\n"
	      "Examples:\n  memhp ns --qemu '-m 4G,slots=4,maxmem=64G' --cmdline movablecore=1G -- lsmem -o +ZONES,NODE\n"
	      "  memhp ns --qemu '-m 4G,slots=2,maxmem=8G' --cmdline 'memmap=1G%0x100000000-1+0xefffffff' \\\n"
	      "      --modules 'dax_hmem device_dax kmem' -- daxctl reconfigure-device --mode=system-ram dax0.0\n", out);
}

/*
 * Run @argv with MEMHP_CTL pointing at the control files and this memhp first on PATH, so
 * `memhp monitor` inside finds the running machine. Returns the child's pid (or -1).
 */
static pid_t spawn_in_ns(const struct memfs *fs, char **argv)
{
	pid_t pid = fork();
	char self[4096], ctl[512];
	ssize_t n;

	if (pid)
		return pid;
	snprintf(ctl, sizeof(ctl), "%s/.memhp", memfs_mountpoint(fs));
	setenv("MEMHP_CTL", ctl, 1);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		struct strbuf path = STRBUF_INIT;

		self[n] = '\0';
		*strrchr(self, '/') = '\0';
		strbuf_addf(&path, "%s:%s", self, getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
		setenv("PATH", path.buf, 1);
	}
	execvp(argv[0], argv);
	fprintf(stderr, "memhp: ns: %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int cmd_ns(int argc, char **argv)
{
	static const struct option opts[] = {
		MACHINE_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct machine_config cfg = { 0 };
	struct strbuf err = STRBUF_INIT;
	int c, status = 0;

	while ((c = getopt_long(argc, argv, "+" MACHINE_SHORTOPTS "h", opts, NULL)) != -1) {
		if (c == 'h') {
			usage_ns(stdout);
			return 0;
		}
		if (machine_opt(&cfg, c, optarg) <= 0) {
			usage_ns(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage_ns(stderr);
		return 2;
	}
	struct machine *m = boot_or_die(&cfg);
	struct memfs *fs = NULL;

	if (memfs_enter_private_ns(&err) || !(fs = memfs_mount(m, &err)) || memfs_overlay_host(fs, &err)) {
		fprintf(stderr, "memhp: ns: %s\n", err.buf);
		strbuf_release(&err);
		memfs_unmount(fs);
		machine_free(m);
		return 1;
	}
	pid_t pid = spawn_in_ns(fs, argv + optind);

	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	memfs_unmount(fs);
	machine_free(m);
	strbuf_release(&err);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int cmd_monitor(int argc, char **argv)
{
	struct strbuf line = STRBUF_INIT;
	const char *dir = getenv("MEMHP_CTL");
	char path[512], buf[65536];

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs("Usage: memhp monitor VERB [ARGS...]\n\nInside `memhp ns`: send a QEMU monitor command to the running machine\n"
		      "(object_add, object_del, device_add, device_del, qom-set, qom-get, info memory-devices).\n\n"
		      "`memhp monitor events [--json]` prints the QMP events emitted so far, with their times.\n\n"
		      "Example:\n  memhp monitor object_add memory-backend-ram,id=m1,size=1G\n"
		      "  memhp monitor device_add pc-dimm,id=d1,memdev=m1\n", argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "events"))
		return cmd_monitor_events(argc - 1, argv + 1);
	snprintf(path, sizeof(path), "%s/monitor", dir ? dir : "/run/memhp");
	for (int i = 1; i < argc; i++)
		strbuf_addf(&line, i > 1 ? " %s" : "%s", argv[i]);
	int fd = open(path, O_RDWR);

	if (fd < 0) {
		fprintf(stderr, "memhp: monitor: %s: %s (run it inside `memhp ns`)\n", path, strerror(errno));
		return 1;
	}
	if (write(fd, line.buf, line.len) < 0) {
		fprintf(stderr, "memhp: monitor: %s\n", strerror(errno));
		close(fd);
		return 1;
	}
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	fputs(buf, stdout);
	strbuf_release(&line);
	return strncmp(buf, "error", 5) ? 0 : 1;
}

/* Write @line to the control file @name of the running machine and print its reply. */
int ctl_request(const char *name, const char *line, struct strbuf *reply)
{
	const char *dir = getenv("MEMHP_CTL");
	char path[512], buf[65536];

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "/run/memhp", name);
	int fd = open(path, O_RDWR);

	if (fd < 0) {
		fprintf(stderr, "memhp: %s: %s (run it inside `memhp ns`)\n", path, strerror(errno));
		return -1;
	}
	if (write(fd, line, strlen(line)) < 0) {
		fprintf(stderr, "memhp: %s: %s\n", name, strerror(errno));
		close(fd);
		return -1;
	}
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	strbuf_addstr(reply, buf);
	return 0;
}

int cmd_step(int argc, char **argv)
{
	struct strbuf line = STRBUF_INIT, reply = STRBUF_INIT, usage = STRBUF_INIT;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		memhp_step_usage(&usage);
		fprintf(argc < 2 ? stderr : stdout,
			"Usage: memhp step VERB [WORD]... [KEY=VALUE]...\n\nInside `memhp ns`: run one memhp-only "
			"step on the running machine, as a scenario's `@` line\nwould (docs/pages.md). Exit 0 when it "
			"succeeded, 1 when the kernel refused it, 2 for a bad line.\n\nSteps:\n%s\nExample:\n"
			"  memhp step alloc cache 64M kind=slab\n  memhp step why-busy memory33\n", usage.buf);
		strbuf_release(&usage);
		return argc < 2 ? 2 : 0;
	}
	for (int i = 1; i < argc; i++)
		strbuf_addf(&line, i > 1 ? " %s" : "%s", argv[i]);
	if (memhp_step_check(line.buf, &usage)) {
		fprintf(stderr, "memhp step: %s\n", usage.buf);
		return 2;
	}
	int ret = ctl_request("steps", line.buf, &reply);
	const char *res = strstr(reply.buf, "result: ");

	if (!ret)
		fputs(reply.buf, stdout);
	ret = ret ? 1 : res && strncmp(res, "result: ok", 10) ? 1 : 0;
	strbuf_release(&line);
	strbuf_release(&reply);
	strbuf_release(&usage);
	return ret;
}

/* `memhp kmsg` / `memhp snap` inside a namespace: print (and for kmsg, clear) a control file. */
int cmd_ctlfile(const char *name, int argc, char **argv)
{
	const char *dir = getenv("MEMHP_CTL");
	char path[512], buf[65536];
	ssize_t n;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("Usage: memhp %s\n\nInside `memhp ns`: print %s.\n", name,
		       strcmp(name, "kmsg") ? "the oracle-format snapshot of the machine" :
		       "the machine's kernel log since the last call, and clear it");
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "/run/memhp", strcmp(name, "snap") ? name : "snapshot");
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		fprintf(stderr, "memhp: %s: %s: %s (run it inside `memhp ns`)\n", name, path, strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(fd);
	return 0;
}

/* One request to the running machine's module loader; its message on failure. */
static int modprobe_one(const char *path, const char *req, bool quiet)
{
	char buf[4096];
	int fd = open(path, O_RDWR), ret = 0;

	if (fd < 0) {
		fprintf(stderr, "modprobe: %s: %s (memhp: run it inside `memhp ns`)\n", path, strerror(errno));
		return 1;
	}
	if (write(fd, req, strlen(req)) < 0) {
		ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

		buf[n > 0 ? n : 0] = '\0';
		if (!quiet)
			fputs(buf, stderr);
		ret = 1;
	}
	close(fd);
	return ret;
}

/*
 * `memhp modprobe [-q] [-r] NAME [PARAM...]`, also reached as `modprobe` inside `memhp
 * ns` (the namespace's module tools are memhp): loads or unloads an emulated kernel
 * module on the running machine. Exit 0, or 1 as modprobe (quiet with -q).
 */
int cmd_modprobe(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' }, { "remove", no_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = getenv("MEMHP_CTL");
	bool quiet = false, remove = false;
	char path[512];
	int c, ret = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+qrvbsnaC:d:S:h", opts, NULL)) != -1) {
		if (c == 'q')
			quiet = true;
		else if (c == 'r')
			remove = true;
		else if (c == 'h') {
			puts("Usage: modprobe [-q] [-r] MODULE [PARAM=VALUE...]\n\nInside `memhp ns`: load or unload a "
			     "module of the emulated kernel on the running machine.\n\nExample:\n"
			     "  modprobe memory-notifier-error-inject priority=0");
			return 0;
		}
	}
	if (optind >= argc) {
		fputs("modprobe: ERROR: missing parameters. See -h.\n", stderr);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/modules", dir ? dir : "/run/memhp");
	if (remove) {
		for (int i = optind; i < argc; i++) {
			struct strbuf req = STRBUF_INIT;

			strbuf_addf(&req, "-r %s", argv[i]);
			ret |= modprobe_one(path, req.buf, quiet);
			strbuf_release(&req);
		}
		return ret;
	}
	struct strbuf req = STRBUF_INIT;

	for (int i = optind; i < argc; i++)
		strbuf_addf(&req, i > optind ? " %s" : "%s", argv[i]);
	ret = modprobe_one(path, req.buf, quiet);
	strbuf_release(&req);
	return ret;
}
