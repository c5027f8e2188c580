/* SPDX-License-Identifier: MIT */
/*
 * drivers/acpi_memhotplug.c — ACPI memory devices: one static memory group per DIMM,
 * __add_memory() of its range (memmap on memory when the range allows it), and eject:
 * offline every block in two passes (acpi_scan_try_to_offline), then remove.
 * Built without ACPI_HOTPLUG_MEMORY, PNP0C80 has a handler with ids only: the devices are
 * claimed, never attached (no memory added), and eject finds nothing to offline.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hotplug/memory.h"
#include "hotplug/memory_hotplug.h"

static struct acpi_memory_device *find_adev(struct machine *m, const char *id)
{
	for (struct acpi_memory_device *a = m->drv->acpi; a; a = a->next)
		if (!strcmp(a->id, id))
			return a;
	return NULL;
}

int acpi_memory_device_add(struct machine *m, const struct mdev *d)
{
	struct acpi_memory_device *a = calloc(1, sizeof(*a));
	unsigned int flags = MHP_NID_IS_MGID;
	int ret;

	if (!a)
		abort();
	if (!kconfig_enabled(&m->boot.kconfig, KCONFIG_ACPI_HOTPLUG_MEMORY)) {
		free(a);
		return 0;
	}
	snprintf(a->id, sizeof(a->id), "%s", d->id);
	a->start = d->addr;
	a->length = d->size;
	a->group = memory_group_register_static(m, d->node, (unsigned long)PFN_UP(d->size));
	if (!a->group) {
		free(a);
		return -EINVAL;
	}
	if (mhp_supports_memmap_on_memory(m, d->size))
		flags |= MHP_MEMMAP_ON_MEMORY;
	ret = add_memory(m, a->group->id, d->addr, d->size, "System RAM", flags, MHP_SOURCE_ACPI);
	if (ret && ret != -EEXIST) {
		kmsg(m, "acpi PNP0C80:%02x: add_memory failed", d->slot);
		kmsg(m, "acpi PNP0C80:%02x: acpi_memory_enable_device() error", d->slot);
		memory_group_unregister(m, a->group);
		free(a);
		return ret;
	}
	a->enabled = true;
	a->next = m->drv->acpi;
	m->drv->acpi = a;
	return 0;
}

struct offline_pass {
	bool second;
	bool *put_online;		/* per block of the device: offlined by pass one */
	unsigned long first;
	struct memory_block *errdev;
};

static int offline_one(struct machine *m, struct memory_block *mem, void *arg)
{
	struct offline_pass *p = arg;
	bool *put = &p->put_online[mem->block_id - p->first];

	if (p->second && *put)
		return 0;
	if (!p->second)
		*put = false;
	int ret = device_offline(m, mem);

	if (ret >= 0) {
		*put = !ret;
		return 0;
	}
	p->errdev = mem;
	return p->second ? ret : 0;
}

static int online_one(struct machine *m, struct memory_block *mem, void *arg)
{
	struct offline_pass *p = arg;

	/* acpi_bus_online(): the block goes back as it was; who decided it is unchanged */
	if (p->put_online[mem->block_id - p->first])
		device_online(m, mem);
	return 0;
}

/* acpi_scan_try_to_offline(): 0 or -EBUSY (every block back as it was). */
static int try_to_offline(struct machine *m, const struct acpi_memory_device *a)
{
	unsigned long n = a->length / m->block_size;
	struct offline_pass p = { .first = a->start / m->block_size };
	int ret = 0;

	p.put_online = calloc(n ? n : 1, sizeof(bool));
	if (!p.put_online)
		abort();
	walk_memory_blocks(m, a->start, a->length, offline_one, &p);
	if (p.errdev) {
		p.errdev = NULL;
		p.second = true;
		walk_memory_blocks(m, a->start, a->length, offline_one, &p);
		if (p.errdev) {
			kmsg(m, "memory memory%lu: Offline failed.", p.errdev->block_id);
			walk_memory_blocks(m, a->start, a->length, online_one, &p);
			ret = -EBUSY;
		}
	}
	free(p.put_online);
	return ret;
}

static void acpi_memory_device_free(struct machine *m, struct acpi_memory_device *a)
{
	for (struct acpi_memory_device **p = &m->drv->acpi; *p; p = &(*p)->next)
		if (*p == a) {
			*p = a->next;
			break;
		}
	free(a);
}

/*
 * Without MEMORY_HOTREMOVE __remove_memory() is an empty stub: the device is detached and
 * ejected, but its (offline) blocks, resource and memory group stay behind
 * (memory_group_unregister() refuses a group that still has blocks).
 */
static int eject_without_hotremove(struct machine *m, struct acpi_memory_device *a)
{
	acpi_memory_device_free(m, a);
	return 0;
}

int acpi_memory_device_eject(struct machine *m, const struct mdev *d)
{
	struct acpi_memory_device *a = find_adev(m, d->id);
	int ret;

	if (!a)
		return 0;
	ret = try_to_offline(m, a);
	if (ret)
		return ret;
	if (!kconfig_enabled(&m->boot.kconfig, KCONFIG_MEMORY_HOTREMOVE))
		return eject_without_hotremove(m, a);
	if (a->enabled && remove_memory(m, a->start, a->length))
		return -EBUSY;
	memory_group_unregister(m, a->group);
	acpi_memory_device_free(m, a);
	return 0;
}
