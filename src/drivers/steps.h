/* SPDX-License-Identifier: MIT */
/*
 * drivers/steps.h — memhp-only scenario steps, one syntax for all: a line
 *     @ VERB [WORD]... [KEY=VALUE]...
 * Verbs live in one table (name, usage, argument counts, allowed keys, check, run), so a
 * new verb is one entry: alloc, free, pin, unpin, hugetlb, cma, balloon, verify, online,
 * offline, why-busy, pages. memhp_step_check() validates a line without a machine (scenario
 * load: nothing runs when a line is bad); memhp_step_run() runs it, taking m->lock.
 */
#ifndef MEMHP_DRIVERS_STEPS_H
#define MEMHP_DRIVERS_STEPS_H

#include <stdbool.h>

#include "hotplug/machine.h"

struct strbuf;

#define STEP_MAX_WORDS	8

struct step_args {
	const char *verb;
	int nr_words;				/* positional words after the verb */
	const char *word[STEP_MAX_WORDS];
	int nr_opts;				/* KEY=VALUE pairs, in order */
	const char *key[STEP_MAX_WORDS], *val[STEP_MAX_WORDS];
	char *buf;				/* owns the strings above */
};

/* Split and validate "@ ..." text (the part after '@'): 0, or -1 with "FIELD: problem" in @err. */
int memhp_step_check(const char *line, struct strbuf *err);
/*
 * Run one step on @m; its report (one or more lines, no prefix) goes to @out. Returns 0,
 * a negative errno when the operation failed as the kernel would fail it, or -EINVAL for
 * a malformed line (@out then says which field).
 */
int memhp_step_run(struct machine *m, const char *line, struct strbuf *out);
/* "EBUSY" for EBUSY: the errno names steps report. */
const char *memhp_errno_name(int err);
/* The usage lines of every verb (for --help and README). */
void memhp_step_usage(struct strbuf *out);

/*
 * why-busy for block @block_id: verdict, the runs that block offlining with owner, kind,
 * reason and the fix; JSON when @json. Caller holds m->lock. 0, or -ENODEV (no block).
 */
int memhp_why_busy(struct machine *m, unsigned long block_id, bool json, struct strbuf *out);

#endif
