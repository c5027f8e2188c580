/* SPDX-License-Identifier: MIT */
/*
 * drivers/machine.c — boot to a running machine: platform, setup_arch, memory init, ACPI
 * memory devices present at power-on (added while booting, so mem= still limits them and
 * auto_online_blocks applies), then the modules the scenario loads (virtio_mem).
 */
#include "internal.h"
#include "cxl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw/fwmap.h"
#include "fw/qemu.h"
#include "hotplug/init.h"

static int coldplug(struct machine *m)
{
	for (int slot = 0; slot < m->plat.nr_slots; slot++)
		for (int i = 0; i < m->plat.nr_mdevs; i++) {
			const struct mdev *d = &m->plat.mdevs[i];

			if (d->kind == MDEV_PC_DIMM && d->slot == slot)
				acpi_memory_device_add(m, d);
		}
	return 0;
}

/* The scenario's modules: line, as modprobe would load them; unknown names are ignored. */
static void load_modules(struct machine *m, const char *modules)
{
	char name[64];
	int n;

	while (modules && sscanf(modules, "%63s%n", name, &n) == 1) {
		module_load_at_boot(m, name, &m->drv->modprobe_log);
		modules += n;
	}
}

/* The profile's Kconfig with the user's overrides applied in order. */
static int machine_kconfig(struct kconfig *kc, const struct kernel_profile *prof,
			   const struct machine_config *cfg, struct strbuf *err)
{
	kconfig_init(kc, prof->kconfig, prof->name);
	for (int i = 0; i < cfg->nr_config; i++) {
		struct strbuf e = STRBUF_INIT;

		if (kconfig_set(kc, cfg->config[i], &e)) {
			strbuf_addf(err, "--config %s", e.buf);
			strbuf_release(&e);
			return -EINVAL;
		}
		strbuf_release(&e);
	}
	return 0;
}

/* pci_iommu_init() (rootfs_initcall): with bounce buffering on, the pool is announced. */
static void pci_iommu_init(struct machine *m)
{
	uint64_t start = m->boot.swiotlb_start, bytes = m->boot.swiotlb_bytes;

	if (!start)
		return;
	kmsg(m, "PCI-DMA: Using software bounce buffering for IO (SWIOTLB)");
	kmsg(m, "software IO TLB: mapped [mem 0x%016llx-0x%016llx] (%lluMB)", (unsigned long long)start,
	     (unsigned long long)(start + bytes), (unsigned long long)(bytes >> 20));
}

/* --udev-online TYPE: the MMOP_* the rule writes, -1 without a rule, -2 (with @err) if bad. */
static int udev_online_type(const char *type, struct strbuf *err)
{
	int t = type ? online_type_from_str(type) : -1;

	if (!type)
		return -1;
	if (t <= MMOP_OFFLINE) {
		strbuf_addf(err, "--udev-online: expected online, online_kernel or online_movable, "
			    "got '%s'", type);
		return -2;
	}
	return t;
}

/* Free @drv and its logs; what it lists (devices, regions, buses) is released before. */
static void drivers_free(struct drivers *drv)
{
	free(drv->mem_err_inject);
	strbuf_release(&drv->events);
	strbuf_release(&drv->modprobe_log);
	strbuf_release(&drv->event_log);
	free(drv);
}

struct machine *machine_boot(const struct machine_config *cfg, struct strbuf *err)
{
	struct kconfig kc;
	const struct kernel_profile *prof = cfg->kernel ? kernel_profile_find(cfg->kernel) :
				      kernel_profile_default();
	struct machine *m;

	if (!prof) {
		strbuf_addf(err, "--kernel: unknown kernel profile '%s' (known: 6.1, 6.18)", cfg->kernel);
		return NULL;
	}
	if (machine_kconfig(&kc, prof, cfg, err))
		return NULL;
	int udev_type = udev_online_type(cfg->udev_online, err);

	if (udev_type < -1)
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		abort();
	m->drv = calloc(1, sizeof(*m->drv));
	if (!m->drv)
		abort();
	pthread_mutex_init(&m->lock, NULL);
	kobj_registry_init(&m->kobjs, m);
	m->prof = prof;
	strbuf_init(&m->drv->events);
	strbuf_init(&m->drv->modprobe_log);
	strbuf_init(&m->drv->event_log);
	struct boot_options bopt = cfg->boot;

	bopt.kconfig = &kc;

	if (cfg->fwmap_path) {
		bool hv;

		if (fwmap_platform_from_file(&m->plat, cfg->fwmap_path, &hv, err))
			goto out_free;
		bopt.bare_metal = !hv;
	} else if (qemu_platform_from_args(&m->plat, cfg->qemu_args ? cfg->qemu_args : "", err)) {
		goto out_free;
	}
	if (boot_setup(&m->boot, &m->plat, prof, cfg->cmdline ? cfg->cmdline : "", &bopt, err))
		goto out_platform;
	machine_init_memory(m);
	m->udev_online_type = udev_type;
	m->booting = true;
	dax_bus_init(m);
	coldplug(m);
	pci_iommu_init(m);
	if (prof->cxl_ram_regions)
		cxl_probe(m);	/* newest: dax_hmem waits for cxl_acpi (softdep) and defers to it */
	if (kconfig_enabled(&m->boot.kconfig, KCONFIG_DEV_DAX_HMEM))
		hmem_init(m);	/* DEV_DAX_HMEM_DEVICES: built in whenever dax_hmem exists */
	module_init_builtin(m);
	if (!prof->cxl_ram_regions)
		cxl_probe(m);	/* 6.1: hmem.N took their memregion ids at boot, cxl_acpi loads later */
	m->booting = false;
	load_modules(m, cfg->modules);
	udev_settle(m);			/* udev's coldplug trigger replays the adds */
	strbuf_reset(&m->drv->events);
	strbuf_reset(&m->drv->event_log);
	return m;

out_platform:
	platform_free(&m->plat);
out_free:
	kobj_registry_release(&m->kobjs);
	drivers_free(m->drv);
	free(m);
	return NULL;
}

const char *drivers_modprobe_log(struct machine *m)
{
	return m->drv->modprobe_log.buf;
}

void machine_free(struct machine *m)
{
	if (!m)
		return;
	kobj_registry_release(&m->kobjs);	/* before the drivers that own the objects */
	dax_bus_release(m);
	hmem_release(m);
	cxl_release(m);
	while (m->drv->acpi) {
		struct acpi_memory_device *a = m->drv->acpi;

		m->drv->acpi = a->next;
		free(a);
	}
	while (m->drv->vmem) {
		struct virtio_mem *vm = m->drv->vmem;

		m->drv->vmem = vm->next;
		virtio_mem_release(vm);
	}
	drivers_free(m->drv);
	machine_release_memory(m);
	boot_state_release(&m->boot);
	platform_free(&m->plat);
	pthread_mutex_destroy(&m->lock);
	free(m);
}
