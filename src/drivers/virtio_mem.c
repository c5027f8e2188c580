/* SPDX-License-Identifier: MIT */
/*
 * drivers/virtio_mem.c — virtio-mem in sub-block mode (6.1, device block <= memory
 * block): a dynamic memory group per device; plugging fills partially plugged blocks,
 * then adds new memory blocks from the lowest; unplugging takes from the highest block,
 * offline ones first, online ones through offline_and_remove_memory().
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hotplug/memory.h"
#include "hotplug/memory_hotplug.h"

static struct virtio_mem *find_vm(struct machine *m, const char *id)
{
	for (struct virtio_mem *vm = m->drv->vmem; vm; vm = vm->next)
		if (!strcmp(vm->id, id))
			return vm;
	return NULL;
}

static const char *vdev(const struct virtio_mem *vm)
{
	static const char *const names[] = { "virtio0", "virtio1", "virtio2", "virtio3",
					     "virtio4", "virtio5", "virtio6", "virtio7" };

	return names[vm->index & 7];
}

static unsigned long sbs_per_mb(const struct machine *m, const struct virtio_mem *vm)
{
	return (unsigned long)(m->block_size / vm->device_block_size);
}

static void refresh_config(struct machine *m, struct virtio_mem *vm, const struct mdev *d)
{
	kmsg(m, "virtio_mem %s: plugged size: 0x%llx", vdev(vm), (unsigned long long)vm->plugged_size);
	kmsg(m, "virtio_mem %s: requested size: 0x%llx", vdev(vm), (unsigned long long)d->requested_size);
}

/* The device whose region holds @pfn, and the memory block index in it. */
static struct virtio_mem *vm_of_pfn(struct machine *m, unsigned long pfn, unsigned long *mb)
{
	uint64_t addr = PFN_PHYS(pfn);

	for (struct virtio_mem *vm = m->drv->vmem; vm; vm = vm->next)
		if (addr >= vm->addr && addr < vm->addr + vm->region_size) {
			*mb = (unsigned long)((addr - vm->addr) / m->block_size);
			return vm;
		}
	return NULL;
}

/* Pages of [pfn, pfn+nr) in unplugged sub-blocks: PageOffline, never in the buddy. */
static unsigned long unplugged_pages(struct machine *m, unsigned long pfn, unsigned long nr)
{
	unsigned long mb;
	struct virtio_mem *vm = vm_of_pfn(m, pfn, &mb);

	if (!vm)
		return 0;
	unsigned long sb_pages = (unsigned long)(vm->device_block_size / PAGE_SIZE);
	unsigned long plugged = (unsigned long)vm->plugged_sb[mb] * sb_pages;
	unsigned long block_start = PHYS_PFN(vm->addr) + mb * m->pages_per_block;
	unsigned long first = pfn - block_start;	/* leading pages of the range not passed */

	/* plugged sub-blocks are the lowest ones of a block (we plug from the bottom) */
	unsigned long plugged_in = plugged > first ? plugged - first : 0;

	return nr > plugged_in ? nr - plugged_in : 0;
}

static unsigned long vmem_online_page_callback(struct machine *m, unsigned long pfn, unsigned long nr)
{
	return nr - unplugged_pages(m, pfn, nr);
}

/*
 * Before offlining, unplugged pages are given back to the managed count so that
 * offline_pages() can subtract the whole range (virtio_mem_fake_offline_going_offline).
 */
static int vmem_memory_notifier(struct notifier_block *nb, unsigned long action, void *data)
{
	struct machine *m = nb->priv;
	struct memory_notify *arg = data;
	unsigned long n = unplugged_pages(m, arg->start_pfn, arg->nr_pages);
	int nid = 0;

	if (!n || (action != MEM_GOING_OFFLINE && action != MEM_CANCEL_OFFLINE))
		return NOTIFY_OK;
	for (int i = 0; i < m->nr_node_ids; i++)
		if (m->pgdat[i] && online_pfn_zone(&m->sparse, arg->start_pfn, i) >= 0)
			nid = i;
	int zid = online_pfn_zone(&m->sparse, arg->start_pfn, nid);

	if (zid < 0)
		return NOTIFY_OK;
	struct zone *zone = &m->pgdat[nid]->node_zones[zid];

	if (action == MEM_GOING_OFFLINE)
		zone->managed_pages += n;
	else
		zone->managed_pages -= n;
	return NOTIFY_OK;
}

static void register_callbacks(struct machine *m)
{
	if (m->online_page_callback)
		return;
	m->online_page_callback = vmem_online_page_callback;
	m->drv->vmem_nb = (struct notifier_block){ .notifier_call = vmem_memory_notifier, .priv = m };
	register_memory_notifier(m, &m->drv->vmem_nb);
}

int virtio_mem_probe(struct machine *m, struct mdev *d)
{
	struct virtio_mem *vm = calloc(1, sizeof(*vm));
	struct resource *res;

	if (!vm)
		abort();
	snprintf(vm->id, sizeof(vm->id), "%s", d->id);
	vm->index = d->virtio_index;
	vm->nid = d->node;
	vm->addr = d->addr;
	vm->region_size = d->size;
	vm->device_block_size = d->block_size;
	vm->nr_mb = (unsigned long)(d->size / m->block_size);
	vm->plugged_sb = calloc(vm->nr_mb ? vm->nr_mb : 1, sizeof(*vm->plugged_sb));
	vm->added = calloc(vm->nr_mb ? vm->nr_mb : 1, sizeof(*vm->added));
	vm->group = memory_group_register_dynamic(m, vm->nid, m->pages_per_block);
	res = request_region(m->iomem, vm->addr, vm->region_size, "virtio-mem",
			     IORESOURCE_SYSTEM_RAM | IORESOURCE_EXCLUSIVE);
	if (!vm->plugged_sb || !vm->added || !vm->group || !res) {
		virtio_mem_release(vm);
		return -EINVAL;
	}
	kmsg(m, "virtio_mem %s: start address: 0x%llx", vdev(vm), (unsigned long long)vm->addr);
	kmsg(m, "virtio_mem %s: region size: 0x%llx", vdev(vm), (unsigned long long)vm->region_size);
	kmsg(m, "virtio_mem %s: device block size: 0x%llx", vdev(vm), (unsigned long long)vm->device_block_size);
	kmsg(m, "virtio_mem %s: memory block size: 0x%llx", vdev(vm), (unsigned long long)m->block_size);
	kmsg(m, "virtio_mem %s: subblock size: 0x%llx", vdev(vm), (unsigned long long)vm->device_block_size);
	kmsg(m, "virtio_mem %s: nid: %d", vdev(vm), vm->nid);
	vm->next = m->drv->vmem;
	m->drv->vmem = vm;
	register_callbacks(m);
	return virtio_mem_config_changed(m, d);
}

void virtio_mem_release(struct virtio_mem *vm)
{
	free(vm->plugged_sb);
	free(vm->added);
	free(vm);
}

static uint64_t mb_addr(const struct machine *m, const struct virtio_mem *vm, unsigned long i)
{
	return vm->addr + (uint64_t)i * m->block_size;
}

/* Sub-blocks plugged into an online block are freed to the buddy right away. */
static void plugged_online(struct machine *m, struct virtio_mem *vm, unsigned long i, unsigned long n)
{
	struct memory_block *mem = find_memory_block_by_id(m, mb_addr(m, vm, i) / m->block_size);

	unsigned long sb_pages = (unsigned long)(vm->device_block_size / PAGE_SIZE);

	if (mem && mem->zone && mem->state == MEM_ONLINE) {	/* generic_online_page() per sub-block */
		unsigned long first = PHYS_PFN(mb_addr(m, vm, i)) + (vm->plugged_sb[i] - n) * sb_pages;

		generic_online_page(&m->pages, mem->zone, first, n * sb_pages);
		mem->zone->managed_pages += n * sb_pages;
	}
}

/* Plug up to @want bytes; returns bytes plugged. */
static uint64_t plug(struct machine *m, struct virtio_mem *vm, uint64_t want)
{
	unsigned long per = sbs_per_mb(m, vm);
	uint64_t done = 0;

	for (unsigned long i = 0; i < vm->nr_mb && done < want; i++) {
		if (vm->added[i] && vm->plugged_sb[i] < per) {
			unsigned long n = per - vm->plugged_sb[i];

			if ((uint64_t)n * vm->device_block_size > want - done)
				n = (unsigned long)((want - done) / vm->device_block_size);
			vm->plugged_sb[i] += (uint16_t)n;
			done += (uint64_t)n * vm->device_block_size;
			plugged_online(m, vm, i, n);
		}
	}
	for (unsigned long i = 0; i < vm->nr_mb && done < want; i++) {
		if (vm->added[i])
			continue;
		unsigned long n = per;

		if ((uint64_t)n * vm->device_block_size > want - done)
			n = (unsigned long)((want - done) / vm->device_block_size);
		vm->plugged_sb[i] = (uint16_t)n;
		if (add_memory(m, vm->group->id, mb_addr(m, vm, i), m->block_size,
			       "System RAM (virtio_mem)", MHP_MERGE_RESOURCE | MHP_NID_IS_MGID,
			       MHP_SOURCE_VIRTIO_MEM)) {
			vm->plugged_sb[i] = 0;
			break;
		}
		vm->added[i] = true;
		done += (uint64_t)n * vm->device_block_size;
	}
	return done;
}

/* Unplug up to @want bytes from whole blocks, highest first; returns bytes unplugged. */
static uint64_t unplug(struct machine *m, struct virtio_mem *vm, uint64_t want)
{
	uint64_t done = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (unsigned long i = vm->nr_mb; i-- > 0 && done < want;) {
			uint64_t bytes = (uint64_t)vm->plugged_sb[i] * vm->device_block_size;
			struct memory_block *mem = find_memory_block_by_id(m, mb_addr(m, vm, i) / m->block_size);
			bool online = mem && mem->state != MEM_OFFLINE;

			if (!vm->added[i] || bytes > want - done || online != (pass == 1))
				continue;
			if (offline_and_remove_memory(m, mb_addr(m, vm, i), m->block_size))
				continue;
			vm->added[i] = false;
			vm->plugged_sb[i] = 0;
			done += bytes;
		}
	}
	return done;
}

int virtio_mem_config_changed(struct machine *m, struct mdev *d)
{
	struct virtio_mem *vm = find_vm(m, d->id);

	if (!vm)
		return 0;
	refresh_config(m, vm, d);
	if (d->requested_size > vm->plugged_size)
		vm->plugged_size += plug(m, vm, d->requested_size - vm->plugged_size);
	else if (d->requested_size < vm->plugged_size)
		vm->plugged_size -= unplug(m, vm, vm->plugged_size - d->requested_size);
	if (d->plugged_size != vm->plugged_size)
		qmp_event_memory_device_size_change(m, d->id, vm->plugged_size);
	d->plugged_size = vm->plugged_size;
	return 0;
}
