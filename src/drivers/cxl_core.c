/* SPDX-License-Identifier: MIT */
/*
 * drivers/cxl_core.c — the CXL topology as cxl_acpi, cxl_port and cxl_mem build it: the
 * root port with one root decoder per CFMWS window ("CXL Window N" in /proc/iomem), a port
 * per host bridge with its HDM decoders, and per type-3 device a memdev and an endpoint
 * port with its decoders. Decoders firmware committed are read back as committed. Regions
 * are cxl_region.c's; the sysfs files of ports, decoders and memdevs are here.
 */
#include "internal.h"
#include "cxl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/kconfig.h"
#include "fw/cedt.h"
#include "lib/parse.h"
#include "lib/strbuf.h"

#define CXL_DEVICE_PORT			3
#define CXL_DEVICE_ROOT			4

struct cxl_state *cxl_state(struct machine *m)
{
	return m->drv->cxl;
}

static struct machine *kmachine(struct kobject *k)
{
	return k->ctx;
}

static const struct cxl_platform *cxlp(struct machine *m)
{
	return m->plat.cxl;
}

/* ---- ports ---- */

static const char *port_devtype = "cxl_port";

static int port_modalias_id(const struct cxl_port *port)
{
	return port->kind == CXL_PORT_ROOT ? CXL_DEVICE_ROOT : CXL_DEVICE_PORT;
}

static int show_port_devtype(struct kobject *k, struct strbuf *out)
{
	(void)k;
	strbuf_addf(out, "%s\n", port_devtype);
	return 0;
}

static int show_port_modalias(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "cxl:t%d\n", port_modalias_id(k->priv));
	return 0;
}

static int show_port_uevent(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "DEVTYPE=%s\n", port_devtype);
	device_uevent_driver(k, out);
	strbuf_addf(out, "MODALIAS=cxl:t%d\n", port_modalias_id(k->priv));
	return 0;
}

static int show_decoders_committed(struct kobject *k, struct strbuf *out)
{
	const struct cxl_port *port = k->priv;

	strbuf_addf(out, "%d\n", port->commit_end + 1);
	return 0;
}

static bool newest_only(struct kobject *k)
{
	return kmachine(k)->prof->cxl_ram_regions;
}

static bool cxl_config(struct machine *m, enum kconfig_opt opt)
{
	return kconfig_enabled(&m->boot.kconfig, opt);
}

static const struct kobj_attribute port_attrs[] = {
	{ "decoders_committed", 0444, show_decoders_committed, NULL, newest_only },
	{ "devtype", 0444, show_port_devtype },
	{ "modalias", 0444, show_port_modalias },
	{ "uevent", 0644, show_port_uevent, device_uevent_store },
};

/* ---- decoders ---- */

static const char *decoder_devtype(const struct cxl_decoder *d)
{
	static const char *const names[] = {
		[CXL_DECODER_ROOT] = "cxl_decoder_root",
		[CXL_DECODER_SWITCH] = "cxl_decoder_switch",
		[CXL_DECODER_ENDPOINT] = "cxl_decoder_endpoint",
	};

	return names[d->kind];
}

static int show_decoder_devtype(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "%s\n", decoder_devtype(k->priv));
	return 0;
}

/* Decoders are not bus devices with a driver: modalias id 0, as cxl_device_id() gives. */
static int show_decoder_modalias(struct kobject *k, struct strbuf *out)
{
	(void)k;
	strbuf_addstr(out, "cxl:t0\n");
	return 0;
}

static int show_decoder_uevent(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "DEVTYPE=%s\nMODALIAS=cxl:t0\n", decoder_devtype(k->priv));
	return 0;
}

static int show_start(struct kobject *k, struct strbuf *out)
{
	const struct cxl_decoder *d = k->priv;

	strbuf_addf(out, "0x%llx\n", (unsigned long long)(d->size ? d->start : 0));
	return 0;
}

static int show_size(struct kobject *k, struct strbuf *out)
{
	const struct cxl_decoder *d = k->priv;

	strbuf_addf(out, "0x%llx\n", (unsigned long long)d->size);
	return 0;
}

static int show_flag(struct kobject *k, struct strbuf *out, unsigned int flag)
{
	const struct cxl_decoder *d = k->priv;

	strbuf_addf(out, "%s\n", d->flags & flag ? "1" : "0");
	return 0;
}

static int show_cap_pmem(struct kobject *k, struct strbuf *out) { return show_flag(k, out, CXL_DECODER_F_PMEM); }
static int show_cap_ram(struct kobject *k, struct strbuf *out) { return show_flag(k, out, CXL_DECODER_F_RAM); }
static int show_cap_type2(struct kobject *k, struct strbuf *out) { return show_flag(k, out, CXL_DECODER_F_TYPE2); }
static int show_cap_type3(struct kobject *k, struct strbuf *out) { return show_flag(k, out, CXL_DECODER_F_TYPE3); }
static int show_locked(struct kobject *k, struct strbuf *out) { return show_flag(k, out, CXL_DECODER_F_LOCK); }

static int show_ig(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "%u\n", ((struct cxl_decoder *)k->priv)->granularity);
	return 0;
}

static int show_iw(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "%u\n", ((struct cxl_decoder *)k->priv)->ways);
	return 0;
}

static int show_target_list(struct kobject *k, struct strbuf *out)
{
	const struct cxl_decoder *d = k->priv;

	for (int i = 0; i < d->nr_targets && i < (int)d->ways; i++) {
		int t = d->targets[i];

		if (d->kind == CXL_DECODER_SWITCH)	/* dports by their PCIe port number */
			t = cxl_dport_id(&cxlp(kmachine(k))->hb[d->port->hb], t);
		strbuf_addf(out, "%d%s", t, i + 1 < d->nr_targets && i + 1 < (int)d->ways ? "," : "");
	}
	strbuf_addch(out, '\n');
	return 0;
}

static int show_target_type(struct kobject *k, struct strbuf *out)
{
	(void)k;
	strbuf_addstr(out, "expander\n");
	return 0;
}

static int show_qos_class(struct kobject *k, struct strbuf *out)
{
	(void)k;
	strbuf_addstr(out, "-1\n");
	return 0;
}

static int show_region(struct kobject *k, struct strbuf *out)
{
	const struct cxl_decoder *d = k->priv;

	strbuf_addf(out, "%s\n", d->region ? d->region->name : "");
	return 0;
}

const char *cxl_decoder_mode_name(enum cxl_decoder_mode mode)
{
	static const char *const names[] = {
		[CXL_DECODER_NONE] = "none", [CXL_DECODER_RAM] = "ram", [CXL_DECODER_PMEM] = "pmem",
		[CXL_DECODER_MIXED] = "mixed", [CXL_DECODER_DEAD] = "dead",
	};

	return names[mode];
}

static int show_mode(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "%s\n", cxl_decoder_mode_name(((struct cxl_decoder *)k->priv)->mode));
	return 0;
}

static int show_dpa_size(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "0x%016llx\n", (unsigned long long)((struct cxl_decoder *)k->priv)->dpa_size);
	return 0;
}

static int show_dpa_resource(struct kobject *k, struct strbuf *out)
{
	const struct cxl_decoder *d = k->priv;

	strbuf_addf(out, "0x%llx\n", d->dpa_size ? (unsigned long long)d->dpa_base : ~0ULL);
	return 0;
}

static bool root_can_pmem(struct kobject *k)
{
	const struct cxl_decoder *d = k->priv;

	return cxl_config(kmachine(k), KCONFIG_CXL_REGION) && (d->flags & (CXL_DECODER_F_TYPE3 | CXL_DECODER_F_PMEM)) ==
	       (CXL_DECODER_F_TYPE3 | CXL_DECODER_F_PMEM);
}

static bool root_can_ram(struct kobject *k)
{
	const struct cxl_decoder *d = k->priv;

	return newest_only(k) && cxl_config(kmachine(k), KCONFIG_CXL_REGION) &&
	       (d->flags & (CXL_DECODER_F_TYPE3 | CXL_DECODER_F_RAM)) ==
				 (CXL_DECODER_F_TYPE3 | CXL_DECODER_F_RAM);
}

static bool root_can_delete(struct kobject *k)
{
	return root_can_pmem(k) || root_can_ram(k);
}

static const struct kobj_attribute root_decoder_attrs[] = {
	{ "cap_pmem", 0444, show_cap_pmem },
	{ "cap_ram", 0444, show_cap_ram },
	{ "cap_type2", 0444, show_cap_type2 },
	{ "cap_type3", 0444, show_cap_type3 },
	{ "target_list", 0444, show_target_list },
	{ "qos_class", 0444, show_qos_class, NULL, newest_only },
	{ "create_pmem_region", 0644, cxl_show_create_region, cxl_store_create_pmem_region, root_can_pmem },
	{ "create_ram_region", 0644, cxl_show_create_region, cxl_store_create_ram_region, root_can_ram },
	{ "delete_region", 0200, NULL, cxl_store_delete_region, root_can_delete },
	{ "start", 0400, show_start },
	{ "size", 0444, show_size },
	{ "locked", 0444, show_locked },
	{ "interleave_granularity", 0444, show_ig },
	{ "interleave_ways", 0444, show_iw },
	{ "devtype", 0444, show_decoder_devtype },
	{ "modalias", 0444, show_decoder_modalias },
	{ "uevent", 0644, show_decoder_uevent, device_uevent_store },
};

static const struct kobj_attribute switch_decoder_attrs[] = {
	{ "target_type", 0444, show_target_type },
	{ "target_list", 0444, show_target_list },
	{ "region", 0444, show_region },
	{ "start", 0400, show_start },
	{ "size", 0444, show_size },
	{ "locked", 0444, show_locked },
	{ "interleave_granularity", 0444, show_ig },
	{ "interleave_ways", 0444, show_iw },
	{ "devtype", 0444, show_decoder_devtype },
	{ "modalias", 0444, show_decoder_modalias },
	{ "uevent", 0644, show_decoder_uevent, device_uevent_store },
};

static const struct kobj_attribute endpoint_decoder_attrs[] = {
	{ "start", 0400, show_start },
	{ "size", 0444, show_size },
	{ "locked", 0444, show_locked },
	{ "interleave_granularity", 0444, show_ig },
	{ "interleave_ways", 0444, show_iw },
	{ "target_type", 0444, show_target_type },
	{ "mode", 0644, show_mode, cxl_store_mode },
	{ "dpa_size", 0644, show_dpa_size, cxl_store_dpa_size },
	{ "dpa_resource", 0444, show_dpa_resource },
	{ "region", 0444, show_region },
	{ "devtype", 0444, show_decoder_devtype },
	{ "modalias", 0444, show_decoder_modalias },
	{ "uevent", 0644, show_decoder_uevent, device_uevent_store },
};

#define NR_ATTRS(a) ((int)(sizeof(a) / sizeof((a)[0])))

struct kobject *cxl_bus_link(struct machine *m, struct kobject *dev)
{
	struct strbuf path = STRBUF_INIT, target = STRBUF_INIT;
	struct kobject *k;

	kobject_path(dev, &path);
	strbuf_addf(&target, "../../..%s", path.buf + strlen("/sys"));
	k = kobject_create_link(&m->kobjs, cxl_state(m)->devices, NULL, dev->name, target.buf);
	kobject_create_link_abs(&m->kobjs, dev, NULL, "subsystem", "/sys/bus/cxl");
	strbuf_release(&path);
	strbuf_release(&target);
	return k;
}

static void add_decoder_kobj(struct machine *m, struct cxl_decoder *d)
{
	const struct kobj_attribute *attrs = endpoint_decoder_attrs;
	int nr = NR_ATTRS(endpoint_decoder_attrs);

	if (d->kind == CXL_DECODER_ROOT) {
		attrs = root_decoder_attrs;
		nr = NR_ATTRS(root_decoder_attrs);
	} else if (d->kind == CXL_DECODER_SWITCH) {
		attrs = switch_decoder_attrs;
		nr = NR_ATTRS(switch_decoder_attrs);
	}
	snprintf(d->name, sizeof(d->name), "decoder%d.%d", d->port->id, d->id);
	d->kobj = kobject_create(&m->kobjs, d->port->kobj, NULL, d->name, attrs, nr, d);
	d->bus_link = cxl_bus_link(m, d->kobj);
}

static struct cxl_decoder *alloc_decoders(struct cxl_port *port, int n, enum cxl_decoder_kind kind)
{
	port->decoders = calloc((size_t)n, sizeof(*port->decoders));
	if (!port->decoders)
		abort();
	port->nr_decoders = n;
	for (int i = 0; i < n; i++) {
		struct cxl_decoder *d = &port->decoders[i];

		*d = (struct cxl_decoder){ .port = port, .id = i, .kind = kind, .ways = 1,
					   .granularity = 256, .pos = -1, .window = -1, .region_id = -1 };
	}
	return port->decoders;
}

/* ---- building the topology ---- */

static struct kobject *port_kobj(struct machine *m, struct cxl_port *port, struct kobject *parent,
				 const char *name)
{
	port->kobj = kobject_create(&m->kobjs, parent, NULL, name, port_attrs, NR_ATTRS(port_attrs), port);
	port->bus_link = cxl_bus_link(m, port->kobj);
	return port->kobj;
}

/* @name in @dir: a link to device @dev, held relative as sysfs_create_link() shows it. */
static struct kobject *link_device(struct machine *m, struct kobject *dir, const char *name,
				   struct kobject *dev)
{
	struct strbuf path = STRBUF_INIT;
	struct kobject *k;

	kobject_path(dev, &path);
	k = kobject_create_link_abs(&m->kobjs, dir, NULL, name, path.buf);
	strbuf_release(&path);
	return k;
}

/* device_bind_driver(): @dev's driver link to /sys/bus/cxl/drivers/@driver. */
static void bind_driver(struct machine *m, struct kobject *dev, const char *driver)
{
	link_device(m, dev, "driver", kobject_lookup(&m->kobjs, cxl_state(m)->drivers, NULL, driver));
}

/* The device cxl_acpi takes for host bridge @i: its ACPI0016 (6.1) or PCI root bus device. */
static struct kobject *host_bridge_dev(struct machine *m, int i)
{
	const struct acpi_pci_root *root = &cxl_state(m)->pci.roots[i];

	return m->prof->cxl_host_bridge_pci ? root->bus : root->adev;
}

/*
 * cxl_acpi: the root, a root decoder and a "CXL Window N" resource per CFMWS. Its dports
 * are the host bridges, numbered by _UID.
 */
static void add_root(struct machine *m, struct cxl_state *cs)
{
	const struct cxl_platform *cxl = cxlp(m);
	char name[32];

	cs->root = (struct cxl_port){ .id = 0, .kind = CXL_PORT_ROOT, .commit_end = -1, .hb = -1,
				      .memdev = -1 };
	port_kobj(m, &cs->root, cs->acpi_dev, "root0");
	kobject_create_link(&m->kobjs, cs->root.kobj, NULL, "uport", "../../ACPI0017:00");
	for (int i = 0; i < cxl->nr_hb; i++) {
		snprintf(name, sizeof(name), "dport%u", cxl->hb[i].uid);
		link_device(m, cs->root.kobj, name, host_bridge_dev(m, i));
	}
	alloc_decoders(&cs->root, cxl->nr_win, CXL_DECODER_ROOT);
	for (int i = 0; i < cxl->nr_win; i++)
		cxl_root_decoder_init(m, &cs->root.decoders[i], i);
	for (int i = 0; i < cxl->nr_win; i++)
		add_decoder_kobj(m, &cs->root.decoders[i]);
}

/*
 * A host bridge's port (uport: the bridge's device): root ports as dports, numbered by their
 * PCIe port number, HDM decoders (one passthrough if one port). cxl_port binds it.
 */
static void add_host_bridge(struct machine *m, struct cxl_state *cs, int i)
{
	const struct cxl_host_bridge *hb = &cxlp(m)->hb[i];
	const struct acpi_pci_root *root = &cs->pci.roots[i];
	struct cxl_port *port = &cs->hbs[i];
	char name[32];

	*port = (struct cxl_port){ .id = 1 + i, .kind = CXL_PORT_HOST_BRIDGE, .parent = &cs->root,
				   .hb = i, .memdev = -1, .commit_end = -1 };
	snprintf(name, sizeof(name), "port%d", port->id);
	port_kobj(m, port, cs->root.kobj, name);
	link_device(m, port->kobj, "uport", host_bridge_dev(m, i));
	for (int rp = 0; rp < root->nr_root_ports; rp++) {
		snprintf(name, sizeof(name), "dport%d", cxl_dport_id(hb, rp));
		link_device(m, port->kobj, name, root->root_ports[rp].kobj);
	}
	if (!cxl_config(m, KCONFIG_CXL_PORT))
		return;		/* the port driver enumerates dports' decoders */
	bind_driver(m, port->kobj, "cxl_port");
	alloc_decoders(port, hb->nr_root_ports == 1 ? 1 : hb->nr_decoders, CXL_DECODER_SWITCH);
	if (hb->nr_root_ports == 1) {	/* passthrough: decodes whatever the root routes here */
		port->decoders[0].nr_targets = 1;
		port->decoders[0].targets[0] = 0;
		port->decoders[0].granularity = CXL_PASSTHROUGH_GRANULARITY;
	}
	for (int d = 0; d < port->nr_decoders; d++)
		add_decoder_kobj(m, &port->decoders[d]);
}

/*
 * cxl_pci + cxl_mem: memN as a child of its PCI function, endpointE below its host
 * bridge's port (uport: memN). cxl_mem binds the memdev, cxl_port the endpoint.
 */
static void add_memdev(struct machine *m, struct cxl_state *cs, int i)
{
	const struct cxl_platform *cxl = cxlp(m);
	const struct cxl_memdev_desc *desc = &cxl->dev[i];
	struct cxl_memdev *md = &cs->memdevs[i];
	struct cxl_port *ep = &cs->endpoints[i];
	int hb = cxl_find_host_bridge(cxl, desc->hb_uid);
	char name[32];

	*md = (struct cxl_memdev){ .id = i, .desc = i, .endpoint = ep, .pdev = &cs->pci.type3[i] };
	cxl_memdev_register(m, md);
	if (!cxl_config(m, KCONFIG_CXL_MEM) || !cxl_config(m, KCONFIG_CXL_ACPI) ||
	    !cxl_config(m, KCONFIG_CXL_PORT))
		return;		/* cxl_mem attaches endpoints through the ports of the root */
	bind_driver(m, md->kobj, "cxl_mem");
	cxl_add_nvdimm(m, cs, md);
	*ep = (struct cxl_port){ .id = 1 + cxl->nr_hb + i, .kind = CXL_PORT_ENDPOINT,
				 .parent = &cs->hbs[hb], .hb = hb, .memdev = i, .commit_end = -1,
				 .hdm_end = -1 };
	snprintf(name, sizeof(name), "endpoint%d", ep->id);
	port_kobj(m, ep, cs->hbs[hb].kobj, name);
	link_device(m, ep->kobj, "uport", md->kobj);
	bind_driver(m, ep->kobj, "cxl_port");
	alloc_decoders(ep, desc->nr_decoders, CXL_DECODER_ENDPOINT);
	for (int d = 0; d < ep->nr_decoders; d++)
		add_decoder_kobj(m, &ep->decoders[d]);
}

/* bind/unbind of /sys/bus/cxl/drivers/cxl_region: probe or release a region by name. */
static int store_region_bind(struct kobject *k, const char *buf)
{
	struct machine *m = kmachine(k);
	char name[64];
	size_t n = strcspn(buf, "\n");
	struct cxl_region *r;

	if (n >= sizeof(name))
		return -ENODEV;
	memcpy(name, buf, n);
	name[n] = '\0';
	r = cxl_find_region(m, name);
	if (!r)
		return -ENODEV;
	if (!strcmp(k->name, "unbind")) {
		cxl_region_unbind(m, r);
		return 0;
	}
	return r->probed ? -EBUSY : cxl_region_probe(m, r);
}

static const struct kobj_attribute region_driver_attrs[] = {
	{ "bind", 0200, NULL, store_region_bind },
	{ "unbind", 0200, NULL, store_region_bind },
};

/*
 * flush_store(): "1" waits for the CXL bus's queued work (none here: every probe is done
 * when its write returns); anything else is -EINVAL. libcxl writes it before each walk.
 */
static int store_flush(struct kobject *k, const char *buf)
{
	(void)k;
	return sysfs_streq(buf, "1") ? 0 : -EINVAL;
}

static const struct kobj_attribute bus_attrs[] = {
	{ "flush", 0200, NULL, store_flush },
};

static void add_bus(struct machine *m, struct cxl_state *cs)
{
	cs->bus = kobject_create(&m->kobjs, NULL, "/sys/bus", "cxl", bus_attrs, NR_ATTRS(bus_attrs), NULL);
	cs->devices = kobject_create(&m->kobjs, cs->bus, NULL, "devices", NULL, 0, NULL);
	cs->drivers = kobject_create(&m->kobjs, cs->bus, NULL, "drivers", NULL, 0, NULL);
	for (size_t i = 0; i < sizeof(cxl_driver_names) / sizeof(cxl_driver_names[0]); i++) {
		bool region = !strcmp(cxl_driver_names[i], "cxl_region");

		kobject_create(&m->kobjs, cs->drivers, NULL, cxl_driver_names[i],
			       region ? region_driver_attrs : NULL, region ? 2 : 0, NULL);
	}
}

int cxl_probe(struct machine *m)
{
	const struct cxl_platform *cxl = cxlp(m);
	struct cxl_state *cs;

	if (!cxl || m->drv->cxl || !cxl_config(m, KCONFIG_CXL_BUS))
		return 0;
	cs = calloc(1, sizeof(*cs));
	if (!cs)
		abort();
	m->drv->cxl = cs;
	cs->nr_hbs = cxl->nr_hb;
	cs->hbs = calloc((size_t)cxl->nr_hb + 1, sizeof(*cs->hbs));
	cs->nr_memdevs = cxl->nr_dev;
	cs->memdevs = calloc((size_t)cxl->nr_dev + 1, sizeof(*cs->memdevs));
	cs->endpoints = calloc((size_t)cxl->nr_dev + 1, sizeof(*cs->endpoints));
	if (!cs->hbs || !cs->memdevs || !cs->endpoints)
		abort();
	add_bus(m, cs);
	pci_topology_add(m, &cs->pci);
	cs->acpi_dev = acpi_cxl_root_add(m, &cs->pci, cxl_config(m, KCONFIG_CXL_ACPI));
	if (cxl_config(m, KCONFIG_CXL_ACPI)) {
		add_root(m, cs);
		for (int i = 0; i < cxl->nr_hb; i++)
			add_host_bridge(m, cs, i);
		cxl_add_nvdimm_bridge(m, cs);
	}
	for (int i = 0; cxl_config(m, KCONFIG_CXL_PCI) && i < cxl->nr_dev; i++)
		add_memdev(m, cs, i);
	if (!cs->endpoints[0].kobj || !cs->hbs[0].decoders)
		return 0;
	cxl_read_committed_decoders(m);
	if (!cxl_config(m, KCONFIG_CXL_REGION))
		return 0;
	return cxl_region_autodiscover(m);
}

void cxl_release(struct machine *m)
{
	struct cxl_state *cs = m->drv->cxl;

	if (!cs)
		return;
	cxl_regions_release(m);
	free(cs->root.decoders);
	for (int i = 0; i < cs->nr_hbs; i++)
		free(cs->hbs[i].decoders);
	for (int i = 0; i < cs->nr_memdevs; i++)
		free(cs->endpoints[i].decoders);
	free(cs->hbs);
	free(cs->memdevs);
	free(cs->endpoints);
	pci_topology_release(&cs->pci);
	free(cs);
	m->drv->cxl = NULL;
}

bool cxl_defers_range(struct machine *m, uint64_t start, uint64_t size)
{
	struct cxl_state *cs = cxl_state(m);

	if (!cs || !m->prof->cxl_ram_regions || !cxl_config(m, KCONFIG_CXL_REGION))
		return false;
	for (int i = 0; i < cs->root.nr_decoders; i++) {
		const struct resource *w = cs->root.decoders[i].res;

		if (w && w->start < start + size && start <= w->end)
			return true;
	}
	return false;
}

struct cxl_decoder *cxl_find_decoder(struct machine *m, const char *name)
{
	struct cxl_state *cs = cxl_state(m);
	int port, id;
	char tail;

	if (!cs || sscanf(name, "decoder%d.%d%c", &port, &id, &tail) != 2 || port < 0 || id < 0)
		return NULL;
	struct cxl_port *p = cxl_port_by_id(cs, port);

	return p && id < p->nr_decoders ? &p->decoders[id] : NULL;
}

struct cxl_port *cxl_port_by_id(struct cxl_state *cs, int id)
{
	if (id == 0)
		return &cs->root;
	if (id <= cs->nr_hbs)
		return &cs->hbs[id - 1];
	if (id <= cs->nr_hbs + cs->nr_memdevs)
		return &cs->endpoints[id - 1 - cs->nr_hbs];
	return NULL;
}
