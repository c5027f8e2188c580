/* SPDX-License-Identifier: MIT */
/*
 * lib/parse.h — number and size parsers with the kernel's and QEMU's exact rules.
 * Low-level: includes nothing of memhp. All return 0 or -EINVAL/-ERANGE and write the
 * result only on success.
 */
#ifndef MEMHP_LIB_PARSE_H
#define MEMHP_LIB_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* kstrtoull(s, 0): 0x/0 prefixes, one trailing '\n' allowed, nothing else. */
/* The value of one hex digit (0-9, a-f, A-F), or -1: the kernel's hex_to_bin(). */
int hex_to_bin(char c);
int kstrtoull(const char *s, uint64_t *res);
int kstrtouint(const char *s, unsigned int *res);
/* kstrtoll(s, 0) / kstrtoint(s, 0): an optional '-' (or '+') before the same digits. */
int kstrtoll(const char *s, long long *res);
int kstrtoint(const char *s, int *res);
/* kstrtobool (6.1): y/Y/t/T/1, n/N/f/F/0, on/of(f); first characters decide. */
int kstrtobool(const char *s, bool *res);
/* sysfs_streq: equal, allowing one trailing newline on either side. */
bool sysfs_streq(const char *a, const char *b);
/*
 * The kernel's __sysfs_match_string(): the index of the first of @array's @n strings (a NULL
 * ends it early) that is sysfs_streq() to @str, or -EINVAL.
 */
int sysfs_match_string(const char *const *array, size_t n, const char *str);
/*
 * The kernel's kobject_action_type(), for a write to any uevent file: the index of its first
 * word (up to a space or newline) among add, remove, change, move, online, offline, bind and
 * unbind, or -EINVAL. What follows the word is not looked at.
 */
int kobject_action_type(const char *buf);
/*
 * memparse: a number in base 0 followed by an optional K/M/G/T/P/E suffix (any case).
 * @end receives where parsing stopped (like the kernel, trailing text is the caller's).
 */
uint64_t memparse(const char *s, const char **end);
/*
 * QEMU sizes: a decimal number with optional B/K/M/G/T/P/E suffix (1024-based);
 * @default_shift applies when there is no suffix (20 for -m, 0 for object sizes).
 * Returns 0, or -EINVAL for anything else, -ERANGE on overflow.
 */
int qemu_strtosz(const char *s, int default_shift, uint64_t *res);
/* Parse "A" or "A-B" lists separated by ',' into a bitmap of @nbits bits. */
int parse_cpulist(const char *s, uint64_t *bits, unsigned int nbits);

#endif
