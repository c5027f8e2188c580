/* SPDX-License-Identifier: MIT */
/*
 * fw/cedt.h — the CXL part of a platform: what firmware tells the OS about CXL through
 * ACPI (CEDT: CHBS host bridges, CFMWS fixed memory windows, CXIMS XOR maps; ACPI0016
 * host bridges and their root ports), the type-3 memory devices plugged below them, and
 * the HDM decoders firmware committed before boot (an interleave set Linux assembles into
 * a region). Lines of a firmware map file (docs/cxl.md):
 *
 *   cxl-host-bridge UID [chbcr=ADDR] [root-ports=N] [decoders=N] [node=NID]
 *   cxl-window RANGE targets=UID[,UID...] [granularity=SIZE] [restrict=ram,pmem,type2,type3,fixed] [xor]
 *   cxl-xormap granularity=SIZE MAP[,MAP...]
 *   cxl-memdev LABEL host-bridge=UID [root-port=N] ram=SIZE [pmem=SIZE] [serial=N] [decoders=N]
 *   cxl-committed RANGE granularity=SIZE targets=LABEL[,LABEL...]
 *
 * Nothing here knows about Linux beyond the interleave arithmetic firmware and Linux share.
 */
#ifndef MEMHP_FW_CEDT_H
#define MEMHP_FW_CEDT_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/interleave.h"

struct platform;
struct strbuf;

#define CXL_MAX_HOST_BRIDGES	64
#define CXL_MAX_WINDOWS		64
#define CXL_MAX_MEMDEVS		256
#define CXL_MAX_COMMITTED	64
#define CXL_MAX_CXIMS		8

/* ACPI CEDT CFMWS restrictions (Window Restrictions field). */
#define ACPI_CEDT_CFMWS_RESTRICT_TYPE2		(1U << 0)
#define ACPI_CEDT_CFMWS_RESTRICT_TYPE3		(1U << 1)
#define ACPI_CEDT_CFMWS_RESTRICT_VOLATILE	(1U << 2)
#define ACPI_CEDT_CFMWS_RESTRICT_PMEM		(1U << 3)
#define ACPI_CEDT_CFMWS_RESTRICT_FIXED		(1U << 4)

struct cxl_host_bridge {
	uint32_t uid;			/* ACPI _UID, CHBS UID */
	uint64_t chbcr;			/* component registers base (CHBS base) */
	int nr_root_ports;		/* CXL-capable root ports below it */
	int nr_decoders;		/* HDM decoders (1 root port: a passthrough decoder) */
	int nid;			/* _PXM's node, or -1 */
	unsigned int busnr;		/* root bus firmware gave it (QEMU bus_nr=), 0: memhp picks */
	uint8_t port_ids[32];		/* PCIe port number of each root port (QEMU port=) */
	bool port_ids_given;		/* else root port i is port i */
	int line;			/* where it was described (0: built in) */
};

struct cxl_window {			/* one CFMWS */
	uint64_t base, size;		/* bytes, 256 MiB aligned */
	unsigned int ways;		/* host bridges interleaved: 1,2,4,8,16,3,6,12 */
	unsigned int granularity;	/* host bridge interleave granularity, bytes */
	uint32_t targets[CXL_DECODER_MAX_INTERLEAVE];	/* host bridge UIDs, by position */
	unsigned int restrictions;	/* ACPI_CEDT_CFMWS_RESTRICT_* */
	bool xor;			/* XOR interleave arithmetic (else modulo) */
	int nid;			/* node: SRAT's, or one of its own (Linux's fake PXM) */
	int line;
};

struct cxl_cxims {
	unsigned int granularity;	/* host bridge interleave granularity it applies to */
	int nr_maps;
	uint64_t maps[CXL_MAX_XORMAPS];
	int line;
};

struct cxl_memdev_desc {		/* a type-3 device */
	char label[32];			/* the file's name for it */
	uint32_t hb_uid;		/* host bridge it sits below */
	int root_port;			/* root port of that host bridge */
	uint64_t ram_size, pmem_size;	/* volatile / persistent capacity, bytes */
	uint64_t serial;
	uint64_t lsa_size;		/* label storage area, bytes (QEMU lsa=) */
	int nr_decoders;		/* HDM decoders of the device */
	int line;
};

/* HDM decoders firmware committed along an interleave set (host bridges and endpoints). */
struct cxl_committed {
	uint64_t base, size;		/* host physical range, bytes */
	unsigned int ways, granularity;	/* the endpoints' interleave */
	int targets[CXL_DECODER_MAX_INTERLEAVE];	/* memdev index by position */
	int window;			/* the CFMWS it lies in */
	int line;
};

struct cxl_platform {
	struct cxl_host_bridge hb[CXL_MAX_HOST_BRIDGES];
	int nr_hb;
	struct cxl_window win[CXL_MAX_WINDOWS];
	int nr_win;
	struct cxl_cxims cxims[CXL_MAX_CXIMS];
	int nr_cxims;
	struct cxl_memdev_desc dev[CXL_MAX_MEMDEVS];
	int nr_dev;
	struct cxl_committed committed[CXL_MAX_COMMITTED];
	int nr_committed;
};

/*
 * Parse one firmware-map line whose first word starts with "cxl-" into @p (allocating
 * p->cxl). 0, or -EINVAL with @err = "KEYWORD: field: problem" (the caller adds file:line).
 */
int cedt_parse_line(struct platform *p, char **w, int n, int line, struct strbuf *err);
/*
 * Check the whole description once every line is read (references, overlaps, interleave
 * rules, commit order) and give windows without SRAT memory affinity their own node.
 * 0, or -EINVAL with @err = "LINE: KEYWORD: field: problem".
 */
int cedt_finish(struct platform *p, struct strbuf *err);
void cedt_free(struct platform *p);

/* The PCIe port number of root port @rp of @hb (its dport id). */
static inline int cxl_dport_id(const struct cxl_host_bridge *hb, int rp)
{
	return hb->port_ids_given ? hb->port_ids[rp] : rp;
}

/* Index of the host bridge @uid / the memdev @label, or -1. */
int cxl_find_host_bridge(const struct cxl_platform *cxl, uint32_t uid);
int cxl_find_memdev(const struct cxl_platform *cxl, const char *label);
/* XOR maps for @w (NULL/0 for modulo windows or 1 and 3 ways). */
const struct cxl_cxims *cxl_window_cxims(const struct cxl_platform *cxl, const struct cxl_window *w);

/* Where a host physical address goes. */
struct cxl_decode {
	int window;			/* index into win[] */
	unsigned int hb_pos;		/* position of the host bridge in the window */
	int hb;				/* index into hb[] */
	int committed;			/* interleave set (index into committed[]) or -1 */
	unsigned int pos;		/* position in that set */
	int dev;			/* memdev index, or -1 when no set covers the address */
	uint64_t dpa;			/* device physical address (decoder's DPA base + offset) */
};

/* HPA -> window, host bridge, device, DPA. -ENOENT if no window holds @hpa. */
int cxl_decode_hpa(const struct cxl_platform *cxl, uint64_t hpa, struct cxl_decode *out);
/* Device @dev at @dpa -> HPA. -ENOENT if no committed decoder of the device maps @dpa. */
int cxl_decode_dpa(const struct cxl_platform *cxl, int dev, uint64_t dpa, uint64_t *hpa,
		   struct cxl_decode *out);
/* DPA base of interleave set @set on its device at position @pos (decoders fill DPA in order). */
uint64_t cxl_committed_dpa_base(const struct cxl_platform *cxl, int set, unsigned int pos);

#endif
