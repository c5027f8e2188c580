/* SPDX-License-Identifier: MIT */
/*
 * cli/whybusy.c — `memhp why-busy`: boot a described machine, run monitor commands and
 * memhp steps on it, then say why a memory block cannot go offline (drivers/steps.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "drivers/steps.h"
#include "lib/strbuf.h"

#define MAX_ACTIONS 128

static void usage_why_busy(FILE *out)
{
	struct strbuf steps = STRBUF_INIT;

	memhp_step_usage(&steps);
	fprintf(out, "Usage: memhp why-busy [machine options] [-H CMD]... [-s STEP]... memoryN [--json]\n\n"
		"Why can memoryN not go offline? The checks offline_pages() makes, in its order: the\n"
		"block's state and zone, memory holes, isolation (PageReserved, unmovable kernel\n"
		"memory, CMA pageblocks: EBUSY at once), then migration (long-term pins, in-use huge\n"
		"pages without a spare, no room elsewhere: the kernel retries until a signal, EINTR).\n"
		"Inside `memhp ns` with no machine options it asks the running machine.\n"
		"Each blocking run of pages is named with its pfns, owner and kind, what the kernel\n"
		"does with it and what would unblock it.\n\n"
		"  -q, --qemu ARGS       QEMU arguments describing the machine\n"
		"  -f, --fwmap FILE      a firmware map file instead (docs/fwmap.md)\n"
		"  -c, --cmdline LINE    kernel command line\n"
		"  -k, --kernel NAME     kernel profile (6.1, 6.18)\n"
		"  -C, --config OPT=V    override one Kconfig option (repeatable)\n"
		"  -B, --block-size SZ   force the memory block size\n"
		"  -m, --modules LIST    modules to load\n"
		"  -H, --hmp CMD         a QEMU monitor command after boot (repeatable, in order)\n"
		"  -s, --step STEP       a memhp step after the monitor commands (repeatable, in order):\n%s"
		"  -J, --json            the answer as JSON\n"
		"  -h, --help            this help\n\n"
		"Example: a slab cache in the first Normal block of a 2 GiB guest with a DIMM\n"
		"  memhp why-busy -q '-m 2G,slots=2,maxmem=4G' \\\n"
		"    -H 'object_add memory-backend-ram,id=m1,size=512M' -H 'device_add pc-dimm,id=d1,memdev=m1' \\\n"
		"    -s 'online memory32' -s 'alloc cache 4M kind=slab' memory32\n", steps.buf);
	strbuf_release(&steps);
}

/* Run the -H and -s actions in order; 0, or 1 after printing what failed. */
static int run_actions(struct machine *m, const char **act, const char *kind, int n)
{
	struct strbuf out = STRBUF_INIT;
	int ret = 0;

	for (int i = 0; i < n && !ret; i++) {
		strbuf_reset(&out);
		if (kind[i] == 'H' && monitor_command(m, act[i], &out)) {
			fprintf(stderr, "memhp why-busy: --hmp '%s': %s\n", act[i], out.buf);
			ret = 1;
		} else if (kind[i] == 's') {
			int err = memhp_step_run(m, act[i], &out);

			if (err) {
				fprintf(stderr, "memhp why-busy: --step '%s': %s: %s\n", act[i], out.buf, strerror(-err));
				ret = 1;
			}
		}
	}
	strbuf_release(&out);
	return ret;
}

static int parse_block_arg(const char *s, unsigned long *id)
{
	char *end;

	if (strncmp(s, "memory", 6) || s[6] < '0' || s[6] > '9')
		return -1;
	*id = strtoul(s + 6, &end, 10);
	return *end ? -1 : 0;
}

int cmd_why_busy(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "qemu", required_argument, NULL, 'q' }, { "fwmap", required_argument, NULL, 'f' },
		{ "cmdline", required_argument, NULL, 'c' }, { "kernel", required_argument, NULL, 'k' },
		{ "block-size", required_argument, NULL, 'B' }, { "modules", required_argument, NULL, 'm' },
		{ "config", required_argument, NULL, 'C' }, { "hmp", required_argument, NULL, 'H' },
		{ "step", required_argument, NULL, 's' }, { "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	struct machine_config cfg = { 0 };
	const char *act[MAX_ACTIONS];
	char kind[MAX_ACTIONS];
	int n = 0, c;
	bool json = false;
	unsigned long id;

	optind = 1;
	while ((c = getopt_long(argc, argv, "q:f:c:k:B:m:C:H:s:Jh", opts, NULL)) != -1) {
		struct strbuf err = STRBUF_INIT;

		if (c == 'h') {
			usage_why_busy(stdout);
			return 0;
		} else if (c == 'J') {
			json = true;
		} else if (c == 'H' || c == 's') {
			if (n == MAX_ACTIONS) {
				fprintf(stderr, "memhp why-busy: at most %d --hmp/--step actions\n", MAX_ACTIONS);
				return 2;
			}
			if (c == 's' && memhp_step_check(optarg, &err)) {
				fprintf(stderr, "memhp why-busy: --step: %s\n", err.buf);
				strbuf_release(&err);
				return 2;
			}
			kind[n] = (char)c;
			act[n++] = optarg;
		} else if (machine_opt(&cfg, c, optarg) <= 0) {
			usage_why_busy(stderr);
			return 2;
		}
	}
	if (optind != argc - 1 || parse_block_arg(argv[optind], &id)) {
		fprintf(stderr, "memhp why-busy: expected one memoryN argument\n");
		return 2;
	}
	struct strbuf out = STRBUF_INIT;

	if (!cfg.qemu_args && !cfg.fwmap_path && !n && (getenv("MEMHP_CTL") || !access("/run/memhp/steps", W_OK))) {
		/* inside `memhp ns`: ask the running machine */
		char line[64];

		snprintf(line, sizeof(line), "why-busy memory%lu%s", id, json ? " --json" : "");
		int ret = ctl_request("steps", line, &out);
		char *res = strstr(out.buf, "result: ");

		if (res)
			*res = '\0';
		fputs(out.buf, stdout);
		strbuf_release(&out);
		return ret ? 1 : 0;
	}
	struct machine *m = boot_or_die(&cfg);
	int ret = run_actions(m, act, kind, n);

	if (!ret) {
		pthread_mutex_lock(&m->lock);
		ret = memhp_why_busy(m, id, json, &out) ? 1 : 0;
		pthread_mutex_unlock(&m->lock);
		fputs(out.buf, ret ? stderr : stdout);
	}
	strbuf_release(&out);
	machine_free(m);
	return ret;
}
