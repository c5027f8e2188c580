/* SPDX-License-Identifier: MIT */
/*
 * drivers/pci.h — the ACPI and PCI devices CXL hangs from (pci_root.c): an ACPI0016 host
 * bridge per CEDT CHBS, its PCI root bus, one root port per CXL-capable downstream port,
 * and the type-3 function below a root port. ACPI and PCI enumeration make them before any
 * CXL driver loads; the CXL core links to them (uport, dportN) and the memdev is a child
 * of its function, as on Linux 6.1 with QEMU's pxb-cxl, cxl-rp and cxl-type3:
 *
 *   /sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0016:NN   hid, uid, physical_node -> the bus
 *   /sys/devices/pciSSSS:BB                           firmware_node -> ACPI0016:NN
 *       SSSS:BB:DD.0                                  root port DD (vendor, device, class)
 *           SSSS:SB:00.0                              the type-3 function (SB: its bus)
 *               memN                                  the memdev (cxl_core.c)
 *
 * Bus numbers are given out as firmware does, depth first: each host bridge takes a root
 * bus and one secondary bus per root port, from its QEMU bus_nr or else from 0x34 up; a
 * bridge whose buses do not fit below 0x100 starts the next PCI segment at bus 0. Every
 * function expects m->lock held.
 */
#ifndef MEMHP_DRIVERS_PCI_H
#define MEMHP_DRIVERS_PCI_H

#include <stdbool.h>
#include <stdint.h>

struct machine;
struct kobject;

#define PCI_FIRST_CXL_BUS	0x34	/* memhp's choice: the first host bridge's root bus */

struct pci_dev {			/* a PCI function */
	unsigned int segment, bus, devfn;	/* its address: SSSS:BB:DD.F */
	uint16_t vendor, device;
	uint16_t subsystem_vendor, subsystem_device;
	uint8_t revision;
	uint32_t class;			/* base class, subclass, programming interface */
	unsigned int secondary_bus;	/* a bridge's bus below it (0: not a bridge) */
	const char *driver;		/* the PCI driver that binds it (pcieport, cxl_pci) */
	int nid;			/* numa_node: its host bridge's node, or -1 */
	char name[40];			/* "SSSS:BB:DD.F" */
	struct kobject *kobj;
};

struct acpi_pci_root {			/* an ACPI0016 host bridge and its root bus */
	unsigned int segment, busnr;	/* PCI segment, root bus number */
	int hb;				/* platform host bridge index (ACPI0016:hb) */
	struct kobject *adev;		/* /sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0016:NN */
	struct kobject *bus;		/* /sys/devices/pciSSSS:BB */
	struct pci_dev *root_ports;	/* by root port index; port number = index */
	int nr_root_ports;
};

struct pci_topology {			/* owned by the CXL core's state */
	struct kobject *acpi_bus;	/* LNXSYSTM:00/LNXSYBUS:00 */
	struct acpi_pci_root *roots;	/* by platform host bridge index */
	int nr_roots;
	struct pci_dev *type3;		/* by platform memdev index */
	int nr_type3;
};

/* Enumerate every host bridge, root port and type-3 function of the platform's CXL. */
void pci_topology_add(struct machine *m, struct pci_topology *t);
void pci_topology_release(struct pci_topology *t);
/*
 * ACPI0017, the CXL root: /sys/devices/platform/ACPI0017:00 (cxl_acpi's device, bound when
 * @bound) and its ACPI companion on LNXSYBUS:00. Returns the platform device.
 */
struct kobject *acpi_cxl_root_add(struct machine *m, struct pci_topology *t, bool bound);

#endif
