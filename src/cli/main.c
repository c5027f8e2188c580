/* SPDX-License-Identifier: MIT */
/*
 * cli/main.c — the memhp command: util-linux-shaped verbs over one machine.
 * Exit status: 0 success, 1 the operation failed, 2 bad usage or input.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/abi.h"
#include "abi/render.h"
#include "cli/cli.h"
#include "cli/run.h"
#include "cli/scenario.h"
#include "cli/show.h"
#include "drivers/drivers.h"

#define DEFAULT_QEMU "-m 2G,slots=4,maxmem=8G"

static void usage_main(FILE *out)
{
	fputs("Usage: memhp VERB [options]\n\n"
	      "Linux memory hot(un)plug, emulated: boot a described machine the way Linux 6.1\n"
	      "does, then add, online, offline and remove memory through the kernel's own files.\n\n"
	      "Verbs:\n"
	      "  run SCENARIO     replay an oracle scenario and print its transcript\n"
	      "  boot             boot a machine and show it (lsmem-style table, zones, --json)\n"
	      "  demo             boot the default machine, hot-add and online a DIMM, show before/after\n"
	      "  plan             what a layout costs and risks: memmap, zone ratios, unpluggability\n"
	      "  why-busy BLOCK   why a memory block cannot go offline: pages, owners, what unblocks them\n"
	      "  cxl              CXL: decode an address through interleaved windows and devices\n"
	      "  config           the kernel's Kconfig options: value, why, what each one gates\n"
	      "  ns -- CMD        run CMD in a private mount namespace over the machine's files\n"
	      "  monitor VERB     inside `memhp ns`: QEMU monitor verbs for the running machine\n"
	      "  kmsg, snap       inside `memhp ns`: the kernel log (cleared), the oracle snapshot\n"
	      "  blocks           inside `memhp ns`: blocks with their source and who onlined them\n"
	      "  step VERB ...    inside `memhp ns`: a memhp step (alloc, pin, offline, why-busy, ...)\n\n"
	      "Run 'memhp VERB --help' for a verb's options.\n", out);
}

/* Machine options shared by boot, demo and ns. Returns 0, 1 if consumed an arg, -1 bad. */
int machine_opt(struct machine_config *cfg, int c, const char *arg)
{
	uint64_t v;
	char *end;

	switch (c) {
	case 'q':
		cfg->qemu_args = arg;
		return 1;
	case 'f':
		cfg->fwmap_path = arg;
		return 1;
	case 'c':
		cfg->cmdline = arg;
		return 1;
	case 'k':
		cfg->kernel = arg;
		return 1;
	case 'B':
		v = strtoull(arg, &end, 0);
		if (*end == 'M' || *end == 'm')
			v <<= 20, end++;
		else if (*end == 'G' || *end == 'g')
			v <<= 30, end++;
		if (*end || v < (128ULL << 20) || (v & (v - 1)) || v > (1ULL << 40)) {
			fprintf(stderr, "memhp: --block-size: expected a power of two >= 128M, got '%s'\n", arg);
			return -1;
		}
		cfg->boot.force_block_size = v;
		return 1;
	case 'm':
		cfg->modules = arg;
		return 1;
	case 'U':
		cfg->udev_online = arg;
		return 1;
	case 'C':
		if (cfg->nr_config == MAX_CONFIG_OVERRIDES) {
			fprintf(stderr, "memhp: --config: at most %d options\n", MAX_CONFIG_OVERRIDES);
			return -1;
		}
		cfg->config[cfg->nr_config++] = arg;
		return 1;
	}
	return 0;
}

struct machine *boot_or_die(struct machine_config *cfg)
{
	struct strbuf err = STRBUF_INIT;

	if (!cfg->qemu_args && !cfg->fwmap_path)
		cfg->qemu_args = DEFAULT_QEMU;
	struct machine *m = machine_boot(cfg, &err);

	if (!m) {
		/* option errors name their option ("--config ..."); platform errors their source */
		bool opt_err = !strncmp(err.buf, "--", 2);

		fprintf(stderr, "memhp: %s%s\n", cfg->fwmap_path || opt_err ? "" : "qemu: ", err.buf);
		strbuf_release(&err);
		exit(2);
	}
	strbuf_release(&err);
	return m;
}

static const struct option boot_longopts[] = {
	MACHINE_LONGOPTS,
	{ "json", no_argument, NULL, 'J' },
	{ "stats", no_argument, NULL, 'S' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage_boot(FILE *out)
{
	fputs("Usage: memhp boot [--qemu ARGS | --fwmap FILE] [--cmdline LINE] [--kernel 6.1|6.18]\n"
	      "                  [--config NAME=y|m|n]... [--udev-online TYPE]\n"
	      "                  [--block-size SIZE] [--json]\n\n"
	      "Boot a machine and show its memory blocks and zones.\n\n"
	      "  -q, --qemu ARGS       QEMU arguments describing the machine (default: '" DEFAULT_QEMU "')\n"
	      "  -f, --fwmap FILE      a firmware map file instead (format: docs/fwmap.md)\n"
	      "  -c, --cmdline LINE    kernel command line (movablecore=, kernelcore=, memhp_default_state=, ...)\n"
	      "  -k, --kernel NAME     kernel profile (default 6.1)\n"
	      "  -C, --config OPT=V    override one Kconfig option of the profile (repeatable;\n"
	      "                        `memhp config` lists them and what each one gates)\n"
	      "  -U, --udev-online TYPE  memhp-only: a udev rule writes TYPE (online, online_kernel,\n"
	      "                        online_movable) to every block the kernel added offline\n"
	      "  -B, --block-size SZ   force the memory block size (power of two >= 128M)\n"
	      "  -J, --json            the whole machine as JSON\n"
	      "  -S, --stats           how much work booting took (blocks, work items, memblock regions)\n"
	      "  -h, --help            this help\n\n"
	      "Example:\n  memhp boot --qemu '-m 4G,slots=4,maxmem=64G' --cmdline movablecore=1G\n", out);
}

static int cmd_boot(int argc, char **argv)
{
	struct machine_config cfg = { 0 };
	bool json = false, stats = false;
	int c;

	while ((c = getopt_long(argc, argv, MACHINE_SHORTOPTS "JShV", boot_longopts, NULL)) != -1) {
		if (c == 'S') {
			stats = true;
		} else if (c == 'J') {
			json = true;
		} else if (c == 'h') {
			usage_boot(stdout);
			return 0;
		} else if (c == 'V') {
			puts("memhp " MEMHP_VERSION);
			return 0;
		} else if (machine_opt(&cfg, c, optarg) <= 0) {
			usage_boot(stderr);
			return 2;
		}
	}
	struct machine *m = boot_or_die(&cfg);

	if (stats) {
		printf("memory blocks: %lu\nboot work items (sparse units + block slots): %lu\n"
		       "memblock regions: %d memory, %d reserved\n",
		       m->blocks.count, m->ops, m->boot.memblock.memory.cnt, m->boot.memblock.reserved.cnt);
	} else if (json) {
		show_machine_json(m, stdout);
	} else {
		show_blocks(m, stdout, false);
		putchar('\n');
		show_zones(m, stdout, false);
	}
	machine_free(m);
	return 0;
}

static int cmd_demo(int argc, char **argv)
{
	struct machine_config cfg = { 0 };
	struct strbuf r = STRBUF_INIT;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		puts("Usage: memhp demo\n\nBoot the default machine (" DEFAULT_QEMU "), hot-add a 1G pc-dimm,\n"
		     "online its blocks as the kernel would on 'echo online > state', and show\n"
		     "the memory blocks and zones before and after.");
		return 0;
	}
	struct machine *m = boot_or_die(&cfg);

	printf("== booted: qemu %s (kernel profile %s)\n\n", cfg.qemu_args, m->prof->name);
	show_blocks(m, stdout, false);
	putchar('\n');
	show_zones(m, stdout, false);
	printf("\n== (qemu) object_add memory-backend-ram,id=m1,size=1G\n"
	       "== (qemu) device_add pc-dimm,id=d1,memdev=m1\n");
	monitor_command(m, "object_add memory-backend-ram,id=m1,size=1G", &r);
	monitor_command(m, "device_add pc-dimm,id=d1,memdev=m1", &r);
	drivers_take_events(m, &r);
	fputs(r.buf, stdout);
	for (int id = 32; id < 40; id++) {
		char path[96];

		snprintf(path, sizeof(path), "/sys/devices/system/memory/memory%d/state", id);
		int ret = abi_write_path(m, path, "online\n", 7);

		printf("== echo online > %s: %s\n", path, ret ? strerror(-ret) : "ok");
	}
	putchar('\n');
	show_blocks(m, stdout, false);
	putchar('\n');
	show_zones(m, stdout, false);
	strbuf_release(&r);
	machine_free(m);
	return 0;
}

static void usage_run(FILE *out)
{
	fputs("Usage: memhp run [--kernel NAME] [--config NAME=y|m|n]... [--udev-online TYPE] SCENARIO\n\n"
	      "Replay a scenario (../shared/oracle/README.md format) and print the\n"
	      "transcript the oracle would record on a real kernel.\n\n"
	      "  -k, --kernel NAME     kernel profile (default 6.1)\n"
	      "  -C, --config OPT=V    override one Kconfig option, after the scenario's own\n"
	      "                        memhp-only config: lines (repeatable; `memhp config`)\n"
	      "  -U, --udev-online TYPE  memhp-only: a udev rule onlines added blocks as TYPE\n"
	      "                        (overrides the scenario's udev: line)\n"
	      "  -h, --help            this help\n\n"
	      "Example:\n  memhp run hotadd.scn > transcript.txt\n", out);
}

/*
 * The scenario's config: lines, then the command line's --config, into @cfg; each
 * scenario line is checked against the profile so an error names FILE:LINE.
 */
static int run_config(struct machine_config *cfg, const struct scenario *sc, const char *const *over,
		      int nr_over)
{
	const struct kernel_profile *prof = cfg->kernel ? kernel_profile_find(cfg->kernel) :
					    kernel_profile_default();
	struct kconfig kc;

	if (!prof)
		return 0;	/* machine_boot names the unknown profile */
	kconfig_init(&kc, prof->kconfig, prof->name);
	for (int i = 0; i < sc->nr_config; i++) {
		struct strbuf err = STRBUF_INIT;

		if (kconfig_set(&kc, sc->config[i], &err)) {
			fprintf(stderr, "memhp: %s:%d: config: %s\n", sc->path, sc->config_line[i], err.buf);
			strbuf_release(&err);
			return -1;
		}
		cfg->config[cfg->nr_config++] = sc->config[i];
	}
	for (int i = 0; i < nr_over && cfg->nr_config < MAX_CONFIG_OVERRIDES; i++)
		cfg->config[cfg->nr_config++] = over[i];
	return 0;
}

static int run_machine(struct machine_config *cfg, const struct scenario *sc)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct machine *m = machine_boot(cfg, &err);
	struct shell_exec sh = { 0 };

	if (!m) {
		bool opt_err = !strncmp(err.buf, "--", 2);

		fprintf(stderr, "memhp: %s:%d: %s%s\n", sc->path, sc->qemu_line,
			opt_err || sc->platform ? "" : "qemu: ",
			err.buf);
		strbuf_release(&err);
		return 2;
	}
	strbuf_release(&err);
	if (run_shell_setup(m, &sh)) {
		machine_free(m);
		return 1;
	}
	run_scenario(m, sc, &sh, &out);
	run_shell_teardown(&sh);
	fwrite(out.buf, 1, out.len, stdout);
	machine_free(m);
	strbuf_release(&out);
	return 0;
}

static int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "config", required_argument, NULL, 'C' },
		{ "udev-online", required_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct machine_config cfg = { 0 };
	const char *over[MAX_CONFIG_OVERRIDES];
	int nr_over = 0, c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+k:C:U:h", opts, NULL)) != -1) {
		if (c == 'h') {
			usage_run(stdout);
			return 0;
		} else if (c == 'k') {
			cfg.kernel = optarg;
		} else if (c == 'C' && nr_over < MAX_CONFIG_OVERRIDES) {
			over[nr_over++] = optarg;
		} else if (c == 'U') {
			cfg.udev_online = optarg;
		} else {
			usage_run(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage_run(stderr);
		return 2;
	}
	struct scenario sc;
	struct strbuf err = STRBUF_INIT, cmdline = STRBUF_INIT;

	if (scenario_load(&sc, argv[optind], &err)) {
		fprintf(stderr, "memhp: %s\n", err.buf);
		strbuf_release(&err);
		return 2;
	}
	strbuf_release(&err);
	scenario_kernel_cmdline(&sc, &cmdline);
	cfg.qemu_args = sc.platform ? NULL : sc.qemu.buf;
	cfg.fwmap_path = sc.platform;
	if (!cfg.kernel)
		cfg.kernel = sc.kernel;
	cfg.cmdline = cmdline.buf;
	cfg.modules = sc.modules.buf;
	if (!cfg.udev_online && sc.udev_online[0])
		cfg.udev_online = sc.udev_online;
	ret = run_config(&cfg, &sc, over, nr_over) ? 2 : run_machine(&cfg, &sc);
	scenario_free(&sc);
	strbuf_release(&cmdline);
	return ret;
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

	if (!strcmp(base, "modprobe"))	/* inside memhp ns the module tools are memhp */
		return cmd_modprobe(argc, argv);
	if (argc < 2) {
		usage_main(stderr);
		return 2;
	}
	const char *verb = argv[1];

	if (!strcmp(verb, "-h") || !strcmp(verb, "--help")) {
		usage_main(stdout);
		return 0;
	}
	if (!strcmp(verb, "-V") || !strcmp(verb, "--version")) {
		puts("memhp " MEMHP_VERSION);
		return 0;
	}
	if (!strcmp(verb, "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(verb, "boot"))
		return cmd_boot(argc - 1, argv + 1);
	if (!strcmp(verb, "demo"))
		return cmd_demo(argc - 1, argv + 1);
	if (!strcmp(verb, "plan"))
		return cmd_plan(argc - 1, argv + 1);
	if (!strcmp(verb, "step"))
		return cmd_step(argc - 1, argv + 1);
	if (!strcmp(verb, "why-busy"))
		return cmd_why_busy(argc - 1, argv + 1);
	if (!strcmp(verb, "cxl"))
		return cmd_cxl(argc - 1, argv + 1);
	if (!strcmp(verb, "config"))
		return cmd_config(argc - 1, argv + 1);
	if (!strcmp(verb, "blocks"))
		return cmd_blocks(argc - 1, argv + 1);
	if (!strcmp(verb, "ns"))
		return cmd_ns(argc - 1, argv + 1);
	if (!strcmp(verb, "monitor"))
		return cmd_monitor(argc - 1, argv + 1);
	if (!strcmp(verb, "modprobe"))
		return cmd_modprobe(argc - 1, argv + 1);
	if (!strcmp(verb, "kmsg") || !strcmp(verb, "snap"))
		return cmd_ctlfile(verb, argc - 1, argv + 1);
	fprintf(stderr, "memhp: unknown verb '%s' (try 'memhp --help')\n", verb);
	return 2;
}
