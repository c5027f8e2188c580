/* SPDX-License-Identifier: MIT */
/*
 * boot/cmdline.c — kernel command line parsing for the parameters hotplug depends on:
 * memhp_default_state=, movable_node, kernelcore=, movablecore=, mem=, efi=, and the
 * memory_hotplug.* module parameters given on the command line.
 */
#include "cmdline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/parse.h"
#include "lib/strbuf.h"

static const char *const online_type_str[] = {
	[MMOP_OFFLINE] = "offline",
	[MMOP_ONLINE] = "online",
	[MMOP_ONLINE_KERNEL] = "online_kernel",
	[MMOP_ONLINE_MOVABLE] = "online_movable",
};

static const char *const online_policy_str[] = {
	[ONLINE_POLICY_CONTIG_ZONES] = "contig-zones",
	[ONLINE_POLICY_AUTO_MOVABLE] = "auto-movable",
};

const char *online_type_to_str(enum mmop type)
{
	return online_type_str[type];
}

int online_type_from_str(const char *s)
{
	size_t n = sizeof(online_type_str) / sizeof(online_type_str[0]);

	return sysfs_match_string(online_type_str, n, s);
}

const char *online_policy_to_str(enum online_policy p)
{
	return online_policy_str[p];
}

int online_policy_from_str(const char *s)
{
	size_t n = sizeof(online_policy_str) / sizeof(online_policy_str[0]);

	return sysfs_match_string(online_policy_str, n, s);
}

/* cmdline_parse_core(): "N%" or a memparse size; anything else leaves @cp unchanged. */
static void parse_core(struct core_param *cp, const char *v)
{
	const char *end;

	if (!strcmp(v, "mirror")) {
		cp->kind = CORE_MIRROR;
		return;
	}
	uint64_t x = memparse(v, &end);

	if (end == v)
		return;
	if (*end == '%') {
		cp->kind = CORE_PERCENT;
		cp->value = x > 100 ? 100 : x;
		return;
	}
	cp->kind = CORE_PAGES;
	cp->value = x >> 12;
}

static void parse_memmap_on_memory(struct boot_params *bp, const struct kernel_profile *prof,
				   const char *v)
{
	bool b;

	if (prof->memmap_on_memory_force && (sysfs_streq(v, "force") || sysfs_streq(v, "FORCE"))) {
		bp->memmap_on_memory = MEMMAP_ON_MEMORY_FORCE;
		return;
	}
	if (!kstrtobool(v, &b))
		bp->memmap_on_memory = b ? MEMMAP_ON_MEMORY_ENABLE : MEMMAP_ON_MEMORY_DISABLE;
}

/* One "key[=value]" word; @v is NULL when there is no '='. */
static void parse_param(struct boot_params *bp, const struct kernel_profile *prof,
			const char *key, const char *v)
{
	bool b;
	unsigned int u;
	int t;

	if (!strcmp(key, "memhp_default_state") && v) {
		t = online_type_from_str(v);
		if (t >= 0)
			bp->default_online_type = t;
	} else if (!strcmp(key, "movable_node") && !v) {
		bp->movable_node = true;
	} else if (!strcmp(key, "kernelcore") && v) {
		parse_core(&bp->kernelcore, v);
	} else if (!strcmp(key, "movablecore") && v) {
		parse_core(&bp->movablecore, v);
	} else if (!strcmp(key, "mem") && v) {
		uint64_t x = memparse(v, NULL);

		if (x)
			bp->mem_limit = x;
	} else if (!strcmp(key, "efi") && v) {
		if (strstr(v, "nosoftreserve"))
			bp->efi_nosoftreserve = true;
	} else if (!strcmp(key, "memory_hotplug.memmap_on_memory")) {
		parse_memmap_on_memory(bp, prof, v ? v : "Y");
	} else if (!strcmp(key, "memory_hotplug.online_policy") && v) {
		t = online_policy_from_str(v);
		if (t >= 0)
			bp->online_policy = t;
	} else if (!strcmp(key, "memory_hotplug.auto_movable_ratio") && v) {
		if (!kstrtouint(v, &u))
			bp->auto_movable_ratio = u;
	} else if (!strcmp(key, "memory_hotplug.auto_movable_numa_aware")) {
		if (!kstrtobool(v ? v : "Y", &b))
			bp->auto_movable_numa_aware = b;
	}
}

void boot_params_parse(struct boot_params *bp, const struct kernel_profile *prof, const char *line)
{
	memset(bp, 0, sizeof(*bp));
	bp->cmdline = strdup(line);
	bp->default_online_type = -1;
	bp->auto_movable_ratio = 301;
	bp->auto_movable_numa_aware = true;

	char *copy = strdup(line), *save = NULL;

	for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		char *eq = strchr(w, '=');

		if (eq)
			*eq = '\0';
		parse_param(bp, prof, w, eq ? eq + 1 : NULL);
	}
	free(copy);
}

void boot_params_free(struct boot_params *bp)
{
	free(bp->cmdline);
	bp->cmdline = NULL;
}
