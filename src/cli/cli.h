/* SPDX-License-Identifier: MIT */
/* cli/cli.h — verbs and helpers shared by the command's files. */
#ifndef MEMHP_CLI_CLI_H
#define MEMHP_CLI_CLI_H

#include <getopt.h>

#include "cli/run.h"
#include "drivers/drivers.h"

/*
 * The machine options (--qemu, --fwmap, --cmdline, --kernel, --block-size, --modules, --config,
 * --udev-online) that machine_opt() parses: their getopt_long entries, to open a verb's table
 * with, and their short letters, to open its optstring with.
 */
#define MACHINE_LONGOPTS \
	{ "qemu", required_argument, NULL, 'q' }, \
	{ "fwmap", required_argument, NULL, 'f' }, \
	{ "cmdline", required_argument, NULL, 'c' }, \
	{ "kernel", required_argument, NULL, 'k' }, \
	{ "block-size", required_argument, NULL, 'B' }, \
	{ "modules", required_argument, NULL, 'm' }, \
	{ "config", required_argument, NULL, 'C' }, \
	{ "udev-online", required_argument, NULL, 'U' }
#define MACHINE_SHORTOPTS	"q:f:c:k:B:m:C:U:"

/* Apply machine option @c (a MACHINE_SHORTOPTS letter): 1 when taken, 0 not ours, -1 bad. */
int machine_opt(struct machine_config *cfg, int c, const char *arg);
struct machine *boot_or_die(struct machine_config *cfg);
/* The shell executor for `run`: a private busybox root over the machine's FUSE tree. */
int run_shell_setup(struct machine *m, struct shell_exec *sh);
void run_shell_teardown(struct shell_exec *sh);
int cmd_ns(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_why_busy(int argc, char **argv);
int cmd_step(int argc, char **argv);
/* Inside `memhp ns`: write @line to control file @name, append its reply; 0 or -1 (printed). */
int ctl_request(const char *name, const char *line, struct strbuf *reply);
int cmd_cxl(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_blocks(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
/* `memhp monitor events [--json]`: the machine's QMP event log (cli/events.c). */
int cmd_monitor_events(int argc, char **argv);
int cmd_ctlfile(const char *name, int argc, char **argv);
int cmd_modprobe(int argc, char **argv);

#endif
