/* SPDX-License-Identifier: MIT */
/*
 * cli/nsrun.c — the namespace verbs (ns, monitor) and the scenario shell executor.
 * Placeholder until the FUSE server lands: each says what is missing.
 */
#include <stdio.h>

#include "cli/cli.h"

int run_shell_setup(struct machine *m, struct shell_exec *sh)
{
	(void)m;
	sh->run = NULL;
	return 0;
}

void run_shell_teardown(struct shell_exec *sh)
{
	(void)sh;
}

int cmd_ns(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("memhp: ns: the FUSE namespace is not built in this version\n", stderr);
	return 1;
}

int cmd_monitor(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("memhp: monitor: the FUSE namespace is not built in this version\n", stderr);
	return 1;
}
