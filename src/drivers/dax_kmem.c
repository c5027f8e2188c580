/* SPDX-License-Identifier: MIT */
/*
 * drivers/dax_kmem.c — the two dax bus drivers: device_dax (drivers/dax/device.c), which
 * claims each range busy and gives it struct pages in ZONE_DEVICE for /dev/daxR.I, and
 * kmem (drivers/dax/kmem.c), which hot-adds each memory-block-aligned range as
 * driver-managed "System RAM (kmem)" in one static memory group on the target node
 * (spec 50 §5). Messages are the kernel's dev_warn/dev_info lines ("DRIVER DEVICE: ...").
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>

#include "hotplug/memory_hotplug.h"
#include "hotplug/memremap.h"

static uint64_t range_len(const struct dev_dax_range *r)
{
	return r->end - r->start + 1;
}

static struct resource **alloc_res(const struct dev_dax *dev_dax)
{
	struct resource **res = calloc((size_t)dev_dax->nr_range, sizeof(*res));

	if (!res)
		abort();
	return res;
}

/* ---- device_dax ---- */

static void device_dax_release(struct machine *m, struct dev_dax *dev_dax, int nr_mapped)
{
	for (int i = 0; i < dev_dax->nr_range; i++) {
		if (i < nr_mapped)
			memunmap_pages(m, dev_dax->region->numa_node, dev_dax->ranges[i].start,
				       range_len(&dev_dax->ranges[i]));
		if (dev_dax->res[i])
			release_resource_free(dev_dax->res[i]);
	}
	free(dev_dax->res);
	dev_dax->res = NULL;
}

static int dev_dax_probe(struct machine *m, struct dev_dax *dev_dax)
{
	int i, ret = 0;

	dev_dax->res = alloc_res(dev_dax);
	for (i = 0; i < dev_dax->nr_range; i++) {
		const struct dev_dax_range *r = &dev_dax->ranges[i];

		dev_dax->res[i] = request_region(m->iomem, r->start, range_len(r), dev_dax->name,
						 IORESOURCE_MEM | IORESOURCE_BUSY);
		if (!dev_dax->res[i]) {
			kmsg(m, "device_dax %s: mapping%d: %#llx-%#llx could not reserve range",
			     dev_dax->name, i, (unsigned long long)r->start, (unsigned long long)r->end);
			device_dax_release(m, dev_dax, 0);
			return -EBUSY;
		}
	}
	for (i = 0; i < dev_dax->nr_range && !ret; i++)
		ret = memremap_pages(m, dev_dax->region->numa_node, dev_dax->ranges[i].start,
				     range_len(&dev_dax->ranges[i]));
	if (ret)
		device_dax_release(m, dev_dax, i - 1);
	return ret;
}

static void dev_dax_remove(struct machine *m, struct dev_dax *dev_dax)
{
	device_dax_release(m, dev_dax, dev_dax->nr_range);
}

/* ---- kmem ---- */

/* dax_kmem_range(): the range shrunk to whole memory blocks; false if nothing is left. */
static bool dax_kmem_range(const struct machine *m, const struct dev_dax_range *r,
			   uint64_t *start, uint64_t *end)
{
	uint64_t bs = m->block_size;
	uint64_t s = (r->start + bs - 1) / bs * bs, e = (r->end + 1) / bs * bs;

	if (s >= e)
		return false;
	*start = s;
	*end = e - 1;
	return true;
}

static uint64_t kmem_total_len(struct machine *m, struct dev_dax *dev_dax)
{
	uint64_t total = 0, s, e;

	for (int i = 0; i < dev_dax->nr_range; i++) {
		const struct dev_dax_range *r = &dev_dax->ranges[i];

		if (dax_kmem_range(m, r, &s, &e))
			total += e - s + 1;
		else
			kmsg(m, "kmem %s: mapping%d: %#llx-%#llx too small after alignment",
			     dev_dax->name, i, (unsigned long long)r->start, (unsigned long long)r->end);
	}
	return total;
}

/* Claim and hot-add range @i. 0, or -errno with nothing of it left. */
static int kmem_add_range(struct machine *m, struct dev_dax *dev_dax, int i, uint64_t s, uint64_t e)
{
	struct resource *res = request_region(m->iomem, s, e - s + 1, dev_dax->name,
					      IORESOURCE_MEM | IORESOURCE_BUSY);
	int ret;

	if (!res) {
		kmsg(m, "kmem %s: mapping%d: %#llx-%#llx could not reserve region", dev_dax->name, i,
		     (unsigned long long)s, (unsigned long long)e);
		return -EBUSY;
	}
	/* System RAM flags, not busy, so the memory resource can nest inside it */
	res->flags = IORESOURCE_SYSTEM_RAM;
	ret = add_memory(m, dev_dax->group->id, s, e - s + 1, "System RAM (kmem)", MHP_NID_IS_MGID,
			 MHP_SOURCE_KMEM);
	if (ret) {
		kmsg(m, "kmem %s: mapping%d: %#llx-%#llx memory add failed", dev_dax->name, i,
		     (unsigned long long)s, (unsigned long long)e);
		release_resource_free(res);
		return ret;
	}
	dev_dax->res[i] = res;
	return 0;
}

static int dev_dax_kmem_probe(struct machine *m, struct dev_dax *dev_dax)
{
	int nid = dev_dax->region->target_node, mapped = 0, ret = 0;
	uint64_t total, s, e;

	if (nid < 0) {
		kmsg(m, "kmem %s: rejecting DAX region with invalid node: %d", dev_dax->name, nid);
		return -EINVAL;
	}
	total = kmem_total_len(m, dev_dax);
	if (!total) {
		kmsg(m, "kmem %s: rejecting DAX region without any memory after alignment", dev_dax->name);
		return -EINVAL;
	}
	dev_dax->group = memory_group_register_static(m, nid, PFN_UP(total));
	if (!dev_dax->group)
		return -EINVAL;
	dev_dax->res = alloc_res(dev_dax);
	for (int i = 0; i < dev_dax->nr_range; i++) {
		if (!dax_kmem_range(m, &dev_dax->ranges[i], &s, &e))
			continue;
		ret = kmem_add_range(m, dev_dax, i, s, e);
		if (ret && !mapped)
			goto out_unregister;
		mapped += !ret;
	}
	return 0;

out_unregister:
	memory_group_unregister(m, dev_dax->group);
	dev_dax->group = NULL;
	free(dev_dax->res);
	dev_dax->res = NULL;
	return ret;
}

/*
 * One shot: ranges whose blocks are all offline are removed; the others stay (memory
 * and resource) until reboot, and the group with them.
 */
static void dev_dax_kmem_remove(struct machine *m, struct dev_dax *dev_dax)
{
	int success = 0;
	uint64_t s, e;

	for (int i = 0; i < dev_dax->nr_range; i++) {
		if (!dax_kmem_range(m, &dev_dax->ranges[i], &s, &e))
			continue;
		if (!dev_dax->res[i]) {
			success++;
			continue;
		}
		if (!remove_memory(m, s, e - s + 1)) {
			release_resource_free(dev_dax->res[i]);
			dev_dax->res[i] = NULL;
			success++;
			continue;
		}
		kmsg(m, "kmem %s: mapping%d: %#llx-%#llx cannot be hotremoved until the next reboot",
		     dev_dax->name, i, (unsigned long long)s, (unsigned long long)e);
	}
	if (success >= dev_dax->nr_range)
		memory_group_unregister(m, dev_dax->group);
	dev_dax->group = NULL;
	free(dev_dax->res);
	dev_dax->res = NULL;
}

void dax_drivers_init(struct dax_bus *bus)
{
	bus->device_dax = (struct dax_driver){ .name = "device_dax", .match_always = true,
					       .probe = dev_dax_probe, .remove = dev_dax_remove };
	bus->kmem = (struct dax_driver){ .name = "kmem", .probe = dev_dax_kmem_probe,
					 .remove = dev_dax_kmem_remove };
}
