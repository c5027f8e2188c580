/* SPDX-License-Identifier: MIT */
/*
 * cli/scenario.h — the oracle's scenario format (../shared/oracle/README.md): header
 * lines (desc:, qemu:, cmdline:, modules:, snapshot:, timeout:; memhp-only: config:, udev:,
 * platform: FILE (a firmware map instead of qemu:), kernel: NAME (the profile)) and
 * steps ($ shell, ! monitor, snapshot, settle, note:). Parse errors name file, line and field.
 */
#ifndef MEMHP_CLI_SCENARIO_H
#define MEMHP_CLI_SCENARIO_H

#include <stdbool.h>

#include "lib/strbuf.h"

enum step_kind {
	STEP_SHELL,
	STEP_MONITOR,
	STEP_SNAPSHOT,
	STEP_SETTLE,
	STEP_NOTE,
	STEP_MEMHP,		/* memhp-only "@ VERB ..." (drivers/steps.h) */
};

struct step {
	enum step_kind kind;
	char *arg;
	int line;
};

#define SCENARIO_MAX_CONFIG 64

struct scenario {
	char *path;
	char *name;			/* file name without directory and extension */
	struct strbuf desc;		/* desc: lines, one per line in the transcript */
	struct strbuf qemu;		/* joined with spaces */
	int qemu_line;			/* first qemu: line, for error messages */
	struct strbuf cmdline;
	struct strbuf modules;
	char *platform;			/* memhp-only platform: firmware map, relative to the scenario */
	char *platform_arg;		/* as written, for the transcript */
	char *kernel;			/* memhp-only kernel: profile name, or NULL */
	char *config[SCENARIO_MAX_CONFIG];	/* memhp-only config: NAME=y|m|n, in order */
	int config_line[SCENARIO_MAX_CONFIG];	/* the line each came from */
	int nr_config;
	char udev_online[32];		/* memhp-only udev: TYPE, "" without */
	bool snapshot_each;
	int timeout;			/* seconds per shell step */
	struct step *steps;
	int nr_steps;
};

/* 0, or -1 with @err = "FILE:LINE: field: problem". */
int scenario_load(struct scenario *sc, const char *path, struct strbuf *err);
void scenario_free(struct scenario *sc);

#endif
