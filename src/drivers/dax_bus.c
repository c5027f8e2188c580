/* SPDX-License-Identifier: MIT */
/*
 * drivers/dax_bus.c — the dax bus (drivers/dax/bus.c with the driver core's bus files):
 * /sys/bus/dax, its drivers (device_dax, kmem) with bind, unbind, new_id and remove_id,
 * and the rules that decide which driver a device gets. Regions and devices themselves
 * are dax_device.c's; the drivers are dax_kmem.c's.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/parse.h"

struct dax_bus *dax_bus(struct machine *m)
{
	return m->drv->dax;
}

struct dev_dax *dax_find_device(struct machine *m, const char *name)
{
	for (struct dax_region *r = dax_bus(m)->regions; r; r = r->next)
		for (struct dev_dax *d = r->devs; d; d = d->next)
			if (sysfs_streq(d->name, name))
				return d;
	return NULL;
}

static bool dax_match_id(const struct dax_driver *drv, const char *name)
{
	for (int i = 0; i < drv->nr_ids; i++)
		if (sysfs_streq(drv->ids[i], name))
			return true;
	return false;
}

/* dax_bus_match(): device_dax takes everything, others only the names in new_id. */
static bool dax_bus_match(const struct dax_driver *drv, const struct dev_dax *dev_dax)
{
	return drv->kobj && (drv->match_always || dax_match_id(drv, dev_dax->name));
}

static void link_driver(struct machine *m, struct dev_dax *dev_dax, struct dax_driver *drv)
{
	struct strbuf path = STRBUF_INIT;

	kobject_path(drv->kobj, &path);
	dev_dax->driver_link = kobject_create_link_abs(&m->kobjs, dev_dax->kobj, NULL, "driver", path.buf);
	strbuf_reset(&path);
	kobject_path(dev_dax->kobj, &path);
	dev_dax->drv_dev_link = kobject_create_link_abs(&m->kobjs, drv->kobj, NULL, dev_dax->name, path.buf);
	strbuf_release(&path);
}

/* really_probe() through dax_bus_probe(): an empty or id-less device is rejected (-ENXIO). */
int dax_device_attach(struct machine *m, struct dev_dax *dev_dax, struct dax_driver *drv)
{
	int ret;

	if (dev_dax->driver)
		return -EBUSY;
	if (!dev_dax_size(dev_dax) || dev_dax->id < 0)
		return -ENXIO;
	dev_dax->driver = drv;
	ret = drv->probe(m, dev_dax);
	if (ret) {
		dev_dax->driver = NULL;
		if (ret != -ENODEV && ret != -ENXIO)
			kmsg(m, "%s: probe of %s failed with error %d", drv->name, dev_dax->name, ret);
		return ret;
	}
	if (dev_dax->region->seed == dev_dax)
		dev_dax->region->seed = NULL;
	link_driver(m, dev_dax, drv);
	m->generation++;
	return 0;
}

/* device_release_driver(): the driver lets go (kmem may leave its memory behind). */
void dax_device_detach(struct machine *m, struct dev_dax *dev_dax)
{
	struct dax_driver *drv = dev_dax->driver;

	if (!drv)
		return;
	kobject_del(&m->kobjs, dev_dax->drv_dev_link);
	kobject_del(&m->kobjs, dev_dax->driver_link);
	dev_dax->drv_dev_link = dev_dax->driver_link = NULL;
	if (drv->remove)
		drv->remove(m, dev_dax);
	dev_dax->driver = NULL;
	m->generation++;
}

/* The registered drivers in registration order (klist order of the bus). */
static int drivers_in_order(struct dax_bus *bus, struct dax_driver **out)
{
	struct dax_driver *all[] = { &bus->device_dax, &bus->kmem };
	int n = 0;

	for (int i = 0; i < 2; i++)
		if (all[i]->kobj)
			out[n++] = all[i];
	if (n == 2 && out[0]->seq > out[1]->seq) {
		struct dax_driver *t = out[0];

		out[0] = out[1];
		out[1] = t;
	}
	return n;
}

void dax_bus_probe_device(struct machine *m, struct dev_dax *dev_dax)
{
	struct dax_driver *drv[2];
	int n = drivers_in_order(dax_bus(m), drv);

	if (!dax_bus(m)->autoprobe)
		return;
	for (int i = 0; i < n && !dev_dax->driver; i++)
		if (dax_bus_match(drv[i], dev_dax))
			dax_device_attach(m, dev_dax, drv[i]);
}

/* driver_attach(): every unbound device the driver matches; probe errors are not returned. */
static void driver_attach(struct machine *m, struct dax_driver *drv)
{
	for (struct dax_region *r = dax_bus(m)->regions; r; r = r->next)
		for (struct dev_dax *d = r->devs; d; d = d->next)
			if (!d->driver && dax_bus_match(drv, d))
				dax_device_attach(m, d, drv);
}

static struct dax_driver *kobj_driver(struct kobject *kobj)
{
	return kobj->priv;
}

static int bind_store(struct kobject *kobj, const char *buf)
{
	struct machine *m = kobj->ctx;
	struct dax_driver *drv = kobj_driver(kobj);
	struct dev_dax *dev_dax = dax_find_device(m, buf);

	if (!dev_dax || !dax_bus_match(drv, dev_dax))
		return -ENODEV;
	return dax_device_attach(m, dev_dax, drv);
}

static int unbind_store(struct kobject *kobj, const char *buf)
{
	struct machine *m = kobj->ctx;
	struct dev_dax *dev_dax = dax_find_device(m, buf);

	if (!dev_dax || dev_dax->driver != kobj_driver(kobj))
		return -ENODEV;
	dax_device_detach(m, dev_dax);
	return 0;
}

/* do_id_store(): exactly "dax%d.%d" (one trailing newline allowed). */
static int parse_dax_id(const char *buf, char name[32])
{
	int region_id, id;

	if (sscanf(buf, "dax%d.%d", &region_id, &id) != 2)
		return -EINVAL;
	snprintf(name, 32, "dax%d.%d", region_id, id);
	return sysfs_streq(buf, name) ? 0 : -EINVAL;
}

void dax_driver_add_id(struct dax_driver *drv, const char *name)
{
	char (*ids)[32];

	if (dax_match_id(drv, name))
		return;
	ids = realloc(drv->ids, sizeof(*ids) * (size_t)(drv->nr_ids + 1));
	if (!ids)
		abort();
	drv->ids = ids;
	snprintf(drv->ids[drv->nr_ids++], 32, "%s", name);
}

static int new_id_store(struct kobject *kobj, const char *buf)
{
	struct dax_driver *drv = kobj_driver(kobj);
	char name[32];
	int ret = parse_dax_id(buf, name);

	if (ret)
		return ret;
	dax_driver_add_id(drv, name);
	driver_attach(kobj->ctx, drv);
	return 0;
}

static int remove_id_store(struct kobject *kobj, const char *buf)
{
	struct dax_driver *drv = kobj_driver(kobj);
	char name[32];
	int ret = parse_dax_id(buf, name);

	if (ret)
		return ret;
	for (int i = 0; i < drv->nr_ids; i++)
		if (sysfs_streq(drv->ids[i], name)) {
			memmove(drv->ids[i], drv->ids[i + 1], sizeof(*drv->ids) * (size_t)(drv->nr_ids - i - 1));
			drv->nr_ids--;
			break;
		}
	return 0;
}

int device_uevent_store(struct kobject *kobj, const char *buf)
{
	(void)kobj;
	return kobject_action_type(buf) < 0 ? -EINVAL : 0;
}

static const struct kobj_attribute driver_attrs[] = {
	{ "bind", 0200, NULL, bind_store, NULL },
	{ "new_id", 0200, NULL, new_id_store, NULL },
	{ "remove_id", 0200, NULL, remove_id_store, NULL },
	{ "uevent", 0200, NULL, device_uevent_store, NULL },
	{ "unbind", 0200, NULL, unbind_store, NULL },
};

int dax_driver_register(struct machine *m, struct dax_driver *drv)
{
	struct dax_bus *bus = dax_bus(m);
	char module[64];

	if (drv->kobj)
		return -EBUSY;
	drv->kobj = kobject_create(&m->kobjs, bus->drivers, NULL, drv->name, driver_attrs,
				   (int)(sizeof(driver_attrs) / sizeof(driver_attrs[0])), drv);
	if (!drv->kobj)
		return -EEXIST;
	drv->seq = bus->next_seq++;
	/* a loadable driver links its module (/sys/module/NAME, made by module.c) */
	snprintf(module, sizeof(module), "/sys/module/%s", drv->name);
	kobject_create_link_abs(&m->kobjs, drv->kobj, NULL, "module", module);
	driver_attach(m, drv);
	return 0;
}

void dax_driver_unregister(struct machine *m, struct dax_driver *drv)
{
	if (!drv->kobj)
		return;
	for (struct dax_region *r = dax_bus(m)->regions; r; r = r->next)
		for (struct dev_dax *d = r->devs; d; d = d->next)
			if (d->driver == drv)
				dax_device_detach(m, d);
	free(drv->ids);
	drv->ids = NULL;
	drv->nr_ids = 0;
	kobject_del(&m->kobjs, drv->kobj);
	drv->kobj = NULL;
}

static int autoprobe_show(struct kobject *kobj, struct strbuf *out)
{
	strbuf_addf(out, "%d\n", dax_bus((struct machine *)kobj->ctx)->autoprobe);
	return 0;
}

static int autoprobe_store(struct kobject *kobj, const char *buf)
{
	dax_bus((struct machine *)kobj->ctx)->autoprobe = buf[0] != '0';
	return 0;
}

/* drivers_probe: attach an unbound device as if it had just been added. */
static int drivers_probe_store(struct kobject *kobj, const char *buf)
{
	struct machine *m = kobj->ctx;
	struct dev_dax *dev_dax = dax_find_device(m, buf);
	struct dax_driver *drv[2];
	int n = drivers_in_order(dax_bus(m), drv);

	if (!dev_dax)
		return -ENODEV;
	for (int i = 0; i < n && !dev_dax->driver; i++)
		if (dax_bus_match(drv[i], dev_dax))
			dax_device_attach(m, dev_dax, drv[i]);
	return 0;
}

static const struct kobj_attribute bus_attrs[] = {
	{ "drivers_autoprobe", 0644, autoprobe_show, autoprobe_store, NULL },
	{ "drivers_probe", 0200, NULL, drivers_probe_store, NULL },
	{ "uevent", 0200, NULL, device_uevent_store, NULL },
};

/* dev_uevent(): "DRIVER=name" while @dev is bound (it has a driver link), else nothing. */
void device_uevent_driver(struct kobject *dev, struct strbuf *out)
{
	struct machine *m = dev->ctx;
	struct kobject *drv = kobject_lookup(&m->kobjs, dev, NULL, "driver");
	const char *name = drv && drv->link ? strrchr(drv->link, '/') : NULL;

	if (name)
		strbuf_addf(out, "DRIVER=%s\n", name + 1);
}

/*
 * The driver core's power/ directory of a device. Runtime-PM files are not modelled: the
 * directory is there (ls shows it, as on 6.1) and empty.
 */
void device_power_dir(struct machine *m, struct kobject *dev)
{
	kobject_create(&m->kobjs, dev, NULL, "power", NULL, 0, NULL);
}

void dax_bus_init(struct machine *m)
{
	struct dax_bus *bus = calloc(1, sizeof(*bus));

	if (!bus)
		abort();
	m->drv->dax = bus;
	bus->autoprobe = true;
	bus->kobj = kobject_create(&m->kobjs, NULL, "/sys/bus", "dax", bus_attrs,
				   (int)(sizeof(bus_attrs) / sizeof(bus_attrs[0])), bus);
	bus->devices = kobject_create(&m->kobjs, bus->kobj, NULL, "devices", NULL, 0, NULL);
	bus->drivers = kobject_create(&m->kobjs, bus->kobj, NULL, "drivers", NULL, 0, NULL);
	dax_drivers_init(bus);
}

/* Machine teardown: the kobjects go with the registry; free what the bus owns. */
void dax_bus_release(struct machine *m)
{
	struct dax_bus *bus = dax_bus(m);

	if (!bus)
		return;
	while (bus->regions) {
		struct dax_region *r = bus->regions;

		bus->regions = r->next;
		while (r->devs) {
			struct dev_dax *d = r->devs;

			r->devs = d->next;
			free(d->ranges);
			free(d->res);
			free(d);
		}
		free(r);
	}
	free(bus->device_dax.ids);
	free(bus->kmem.ids);
	free(bus);
	m->drv->dax = NULL;
}
