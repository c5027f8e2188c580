/* SPDX-License-Identifier: MIT */
/*
 * drivers/dax_device.c — dax devices (drivers/dax/bus.c): daxR.I with its ranges inside
 * the region, mappingN children, resizing (size, mapping), alignment, and the files a
 * device with a dev_t gets (/dev/daxR.I, /sys/dev/char/MAJ:MIN). Regions: dax_region.c.
 */
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/parse.h"

uint64_t dev_dax_size(const struct dev_dax *dev_dax)
{
	uint64_t size = 0;

	for (int i = 0; i < dev_dax->nr_range; i++)
		size += dev_dax->ranges[i].end - dev_dax->ranges[i].start + 1;
	return size;
}

uint64_t dax_region_avail_size(const struct dax_region *r)
{
	uint64_t size = r->end - r->start + 1;

	for (const struct dev_dax *d = r->devs; d; d = d->next)
		size -= dev_dax_size(d);
	return size;
}

static struct machine *ctx(struct kobject *kobj)
{
	return kobj->ctx;
}

/* ---- mappingN ---- */

static struct dev_dax_range *mapping_range(struct kobject *kobj)
{
	struct dev_dax *dev_dax = kobj->parent->priv;

	for (int i = 0; i < dev_dax->nr_range; i++)
		if (dev_dax->ranges[i].mapping == kobj)
			return &dev_dax->ranges[i];
	return NULL;
}

static int start_show(struct kobject *kobj, struct strbuf *out)
{
	struct dev_dax_range *r = mapping_range(kobj);

	if (!r)
		return -ENXIO;
	strbuf_addf(out, "%#llx\n", (unsigned long long)r->start);
	return 0;
}

static int end_show(struct kobject *kobj, struct strbuf *out)
{
	struct dev_dax_range *r = mapping_range(kobj);

	if (!r)
		return -ENXIO;
	strbuf_addf(out, "%#llx\n", (unsigned long long)r->end);
	return 0;
}

static int pgoff_show(struct kobject *kobj, struct strbuf *out)
{
	struct dev_dax_range *r = mapping_range(kobj);

	if (!r)
		return -ENXIO;
	/* the kernel's %#lx prints 0 as "0x0" */
	strbuf_addf(out, "0x%lx\n", r->pgoff);
	return 0;
}

/* A mapping device has no devt, driver or modalias: its uevent file is empty. */
static int uevent_show(struct kobject *kobj, struct strbuf *out)
{
	(void)kobj;
	(void)out;
	return 0;
}

static const struct kobj_attribute mapping_attrs[] = {
	{ "end", 0400, end_show, NULL, NULL },
	{ "page_offset", 0400, pgoff_show, NULL, NULL },
	{ "start", 0400, start_show, NULL, NULL },
	{ "uevent", 0644, uevent_show, device_uevent_store, NULL },
};

/* The lowest mapping id no range of @dev_dax uses (ida_alloc). */
static int mapping_id_alloc(const struct dev_dax *dev_dax)
{
	for (int id = 0;; id++) {
		bool used = false;

		for (int i = 0; i < dev_dax->nr_range; i++)
			used |= dev_dax->ranges[i].mapping && dev_dax->ranges[i].mapping_id == id;
		if (!used)
			return id;
	}
}

static void register_mapping(struct machine *m, struct dev_dax *dev_dax, int i)
{
	struct dev_dax_range *r = &dev_dax->ranges[i];
	char name[32];

	r->mapping_id = mapping_id_alloc(dev_dax);
	snprintf(name, sizeof(name), "mapping%d", r->mapping_id);
	r->mapping = kobject_create(&m->kobjs, dev_dax->kobj, NULL, name, mapping_attrs,
				    (int)(sizeof(mapping_attrs) / sizeof(mapping_attrs[0])), NULL);
	device_power_dir(m, r->mapping);
}

/* ---- ranges: allocation inside the region ---- */

/* Whether [start, end] is free in @r (no device's range overlaps it). */
static bool region_range_free(const struct dax_region *r, uint64_t start, uint64_t end)
{
	if (start < r->start || end > r->end || end < start)
		return false;
	for (const struct dev_dax *d = r->devs; d; d = d->next)
		for (int i = 0; i < d->nr_range; i++)
			if (d->ranges[i].start <= end && d->ranges[i].end >= start)
				return false;
	return true;
}

/* alloc_dev_dax_range(): claim [start, start+size) for @dev_dax. -ENOMEM if taken. */
static int alloc_dev_dax_range(struct machine *m, struct dev_dax *dev_dax, uint64_t start, uint64_t size)
{
	struct dev_dax_range *ranges;
	unsigned long pgoff = 0;

	if (!size)
		return 0;
	if (!region_range_free(dev_dax->region, start, start + size - 1))
		return -ENOMEM;
	ranges = realloc(dev_dax->ranges, sizeof(*ranges) * (size_t)(dev_dax->nr_range + 1));
	if (!ranges)
		abort();
	for (int i = 0; i < dev_dax->nr_range; i++)
		pgoff += PHYS_PFN(ranges[i].end - ranges[i].start + 1);
	dev_dax->ranges = ranges;
	ranges[dev_dax->nr_range++] = (struct dev_dax_range){ start, start + size - 1, pgoff, -1, NULL };
	if (dev_dax->kobj)
		register_mapping(m, dev_dax, dev_dax->nr_range - 1);
	return 0;
}

static void trim_dev_dax_range(struct machine *m, struct dev_dax *dev_dax)
{
	struct dev_dax_range *r = &dev_dax->ranges[--dev_dax->nr_range];

	if (r->mapping)
		kobject_del(&m->kobjs, r->mapping);
}

/* dev_dax_shrink(): give back from the last range down. */
static void dev_dax_shrink(struct machine *m, struct dev_dax *dev_dax, uint64_t size)
{
	uint64_t to_shrink = dev_dax_size(dev_dax) - size;

	while (to_shrink && dev_dax->nr_range) {
		struct dev_dax_range *r = &dev_dax->ranges[dev_dax->nr_range - 1];
		uint64_t len = r->end - r->start + 1;

		if (to_shrink >= len) {
			trim_dev_dax_range(m, dev_dax);
			to_shrink -= len;
		} else {
			r->end -= to_shrink;
			to_shrink = 0;
		}
	}
}

/* The first free gap of @r at or after @from: its start and length (0: none). */
static uint64_t first_gap(const struct dax_region *r, uint64_t *start)
{
	for (uint64_t pos = r->start; pos <= r->end;) {
		uint64_t next = r->end + 1;
		bool inside = false;

		for (const struct dev_dax *d = r->devs; d; d = d->next)
			for (int i = 0; i < d->nr_range; i++) {
				const struct dev_dax_range *x = &d->ranges[i];

				if (x->start <= pos && x->end >= pos) {
					pos = x->end + 1;
					inside = true;
				} else if (x->start > pos && x->start < next) {
					next = x->start;
				}
			}
		if (!inside) {
			*start = pos;
			return next - pos;
		}
	}
	return 0;
}

/* dev_dax_resize(): grow into the region's free space, extending the last range if adjacent. */
static int dev_dax_resize(struct machine *m, struct dev_dax *dev_dax, uint64_t size)
{
	uint64_t dev_size = dev_dax_size(dev_dax), avail = dax_region_avail_size(dev_dax->region);

	if (dev_dax->driver)
		return -EBUSY;
	if (size == dev_size)
		return 0;
	if (size > dev_size && size - dev_size > avail)
		return -ENOSPC;
	if (size < dev_size) {
		dev_dax_shrink(m, dev_dax, size);
		return 0;
	}
	for (uint64_t to_alloc = size - dev_size, start, len; to_alloc; to_alloc -= len) {
		struct dev_dax_range *last = dev_dax->nr_range ? &dev_dax->ranges[dev_dax->nr_range - 1] : NULL;

		len = first_gap(dev_dax->region, &start);
		if (!len)
			return -ENOSPC;
		len = len < to_alloc ? len : to_alloc;
		if (last && last->end + 1 == start)
			last->end += len;
		else
			alloc_dev_dax_range(m, dev_dax, start, len);
	}
	return 0;
}

/* ---- daxR.I attributes ---- */

static struct dev_dax *kobj_dev_dax(struct kobject *kobj)
{
	return kobj->priv;
}

static bool alloc_is_aligned(const struct dev_dax *dev_dax, uint64_t size)
{
	uint64_t align = dev_dax->align > PMD_SIZE ? dev_dax->align : PMD_SIZE;

	return size % align == 0;	/* max(align, memremap_compat_align() = 2 MiB) */
}

static int size_show(struct kobject *kobj, struct strbuf *out)
{
	strbuf_addf(out, "%llu\n", (unsigned long long)dev_dax_size(kobj_dev_dax(kobj)));
	return 0;
}

static int size_store(struct kobject *kobj, const char *buf)
{
	struct dev_dax *dev_dax = kobj_dev_dax(kobj);
	uint64_t val;
	int ret = kstrtoull(buf, &val);

	if (ret)
		return ret;
	if (!alloc_is_aligned(dev_dax, val))
		return -EINVAL;
	return dev_dax_resize(ctx(kobj), dev_dax, val);
}

/* kstrtoull(s, 16): an optional 0x, hex digits, one optional trailing newline. */
static int parse_hex(const char *s, uint64_t *res)
{
	char *end;

	if (!strncasecmp(s, "0x", 2))
		s += 2;
	if (!isxdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	*res = strtoull(s, &end, 16);
	if (errno)
		return -ERANGE;
	if (*end == '\n')
		end++;
	return *end ? -EINVAL : 0;
}

/* mapping: "START-END" in hex (no 0x needed), inclusive end. */
static int mapping_store(struct kobject *kobj, const char *buf)
{
	struct dev_dax *dev_dax = kobj_dev_dax(kobj);
	char start_s[32], end_s[32];
	const char *dash = strchr(buf, '-');
	uint64_t start, end;

	if (!dash || (size_t)(dash - buf) >= sizeof(start_s) || strlen(dash + 1) >= sizeof(end_s))
		return -EINVAL;
	snprintf(start_s, sizeof(start_s), "%.*s", (int)(dash - buf), buf);
	snprintf(end_s, sizeof(end_s), "%s", dash + 1);
	if (parse_hex(start_s, &start) || parse_hex(end_s, &end) || end < start)
		return -EINVAL;
	if (!alloc_is_aligned(dev_dax, end - start + 1))
		return -ENXIO;
	return alloc_dev_dax_range(ctx(kobj), dev_dax, start, end - start + 1);
}

static int align_show(struct kobject *kobj, struct strbuf *out)
{
	strbuf_addf(out, "%u\n", kobj_dev_dax(kobj)->align);
	return 0;
}

static bool dax_align_valid(uint64_t align)
{
	return align == PUD_SIZE || align == PMD_SIZE || align == PAGE_SIZE;
}

static int align_store(struct kobject *kobj, const char *buf)
{
	struct dev_dax *dev_dax = kobj_dev_dax(kobj);
	unsigned int save = dev_dax->align;
	uint64_t val;

	if (kstrtoull(buf, &val))
		return -ENXIO;
	if (!dax_align_valid(val))
		return -EINVAL;
	if (dev_dax->driver)
		return -EBUSY;
	dev_dax->align = (unsigned int)val;
	for (int i = 0; i < dev_dax->nr_range; i++)
		if (!alloc_is_aligned(dev_dax, dev_dax->ranges[i].end - dev_dax->ranges[i].start + 1)) {
			dev_dax->align = save;
			return -EINVAL;
		}
	return 0;
}

static int target_node_show(struct kobject *kobj, struct strbuf *out)
{
	strbuf_addf(out, "%d\n", kobj_dev_dax(kobj)->region->target_node);
	return 0;
}

static bool target_node_visible(struct kobject *kobj)
{
	return kobj_dev_dax(kobj)->region->target_node >= 0;
}

static int resource_show(struct kobject *kobj, struct strbuf *out)
{
	struct dev_dax *dev_dax = kobj_dev_dax(kobj);
	uint64_t start = dev_dax->nr_range ? dev_dax->ranges[0].start : dev_dax->region->start;

	strbuf_addf(out, "%#llx\n", (unsigned long long)start);
	return 0;
}

static int numa_node_show(struct kobject *kobj, struct strbuf *out)
{
	strbuf_addf(out, "%d\n", kobj_dev_dax(kobj)->region->numa_node);
	return 0;
}

static int modalias_show(struct kobject *kobj, struct strbuf *out)
{
	(void)kobj;
	strbuf_addstr(out, "dax:t0\n");	/* DAX_DEVICE_MODALIAS_FMT, type 0 */
	return 0;
}

static int dev_show(struct kobject *kobj, struct strbuf *out)
{
	strbuf_addf(out, "%d:%u\n", DAX_MAJOR, kobj_dev_dax(kobj)->minor);
	return 0;
}

static int dev_uevent_show(struct kobject *kobj, struct strbuf *out)
{
	struct dev_dax *dev_dax = kobj_dev_dax(kobj);

	strbuf_addf(out, "MAJOR=%d\nMINOR=%u\nDEVNAME=%s\n", DAX_MAJOR, dev_dax->minor, dev_dax->name);
	if (dev_dax->driver)
		strbuf_addf(out, "DRIVER=%s\n", dev_dax->driver->name);
	strbuf_addstr(out, "MODALIAS=dax:t0\n");
	return 0;
}

static const struct kobj_attribute dev_dax_attrs[] = {
	{ "align", 0644, align_show, align_store, NULL },
	{ "dev", 0444, dev_show, NULL, NULL },
	{ "mapping", 0200, NULL, mapping_store, NULL },
	{ "modalias", 0444, modalias_show, NULL, NULL },
	{ "numa_node", 0444, numa_node_show, NULL, NULL },
	{ "resource", 0400, resource_show, NULL, NULL },
	{ "size", 0644, size_show, size_store, NULL },
	{ "target_node", 0444, target_node_show, NULL, target_node_visible },
	{ "uevent", 0644, dev_uevent_show, device_uevent_store, NULL },
};

static int alloc_minor(struct dax_bus *bus)
{
	for (int i = 0; i < (int)sizeof(bus->minors) * 8; i++)
		if (!(bus->minors[i / 64] & (1ULL << (i % 64)))) {
			bus->minors[i / 64] |= 1ULL << (i % 64);
			return i;
		}
	return -ENOSPC;
}

/* The lowest device id free in @r (ida_alloc). */
static int alloc_dev_id(const struct dax_region *r)
{
	for (int id = 0;; id++) {
		bool used = false;

		for (const struct dev_dax *d = r->devs; d; d = d->next)
			used |= d->id == id;
		if (!used)
			return id;
	}
}

static void insert_by_id(struct dax_region *r, struct dev_dax *dev_dax)
{
	struct dev_dax **p = &r->devs;

	while (*p && (*p)->id < dev_dax->id)
		p = &(*p)->next;
	dev_dax->next = *p;
	*p = dev_dax;
}

static void add_device_files(struct machine *m, struct dev_dax *dev_dax)
{
	struct dax_bus *bus = dax_bus(m);
	struct strbuf path = STRBUF_INIT;
	char devt[32];

	dev_dax->kobj = kobject_create(&m->kobjs, dev_dax->region->parent, NULL, dev_dax->name,
				       dev_dax_attrs, (int)(sizeof(dev_dax_attrs) / sizeof(dev_dax_attrs[0])),
				       dev_dax);
	device_power_dir(m, dev_dax->kobj);
	kobject_path(bus->kobj, &path);
	kobject_create_link_abs(&m->kobjs, dev_dax->kobj, NULL, "subsystem", path.buf);
	strbuf_reset(&path);
	kobject_path(dev_dax->kobj, &path);
	dev_dax->bus_link = kobject_create_link_abs(&m->kobjs, bus->devices, NULL, dev_dax->name, path.buf);
	/* what devtmpfs and the driver core add for a device with a dev_t */
	snprintf(devt, sizeof(devt), "%d:%u", DAX_MAJOR, dev_dax->minor);
	dev_dax->devchar_link = kobject_create_link_abs(&m->kobjs, NULL, "/sys/dev/char", devt, path.buf);
	dev_dax->devnode = kobject_create_chrdev(&m->kobjs, NULL, "/dev", dev_dax->name, DAX_MAJOR,
						 dev_dax->minor);
	strbuf_release(&path);
	for (int i = 0; i < dev_dax->nr_range; i++)
		register_mapping(m, dev_dax, i);
}

struct dev_dax *dev_dax_create(struct machine *m, struct dax_region *r, uint64_t size, int *err)
{
	struct dev_dax *dev_dax = calloc(1, sizeof(*dev_dax));
	int minor = alloc_minor(dax_bus(m));

	if (!dev_dax)
		abort();
	if (minor < 0) {
		free(dev_dax);
		*err = minor;
		return NULL;
	}
	dev_dax->region = r;
	dev_dax->id = alloc_dev_id(r);
	dev_dax->minor = (unsigned int)minor;
	dev_dax->align = r->align;
	snprintf(dev_dax->name, sizeof(dev_dax->name), "dax%d.%d", r->id, dev_dax->id);
	*err = alloc_dev_dax_range(m, dev_dax, r->start, size);
	if (*err) {
		dax_bus(m)->minors[minor / 64] &= ~(1ULL << (minor % 64));
		free(dev_dax);
		return NULL;
	}
	insert_by_id(r, dev_dax);
	add_device_files(m, dev_dax);
	m->generation++;
	dax_bus_probe_device(m, dev_dax);
	return dev_dax;
}

/* unregister_dev_dax(): unbind, remove the files, free. */
void dev_dax_unregister(struct machine *m, struct dev_dax *dev_dax)
{
	struct dax_region *r = dev_dax->region;
	struct dev_dax **p = &r->devs;

	dax_device_detach(m, dev_dax);
	while (*p != dev_dax)
		p = &(*p)->next;
	*p = dev_dax->next;
	if (r->seed == dev_dax)
		r->seed = NULL;
	if (r->youngest == dev_dax)
		r->youngest = NULL;
	kobject_del(&m->kobjs, dev_dax->devnode);
	kobject_del(&m->kobjs, dev_dax->devchar_link);
	kobject_del(&m->kobjs, dev_dax->bus_link);
	kobject_del(&m->kobjs, dev_dax->kobj);
	dax_bus(m)->minors[dev_dax->minor / 64] &= ~(1ULL << (dev_dax->minor % 64));
	free(dev_dax->ranges);
	free(dev_dax->res);
	free(dev_dax);
	m->generation++;
}
