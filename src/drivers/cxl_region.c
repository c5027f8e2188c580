/* SPDX-License-Identifier: MIT */
/*
 * drivers/cxl_region.c — CXL regions (drivers/cxl/core/region.c) and the decoder state they
 * program (core/hdm.c): root decoders from CFMWS windows, decoders firmware committed,
 * endpoint DPA allocation (mode, dpa_size), region creation, targets, commit and reset,
 * with the kernel's ordering rules and errno values; in the newest profile, regions
 * assembled at boot from committed decoders.
 */
#include "internal.h"
#include "cxl.h"
#include "dax.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/kconfig.h"
#include "fw/cedt.h"
#include "lib/interleave.h"
#include "lib/parse.h"
#include "lib/strbuf.h"

#define SZ_256M		(256ULL << 20)
#define CXL_DEVICE_REGION	6

static struct machine *kmachine(struct kobject *k)
{
	return k->ctx;
}

/* ---- root decoders ---- */

static unsigned int cfmws_to_decoder_flags(unsigned int r)
{
	unsigned int flags = CXL_DECODER_F_ENABLE;

	if (r & ACPI_CEDT_CFMWS_RESTRICT_TYPE2)
		flags |= CXL_DECODER_F_TYPE2;
	if (r & ACPI_CEDT_CFMWS_RESTRICT_TYPE3)
		flags |= CXL_DECODER_F_TYPE3;
	if (r & ACPI_CEDT_CFMWS_RESTRICT_VOLATILE)
		flags |= CXL_DECODER_F_RAM;
	if (r & ACPI_CEDT_CFMWS_RESTRICT_PMEM)
		flags |= CXL_DECODER_F_PMEM;
	if (r & ACPI_CEDT_CFMWS_RESTRICT_FIXED)
		flags |= CXL_DECODER_F_LOCK;
	return flags;
}

/*
 * cxl_parse_cfmws(): a root decoder for window @i and its "CXL Window i" resource,
 * inserted as add_cxl_resources() does (growing over what it only partly overlaps).
 * 6.1 rejects XOR arithmetic ("CFMWS Unsupported Interleave Arithmetic").
 */
void cxl_root_decoder_init(struct machine *m, struct cxl_decoder *d, int i)
{
	const struct cxl_window *w = &m->plat.cxl->win[i];
	char name[32];

	d->window = i;
	if (w->xor && !m->prof->cxl_ram_regions) {
		kmsg(m, "cxl_acpi ACPI0017:00: CFMWS Unsupported Interleave Arithmetic");
		kmsg(m, "cxl_acpi ACPI0017:00: CFMWS range 0x%llx-0x%llx not registered",
		     (unsigned long long)w->base, (unsigned long long)(w->base + w->size - 1));
		d->flags = 0;
		return;
	}
	d->flags = cfmws_to_decoder_flags(w->restrictions);
	d->start = w->base;
	d->size = w->size;
	d->ways = w->ways;
	d->granularity = w->ways == 1 ? CXL_DECODER_MIN_GRANULARITY : w->granularity;
	d->nr_targets = (int)w->ways;
	for (unsigned int t = 0; t < w->ways; t++)
		d->targets[t] = (int)w->targets[t];
	d->committed = true;
	d->region_id = memregion_alloc(m);
	snprintf(name, sizeof(name), "CXL Window %d", i);
	d->res = insert_resource_expand_to_fit(m->iomem, w->base, w->size, name, IORESOURCE_MEM);
}

/* calc_hb(): the window position whose host bridge serves interleave position @pos. */
static unsigned int root_hb_position(struct machine *m, const struct cxl_decoder *root, int pos)
{
	const struct cxl_platform *cxl = m->plat.cxl;
	const struct cxl_window *w = &cxl->win[root->window];
	const struct cxl_cxims *c = cxl_window_cxims(cxl, w);
	uint64_t hpa = w->base + (uint64_t)pos * root->granularity;

	if (c)
		hpa = cxl_xor_apply(c->maps, cxl_xor_nr_maps(w->ways), hpa);
	return cxl_calc_position(hpa - w->base, root->ways, root->granularity);
}

/* ---- regions: sysfs ---- */

static const struct kobj_attribute region_attrs[];
static const int nr_region_attrs;

static struct cxl_region *kregion(struct kobject *k)
{
	return k->priv;
}

static int show_uuid(struct kobject *k, struct strbuf *out)
{
	const uint8_t *u = kregion(k)->uuid;

	strbuf_addf(out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\n",
		    u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
		    u[13], u[14], u[15]);
	return 0;
}

/*
 * uuid_store(): 37 bytes written (36 characters and one more: a newline from a shell,
 * the NUL libcxl writes with the string); not null; -EBUSY once active.
 */
static int store_uuid(struct kobject *k, const char *buf, size_t count)
{
	static const int pos[16] = { 0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34 };
	struct cxl_region *r = kregion(k);
	uint8_t u[16], zero[16] = { 0 };

	if (count != 37 || buf[8] != '-' || buf[13] != '-' || buf[18] != '-' || buf[23] != '-')
		return -EINVAL;
	for (int i = 0; i < 16; i++) {
		int hi = hex_to_bin(buf[pos[i]]), lo = hex_to_bin(buf[pos[i] + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		u[i] = (uint8_t)(hi << 4 | lo);
	}
	if (!memcmp(u, zero, 16))
		return -EINVAL;
	if (!memcmp(u, r->uuid, 16))
		return 0;
	if (r->state >= CXL_CONFIG_ACTIVE)
		return -EBUSY;
	for (struct cxl_region *o = cxl_state(kmachine(k))->regions; o; o = o->next)
		if (o != r && !memcmp(o->uuid, u, 16))
			return -EBUSY;
	memcpy(r->uuid, u, 16);
	return 0;
}

static bool region_is_pmem(struct kobject *k)
{
	return kregion(k)->mode == CXL_DECODER_PMEM;
}

static int show_commit(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "%d\n", kregion(k)->state >= CXL_CONFIG_COMMIT);
	return 0;
}

static int show_region_ways(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "%u\n", kregion(k)->ways);
	return 0;
}

static int show_region_gran(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "%u\n", kregion(k)->granularity);
	return 0;
}

static int store_region_ways(struct kobject *k, const char *buf)
{
	struct cxl_region *r = kregion(k);
	unsigned int val, root_ways = r->root->ways;
	uint8_t eiw;
	int rc = kstrtouint(buf, &val);

	if (rc)
		return rc;
	if (ways_to_eiw(val, &eiw))
		return -EINVAL;
	/* even x3, x6, x12: a power-of-2 multiple of the host bridge interleave */
	if (val % root_ways || (val / root_ways) & (val / root_ways - 1))
		return -EINVAL;
	if (r->state >= CXL_CONFIG_INTERLEAVE_ACTIVE)
		return -EBUSY;
	r->ways = val;
	return 0;
}

static int store_region_gran(struct kobject *k, const char *buf)
{
	struct cxl_region *r = kregion(k);
	unsigned int val;
	uint16_t eig;
	int rc = kstrtouint(buf, &val);

	if (rc)
		return rc == -ERANGE ? -ERANGE : rc;
	if (val > 0x7fffffff)
		return -ERANGE;
	if (granularity_to_eig(val, &eig))
		return -EINVAL;
	if (r->root->ways > 1 && val != r->root->granularity)
		return -EINVAL;
	if (r->state >= CXL_CONFIG_INTERLEAVE_ACTIVE)
		return -EBUSY;
	r->granularity = val;
	return 0;
}

static int show_resource(struct kobject *k, struct strbuf *out)
{
	const struct cxl_region *r = kregion(k);

	strbuf_addf(out, "0x%llx\n", r->res ? (unsigned long long)r->res->start : ~0ULL);
	return 0;
}

static int show_region_size(struct kobject *k, struct strbuf *out)
{
	const struct cxl_region *r = kregion(k);

	strbuf_addf(out, "0x%llx\n", r->res ? (unsigned long long)(r->res->end - r->res->start + 1) : 0ULL);
	return 0;
}

/* alloc_hpa(): ways and granularity (and uuid for pmem) first; 256 MiB per way. */
static int alloc_hpa(struct machine *m, struct cxl_region *r, uint64_t size)
{
	static const uint8_t zero[16];

	if (r->res && r->res->end - r->res->start + 1 == size)
		return 0;
	if (r->res || r->state >= CXL_CONFIG_INTERLEAVE_ACTIVE)
		return -EBUSY;
	if (!r->ways || !r->granularity || (r->mode == CXL_DECODER_PMEM && !memcmp(r->uuid, zero, 16)))
		return -ENXIO;
	if (size % (SZ_256M * r->ways))
		return -EINVAL;
	if (!r->root->res)
		return -ENXIO;
	r->res = alloc_free_mem_region(r->root->res, size, SZ_256M, r->name);
	if (!r->res)
		return -ERANGE;
	(void)m;
	r->state = CXL_CONFIG_INTERLEAVE_ACTIVE;
	return 0;
}

static int free_hpa(struct cxl_region *r)
{
	if (!r->res)
		return 0;
	if (r->state >= CXL_CONFIG_ACTIVE)
		return -EBUSY;
	remove_resource_keep_children(r->res);
	r->res = NULL;
	r->state = CXL_CONFIG_IDLE;
	return 0;
}

static int store_region_size(struct kobject *k, const char *buf)
{
	uint64_t val;
	int rc = kstrtoull(buf, &val);

	if (rc)
		return rc;
	return val ? alloc_hpa(kmachine(k), kregion(k), val) : free_hpa(kregion(k));
}

static int show_region_mode(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "%s\n", cxl_decoder_mode_name(kregion(k)->mode));
	return 0;
}

static bool newest_only(struct kobject *k)
{
	return kmachine(k)->prof->cxl_ram_regions;
}

static int show_region_devtype(struct kobject *k, struct strbuf *out)
{
	(void)k;
	strbuf_addstr(out, "cxl_region\n");
	return 0;
}

static int show_region_modalias(struct kobject *k, struct strbuf *out)
{
	(void)k;
	strbuf_addf(out, "cxl:t%d\n", CXL_DEVICE_REGION);
	return 0;
}

static int show_region_uevent(struct kobject *k, struct strbuf *out)
{
	(void)k;
	strbuf_addf(out, "DEVTYPE=cxl_region\nMODALIAS=cxl:t%d\n", CXL_DEVICE_REGION);
	return 0;
}

static int store_nothing(struct kobject *k, const char *buf)
{
	(void)k;
	(void)buf;
	return 0;
}

static int show_target_n(struct kobject *k, struct strbuf *out, int pos);
static int store_target_n(struct kobject *k, const char *buf, int pos);

/* target0 .. target15, visible below interleave_ways */
static int show_target0(struct kobject *k, struct strbuf *o) { return show_target_n(k, o, 0); }
static int store_target0(struct kobject *k, const char *b) { return store_target_n(k, b, 0); }
static bool vis_target0(struct kobject *k) { return kregion(k)->ways > 0; }
static int show_target1(struct kobject *k, struct strbuf *o) { return show_target_n(k, o, 1); }
static int store_target1(struct kobject *k, const char *b) { return store_target_n(k, b, 1); }
static bool vis_target1(struct kobject *k) { return kregion(k)->ways > 1; }
static int show_target2(struct kobject *k, struct strbuf *o) { return show_target_n(k, o, 2); }
static int store_target2(struct kobject *k, const char *b) { return store_target_n(k, b, 2); }
static bool vis_target2(struct kobject *k) { return kregion(k)->ways > 2; }
static int show_target3(struct kobject *k, struct strbuf *o) { return show_target_n(k, o, 3); }
static int store_target3(struct kobject *k, const char *b) { return store_target_n(k, b, 3); }
static bool vis_target3(struct kobject *k) { return kregion(k)->ways > 3; }
static int show_target4(struct kobject *k, struct strbuf *o) { return show_target_n(k, o, 4); }
static int store_target4(struct kobject *k, const char *b) { return store_target_n(k, b, 4); }
static bool vis_target4(struct kobject *k) { return kregion(k)->ways > 4; }
static int show_target5(struct kobject *k, struct strbuf *o) { return show_target_n(k, o, 5); }
static int store_target5(struct kobject *k, const char *b) { return store_target_n(k, b, 5); }
static bool vis_target5(struct kobject *k) { return kregion(k)->ways > 5; }
static int show_target6(struct kobject *k, struct strbuf *o) { return show_target_n(k, o, 6); }
static int store_target6(struct kobject *k, const char *b) { return store_target_n(k, b, 6); }
static bool vis_target6(struct kobject *k) { return kregion(k)->ways > 6; }
static int show_target7(struct kobject *k, struct strbuf *o) { return show_target_n(k, o, 7); }
static int store_target7(struct kobject *k, const char *b) { return store_target_n(k, b, 7); }
static bool vis_target7(struct kobject *k) { return kregion(k)->ways > 7; }
static int show_target8(struct kobject *k, struct strbuf *o) { return show_target_n(k, o, 8); }
static int store_target8(struct kobject *k, const char *b) { return store_target_n(k, b, 8); }
static bool vis_target8(struct kobject *k) { return kregion(k)->ways > 8; }
static int show_target9(struct kobject *k, struct strbuf *o) { return show_target_n(k, o, 9); }
static int store_target9(struct kobject *k, const char *b) { return store_target_n(k, b, 9); }
static bool vis_target9(struct kobject *k) { return kregion(k)->ways > 9; }
static int show_target10(struct kobject *k, struct strbuf *o) { return show_target_n(k, o, 10); }
static int store_target10(struct kobject *k, const char *b) { return store_target_n(k, b, 10); }
static bool vis_target10(struct kobject *k) { return kregion(k)->ways > 10; }
static int show_target11(struct kobject *k, struct strbuf *o) { return show_target_n(k, o, 11); }
static int store_target11(struct kobject *k, const char *b) { return store_target_n(k, b, 11); }
static bool vis_target11(struct kobject *k) { return kregion(k)->ways > 11; }
static int show_target12(struct kobject *k, struct strbuf *o) { return show_target_n(k, o, 12); }
static int store_target12(struct kobject *k, const char *b) { return store_target_n(k, b, 12); }
static bool vis_target12(struct kobject *k) { return kregion(k)->ways > 12; }
static int show_target13(struct kobject *k, struct strbuf *o) { return show_target_n(k, o, 13); }
static int store_target13(struct kobject *k, const char *b) { return store_target_n(k, b, 13); }
static bool vis_target13(struct kobject *k) { return kregion(k)->ways > 13; }
static int show_target14(struct kobject *k, struct strbuf *o) { return show_target_n(k, o, 14); }
static int store_target14(struct kobject *k, const char *b) { return store_target_n(k, b, 14); }
static bool vis_target14(struct kobject *k) { return kregion(k)->ways > 14; }
static int show_target15(struct kobject *k, struct strbuf *o) { return show_target_n(k, o, 15); }
static int store_target15(struct kobject *k, const char *b) { return store_target_n(k, b, 15); }
static bool vis_target15(struct kobject *k) { return kregion(k)->ways > 15; }

static const struct kobj_attribute region_attrs[] = {
	{ "uuid", 0644, show_uuid, NULL, region_is_pmem, store_uuid },
	{ "commit", 0644, show_commit, cxl_store_commit },
	{ "interleave_ways", 0644, show_region_ways, store_region_ways },
	{ "interleave_granularity", 0644, show_region_gran, store_region_gran },
	{ "resource", 0444, show_resource },
	{ "size", 0644, show_region_size, store_region_size },
	{ "mode", 0444, show_region_mode, NULL, newest_only },
	{ "target0", 0644, show_target0, store_target0, vis_target0 },
	{ "target1", 0644, show_target1, store_target1, vis_target1 },
	{ "target2", 0644, show_target2, store_target2, vis_target2 },
	{ "target3", 0644, show_target3, store_target3, vis_target3 },
	{ "target4", 0644, show_target4, store_target4, vis_target4 },
	{ "target5", 0644, show_target5, store_target5, vis_target5 },
	{ "target6", 0644, show_target6, store_target6, vis_target6 },
	{ "target7", 0644, show_target7, store_target7, vis_target7 },
	{ "target8", 0644, show_target8, store_target8, vis_target8 },
	{ "target9", 0644, show_target9, store_target9, vis_target9 },
	{ "target10", 0644, show_target10, store_target10, vis_target10 },
	{ "target11", 0644, show_target11, store_target11, vis_target11 },
	{ "target12", 0644, show_target12, store_target12, vis_target12 },
	{ "target13", 0644, show_target13, store_target13, vis_target13 },
	{ "target14", 0644, show_target14, store_target14, vis_target14 },
	{ "target15", 0644, show_target15, store_target15, vis_target15 },
	{ "devtype", 0444, show_region_devtype },
	{ "modalias", 0444, show_region_modalias },
	{ "uevent", 0644, show_region_uevent, store_nothing },
};
static const int nr_region_attrs = (int)(sizeof(region_attrs) / sizeof(region_attrs[0]));

/* ---- regions: targets ---- */

static int show_target_n(struct kobject *k, struct strbuf *out, int pos)
{
	const struct cxl_region *r = kregion(k);

	if (pos >= (int)r->ways)
		return -ENXIO;
	strbuf_addf(out, "%s\n", r->targets[pos] ? r->targets[pos]->name : "");
	return 0;
}

/* alloc_region_ref(): no region at a higher HPA may already use @port's decoders. */
static bool hpa_order_ok(const struct cxl_port *port, const struct cxl_region *r)
{
	for (int i = 0; i < port->nr_decoders; i++) {
		const struct cxl_region *o = port->decoders[i].region;

		if (o && o != r && o->res && o->res->start > r->res->start)
			return false;
	}
	return true;
}

/*
 * match_free_decoder(): the lowest decoder with no region, taken in id order; a region
 * firmware committed takes the decoder firmware programmed for it.
 */
static struct cxl_decoder *find_free_decoder(struct cxl_port *port, const struct cxl_region *r)
{
	for (int i = 0; i < port->nr_decoders; i++) {
		struct cxl_decoder *d = &port->decoders[i];

		if (r->autodiscovered ? d->committed && d->start == r->res->start : !d->region)
			return d;
	}
	return NULL;
}

/* cxl_port_attach_region() for the endpoint's port and its host bridge's port. */
static int attach_ports(struct cxl_state *cs, struct cxl_region *r, struct cxl_decoder *cxled)
{
	struct cxl_port *ep = cxled->port, *hp = &cs->hbs[ep->hb];
	struct cxl_decoder *hd = r->hb_dec[ep->hb];

	if (!hpa_order_ok(ep, r) || cxled->region)
		return -EBUSY;
	if (!hd) {
		if (!hpa_order_ok(hp, r))
			return -EBUSY;
		hd = find_free_decoder(hp, r);
		if (!hd)
			return -EBUSY;
		r->hb_dec[ep->hb] = hd;
		hd->region = r;
	}
	r->hb_eps[ep->hb]++;
	cxled->region = r;
	return 0;
}

static void detach_ports(struct cxl_region *r, struct cxl_decoder *cxled)
{
	int hb = cxled->port->hb;

	cxled->region = NULL;
	if (--r->hb_eps[hb] == 0 && r->hb_dec[hb]) {
		r->hb_dec[hb]->region = NULL;
		r->hb_dec[hb] = NULL;
	}
}

/* cxl_port_setup_targets() for every host bridge: ways, granularity, root port targets. */
static int setup_targets(struct machine *m, struct cxl_region *r)
{
	struct cxl_state *cs = cxl_state(m);

	for (int hb = 0; hb < cs->nr_hbs; hb++) {
		struct cxl_decoder *hd = r->hb_dec[hb];
		int n = 0;

		if (!hd)
			continue;
		for (unsigned int pos = 0; pos < r->ways; pos++)
			if (r->targets[pos]->port->hb == hb)
				hd->targets[n++] = m->plat.cxl->dev[r->targets[pos]->port->memdev].root_port;
		if (n & (n - 1))	/* switch level decoders: powers of 2 only */
			return -EINVAL;
		hd->nr_targets = n;
		hd->ways = (unsigned int)n;
		hd->granularity = cxl_hb_granularity(r->root->ways, r->root->granularity, hd->ways);
		hd->start = r->res->start;
		hd->size = r->res->end - r->res->start + 1;
	}
	return 0;
}

static void teardown_targets(struct cxl_region *r)
{
	for (int hb = 0; hb < CXL_MAX_HOST_BRIDGES; hb++)
		if (r->hb_dec[hb] && !r->hb_dec[hb]->committed) {
			r->hb_dec[hb]->start = 0;
			r->hb_dec[hb]->size = 0;
		}
}

/* cxl_region_attach(): the kernel's checks, in its order; nothing changes on failure. */
static int region_attach(struct machine *m, struct cxl_region *r, struct cxl_decoder *cxled, int pos)
{
	struct cxl_state *cs = cxl_state(m);
	int rc;

	if (cxled->mode != r->mode)
		return -EINVAL;
	if (cxled->mode == CXL_DECODER_DEAD)
		return -ENODEV;
	if (r->state > CXL_CONFIG_INTERLEAVE_ACTIVE)
		return -EBUSY;
	if (r->state < CXL_CONFIG_INTERLEAVE_ACTIVE)
		return -ENXIO;
	if (pos < 0 || pos >= (int)r->ways)
		return -ENXIO;
	if (r->targets[pos] == cxled)
		return 0;
	if (r->targets[pos])
		return -EBUSY;
	for (unsigned int i = 0; i < r->ways; i++)
		if (r->targets[i] && r->targets[i]->port == cxled->port)
			return -EBUSY;
	unsigned int hb_pos = root_hb_position(m, r->root, pos);
	uint32_t uid = m->plat.cxl->hb[cxled->port->hb].uid;

	if (r->root->targets[hb_pos] != (int)uid)	/* "invalid target position" */
		return -ENXIO;
	if (!cxled->dpa_size)
		return -ENXIO;
	if (cxled->dpa_size * r->ways != r->res->end - r->res->start + 1)
		return -EINVAL;
	rc = attach_ports(cs, r, cxled);
	if (rc)
		return rc;
	r->targets[pos] = cxled;
	cxled->pos = pos;
	r->nr_targets++;
	if (r->nr_targets == (int)r->ways) {
		rc = setup_targets(m, r);
		if (rc) {
			teardown_targets(r);
			r->nr_targets--;
			r->targets[pos] = NULL;
			cxled->pos = -1;
			detach_ports(r, cxled);
			return rc;
		}
		r->state = CXL_CONFIG_ACTIVE;
	}
	cxled->ways = r->ways;
	cxled->granularity = r->granularity;
	cxled->start = r->res->start;
	cxled->size = r->res->end - r->res->start + 1;
	return 0;
}

/* Unbind the region driver: its dax region (kmem removes the memory or keeps it, as 6.x). */
static void region_unprobe(struct machine *m, struct cxl_region *r)
{
	if (r->dax)
		dax_region_destroy(m, r->dax);
	r->dax = NULL;
	if (r->dax_kobj) {
		struct kobject *link = kobject_lookup(&m->kobjs, cxl_state(m)->devices, NULL, r->dax_kobj->name);

		if (link)
			kobject_del(&m->kobjs, link);
		kobject_del(&m->kobjs, r->dax_kobj);
	}
	r->dax_kobj = NULL;
	if (r->driver_link)
		kobject_del(&m->kobjs, r->driver_link);
	r->driver_link = NULL;
	r->probed = false;
}

/* cxl_region_decode_reset(): endpoints and host bridges, last position first. */
static int decode_reset(struct cxl_region *r)
{
	for (int i = (int)r->ways - 1; i >= 0; i--) {
		struct cxl_decoder *cxled = r->targets[i];
		int rc;

		if (!cxled)
			continue;
		rc = cxl_decoder_reset(cxled);
		if (!rc && r->hb_dec[cxled->port->hb])
			rc = cxl_decoder_reset(r->hb_dec[cxled->port->hb]);
		if (rc)
			return rc;
	}
	return 0;
}

static int region_detach(struct machine *m, struct cxl_region *r, int pos)
{
	struct cxl_decoder *cxled = r->targets[pos];
	int rc;

	if (!cxled)
		return 0;
	if (r->state > CXL_CONFIG_ACTIVE) {
		region_unprobe(m, r);
		rc = decode_reset(r);
		if (rc)
			return rc;
		r->state = CXL_CONFIG_ACTIVE;
	}
	if (r->state == CXL_CONFIG_ACTIVE) {
		r->state = CXL_CONFIG_INTERLEAVE_ACTIVE;
		teardown_targets(r);
	}
	detach_ports(r, cxled);
	r->targets[pos] = NULL;
	r->nr_targets--;
	cxled->pos = -1;
	cxled->start = 0;
	cxled->size = 0;
	return 0;
}

static int store_target_n(struct kobject *k, const char *buf, int pos)
{
	struct machine *m = kmachine(k);
	struct cxl_region *r = kregion(k);
	char name[64];
	size_t n = strcspn(buf, "\n");

	if (sysfs_streq(buf, "\n") || !*buf) {
		if (pos >= (int)r->ways)
			return -ENXIO;
		return region_detach(m, r, pos);
	}
	if (n >= sizeof(name))
		return -ENODEV;
	memcpy(name, buf, n);
	name[n] = '\0';
	struct cxl_decoder *d = cxl_find_decoder(m, name);

	if (!d) {
		if (!strncmp(name, "root", 4) || !strncmp(name, "port", 4) || !strncmp(name, "endpoint", 8) ||
		    !strncmp(name, "mem", 3) || cxl_find_region(m, name))
			return -EINVAL;	/* a cxl device, but no endpoint decoder */
		return -ENODEV;
	}
	if (d->kind != CXL_DECODER_ENDPOINT)
		return -EINVAL;
	return region_attach(m, r, d, pos);
}

/* ---- commit ---- */

static int decode_commit(struct cxl_region *r)
{
	for (unsigned int i = 0; i < r->ways; i++) {
		struct cxl_decoder *cxled = r->targets[i];
		struct cxl_decoder *hd = r->hb_dec[cxled->port->hb];
		int rc = cxl_decoder_commit(cxled);

		if (!rc && hd)
			rc = cxl_decoder_commit(hd);
		if (rc) {
			if (cxled->committed && !(hd && hd->committed))
				cxl_decoder_reset(cxled);
			for (int j = (int)i - 1; j >= 0; j--) {
				cxl_decoder_reset(r->targets[j]);
				if (r->hb_dec[r->targets[j]->port->hb])
					cxl_decoder_reset(r->hb_dec[r->targets[j]->port->hb]);
			}
			return rc;
		}
	}
	return 0;
}

int cxl_store_commit(struct kobject *k, const char *buf)
{
	struct machine *m = kmachine(k);
	struct cxl_region *r = kregion(k);
	bool commit;
	int rc = kstrtobool(buf, &commit);

	if (rc)
		return rc;
	if (commit && r->state >= CXL_CONFIG_COMMIT)
		return 0;
	if (!commit && r->state < CXL_CONFIG_COMMIT)
		return 0;
	if (commit && r->state < CXL_CONFIG_ACTIVE)
		return -ENXIO;
	if (commit) {
		rc = decode_commit(r);
		if (!rc)
			r->state = CXL_CONFIG_COMMIT;
		return rc;
	}
	region_unprobe(m, r);
	rc = decode_reset(r);
	if (!rc)
		r->state = CXL_CONFIG_ACTIVE;
	return rc;
}

/* ---- create / delete ---- */

int cxl_show_create_region(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "region%u\n", (unsigned int)((struct cxl_decoder *)k->priv)->region_id);
	return 0;
}

static struct cxl_region *region_add(struct machine *m, struct cxl_decoder *root, int id,
				     enum cxl_decoder_mode mode)
{
	struct cxl_state *cs = cxl_state(m);
	struct cxl_region *r = calloc(1, sizeof(*r)), **p;

	if (!r)
		abort();
	r->id = id;
	r->root = root;
	r->mode = mode;
	snprintf(r->name, sizeof(r->name), "region%d", id);
	r->kobj = kobject_create(&m->kobjs, root->kobj, NULL, r->name, region_attrs, nr_region_attrs, r);
	{
		struct strbuf path = STRBUF_INIT, target = STRBUF_INIT;

		kobject_path(r->kobj, &path);
		strbuf_addf(&target, "../../..%s", path.buf + strlen("/sys"));
		r->bus_link = kobject_create_link(&m->kobjs, cs->devices, NULL, r->name, target.buf);
		strbuf_release(&path);
		strbuf_release(&target);
	}
	for (p = &cs->regions; *p && (*p)->id < id; p = &(*p)->next)
		;
	r->next = *p;
	*p = r;
	return r;
}

static int create_region(struct kobject *k, const char *buf, enum cxl_decoder_mode mode)
{
	struct machine *m = kmachine(k);
	struct cxl_decoder *root = k->priv;
	int id, next;
	char tail;

	if (sscanf(buf, "region%d%c", &id, &tail) < 1)
		return -EINVAL;
	next = memregion_alloc(m);
	if (next < 0)
		return next;
	if (root->region_id != id) {
		memregion_free(m, next);
		return -EBUSY;
	}
	root->region_id = next;
	region_add(m, root, id, mode);
	return 0;
}

int cxl_store_create_pmem_region(struct kobject *k, const char *buf)
{
	return create_region(k, buf, CXL_DECODER_PMEM);
}

int cxl_store_create_ram_region(struct kobject *k, const char *buf)
{
	return create_region(k, buf, CXL_DECODER_RAM);
}

/* unregister_region() + cxl_region_release(): detach all, free the HPA, reuse a lower id. */
static void region_del(struct machine *m, struct cxl_region *r)
{
	struct cxl_state *cs = cxl_state(m);
	struct cxl_region **p;

	region_unprobe(m, r);
	if (r->state >= CXL_CONFIG_COMMIT && !decode_reset(r))
		r->state = CXL_CONFIG_ACTIVE;
	for (unsigned int i = 0; i < r->ways; i++)
		region_detach(m, r, (int)i);
	if (r->res)
		remove_resource_keep_children(r->res);
	kobject_del(&m->kobjs, r->bus_link);
	kobject_del(&m->kobjs, r->kobj);
	if (r->id < r->root->region_id) {
		memregion_free(m, r->root->region_id);
		r->root->region_id = r->id;
	} else {
		memregion_free(m, r->id);
	}
	for (p = &cs->regions; *p != r; p = &(*p)->next)
		;
	*p = r->next;
	free(r);
}

int cxl_store_delete_region(struct kobject *k, const char *buf)
{
	struct machine *m = kmachine(k);
	struct cxl_decoder *root = k->priv;

	for (struct cxl_region *r = cxl_state(m)->regions; r; r = r->next)
		if (r->root == root && sysfs_streq(r->name, buf)) {
			region_del(m, r);
			return 0;
		}
	return -ENODEV;
}

struct cxl_region *cxl_find_region(struct machine *m, const char *name)
{
	struct cxl_state *cs = cxl_state(m);

	for (struct cxl_region *r = cs ? cs->regions : NULL; r; r = r->next)
		if (!strcmp(r->name, name))
			return r;
	return NULL;
}

/* ---- the region driver ---- */

static int show_dax_region_devtype(struct kobject *k, struct strbuf *out)
{
	(void)k;
	strbuf_addstr(out, "cxl_dax_region\n");
	return 0;
}

static int show_dax_region_modalias(struct kobject *k, struct strbuf *out)
{
	(void)k;
	strbuf_addstr(out, "cxl:t8\n");
	return 0;
}

static const struct kobj_attribute dax_region_dev_attrs[] = {
	{ "devtype", 0444, show_dax_region_devtype },
	{ "modalias", 0444, show_dax_region_modalias },
};

/*
 * devm_cxl_add_dax_region() + cxl_dax_region_probe() (newest, DEV_DAX_CXL): the region's
 * "dax_regionN" device and a dax region over the whole HPA range, on the window's node,
 * its device bound to kmem first (IORESOURCE_DAX_KMEM).
 */
static int add_dax_region(struct machine *m, struct cxl_region *r)
{
	const struct cxl_window *w = &m->plat.cxl->win[r->root->window];
	struct strbuf path = STRBUF_INIT, target = STRBUF_INIT;
	char name[32];
	int ret;

	snprintf(name, sizeof(name), "dax_region%d", r->id);
	r->dax_kobj = kobject_create(&m->kobjs, r->kobj, NULL, name, dax_region_dev_attrs,
				     (int)(sizeof(dax_region_dev_attrs) / sizeof(dax_region_dev_attrs[0])), r);
	kobject_path(r->dax_kobj, &path);
	strbuf_addf(&target, "../../..%s", path.buf + strlen("/sys"));
	kobject_create_link(&m->kobjs, cxl_state(m)->devices, NULL, name, target.buf);
	strbuf_release(&path);
	strbuf_release(&target);
	struct dax_region_desc d = {
		.parent = r->dax_kobj, .id = r->id, .start = r->res->start,
		.size = r->res->end - r->res->start + 1, .target_node = w->nid, .numa_node = w->nid,
		.align = 2U << 20, .kmem_default = true,
	};

	ret = dax_region_create(m, &d, &r->dax);
	if (ret)
		region_unprobe(m, r);
	return ret;
}

void cxl_region_unbind(struct machine *m, struct cxl_region *r)
{
	region_unprobe(m, r);
}

/* cxl_region_probe(): committed regions only; RAM regions become dax regions (newest). */
int cxl_region_probe(struct machine *m, struct cxl_region *r)
{
	int ret;

	if (r->probed)
		return 0;
	if (r->state < CXL_CONFIG_COMMIT)
		return -ENXIO;
	if (r->mode != CXL_DECODER_RAM || !m->prof->cxl_ram_regions)
		return -ENXIO;	/* pmem: the nvdimm bridge, not modelled */
	if (kconfig_enabled(&m->boot.kconfig, KCONFIG_DEV_DAX_CXL)) {
		ret = add_dax_region(m, r);
		if (ret)
			return ret;
	}
	r->probed = true;
	r->driver_link = kobject_create_link_abs(&m->kobjs, r->kobj, NULL, "driver",
						 "/sys/bus/cxl/drivers/cxl_region");
	return 0;
}

/*
 * cxl_add_to_region() for every set firmware committed (newest): a region in its window
 * with the committed endpoint decoders as targets, already committed, probed.
 */
int cxl_region_autodiscover(struct machine *m)
{
	const struct cxl_platform *cxl = m->plat.cxl;
	struct cxl_state *cs = cxl_state(m);

	if (!m->prof->cxl_ram_regions)
		return 0;
	for (int i = 0; i < cxl->nr_committed; i++) {
		const struct cxl_committed *c = &cxl->committed[i];
		struct cxl_decoder *root = &cs->root.decoders[c->window];
		int next = memregion_alloc(m);

		if (next < 0 || !root->res)
			continue;
		struct cxl_region *r = region_add(m, root, root->region_id, CXL_DECODER_RAM);

		root->region_id = next;
		r->autodiscovered = true;
		r->ways = c->ways;
		r->granularity = c->granularity;
		r->res = insert_resource(root->res, c->base, c->size, r->name, IORESOURCE_MEM);
		r->state = CXL_CONFIG_INTERLEAVE_ACTIVE;
		for (unsigned int pos = 0; pos < c->ways; pos++) {
			struct cxl_port *ep = &cs->endpoints[c->targets[pos]];

			for (int d = 0; d < ep->nr_decoders; d++)
				if (ep->decoders[d].committed && ep->decoders[d].start == c->base)
					region_attach(m, r, &ep->decoders[d], (int)pos);
		}
		if (r->state == CXL_CONFIG_ACTIVE && !decode_commit(r))
			r->state = CXL_CONFIG_COMMIT;
		cxl_region_probe(m, r);
	}
	return 0;
}

void cxl_regions_release(struct machine *m)
{
	struct cxl_state *cs = cxl_state(m);

	while (cs->regions) {
		struct cxl_region *r = cs->regions;

		cs->regions = r->next;
		free(r);
	}
}
