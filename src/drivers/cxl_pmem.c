/* SPDX-License-Identifier: MIT */
/*
 * drivers/cxl_pmem.c — the CXL bus's persistent-memory devices: cxl_acpi registers one
 * nvdimm-bridge0 below root0 when a window may hold persistent memory, and cxl_mem a
 * pmemN (cxl_nvdimm) below each memN with persistent capacity once that bridge exists.
 * Their driver, cxl_pmem, is not modelled: they stay unbound, as on 6.1 without it.
 */
#include "internal.h"
#include "cxl.h"

#include <stdio.h>

#include "fw/cedt.h"

struct cxl_dev_type {
	const char *devtype;
	int modalias_id;			/* cxl:tN */
};

static const struct cxl_dev_type nvdimm_bridge_type = { "cxl_nvdimm_bridge", 1 };
static const struct cxl_dev_type nvdimm_type = { "cxl_nvdimm", 2 };

static int show_devtype(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "%s\n", ((const struct cxl_dev_type *)k->priv)->devtype);
	return 0;
}

static int show_modalias(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "cxl:t%d\n", ((const struct cxl_dev_type *)k->priv)->modalias_id);
	return 0;
}

static int show_uevent(struct kobject *k, struct strbuf *out)
{
	const struct cxl_dev_type *t = k->priv;

	strbuf_addf(out, "DEVTYPE=%s\nMODALIAS=cxl:t%d\n", t->devtype, t->modalias_id);
	return 0;
}

static const struct kobj_attribute cxl_pmem_attrs[] = {
	{ "devtype", 0444, show_devtype },
	{ "modalias", 0444, show_modalias },
	{ "uevent", 0644, show_uevent, device_uevent_store },
};

static struct kobject *add_dev(struct machine *m, struct kobject *parent, const char *name,
			       const struct cxl_dev_type *type)
{
	struct kobject *k = kobject_create(&m->kobjs, parent, NULL, name, cxl_pmem_attrs,
					   (int)(sizeof(cxl_pmem_attrs) / sizeof(cxl_pmem_attrs[0])),
					   (void *)type);

	cxl_bus_link(m, k);
	return k;
}

/* add_root_nvdimm_bridge(): the first window that allows persistent memory makes the bridge. */
void cxl_add_nvdimm_bridge(struct machine *m, struct cxl_state *cs)
{
	const struct cxl_platform *cxl = m->plat.cxl;

	for (int i = 0; i < cxl->nr_win; i++) {
		if (cxl->win[i].restrictions & ACPI_CEDT_CFMWS_RESTRICT_PMEM) {
			cs->nvdimm_bridge = add_dev(m, cs->root.kobj, "nvdimm-bridge0", &nvdimm_bridge_type);
			return;
		}
	}
}

/* devm_cxl_add_nvdimm(): pmemN for memN with persistent capacity, when a bridge exists. */
void cxl_add_nvdimm(struct machine *m, struct cxl_state *cs, struct cxl_memdev *md)
{
	char name[32];

	if (!cs->nvdimm_bridge || !m->plat.cxl->dev[md->desc].pmem_size)
		return;
	snprintf(name, sizeof(name), "pmem%d", md->id);
	add_dev(m, md->kobj, name, &nvdimm_type);
}
