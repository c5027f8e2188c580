/* SPDX-License-Identifier: MIT */
/*
 * fw/qemu.h — machines described by QEMU 7.2 command-line arguments (`pc` machine, i440fx,
 * SeaBIOS): RAM split around the PCI hole, e820 as SeaBIOS reports it, SRAT as QEMU
 * builds it, and cold-plugged memory devices.
 */
#ifndef MEMHP_FW_QEMU_H
#define MEMHP_FW_QEMU_H

#include "fw/platform.h"

struct strbuf;

/*
 * Build @p from @args (one string, split like a shell would). Returns 0, or -EINVAL with
 * @err naming the option and value at fault; @p is then empty.
 */
int qemu_platform_from_args(struct platform *p, const char *args, struct strbuf *err);

/* Parse a pc-dimm / virtio-mem-pci property list ("pc-dimm,id=d1,memdev=m1") into @d. */
int qemu_parse_mdev(const char *v, struct mdev *d, struct strbuf *err);

/*
 * Split a QEMU option value "a,b=c,..." into key/value pairs. The first item may be a bare
 * word (the type). Returns the number of pairs, or -EINVAL on a malformed item.
 */
struct qemu_opt {
	char key[32];
	char val[128];
};
int qemu_opts_parse(const char *s, struct qemu_opt *opts, int max, bool first_is_type);
const char *qemu_opt_get(const struct qemu_opt *opts, int n, const char *key);

/* Split @s into words like sh (single/double quotes, backslash). Caller frees with free_words. */
int split_words(const char *s, char ***words, int *nwords);
void free_words(char **words, int n);

#endif
