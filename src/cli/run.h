/* SPDX-License-Identifier: MIT */
/*
 * cli/run.h — replaying a scenario into the oracle's transcript format. Shell steps go to
 * an executor (the private-root namespace over the FUSE tree); monitor steps to the
 * machine's QEMU monitor; snapshots are rendered in-process from the same tree.
 */
#ifndef MEMHP_CLI_RUN_H
#define MEMHP_CLI_RUN_H

#include "cli/scenario.h"
#include "drivers/drivers.h"

struct shell_exec {
	/* Run @script like the oracle's agent; output (stdout+stderr) into @out, status in *@rc. */
	int (*run)(void *ctx, const char *script, int timeout, struct strbuf *out, int *rc);
	void *ctx;
};

/* The kernel command line the oracle boots a scenario with. */
void scenario_kernel_cmdline(const struct scenario *sc, struct strbuf *out);
/* Write the transcript of @sc on @m to @out. */
int run_scenario(struct machine *m, const struct scenario *sc, const struct shell_exec *sh,
		 struct strbuf *out);

#endif
