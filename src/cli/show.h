/* SPDX-License-Identifier: MIT */
/*
 * cli/show.h — human and JSON views of a machine: an lsmem-style block table (ranges of
 * blocks with the same state, zones and node merged), the zone table, and the whole
 * machine as a JSON document.
 */
#ifndef MEMHP_CLI_SHOW_H
#define MEMHP_CLI_SHOW_H

#include <stdbool.h>
#include <stdio.h>

struct machine;

void show_blocks(struct machine *m, FILE *out, bool json);
void show_zones(struct machine *m, FILE *out, bool json);
/* {"block_size":..., "blocks":[...], "zones":[...], "nodes":{...}, "iomem":"..."} */
void show_machine_json(struct machine *m, FILE *out);

#endif
