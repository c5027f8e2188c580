/* SPDX-License-Identifier: MIT */
/*
 * drivers/notifier_inject.c — the kernel's notifier error injection for the memory
 * notifier chain (CONFIG_MEMORY_NOTIFIER_ERROR_INJECT, as the hotplug selftest uses it).
 *
 * Two modules: `notifier-error-inject` owns the debugfs directory
 * /sys/kernel/debug/notifier-error-inject; `memory-notifier-error-inject` (depends on it,
 * parameter `priority`) adds memory/actions/<ACTION>/error for MEM_GOING_ONLINE and
 * MEM_GOING_OFFLINE and subscribes to the memory notifier chain. Each error file holds an
 * errno (0: none), read as "%lld\n"; a write is a signed kstrtoll number clamped to
 * -MAX_ERRNO..0 after truncation to int. While an action's error is non-zero the
 * subscriber logs "Injecting error (E) to ACTION" and vetoes that event with it, so
 * online/offline fails with that errno and unwinds (spec 40 §1 step 3, §2 step 6).
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hotplug/memory_hotplug.h"
#include "lib/parse.h"

#define MAX_ERRNO		4095
#define ERR_INJECT_DIR		"notifier-error-inject"
#define SIMPLE_ATTR_BUF		24	/* struct simple_attr.set_buf: longer writes are cut */

struct err_inject_action {
	unsigned long val;		/* MEM_* event */
	const char *name;		/* its directory under actions/ */
	int error;			/* 0 or -errno */
};

struct memory_err_inject {
	struct notifier_block nb;
	struct err_inject_action actions[2];
	struct kobject *dir;		/* notifier-error-inject/memory */
};

static int errno_show(struct kobject *kobj, struct strbuf *out)
{
	const struct err_inject_action *a = kobj->priv;

	strbuf_addf(out, "%lld\n", (long long)a->error);
	return 0;
}

/* debugfs simple attribute, signed: kstrtoll(buf, 0), then clamp_t(int, v, -4095, 0). */
static int errno_store(struct kobject *kobj, const char *buf)
{
	struct err_inject_action *a = kobj->priv;
	char cut[SIMPLE_ATTR_BUF];
	long long v;
	int ret;

	strncpy(cut, buf, sizeof(cut) - 1);
	cut[sizeof(cut) - 1] = '\0';
	ret = kstrtoll(cut, &v);
	if (ret)
		return ret;
	int e = (int)(unsigned int)(unsigned long long)v;	/* the u64 → int of clamp_t */

	a->error = e < -MAX_ERRNO ? -MAX_ERRNO : e > 0 ? 0 : e;
	return 0;
}

static const struct kobj_attribute errno_attrs[] = {
	{ "error", 0600, errno_show, errno_store, NULL },	/* S_IRUSR | S_IWUSR */
};

static int err_inject_callback(struct notifier_block *nb, unsigned long action, void *data)
{
	struct memory_err_inject *inj = nb->priv;
	struct machine *m = inj->dir->ctx;
	int err = 0;

	(void)data;
	for (int i = 0; i < 2; i++)
		if (inj->actions[i].val == action) {
			err = inj->actions[i].error;
			if (err)
				kmsg(m, "Injecting error (%d) to %s", err, inj->actions[i].name);
			break;
		}
	return notifier_from_errno(err);
}

int notifier_err_inject_init(struct machine *m, const char *params)
{
	if (module_param_ints(m, "notifier_error_inject", params, (const char *const[]){ NULL }, NULL))
		return -EINVAL;
	m->drv->err_inject_dir = kobject_create(&m->kobjs, NULL, "/sys/kernel/debug", ERR_INJECT_DIR,
						NULL, 0, NULL);
	return m->drv->err_inject_dir ? 0 : -ENOMEM;
}

void notifier_err_inject_exit(struct machine *m)
{
	kobject_del(&m->kobjs, m->drv->err_inject_dir);
	m->drv->err_inject_dir = NULL;
}

/* notifier_err_inject_init(): memory/actions/<NAME>/error per action. */
static struct kobject *create_action_dirs(struct machine *m, struct memory_err_inject *inj)
{
	struct kobject *dir = kobject_create(&m->kobjs, m->drv->err_inject_dir, NULL, "memory",
					     NULL, 0, inj);
	struct kobject *actions = dir ? kobject_create(&m->kobjs, dir, NULL, "actions", NULL, 0, inj) : NULL;

	if (!actions)
		goto fail;
	for (int i = 0; i < 2; i++)
		if (!kobject_create(&m->kobjs, actions, NULL, inj->actions[i].name, errno_attrs, 1,
				    &inj->actions[i]))
			goto fail;
	return dir;
fail:
	if (dir)
		kobject_del(&m->kobjs, dir);
	return NULL;
}

int memory_notifier_err_inject_init(struct machine *m, const char *params)
{
	static const char *const names[] = { "priority", NULL };
	int priority = 0, ret = module_param_ints(m, "memory_notifier_error_inject", params, names, &priority);

	if (ret)
		return ret;
	struct memory_err_inject *inj = calloc(1, sizeof(*inj));

	if (!inj)
		abort();
	inj->actions[0] = (struct err_inject_action){ MEM_GOING_ONLINE, "MEM_GOING_ONLINE", 0 };
	inj->actions[1] = (struct err_inject_action){ MEM_GOING_OFFLINE, "MEM_GOING_OFFLINE", 0 };
	inj->dir = create_action_dirs(m, inj);
	if (!inj->dir) {
		free(inj);
		return -ENOMEM;
	}
	inj->nb = (struct notifier_block){ .notifier_call = err_inject_callback,
					   .priority = priority, .priv = inj };
	register_memory_notifier(m, &inj->nb);
	m->drv->mem_err_inject = inj;
	return 0;
}

void memory_notifier_err_inject_exit(struct machine *m)
{
	struct memory_err_inject *inj = m->drv->mem_err_inject;

	unregister_memory_notifier(m, &inj->nb);
	kobject_del(&m->kobjs, inj->dir);
	free(inj);
	m->drv->mem_err_inject = NULL;
}
