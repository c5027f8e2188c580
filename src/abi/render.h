/* SPDX-License-Identifier: MIT */
/*
 * abi/render.h — the text of kernel files that are more than one value: /proc/meminfo,
 * /proc/zoneinfo, node meminfo, node masks, valid_zones, and the oracle-format snapshot.
 * Callers hold m->lock.
 */
#ifndef MEMHP_ABI_RENDER_H
#define MEMHP_ABI_RENDER_H

#include "hotplug/machine.h"

void render_meminfo(struct machine *m, struct strbuf *out);
void render_zoneinfo(struct machine *m, struct strbuf *out);
/* /proc/buddyinfo: free blocks per order of every populated zone of every online node. */
void render_buddyinfo(struct machine *m, struct strbuf *out);
void render_node_meminfo(struct machine *m, int nid, struct strbuf *out);
/* "%*pbl" of a node mask: "0-1,3\n". */
void render_nodemask(const uint64_t *mask, int nbits, struct strbuf *out);
void render_valid_zones(struct machine *m, struct memory_block *mem, struct strbuf *out);
void render_block_state(const struct memory_block *mem, struct strbuf *out);
/* The oracle's snapshot (lib/snap), byte for byte. */
void render_snapshot(struct machine *m, struct strbuf *out);
/*
 * /.memhp/blocks (`memhp blocks` inside memhp ns): one JSON object per memory block and
 * line — block, phys_start, state, zone, node, source, onlined_by. Caller holds m->lock.
 */
void render_blocks_json_lines(struct machine *m, struct strbuf *out);
unsigned long machine_managed_pages(const struct machine *m);

#endif
