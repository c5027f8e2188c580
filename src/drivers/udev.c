/* SPDX-License-Identifier: MIT */
/*
 * drivers/udev.c — the userspace side of memory block uevents, memhp-only: the rule most
 * distributions ship, `SUBSYSTEM=="memory", ACTION=="add", ATTR{state}=="offline",
 * ATTR{state}="TYPE"`, enabled with --udev-online TYPE (or a scenario's udev: line). udev
 * runs after the kernel has finished the add, so it sees what auto-onlining left offline.
 */
#include "internal.h"

#include "hotplug/memory.h"

/*
 * Handle the queued add uevents, as `udevadm settle` would wait for: each block still
 * offline gets TYPE written to its state (a refused write leaves it offline, as udev
 * only logs it). Caller holds m->lock; called at the end of every device event, module
 * load and sysfs write, and once at boot (udev's coldplug trigger).
 */
void udev_settle(struct machine *m)
{
	struct uevent_queue *q = &m->uevents;

	for (size_t i = 0; i < q->nr; i++) {
		struct memory_block *mem = find_memory_block_by_id(m, q->block_ids[i]);

		if (mem && mem->state == MEM_OFFLINE)
			memory_block_online_as(m, mem, m->udev_online_type, ONLINED_BY_UDEV);
	}
	q->nr = 0;
}
