/* SPDX-License-Identifier: MIT */
/*
 * tests/drivers/test_pci_root.c — the ACPI and PCI devices of CXL host bridges: bus numbers
 * given out depth first from 0x34, a new PCI segment past bus 0xff, root ports and type-3
 * functions where their buses say, the ACPI companions linked both ways.
 */
#include <stdlib.h>
#include <unistd.h>
#include "../helpers.h"

/* A machine of 2 GiB on node 0 plus the CXL lines @text. */
static struct machine *boot_fw(const char *text)
{
	struct strbuf fw = STRBUF_INIT;

	strbuf_addf(&fw, "e820 0x0-0x9fbff usable\ne820 0x100000-0x7fffffff usable\nnode 0 0x0-0x7fffffff\n%s", text);
	struct machine *m = boot_fwmap_text(fw.buf, "6.1");

	strbuf_release(&fw);
	return m;
}

static void assert_dir(struct machine *m, const char *path)
{
	struct abi_stat st;

	if (abi_resolve(m, path, &st) || st.type != ABI_DIR)
		fail_msg("%s: no such directory", path);
}

static void assert_link(struct machine *m, const char *path, const char *want)
{
	struct strbuf link = STRBUF_INIT;
	struct abi_stat st;

	assert_int_equal(abi_resolve(m, path, &st), 0);
	assert_int_equal(abi_readlink(m, st.ino, &link), 0);
	assert_string_equal(link.buf, want);
	strbuf_release(&link);
}

#define ACPI "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/"

/*  | UID 5: 2 root ports | UID 9: 1 root port, node 0 | UID 2: 4 root ports |
 *  | buses 34 (root), 35, 36 | 37 (root), 38 | 39 (root), 3a..3d |
 *  Expect each bridge's root bus after the buses of the bridges before it, root port N as
 *  device N on it, a device below root port N on the root bus + 1 + N, and the ACPI0016
 *  devices numbered in description order, whatever their UIDs. */
static void buses_are_given_out_depth_first_from_0x34(void **state)
{
	struct machine *m = boot_fw("cxl-host-bridge 5 root-ports=2\ncxl-host-bridge 9 node=0\n"
				    "cxl-host-bridge 2 root-ports=4\n"
				    "cxl-window 0x1000000000+4G targets=5\n"
				    "cxl-memdev a host-bridge=5 root-port=1 ram=1G\n"
				    "cxl-memdev b host-bridge=2 root-port=3 ram=1G\n");

	(void)state;
	assert_dir(m, "/sys/devices/pci0000:34/0000:34:01.0/0000:36:00.0/mem0");
	assert_dir(m, "/sys/devices/pci0000:37/0000:37:00.0");
	assert_dir(m, "/sys/devices/pci0000:39/0000:39:03.0/0000:3d:00.0/mem1");
	assert_file_reads(m, ACPI "ACPI0016:02/uid", "2\n");
	assert_file_reads(m, ACPI "ACPI0016:02/hid", "ACPI0016\n");
	assert_link(m, ACPI "ACPI0016:02/physical_node", "../../../pci0000:39");
	assert_link(m, "/sys/devices/pci0000:39/firmware_node", "../LNXSYSTM:00/LNXSYBUS:00/ACPI0016:02");
	assert_file_reads(m, "/sys/devices/pci0000:37/0000:37:00.0/numa_node", "0\n");
	assert_file_reads(m, "/sys/devices/pci0000:34/0000:34:01.0/class", "0x060400\n");
	assert_file_reads(m, "/sys/devices/pci0000:39/0000:39:03.0/0000:3d:00.0/device", "0x0d93\n");
	machine_free(m);
}

/*  | 6 bridges x 32 root ports: buses 0x34..0xf9 | the 7th needs 33 more |
 *  Expect the 7th on segment 1 from bus 0, its last root port 0001:00:1f.0. */
static void a_bridge_past_bus_0xff_starts_the_next_segment(void **state)
{
	struct strbuf fw = STRBUF_INIT;

	(void)state;
	for (int i = 0; i < 7; i++)
		strbuf_addf(&fw, "cxl-host-bridge %d root-ports=32\n", i);
	strbuf_addstr(&fw, "cxl-window 0x1000000000+4G targets=0\n");
	struct machine *m = boot_fw(fw.buf);

	assert_dir(m, "/sys/devices/pci0000:d9/0000:d9:1f.0");
	assert_dir(m, "/sys/devices/pci0001:00/0001:00:1f.0");
	assert_link(m, ACPI "ACPI0016:06/physical_node", "../../../pci0001:00");
	strbuf_release(&fw);
	machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buses_are_given_out_depth_first_from_0x34),
		cmocka_unit_test(a_bridge_past_bus_0xff_starts_the_next_segment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
