/* SPDX-License-Identifier: MIT */
/*
 * drivers/module.c — loadable modules of the emulated kernel: what `modprobe NAME` and
 * `modprobe -r NAME` do on the running machine (inside `memhp ns` the module tools are
 * this, never the host kernel's). A module is a row of one table: its init and exit.
 * Names compare as the kernel's module loader compares them, '-' and '_' alike.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/parse.h"
#include "lib/strbuf.h"

struct memhp_module {
	const char *name;			/* as lsmod prints it */
	/* Caller holds m->lock. 0 or -errno, nothing changed on error. */
	int (*init)(struct machine *m, const char *params);
	/* NULL: cannot be unloaded while the machine runs (in use). */
	void (*exit)(struct machine *m);
	int kconfig;				/* KCONFIG_*: n = no such module, y = built in */
	const char *dep;			/* loaded first; removed with it if unused */
};

/* virtio_mem: probe every virtio-mem device the machine has (spec 40, virtio-mem). */
static int virtio_mem_init(struct machine *m, const char *params)
{
	(void)params;
	m->drv->virtio_mem_loaded = true;
	for (int i = 0; i < m->plat.nr_mdevs; i++)
		if (m->plat.mdevs[i].kind == MDEV_VIRTIO_MEM)
			virtio_mem_probe(m, &m->plat.mdevs[i]);
	return 0;
}

/* dax_hmem: the "hmem" platform driver; each hmem.N becomes a dax region (spec 50 §6). */
static int dax_hmem_init(struct machine *m, const char *params)
{
	return dax_hmem_load(m, params);
}

/* device_dax and kmem: dax bus drivers; loading binds what they match, unloading unbinds. */
static int device_dax_init(struct machine *m, const char *params)
{
	(void)params;
	return dax_driver_register(m, &dax_bus(m)->device_dax);
}

static void device_dax_exit(struct machine *m)
{
	dax_driver_unregister(m, &dax_bus(m)->device_dax);
}

static int kmem_init(struct machine *m, const char *params)
{
	(void)params;
	return dax_driver_register(m, &dax_bus(m)->kmem);
}

static void kmem_exit(struct machine *m)
{
	dax_driver_unregister(m, &dax_bus(m)->kmem);
}

static const struct memhp_module modules[] = {
	{ "virtio_mem", virtio_mem_init, NULL, KCONFIG_VIRTIO_MEM },
	{ "dax_hmem", dax_hmem_init, dax_hmem_unload, KCONFIG_DEV_DAX_HMEM },
	{ "device_dax", device_dax_init, device_dax_exit, KCONFIG_DEV_DAX },
	{ "kmem", kmem_init, kmem_exit, KCONFIG_DEV_DAX_KMEM },
	{ "notifier_error_inject", notifier_err_inject_init, notifier_err_inject_exit,
	  KCONFIG_NOTIFIER_ERROR_INJECTION },
	{ "memory_notifier_error_inject", memory_notifier_err_inject_init,
	  memory_notifier_err_inject_exit, KCONFIG_MEMORY_NOTIFIER_ERROR_INJECT, "notifier_error_inject" },
};
#define NR_MODULES ((int)(sizeof(modules) / sizeof(modules[0])))
_Static_assert(sizeof(modules) / sizeof(modules[0]) <= sizeof(((struct drivers *)0)->module_kobj) /
	       sizeof(struct kobject *), "one /sys/module slot per module");

static int initstate_show(struct kobject *kobj, struct strbuf *out)
{
	(void)kobj;
	strbuf_addstr(out, "live\n");
	return 0;
}

static int refcnt_show(struct kobject *kobj, struct strbuf *out)
{
	(void)kobj;
	strbuf_addstr(out, "0\n");
	return 0;
}

/* A module's /sys/module/NAME; built-in code has the directory but no initstate or refcnt. */
static const struct kobj_attribute module_attrs[] = {
	{ "initstate", 0444, initstate_show, NULL, NULL },
	{ "refcnt", 0444, refcnt_show, NULL, NULL },
};

static void module_sysfs_add(struct machine *m, int i, bool builtin)
{
	m->drv->module_kobj[i] = kobject_create(&m->kobjs, NULL, "/sys/module", modules[i].name,
						builtin ? NULL : module_attrs,
						builtin ? 0 : (int)(sizeof(module_attrs) / sizeof(module_attrs[0])),
						NULL);
}

static void module_sysfs_del(struct machine *m, int i)
{
	if (m->drv->module_kobj[i])
		kobject_del(&m->kobjs, m->drv->module_kobj[i]);
	m->drv->module_kobj[i] = NULL;
}

static bool module_name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (*a != *b && !((*a == '-' || *a == '_') && (*b == '-' || *b == '_')))
			return false;
	return *a == *b;
}

static int module_find(const char *name)
{
	for (int i = 0; i < NR_MODULES; i++)
		if (module_name_eq(modules[i].name, name))
			return i;
	return -1;
}

static bool loaded(const struct machine *m, int i)
{
	return m->drv->modules_loaded & (1UL << i);
}

bool module_is_loaded(struct machine *m, const char *name)
{
	int i = module_find(name);

	return i >= 0 && loaded(m, i);
}

/*
 * parse_args() of load_module for a module's int parameters @names (NULL-ended):
 * "NAME=VALUE" words; a known one takes kstrtoint(VALUE, 0) (failure: the kernel's line,
 * -EINVAL or -ERANGE, and the module must not load); an unknown one is ignored with a
 * warning.
 */
int module_param_ints(struct machine *m, const char *mod, const char *args,
		      const char *const *names, int *values)
{
	char word[256];
	int n;

	while (sscanf(args, "%255s%n", word, &n) == 1) {
		char *val = strchr(word, '=');
		int i = 0;

		args += n;
		if (val)
			*val++ = '\0';
		while (names[i] && !module_name_eq(names[i], word))
			i++;
		if (!names[i]) {
			kmsg(m, "%s: unknown parameter '%s' ignored", mod, word);
			continue;
		}
		int ret = val ? kstrtoint(val, &values[i]) : -EINVAL;

		if (ret) {
			kmsg(m, "%s: `%s' invalid for parameter `%s'", mod, val ? val : "", word);
			return ret;
		}
	}
	return 0;
}

/* Caller holds m->lock. Loading a loaded module succeeds and does nothing, as modprobe. */
int module_load(struct machine *m, const char *name, const char *params)
{
	int i = module_find(name), ret;

	if (i < 0 || !kconfig_enabled(&m->boot.kconfig, modules[i].kconfig))
		return -ENOENT;
	if (loaded(m, i))
		return 0;
	if (modules[i].dep) {		/* modprobe inserts dependencies first, and keeps them */
		ret = module_load(m, modules[i].dep, "");
		if (ret)
			return ret;
	}
	ret = modules[i].init(m, params ? params : "");
	if (!ret) {
		m->drv->modules_loaded |= 1UL << i;
		module_sysfs_add(m, i, false);
	}
	return ret;
}

/* Built-in (=y) drivers initialise at boot, in table order; they can never be unloaded. */
void module_init_builtin(struct machine *m)
{
	for (int i = 0; i < NR_MODULES; i++)
		if (kconfig_builtin(&m->boot.kconfig, modules[i].kconfig) && !modules[i].init(m, "")) {
			m->drv->modules_loaded |= 1UL << i;
			module_sysfs_add(m, i, true);
		}
}

static bool module_in_use(const struct machine *m, int i)
{
	for (int j = 0; j < NR_MODULES; j++)
		if (loaded(m, j) && modules[j].dep && module_name_eq(modules[j].dep, modules[i].name))
			return true;
	return !modules[i].exit || kconfig_builtin(&m->boot.kconfig, modules[i].kconfig);
}

/*
 * Caller holds m->lock. Unloading a module that is not loaded succeeds (modprobe -r); one
 * that another loaded module depends on is in use (-EBUSY). A dependency nothing else
 * uses goes with it, as modprobe -r removes it.
 */
int module_unload(struct machine *m, const char *name)
{
	int i = module_find(name);

	if (i < 0 || !kconfig_enabled(&m->boot.kconfig, modules[i].kconfig))
		return -ENOENT;
	if (kconfig_builtin(&m->boot.kconfig, modules[i].kconfig))
		return -EPERM;	/* modprobe: "is builtin" */
	if (!loaded(m, i))
		return 0;
	if (module_in_use(m, i))
		return -EBUSY;
	modules[i].exit(m);
	m->drv->modules_loaded &= ~(1UL << i);
	module_sysfs_del(m, i);
	if (modules[i].dep) {
		int d = module_find(modules[i].dep);

		if (loaded(m, d) && !module_in_use(m, d))
			module_unload(m, modules[d].name);
	}
	return 0;
}

/* modprobe's own words for a failed request. */
static void module_error_message(struct machine *m, const char *name, int ret, struct strbuf *reply)
{
	if (ret == -ENOENT)
		strbuf_addf(reply, "modprobe: FATAL: Module %s not found in directory /lib/modules/%s\n",
			    name, m->prof->release);
	else if (ret == -EBUSY)
		strbuf_addf(reply, "modprobe: FATAL: Module %s is in use.\n", modules[module_find(name)].name);
	else if (ret == -EPERM)
		strbuf_addf(reply, "modprobe: FATAL: Module %s is builtin.\n", modules[module_find(name)].name);
	else if (ret)	/* kmod names the module as the kernel does, with '_' */
		strbuf_addf(reply, "modprobe: ERROR: could not insert '%s': %s\n",
			    modules[module_find(name)].name, strerror(-ret));
}

/*
 * One modprobe request: "NAME [PARAM...]" loads, "-r NAME" unloads. @reply gets
 * modprobe's own message on failure ("modprobe: FATAL: Module x not found ...").
 */
int module_request(struct machine *m, const char *line, struct strbuf *reply)
{
	char name[64];
	int n = 0, ret;
	bool remove = !strncmp(line, "-r ", 3);

	if (remove)
		line += 3;
	while (*line == ' ')
		line++;
	if (sscanf(line, "%63s%n", name, &n) != 1) {
		strbuf_addstr(reply, "modprobe: ERROR: missing module name.\n");
		return -EINVAL;
	}
	while (line[n] == ' ')
		n++;
	pthread_mutex_lock(&m->lock);
	ret = remove ? module_unload(m, name) : module_load(m, name, line + n);
	udev_settle(m);
	if (!ret)
		m->generation++;
	pthread_mutex_unlock(&m->lock);
	module_error_message(m, name, ret, reply);
	return ret;
}

/*
 * machine_boot(): one module of the scenario's modules: line, loaded as the oracle's init
 * does (`modprobe NAME || echo "modprobe NAME failed"`, output kept in @log). Names memhp
 * does not model are modules every profile has: they load, silently.
 */
void module_load_at_boot(struct machine *m, const char *name, struct strbuf *log)
{
	int i = module_find(name), ret;

	if (i < 0)
		return;
	ret = module_load(m, name, "");
	if (!ret)
		return;
	module_error_message(m, name, ret, log);
	strbuf_addf(log, "modprobe %s failed\n", name);
}

/* "NAME\n" per loaded module, in table order (what lsmod would list of ours). */
void module_list(struct machine *m, struct strbuf *out)
{
	for (int i = 0; i < NR_MODULES; i++)
		if (loaded(m, i) && !kconfig_builtin(&m->boot.kconfig, modules[i].kconfig))	/* not in lsmod */
			strbuf_addf(out, "%s\n", modules[i].name);
}
