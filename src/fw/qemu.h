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

/* QEMU 7.2's CXL devices and windows (fw/qemu_cxl.c), as given on the command line. */
#define QEMU_CXL_MAX_PXB	16
#define QEMU_CXL_MAX_RP		64
#define QEMU_CXL_MAX_T3		64
#define QEMU_CXL_MAX_FMW	16

struct qemu_cxl_type3 {
	char id[64], bus[64], memdev[64], lsa[64];
	uint64_t sn;			/* serial number (0 when not given: no DSN capability) */
};

struct qemu_cxl_fmw {			/* -M cxl-fmw.N.* */
	char targets[16][64];		/* pxb-cxl ids, by interleave position */
	int nr_targets;
	uint64_t size, granularity;	/* bytes; granularity 0: QEMU's 256 */
};

struct qemu_cxl_req {
	bool enabled;			/* -machine q35,cxl=on */
	struct { char id[64]; unsigned int bus_nr; } pxb[QEMU_CXL_MAX_PXB];
	int nr_pxb;
	struct { char id[64], bus[64]; unsigned int port; } rp[QEMU_CXL_MAX_RP];
	int nr_rp;
	struct qemu_cxl_type3 t3[QEMU_CXL_MAX_T3];
	int nr_t3;
	struct qemu_cxl_fmw fmw[QEMU_CXL_MAX_FMW];
	int nr_fmw;
};

bool qemu_is_cxl_device(const char *type);
/* A pxb-cxl, cxl-rp or cxl-type3 -device (@o: its parsed properties). 0 or -EINVAL + @err. */
int qemu_cxl_device(struct qemu_cxl_req *r, const struct qemu_opt *o, int n, struct strbuf *err);
/* One -machine property whose key starts with "cxl-fmw.". 0 or -EINVAL + @err. */
int qemu_cxl_fmw_opt(struct qemu_cxl_req *r, const char *key, const char *val, struct strbuf *err);
/*
 * Build p->cxl from @r once RAM is laid out: host bridges (UID = bus_nr), their root ports,
 * the type-3 devices (memory backends already in @p), and the windows from the first
 * 256 MiB boundary past QEMU's 1 MiB of host bridge registers at @cxl_base.
 */
int qemu_cxl_layout(struct platform *p, const struct qemu_cxl_req *r, uint64_t cxl_base,
		    struct strbuf *err);

/* Split @s into words like sh (single/double quotes, backslash). Caller frees with free_words. */
int split_words(const char *s, char ***words, int *nwords);
void free_words(char **words, int n);

#endif
