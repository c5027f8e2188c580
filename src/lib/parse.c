/* SPDX-License-Identifier: MIT */
/* lib/parse.c — see parse.h. */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

int hex_to_bin(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A digit's value in any base up to 16; 99 (never a digit) for anything else. */
static int digit_value(char c)
{
	int v = hex_to_bin(c);

	return v < 0 ? 99 : v;
}

/* Parse digits in @base from *@sp; returns digits consumed, -ERANGE on overflow. */
static int parse_digits(const char **sp, unsigned int base, uint64_t *res)
{
	const char *s = *sp;
	uint64_t v = 0;
	int n = 0;

	for (; digit_value(*s) < (int)base; s++, n++) {
		unsigned int d = (unsigned int)digit_value(*s);

		if (v > (UINT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	*sp = s;
	*res = v;
	return n;
}

static unsigned int guess_base(const char **sp)
{
	const char *s = *sp;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16) {
		*sp = s + 2;
		return 16;
	}
	if (s[0] == '0')
		return 8;
	return 10;
}

int kstrtoull(const char *s, uint64_t *res)
{
	uint64_t v;

	if (*s == '+')
		s++;
	unsigned int base = guess_base(&s);
	int n = parse_digits(&s, base, &v);

	if (n < 0)
		return n;
	if (n == 0)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

/* The unsigned part after a '-': as kstrtoull but without its leading '+'. */
static int kstrtoull_nosign(const char *s, uint64_t *res)
{
	return *s == '+' ? -EINVAL : kstrtoull(s, res);
}

int kstrtoll(const char *s, long long *res)
{
	uint64_t v;
	int ret;

	if (*s == '-') {
		ret = kstrtoull_nosign(s + 1, &v);
		if (ret)
			return ret;
		if (v > (uint64_t)LLONG_MAX + 1)
			return -ERANGE;
		*res = v == (uint64_t)LLONG_MAX + 1 ? LLONG_MIN : -(long long)v;
		return 0;
	}
	ret = kstrtoull(s, &v);
	if (ret)
		return ret;
	if (v > (uint64_t)LLONG_MAX)
		return -ERANGE;
	*res = (long long)v;
	return 0;
}

int kstrtoint(const char *s, int *res)
{
	long long v;
	int ret = kstrtoll(s, &v);

	if (ret)
		return ret;
	if (v < INT_MIN || v > INT_MAX)
		return -ERANGE;
	*res = (int)v;
	return 0;
}

int kstrtouint(const char *s, unsigned int *res)
{
	uint64_t v;
	int ret = kstrtoull(s, &v);

	if (ret)
		return ret;
	if (v > UINT_MAX)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}

int kstrtobool(const char *s, bool *res)
{
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		return -EINVAL;
	default:
		return -EINVAL;
	}
}

bool sysfs_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	if (*a == *b)
		return true;
	if (*a == '\n' && a[1] == '\0' && *b == '\0')
		return true;
	if (*b == '\n' && b[1] == '\0' && *a == '\0')
		return true;
	return false;
}

int sysfs_match_string(const char *const *array, size_t n, const char *str)
{
	for (size_t i = 0; i < n && array[i]; i++)
		if (sysfs_streq(array[i], str))
			return (int)i;
	return -EINVAL;
}

int kobject_action_type(const char *buf)
{
	static const char *const actions[] = { "add", "remove", "change", "move", "online",
					       "offline", "bind", "unbind" };
	size_t n = strcspn(buf, " \n");

	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strlen(actions[i]) == n && !strncmp(buf, actions[i], n))
			return (int)i;
	return -EINVAL;
}

static int suffix_shift(char c)
{
	static const char units[] = "KMGTPE";
	const char *p = c ? strchr(units, toupper((unsigned char)c)) : NULL;

	return p ? 10 * (int)(p - units + 1) : 0;
}

uint64_t memparse(const char *s, const char **end)
{
	uint64_t v = 0;
	const char *p = s;
	unsigned int base = guess_base(&p);

	if (parse_digits(&p, base, &v) < 0)
		v = UINT64_MAX;
	int shift = suffix_shift(*p);

	if (shift) {
		v <<= shift;
		p++;
	}
	if (end)
		*end = p;
	return v;
}

int qemu_strtosz(const char *s, int default_shift, uint64_t *res)
{
	uint64_t v;
	const char *p = s;
	int n = parse_digits(&p, 10, &v);

	if (n < 0)
		return -ERANGE;
	if (n == 0)
		return -EINVAL;
	int shift = default_shift;

	if (*p == 'b' || *p == 'B') {
		shift = 0;
		p++;
	} else if (*p) {
		shift = suffix_shift(*p);
		if (!shift)
			return -EINVAL;
		p++;
	}
	if (*p)
		return -EINVAL;
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*res = v << shift;
	return 0;
}

int parse_cpulist(const char *s, uint64_t *bits, unsigned int nbits)
{
	while (*s) {
		uint64_t a, b;

		if (parse_digits(&s, 10, &a) <= 0)
			return -EINVAL;
		b = a;
		if (*s == '-') {
			s++;
			if (parse_digits(&s, 10, &b) <= 0 || b < a)
				return -EINVAL;
		}
		if (b >= nbits)
			return -ERANGE;
		for (uint64_t i = a; i <= b; i++)
			bits[i / 64] |= 1ULL << (i % 64);
		if (*s == ',' || *s == ':')
			s++;
		else if (*s)
			return -EINVAL;
	}
	return 0;
}
