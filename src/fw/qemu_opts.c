/* SPDX-License-Identifier: MIT */
/*
 * fw/qemu_opts.c — QEMU's command-line words: split like sh, and "type,key=value,..."
 * option lists as QemuOpts reads them (a bare first word is the type; later keys win).
 */
#include "qemu.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strbuf.h"

int split_words(const char *s, char ***words, int *nwords)
{
	struct strbuf cur = STRBUF_INIT;
	char **w = NULL;
	int n = 0;
	bool in_word = false;

	for (const char *p = s;; p++) {
		if (!*p || *p == ' ' || *p == '\t' || *p == '\n') {
			if (in_word) {
				w = realloc(w, sizeof(*w) * (size_t)(n + 1));
				w[n++] = strbuf_detach(&cur, NULL);
				in_word = false;
			}
			if (!*p)
				break;
			continue;
		}
		in_word = true;
		if (*p == '\'' || *p == '"') {
			char q = *p++;

			while (*p && *p != q)
				strbuf_addch(&cur, *p++);
			if (!*p) {
				strbuf_release(&cur);
				free_words(w, n);
				return -EINVAL;
			}
		} else if (*p == '\\' && p[1]) {
			strbuf_addch(&cur, *++p);
		} else {
			strbuf_addch(&cur, *p);
		}
	}
	*words = w;
	*nwords = n;
	return 0;
}

void free_words(char **words, int n)
{
	for (int i = 0; i < n; i++)
		free(words[i]);
	free(words);
}

int qemu_opts_parse(const char *s, struct qemu_opt *opts, int max, bool first_is_type)
{
	int n = 0;

	while (*s) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		const char *eq = memchr(s, '=', len);

		if (n == max)
			return -EINVAL;
		memset(&opts[n], 0, sizeof(opts[n]));
		if (!eq) {
			if (!(n == 0 && first_is_type) || len >= sizeof(opts[n].val))
				return -EINVAL;
			strcpy(opts[n].key, "type");
			memcpy(opts[n].val, s, len);
		} else {
			size_t klen = (size_t)(eq - s), vlen = len - klen - 1;

			if (!klen || klen >= sizeof(opts[n].key) || vlen >= sizeof(opts[n].val))
				return -EINVAL;
			memcpy(opts[n].key, s, klen);
			memcpy(opts[n].val, eq + 1, vlen);
		}
		n++;
		s += len;
		if (*s == ',')
			s++;
	}
	return n;
}

const char *qemu_opt_get(const struct qemu_opt *opts, int n, const char *key)
{
	const char *v = NULL;

	for (int i = 0; i < n; i++)
		if (!strcmp(opts[i].key, key))
			v = opts[i].val;
	return v;
}
