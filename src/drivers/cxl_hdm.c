/* SPDX-License-Identifier: MIT */
/*
 * drivers/cxl_hdm.c — HDM decoders (drivers/cxl/core/hdm.c): an endpoint decoder's DPA
 * allocation (mode, then dpa_size: allocated in decoder id order, RAM partition first,
 * then PMEM), commit and reset (in id order per port), and what firmware left committed.
 */
#include "internal.h"
#include "cxl.h"

#include <errno.h>
#include <string.h>

#include "fw/cedt.h"
#include "lib/interleave.h"
#include "lib/parse.h"

#define SZ_256M		(256ULL << 20)

static struct machine *kmachine(struct kobject *k)
{
	return k->ctx;
}

static const struct cxl_memdev_desc *decoder_memdev(struct machine *m, const struct cxl_decoder *d)
{
	return &m->plat.cxl->dev[d->port->memdev];
}

/* cxl_dpa_set_mode(): ram or pmem, only while disabled, only where there is capacity. */
int cxl_store_mode(struct kobject *k, const char *buf)
{
	struct cxl_decoder *d = k->priv;
	const struct cxl_memdev_desc *md = decoder_memdev(kmachine(k), d);
	enum cxl_decoder_mode mode;

	if (sysfs_streq(buf, "pmem"))
		mode = CXL_DECODER_PMEM;
	else if (sysfs_streq(buf, "ram"))
		mode = CXL_DECODER_RAM;
	else
		return -EINVAL;
	if (d->committed)
		return -EBUSY;
	if ((mode == CXL_DECODER_PMEM && !md->pmem_size) || (mode == CXL_DECODER_RAM && !md->ram_size))
		return -ENXIO;
	d->mode = mode;
	return 0;
}

/* End of the DPA already allocated in @part (0 ram, 1 pmem) by this port's decoders. */
static uint64_t free_start(const struct cxl_port *port, const struct cxl_memdev_desc *md, int part)
{
	uint64_t start = part ? md->ram_size : 0;

	for (int i = 0; i < port->nr_decoders; i++) {
		const struct cxl_decoder *o = &port->decoders[i];
		uint64_t lo = part ? md->ram_size : 0, hi = part ? md->ram_size + md->pmem_size : md->ram_size;

		if (o->dpa_size && o->dpa_base >= lo && o->dpa_base < hi && o->dpa_base + o->dpa_size > start)
			start = o->dpa_base + o->dpa_size;
	}
	return start;
}

/* cxl_dpa_free(): only the last allocated, unattached, uncommitted decoder. */
static int dpa_free(struct cxl_decoder *d)
{
	if (!d->dpa_size)
		return 0;
	if (d->region || d->committed)
		return -EBUSY;
	if (d->id != d->port->hdm_end)
		return -EBUSY;
	d->dpa_size = 0;
	d->dpa_base = 0;
	d->skip = 0;
	d->port->hdm_end--;
	return 0;
}

/* cxl_dpa_alloc(): after the last allocation of the mode's partition, in decoder id order. */
static int dpa_alloc(struct machine *m, struct cxl_decoder *d, uint64_t size)
{
	const struct cxl_memdev_desc *md = decoder_memdev(m, d);
	uint64_t start, avail, skip = 0;

	if (d->region || d->committed)
		return -EBUSY;
	if (d->mode == CXL_DECODER_RAM) {
		start = free_start(d->port, md, 0);
		avail = md->ram_size - start;
	} else if (d->mode == CXL_DECODER_PMEM) {
		uint64_t ram_free = free_start(d->port, md, 0);

		start = free_start(d->port, md, 1);
		avail = md->ram_size + md->pmem_size - start;
		if (start == md->ram_size)
			skip = md->ram_size - ram_free;	/* unallocated RAM is skipped over */
	} else {
		return -EINVAL;
	}
	if (size > avail)
		return -ENOSPC;
	if (d->port->hdm_end + 1 != d->id)	/* "expected decoderP.N" */
		return -EBUSY;
	d->dpa_base = start;
	d->dpa_size = size;
	d->skip = skip;
	d->port->hdm_end = d->id;
	return 0;
}

int cxl_store_dpa_size(struct kobject *k, const char *buf)
{
	struct cxl_decoder *d = k->priv;
	uint64_t size, old_base = d->dpa_base, old_size = d->dpa_size, old_skip = d->skip;
	int rc = kstrtoull(buf, &size);

	if (rc)
		return rc;
	if (size % SZ_256M)
		return -EINVAL;
	rc = dpa_free(d);
	if (rc || !size)
		return rc;
	rc = dpa_alloc(kmachine(k), d, size);
	if (rc && old_size) {	/* the kernel frees first; memhp changes nothing on error */
		d->dpa_base = old_base;
		d->dpa_size = old_size;
		d->skip = old_skip;
		d->port->hdm_end = d->id;
	}
	return rc;
}

int cxl_decoder_commit(struct cxl_decoder *d)
{
	if (d->committed)
		return 0;
	if (d->port->commit_end + 1 != d->id)	/* "out of order commit, expected decoderP.N" */
		return -EBUSY;
	d->committed = true;
	d->flags |= CXL_DECODER_F_ENABLE;
	d->port->commit_end = d->id;
	return 0;
}

int cxl_decoder_reset(struct cxl_decoder *d)
{
	if (!d->committed)
		return 0;
	if (d->port->commit_end != d->id)	/* "out of order reset, expected decoderP.N" */
		return -EBUSY;
	d->committed = false;
	d->flags &= ~CXL_DECODER_F_ENABLE;
	d->port->commit_end--;
	return 0;
}

/* The HB decoder's granularity for @hb_ways targets below a root of @root_ways/@root_gran. */
unsigned int cxl_hb_granularity(unsigned int root_ways, unsigned int root_gran, unsigned int hb_ways)
{
	uint8_t peiw, eiw;
	uint16_t peig;
	unsigned int gran;

	if (root_ways % 3 == 0)	/* address bit routing of switch ports is power-of-2 math */
		root_ways /= 3;
	if (root_ways <= 1 || hb_ways <= 1)
		return root_gran;
	ways_to_eiw(root_ways, &peiw);
	ways_to_eiw(hb_ways, &eiw);
	granularity_to_eig(root_gran, &peig);
	unsigned int bit = peig + peiw > eiw + peig ? peig + peiw : eiw + peig;

	if (eig_to_granularity((uint16_t)(bit - eiw + 1), &gran))
		return root_gran;
	return gran;
}

/* Program @hb's decoder @d for set @c of the platform: its root ports in position order. */
static void read_hb_decoder(struct machine *m, struct cxl_decoder *d, const struct cxl_committed *c, int hb)
{
	const struct cxl_platform *cxl = m->plat.cxl;
	const struct cxl_window *w = &cxl->win[c->window];

	d->start = c->base;
	d->size = c->size;
	d->nr_targets = 0;
	for (unsigned int pos = 0; pos < c->ways; pos++) {
		const struct cxl_memdev_desc *md = &cxl->dev[c->targets[pos]];

		if (cxl_find_host_bridge(cxl, md->hb_uid) == hb)
			d->targets[d->nr_targets++] = md->root_port;
	}
	d->ways = (unsigned int)d->nr_targets;
	d->granularity = cxl_hb_granularity(w->ways, w->ways == 1 ? CXL_DECODER_MIN_GRANULARITY : w->granularity,
					d->ways);
	cxl_decoder_commit(d);
}

/* init_hdm_decoder() for decoders firmware committed, in the order it committed them. */
void cxl_read_committed_decoders(struct machine *m)
{
	const struct cxl_platform *cxl = m->plat.cxl;
	struct cxl_state *cs = cxl_state(m);

	for (int i = 0; i < cxl->nr_committed; i++) {
		const struct cxl_committed *c = &cxl->committed[i];
		bool hb_done[CXL_MAX_HOST_BRIDGES] = { false };

		for (unsigned int pos = 0; pos < c->ways; pos++) {
			int dev = c->targets[pos];
			struct cxl_port *ep = &cs->endpoints[dev];
			struct cxl_decoder *d = &ep->decoders[ep->commit_end + 1];
			int hb = ep->hb;

			d->start = c->base;
			d->size = c->size;
			d->ways = c->ways;
			d->granularity = c->granularity;
			d->dpa_base = cxl_committed_dpa_base(cxl, i, pos);
			d->dpa_size = c->size / c->ways;
			d->mode = d->dpa_base < cxl->dev[dev].ram_size ? CXL_DECODER_RAM : CXL_DECODER_PMEM;
			ep->hdm_end = d->id;
			cxl_decoder_commit(d);
			if (!hb_done[hb]) {
				struct cxl_port *hp = &cs->hbs[hb];

				read_hb_decoder(m, &hp->decoders[hp->commit_end + 1], c, hb);
				hb_done[hb] = true;
			}
		}
	}
}
