/* SPDX-License-Identifier: MIT */
/* drivers/internal.h — state shared by the drivers room's files. */
#ifndef MEMHP_DRIVERS_INTERNAL_H
#define MEMHP_DRIVERS_INTERNAL_H

#include "drivers/drivers.h"
#include "fw/platform.h"
#include "lib/strbuf.h"

/* An ACPI memory device (PNP0C80) as acpi_memhotplug binds it. */
struct acpi_memory_device {
	char id[64];			/* QEMU device id */
	uint64_t start, length;
	bool enabled;			/* add_memory() succeeded */
	struct memory_group *group;
	struct acpi_memory_device *next;
};

/* A virtio-mem device in sub-block mode. */
struct virtio_mem {
	char id[64];
	int index;			/* virtio<index> */
	int nid;
	uint64_t addr, region_size;
	uint64_t device_block_size;
	uint64_t plugged_size;
	struct memory_group *group;
	uint16_t *plugged_sb;		/* plugged sub-blocks per memory block of the region */
	bool *added;			/* memory block added to Linux */
	unsigned long nr_mb;
	struct virtio_mem *next;
};

struct drivers {
	struct acpi_memory_device *acpi;
	struct virtio_mem *vmem;
	bool virtio_mem_loaded;
	unsigned long modules_loaded;	/* bit i: row i of module.c's table is loaded */
	struct strbuf events;		/* "event: ..." lines not yet taken */
	struct notifier_block vmem_nb;	/* virtio-mem's memory notifier */
};

void qmp_event_ost(struct machine *m, const char *dev_id, int slot, int source, int status);
void qmp_event_device_deleted(struct machine *m, const char *dev_id);

int acpi_memory_device_add(struct machine *m, const struct mdev *d);
/* Eject: offline (two passes), remove. 0, or -EBUSY with the device left as it was. */
int acpi_memory_device_eject(struct machine *m, const struct mdev *d);

int virtio_mem_probe(struct machine *m, struct mdev *d);
int virtio_mem_config_changed(struct machine *m, struct mdev *d);
void virtio_mem_release(struct virtio_mem *vm);

#endif
