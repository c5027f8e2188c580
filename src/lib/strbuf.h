/* SPDX-License-Identifier: MIT */
/*
 * lib/strbuf.h — a growable, always NUL-terminated byte buffer.
 * Low-level: includes nothing of memhp. Invariant: buf[len] == '\0' and len < alloc
 * whenever alloc > 0; an unused strbuf (STRBUF_INIT) has buf pointing at a static "".
 * The strbuf owns buf; strbuf_release() frees it and leaves an empty strbuf.
 * Allocation failure aborts: memhp treats host OOM as fatal, never as simulated ENOMEM.
 */
#ifndef MEMHP_LIB_STRBUF_H
#define MEMHP_LIB_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;	/* NUL-terminated contents */
	size_t len;	/* bytes used, excluding the NUL */
	size_t alloc;	/* bytes allocated; 0 while buf is the shared empty string */
};

extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* Ensure room for @extra more bytes plus the NUL. */
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * @fmt is never NULL; saying so also keeps gcc's -Wformat-truncation from following the NULL
 * branch that -fsanitize=undefined adds before vsnprintf() (a false "null format string").
 */
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0), nonnull(2)));
/* Hand the buffer to the caller (who frees it); the strbuf is left empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

#endif
