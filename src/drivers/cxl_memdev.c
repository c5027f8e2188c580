/* SPDX-License-Identifier: MIT */
/*
 * drivers/cxl_memdev.c — the memdev cxl_pci registers for a type-3 device (the kernel's
 * cxl/core/memdev.c): memN on its PCI function with its identity, its ram/ and pmem/
 * partitions, its device node /dev/cxl/memN and the /sys/dev/char link. The endpoint
 * port cxl_mem adds for it is cxl_core.c's.
 */
#include "internal.h"
#include "cxl.h"

#include <stdio.h>
#include <string.h>

#define CXL_DEVICE_MEMORY_EXPANDER	5	/* memN's modalias: cxl:t5 */

static const struct cxl_memdev_desc *memdev_desc(struct kobject *k)
{
	const struct cxl_memdev *md = k->priv;
	const struct machine *m = k->ctx;

	return &m->plat.cxl->dev[md->desc];
}

static int show_serial(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "0x%llx\n", (unsigned long long)memdev_desc(k)->serial);
	return 0;
}

static int show_numa_node(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "%d\n", ((struct cxl_memdev *)k->priv)->pdev->nid);
	return 0;
}

/* IDENTIFY's firmware revision: QEMU's cxl-type3 answers "BWFW VERSION 00". */
static int show_firmware_version(struct kobject *k, struct strbuf *out)
{
	(void)k;
	strbuf_addstr(out, "BWFW VERSION 00\n");
	return 0;
}

static int show_payload_max(struct kobject *k, struct strbuf *out)
{
	(void)k;
	strbuf_addstr(out, "2048\n");
	return 0;
}

/* IDENTIFY's LSA size: QEMU's lsa= backend, bytes (0 without one). */
static int show_label_storage_size(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "%llu\n", (unsigned long long)memdev_desc(k)->lsa_size);
	return 0;
}

static int show_memdev_uevent(struct kobject *k, struct strbuf *out)
{
	const struct cxl_memdev *md = k->priv;

	strbuf_addf(out, "MAJOR=%d\nMINOR=%d\nDEVNAME=cxl/mem%d\nDEVTYPE=cxl_memdev\n",
		    CXL_MEM_MAJOR, md->id, md->id);
	device_uevent_driver(k, out);
	strbuf_addf(out, "MODALIAS=cxl:t%d\n", CXL_DEVICE_MEMORY_EXPANDER);
	return 0;
}

static int show_dev(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "%d:%d\n", CXL_MEM_MAJOR, ((struct cxl_memdev *)k->priv)->id);
	return 0;
}

static const struct kobj_attribute memdev_attrs[] = {
	{ "firmware_version", 0444, show_firmware_version },
	{ "payload_max", 0444, show_payload_max },
	{ "label_storage_size", 0444, show_label_storage_size },
	{ "serial", 0444, show_serial },
	{ "numa_node", 0444, show_numa_node },
	{ "dev", 0444, show_dev },
	{ "uevent", 0644, show_memdev_uevent, device_uevent_store },
};

/* ram/size and pmem/size: the partition's capacity, bytes. */
static int show_partition_size(struct kobject *k, struct strbuf *out)
{
	const struct cxl_memdev_desc *d = memdev_desc(k->parent);

	strbuf_addf(out, "0x%llx\n", (unsigned long long)(strcmp(k->name, "ram") ? d->pmem_size : d->ram_size));
	return 0;
}

static const struct kobj_attribute partition_attrs[] = {
	{ "size", 0444, show_partition_size },
};

/* What devtmpfs and the driver core add for memN's dev_t: /dev/cxl/memN, /sys/dev/char. */
static void add_memdev_node(struct machine *m, struct cxl_memdev *md)
{
	struct kobject *dir = kobject_lookup(&m->kobjs, NULL, "/dev", "cxl");
	struct strbuf path = STRBUF_INIT;
	char devt[32];

	if (!dir)
		dir = kobject_create(&m->kobjs, NULL, "/dev", "cxl", NULL, 0, NULL);
	kobject_create_chrdev(&m->kobjs, dir, NULL, md->kobj->name, CXL_MEM_MAJOR, (uint32_t)md->id);
	snprintf(devt, sizeof(devt), "%d:%d", CXL_MEM_MAJOR, md->id);
	kobject_path(md->kobj, &path);
	kobject_create_link_abs(&m->kobjs, NULL, "/sys/dev/char", devt, path.buf);
	strbuf_release(&path);
}

void cxl_memdev_register(struct machine *m, struct cxl_memdev *md)
{
	char name[32];

	snprintf(name, sizeof(name), "mem%d", md->id);
	md->kobj = kobject_create(&m->kobjs, md->pdev->kobj, NULL, name, memdev_attrs,
				  (int)(sizeof(memdev_attrs) / sizeof(memdev_attrs[0])), md);
	kobject_create(&m->kobjs, md->kobj, NULL, "ram", partition_attrs, 1, NULL);
	kobject_create(&m->kobjs, md->kobj, NULL, "pmem", partition_attrs, 1, NULL);
	md->bus_link = cxl_bus_link(m, md->kobj);
	add_memdev_node(m, md);
}
