/* SPDX-License-Identifier: MIT */
/*
 * cli/cxl.c — `memhp cxl`: questions about a CXL platform that need no booted machine.
 * `decode` follows a host physical address through the committed decoders (window, host
 * bridge, interleave position, device, DPA) or a device address back to the host.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "cli/cli.h"
#include "fw/cedt.h"
#include "fw/fwmap.h"
#include "lib/parse.h"
#include "lib/strbuf.h"

static void usage_decode(FILE *out)
{
	fputs("Usage: memhp cxl decode [--json] PLATFORM HPA\n"
	      "       memhp cxl decode [--json] PLATFORM --memdev MEM --dpa DPA\n\n"
	      "Follow an address through the CXL decoders firmware committed on PLATFORM (a\n"
	      "firmware map file with cxl-* lines, docs/cxl.md): which CFMWS window holds the\n"
	      "host physical address, which host bridge the window routes it to, its position in\n"
	      "the interleave set, the type-3 device and the device physical address (DPA).\n"
	      "With --memdev and --dpa, the reverse: where a device's byte appears to the host.\n"
	      "Modulo and XOR (CXIMS) arithmetic, as Linux computes them.\n\n"
	      "Options:\n"
	      "  -m, --memdev MEM   the device, by its label in PLATFORM or as memN\n"
	      "  -d, --dpa DPA      device physical address\n"
	      "  -J, --json         print JSON\n"
	      "  -h, --help         this help\n\n"
	      "Example:\n  memhp cxl decode examples/cxl-boot-to-bash.fw 0x1000000100\n", out);
}

/* A memdev by label, or "memN" (N: order of the cxl-memdev lines). */
static int memdev_by_name(const struct cxl_platform *cxl, const char *name)
{
	int i = cxl_find_memdev(cxl, name);
	unsigned int n;

	if (i >= 0 || strncmp(name, "mem", 3) || kstrtouint(name + 3, &n))
		return i;
	return cxl && (int)n < cxl->nr_dev ? (int)n : -1;
}

static void print_decode(const struct cxl_platform *cxl, uint64_t hpa, const struct cxl_decode *d,
			 bool json)
{
	const struct cxl_window *w = &cxl->win[d->window];
	json_object *j = json_object_new_object();

	json_object_object_add(j, "hpa", json_object_new_int64((int64_t)hpa));
	json_object_object_add(j, "window", json_object_new_int(d->window));
	json_object_object_add(j, "window_start", json_object_new_int64((int64_t)w->base));
	json_object_object_add(j, "window_ways", json_object_new_int((int)w->ways));
	json_object_object_add(j, "window_granularity", json_object_new_int((int)w->granularity));
	json_object_object_add(j, "arithmetic", json_object_new_string(w->xor ? "xor" : "modulo"));
	json_object_object_add(j, "host_bridge_position", json_object_new_int((int)d->hb_pos));
	json_object_object_add(j, "host_bridge_uid", json_object_new_int64(cxl->hb[d->hb].uid));
	if (d->dev >= 0) {
		const struct cxl_committed *c = &cxl->committed[d->committed];

		json_object_object_add(j, "interleave_ways", json_object_new_int((int)c->ways));
		json_object_object_add(j, "interleave_granularity", json_object_new_int((int)c->granularity));
		json_object_object_add(j, "position", json_object_new_int((int)d->pos));
		json_object_object_add(j, "memdev", json_object_new_string(cxl->dev[d->dev].label));
		json_object_object_add(j, "dpa", json_object_new_int64((int64_t)d->dpa));
	}
	if (json) {
		puts(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED));
		json_object_put(j);
		return;
	}
	json_object_put(j);
	printf("hpa 0x%llx: CXL Window %d [0x%llx-0x%llx], %u-way %s at %u bytes\n",
	       (unsigned long long)hpa, d->window, (unsigned long long)w->base,
	       (unsigned long long)(w->base + w->size - 1), w->ways, w->xor ? "xor" : "modulo",
	       w->granularity);
	printf("  host bridge: position %u, UID %u\n", d->hb_pos, cxl->hb[d->hb].uid);
	if (d->dev < 0) {
		puts("  no committed decoder maps this address to a device");
		return;
	}
	const struct cxl_committed *c = &cxl->committed[d->committed];

	printf("  interleave set [0x%llx-0x%llx]: %u ways, %u bytes, position %u\n",
	       (unsigned long long)c->base, (unsigned long long)(c->base + c->size - 1), c->ways,
	       c->granularity, d->pos);
	printf("  device: mem%d (%s), dpa 0x%llx\n", d->dev, cxl->dev[d->dev].label,
	       (unsigned long long)d->dpa);
}

static int decode_run(const char *path, const char *hpa_s, const char *mem_s, const char *dpa_s,
		      bool json)
{
	struct platform p;
	struct strbuf err = STRBUF_INIT;
	struct cxl_decode d;
	uint64_t hpa = 0, dpa = 0;
	bool hv;
	int ret = 2;

	if (fwmap_platform_from_file(&p, path, &hv, &err)) {
		fprintf(stderr, "memhp: %s\n", err.buf);
		strbuf_release(&err);
		return 2;
	}
	if (!p.cxl) {
		fprintf(stderr, "memhp: %s: no cxl-window lines: the platform has no CXL memory\n", path);
		goto out;
	}
	if (mem_s) {
		int dev = memdev_by_name(p.cxl, mem_s);

		if (dev < 0 || kstrtoull(dpa_s, &dpa)) {
			fprintf(stderr, "memhp: %s\n", dev < 0 ? "--memdev: no such device" : "--dpa: expected a number");
			goto out;
		}
		if (cxl_decode_dpa(p.cxl, dev, dpa, &hpa, &d)) {
			fprintf(stderr, "memhp: %s: dpa 0x%llx: no committed decoder maps it\n", mem_s,
				(unsigned long long)dpa);
			ret = 1;
			goto out;
		}
	} else {
		if (kstrtoull(hpa_s, &hpa)) {
			fprintf(stderr, "memhp: HPA: expected a number, got '%s'\n", hpa_s);
			goto out;
		}
		if (cxl_decode_hpa(p.cxl, hpa, &d)) {
			fprintf(stderr, "memhp: hpa 0x%llx: in no CXL window\n", (unsigned long long)hpa);
			ret = 1;
			goto out;
		}
	}
	print_decode(p.cxl, hpa, &d, json);
	ret = 0;
out:
	platform_free(&p);
	strbuf_release(&err);
	return ret;
}

static int cmd_cxl_decode(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "memdev", required_argument, NULL, 'm' }, { "dpa", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'J' }, { "help", no_argument, NULL, 'h' }, { 0 },
	};
	const char *mem = NULL, *dpa = NULL;
	bool json = false;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "m:d:Jh", opts, NULL)) != -1) {
		switch (c) {
		case 'm': mem = optarg; break;
		case 'd': dpa = optarg; break;
		case 'J': json = true; break;
		case 'h': usage_decode(stdout); return 0;
		default: usage_decode(stderr); return 2;
		}
	}
	int rest = argc - optind;

	if ((mem || dpa) ? (!mem || !dpa || rest != 1) : rest != 2) {
		usage_decode(stderr);
		return 2;
	}
	return decode_run(argv[optind], mem ? NULL : argv[optind + 1], mem, dpa, json);
}

int cmd_cxl(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "decode"))
		return cmd_cxl_decode(argc - 1, argv + 1);
	FILE *out = argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) ? stdout : stderr;

	fputs("Usage: memhp cxl decode [--json] PLATFORM HPA\n"
	      "       memhp cxl decode [--json] PLATFORM --memdev MEM --dpa DPA\n\n"
	      "CXL questions answered from a platform file (docs/cxl.md). 'memhp cxl decode --help'\n"
	      "explains each.\n", out);
	return out == stdout ? 0 : 2;
}
