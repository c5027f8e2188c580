/* SPDX-License-Identifier: MIT */
/*
 * cli/config.c — `memhp config`: the Kconfig options of a kernel profile after the user's
 * overrides, each with its value, why it has it (profile default, set by user, forced by a
 * dependency) and what it decides in memhp. One column table drives the text and --json.
 */
#include <getopt.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <string.h>

#include "boot/kconfig.h"
#include "boot/profile.h"
#include "cli/cli.h"
#include "lib/strbuf.h"

static const struct {
	const char *name;
	int flags;
} config_cols[] = {
	{ "NAME", 0 },
	{ "VALUE", 0 },
	{ "WHY", SCOLS_FL_WRAP },
	{ "GATES", SCOLS_FL_WRAP },
};
#define NR_CONFIG_COLS ((int)(sizeof(config_cols) / sizeof(config_cols[0])))

static void usage_config(FILE *out)
{
	fputs("Usage: memhp config [--kernel 6.1|6.18] [--config NAME=y|m|n]... [--all] [--json]\n\n"
	      "List the Kconfig options that decide what memory hotplug, CXL and DAX can do in\n"
	      "the emulated kernel: each option's value, why it has it, and what it gates.\n"
	      "Values: y built in, m module (loaded by modprobe or a scenario's modules: line),\n"
	      "n off, absent (not in this kernel version; hidden unless --all).\n"
	      "Why: the profile's own config (6.1: Debian 12's linux-image-amd64), set by you,\n"
	      "or forced off by a `depends on` (turning off DEV_DAX turns off DEV_DAX_KMEM).\n\n"
	      "  -k, --kernel NAME     kernel profile (default 6.1)\n"
	      "  -C, --config OPT=V    override one option as boot/run/ns/plan would (repeatable;\n"
	      "                        CONFIG_ prefix optional; a choice member takes only =y)\n"
	      "  -a, --all             include options absent from this kernel version\n"
	      "  -J, --json            as JSON\n"
	      "  -h, --help            this help\n\n"
	      "Example: what turning off memory hot-remove takes with it\n"
	      "  memhp config --config MEMORY_HOTREMOVE=n\n", out);
}

static void add_option_line(struct libscols_table *tb, const struct kconfig *kc, int opt)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	struct strbuf why = STRBUF_INIT;

	kconfig_explain(kc, opt, &why);
	scols_line_set_data(ln, 0, kconfig_name(opt));
	scols_line_set_data(ln, 1, kconfig_val_str(kconfig_value(kc, opt)));
	scols_line_set_data(ln, 2, why.buf);
	scols_line_set_data(ln, 3, kconfig_gates(opt));
	strbuf_release(&why);
}

static void print_config(const struct kconfig *kc, bool all, bool json)
{
	struct libscols_table *tb = scols_new_table();

	scols_table_set_name(tb, "config");
	scols_table_enable_json(tb, json);
	for (int i = 0; i < NR_CONFIG_COLS; i++)
		scols_table_new_column(tb, config_cols[i].name, 0, config_cols[i].flags);
	for (int opt = 0; opt < NR_KCONFIG_OPTS; opt++)
		if (all || kconfig_value(kc, opt) != KCONFIG_ABSENT)
			add_option_line(tb, kc, opt);
	scols_print_table(tb);
	scols_unref_table(tb);
}

int cmd_config(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' }, { "config", required_argument, NULL, 'C' },
		{ "all", no_argument, NULL, 'a' },	    { "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },	    { NULL, 0, NULL, 0 },
	};
	const char *kernel = NULL, *over[MAX_CONFIG_OVERRIDES];
	int nr_over = 0, c;
	bool json = false, all = false;

	optind = 1;
	while ((c = getopt_long(argc, argv, "k:C:aJh", opts, NULL)) != -1) {
		if (c == 'h') {
			usage_config(stdout);
			return 0;
		} else if (c == 'k') {
			kernel = optarg;
		} else if (c == 'C' && nr_over < MAX_CONFIG_OVERRIDES) {
			over[nr_over++] = optarg;
		} else if (c == 'a') {
			all = true;
		} else if (c == 'J') {
			json = true;
		} else {
			usage_config(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "memhp config: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	const struct kernel_profile *prof = kernel ? kernel_profile_find(kernel) :
					    kernel_profile_default();
	struct kconfig kc;

	if (!prof) {
		fprintf(stderr, "memhp config: --kernel: unknown kernel profile '%s' (known: 6.1, 6.18)\n",
			kernel);
		return 2;
	}
	kconfig_init(&kc, prof->kconfig, prof->name);
	for (int i = 0; i < nr_over; i++) {
		struct strbuf err = STRBUF_INIT;

		if (kconfig_set(&kc, over[i], &err)) {
			fprintf(stderr, "memhp config: --config %s\n", err.buf);
			strbuf_release(&err);
			return 2;
		}
	}
	print_config(&kc, all, json);
	return 0;
}
