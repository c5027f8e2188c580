/* SPDX-License-Identifier: MIT */
/*
 * fw/qemu_cxl.c — QEMU 7.2's CXL devices on the q35 machine (`cxl=on`): pxb-cxl host
 * bridges, cxl-rp root ports, cxl-type3 memory devices (persistent memory in 7.2:
 * memdev= and its label storage lsa=) and the cxl-fmw.N fixed memory windows, turned into
 * the platform's CEDT and CXL devices (fw/cedt.h) as QEMU describes them to the guest.
 */
#include "qemu.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw/cedt.h"
#include "lib/parse.h"
#include "lib/strbuf.h"

#define MiB			(1024ULL * 1024)
#define GiB			(1024 * MiB)
#define CXL_HOST_REG_SIZE	MiB		/* QEMU's "cxl_host_reg": every bridge's CHBS */
#define CXL_COMPONENT_SIZE	(64 * 1024ULL)	/* one host bridge's component registers */
#define CXL_FMW_ALIGN		(256 * MiB)
#define CXL_RESTRICT_QEMU	(ACPI_CEDT_CFMWS_RESTRICT_TYPE2 | ACPI_CEDT_CFMWS_RESTRICT_TYPE3 | \
				 ACPI_CEDT_CFMWS_RESTRICT_VOLATILE | ACPI_CEDT_CFMWS_RESTRICT_PMEM)

static int bad(struct strbuf *err, const char *fmt, const char *val)
{
	strbuf_addf(err, fmt, val);
	return -EINVAL;
}

static int refuse(struct strbuf *err, const char *msg)
{
	strbuf_addstr(err, msg);
	return -EINVAL;
}

static int copy_id(char *dst, size_t size, const char *val, struct strbuf *err)
{
	if (strlen(val) >= size)
		return bad(err, "-device: id '%s' is too long", val);
	strcpy(dst, val);
	return 0;
}

static int parse_pxb(struct qemu_cxl_req *r, const struct qemu_opt *o, int n, struct strbuf *err)
{
	const char *id = qemu_opt_get(o, n, "id"), *nr = qemu_opt_get(o, n, "bus_nr");
	uint64_t v;

	if (r->nr_pxb == QEMU_CXL_MAX_PXB)
		return refuse(err, "-device: too many pxb-cxl host bridges");
	if (!id || !nr || kstrtoull(nr, &v) || v == 0 || v > 0xff)
		return bad(err, "-device: pxb-cxl needs id= and bus_nr=1..255, got '%s'", nr ? nr : "");
	r->pxb[r->nr_pxb].bus_nr = (unsigned int)v;
	return copy_id(r->pxb[r->nr_pxb++].id, sizeof(r->pxb[0].id), id, err);
}

static int parse_rp(struct qemu_cxl_req *r, const struct qemu_opt *o, int n, struct strbuf *err)
{
	const char *id = qemu_opt_get(o, n, "id"), *bus = qemu_opt_get(o, n, "bus");
	const char *port = qemu_opt_get(o, n, "port");
	uint64_t v = 0;

	if (r->nr_rp == QEMU_CXL_MAX_RP)
		return refuse(err, "-device: too many cxl-rp root ports");
	if (!id || !bus || (port && (kstrtoull(port, &v) || v > 0xff)))
		return bad(err, "-device: cxl-rp needs id=, bus= and port=0..255, got '%s'", port ? port : "");
	r->rp[r->nr_rp].port = (unsigned int)v;
	if (copy_id(r->rp[r->nr_rp].bus, sizeof(r->rp[0].bus), bus, err))
		return -EINVAL;
	return copy_id(r->rp[r->nr_rp++].id, sizeof(r->rp[0].id), id, err);
}

static int parse_type3(struct qemu_cxl_req *r, const struct qemu_opt *o, int n, struct strbuf *err)
{
	struct qemu_cxl_type3 *t = &r->t3[r->nr_t3];
	const char *id = qemu_opt_get(o, n, "id"), *bus = qemu_opt_get(o, n, "bus");
	const char *memdev = qemu_opt_get(o, n, "memdev"), *lsa = qemu_opt_get(o, n, "lsa");
	const char *sn = qemu_opt_get(o, n, "sn");

	if (r->nr_t3 == QEMU_CXL_MAX_T3)
		return refuse(err, "-device: too many cxl-type3 devices");
	if (!id || !bus || !memdev || !lsa)
		return refuse(err, "-device: cxl-type3 needs id=, bus=, memdev= and lsa= (QEMU 7.2)");
	if (sn && kstrtoull(sn, &t->sn))
		return bad(err, "-device: invalid sn '%s'", sn);
	if (copy_id(t->id, sizeof(t->id), id, err) || copy_id(t->bus, sizeof(t->bus), bus, err) ||
	    copy_id(t->memdev, sizeof(t->memdev), memdev, err) ||
	    copy_id(t->lsa, sizeof(t->lsa), lsa, err))
		return -EINVAL;
	r->nr_t3++;
	return 0;
}

int qemu_cxl_device(struct qemu_cxl_req *r, const struct qemu_opt *o, int n, struct strbuf *err)
{
	const char *type = qemu_opt_get(o, n, "type");

	if (!strcmp(type, "pxb-cxl"))
		return parse_pxb(r, o, n, err);
	if (!strcmp(type, "cxl-rp"))
		return parse_rp(r, o, n, err);
	return parse_type3(r, o, n, err);
}

bool qemu_is_cxl_device(const char *type)
{
	return type && (!strcmp(type, "pxb-cxl") || !strcmp(type, "cxl-rp") || !strcmp(type, "cxl-type3"));
}

/* "cxl-fmw.N.targets.M=ID", "cxl-fmw.N.size=SIZE", "cxl-fmw.N.interleave-granularity=SIZE" */
int qemu_cxl_fmw_opt(struct qemu_cxl_req *r, const char *key, const char *val, struct strbuf *err)
{
	char *end;
	unsigned long n = strtoul(key + strlen("cxl-fmw."), &end, 10);
	struct qemu_cxl_fmw *w;

	if (end == key + strlen("cxl-fmw.") || *end != '.' || n >= QEMU_CXL_MAX_FMW || n > (unsigned long)r->nr_fmw)
		return bad(err, "-machine: windows are cxl-fmw.0, cxl-fmw.1, ... in order, got '%s'", key);
	w = &r->fmw[n];
	if (n == (unsigned long)r->nr_fmw)
		r->nr_fmw++;
	end++;
	if (!strncmp(end, "targets.", 8)) {
		unsigned long t = strtoul(end + 8, &end, 10);

		if (*end || t != (unsigned long)w->nr_targets || t >= 16)
			return bad(err, "-machine: targets are given in order from 0, got '%s'", key);
		if (strlen(val) >= sizeof(w->targets[0]))
			return bad(err, "-machine: target '%s' is too long", val);
		strcpy(w->targets[w->nr_targets++], val);
	} else if (!strcmp(end, "size")) {
		if (qemu_strtosz(val, 0, &w->size) || !w->size || w->size % CXL_FMW_ALIGN)
			return bad(err, "-machine: cxl-fmw size must be a multiple of 256 MiB, got '%s'", val);
	} else if (!strcmp(end, "interleave-granularity")) {
		if (qemu_strtosz(val, 0, &w->granularity))
			return bad(err, "-machine: invalid interleave-granularity '%s'", val);
	} else {
		return bad(err, "-machine: unknown property '%s'", key);
	}
	return 0;
}

static int find_pxb(const struct qemu_cxl_req *r, const char *id)
{
	for (int i = 0; i < r->nr_pxb; i++)
		if (!strcmp(r->pxb[i].id, id))
			return i;
	return -1;
}

/* Host bridge @i: its root ports in the order they were given (QEMU fills slots in order). */
static void add_host_bridge(struct cxl_platform *cxl, const struct qemu_cxl_req *r, int i,
			    uint64_t chbs_base)
{
	struct cxl_host_bridge *hb = &cxl->hb[cxl->nr_hb++];

	*hb = (struct cxl_host_bridge){ .uid = r->pxb[i].bus_nr, .busnr = r->pxb[i].bus_nr,
					.chbcr = chbs_base + (uint64_t)i * CXL_COMPONENT_SIZE,
					.nr_decoders = 1, .nid = -1, .port_ids_given = true };
	for (int k = 0; k < r->nr_rp; k++)
		if (!strcmp(r->rp[k].bus, r->pxb[i].id) && hb->nr_root_ports < 32)
			hb->port_ids[hb->nr_root_ports++] = (uint8_t)r->rp[k].port;
}

/* The type-3 device @t: below which bridge and root port, and its capacity. */
static int add_type3(struct platform *p, const struct qemu_cxl_req *r, const struct qemu_cxl_type3 *t,
		     struct strbuf *err)
{
	struct cxl_platform *cxl = p->cxl;
	struct cxl_memdev_desc *d = &cxl->dev[cxl->nr_dev];
	struct memdev *mem = platform_find_memdev(p, t->memdev), *lsa = platform_find_memdev(p, t->lsa);
	int rp = -1, hb, port = 0;

	for (int k = 0; k < r->nr_rp; k++)
		if (!strcmp(r->rp[k].id, t->bus))
			rp = k;
	if (rp < 0 || (hb = find_pxb(r, r->rp[rp].bus)) < 0)
		return bad(err, "-device: cxl-type3: bus '%s' is not a cxl-rp below a pxb-cxl", t->bus);
	if (!mem || !lsa || mem->used || lsa->used)
		return bad(err, "-device: cxl-type3 %s: memdev or lsa not found, or in use", t->id);
	for (int k = 0; k < rp; k++)
		port += !strcmp(r->rp[k].bus, r->rp[rp].bus);
	mem->used = lsa->used = true;
	*d = (struct cxl_memdev_desc){ .hb_uid = cxl->hb[hb].uid, .root_port = port,
				       .pmem_size = mem->size, .lsa_size = lsa->size,
				       .serial = t->sn, .nr_decoders = 1 };
	snprintf(d->label, sizeof(d->label), "%s", t->id);
	cxl->nr_dev++;
	return 0;
}

static int add_window(struct cxl_platform *cxl, const struct qemu_cxl_req *r, const struct qemu_cxl_fmw *f,
		      uint64_t base, struct strbuf *err)
{
	struct cxl_window *w = &cxl->win[cxl->nr_win++];

	if (!f->size || !f->nr_targets)
		return refuse(err, "-machine: a cxl-fmw window needs size= and targets.0=");
	*w = (struct cxl_window){ .base = base, .size = f->size, .ways = (unsigned int)f->nr_targets,
				  .granularity = f->granularity ? (unsigned int)f->granularity : 256,
				  .restrictions = CXL_RESTRICT_QEMU };
	for (int t = 0; t < f->nr_targets; t++) {
		int hb = find_pxb(r, f->targets[t]);

		if (hb < 0)
			return bad(err, "-machine: cxl-fmw target '%s' is not a pxb-cxl", f->targets[t]);
		w->targets[t] = r->pxb[hb].bus_nr;
	}
	return 0;
}

int qemu_cxl_layout(struct platform *p, const struct qemu_cxl_req *r, uint64_t cxl_base,
		    struct strbuf *err)
{
	uint64_t base = (cxl_base + CXL_HOST_REG_SIZE + CXL_FMW_ALIGN - 1) / CXL_FMW_ALIGN * CXL_FMW_ALIGN;

	if (!r->enabled) {
		if (r->nr_pxb || r->nr_fmw)
			return refuse(err, "-machine: CXL devices need -machine q35,cxl=on");
		return 0;
	}
	p->cxl = calloc(1, sizeof(*p->cxl));
	if (!p->cxl)
		abort();
	for (int i = 0; i < r->nr_pxb; i++)
		add_host_bridge(p->cxl, r, i, cxl_base);
	for (int i = 0; i < r->nr_t3; i++)
		if (add_type3(p, r, &r->t3[i], err))
			return -EINVAL;
	for (int i = 0; i < r->nr_fmw; i++) {
		if (add_window(p->cxl, r, &r->fmw[i], base, err))
			return -EINVAL;
		base += r->fmw[i].size;
	}
	if ((base + GiB - 1) / GiB * GiB + 32 * GiB - 1 > (1ULL << p->phys_bits) - 1)
		return refuse(err, "-machine: the CXL windows pass the phys-bits limit");
	return cedt_finish(p, err);
}
