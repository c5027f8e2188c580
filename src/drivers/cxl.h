/* SPDX-License-Identifier: MIT */
/*
 * drivers/cxl.h — the CXL core (drivers/cxl): the ports and decoders cxl_acpi, cxl_port and
 * cxl_mem build from the platform's CEDT and devices, the memory devices, and regions.
 *
 *   /sys/devices/platform/ACPI0017:00/root0            the CXL root (port id 0)
 *       decoder0.N                                     root decoders: one per CFMWS window
 *           regionM                                    regions created in that window
 *       portP  (P = 1..)                               a host bridge; dportR = root ports
 *           decoderP.N                                 its HDM (switch) decoders
 *           endpointE                                  a memdev's port
 *               decoderE.N                             endpoint decoders (DPA -> HPA)
 *   /sys/devices/pciSSSS:BB/.../SSSS:SB:00.0/memI      the type-3 devices, on their PCI
 *                                                      functions (drivers/pci.h)
 *   /sys/bus/cxl/devices/NAME                          links to all of the above
 *
 * Regions follow the kernel's state machine (CXL_CONFIG_IDLE → INTERLEAVE_ACTIVE when
 * size is set → ACTIVE when every target is attached → COMMIT), with its errno values.
 * 6.1 creates persistent regions only (create_pmem_region); the newest profile also has
 * create_ram_region, assembles regions from decoders firmware committed, and hands RAM
 * regions to the dax core (drivers/dax.h) — which binds them to kmem.
 *
 * Every function expects m->lock held; on failure nothing changed.
 */
#ifndef MEMHP_DRIVERS_CXL_H
#define MEMHP_DRIVERS_CXL_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/pci.h"
#include "fw/cedt.h"
#include "hotplug/machine.h"

#define CXL_DECODER_F_RAM	(1U << 0)
#define CXL_DECODER_F_PMEM	(1U << 1)
#define CXL_DECODER_F_TYPE2	(1U << 2)
#define CXL_DECODER_F_TYPE3	(1U << 3)
#define CXL_DECODER_F_LOCK	(1U << 4)
#define CXL_DECODER_F_ENABLE	(1U << 5)

enum cxl_decoder_kind { CXL_DECODER_ROOT, CXL_DECODER_SWITCH, CXL_DECODER_ENDPOINT };
enum cxl_decoder_mode { CXL_DECODER_NONE, CXL_DECODER_RAM, CXL_DECODER_PMEM, CXL_DECODER_MIXED,
			CXL_DECODER_DEAD };
enum cxl_config_state {
	CXL_CONFIG_IDLE,
	CXL_CONFIG_INTERLEAVE_ACTIVE,
	CXL_CONFIG_ACTIVE,
	CXL_CONFIG_RESET_PENDING,
	CXL_CONFIG_COMMIT,
};
enum cxl_port_kind { CXL_PORT_ROOT, CXL_PORT_HOST_BRIDGE, CXL_PORT_ENDPOINT };

struct cxl_port;
struct cxl_region;
struct dax_region;

struct cxl_decoder {
	struct cxl_port *port;
	int id;					/* N of decoderP.N */
	char name[32];
	enum cxl_decoder_kind kind;
	uint64_t start, size;			/* hpa_range, bytes (size 0: none) */
	unsigned int ways, granularity;
	unsigned int flags;			/* CXL_DECODER_F_* */
	int targets[16];			/* dport ids by position (root, switch) */
	int nr_targets;
	bool committed;
	struct cxl_region *region;		/* switch/endpoint: the region it decodes for */
	/* root decoders */
	int window;				/* platform window index */
	int region_id;				/* the next region's id (memregion) */
	struct resource *res;			/* "CXL Window N" */
	/* endpoint decoders */
	enum cxl_decoder_mode mode;
	uint64_t dpa_base, dpa_size, skip;	/* the DPA allocation; dpa_size 0: none */
	int pos;				/* position in its region, -1 */
	struct kobject *kobj, *bus_link;
};

struct cxl_port {
	int id;
	enum cxl_port_kind kind;
	struct cxl_port *parent;
	int hb;					/* host bridge: platform index */
	int memdev;				/* endpoint: memdev index */
	struct cxl_decoder *decoders;
	int nr_decoders;
	int commit_end;				/* last committed decoder id, -1 */
	int hdm_end;				/* endpoint: last decoder with DPA, -1 */
	struct kobject *kobj, *bus_link;
};

struct cxl_memdev {
	int id;					/* memN */
	int desc;				/* platform memdev index */
	struct cxl_port *endpoint;
	struct pci_dev *pdev;			/* its PCI function, the memdev's parent */
	struct kobject *kobj, *bus_link;
};

struct cxl_region {
	int id;
	char name[32];
	struct cxl_decoder *root;		/* the root decoder it lives in */
	enum cxl_decoder_mode mode;
	enum cxl_config_state state;
	unsigned int ways, granularity;
	uint8_t uuid[16];
	struct resource *res;			/* "regionN" under the window */
	struct cxl_decoder *targets[16];	/* endpoint decoders by position */
	int nr_targets;
	struct cxl_decoder *hb_dec[CXL_MAX_HOST_BRIDGES];	/* its decoder in each host bridge */
	int hb_eps[CXL_MAX_HOST_BRIDGES];	/* endpoints attached through that host bridge */
	bool autodiscovered;			/* assembled from committed decoders */
	bool probed;				/* the cxl_region driver bound it */
	struct dax_region *dax;			/* its dax region (RAM, newest) */
	struct kobject *kobj, *bus_link, *dax_kobj;
	struct kobject *driver_link;		/* "driver" while probed */
	struct cxl_region *next;
};

struct cxl_state {
	struct cxl_port root;
	struct cxl_port *hbs;			/* platform order */
	int nr_hbs;
	struct cxl_memdev *memdevs;
	int nr_memdevs;
	struct cxl_port *endpoints;		/* by memdev */
	struct cxl_region *regions;		/* by id */
	struct pci_topology pci;		/* the ACPI and PCI devices below it all */
	struct kobject *acpi_dev, *bus, *devices, *drivers;
	struct kobject *nvdimm_bridge;		/* nvdimm-bridge0, or NULL (cxl_pmem.c) */
};

/* cxl_pmem.c: nvdimm-bridge0 below root0 if a window allows pmem; pmemN below memN. */
void cxl_add_nvdimm_bridge(struct machine *m, struct cxl_state *cs);
void cxl_add_nvdimm(struct machine *m, struct cxl_state *cs, struct cxl_memdev *md);

/*
 * cxl_acpi + cxl_pci + cxl_mem + cxl_port probing at boot, as udev loads them on a
 * distribution: root, windows ("CXL Window N" in /proc/iomem), host bridge ports,
 * memdevs, endpoints and their decoders; then (newest) regions from committed decoders.
 * No CXL in the platform: nothing. 0 or -errno.
 */
int cxl_probe(struct machine *m);
void cxl_release(struct machine *m);
/*
 * hmem_register_device()'s question (newest, CXL_REGION): does [start, start+size) meet a
 * CXL window? Then the CXL region driver owns it and dax_hmem leaves it alone.
 */
bool cxl_defers_range(struct machine *m, uint64_t start, uint64_t size);
struct cxl_state *cxl_state(struct machine *m);

/* Find a decoder by its device name ("decoder3.0"), or NULL. */
struct cxl_decoder *cxl_find_decoder(struct machine *m, const char *name);
struct cxl_region *cxl_find_region(struct machine *m, const char *name);

/* The region driver: probe a committed region (its dax region for RAM, newest). */
int cxl_region_probe(struct machine *m, struct cxl_region *r);
void cxl_region_unbind(struct machine *m, struct cxl_region *r);

/* ---- shared by the cxl_*.c files ---- */
#define CXL_MEM_MAJOR	247		/* dynamic in Linux; Debian 6.1 under QEMU gave 247 (tests/oracle-cxl) */
#define CXL_PASSTHROUGH_GRANULARITY 4096	/* PAGE_SIZE: a one-dport port's decoder (cxl_port) */
static const char *const cxl_driver_names[] = { "cxl_mem", "cxl_port", "cxl_region" };

struct cxl_port *cxl_port_by_id(struct cxl_state *cs, int id);
/* /sys/bus/cxl/devices/NAME -> @dev's directory. */
struct kobject *cxl_bus_link(struct machine *m, struct kobject *dev);
/* memdev.c: memN below @md->pdev (id and pdev set), its partitions, node and bus link. */
void cxl_memdev_register(struct machine *m, struct cxl_memdev *md);
const char *cxl_decoder_mode_name(enum cxl_decoder_mode mode);
void cxl_root_decoder_init(struct machine *m, struct cxl_decoder *d, int window);
/* Decoders firmware committed (platform cxl-committed lines), read back at probe. */
void cxl_read_committed_decoders(struct machine *m);
int cxl_region_autodiscover(struct machine *m);
void cxl_regions_release(struct machine *m);
/* hdm.c: commit/reset one decoder, in id order per port. 0, or -EBUSY out of order. */
int cxl_decoder_commit(struct cxl_decoder *d);
int cxl_decoder_reset(struct cxl_decoder *d);
/* A host bridge decoder's granularity below a root of @root_ways at @root_gran (setup_targets). */
unsigned int cxl_hb_granularity(unsigned int root_ways, unsigned int root_gran, unsigned int hb_ways);
/* sysfs stores and shows behind the decoders' files */
int cxl_show_create_region(struct kobject *k, struct strbuf *out);
int cxl_store_create_pmem_region(struct kobject *k, const char *buf);
int cxl_store_create_ram_region(struct kobject *k, const char *buf);
int cxl_store_delete_region(struct kobject *k, const char *buf);
int cxl_store_mode(struct kobject *k, const char *buf);
int cxl_store_dpa_size(struct kobject *k, const char *buf);
int cxl_store_commit(struct kobject *k, const char *buf);

#endif
