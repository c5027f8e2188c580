/* SPDX-License-Identifier: MIT */
/*
 * hotplug/init.h — bringing the memory side of a machine up from its boot state: nodes
 * and zones with the managed pages boot left (free_area_init + memblock_free_all),
 * sections, boot memory block devices with their node links (memory_dev_init,
 * register_one_node), the iomem tree, and the hotplug parameters' boot values.
 */
#ifndef MEMHP_HOTPLUG_INIT_H
#define MEMHP_HOTPLUG_INIT_H

#include "hotplug/machine.h"

/* m->plat and m->boot are set; builds everything else. 0 or -errno. */
int machine_init_memory(struct machine *m);
void machine_release_memory(struct machine *m);

#endif
