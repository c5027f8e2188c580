/* SPDX-License-Identifier: MIT */
/* fw/fwmap.c — firmware map files (format in fwmap.h). */
#include "fwmap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw/cedt.h"
#include "lib/parse.h"
#include "lib/strbuf.h"

static int parse_num(const char *s, uint64_t *v)
{
	const char *end;

	if (!*s || *s < '0' || *s > '9')
		return -EINVAL;
	*v = memparse(s, &end);
	return *end ? -EINVAL : 0;
}

/* START-END (inclusive) or START+SIZE into half-open [*start, *end). */
static int parse_range(char *s, uint64_t *start, uint64_t *end)
{
	char *sep = strpbrk(s, "-+");
	uint64_t a, b;

	if (!sep)
		return -EINVAL;
	char c = *sep;

	*sep = '\0';
	if (parse_num(s, &a) || parse_num(sep + 1, &b))
		return -EINVAL;
	*start = a;
	*end = c == '+' ? a + b : b + 1;
	return *end > *start ? 0 : -EINVAL;
}

static int parse_type(const char *s, enum e820_type *t)
{
	static const struct { const char *name; enum e820_type type; } types[] = {
		{ "usable", E820_TYPE_RAM }, { "reserved", E820_TYPE_RESERVED },
		{ "acpi", E820_TYPE_ACPI }, { "nvs", E820_TYPE_NVS },
		{ "unusable", E820_TYPE_UNUSABLE }, { "persistent", E820_TYPE_PMEM },
		{ "soft-reserved", E820_TYPE_SOFT_RESERVED },
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(s, types[i].name)) {
			*t = types[i].type;
			return 0;
		}
	return -EINVAL;
}

static int parse_nid(const char *s, int *nid)
{
	uint64_t v;

	if (kstrtoull(s, &v) || v >= 64)
		return -EINVAL;
	*nid = (int)v;
	return 0;
}

/*
 * An EFI memory descriptor, converted as x86 does (do_add_efi_memmap): conventional and
 * boot-time memory is RAM unless it carries EFI_MEMORY_SP ("sp"), which makes it Soft
 * Reserved; "efi=nosoftreserve" on the command line turns that back into RAM at boot.
 */
static int parse_efi(struct platform *p, char **w, int n, struct strbuf *err)
{
	static const struct { const char *name; enum e820_type type; } types[] = {
		{ "conventional", E820_TYPE_RAM }, { "loader", E820_TYPE_RAM },
		{ "boot-services", E820_TYPE_RAM }, { "reserved", E820_TYPE_RESERVED },
		{ "runtime-services", E820_TYPE_RESERVED }, { "acpi-reclaim", E820_TYPE_ACPI },
		{ "acpi-nvs", E820_TYPE_NVS }, { "unusable", E820_TYPE_UNUSABLE },
		{ "persistent", E820_TYPE_PMEM }, { "mmio", E820_TYPE_RESERVED },
	};
	uint64_t s, e;
	size_t i;

	if (n < 3 || n > 4 || parse_range(w[1], &s, &e)) {
		strbuf_addstr(err, "efi: RANGE: expected 'efi RANGE TYPE [sp]'");
		return -EINVAL;
	}
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(w[2], types[i].name))
			break;
	if (i == sizeof(types) / sizeof(types[0])) {
		strbuf_addstr(err, "efi: TYPE: expected conventional, loader, boot-services, reserved, "
			      "runtime-services, acpi-reclaim, acpi-nvs, unusable, persistent or mmio");
		return -EINVAL;
	}
	if (n == 4 && strcmp(w[3], "sp")) {
		strbuf_addf(err, "efi: %s: unknown attribute (only 'sp', EFI_MEMORY_SP)", w[3]);
		return -EINVAL;
	}
	bool sp = n == 4 && types[i].type == E820_TYPE_RAM;

	int idx = platform_add_e820(p, s, e - s, sp ? E820_TYPE_SOFT_RESERVED : types[i].type);

	p->e820[idx].efi_sp = sp;
	return 0;
}

/* One line split into words; returns 0 or -EINVAL with @err naming the field. */
static int parse_words(struct platform *p, char **w, int n, int line, bool *hv, struct strbuf *err)
{
	uint64_t s, e;
	int nid;

	if (!strcmp(w[0], "e820")) {
		enum e820_type t;

		if (n != 3 || parse_range(w[1], &s, &e) || parse_type(w[2], &t)) {
			strbuf_addstr(err, "e820: expected 'e820 RANGE TYPE'");
			return -EINVAL;
		}
		platform_add_e820(p, s, e - s, t);
	} else if (!strcmp(w[0], "node")) {
		if (n < 3 || n > 4 || parse_nid(w[1], &nid) || parse_range(w[2], &s, &e) ||
		    (n == 4 && strcmp(w[3], "hotplug"))) {
			strbuf_addstr(err, "node: expected 'node NID RANGE [hotplug]' (NID < 64)");
			return -EINVAL;
		}
		platform_add_srat(p, s, e, nid, n == 4);
		if (nid + 1 > p->nr_nodes)
			p->nr_nodes = nid + 1;
		p->numa = true;
	} else if (!strcmp(w[0], "cpus")) {
		uint64_t bits[MAX_CPUS / 64] = { 0 };

		if (n != 3 || parse_nid(w[1], &nid) || parse_cpulist(w[2], bits, MAX_CPUS)) {
			strbuf_addstr(err, "cpus: expected 'cpus NID LIST'");
			return -EINVAL;
		}
		for (int c = 0; c < MAX_CPUS; c++)
			if (bits[c / 64] & (1ULL << (c % 64))) {
				p->cpu_node[c] = nid;
				if (c + 1 > p->nr_cpus)
					p->nr_cpus = c + 1;
			}
	} else if (!strcmp(w[0], "hotplug-window")) {
		uint64_t slots;

		if (n != 3 || parse_range(w[1], &s, &e) || kstrtoull(w[2], &slots) || slots > 256) {
			strbuf_addstr(err, "hotplug-window: expected 'hotplug-window RANGE SLOTS'");
			return -EINVAL;
		}
		p->dev_mem_base = s;
		p->dev_mem_size = e - s;
		p->nr_slots = (int)slots;
	} else if (!strcmp(w[0], "hypervisor")) {
		if (n != 2 || (strcmp(w[1], "yes") && strcmp(w[1], "no"))) {
			strbuf_addstr(err, "hypervisor: expected 'yes' or 'no'");
			return -EINVAL;
		}
		*hv = !strcmp(w[1], "yes");
	} else if (!strcmp(w[0], "efi")) {
		return parse_efi(p, w, n, err);
	} else if (!strncmp(w[0], "cxl-", 4)) {
		return cedt_parse_line(p, w, n, line, err);
	} else {
		strbuf_addf(err, "unknown keyword '%s'", w[0]);
		return -EINVAL;
	}
	return 0;
}

static void finish(struct platform *p)
{
	p->phys_bits = 52;
	if (!p->nr_cpus)
		p->nr_cpus = 1;
	if (!p->nr_nodes)
		p->nr_nodes = 1;
	for (int i = 0; i < p->nr_e820; i++)
		if (p->e820[i].type == E820_TYPE_RAM)
			p->ram_size += p->e820[i].size;
	p->maxram = p->ram_size + p->dev_mem_size;
}

int fwmap_platform_from_file(struct platform *p, const char *path, bool *hypervisor,
			     struct strbuf *err)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, ret = 0;

	memset(p, 0, sizeof(*p));
	*hypervisor = false;
	if (!f) {
		strbuf_addf(err, "%s: cannot open: %s", path, strerror(errno));
		return -EINVAL;
	}
	while (!ret && getline(&line, &cap, f) > 0) {
		char *w[8], *save = NULL;
		int n = 0;

		lineno++;
		char *hash = strchr(line, '#');

		if (hash)
			*hash = '\0';
		for (char *t = strtok_r(line, " \t\n", &save); t && n < 8; t = strtok_r(NULL, " \t\n", &save))
			w[n++] = t;
		if (!n)
			continue;
		struct strbuf e = STRBUF_INIT;

		ret = parse_words(p, w, n, lineno, hypervisor, &e);
		if (ret)
			strbuf_addf(err, "%s:%d: %s", path, lineno, e.buf);
		strbuf_release(&e);
	}
	free(line);
	fclose(f);
	if (!ret && !p->nr_e820) {
		strbuf_addf(err, "%s: no e820 lines: the machine has no memory map", path);
		ret = -EINVAL;
	}
	if (!ret) {
		struct strbuf e = STRBUF_INIT;

		ret = cedt_finish(p, &e);
		if (ret)
			strbuf_addf(err, "%s:%s", path, e.buf);
		strbuf_release(&e);
	}
	if (ret) {
		platform_free(p);
		return ret;
	}
	finish(p);
	return 0;
}
