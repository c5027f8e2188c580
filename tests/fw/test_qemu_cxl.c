/* SPDX-License-Identifier: MIT */
/*
 * tests/fw/test_qemu_cxl.c — QEMU 7.2's q35 CXL arguments: the CEDT and devices they
 * describe (as recorded in tests/oracle-cxl), where the windows land, and each bad
 * combination refused with the option named and nothing built.
 */
#include <errno.h>
#include "../helpers.h"
#include "fw/cedt.h"
#include "fw/qemu.h"

#define GiB (1ULL << 30)
#define MiB (1ULL << 20)

#define CXL_DEVS \
	" -object memory-backend-ram,id=cxl-mem0,share=on,size=256M" \
	" -object memory-backend-ram,id=cxl-lsa0,share=on,size=256M" \
	" -device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1" \
	" -device cxl-rp,port=0,bus=cxl.1,id=root_port13,chassis=0,slot=2" \
	" -device cxl-type3,bus=root_port13,memdev=cxl-mem0,lsa=cxl-lsa0,id=cxl-pmem0" \
	" -M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G"

static bool has_e820(const struct platform *p, uint64_t addr, uint64_t size, enum e820_type type)
{
	for (int i = 0; i < p->nr_e820; i++)
		if (p->e820[i].addr == addr && p->e820[i].size == size && p->e820[i].type == type)
			return true;
	return false;
}

/*  | RAM 0-2G | MMCONFIG b0000000 | RCBA fed1c000 | 4G: host bridge registers (1M) | 4G+256M: window 4G |
 *  Expect host bridge UID 12 on root bus 12 with root port 0, mem0 of 256M persistent memory
 *  with 256M of label storage, serial 0 and one decoder, and CXL Window 0 at 0x110000000
 *  routing to UID 12, as 6.1 showed under QEMU 7.2. */
static void the_recorded_machine_is_described_as_qemu_builds_it(void **state)
{
	struct platform p;
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_int_equal(qemu_platform_from_args(&p, "-machine q35,cxl=on -m 2G" CXL_DEVS, &err), 0);
	assert_int_equal(p.below_4g, 2 * GiB);
	assert_true(has_e820(&p, 0xb0000000, 256 * MiB, E820_TYPE_RESERVED));
	assert_true(has_e820(&p, 0xfed1c000, 0x4000, E820_TYPE_RESERVED));
	assert_int_equal(p.nr_bus_res, 2);
	assert_non_null(p.cxl);
	assert_int_equal(p.cxl->nr_hb, 1);
	assert_int_equal(p.cxl->hb[0].uid, 12);
	assert_int_equal(p.cxl->hb[0].busnr, 12);
	assert_int_equal(p.cxl->hb[0].nr_root_ports, 1);
	assert_int_equal(cxl_dport_id(&p.cxl->hb[0], 0), 0);
	assert_int_equal(p.cxl->nr_dev, 1);
	assert_int_equal(p.cxl->dev[0].pmem_size, 256 * MiB);
	assert_int_equal(p.cxl->dev[0].ram_size, 0);
	assert_int_equal(p.cxl->dev[0].lsa_size, 256 * MiB);
	assert_int_equal(p.cxl->dev[0].serial, 0);
	assert_int_equal(p.cxl->dev[0].nr_decoders, 1);
	assert_int_equal(p.cxl->nr_win, 1);
	assert_int_equal(p.cxl->win[0].base, 0x110000000ULL);
	assert_int_equal(p.cxl->win[0].size, 4 * GiB);
	assert_int_equal(p.cxl->win[0].targets[0], 12);
	platform_free(&p);
	strbuf_release(&err);
}

/*  | RAM 0-2G | device memory 4G-8G (maxmem 4G, 2 slots) | 8G: registers | 8G+256M: window |
 *  Expect the window past the device-memory window, and q35 with 3G of RAM split 2G + 1G. */
static void windows_follow_device_memory_and_q35_splits_ram_at_2g(void **state)
{
	struct platform p;
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_int_equal(qemu_platform_from_args(&p, "-machine q35,cxl=on -m 2G,slots=2,maxmem=4G" CXL_DEVS,
						 &err), 0);
	assert_int_equal(p.cxl->win[0].base, 8 * GiB + 256 * MiB);
	platform_free(&p);
	assert_int_equal(qemu_platform_from_args(&p, "-machine q35 -m 3G", &err), 0);
	assert_int_equal(p.below_4g, 2 * GiB);
	assert_int_equal(p.above_4g, 1 * GiB);
	assert_null(p.cxl);
	platform_free(&p);
	strbuf_release(&err);
}

/* Expect @args refused with an error that starts with @want, and @p left empty. */
static void expect_refused(const char *args, const char *want)
{
	struct platform p;
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(qemu_platform_from_args(&p, args, &err), -EINVAL);
	if (strncmp(err.buf, want, strlen(want)))
		fail_msg("got '%s', want prefix '%s'", err.buf, want);
	assert_null(p.cxl);
	assert_int_equal(p.nr_e820, 0);
	strbuf_release(&err);
}

/* Expect each bad combination named by its option, nothing built. */
static void bad_cxl_arguments_are_refused_by_option(void **state)
{
	(void)state;
	expect_refused("-machine q35 -m 2G" CXL_DEVS, "-machine: CXL devices need -machine q35,cxl=on");
	expect_refused("-machine pc,cxl=on -m 2G", "-machine: cxl=on needs the q35 machine");
	expect_refused("-machine q35,cxl=on -object memory-backend-ram,id=m,size=256M "
		       "-device pxb-cxl,bus_nr=12,id=c -device cxl-rp,port=0,bus=c,id=r "
		       "-device cxl-type3,bus=r,memdev=m,id=t", "-device: cxl-type3 needs id=, bus=, memdev= and lsa=");
	expect_refused("-machine q35,cxl=on -m 2G" CXL_DEVS " -M cxl-fmw.1.targets.0=cxl.2,cxl-fmw.1.size=4G",
		       "-machine: cxl-fmw target 'cxl.2' is not a pxb-cxl");
	expect_refused("-machine q35,cxl=on -M cxl-fmw.1.size=4G", "-machine: windows are cxl-fmw.0, cxl-fmw.1");
	expect_refused("-machine q35,cxl=on -m 2G" CXL_DEVS
		       " -device cxl-type3,bus=root_port13,memdev=cxl-mem0,lsa=cxl-lsa0,id=again",
		       "-device: cxl-type3 again: memdev or lsa not found, or in use");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_recorded_machine_is_described_as_qemu_builds_it),
		cmocka_unit_test(windows_follow_device_memory_and_q35_splits_ram_at_2g),
		cmocka_unit_test(bad_cxl_arguments_are_refused_by_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
