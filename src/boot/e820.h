/* SPDX-License-Identifier: MIT */
/*
 * boot/e820.h — the kernel's own copy of the firmware memory map and the edits early boot
 * makes to it (arch/x86/kernel/e820.c): the command line's memmap= and mem= forms, the
 * first page and the legacy BIOS hole taken out of RAM, and sanitising (overlaps resolved
 * in favour of the higher type, neighbours of one type merged, sorted by address).
 * Edits log what the kernel logs ("e820: update [mem ...] usable ==> soft reserved",
 * "user: [mem ...] soft reserved") into the caller's kernel log.
 */
#ifndef MEMHP_BOOT_E820_H
#define MEMHP_BOOT_E820_H

#include <stdbool.h>
#include <stdint.h>

#include "fw/platform.h"

struct strbuf;

struct e820_table {
	struct e820_entry *entries;	/* owned; not sorted until e820_update_table() */
	int nr_entries;
};

void e820_table_release(struct e820_table *t);

/* Append [start, start + size) of @type (no merging: e820_update_table() does that). */
void e820_range_add(struct e820_table *t, uint64_t start, uint64_t size, enum e820_type type);
/*
 * Retype the parts of [start, start + size) that are @old_type to @new_type, logging
 * "e820: update ..." into @log. Returns the bytes changed.
 */
uint64_t e820_range_update(struct e820_table *t, struct strbuf *log, uint64_t start,
			   uint64_t size, enum e820_type old_type, enum e820_type new_type);
/* Cut [start, start + size) out of entries (of @old_type only when @check_type). */
uint64_t e820_range_remove(struct e820_table *t, struct strbuf *log, uint64_t start,
			   uint64_t size, enum e820_type old_type, bool check_type);
/* Sanitise: sorted, non-overlapping (higher type wins), same-type neighbours merged. */
void e820_update_table(struct e820_table *t);
/* One "WHO: [mem 0x...-0x...] TYPE" line per entry into @log. */
void e820_print_table(const struct e820_table *t, struct strbuf *log, const char *who);
/* The kernel's word for @type in those lines ("usable", "soft reserved", "type 9"). */
void e820_type_str(enum e820_type type, struct strbuf *out);

/*
 * parse_early_param() for the map: each mem= and memmap= word of @cmdline in order
 * (memmap= takes a comma-separated list of SIZE@START, SIZE#START, SIZE$START,
 * SIZE!START, SIZE%START-OLD+NEW, exactmap, or a bare SIZE like mem=). A malformed value
 * is skipped, as the kernel skips it. When anything was given, the table is sanitised
 * and logged as the user-defined map (e820__finish_early_params). Returns whether it was.
 */
bool e820_apply_cmdline(struct e820_table *t, const char *cmdline, struct strbuf *log);

#endif
