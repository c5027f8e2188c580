/* SPDX-License-Identifier: MIT */
/*
 * cli/run.c — the transcript writer: the same lines, in the same order, as the oracle's
 * driver writes them (headers, "== step N:", rc, "| " output, monitor replies, kept QMP
 * events, virtio-mem sizes, snapshots or "-- snapshot: unchanged").
 */
#include "run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/render.h"
#include "drivers/steps.h"

void scenario_kernel_cmdline(const struct scenario *sc, struct strbuf *out)
{
	strbuf_addstr(out, "console=ttyS0,115200 nokaslr panic=-1");
	if (sc->modules.len) {
		strbuf_addstr(out, " oracle.mods=");
		for (const char *p = sc->modules.buf; *p; p++)
			strbuf_addch(out, *p == ' ' ? ',' : *p);
	}
	if (sc->cmdline.len)
		strbuf_addf(out, " %s", sc->cmdline.buf);
}

struct run_state {
	struct machine *m;
	struct strbuf *out;
	struct strbuf last;		/* previous snapshot text */
	bool have_last;
};

static void snapshot(struct run_state *rs, bool force)
{
	struct strbuf snap = STRBUF_INIT;

	pthread_mutex_lock(&rs->m->lock);
	render_snapshot(rs->m, &snap);
	pthread_mutex_unlock(&rs->m->lock);
	if (!force && rs->have_last && !strcmp(snap.buf, rs->last.buf)) {
		strbuf_addstr(rs->out, "-- snapshot: unchanged\n");
		strbuf_release(&snap);
		return;
	}
	strbuf_addstr(rs->out, "-- snapshot\n");
	strbuf_add(rs->out, snap.buf, snap.len);
	strbuf_release(&rs->last);
	rs->last = snap;
	rs->have_last = true;
}

/* Each line of @text (one trailing newline dropped) with @prefix; empty lines kept if @keep_empty. */
static void emit_lines(struct strbuf *out, const char *prefix, const char *text, bool keep_empty)
{
	size_t len = strlen(text);

	if (len && text[len - 1] == '\n')
		len--;
	if (!len && !keep_empty)
		return;
	for (size_t i = 0; i <= len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
		bool empty = !n;

		if (!empty || keep_empty) {
			strbuf_addstr(out, prefix);
			for (size_t k = 0; k < n; k++)
				if (text[i + k] != '\r')
					strbuf_addch(out, text[i + k]);
			strbuf_addch(out, '\n');
		}
		i += n + 1;
	}
}

static void shell_step(struct run_state *rs, const struct scenario *sc, const struct step *st,
		       const struct shell_exec *sh)
{
	struct strbuf o = STRBUF_INIT;
	int rc = 127;

	if (sh && sh->run)
		sh->run(sh->ctx, st->arg, sc->timeout, &o, &rc);
	else
		strbuf_addstr(&o, "memhp: no shell executor\n");
	strbuf_addf(rs->out, "rc: %d\n", rc);
	if (o.len)
		emit_lines(rs->out, "| ", o.buf, true);
	drivers_take_events(rs->m, rs->out);
	strbuf_release(&o);
}

static void qom_sizes(struct run_state *rs, const char *arg)
{
	static const char *const props[] = { "requested-size", "size", "block-size" };
	char dev[64];

	if (sscanf(arg, "qom-set %63s requested-size", dev) != 1)
		return;
	for (int i = 0; i < 3; i++) {
		struct strbuf line = STRBUF_INIT, reply = STRBUF_INIT;

		strbuf_addf(&line, "qom-get %s %s", dev, props[i]);
		monitor_command(rs->m, line.buf, &reply);
		strbuf_addf(rs->out, "virtio-mem %s: %s\n", props[i], reply.buf);
		strbuf_release(&line);
		strbuf_release(&reply);
	}
}

static void monitor_step(struct run_state *rs, const struct step *st)
{
	struct strbuf reply = STRBUF_INIT;

	monitor_command(rs->m, st->arg, &reply);
	emit_lines(rs->out, "monitor: ", reply.buf, false);
	drivers_take_events(rs->m, rs->out);
	if (strncmp(reply.buf, "error", 5))
		qom_sizes(rs, st->arg);
	strbuf_release(&reply);
}

/* "@ VERB ...": its report lines, then "result: ok" or the errno's name and text. */
static void memhp_step(struct run_state *rs, const struct step *st)
{
	struct strbuf o = STRBUF_INIT;
	int ret = memhp_step_run(rs->m, st->arg, &o);

	emit_lines(rs->out, "memhp: ", o.buf, false);
	if (ret)
		strbuf_addf(rs->out, "result: %s (%s)\n", memhp_errno_name(-ret), strerror(-ret));
	else
		strbuf_addstr(rs->out, "result: ok\n");
	drivers_take_events(rs->m, rs->out);
	strbuf_release(&o);
}

int run_scenario(struct machine *m, const struct scenario *sc, const struct shell_exec *sh,
		 struct strbuf *out)
{
	struct run_state rs = { .m = m, .out = out, .last = STRBUF_INIT };

	strbuf_addf(out, "# memory-hotplug oracle transcript\nscenario: %s\n", sc->name);
	emit_lines(out, "desc: ", sc->desc.buf, true);
	if (sc->platform)
		strbuf_addf(out, "platform: %s\ncmdline: %s\n", sc->platform_arg, sc->cmdline.buf);
	else
		strbuf_addf(out, "qemu: %s\ncmdline: %s\n", sc->qemu.buf, sc->cmdline.buf);
	if (sc->modules.len)
		strbuf_addf(out, "modules: %s\n", sc->modules.buf);
	for (int i = 0; i < sc->nr_config; i++)
		strbuf_addf(out, "%s%s%s", i ? " " : "config: ", sc->config[i],
			    i == sc->nr_config - 1 ? "\n" : "");
	if (m->udev_online_type >= 0)
		strbuf_addf(out, "udev: %s\n", online_type_to_str(m->udev_online_type));
	strbuf_addf(out, "kernel: %s\n", m->prof->release);
	emit_lines(out, "modprobe: ", drivers_modprobe_log(m), false);
	strbuf_addstr(out, "== boot\n");
	snapshot(&rs, true);
	for (int i = 0; i < sc->nr_steps; i++) {
		const struct step *st = &sc->steps[i];

		switch (st->kind) {
		case STEP_NOTE:
			strbuf_addf(out, "== note: %s\n", st->arg);
			continue;
		case STEP_SNAPSHOT:
			strbuf_addf(out, "== step %d: snapshot\n", i + 1);
			snapshot(&rs, true);
			continue;
		case STEP_SETTLE:
			strbuf_addf(out, "== step %d: settle\n", i + 1);
			break;
		case STEP_SHELL:
			strbuf_addf(out, "== step %d: $ %s\n", i + 1, st->arg);
			shell_step(&rs, sc, st, sh);
			break;
		case STEP_MEMHP:
			strbuf_addf(out, "== step %d: @ %s\n", i + 1, st->arg);
			memhp_step(&rs, st);
			break;
		case STEP_MONITOR:
			strbuf_addf(out, "== step %d: ! %s\n", i + 1, st->arg);
			monitor_step(&rs, st);
			break;
		}
		if (sc->snapshot_each)
			snapshot(&rs, false);
	}
	strbuf_addstr(out, "== end\n");
	strbuf_release(&rs.last);
	return 0;
}
