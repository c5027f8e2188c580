/* SPDX-License-Identifier: MIT */
/*
 * fw/cxl_decode.c — what the committed decoders of a CXL platform do with an address:
 * HPA -> window, host bridge, interleave set, device, DPA, and DPA -> HPA. The arithmetic
 * is lib/interleave.c's; XOR windows pass the address through their CXIMS maps first, as
 * Linux does (the same step in both directions).
 */
#include "cedt.h"

#include <errno.h>
#include <stddef.h>

static const uint64_t *xor_maps(const struct cxl_platform *cxl, const struct cxl_window *w, int *nr)
{
	const struct cxl_cxims *c = cxl_window_cxims(cxl, w);

	*nr = c ? cxl_xor_nr_maps(w->ways) : 0;
	return c ? c->maps : NULL;
}

uint64_t cxl_committed_dpa_base(const struct cxl_platform *cxl, int set, unsigned int pos)
{
	int dev = cxl->committed[set].targets[pos];
	uint64_t base = 0;

	for (int j = 0; j < set; j++) {
		const struct cxl_committed *o = &cxl->committed[j];

		for (unsigned int q = 0; q < o->ways; q++)
			if (o->targets[q] == dev)
				base += o->size / o->ways;
	}
	return base;
}

static int committed_at(const struct cxl_platform *cxl, uint64_t hpa)
{
	for (int i = 0; i < cxl->nr_committed; i++)
		if (hpa >= cxl->committed[i].base &&
		    hpa - cxl->committed[i].base < cxl->committed[i].size)
			return i;
	return -1;
}

int cxl_decode_hpa(const struct cxl_platform *cxl, uint64_t hpa, struct cxl_decode *out)
{
	const struct cxl_window *w = NULL;
	const uint64_t *maps;
	int nr, i;

	for (i = 0; cxl && i < cxl->nr_win; i++)
		if (hpa >= cxl->win[i].base && hpa - cxl->win[i].base < cxl->win[i].size) {
			w = &cxl->win[i];
			break;
		}
	if (!w)
		return -ENOENT;
	maps = xor_maps(cxl, w, &nr);
	uint64_t h = cxl_xor_apply(maps, nr, hpa);

	*out = (struct cxl_decode){ .window = i, .committed = -1, .dev = -1 };
	out->hb_pos = cxl_calc_position(h - w->base, w->ways, w->granularity);
	out->hb = cxl_find_host_bridge(cxl, w->targets[out->hb_pos]);
	out->committed = committed_at(cxl, hpa);
	if (out->committed < 0)
		return 0;
	const struct cxl_committed *c = &cxl->committed[out->committed];

	out->pos = cxl_calc_position(h - c->base, c->ways, c->granularity);
	out->dev = c->targets[out->pos];
	out->dpa = cxl_committed_dpa_base(cxl, out->committed, out->pos) +
		   cxl_calc_dpa_offset(h - c->base, c->ways, c->granularity);
	return 0;
}

int cxl_decode_dpa(const struct cxl_platform *cxl, int dev, uint64_t dpa, uint64_t *hpa,
		   struct cxl_decode *out)
{
	for (int i = 0; cxl && i < cxl->nr_committed; i++) {
		const struct cxl_committed *c = &cxl->committed[i];

		for (unsigned int pos = 0; pos < c->ways; pos++) {
			uint64_t base = cxl_committed_dpa_base(cxl, i, pos);

			if (c->targets[pos] != dev || dpa < base || dpa - base >= c->size / c->ways)
				continue;
			const struct cxl_window *w = &cxl->win[c->window];
			int nr;
			const uint64_t *maps = xor_maps(cxl, w, &nr);

			*hpa = cxl_xor_apply(maps, nr, c->base +
					     cxl_calc_hpa_offset(dpa - base, pos, c->ways, c->granularity));
			return cxl_decode_hpa(cxl, *hpa, out);
		}
	}
	return -ENOENT;
}
