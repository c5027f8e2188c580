/* SPDX-License-Identifier: MIT */
/*
 * drivers/pci_root.c — what ACPI (acpi_pci_root) and PCI enumeration make of the platform's
 * CXL host bridges before the CXL drivers load: the ACPI0016 devices, their root buses, the
 * root ports and the type-3 functions (layout and bus numbering: drivers/pci.h). The CXL
 * core points its uport and dportN links here, and libcxl resolves them.
 */
#include "internal.h"
#include "pci.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw/cedt.h"

/* QEMU 7.2's ids: cxl-rp (a PCIe root port) and cxl-type3 (a CXL memory device). */
#define PCI_VENDOR_ID_INTEL		0x8086
#define PCI_VENDOR_ID_REDHAT_QUMRANET	0x1af4
#define PCI_SUBDEVICE_ID_QEMU		0x1100
#define CXL_ROOT_PORT_DEVICE_ID		0x7075
#define CXL_TYPE3_DEVICE_ID		0x0d93
#define CXL_TYPE3_REVISION		1
#define PCI_CLASS_BRIDGE_PCI_NORMAL	0x060400
#define PCI_CLASS_MEMORY_CXL		0x050210

#define NR_ATTRS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* An ACPI device is named for its _HID and instance: "ACPI0016:01" has hid ACPI0016. */
static int show_hid(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "%.*s\n", (int)strcspn(k->name, ":"), k->name);
	return 0;
}

static int show_uid(struct kobject *k, struct strbuf *out)
{
	const struct acpi_pci_root *root = k->priv;
	const struct cxl_platform *cxl = ((struct machine *)k->ctx)->plat.cxl;

	strbuf_addf(out, "%u\n", cxl->hb[root->hb].uid);
	return 0;
}

static const struct kobj_attribute acpi_bus_attrs[] = {
	{ "hid", 0444, show_hid },
};

/* QEMU names a pxb-cxl's ACPI device CL<bus_nr in hex>; memhp's own bridges likewise by UID. */
static int show_path(struct kobject *k, struct strbuf *out)
{
	const struct acpi_pci_root *root = k->priv;

	strbuf_addf(out, "\\_SB_.CL%02X\n", root->busnr);
	return 0;
}

static int show_adr(struct kobject *k, struct strbuf *out)
{
	(void)k;
	strbuf_addstr(out, "0x00000000\n");
	return 0;
}

/* An ACPI0016 is also a PCIe (PNP0A08) and PCI (PNP0A03) host bridge, its _CID says. */
static int show_acpi_modalias(struct kobject *k, struct strbuf *out)
{
	strbuf_addstr(out, "acpi:ACPI0016:PNP0A08:PNP0A03:\n");
	(void)k;
	return 0;
}

static int show_acpi_uevent(struct kobject *k, struct strbuf *out)
{
	strbuf_addstr(out, "MODALIAS=");
	return show_acpi_modalias(k, out);
}

static const struct kobj_attribute acpi_host_bridge_attrs[] = {
	{ "path", 0444, show_path },
	{ "hid", 0444, show_hid },
	{ "modalias", 0444, show_acpi_modalias },
	{ "adr", 0444, show_adr },
	{ "uid", 0444, show_uid },
	{ "uevent", 0644, show_acpi_uevent, device_uevent_store },
};

static int show_empty(struct kobject *k, struct strbuf *out)
{
	(void)k;
	(void)out;
	return 0;
}

static const struct kobj_attribute pci_bus_attrs[] = {
	{ "uevent", 0644, show_empty, device_uevent_store },
};

/* A config-space field's file, as pci-sysfs.c's pci_config_attr() makes them. */
#define PCI_CONFIG_ATTR(name, field, fmt)					\
	static int show_##name(struct kobject *k, struct strbuf *out)		\
	{									\
		strbuf_addf(out, fmt, ((struct pci_dev *)k->priv)->field);	\
		return 0;							\
	}

PCI_CONFIG_ATTR(vendor, vendor, "0x%04x\n")
PCI_CONFIG_ATTR(device, device, "0x%04x\n")
PCI_CONFIG_ATTR(subsystem_vendor, subsystem_vendor, "0x%04x\n")
PCI_CONFIG_ATTR(subsystem_device, subsystem_device, "0x%04x\n")
PCI_CONFIG_ATTR(revision, revision, "0x%02x\n")
PCI_CONFIG_ATTR(class, class, "0x%06x\n")
PCI_CONFIG_ATTR(secondary_bus_number, secondary_bus, "%u\n")
PCI_CONFIG_ATTR(numa_node, nid, "%d\n")

static bool is_bridge(struct kobject *k)
{
	return ((struct pci_dev *)k->priv)->secondary_bus != 0;
}

static int show_pci_uevent(struct kobject *k, struct strbuf *out)
{
	const struct pci_dev *pdev = k->priv;

	device_uevent_driver(k, out);
	strbuf_addf(out, "PCI_CLASS=%X\nPCI_ID=%04X:%04X\nPCI_SUBSYS_ID=%04X:%04X\nPCI_SLOT_NAME=%s\n",
		    pdev->class, pdev->vendor, pdev->device, pdev->subsystem_vendor,
		    pdev->subsystem_device, pdev->name);
	strbuf_addf(out, "MODALIAS=pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X\n", pdev->vendor,
		    pdev->device, pdev->subsystem_vendor, pdev->subsystem_device, pdev->class >> 16,
		    (pdev->class >> 8) & 0xff, pdev->class & 0xff);
	return 0;
}

/* pci_dev_attrs (the ones CXL tools read; config space, resources, AER, links are not). */
static const struct kobj_attribute pci_dev_attrs[] = {
	{ "vendor", 0444, show_vendor },
	{ "device", 0444, show_device },
	{ "subsystem_vendor", 0444, show_subsystem_vendor },
	{ "subsystem_device", 0444, show_subsystem_device },
	{ "revision", 0444, show_revision },
	{ "class", 0444, show_class },
	{ "numa_node", 0444, show_numa_node },
	{ "secondary_bus_number", 0444, show_secondary_bus_number, NULL, is_bridge },
	{ "subordinate_bus_number", 0444, show_secondary_bus_number, NULL, is_bridge },
	{ "uevent", 0644, show_pci_uevent, device_uevent_store },
};

static void pci_dev_add(struct machine *m, struct pci_dev *pdev, struct kobject *parent)
{
	char drv[64];

	snprintf(pdev->name, sizeof(pdev->name), "%04x:%02x:%02x.%x", pdev->segment, pdev->bus,
		 pdev->devfn >> 3, pdev->devfn & 7);
	pdev->kobj = kobject_create(&m->kobjs, parent, NULL, pdev->name, pci_dev_attrs,
				    NR_ATTRS(pci_dev_attrs), pdev);
	device_power_dir(m, pdev->kobj);
	snprintf(drv, sizeof(drv), "/sys/bus/pci/drivers/%s", pdev->driver);
	kobject_create_link_abs(&m->kobjs, pdev->kobj, NULL, "driver", drv);
}

/* Each other's ACPI companion: physical_node on the ACPI device, firmware_node on @dev. */
static void link_companions(struct machine *m, struct kobject *adev, struct kobject *dev)
{
	struct strbuf path = STRBUF_INIT;

	kobject_path(dev, &path);
	kobject_create_link_abs(&m->kobjs, adev, NULL, "physical_node", path.buf);
	strbuf_reset(&path);
	kobject_path(adev, &path);
	kobject_create_link_abs(&m->kobjs, dev, NULL, "firmware_node", path.buf);
	strbuf_release(&path);
}

/* Host bridge @i with its root bus at @segment:@busnr and root ports on that bus. */
static void add_root(struct machine *m, struct pci_topology *t, int i, unsigned int segment,
		     unsigned int busnr)
{
	const struct cxl_host_bridge *hb = &m->plat.cxl->hb[i];
	struct acpi_pci_root *root = &t->roots[i];
	char name[32];

	*root = (struct acpi_pci_root){ .segment = segment, .busnr = busnr, .hb = i,
					.nr_root_ports = hb->nr_root_ports };
	snprintf(name, sizeof(name), "ACPI0016:%02x", i);
	root->adev = kobject_create(&m->kobjs, t->acpi_bus, NULL, name, acpi_host_bridge_attrs,
				    NR_ATTRS(acpi_host_bridge_attrs), root);
	snprintf(name, sizeof(name), "pci%04x:%02x", segment, busnr);
	root->bus = kobject_create(&m->kobjs, NULL, "/sys/devices", name, pci_bus_attrs,
				   NR_ATTRS(pci_bus_attrs), root);
	device_power_dir(m, root->bus);
	link_companions(m, root->adev, root->bus);
	root->root_ports = calloc((size_t)hb->nr_root_ports, sizeof(*root->root_ports));
	if (!root->root_ports)
		abort();
	for (int rp = 0; rp < hb->nr_root_ports; rp++) {
		root->root_ports[rp] = (struct pci_dev){
			.segment = segment, .bus = busnr, .devfn = (unsigned int)rp << 3,
			.vendor = PCI_VENDOR_ID_INTEL, .device = CXL_ROOT_PORT_DEVICE_ID,
			.subsystem_vendor = PCI_VENDOR_ID_INTEL, .class = PCI_CLASS_BRIDGE_PCI_NORMAL,
			.nid = hb->nid, .secondary_bus = busnr + 1 + (unsigned int)rp, .driver = "pcieport",
		};
		pci_dev_add(m, &root->root_ports[rp], root->bus);
	}
}

/* The type-3 function of memdev @i: function 0 of device 0 on its root port's bus. */
static void add_type3(struct machine *m, struct pci_topology *t, int i)
{
	const struct cxl_platform *cxl = m->plat.cxl;
	const struct cxl_memdev_desc *desc = &cxl->dev[i];
	int hb = cxl_find_host_bridge(cxl, desc->hb_uid);
	const struct pci_dev *rp = &t->roots[hb].root_ports[desc->root_port];

	t->type3[i] = (struct pci_dev){
		.segment = rp->segment, .bus = rp->secondary_bus, .devfn = 0,
		.vendor = PCI_VENDOR_ID_INTEL, .device = CXL_TYPE3_DEVICE_ID,
		.subsystem_vendor = PCI_VENDOR_ID_REDHAT_QUMRANET,
		.subsystem_device = PCI_SUBDEVICE_ID_QEMU, .revision = CXL_TYPE3_REVISION,
		.class = PCI_CLASS_MEMORY_CXL, .nid = rp->nid, .driver = "cxl_pci",
	};
	pci_dev_add(m, &t->type3[i], rp->kobj);
}

void pci_topology_add(struct machine *m, struct pci_topology *t)
{
	const struct cxl_platform *cxl = m->plat.cxl;
	unsigned int segment = 0, busnr = PCI_FIRST_CXL_BUS;
	struct kobject *sys;

	t->nr_roots = cxl->nr_hb;
	t->nr_type3 = cxl->nr_dev;
	t->roots = calloc((size_t)cxl->nr_hb + 1, sizeof(*t->roots));
	t->type3 = calloc((size_t)cxl->nr_dev + 1, sizeof(*t->type3));
	if (!t->roots || !t->type3)
		abort();
	sys = kobject_create(&m->kobjs, NULL, "/sys/devices", "LNXSYSTM:00", acpi_bus_attrs,
			     NR_ATTRS(acpi_bus_attrs), NULL);
	t->acpi_bus = kobject_create(&m->kobjs, sys, NULL, "LNXSYBUS:00", acpi_bus_attrs,
				     NR_ATTRS(acpi_bus_attrs), NULL);
	for (int i = 0; i < cxl->nr_hb; i++) {
		unsigned int need = 1 + (unsigned int)cxl->hb[i].nr_root_ports;

		if (cxl->hb[i].busnr) {		/* firmware's (QEMU bus_nr=) */
			add_root(m, t, i, 0, cxl->hb[i].busnr);
			continue;
		}
		if (busnr + need > 0x100) {
			segment++;
			busnr = 0;
		}
		add_root(m, t, i, segment, busnr);
		busnr += need;
	}
	for (int i = 0; i < cxl->nr_dev; i++)
		add_type3(m, t, i);
}

/* ACPI0017 (the CXL root, "CEDT present"): its platform device and its ACPI companion. */
static int show_acpi0017_modalias(struct kobject *k, struct strbuf *out)
{
	(void)k;
	strbuf_addstr(out, "acpi:ACPI0017:\n");
	return 0;
}

static int show_acpi0017_uevent(struct kobject *k, struct strbuf *out)
{
	device_uevent_driver(k, out);
	strbuf_addstr(out, "MODALIAS=");
	return show_acpi0017_modalias(k, out);
}

static int show_driver_override(struct kobject *k, struct strbuf *out)
{
	(void)k;
	strbuf_addstr(out, "(null)\n");
	return 0;
}

static int show_acpi0017_hid(struct kobject *k, struct strbuf *out)
{
	(void)k;
	strbuf_addstr(out, "ACPI0017\n");
	return 0;
}

static const struct kobj_attribute acpi0017_platform_attrs[] = {
	{ "driver_override", 0644, show_driver_override },
	{ "modalias", 0444, show_acpi0017_modalias },
	{ "uevent", 0644, show_acpi0017_uevent, device_uevent_store },
};

static const struct kobj_attribute acpi0017_adev_attrs[] = {
	{ "hid", 0444, show_acpi0017_hid },
	{ "modalias", 0444, show_acpi0017_modalias },
	{ "uevent", 0644, show_acpi0017_uevent, device_uevent_store },
};

struct kobject *acpi_cxl_root_add(struct machine *m, struct pci_topology *t, bool bound)
{
	struct kobject *pdev = kobject_create(&m->kobjs, NULL, "/sys/devices/platform", "ACPI0017:00",
					      acpi0017_platform_attrs, NR_ATTRS(acpi0017_platform_attrs), NULL);
	struct kobject *adev = kobject_create(&m->kobjs, t->acpi_bus, NULL, "ACPI0017:00",
					      acpi0017_adev_attrs, NR_ATTRS(acpi0017_adev_attrs), NULL);

	device_power_dir(m, pdev);
	link_companions(m, adev, pdev);
	kobject_create_link_abs(&m->kobjs, pdev, NULL, "subsystem", "/sys/bus/platform");
	if (bound)
		kobject_create_link_abs(&m->kobjs, pdev, NULL, "driver", "/sys/bus/platform/drivers/cxl_acpi");
	return pdev;
}


void pci_topology_release(struct pci_topology *t)
{
	for (int i = 0; i < t->nr_roots; i++)
		free(t->roots[i].root_ports);
	free(t->roots);
	free(t->type3);
	*t = (struct pci_topology){ 0 };
}
