/* SPDX-License-Identifier: MIT */
/*
 * fw/platform.c — the platform's tables and hotplug hardware: e820 and SRAT building,
 * memory backends and memory devices placed in the device-memory window the way QEMU
 * places them (first free slot, first fit at the device's alignment).
 */
#include "platform.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw/cedt.h"
#include "lib/strbuf.h"

#define SZ_2M	(2ULL << 20)

static void *xrealloc_array(void *p, size_t n, size_t size)
{
	void *q = realloc(p, n * size);

	if (!q && n)
		abort();
	return q;
}

void platform_free(struct platform *p)
{
	free(p->e820);
	free(p->srat);
	free(p->memdevs);
	free(p->mdevs);
	free(p->qemu_args);
	free(p->bus_res);
	cedt_free(p);
	memset(p, 0, sizeof(*p));
}

int platform_add_e820(struct platform *p, uint64_t addr, uint64_t size, enum e820_type type)
{
	int i = p->nr_e820;

	p->e820 = xrealloc_array(p->e820, (size_t)i + 1, sizeof(*p->e820));
	while (i > 0 && p->e820[i - 1].addr > addr) {
		p->e820[i] = p->e820[i - 1];
		i--;
	}
	p->e820[i] = (struct e820_entry){ .addr = addr, .size = size, .type = type };
	p->nr_e820++;
	return i;
}

void platform_add_bus_resource(struct platform *p, uint64_t start, uint64_t size, const char *name)
{
	int i = p->nr_bus_res;

	p->bus_res = xrealloc_array(p->bus_res, (size_t)i + 1, sizeof(*p->bus_res));
	while (i > 0 && p->bus_res[i - 1].start > start) {
		p->bus_res[i] = p->bus_res[i - 1];
		i--;
	}
	p->bus_res[i] = (struct fw_bus_resource){ .start = start, .size = size };
	snprintf(p->bus_res[i].name, sizeof(p->bus_res[i].name), "%s", name);
	p->nr_bus_res++;
}

void platform_add_srat(struct platform *p, uint64_t start, uint64_t end, int nid, bool hotplug)
{
	p->srat = xrealloc_array(p->srat, (size_t)p->nr_srat + 1, sizeof(*p->srat));
	p->srat[p->nr_srat++] = (struct srat_memory){
		.start = start, .end = end, .nid = nid, .hotpluggable = hotplug,
	};
}

struct memdev *platform_find_memdev(struct platform *p, const char *id)
{
	for (int i = 0; i < p->nr_memdevs; i++)
		if (!strcmp(p->memdevs[i].id, id))
			return &p->memdevs[i];
	return NULL;
}

struct mdev *platform_find_mdev(struct platform *p, const char *id)
{
	for (int i = 0; i < p->nr_mdevs; i++)
		if (!strcmp(p->mdevs[i].id, id))
			return &p->mdevs[i];
	return NULL;
}

int platform_object_add(struct platform *p, const char *id, uint64_t size, struct strbuf *err)
{
	if (platform_find_memdev(p, id)) {
		strbuf_addf(err, "attempt to add duplicate property '%s' to object (type 'container')", id);
		return -EEXIST;
	}
	if (!size) {
		strbuf_addstr(err, "property 'size' of memory-backend-ram can't be zero");
		return -EINVAL;
	}
	if (strlen(id) >= sizeof(p->memdevs[0].id)) {
		strbuf_addf(err, "object id '%s' is too long", id);
		return -EINVAL;
	}
	p->memdevs = xrealloc_array(p->memdevs, (size_t)p->nr_memdevs + 1, sizeof(*p->memdevs));
	struct memdev *md = &p->memdevs[p->nr_memdevs++];

	memset(md, 0, sizeof(*md));
	strcpy(md->id, id);
	md->size = size;
	return 0;
}

int platform_object_del(struct platform *p, const char *id, struct strbuf *err)
{
	struct memdev *md = platform_find_memdev(p, id);

	if (!md) {
		strbuf_addf(err, "object '%s' not found", id);
		return -ENOENT;
	}
	if (md->used) {
		strbuf_addf(err, "object '%s' is in use, can not be deleted", id);
		return -EBUSY;
	}
	*md = p->memdevs[--p->nr_memdevs];
	return 0;
}

static int first_free_slot(const struct platform *p)
{
	for (int slot = 0; slot < p->nr_slots; slot++) {
		bool used = false;

		for (int i = 0; i < p->nr_mdevs && !used; i++)
			used = p->mdevs[i].slot == slot;
		if (!used)
			return slot;
	}
	return -1;
}

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) / a * a;
}

/* First fit in the device-memory window; returns 0 and *@addr, or -ENOSPC. */
static int find_free_addr(const struct platform *p, uint64_t size, uint64_t align, uint64_t *addr)
{
	uint64_t base = align_up(p->dev_mem_base, align);
	bool moved = true;

	while (moved) {
		moved = false;
		for (int i = 0; i < p->nr_mdevs; i++) {
			const struct mdev *d = &p->mdevs[i];

			if (base < d->addr + d->size && d->addr < base + size) {
				base = align_up(d->addr + d->size, align);
				moved = true;
			}
		}
	}
	if (base + size > p->dev_mem_base + p->dev_mem_size)
		return -ENOSPC;
	*addr = base;
	return 0;
}

static int check_device(struct platform *p, const struct mdev *want, struct memdev **md,
			struct strbuf *err)
{
	if (platform_find_mdev(p, want->id)) {
		strbuf_addf(err, "Duplicate device ID '%s'", want->id);
		return -EEXIST;
	}
	*md = platform_find_memdev(p, want->memdev);
	if (!*md) {
		strbuf_addf(err, "Property '%s.memdev' can't find value '%s'",
			    want->kind == MDEV_PC_DIMM ? "pc-dimm" : "virtio-mem", want->memdev);
		return -ENOENT;
	}
	if ((*md)->used) {
		strbuf_addf(err, "can't use already busy memdev: %s", want->memdev);
		return -EBUSY;
	}
	if (want->node < 0 || want->node >= (p->nr_nodes ? p->nr_nodes : 1)) {
		strbuf_addf(err, "'DIMM property node has value %d' which exceeds the number of numa nodes: %d",
			    want->node, p->nr_nodes ? p->nr_nodes : 1);
		return -EINVAL;
	}
	if (!p->dev_mem_size) {
		strbuf_addstr(err, "memory devices (e.g. for memory hotplug) are not enabled, please specify the maxmem option");
		return -EINVAL;
	}
	return 0;
}

int platform_device_add(struct platform *p, const struct mdev *want, struct mdev **out,
			struct strbuf *err)
{
	struct memdev *md;
	int ret = check_device(p, want, &md, err);

	if (ret)
		return ret;
	struct mdev d = *want;

	d.size = md->size;
	d.slot = -1;
	if (d.kind == MDEV_PC_DIMM) {
		d.slot = first_free_slot(p);
		if (d.slot < 0) {
			strbuf_addf(err, "no free slots left");
			return -ENOSPC;
		}
	}
	uint64_t align = d.kind == MDEV_VIRTIO_MEM && d.block_size > SZ_2M ? d.block_size : SZ_2M;

	if (find_free_addr(p, d.size, align, &d.addr)) {
		strbuf_addf(err, "could not find position in guest address space for memory device - memory fragmented due to alignments");
		return -ENOSPC;
	}
	if (d.kind == MDEV_VIRTIO_MEM)
		d.virtio_index = p->nr_virtio++;
	md->used = true;
	p->mdevs = xrealloc_array(p->mdevs, (size_t)p->nr_mdevs + 1, sizeof(*p->mdevs));
	p->mdevs[p->nr_mdevs] = d;
	*out = &p->mdevs[p->nr_mdevs++];
	return 0;
}

void platform_device_remove(struct platform *p, const char *id)
{
	struct mdev *d = platform_find_mdev(p, id);

	if (!d)
		return;
	struct memdev *md = platform_find_memdev(p, d->memdev);

	if (md)
		md->used = false;
	*d = p->mdevs[--p->nr_mdevs];
}
