/* SPDX-License-Identifier: MIT */
/*
 * fw/cedt.c — CXL platform lines (format in cedt.h, docs/cxl.md), their whole-file checks,
 * and the address decode firmware programmed: HPA -> window -> host bridge -> device -> DPA
 * and back.
 */
#include "cedt.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fw/platform.h"
#include "lib/parse.h"
#include "lib/strbuf.h"

#define SZ_256M		(256ULL << 20)

static int fail(struct strbuf *err, const char *kw, const char *field, const char *problem)
{
	strbuf_addf(err, "%s: %s: %s", kw, field, problem);
	return -EINVAL;
}

static int parse_size(const char *s, uint64_t *v)
{
	const char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	*v = memparse(s, &end);
	return *end ? -EINVAL : 0;
}

/* START-END (inclusive) or START+SIZE into [*base, *base + *size). */
static int parse_range(const char *s, uint64_t *base, uint64_t *size)
{
	char buf[64], *sep;
	uint64_t a, b;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	sep = strpbrk(buf, "-+");
	if (!sep)
		return -EINVAL;
	char c = *sep;

	*sep = '\0';
	if (parse_size(buf, &a) || parse_size(sep + 1, &b))
		return -EINVAL;
	if (c == '-' && b < a)
		return -EINVAL;
	*base = a;
	*size = c == '+' ? b : b - a + 1;
	return *size && *base + *size > *base ? 0 : -EINVAL;
}

/* "key=value": the value if @w starts with @key=, else NULL. */
static const char *opt(const char *w, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(w, key, n) && w[n] == '=' ? w + n + 1 : NULL;
}

/* Comma list of numbers into @v (at most @max). Count, or -EINVAL. */
static int parse_num_list(const char *s, uint64_t *v, int max)
{
	char buf[512], *save = NULL;
	int n = 0;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (n == max || parse_size(t, &v[n]))
			return -EINVAL;
		n++;
	}
	return n ? n : -EINVAL;
}

static struct cxl_platform *cxl_of(struct platform *p)
{
	if (!p->cxl) {
		p->cxl = calloc(1, sizeof(*p->cxl));
		if (!p->cxl)
			abort();
	}
	return p->cxl;
}

int cxl_find_host_bridge(const struct cxl_platform *cxl, uint32_t uid)
{
	for (int i = 0; cxl && i < cxl->nr_hb; i++)
		if (cxl->hb[i].uid == uid)
			return i;
	return -1;
}

int cxl_find_memdev(const struct cxl_platform *cxl, const char *label)
{
	for (int i = 0; cxl && i < cxl->nr_dev; i++)
		if (!strcmp(cxl->dev[i].label, label))
			return i;
	return -1;
}

static int parse_host_bridge(struct cxl_platform *cxl, char **w, int n, int line, struct strbuf *err)
{
	const char *kw = "cxl-host-bridge";
	struct cxl_host_bridge hb = { .nr_root_ports = 1, .nr_decoders = 4, .nid = -1, .line = line };
	uint64_t v;

	if (n < 2 || kstrtoull(w[1], &v) || v > UINT32_MAX)
		return fail(err, kw, "UID", "expected 'cxl-host-bridge UID [chbcr=ADDR] [root-ports=N] [decoders=N] [node=NID]'");
	hb.uid = (uint32_t)v;
	if (cxl_find_host_bridge(cxl, hb.uid) >= 0)
		return fail(err, kw, "UID", "a host bridge with this UID is already described");
	if (cxl->nr_hb == CXL_MAX_HOST_BRIDGES)
		return fail(err, kw, "UID", "too many host bridges");
	for (int i = 2; i < n; i++) {
		const char *val;

		if ((val = opt(w[i], "chbcr"))) {
			if (parse_size(val, &hb.chbcr))
				return fail(err, kw, "chbcr", "expected an address");
		} else if ((val = opt(w[i], "root-ports"))) {
			if (kstrtoull(val, &v) || !v || v > 32)
				return fail(err, kw, "root-ports", "expected 1..32");
			hb.nr_root_ports = (int)v;
		} else if ((val = opt(w[i], "decoders"))) {
			if (kstrtoull(val, &v) || !v || v > 32)
				return fail(err, kw, "decoders", "expected 1..32");
			hb.nr_decoders = (int)v;
		} else if ((val = opt(w[i], "node"))) {
			if (kstrtoull(val, &v) || v >= 64)
				return fail(err, kw, "node", "expected a node id below 64");
			hb.nid = (int)v;
		} else {
			return fail(err, kw, w[i], "unknown field");
		}
	}
	cxl->hb[cxl->nr_hb++] = hb;
	return 0;
}

static int parse_restrictions(const char *s, unsigned int *r)
{
	static const struct { const char *name; unsigned int bit; } names[] = {
		{ "type2", ACPI_CEDT_CFMWS_RESTRICT_TYPE2 }, { "type3", ACPI_CEDT_CFMWS_RESTRICT_TYPE3 },
		{ "ram", ACPI_CEDT_CFMWS_RESTRICT_VOLATILE }, { "pmem", ACPI_CEDT_CFMWS_RESTRICT_PMEM },
		{ "fixed", ACPI_CEDT_CFMWS_RESTRICT_FIXED },
	};
	char buf[128], *save = NULL;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	*r = 0;
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strcmp(t, names[i].name))
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			return -EINVAL;
		*r |= names[i].bit;
	}
	return 0;
}

static int window_field(struct cxl_window *win, const char *w, struct strbuf *err)
{
	const char *kw = "cxl-window", *val;
	uint64_t v[CXL_DECODER_MAX_INTERLEAVE + 1];
	int nr;

	if ((val = opt(w, "targets"))) {
		nr = parse_num_list(val, v, CXL_DECODER_MAX_INTERLEAVE + 1);
		if (nr < 0)
			return fail(err, kw, "targets", "expected host bridge UIDs 'UID[,UID...]'");
		if (!cxl_interleave_valid((unsigned int)nr, 256))
			return fail(err, kw, "targets", "unsupported interleave ways (1, 2, 4, 8, 16, 3, 6 or 12 targets)");
		win->ways = (unsigned int)nr;
		for (int i = 0; i < nr; i++)
			win->targets[i] = (uint32_t)v[i];
	} else if ((val = opt(w, "granularity"))) {
		if (parse_size(val, v) || !cxl_interleave_valid(1, (unsigned int)v[0]) || v[0] > UINT32_MAX)
			return fail(err, kw, "granularity", "unsupported interleave granularity (256, 512, 1K, 2K, 4K, 8K or 16K)");
		win->granularity = (unsigned int)v[0];
	} else if ((val = opt(w, "restrict"))) {
		if (parse_restrictions(val, &win->restrictions))
			return fail(err, kw, "restrict", "expected a list of ram, pmem, type2, type3, fixed");
	} else if (!strcmp(w, "xor")) {
		win->xor = true;
	} else {
		return fail(err, kw, w, "unknown field");
	}
	return 0;
}

static int parse_window(struct cxl_platform *cxl, char **w, int n, int line, struct strbuf *err)
{
	const char *kw = "cxl-window";
	struct cxl_window win = { .granularity = 256, .nid = -1, .line = line,
				  .restrictions = ACPI_CEDT_CFMWS_RESTRICT_TYPE3 | ACPI_CEDT_CFMWS_RESTRICT_VOLATILE };

	if (n < 2 || parse_range(w[1], &win.base, &win.size))
		return fail(err, kw, "RANGE", "expected 'cxl-window RANGE targets=UID[,UID...] ...'");
	if (win.base % SZ_256M)
		return fail(err, kw, "RANGE", "base not 256 MiB aligned");
	if (win.size % SZ_256M)
		return fail(err, kw, "RANGE", "size not 256 MiB aligned");
	if (cxl->nr_win == CXL_MAX_WINDOWS)
		return fail(err, kw, "RANGE", "too many windows");
	for (int i = 2; i < n; i++)
		if (window_field(&win, w[i], err))
			return -EINVAL;
	if (!win.ways)
		return fail(err, kw, "targets", "missing: which host bridges the window interleaves");
	if (win.size % ((uint64_t)win.ways * SZ_256M))
		return fail(err, kw, "RANGE", "size is not a multiple of 256 MiB per interleave way");
	cxl->win[cxl->nr_win++] = win;
	return 0;
}

static int parse_xormap(struct cxl_platform *cxl, char **w, int n, int line, struct strbuf *err)
{
	const char *kw = "cxl-xormap", *val;
	struct cxl_cxims c = { .line = line };
	uint64_t v;

	if (n != 3 || !(val = opt(w[1], "granularity")))
		return fail(err, kw, "granularity", "expected 'cxl-xormap granularity=SIZE MAP[,MAP...]'");
	if (parse_size(val, &v) || v > UINT32_MAX || !cxl_interleave_valid(1, (unsigned int)v))
		return fail(err, kw, "granularity", "unsupported interleave granularity");
	c.granularity = (unsigned int)v;
	c.nr_maps = parse_num_list(w[2], c.maps, CXL_MAX_XORMAPS);
	if (c.nr_maps < 0)
		return fail(err, kw, "MAP", "expected 1 to 4 comma-separated bit masks");
	for (int i = 0; i < cxl->nr_cxims; i++)
		if (cxl->cxims[i].granularity == c.granularity)
			return fail(err, kw, "granularity", "an XOR map list for this granularity is already described");
	if (cxl->nr_cxims == CXL_MAX_CXIMS)
		return fail(err, kw, "granularity", "too many XOR map lists");
	cxl->cxims[cxl->nr_cxims++] = c;
	return 0;
}

static int memdev_field(struct cxl_memdev_desc *d, const char *w, struct strbuf *err)
{
	const char *kw = "cxl-memdev", *val;
	uint64_t v;

	if ((val = opt(w, "host-bridge"))) {
		if (kstrtoull(val, &v) || v > UINT32_MAX)
			return fail(err, kw, "host-bridge", "expected a host bridge UID");
		d->hb_uid = (uint32_t)v;
	} else if ((val = opt(w, "root-port"))) {
		if (kstrtoull(val, &v) || v > 31)
			return fail(err, kw, "root-port", "expected 0..31");
		d->root_port = (int)v;
	} else if ((val = opt(w, "ram"))) {
		if (parse_size(val, &d->ram_size) || d->ram_size % SZ_256M)
			return fail(err, kw, "ram", "expected a size, a multiple of 256 MiB");
	} else if ((val = opt(w, "pmem"))) {
		if (parse_size(val, &d->pmem_size) || d->pmem_size % SZ_256M)
			return fail(err, kw, "pmem", "expected a size, a multiple of 256 MiB");
	} else if ((val = opt(w, "serial"))) {
		if (parse_size(val, &d->serial))
			return fail(err, kw, "serial", "expected a number");
	} else if ((val = opt(w, "decoders"))) {
		if (kstrtoull(val, &v) || !v || v > 32)
			return fail(err, kw, "decoders", "expected 1..32");
		d->nr_decoders = (int)v;
	} else {
		return fail(err, kw, w, "unknown field");
	}
	return 0;
}

static int parse_memdev(struct cxl_platform *cxl, char **w, int n, int line, struct strbuf *err)
{
	const char *kw = "cxl-memdev";
	struct cxl_memdev_desc d = { .line = line, .hb_uid = UINT32_MAX, .nr_decoders = 4 };

	if (n < 2 || strchr(w[1], '=') || strlen(w[1]) >= sizeof(d.label))
		return fail(err, kw, "LABEL", "expected 'cxl-memdev LABEL host-bridge=UID ram=SIZE ...'");
	if (cxl_find_memdev(cxl, w[1]) >= 0)
		return fail(err, kw, "LABEL", "a memdev with this label is already described");
	if (cxl->nr_dev == CXL_MAX_MEMDEVS)
		return fail(err, kw, "LABEL", "too many memdevs");
	strcpy(d.label, w[1]);
	d.serial = (uint64_t)cxl->nr_dev;
	for (int i = 2; i < n; i++)
		if (memdev_field(&d, w[i], err))
			return -EINVAL;
	if (d.hb_uid == UINT32_MAX)
		return fail(err, kw, "host-bridge", "missing: which host bridge the device sits below");
	if (!d.ram_size && !d.pmem_size)
		return fail(err, kw, "ram", "missing: the device has no capacity");
	cxl->dev[cxl->nr_dev++] = d;
	return 0;
}

static int parse_committed(struct cxl_platform *cxl, char **w, int n, int line, struct strbuf *err)
{
	const char *kw = "cxl-committed", *val;
	struct cxl_committed c = { .line = line, .granularity = 0, .window = -1 };

	if (n < 2 || parse_range(w[1], &c.base, &c.size))
		return fail(err, kw, "RANGE", "expected 'cxl-committed RANGE granularity=SIZE targets=LABEL[,LABEL...]'");
	if (cxl->nr_committed == CXL_MAX_COMMITTED)
		return fail(err, kw, "RANGE", "too many committed interleave sets");
	for (int i = 2; i < n; i++) {
		uint64_t v;

		if ((val = opt(w[i], "granularity"))) {
			if (parse_size(val, &v) || v > UINT32_MAX || !cxl_interleave_valid(1, (unsigned int)v))
				return fail(err, kw, "granularity", "unsupported interleave granularity (256, 512, 1K, 2K, 4K, 8K or 16K)");
			c.granularity = (unsigned int)v;
		} else if ((val = opt(w[i], "targets"))) {
			char buf[512], *save = NULL;

			if (strlen(val) >= sizeof(buf))
				return fail(err, kw, "targets", "too long");
			strcpy(buf, val);
			c.ways = 0;
			for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
				int d = cxl_find_memdev(cxl, t);

				if (d < 0)
					return fail(err, kw, "targets", "names a memdev not described above");
				if (c.ways == CXL_DECODER_MAX_INTERLEAVE)
					return fail(err, kw, "targets", "more than 16 targets");
				c.targets[c.ways++] = d;
			}
		} else {
			return fail(err, kw, w[i], "unknown field");
		}
	}
	if (!c.ways || !cxl_interleave_valid(c.ways, 256))
		return fail(err, kw, "targets", "unsupported interleave ways (1, 2, 4, 8, 16, 3, 6 or 12 targets)");
	if (!c.granularity)
		return fail(err, kw, "granularity", "missing");
	cxl->committed[cxl->nr_committed++] = c;
	return 0;
}

int cedt_parse_line(struct platform *p, char **w, int n, int line, struct strbuf *err)
{
	static const struct {
		const char *kw;
		int (*parse)(struct cxl_platform *cxl, char **w, int n, int line, struct strbuf *err);
	} kws[] = {
		{ "cxl-host-bridge", parse_host_bridge }, { "cxl-window", parse_window },
		{ "cxl-xormap", parse_xormap }, { "cxl-memdev", parse_memdev },
		{ "cxl-committed", parse_committed },
	};

	for (size_t i = 0; i < sizeof(kws) / sizeof(kws[0]); i++)
		if (!strcmp(w[0], kws[i].kw))
			return kws[i].parse(cxl_of(p), w, n, line, err);
	strbuf_addf(err, "unknown keyword '%s'", w[0]);
	return -EINVAL;
}

void cedt_free(struct platform *p)
{
	free(p->cxl);
	p->cxl = NULL;
}

/* Errors of the whole-file checks name the line of the object at fault. */
static int fail_at(struct strbuf *err, int line, const char *kw, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int fail_at(struct strbuf *err, int line, const char *kw, const char *field, const char *fmt, ...)
{
	va_list ap;

	strbuf_addf(err, "%d: %s: %s: ", line, kw, field);
	va_start(ap, fmt);
	strbuf_vaddf(err, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

const struct cxl_cxims *cxl_window_cxims(const struct cxl_platform *cxl, const struct cxl_window *w)
{
	if (!w->xor || w->ways == 1 || w->ways == 3)
		return NULL;
	for (int i = 0; i < cxl->nr_cxims; i++)
		if (cxl->cxims[i].granularity == w->granularity)
			return &cxl->cxims[i];
	return NULL;
}

static int check_window(const struct cxl_platform *cxl, int i, struct strbuf *err)
{
	const struct cxl_window *w = &cxl->win[i];
	const char *why;

	for (unsigned int t = 0; t < w->ways; t++)
		if (cxl_find_host_bridge(cxl, w->targets[t]) < 0)
			return fail_at(err, w->line, "cxl-window", "targets",
				       "host bridge UID %u is not described", w->targets[t]);
	for (int j = 0; j < i; j++) {
		const struct cxl_window *o = &cxl->win[j];

		if (w->base < o->base + o->size && o->base < w->base + w->size)
			return fail_at(err, w->line, "cxl-window", "RANGE",
				       "overlaps the window of line %d", o->line);
	}
	if (!w->xor || w->ways == 1 || w->ways == 3)
		return 0;
	const struct cxl_cxims *c = cxl_window_cxims(cxl, w);
	int need = cxl_xor_nr_maps(w->ways);

	if (!c)
		return fail_at(err, w->line, "cxl-window", "xor",
			       "no cxl-xormap for granularity %u", w->granularity);
	if (c->nr_maps < need)	/* Linux: "CXIMS nr_xormaps[%d] expected[%d]", -ENXIO */
		return fail_at(err, c->line, "cxl-xormap", "MAP",
			       "%d maps, a %u-way window needs %d", c->nr_maps, w->ways, need);
	if (!cxl_xormaps_valid(c->maps, need, w->ways, w->granularity, &why))
		return fail_at(err, c->line, "cxl-xormap", "MAP", "%s", why);
	return 0;
}

static int check_memdev(const struct cxl_platform *cxl, const struct cxl_memdev_desc *d)
{
	int hb = cxl_find_host_bridge(cxl, d->hb_uid);

	return hb >= 0 && d->root_port < cxl->hb[hb].nr_root_ports;
}

static int window_of(const struct cxl_platform *cxl, uint64_t base, uint64_t size)
{
	for (int i = 0; i < cxl->nr_win; i++)
		if (base >= cxl->win[i].base && base < cxl->win[i].base + cxl->win[i].size)
			return base + size <= cxl->win[i].base + cxl->win[i].size ? i : -2;
	return -1;
}

/*
 * The window position that serves interleave position @pos: where the address of the
 * set's chunk @pos lands (pos % ways for modulo; through the XOR maps otherwise).
 */
static unsigned int window_position(const struct cxl_platform *cxl, const struct cxl_window *w,
				    unsigned int pos)
{
	const struct cxl_cxims *c = cxl_window_cxims(cxl, w);
	uint64_t hpa = w->base + (uint64_t)pos * w->granularity;

	if (c)
		hpa = cxl_xor_apply(c->maps, cxl_xor_nr_maps(w->ways), hpa);
	return cxl_calc_position(hpa - w->base, w->ways, w->granularity);
}

/* Where the set's position @pos must sit: below the window's host bridge that serves it. */
static int check_committed_targets(const struct cxl_platform *cxl, const struct cxl_committed *c,
				   struct strbuf *err)
{
	const struct cxl_window *w = &cxl->win[c->window];

	for (unsigned int pos = 0; pos < c->ways; pos++) {
		const struct cxl_memdev_desc *d = &cxl->dev[c->targets[pos]];
		uint32_t want = w->targets[window_position(cxl, w, pos)];

		if (d->hb_uid != want)
			return fail_at(err, c->line, "cxl-committed", "targets",
				       "%s at position %u sits below host bridge %u, the window routes position %u to host bridge %u",
				       d->label, pos, d->hb_uid, pos, want);
		for (unsigned int q = 0; q < pos; q++) {
			const struct cxl_memdev_desc *o = &cxl->dev[c->targets[q]];

			if (o == d)
				return fail_at(err, c->line, "cxl-committed", "targets",
					       "%s is named twice", d->label);
			if (o->hb_uid == d->hb_uid && o->root_port == d->root_port)
				return fail_at(err, c->line, "cxl-committed", "targets",
					       "%s and %s share root port %d (no switch is modelled)",
					       o->label, d->label, d->root_port);
		}
	}
	return 0;
}

/* Sets before @i that go through host bridge @uid: each takes one of its decoders. */
static int hb_sets_before(const struct cxl_platform *cxl, int i, uint32_t uid)
{
	int n = 0;

	for (int j = 0; j < i; j++) {
		const struct cxl_committed *o = &cxl->committed[j];

		for (unsigned int q = 0; q < o->ways; q++)
			if (cxl->dev[o->targets[q]].hb_uid == uid) {
				n++;
				break;
			}
	}
	return n;
}

/* Per device: decoders commit in id order, and each maps HPA above the one before. */
static int check_commit_order(struct cxl_platform *cxl, int i, struct strbuf *err)
{
	const struct cxl_committed *c = &cxl->committed[i];

	for (unsigned int pos = 0; pos < c->ways; pos++) {
		int dev = c->targets[pos];
		const struct cxl_host_bridge *hb = &cxl->hb[cxl_find_host_bridge(cxl, cxl->dev[dev].hb_uid)];
		int hb_decoders = hb->nr_root_ports == 1 ? 1 : hb->nr_decoders, sets = 0;
		uint64_t used = 0;

		if (hb_sets_before(cxl, i, hb->uid) >= hb_decoders)
			return fail_at(err, c->line, "cxl-committed", "targets",
				       "host bridge %u has no decoder left (%d)", hb->uid, hb_decoders);

		for (int j = 0; j < i; j++) {
			const struct cxl_committed *o = &cxl->committed[j];

			for (unsigned int q = 0; q < o->ways; q++) {
				if (o->targets[q] != dev)
					continue;
				used += o->size / o->ways;
				sets++;
				if (o->base >= c->base)
					return fail_at(err, c->line, "cxl-committed", "RANGE",
						       "%s: decoders committed out of order (this one maps below the one of line %d)",
						       cxl->dev[dev].label, o->line);
			}
		}
		if (sets >= cxl->dev[dev].nr_decoders)
			return fail_at(err, c->line, "cxl-committed", "targets",
				       "%s has no decoder left (%d)", cxl->dev[dev].label, cxl->dev[dev].nr_decoders);
		if (used + c->size / c->ways > cxl->dev[dev].ram_size + cxl->dev[dev].pmem_size)
			return fail_at(err, c->line, "cxl-committed", "RANGE",
				       "%s has not enough capacity for its share", cxl->dev[dev].label);
	}
	return 0;
}

static int check_committed(struct cxl_platform *cxl, int i, struct strbuf *err)
{
	struct cxl_committed *c = &cxl->committed[i];
	const struct cxl_window *w;

	c->window = window_of(cxl, c->base, c->size);
	if (c->window == -1)
		return fail_at(err, c->line, "cxl-committed", "RANGE", "not inside any CXL window");
	if (c->window == -2)
		return fail_at(err, c->line, "cxl-committed", "RANGE", "larger than its window");
	w = &cxl->win[c->window];
	if (c->ways % w->ways || !cxl_interleave_valid(c->ways / w->ways, 256) ||
	    (c->ways / w->ways) % 3 == 0)
		return fail_at(err, c->line, "cxl-committed", "targets",
			       "%u ways is not a power-of-2 multiple of the window's %u", c->ways, w->ways);
	if (w->ways > 1 && c->granularity != w->granularity)
		return fail_at(err, c->line, "cxl-committed", "granularity",
			       "%u differs from the window's %u", c->granularity, w->granularity);
	if ((c->base - w->base) % (SZ_256M * w->ways) || c->size % (SZ_256M * c->ways))
		return fail_at(err, c->line, "cxl-committed", "RANGE",
			       "base must lie 256 MiB per window way and size 256 MiB per way into the window");
	for (int j = 0; j < i; j++) {
		const struct cxl_committed *o = &cxl->committed[j];

		if (c->base < o->base + o->size && o->base < c->base + c->size)
			return fail_at(err, c->line, "cxl-committed", "RANGE",
				       "overlaps the set of line %d", o->line);
	}
	if (check_committed_targets(cxl, c, err))
		return -EINVAL;
	return check_commit_order(cxl, i, err);
}

/* ACPI NUMA: a window no SRAT range covers gets the next free node (Linux's fake PXM). */
static void assign_window_nodes(struct platform *p)
{
	struct cxl_platform *cxl = p->cxl;

	for (int i = 0; i < cxl->nr_win; i++) {
		struct cxl_window *w = &cxl->win[i];

		w->nid = p->numa ? -1 : 0;
		for (int s = 0; s < p->nr_srat; s++)
			if (w->base >= p->srat[s].start && w->base < p->srat[s].end)
				w->nid = p->srat[s].nid;
		if (w->nid >= 0 || p->nr_nodes >= 64)
			continue;
		w->nid = p->nr_nodes++;
		platform_add_srat(p, w->base, w->base + w->size, w->nid, false);
	}
}

int cedt_finish(struct platform *p, struct strbuf *err)
{
	struct cxl_platform *cxl = p->cxl;

	if (!cxl)
		return 0;
	for (int i = 0; i < cxl->nr_win; i++)
		if (check_window(cxl, i, err))
			return -EINVAL;
	for (int i = 0; i < cxl->nr_dev; i++)
		if (!check_memdev(cxl, &cxl->dev[i]))
			return fail_at(err, cxl->dev[i].line, "cxl-memdev", "host-bridge",
				       "no host bridge UID %u with root port %d", cxl->dev[i].hb_uid,
				       cxl->dev[i].root_port);
	for (int i = 0; i < cxl->nr_committed; i++)
		if (check_committed(cxl, i, err))
			return -EINVAL;
	assign_window_nodes(p);
	return 0;
}
