/* SPDX-License-Identifier: MIT */
/*
 * drivers/dax.h — the device-dax core (drivers/dax/bus.c) and its drivers, for the
 * producers of dax regions: dax_hmem (Soft Reserved ranges, drivers/dax_hmem.c) and CXL
 * RAM regions (newer kernels). A producer owns a parent device (a kobject such as
 * /sys/devices/platform/hmem.0) and turns a physical range into a dax region there:
 *
 *     struct dax_region_desc d = { .parent = kobj, .id = 0, .start = s, .size = n,
 *                                  .target_node = nid, .numa_node = nid,
 *                                  .align = 2 << 20 };
 *     struct dax_region *r;
 *     int ret = dax_region_create(m, &d, &r);    // adds <parent>/dax_region and daxR.0
 *     ...
 *     dax_region_destroy(m, r);                   // unbinds and removes daxR.*, the group
 *
 * The first device, daxR.0, covers the whole range (size 0 with @idle, as dax_hmem's
 * region_idle=1 leaves it). It appears on the dax bus and is bound like the kernel binds
 * it: to device_dax when that module is loaded (6.1's default for every region), to kmem
 * when its name was written to kmem's new_id; @kmem_default asks for kmem first instead
 * (newer kernels' IORESOURCE_DAX_KMEM for CXL RAM regions).
 *
 * Files: /sys/bus/dax/{devices/daxR.I,drivers/{device_dax,kmem}/{bind,unbind,new_id,
 * remove_id},drivers_autoprobe,drivers_probe,uevent}; <parent>/dax_region/{id,size,align,
 * available_size,create,seed,delete}; <parent>/daxR.I/{size,target_node,numa_node,
 * resource,align,mapping,modalias,uevent,driver,subsystem,mappingN/{start,end,
 * page_offset}} — modes, formats and errno values of 6.1.
 *
 * Every function expects m->lock held. On failure nothing changed.
 */
#ifndef MEMHP_DRIVERS_DAX_H
#define MEMHP_DRIVERS_DAX_H

#include <stdbool.h>
#include <stdint.h>

#include "hotplug/machine.h"

struct dax_region;

struct dax_region_desc {
	struct kobject *parent;		/* the producer's device directory */
	int id;				/* region id: the R of daxR.I (hmem: the memregion id) */
	uint64_t start, size;		/* bytes, aligned to @align */
	int target_node;		/* node the memory would join (kmem); < 0 hides target_node */
	int numa_node;			/* the parent device's node (dev_to_node), shown as numa_node */
	unsigned int align;		/* bytes (dax_hmem: PMD_SIZE, 2 MiB) */
	bool idle;			/* create daxR.0 with size 0 */
	bool kmem_default;		/* bind daxR.0 to kmem, not device_dax */
};

/*
 * alloc_dax_region() + devm_create_dev_dax(): the region group under @d->parent and its
 * first device, bound per the rules above. Returns 0 and *@out, or -EINVAL (range not
 * aligned to @align, or the parent already has a region) or -EEXIST (name taken).
 */
int dax_region_create(struct machine *m, const struct dax_region_desc *d, struct dax_region **out);
/* Unbind every device of @r (kmem removes its memory, or leaves it until reboot), remove them. */
void dax_region_destroy(struct machine *m, struct dax_region *r);

/* The dax bus at boot (CONFIG_DAX=y): /sys/bus/dax with no devices and no drivers. */
void dax_bus_init(struct machine *m);
void dax_bus_release(struct machine *m);

#endif
