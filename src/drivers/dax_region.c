/* SPDX-License-Identifier: MIT */
/*
 * drivers/dax_region.c — dax regions (drivers/dax/bus.c): the dax_region attribute group
 * a producer's device gets (id, size, align, available_size, create, seed, delete) and
 * the region's lifetime, first device included. Every region here is dynamic
 * (IORESOURCE_DAX_STATIC is pmem's, not modelled).
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/parse.h"

static struct machine *ctx(struct kobject *kobj)
{
	return kobj->ctx;
}

static struct dax_region *kobj_region(struct kobject *kobj)
{
	return kobj->priv;
}

static int region_id_show(struct kobject *kobj, struct strbuf *out)
{
	strbuf_addf(out, "%d\n", kobj_region(kobj)->id);
	return 0;
}

static int region_size_show(struct kobject *kobj, struct strbuf *out)
{
	struct dax_region *r = kobj_region(kobj);

	strbuf_addf(out, "%llu\n", (unsigned long long)(r->end - r->start + 1));
	return 0;
}

static int region_align_show(struct kobject *kobj, struct strbuf *out)
{
	strbuf_addf(out, "%u\n", kobj_region(kobj)->align);
	return 0;
}

static int available_size_show(struct kobject *kobj, struct strbuf *out)
{
	strbuf_addf(out, "%llu\n", (unsigned long long)dax_region_avail_size(kobj_region(kobj)));
	return 0;
}

static int seed_show(struct kobject *kobj, struct strbuf *out)
{
	struct dax_region *r = kobj_region(kobj);

	strbuf_addf(out, "%s\n", r->seed ? r->seed->name : "");
	return 0;
}

static int create_show(struct kobject *kobj, struct strbuf *out)
{
	struct dax_region *r = kobj_region(kobj);

	strbuf_addf(out, "%s\n", r->youngest ? r->youngest->name : "");
	return 0;
}

static int create_store(struct kobject *kobj, const char *buf)
{
	struct dax_region *r = kobj_region(kobj);
	uint64_t val;
	int ret = kstrtoull(buf, &val);
	struct dev_dax *dev_dax;

	if (ret)
		return ret;
	if (val != 1)
		return -EINVAL;
	if (!dax_region_avail_size(r))
		return -ENOSPC;
	dev_dax = dev_dax_create(ctx(kobj), r, 0, &ret);
	if (!dev_dax)
		return ret;
	if (!r->seed)
		r->seed = dev_dax;
	r->youngest = dev_dax;
	return 0;
}

static int delete_store(struct kobject *kobj, const char *buf)
{
	struct dax_region *r = kobj_region(kobj);
	struct dev_dax *victim = NULL;

	for (struct dev_dax *d = r->devs; d; d = d->next)
		if (sysfs_streq(d->name, buf))
			victim = d;
	if (!victim)
		return -ENXIO;
	/* device-id 0 stays, so the bus is never empty while the region exists */
	if (victim->driver || dev_dax_size(victim) || victim->id == 0)
		return -EBUSY;
	dev_dax_unregister(ctx(kobj), victim);
	return 0;
}

static const struct kobj_attribute region_attrs[] = {
	{ "align", 0400, region_align_show, NULL, NULL },
	{ "available_size", 0444, available_size_show, NULL, NULL },
	{ "create", 0644, create_show, create_store, NULL },
	{ "delete", 0200, NULL, delete_store, NULL },
	{ "id", 0444, region_id_show, NULL, NULL },
	{ "seed", 0444, seed_show, NULL, NULL },
	{ "size", 0444, region_size_show, NULL, NULL },
};

int dax_region_create(struct machine *m, const struct dax_region_desc *d, struct dax_region **out)
{
	struct dax_region *r;
	int ret;

	if (!d->align || d->start % d->align || !d->size || d->size % d->align)
		return -EINVAL;
	if (kobject_lookup(&m->kobjs, d->parent, NULL, "dax_region"))
		return -EINVAL;		/* "dax core failed to setup private data" */
	r = calloc(1, sizeof(*r));
	if (!r)
		abort();
	*r = (struct dax_region){ .id = d->id, .start = d->start, .end = d->start + d->size - 1,
				  .target_node = d->target_node, .numa_node = d->numa_node,
				  .align = d->align, .parent = d->parent };
	r->kobj = kobject_create(&m->kobjs, d->parent, NULL, "dax_region", region_attrs,
				 (int)(sizeof(region_attrs) / sizeof(region_attrs[0])), r);
	r->next = dax_bus(m)->regions;
	dax_bus(m)->regions = r;
	if (d->kmem_default) {
		/* the region's devices go to kmem first: its name is a kmem id before the add */
		char name[32];

		snprintf(name, sizeof(name), "dax%d.0", d->id);
		dax_driver_add_id(&dax_bus(m)->kmem, name);
	}
	if (!dev_dax_create(m, r, d->idle ? 0 : d->size, &ret)) {
		dax_region_destroy(m, r);
		return ret;
	}
	*out = r;
	return 0;
}

void dax_region_destroy(struct machine *m, struct dax_region *r)
{
	struct dax_region **p = &dax_bus(m)->regions;

	while (r->devs) {
		struct dev_dax *last = r->devs;

		while (last->next)
			last = last->next;
		dev_dax_unregister(m, last);
	}
	while (*p != r)
		p = &(*p)->next;
	*p = r->next;
	kobject_del(&m->kobjs, r->kobj);
	free(r);
	m->generation++;
}
