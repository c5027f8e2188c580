/* SPDX-License-Identifier: MIT */
/*
 * cli/main.c — the memhp command: util-linux-shaped verbs over one machine.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/render.h"
#include "cli/run.h"
#include "cli/scenario.h"
#include "drivers/drivers.h"

static int cmd_run(int argc, char **argv)
{
	struct scenario sc;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT, cmdline = STRBUF_INIT;

	if (argc < 2) {
		fprintf(stderr, "usage: memhp run SCENARIO\n");
		return 2;
	}
	if (scenario_load(&sc, argv[1], &err)) {
		fprintf(stderr, "memhp: %s\n", err.buf);
		return 2;
	}
	scenario_kernel_cmdline(&sc, &cmdline);
	struct machine_config cfg = {
		.qemu_args = sc.qemu.buf, .cmdline = cmdline.buf, .modules = sc.modules.buf,
	};
	struct machine *m = machine_boot(&cfg, &err);

	if (!m) {
		fprintf(stderr, "memhp: %s: qemu: %s\n", argv[1], err.buf);
		return 2;
	}
	run_scenario(m, &sc, NULL, &out);
	fwrite(out.buf, 1, out.len, stdout);
	machine_free(m);
	scenario_free(&sc);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: memhp VERB ...\n");
		return 2;
	}
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	fprintf(stderr, "memhp: unknown verb '%s'\n", argv[1]);
	return 2;
}
