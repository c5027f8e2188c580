/* SPDX-License-Identifier: MIT */
/*
 * tests/fw/test_cedt.c — CXL platform lines: what a good description decodes to, and each
 * bad one refused with file, line and field named.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include "../helpers.h"
#include "fw/cedt.h"
#include "fw/fwmap.h"

#define BASE_LINES \
	"e820 0x0-0x9fbff usable\n" \
	"e820 0x100000-0x7fffffff usable\n" \
	"node 0 0x0-0x7fffffff\n" \
	"cxl-host-bridge 0 chbcr=0xfed80000 root-ports=2\n" \
	"cxl-host-bridge 1 chbcr=0xfed90000 root-ports=2\n" \
	"cxl-memdev a host-bridge=0 root-port=0 ram=1G\n" \
	"cxl-memdev b host-bridge=1 root-port=0 ram=1G\n" \
	"cxl-memdev c host-bridge=0 root-port=1 ram=1G\n" \
	"cxl-memdev d host-bridge=1 root-port=1 ram=1G\n"
/* BASE_LINES is 9 lines: what follows starts at line 10 */

static char path[64];

static int parse(const char *text, struct platform *p, struct strbuf *err)
{
	bool hv;
	FILE *f;

	strcpy(path, "/tmp/memhp-cedt-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	int ret = fwmap_platform_from_file(p, path, &hv, err);

	unlink(path);
	return ret;
}

/* Expect the parse to fail with "PATH:LINE: WHAT" (WHAT: keyword and field). */
static void expect_error(const char *text, int line, const char *what)
{
	struct platform p;
	struct strbuf err = STRBUF_INIT, want = STRBUF_INIT;

	assert_int_equal(parse(text, &p, &err), -EINVAL);
	strbuf_addf(&want, "%s:%d: %s", path, line, what);
	if (strncmp(err.buf, want.buf, want.len))
		fail_msg("got '%s', want prefix '%s'", err.buf, want.buf);
	assert_null(p.cxl);
	assert_int_equal(p.nr_e820, 0);
	strbuf_release(&err);
	strbuf_release(&want);
}

/*  | window 0x100000000 +4G: HB0 HB1 | set: a b c d at 256 B |
 *  Expect every 256-byte chunk of the first 1 MiB and of the last 1 MiB to land on the
 *  device a dealer would give it (a, b, c, d, a, ...), the host bridge to be the device's,
 *  and each device byte to map back to the same HPA. */
static void four_way_over_two_host_bridges_decodes_round_robin(void **state)
{
	struct platform p;
	struct strbuf err = STRBUF_INIT;
	struct cxl_decode d, back;
	uint64_t hpa, base = 0x100000000ULL, size = 4ULL << 30;

	(void)state;
	assert_int_equal(parse(BASE_LINES
		"cxl-window 0x100000000+4G targets=0,1 granularity=256\n"
		"cxl-committed 0x100000000+4G granularity=256 targets=a,b,c,d\n", &p, &err), 0);
	for (uint64_t off = 0; off < size; off += off == (1 << 20) ? size - (2 << 20) : 256) {
		uint64_t chunk = off / 256;

		assert_int_equal(cxl_decode_hpa(p.cxl, base + off + 7, &d), 0);
		assert_int_equal(d.dev, (int)(chunk % 4));
		assert_int_equal(d.dpa, chunk / 4 * 256 + 7);
		assert_int_equal(p.cxl->hb[d.hb].uid, p.cxl->dev[d.dev].hb_uid);
		assert_int_equal(cxl_decode_dpa(p.cxl, d.dev, d.dpa, &hpa, &back), 0);
		assert_int_equal(hpa, base + off + 7);
	}
	assert_int_equal(cxl_decode_hpa(p.cxl, base + size, &d), -ENOENT);
	assert_int_equal(cxl_decode_dpa(p.cxl, 0, 1ULL << 30, &hpa, &d), -ENOENT);
	/* the window got a node of its own, after SRAT's node 0 */
	assert_int_equal(p.cxl->win[0].nid, 1);
	assert_int_equal(p.nr_nodes, 2);
	platform_free(&p);
	strbuf_release(&err);
}

/*  | window 2-way XOR, map 0x100 | 0x4000 |
 *  Expect the host bridge to flip with bit 14, and the DPA to skip the position bit. */
static void xor_window_routes_by_parity(void **state)
{
	struct platform p;
	struct strbuf err = STRBUF_INIT;
	struct cxl_decode d;
	uint64_t base = 0x100000000ULL, hpa;

	(void)state;
	assert_int_equal(parse(BASE_LINES
		"cxl-window 0x100000000+2G targets=0,1 granularity=256 xor\n"
		"cxl-xormap granularity=256 0x4100\n"
		"cxl-committed 0x100000000+2G granularity=256 targets=a,b\n", &p, &err), 0);
	assert_int_equal(cxl_decode_hpa(p.cxl, base, &d), 0);
	assert_int_equal(d.dev, 0);
	assert_int_equal(cxl_decode_hpa(p.cxl, base + 0x4000, &d), 0);
	assert_int_equal(d.dev, 1);
	assert_int_equal(d.dpa, 0x2000);
	assert_int_equal(cxl_decode_hpa(p.cxl, base + 0x4100, &d), 0);
	assert_int_equal(d.dev, 0);
	assert_int_equal(d.dpa, 0x2000);
	assert_int_equal(cxl_decode_dpa(p.cxl, 1, 0x2000, &hpa, &d), 0);
	assert_int_equal(hpa, base + 0x4000);
	platform_free(&p);
	strbuf_release(&err);
}

/*  | 2-way XOR window, map 0x10100 (bits 8 and 16) | a 4-way set over it |
 *  Expect bit 16 to flip the host bridge (and so the position), every chunk of the first
 *  1 MiB to land on a device below the host bridge the window chose, and map back. */
static void xor_window_routes_positions_through_its_map(void **state)
{
	struct platform p;
	struct strbuf err = STRBUF_INIT;
	struct cxl_decode d, back;
	uint64_t base = 0x100000000ULL, hpa;

	(void)state;
	expect_error(BASE_LINES "cxl-window 0x100000000+4G targets=0,1 xor\n"
		     "cxl-xormap granularity=256 0x300\n", 11,
		     "cxl-xormap: MAP: a map selects another interleave position bit");
	assert_int_equal(parse(BASE_LINES "cxl-window 0x100000000+4G targets=0,1 xor\n"
			       "cxl-xormap granularity=256 0x10100\n"
			       "cxl-committed 0x100000000+4G granularity=256 targets=a,b,c,d\n", &p, &err), 0);
	assert_int_equal(cxl_decode_hpa(p.cxl, base + 0x10000, &d), 0);
	assert_int_equal(d.pos, 1);
	assert_int_equal(d.dpa, 0x4000);
	assert_int_equal(cxl_decode_hpa(p.cxl, base + 0x10100, &d), 0);
	assert_int_equal(d.pos, 0);
	for (uint64_t off = 0; off < (1 << 20); off += 256) {
		assert_int_equal(cxl_decode_hpa(p.cxl, base + off, &d), 0);
		assert_int_equal(p.cxl->hb[d.hb].uid, p.cxl->dev[d.dev].hb_uid);
		assert_int_equal(cxl_decode_dpa(p.cxl, d.dev, d.dpa, &hpa, &back), 0);
		assert_int_equal(hpa, base + off);
	}
	platform_free(&p);
	strbuf_release(&err);
}

/*  Expect each broken description to name its line and field, and nothing to be kept. */
static void bad_descriptions_name_file_line_and_field(void **state)
{
	(void)state;
	expect_error(BASE_LINES "cxl-window 0x100000000+4G targets=0,1\n"
		     "cxl-window 0x1c0000000+4G targets=0\n", 11, "cxl-window: RANGE: overlaps the window of line 10");
	expect_error(BASE_LINES "cxl-window 0x100000000+5G targets=0,1,0,1,0\n", 10,
		     "cxl-window: targets: unsupported interleave ways");
	expect_error(BASE_LINES "cxl-window 0x100000000+4G targets=0,1 granularity=128\n", 10,
		     "cxl-window: granularity: unsupported interleave granularity");
	expect_error(BASE_LINES "cxl-window 0x100000000+4G targets=0,1 granularity=32K\n", 10,
		     "cxl-window: granularity: unsupported");
	expect_error(BASE_LINES "cxl-window 0x100001000+4G targets=0\n", 10,
		     "cxl-window: RANGE: base not 256 MiB aligned");
	expect_error(BASE_LINES "cxl-window 0x100000000+4G targets=0,7\n", 10,
		     "cxl-window: targets: host bridge UID 7 is not described");
	expect_error(BASE_LINES "cxl-window 0x100000000+4G targets=0,1 xor\n", 10,
		     "cxl-window: xor: no cxl-xormap for granularity 256");
	expect_error(BASE_LINES "cxl-window 0x100000000+4G targets=0,1 xor\n"
		     "cxl-xormap granularity=256 0x200\n", 11, "cxl-xormap: MAP: map i must have bit");
	expect_error(BASE_LINES "cxl-window 0x100000000+2G targets=0,1\n"
		     "cxl-committed 0x100000000+4G granularity=256 targets=a,b,c,d\n", 11,
		     "cxl-committed: RANGE: larger than its window");
	expect_error(BASE_LINES "cxl-window 0x100000000+4G targets=0,1\n"
		     "cxl-committed 0x100000000+4G granularity=256 targets=a,c,b,d\n", 11,
		     "cxl-committed: targets: c at position 1 sits below host bridge 0");
	expect_error(BASE_LINES "cxl-window 0x100000000+4G targets=0,1\n"
		     "cxl-committed 0x100000000+2G granularity=512 targets=a,b\n", 11,
		     "cxl-committed: granularity: 512 differs from the window's 256");
	expect_error(BASE_LINES "cxl-window 0x100000000+4G targets=0,1\n"
		     "cxl-committed 0x180000000+1G granularity=256 targets=a,b\n"
		     "cxl-committed 0x100000000+1G granularity=256 targets=a,b\n", 12,
		     "cxl-committed: RANGE: a: decoders committed out of order");
	expect_error(BASE_LINES "cxl-window 0x100000000+4G targets=0\n"
		     "cxl-committed 0x100000000+3G granularity=256 targets=a,c,b\n", 11,
		     "cxl-committed: targets: 3 ways is not a power-of-2 multiple");
	expect_error(BASE_LINES "cxl-window 0x100000000+4G targets=0,1\n"
		     "cxl-committed 0x100000000+4G granularity=256 targets=a,b\n", 11,
		     "cxl-committed: RANGE: a has not enough capacity");
	expect_error(BASE_LINES "cxl-memdev e host-bridge=0 root-port=2 ram=1G\n", 10,
		     "cxl-memdev: host-bridge: no host bridge UID 0 with root port 2");
	expect_error(BASE_LINES "cxl-memdev e host-bridge=0 ram=1G color=blue\n", 10,
		     "cxl-memdev: color=blue: unknown field");
	expect_error(BASE_LINES "efi 0x100000000+1G conventional spx\n", 10, "efi: spx: unknown attribute");
	expect_error(BASE_LINES "cxl-memdev e host-bridge=0 root-port=0 ram=1G decoders=1\n"
		     "cxl-memdev f host-bridge=1 root-port=1 ram=1G decoders=1\n"
		     "cxl-window 0x100000000+4G targets=0,1\n"
		     "cxl-committed 0x100000000+512M granularity=256 targets=e,f\n"
		     "cxl-committed 0x120000000+512M granularity=256 targets=e,f\n", 14,
		     "cxl-committed: targets: e has no decoder left (1)");
	expect_error("e820 0x0-0x7fffffff usable\ncxl-host-bridge 0\n"
		     "cxl-memdev a host-bridge=0 ram=1G\ncxl-window 0x100000000+4G targets=0\n"
		     "cxl-committed 0x100000000+512M granularity=256 targets=a\n"
		     "cxl-committed 0x120000000+512M granularity=256 targets=a\n", 6,
		     "cxl-committed: targets: host bridge 0 has no decoder left (1)");
}

/*  | efi conventional sp | Expect a Soft Reserved e820 entry marked as EFI_MEMORY_SP. */
static void efi_specific_purpose_memory_is_soft_reserved(void **state)
{
	struct platform p;
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_int_equal(parse("efi 0x0-0x9ffff conventional\nefi 0x100000+1G conventional\n"
			       "efi 0x100000000+1G conventional sp\nefi 0xfffc0000+256K reserved\n", &p, &err), 0);
	assert_int_equal(p.nr_e820, 4);
	assert_int_equal(p.e820[3].type, E820_TYPE_SOFT_RESERVED);
	assert_true(p.e820[3].efi_sp);
	assert_int_equal(p.e820[2].type, E820_TYPE_RESERVED);
	assert_false(p.e820[1].efi_sp);
	platform_free(&p);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(four_way_over_two_host_bridges_decodes_round_robin),
		cmocka_unit_test(xor_window_routes_by_parity),
		cmocka_unit_test(xor_window_routes_positions_through_its_map),
		cmocka_unit_test(bad_descriptions_name_file_line_and_field),
		cmocka_unit_test(efi_specific_purpose_memory_is_soft_reserved),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
