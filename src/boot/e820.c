/* SPDX-License-Identifier: MIT */
/*
 * boot/e820.c — the kernel's e820 table and its early edits (see e820.h). Tables hold a
 * handful of entries, so edits append and a sanitising sweep over the entries' boundaries
 * restores order afterwards, as the kernel does.
 */
#include "e820.h"

#include <stdlib.h>
#include <string.h>

#include "lib/parse.h"
#include "lib/strbuf.h"

void e820_table_release(struct e820_table *t)
{
	free(t->entries);
	t->entries = NULL;
	t->nr_entries = 0;
}

void e820_range_add(struct e820_table *t, uint64_t start, uint64_t size, enum e820_type type)
{
	struct e820_entry *e = realloc(t->entries, sizeof(*e) * (size_t)(t->nr_entries + 1));

	if (!e)
		abort();
	t->entries = e;
	t->entries[t->nr_entries++] = (struct e820_entry){ start, size, type };
}

void e820_type_str(enum e820_type type, struct strbuf *out)
{
	switch (type) {
	case E820_TYPE_RAM: strbuf_addstr(out, "usable"); break;
	case E820_TYPE_RESERVED: strbuf_addstr(out, "reserved"); break;
	case E820_TYPE_SOFT_RESERVED: strbuf_addstr(out, "soft reserved"); break;
	case E820_TYPE_ACPI: strbuf_addstr(out, "ACPI data"); break;
	case E820_TYPE_NVS: strbuf_addstr(out, "ACPI NVS"); break;
	case E820_TYPE_UNUSABLE: strbuf_addstr(out, "unusable"); break;
	case E820_TYPE_PMEM:
	case E820_TYPE_PRAM: strbuf_addf(out, "persistent (type %u)", (unsigned int)type); break;
	default: strbuf_addf(out, "type %u", (unsigned int)type); break;
	}
}

static uint64_t clamp_size(uint64_t start, uint64_t size)
{
	return size > UINT64_MAX - start ? UINT64_MAX - start : size;
}

/* The part of @e outside [start, end) stays @e's; the part inside is cut or retyped. */
static uint64_t edit_entry(struct e820_table *t, int i, uint64_t start, uint64_t end,
			   bool retype, enum e820_type new_type)
{
	struct e820_entry *e = &t->entries[i];
	uint64_t e_end = e->addr + e->size;
	uint64_t lo = start > e->addr ? start : e->addr, hi = end < e_end ? end : e_end;

	if (lo >= hi)
		return 0;
	if (e->addr >= start && e_end <= end) {		/* wholly inside */
		if (retype)
			e->type = new_type;
		else
			e->size = 0;
		return hi - lo;
	}
	enum e820_type old = e->type;

	if (e->addr < start && e_end > end) {		/* the range sits inside @e */
		e->size = start - e->addr;
		if (retype)
			e820_range_add(t, start, end - start, new_type);
		e820_range_add(t, end, e_end - end, old);
		return end - start;
	}
	if (retype)					/* one end overlaps */
		e820_range_add(t, lo, hi - lo, new_type);
	e = &t->entries[i];
	e->size -= hi - lo;
	if (e->addr >= lo)
		e->addr = hi;
	return hi - lo;
}

/*
 * Start the kmsg line "e820: @verb [mem 0x…-0x…] " for [@start, @start + @size) (the caller
 * ends it) and return the range's end, @size clamped so that it does not wrap.
 */
static uint64_t log_range_edit(struct strbuf *log, const char *verb, uint64_t start, uint64_t size)
{
	uint64_t end = start + clamp_size(start, size);

	strbuf_addf(log, "e820: %s [mem 0x%08llx-0x%08llx] ", verb, (unsigned long long)start,
		    (unsigned long long)(end - 1));
	return end;
}

uint64_t e820_range_update(struct e820_table *t, struct strbuf *log, uint64_t start,
			   uint64_t size, enum e820_type old_type, enum e820_type new_type)
{
	uint64_t end = log_range_edit(log, "update", start, size), done = 0;
	int n = t->nr_entries;

	e820_type_str(old_type, log);
	strbuf_addstr(log, " ==> ");
	e820_type_str(new_type, log);
	strbuf_addch(log, '\n');
	if (old_type == new_type)
		return 0;
	for (int i = 0; i < n; i++)
		if (t->entries[i].type == old_type && t->entries[i].size)
			done += edit_entry(t, i, start, end, true, new_type);
	return done;
}

uint64_t e820_range_remove(struct e820_table *t, struct strbuf *log, uint64_t start,
			   uint64_t size, enum e820_type old_type, bool check_type)
{
	uint64_t end = log_range_edit(log, "remove", start, size), done = 0;
	int n = t->nr_entries;

	if (check_type)
		e820_type_str(old_type, log);
	strbuf_addch(log, '\n');
	for (int i = 0; i < n; i++)
		if ((!check_type || t->entries[i].type == old_type) && t->entries[i].size)
			done += edit_entry(t, i, start, end, false, 0);
	return done;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The highest type of the entries covering [lo, hi) (elementary interval), 0 for none. */
static enum e820_type type_over(const struct e820_table *t, uint64_t lo, uint64_t hi)
{
	uint64_t best = 0;

	for (int i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (e->size && e->addr <= lo && e->addr + e->size >= hi && (uint64_t)e->type > best)
			best = e->type;
	}
	return (enum e820_type)best;
}

void e820_update_table(struct e820_table *t)
{
	struct e820_table out = { NULL, 0 };
	uint64_t *pts = malloc(sizeof(*pts) * (size_t)(2 * t->nr_entries + 1));
	int n = 0;

	if (!pts)
		abort();
	for (int i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (!e->size || e->addr + e->size < e->addr)
			continue;	/* empty or wrapping entries are dropped */
		pts[n++] = e->addr;
		pts[n++] = e->addr + e->size;
	}
	qsort(pts, (size_t)n, sizeof(*pts), cmp_u64);
	for (int i = 0; i + 1 < n; i++) {
		enum e820_type type;

		if (pts[i] == pts[i + 1] || !(type = type_over(t, pts[i], pts[i + 1])))
			continue;
		struct e820_entry *last = out.nr_entries ? &out.entries[out.nr_entries - 1] : NULL;

		if (last && last->type == type && last->addr + last->size == pts[i])
			last->size += pts[i + 1] - pts[i];
		else
			e820_range_add(&out, pts[i], pts[i + 1] - pts[i], type);
	}
	free(pts);
	e820_table_release(t);
	*t = out;
}

void e820_print_table(const struct e820_table *t, struct strbuf *log, const char *who)
{
	for (int i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		strbuf_addf(log, "%s: [mem 0x%016llx-0x%016llx] ", who, (unsigned long long)e->addr,
			    (unsigned long long)(e->addr + e->size - 1));
		e820_type_str(e->type, log);
		strbuf_addch(log, '\n');
	}
}

/* simple_strtoull(p, &end, 0) */
static uint64_t strtou64_base0(const char *p, const char **end)
{
	char *e;
	uint64_t v = strtoull(p, &e, 0);

	*end = e;
	return v;
}

/* SIZE%START[-OLD][+NEW]: retype, add, or remove (of one type or any). */
static int memmap_retype(struct e820_table *t, struct strbuf *log, uint64_t size, const char *p)
{
	uint64_t start = memparse(p, &p), from = 0, to = 0;

	if (*p == '-')
		from = strtou64_base0(p + 1, &p);
	if (*p == '+')
		to = strtou64_base0(p + 1, &p);
	if (*p)
		return -1;
	if (from && to)
		e820_range_update(t, log, start, size, (enum e820_type)from, (enum e820_type)to);
	else if (to)
		e820_range_add(t, start, size, (enum e820_type)to);
	else
		e820_range_remove(t, log, start, size, (enum e820_type)from, from != 0);
	return 0;
}

/* One memmap= item (parse_memmap_one). Returns whether the map became user-defined. */
static bool memmap_one(struct e820_table *t, struct strbuf *log, const char *p)
{
	static const struct { char sep; enum e820_type type; } adds[] = {
		{ '@', E820_TYPE_RAM }, { '#', E820_TYPE_ACPI },
		{ '$', E820_TYPE_RESERVED }, { '!', E820_TYPE_PRAM },
	};
	const char *s = p;
	uint64_t size;

	if (!strncmp(p, "exactmap", 8)) {
		t->nr_entries = 0;
		return true;
	}
	size = memparse(p, &p);
	if (p == s)
		return false;
	for (size_t i = 0; i < sizeof(adds) / sizeof(adds[0]); i++)
		if (*p == adds[i].sep) {
			e820_range_add(t, memparse(p + 1, &p), size, adds[i].type);
			return true;
		}
	if (*p == '%')
		memmap_retype(t, log, size, p + 1);
	else
		e820_range_remove(t, log, size, UINT64_MAX - size, E820_TYPE_RAM, true);
	return true;
}

static bool early_param(struct e820_table *t, struct strbuf *log, const char *key, char *v)
{
	bool userdef = false;

	if (!strcmp(key, "mem")) {
		const char *end;
		uint64_t limit = memparse(v, &end);

		if (!strcmp(v, "nopentium") || !limit)
			return false;
		e820_range_remove(t, log, limit, UINT64_MAX - limit, E820_TYPE_RAM, true);
		return true;
	}
	if (strcmp(key, "memmap"))
		return false;
	for (char *item = v, *next; item; item = next) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		userdef |= memmap_one(t, log, item);
	}
	return userdef;
}

bool e820_apply_cmdline(struct e820_table *t, const char *cmdline, struct strbuf *log)
{
	char *copy = strdup(cmdline), *save = NULL;
	bool userdef = false;

	if (!copy)
		abort();
	for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		char *eq = strchr(w, '=');

		if (!eq)
			continue;
		*eq = '\0';
		userdef |= early_param(t, log, w, eq + 1);
	}
	free(copy);
	if (userdef) {
		e820_update_table(t);
		strbuf_addstr(log, "user-defined physical RAM map:\n");
		e820_print_table(t, log, "user");
	}
	return userdef;
}
