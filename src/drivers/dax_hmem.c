/* SPDX-License-Identifier: MIT */
/*
 * drivers/dax_hmem.c — Soft Reserved memory as dax (drivers/dax/hmem/): at boot the
 * built-in half (CONFIG_DEV_DAX_HMEM_DEVICES) makes a platform device hmem.N per
 * "Soft Reserved" range, its resource wrapping the firmware's; the dax_hmem module binds
 * them and makes each a dax region with one device over the whole range (spec 50 §6).
 */
#include "internal.h"
#include "cxl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/parse.h"

/* A platform device hmem.N. */
struct hmem_device {
	int id;				/* memregion id: the N */
	uint64_t start, end;		/* bytes, end inclusive */
	int target_node;		/* phys_to_target_node(start) */
	int numa_node;			/* numa_map_to_online_node(target_node) */
	struct kobject *kobj;		/* /sys/devices/platform/hmem.N */
	struct kobject *driver_link, *drv_dev_link;
	struct dax_region *region;	/* while dax_hmem is bound */
	struct hmem_device *next;
};

int memregion_alloc(struct machine *m)
{
	uint64_t *used = dax_bus(m)->memregions;

	for (int i = 0; i < (int)sizeof(dax_bus(m)->memregions) * 8; i++)
		if (!(used[i / 64] & (1ULL << (i % 64)))) {
			used[i / 64] |= 1ULL << (i % 64);
			return i;
		}
	return -ENOMEM;
}

void memregion_free(struct machine *m, int id)
{
	dax_bus(m)->memregions[id / 64] &= ~(1ULL << (id % 64));
}

/*
 * phys_to_target_node(): the SRAT node of @addr, ranges beyond boot RAM included (they
 * live in numa_reserved_meminfo); without an SRAT the one dummy node covers boot RAM only.
 */
static int phys_to_target_node(const struct machine *m, uint64_t addr)
{
	const struct platform *p = &m->plat;

	if (!p->numa)
		return addr < PFN_PHYS(m->boot.max_pfn) ? 0 : NUMA_NO_NODE;
	for (int i = 0; i < p->nr_srat; i++)
		if (p->srat[i].start <= addr && addr < p->srat[i].end)
			return p->srat[i].nid;
	return NUMA_NO_NODE;
}

/* numa_map_to_online_node(): an offline node maps to the nearest online one (all equidistant). */
static int map_to_online_node(const struct machine *m, int nid)
{
	if (nid == NUMA_NO_NODE || node_state(&m->nodes, nid, N_ONLINE))
		return nid;
	for (int n = 0; n < m->nr_node_ids; n++)
		if (node_state(&m->nodes, n, N_ONLINE))
			return n;
	return nid;
}

static struct hmem_device *kobj_hmem(struct kobject *kobj)
{
	return kobj->priv;
}

static int modalias_show(struct kobject *kobj, struct strbuf *out)
{
	(void)kobj;
	strbuf_addstr(out, "platform:hmem\n");
	return 0;
}

static int numa_node_show(struct kobject *kobj, struct strbuf *out)
{
	strbuf_addf(out, "%d\n", kobj_hmem(kobj)->numa_node);
	return 0;
}

static bool numa_node_visible(struct kobject *kobj)
{
	return kobj_hmem(kobj)->numa_node != NUMA_NO_NODE;
}

static int driver_override_show(struct kobject *kobj, struct strbuf *out)
{
	(void)kobj;
	strbuf_addstr(out, "(null)\n");
	return 0;
}

static int uevent_show(struct kobject *kobj, struct strbuf *out)
{
	struct hmem_device *h = kobj_hmem(kobj);

	if (h->region)
		strbuf_addstr(out, "DRIVER=hmem\n");
	strbuf_addstr(out, "MODALIAS=platform:hmem\n");
	return 0;
}

static const struct kobj_attribute hmem_attrs[] = {
	{ "driver_override", 0644, driver_override_show, NULL, NULL },
	{ "modalias", 0444, modalias_show, NULL, NULL },
	{ "numa_node", 0444, numa_node_show, NULL, numa_node_visible },
	{ "uevent", 0644, uevent_show, NULL, NULL },
};

/* /sys/bus/platform with devices/ and drivers/ (the platform bus is always there). */
static struct kobject *platform_bus(struct machine *m, const char *sub)
{
	struct kobject *bus = kobject_lookup(&m->kobjs, NULL, "/sys/bus", "platform");

	if (!bus) {
		bus = kobject_create(&m->kobjs, NULL, "/sys/bus", "platform", NULL, 0, NULL);
		kobject_create(&m->kobjs, bus, NULL, "devices", NULL, 0, NULL);
		kobject_create(&m->kobjs, bus, NULL, "drivers", NULL, 0, NULL);
	}
	return sub ? kobject_lookup(&m->kobjs, bus, NULL, sub) : bus;
}

/* hmem_register_device(): the platform device and its resource over the range. */
static void hmem_register_device(struct machine *m, const struct resource *sr)
{
	struct hmem_device *h;
	char name[32];		/* "hmem.<id>" */
	char target[64];	/* "/sys/devices/platform/" + name */
	int id;

	if (cxl_defers_range(m, sr->start, sr->end - sr->start + 1))
		return;		/* "deferring range to CXL" */
	h = calloc(1, sizeof(*h));
	id = memregion_alloc(m);
	if (!h)
		abort();
	if (id < 0) {
		free(h);
		return;
	}
	*h = (struct hmem_device){ .id = id, .start = sr->start, .end = sr->end };
	h->target_node = phys_to_target_node(m, h->start);
	h->numa_node = map_to_online_node(m, h->target_node);
	snprintf(name, sizeof(name), "hmem.%d", id);
	insert_resource(m->iomem, h->start, h->end - h->start + 1, name, IORESOURCE_MEM);
	h->kobj = kobject_create(&m->kobjs, NULL, "/sys/devices/platform", name, hmem_attrs,
				 (int)(sizeof(hmem_attrs) / sizeof(hmem_attrs[0])), h);
	device_power_dir(m, h->kobj);
	kobject_create_link_abs(&m->kobjs, h->kobj, NULL, "subsystem", "/sys/bus/platform");
	snprintf(target, sizeof(target), "/sys/devices/platform/%s", name);
	kobject_create_link_abs(&m->kobjs, platform_bus(m, "devices"), NULL, h->kobj->name, target);
	struct hmem_device **tail = &m->drv->hmem;

	while (*tail)
		tail = &(*tail)->next;
	*tail = h;
}

/* Every "Soft Reserved" resource, at any depth, in address order (walk_iomem_res_desc). */
static int find_soft_reserved(struct resource *parent, struct resource ***out, int n)
{
	for (struct resource *r = parent->child; r; r = r->sibling) {
		if (!strcmp(r->name, "Soft Reserved") && !(r->flags & IORESOURCE_BUSY)) {
			*out = realloc(*out, sizeof(**out) * (size_t)(n + 1));
			if (!*out)
				abort();
			(*out)[n++] = r;
		} else {
			n = find_soft_reserved(r, out, n);
		}
	}
	return n;
}

/* The late_initcall: one hmem.N per range, found first since each insert reshapes the tree. */
void hmem_init(struct machine *m)
{
	struct resource **found = NULL;
	int n = find_soft_reserved(m->iomem, &found, 0);

	platform_bus(m, NULL);
	for (int i = 0; i < n; i++)
		hmem_register_device(m, found[i]);
	free(found);
}

/* dax_hmem_probe(): a dax region with PMD alignment and its first device. */
static int dax_hmem_probe(struct machine *m, struct hmem_device *h)
{
	struct dax_region_desc d = {
		.parent = h->kobj, .id = h->id, .start = h->start, .size = h->end - h->start + 1,
		.target_node = h->target_node, .numa_node = h->numa_node, .align = PMD_SIZE,
		.idle = m->drv->dax_hmem_region_idle,
	};
	struct kobject *drv = kobject_lookup(&m->kobjs, platform_bus(m, "drivers"), NULL, "hmem");
	struct strbuf path = STRBUF_INIT;
	int ret = dax_region_create(m, &d, &h->region);

	if (ret)
		return ret;
	kobject_path(drv, &path);
	h->driver_link = kobject_create_link_abs(&m->kobjs, h->kobj, NULL, "driver", path.buf);
	strbuf_reset(&path);
	kobject_path(h->kobj, &path);
	h->drv_dev_link = kobject_create_link_abs(&m->kobjs, drv, NULL, h->kobj->name, path.buf);
	strbuf_release(&path);
	return 0;
}

/* dax_hmem.region_idle=Y|N as a modprobe parameter. */
static void parse_params(struct machine *m, const char *params)
{
	const char *p = strstr(params, "region_idle");
	bool b;

	if (!p)
		return;
	p += strlen("region_idle");
	if (*p == '\0' || *p == ' ')
		m->drv->dax_hmem_region_idle = true;
	else if (*p == '=' && !kstrtobool(p + 1, &b))
		m->drv->dax_hmem_region_idle = b;
}

int dax_hmem_load(struct machine *m, const char *params)
{
	parse_params(m, params);
	kobject_create(&m->kobjs, platform_bus(m, "drivers"), NULL, "hmem", NULL, 0, NULL);
	for (struct hmem_device *h = m->drv->hmem; h; h = h->next)
		dax_hmem_probe(m, h);
	return 0;
}

void dax_hmem_unload(struct machine *m)
{
	struct kobject *drv = kobject_lookup(&m->kobjs, platform_bus(m, "drivers"), NULL, "hmem");

	for (struct hmem_device *h = m->drv->hmem; h; h = h->next) {
		if (!h->region)
			continue;
		dax_region_destroy(m, h->region);
		h->region = NULL;
		kobject_del(&m->kobjs, h->driver_link);
		h->driver_link = h->drv_dev_link = NULL;
	}
	if (drv)
		kobject_del(&m->kobjs, drv);
}

void hmem_release(struct machine *m)
{
	while (m->drv->hmem) {
		struct hmem_device *h = m->drv->hmem;

		m->drv->hmem = h->next;
		free(h);
	}
}
