/* SPDX-License-Identifier: MIT */
/*
 * cli/blocks.c — `memhp blocks` inside `memhp ns`: the running machine's memory blocks with
 * what lsmem cannot show — where each came from and which mechanism onlined it (the Kconfig
 * default, memhp_default_state=, auto_online_blocks, the udev rule, or a sysfs write).
 * Reads the machine's /.memhp/blocks (one JSON object per block and line).
 */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const struct {
	const char *name;	/* column header */
	const char *key;	/* field of the block's JSON object */
	int flags;
} block_cols[] = {
	{ "BLOCK", "block", SCOLS_FL_RIGHT },
	{ "PHYS_START", "phys_start", SCOLS_FL_RIGHT },
	{ "STATE", "state", 0 },
	{ "ZONE", "zone", 0 },
	{ "NODE", "node", SCOLS_FL_RIGHT },
	{ "SOURCE", "source", 0 },
	{ "ONLINED-BY", "onlined_by", 0 },
};
#define NR_BLOCK_COLS ((int)(sizeof(block_cols) / sizeof(block_cols[0])))

static void usage_blocks(FILE *out)
{
	fputs("Usage: memhp blocks [--json]\n\n"
	      "Inside `memhp ns`: the running machine's memory blocks, with where each came from\n"
	      "(boot, acpi, virtio-mem, kmem, probe) and which mechanism onlined it: kconfig (the\n"
	      "Kconfig default of auto_online_blocks), cmdline (memhp_default_state=),\n"
	      "auto_online_blocks (written at runtime), udev (--udev-online), sysfs (a write to\n"
	      "memoryN/state or online, e.g. chmem), daxctl (daxctl's own writes), boot.\n\n"
	      "  -J, --json   as JSON\n  -h, --help   this help\n\n"
	      "Example:\n  memhp ns --udev-online online_movable -- sh -c \\\n"
	      "    'memhp monitor object_add memory-backend-ram,id=m1,size=1G;\n"
	      "     memhp monitor device_add pc-dimm,id=d1,memdev=m1; memhp blocks'\n", out);
}

/* One cell from a field: strings as they are, numbers in decimal (phys_start in hex). */
static void set_cell(struct libscols_line *ln, int col, json_object *o)
{
	json_object *v = NULL;
	char buf[32];

	if (!json_object_object_get_ex(o, block_cols[col].key, &v) || !v) {
		scols_line_set_data(ln, col, "-");
	} else if (json_object_is_type(v, json_type_string)) {
		scols_line_set_data(ln, col, json_object_get_string(v));
	} else {
		snprintf(buf, sizeof(buf), col == 1 ? "0x%llx" : "%lld",
			 (long long)json_object_get_int64(v));
		scols_line_set_data(ln, col, buf);
	}
}

static int print_blocks(FILE *in, bool json)
{
	struct libscols_table *tb = scols_new_table();
	char *line = NULL;
	size_t cap = 0;

	scols_table_set_name(tb, "memory");
	scols_table_enable_json(tb, json);
	for (int i = 0; i < NR_BLOCK_COLS; i++) {
		struct libscols_column *cl = scols_table_new_column(tb, block_cols[i].name, 0,
								    block_cols[i].flags);

		if (i == 0 || i == 4)	/* BLOCK, NODE */
			scols_column_set_json_type(cl, SCOLS_JSON_NUMBER);
	}
	while (getline(&line, &cap, in) > 0) {
		json_object *o = json_tokener_parse(line);
		struct libscols_line *ln;

		if (!o)
			continue;
		ln = scols_table_new_line(tb, NULL);
		for (int i = 0; i < NR_BLOCK_COLS; i++)
			set_cell(ln, i, o);
		json_object_put(o);
	}
	free(line);
	scols_print_table(tb);
	scols_unref_table(tb);
	return 0;
}

int cmd_blocks(int argc, char **argv)
{
	const char *dir = getenv("MEMHP_CTL");
	bool json = false;
	char path[512];
	FILE *in;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage_blocks(stdout);
			return 0;
		} else if (!strcmp(argv[i], "-J") || !strcmp(argv[i], "--json")) {
			json = true;
		} else {
			usage_blocks(stderr);
			return 2;
		}
	}
	snprintf(path, sizeof(path), "%s/blocks", dir ? dir : "/run/memhp");
	in = fopen(path, "r");
	if (!in) {
		fprintf(stderr, "memhp: blocks: %s: %s (run it inside `memhp ns`)\n", path, strerror(errno));
		return 1;
	}
	print_blocks(in, json);
	fclose(in);
	return 0;
}
