/* SPDX-License-Identifier: MIT */
/* drivers/internal.h — state shared by the drivers room's files. */
#ifndef MEMHP_DRIVERS_INTERNAL_H
#define MEMHP_DRIVERS_INTERNAL_H

#include "drivers/drivers.h"
#include "fw/platform.h"
#include "lib/strbuf.h"
#include "drivers/dax.h"

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
	struct kobject *module_kobj[8];	/* /sys/module/NAME of row i while loaded */
	struct strbuf events;		/* "event: ..." lines not yet taken */
	struct strbuf modprobe_log;	/* boot's modprobe output (the scenario's modules:) */
	struct strbuf event_log;	/* every QMP event, one wire-format line each, newest last */
	struct notifier_block vmem_nb;	/* virtio-mem's memory notifier */
	struct dax_bus *dax;		/* /sys/bus/dax (dax_bus.c) */
	struct hmem_device *hmem;	/* hmem.N platform devices (dax_hmem.c) */
	bool dax_hmem_region_idle;	/* dax_hmem.region_idle */
	struct kobject *err_inject_dir;	/* debugfs notifier-error-inject/ (its own module) */
	struct memory_err_inject *mem_err_inject;	/* memory-notifier-error-inject */
	struct cxl_state *cxl;		/* the CXL core (cxl_core.c), NULL without CXL */
};

/* Modules of notifier_inject.c (module.c's table calls them). Caller holds m->lock. */
int notifier_err_inject_init(struct machine *m, const char *params);
void notifier_err_inject_exit(struct machine *m);
int memory_notifier_err_inject_init(struct machine *m, const char *params);
void memory_notifier_err_inject_exit(struct machine *m);

/*
 * A module's int parameters (@names, NULL-ended) from its modprobe arguments into @values,
 * as load_module parses them: 0, or -EINVAL/-ERANGE with the kernel's log line.
 */
int module_param_ints(struct machine *m, const char *mod, const char *args,
		      const char *const *names, int *values);

void qmp_event_ost(struct machine *m, const char *dev_id, int slot, int source, int status);
void qmp_event_device_deleted(struct machine *m, const char *dev_id);
void qmp_event_memory_device_size_change(struct machine *m, const char *dev_id, uint64_t size);
#define EVENT_LOG_MAX	(1UL << 20)	/* bytes of event log kept */

int acpi_memory_device_add(struct machine *m, const struct mdev *d);
/* Eject: offline (two passes), remove. 0, or -EBUSY with the device left as it was. */
int acpi_memory_device_eject(struct machine *m, const struct mdev *d);

int virtio_mem_probe(struct machine *m, struct mdev *d);
int virtio_mem_config_changed(struct machine *m, struct mdev *d);
void virtio_mem_release(struct virtio_mem *vm);

#endif

/* ---- the dax bus (dax_bus.c, dax_device.c, dax_kmem.c, dax_hmem.c) ---- */
struct dev_dax;
struct dax_region;

/* A dax bus driver: device_dax or kmem, registered while its module is loaded. */
struct dax_driver {
	const char *name;			/* KBUILD_MODNAME: "device_dax", "kmem" */
	bool match_always;			/* device_dax: matches every device */
	int (*probe)(struct machine *m, struct dev_dax *dev_dax);
	void (*remove)(struct machine *m, struct dev_dax *dev_dax);
	struct kobject *kobj;			/* /sys/bus/dax/drivers/NAME; NULL: not registered */
	unsigned long seq;			/* registration order = the bus's probe order */
	char (*ids)[32];			/* names written to new_id */
	int nr_ids;
};

/* One physical range of a dev_dax, with its mappingN device. */
struct dev_dax_range {
	uint64_t start, end;			/* bytes, end inclusive */
	unsigned long pgoff;			/* pages before it in the device */
	int mapping_id;				/* N of mappingN */
	struct kobject *mapping;
};

struct dev_dax {
	struct dax_region *region;
	int id;					/* the I of daxR.I */
	char name[32];
	struct dev_dax_range *ranges;
	int nr_range;
	unsigned int align;			/* bytes */
	unsigned int minor;			/* /dev/daxR.I is DAX_MAJOR:minor */
	struct kobject *kobj;			/* <region parent>/daxR.I */
	struct kobject *bus_link;		/* /sys/bus/dax/devices/daxR.I */
	struct kobject *driver_link;		/* daxR.I/driver */
	struct kobject *drv_dev_link;		/* /sys/bus/dax/drivers/NAME/daxR.I */
	struct kobject *devnode;		/* /dev/daxR.I */
	struct kobject *devchar_link;		/* /sys/dev/char/MAJ:MIN */
	struct dax_driver *driver;		/* bound driver, or NULL */
	/* what the bound driver holds */
	struct resource **res;			/* per range: device_dax's claim, kmem's "daxR.I" */
	struct memory_group *group;		/* kmem */
	struct dev_dax *next;			/* in the region, by id */
};

struct dax_region {
	int id;
	uint64_t start, end;			/* bytes, end inclusive */
	int target_node, numa_node;
	unsigned int align;
	struct kobject *parent;			/* the producer's device */
	struct kobject *kobj;			/* <parent>/dax_region */
	struct dev_dax *devs;			/* by id */
	struct dev_dax *seed, *youngest;
	struct dax_region *next;
};

struct dax_bus {
	struct kobject *kobj, *devices, *drivers;	/* /sys/bus/dax, its devices/ and drivers/ */
	struct dax_driver device_dax, kmem;
	struct dax_region *regions;
	unsigned long next_seq;
	bool autoprobe;				/* drivers_autoprobe */
	uint64_t minors[4];			/* dax minor numbers in use (ida) */
	uint64_t memregions[16];		/* memregion ids in use (hmem.N, CXL regions) */
};

#define DAX_MAJOR	252		/* dynamic in Linux; what the measured host gave (spec 60 §4) */
#define PMD_SIZE	(2ULL << 20)
#define PUD_SIZE	(1ULL << 30)

struct dax_bus *dax_bus(struct machine *m);
/* dev_uevent()'s "DRIVER=name\n" line for @dev while it has a driver link, else nothing. */
void device_uevent_driver(struct kobject *dev, struct strbuf *out);
/* <dev>/power, as every device has it (contents not modelled). */
void device_power_dir(struct machine *m, struct kobject *dev);
/* A device's or bus's uevent store: an action word, or -EINVAL; events are not modelled further. */
int device_uevent_store(struct kobject *kobj, const char *buf);
/* Bind @dev_dax to @drv: -ENODEV, -EBUSY (bound), -ENXIO (empty), or the probe's error. */
int dax_device_attach(struct machine *m, struct dev_dax *dev_dax, struct dax_driver *drv);
void dax_device_detach(struct machine *m, struct dev_dax *dev_dax);
/* bus_probe_device(): try the registered drivers in order until one binds. */
void dax_bus_probe_device(struct machine *m, struct dev_dax *dev_dax);
int dax_driver_register(struct machine *m, struct dax_driver *drv);
/* Add @name to @drv's new_id list (no probing). */
void dax_driver_add_id(struct dax_driver *drv, const char *name);
void dax_driver_unregister(struct machine *m, struct dax_driver *drv);
/* Find a device on the bus by name (sysfs_streq), or NULL. */
struct dev_dax *dax_find_device(struct machine *m, const char *name);

/* dax_device.c: devm_create_dev_dax() and its teardown. */
struct dev_dax *dev_dax_create(struct machine *m, struct dax_region *r, uint64_t size, int *err);
void dev_dax_unregister(struct machine *m, struct dev_dax *dev_dax);
uint64_t dev_dax_size(const struct dev_dax *dev_dax);
uint64_t dax_region_avail_size(const struct dax_region *r);

/* dax_kmem.c: the two drivers. */
void dax_drivers_init(struct dax_bus *bus);

/* dax_hmem.c: hmem.N platform devices at boot (built in), the dax_hmem driver (module). */
void hmem_init(struct machine *m);
int dax_hmem_load(struct machine *m, const char *params);
void dax_hmem_unload(struct machine *m);
void hmem_release(struct machine *m);
int memregion_alloc(struct machine *m);
void memregion_free(struct machine *m, int id);
