/* SPDX-License-Identifier: MIT */
/* cli/scenario.c — scenario file parsing (see scenario.h). */
#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/steps.h"

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *e = s + strlen(s);

	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static void add_step(struct scenario *sc, enum step_kind kind, const char *arg, int line)
{
	sc->steps = realloc(sc->steps, sizeof(*sc->steps) * (size_t)(sc->nr_steps + 1));
	if (!sc->steps)
		abort();
	sc->steps[sc->nr_steps++] = (struct step){ kind, strdup(arg), line };
}

static void join(struct strbuf *sb, const char *v)
{
	if (sb->len)
		strbuf_addch(sb, ' ');
	strbuf_addstr(sb, v);
}

/* memhp-only "config: NAME=V [NAME=V]...": Kconfig overrides, checked at boot. */
static int header_config(struct scenario *sc, const char *v, int lineno, struct strbuf *err)
{
	char word[128];
	int n;

	while (sscanf(v, " %127s%n", word, &n) == 1) {
		if (sc->nr_config == SCENARIO_MAX_CONFIG) {
			strbuf_addf(err, "config: at most %d options", SCENARIO_MAX_CONFIG);
			return -1;
		}
		sc->config_line[sc->nr_config] = lineno;
		sc->config[sc->nr_config++] = strdup(word);
		v += n;
	}
	return 0;
}

/* memhp-only "platform: FILE": a firmware map file (docs/fwmap.md), beside the scenario. */
static int header_platform(struct scenario *sc, const char *v, int lineno, struct strbuf *err)
{
	const char *slash = strrchr(sc->path, '/');
	struct strbuf p = STRBUF_INIT;

	if (!*v) {
		strbuf_addstr(err, "platform: expected a firmware map file");
		return -1;
	}
	if (*v != '/' && slash)
		strbuf_add(&p, sc->path, (size_t)(slash - sc->path + 1));
	strbuf_addstr(&p, v);
	free(sc->platform);
	free(sc->platform_arg);
	sc->platform = strbuf_detach(&p, NULL);
	sc->platform_arg = strdup(v);
	if (!sc->qemu_line)
		sc->qemu_line = lineno;
	return 0;
}

/* A header line "key: value"; returns 0, or -1 for an unknown key or bad value. */
static int header(struct scenario *sc, const char *key, const char *v, int lineno, struct strbuf *err)
{
	if (!strcmp(key, "qemu") && !sc->qemu_line)
		sc->qemu_line = lineno;
	if (!strcmp(key, "desc")) {
		strbuf_addf(&sc->desc, "%s\n", v);
	} else if (!strcmp(key, "qemu")) {
		join(&sc->qemu, v);
	} else if (!strcmp(key, "cmdline")) {
		join(&sc->cmdline, v);
	} else if (!strcmp(key, "modules")) {
		join(&sc->modules, v);
	} else if (!strcmp(key, "snapshot")) {
		if (strcmp(v, "each") && strcmp(v, "explicit")) {
			strbuf_addf(err, "snapshot: expected 'each' or 'explicit', got '%s'", v);
			return -1;
		}
		sc->snapshot_each = !strcmp(v, "each");
	} else if (!strcmp(key, "timeout")) {
		char *end;
		long t = strtol(v, &end, 10);

		if (*end || t <= 0 || t > 3600) {
			strbuf_addf(err, "timeout: expected seconds (1-3600), got '%s'", v);
			return -1;
		}
		sc->timeout = (int)t;
	} else if (!strcmp(key, "config")) {
		return header_config(sc, v, lineno, err);
	} else if (!strcmp(key, "platform")) {
		return header_platform(sc, v, lineno, err);
	} else if (!strcmp(key, "kernel")) {
		free(sc->kernel);
		sc->kernel = strdup(v);
	} else if (!strcmp(key, "udev")) {
		if (strcmp(v, "online") && strcmp(v, "online_kernel") && strcmp(v, "online_movable")) {
			strbuf_addf(err, "udev: expected online, online_kernel or online_movable, got '%s'", v);
			return -1;
		}
		snprintf(sc->udev_online, sizeof(sc->udev_online), "%s", v);
	} else if (!strcmp(key, "boot_timeout")) {
		return 0;
	} else {
		strbuf_addf(err, "unknown line '%s:'", key);
		return -1;
	}
	return 0;
}

static int parse_line(struct scenario *sc, char *raw, int lineno, struct strbuf *err)
{
	char *s = trim(raw);

	if (!*s || *s == '#')
		return 0;
	if (!strncmp(s, "$ ", 2) || !strcmp(s, "$")) {
		add_step(sc, STEP_SHELL, trim(s + 1), lineno);
	} else if (!strncmp(s, "! ", 2)) {
		add_step(sc, STEP_MONITOR, trim(s + 2), lineno);
	} else if (!strcmp(s, "snapshot")) {
		add_step(sc, STEP_SNAPSHOT, "", lineno);
	} else if (!strcmp(s, "settle")) {
		add_step(sc, STEP_SETTLE, "", lineno);
	} else if (*s == '@') {
		if (memhp_step_check(s + 1, err))
			return -1;
		add_step(sc, STEP_MEMHP, trim(s + 1), lineno);
	} else if (!strncmp(s, "note:", 5)) {
		add_step(sc, STEP_NOTE, trim(s + 5), lineno);
	} else {
		char *colon = strchr(s, ':');
		size_t klen = colon ? (size_t)(colon - s) : 0;

		if (!colon || !klen || strspn(s, "abcdefghijklmnopqrstuvwxyz_") != klen) {
			strbuf_addf(err, "cannot parse line: '%s'", s);
			return -1;
		}
		*colon = '\0';
		char *v = colon + 1;

		if (*v == ' ')
			v++;
		return header(sc, s, v, lineno, err);
	}
	return 0;
}

int scenario_load(struct scenario *sc, const char *path, struct strbuf *err)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, ret = 0;

	memset(sc, 0, sizeof(*sc));
	strbuf_init(&sc->desc);
	strbuf_init(&sc->qemu);
	strbuf_init(&sc->cmdline);
	strbuf_init(&sc->modules);
	sc->snapshot_each = true;
	sc->timeout = 30;
	if (!f) {
		strbuf_addf(err, "%s: cannot open: %m", path);
		return -1;
	}
	sc->path = strdup(path);
	const char *base = strrchr(path, '/');

	sc->name = strdup(base ? base + 1 : path);
	char *dot = strrchr(sc->name, '.');

	if (dot)
		*dot = '\0';
	while (getline(&line, &cap, f) > 0) {
		struct strbuf e = STRBUF_INIT;

		lineno++;
		if (parse_line(sc, line, lineno, &e)) {
			strbuf_addf(err, "%s:%d: %s", path, lineno, e.buf);
			strbuf_release(&e);
			ret = -1;
			break;
		}
		strbuf_release(&e);
	}
	free(line);
	fclose(f);
	if (ret)
		scenario_free(sc);
	return ret;
}

void scenario_free(struct scenario *sc)
{
	for (int i = 0; i < sc->nr_steps; i++)
		free(sc->steps[i].arg);
	for (int i = 0; i < sc->nr_config; i++)
		free(sc->config[i]);
	free(sc->steps);
	free(sc->platform);
	free(sc->platform_arg);
	free(sc->kernel);
	free(sc->path);
	free(sc->name);
	strbuf_release(&sc->desc);
	strbuf_release(&sc->qemu);
	strbuf_release(&sc->cmdline);
	strbuf_release(&sc->modules);
	memset(sc, 0, sizeof(*sc));
}
