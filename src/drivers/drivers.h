/* SPDX-License-Identifier: MIT */
/*
 * drivers/drivers.h — the drivers that add and remove memory, and the QEMU monitor that
 * drives the hardware: ACPI memory devices (pc-dimm, acpi_memhotplug), virtio-mem (SBM),
 * and QMP events as QEMU emits them. Also the machine's boot sequence end to end.
 */
#ifndef MEMHP_DRIVERS_DRIVERS_H
#define MEMHP_DRIVERS_DRIVERS_H

#include "boot/setup.h"
#include "hotplug/machine.h"

struct strbuf;

#define MAX_CONFIG_OVERRIDES 64

struct machine_config {
	const char *qemu_args;		/* QEMU command line (platform), or NULL */
	const char *fwmap_path;		/* firmware map file instead of QEMU args, or NULL */
	const char *cmdline;		/* kernel command line as /proc/cmdline shows it */
	const char *kernel;		/* profile name, NULL = default */
	const char *modules;		/* modules loaded after boot ("virtio_pci virtio_mem") */
	const char *udev_online;	/* memhp-only udev rule: online|online_kernel|online_movable */
	struct boot_options boot;
	const char *config[MAX_CONFIG_OVERRIDES];	/* Kconfig "NAME=y|m|n" over the profile's */
	int nr_config;
};

/*
 * Boot a machine: platform, setup_arch, memory init, cold-plugged ACPI memory devices,
 * modules. Returns NULL with @err set (naming the field at fault) on bad input.
 */
struct machine *machine_boot(const struct machine_config *cfg, struct strbuf *err);
void machine_free(struct machine *m);

/*
 * Run one QEMU human-monitor command line (object_add, object_del, device_add,
 * device_del, qom-set, qom-get, info memory-devices). @reply receives the HMP reply text
 * ("" or "error: ..."); QMP events are queued (drivers_take_events). Takes m->lock.
 * Returns 0, or -errno when QEMU reported an error.
 */
int monitor_command(struct machine *m, const char *line, struct strbuf *reply);
/*
 * Loadable modules of the emulated kernel (drivers/module.c). module_request() runs one
 * modprobe request, "NAME [PARAM...]" or "-r NAME", taking m->lock; @reply gets
 * modprobe's message on failure. Returns 0, -ENOENT (no such module), -EBUSY (in use)
 * or the module's init error. The others: caller holds m->lock.
 */
int module_request(struct machine *m, const char *line, struct strbuf *reply);
int module_load(struct machine *m, const char *name, const char *params);
int module_unload(struct machine *m, const char *name);
bool module_is_loaded(struct machine *m, const char *name);
/* Initialise the drivers configured =y (at boot, before any modprobe). */
void module_init_builtin(struct machine *m);
/* Boot: load one module of the scenario's modules: line; modprobe's failure text to @log. */
void module_load_at_boot(struct machine *m, const char *name, struct strbuf *log);
/* What modprobe printed while the machine booted (the oracle's /tmp/modprobe.log). */
const char *drivers_modprobe_log(struct machine *m);
/* One loaded module name per line. Caller holds m->lock. */
void module_list(struct machine *m, struct strbuf *out);

/*
 * The memhp-only udev rule: online what the kernel's add left offline (drivers/udev.c).
 * Caller holds m->lock. Every door (device event, modprobe, sysfs write) ends with it.
 */
void udev_settle(struct machine *m);

/* Append queued QMP events as "event: NAME {json}" lines to @out and clear the queue. */
void drivers_take_events(struct machine *m, struct strbuf *out);
/*
 * Append the event log: every QMP event since boot (the newest 1 MiB), one line each as a
 * QMP client receives it: {"timestamp": {"seconds": S, "microseconds": U}, "event": NAME,
 * "data": {...}}. Reading does not consume it. Caller holds m->lock.
 */
void drivers_show_event_log(struct machine *m, struct strbuf *out);

#endif
