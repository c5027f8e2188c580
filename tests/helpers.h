/* SPDX-License-Identifier: MIT */
/* tests/helpers.h — booting test machines and comparing snapshots. */
#ifndef MEMHP_TESTS_HELPERS_H
#define MEMHP_TESTS_HELPERS_H

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "abi/abi.h"
#include "abi/render.h"
#include "drivers/drivers.h"
#include "lib/strbuf.h"

static inline struct machine *boot_qemu(const char *qemu, const char *cmdline)
{
	struct strbuf err = STRBUF_INIT;
	struct machine_config cfg = { .qemu_args = qemu, .cmdline = cmdline };
	struct machine *m = machine_boot(&cfg, &err);

	if (!m)
		fail_msg("boot failed: %s", err.buf);
	strbuf_release(&err);
	return m;
}

/* Boot the machine a firmware-map text describes (docs/fwmap.md) on kernel profile @kernel. */
static inline struct machine *boot_fwmap_text(const char *text, const char *kernel)
{
	char path[] = "/tmp/memhp-test-fw-XXXXXX";
	int fd = mkstemp(path);
	struct strbuf err = STRBUF_INIT;
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");

	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
	struct machine_config cfg = { .fwmap_path = path, .kernel = kernel, .cmdline = "" };
	struct machine *m = machine_boot(&cfg, &err);

	unlink(path);
	if (!m)
		fail_msg("boot failed: %s", err.buf);
	strbuf_release(&err);
	return m;
}

static inline char *snapshot_of(struct machine *m)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(abi_read_path(m, "/.memhp/snapshot", &sb), 0);
	return strbuf_detach(&sb, NULL);
}

static inline char *read_str(struct machine *m, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = abi_read_path(m, path, &sb);

	if (ret)
		fail_msg("read %s: %d", path, ret);
	return strbuf_detach(&sb, NULL);
}

static inline int write_str(struct machine *m, const char *path, const char *s)
{
	return abi_write_path(m, path, s, strlen(s));
}

/* File @path reads exactly @want. */
static inline void assert_file_reads(struct machine *m, const char *path, const char *want)
{
	char *s = read_str(m, path);

	assert_string_equal(s, want);
	free(s);
}

static inline void monitor(struct machine *m, const char *line)
{
	struct strbuf r = STRBUF_INIT;

	if (monitor_command(m, line, &r))
		fail_msg("monitor '%s': %s", line, r.buf);
	strbuf_release(&r);
}

/* A failing write must return @err and leave @state_of(m) (a string we free) as it was. */
static inline void assert_write_fails_leaving(struct machine *m, const char *path, const char *v,
					      int err, char *(*state_of)(struct machine *m))
{
	char *before = state_of(m);

	assert_int_equal(write_str(m, path, v), err);
	char *after = state_of(m);

	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* A failing write must return @err and leave every file as it was. */
static inline void assert_write_fails_unchanged(struct machine *m, const char *path, const char *v, int err)
{
	assert_write_fails_leaving(m, path, v, err, snapshot_of);
}

#endif
