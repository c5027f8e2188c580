/* SPDX-License-Identifier: MIT */
/*
 * tests/drivers/test_cxl.c — the CXL core: the topology under /sys/bus/cxl, regions
 * firmware committed (newest), regions made the way `cxl create-region` makes them, and
 * every bad write answered with the kernel's errno and nothing changed.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include "../helpers.h"

/* 2 host bridges x 2 root ports, 4 devices of 1 GiB RAM, one 2-way window of 8 GiB. */
#define PLATFORM \
	"e820 0x0-0x9fbff usable\n" \
	"e820 0x100000-0x7fffffff usable\n" \
	"node 0 0x0-0x7fffffff\n" \
	"cxl-host-bridge 0 root-ports=2\n" \
	"cxl-host-bridge 1 root-ports=2\n" \
	"cxl-window 0x1000000000+8G targets=0,1 granularity=256\n" \
	"cxl-memdev a host-bridge=0 root-port=0 ram=1G\n" \
	"cxl-memdev b host-bridge=1 root-port=0 ram=1G\n" \
	"cxl-memdev c host-bridge=0 root-port=1 ram=1G\n" \
	"cxl-memdev d host-bridge=1 root-port=1 ram=1G\n"

/* Entries of one directory, collected first: abi_readdir() holds the machine lock. */
struct dir_list {
	char names[256][64];
	struct abi_stat st[256];
	int n;
};

static int collect(void *vctx, const char *name, const struct abi_stat *st, uint64_t next_off)
{
	struct dir_list *l = vctx;

	(void)next_off;
	if (l->n == 256)
		return 1;
	snprintf(l->names[l->n], sizeof(l->names[0]), "%s", name);
	l->st[l->n++] = *st;
	return 0;
}

static void dump_dir(struct machine *m, const char *path, struct strbuf *out)
{
	struct abi_stat st;
	struct dir_list *l = calloc(1, sizeof(*l));

	if (abi_resolve(m, path, &st) || !l) {
		free(l);
		return;
	}
	abi_readdir(m, st.ino, 0, collect, l);
	for (int i = 0; i < l->n; i++) {
		char sub[600];
		struct strbuf v = STRBUF_INIT;

		snprintf(sub, sizeof(sub), "%s/%s", path, l->names[i]);
		if (l->st[i].type == ABI_DIR) {
			dump_dir(m, sub, out);
		} else if (l->st[i].type == ABI_LNK) {
			abi_readlink(m, l->st[i].ino, &v);
			strbuf_addf(out, "%s -> %s\n", sub, v.buf);
		} else if (l->st[i].mode & 0444) {
			int ret = abi_read(m, l->st[i].ino, &v);

			strbuf_addf(out, "%s %o: %s%s", sub, l->st[i].mode, ret ? "ERR" : v.buf, ret ? "\n" : "");
		}
		strbuf_release(&v);
	}
	free(l);
}

/* Every CXL file and /proc/iomem, for "nothing changed" comparisons. */
static char *cxl_state_of(struct machine *m)
{
	struct strbuf sb = STRBUF_INIT;

	dump_dir(m, "/sys/devices/platform", &sb);
	dump_dir(m, "/sys/devices/pci0000:34", &sb);	/* PLATFORM's memdevs, on their functions */
	dump_dir(m, "/sys/devices/pci0000:37", &sb);
	dump_dir(m, "/sys/bus/cxl", &sb);
	abi_read_path(m, "/proc/iomem", &sb);
	return strbuf_detach(&sb, NULL);
}

/*
 * In-process paths do not follow symlinks: turn "/sys/bus/cxl/devices/NAME/FILE" into the
 * device's own directory, as the link says.
 */
static const char *real(struct machine *m, const char *path)
{
	static char buf[512];
	const char *rest = path + strlen("/sys/bus/cxl/devices/");
	char name[64];
	size_t n = strcspn(rest, "/");
	struct abi_stat st;
	struct strbuf link = STRBUF_INIT;

	if (strncmp(path, "/sys/bus/cxl/devices/", strlen("/sys/bus/cxl/devices/")) || n >= sizeof(name))
		return path;
	memcpy(name, rest, n);
	name[n] = '\0';
	snprintf(buf, sizeof(buf), "/sys/bus/cxl/devices/%s", name);
	if (abi_resolve(m, buf, &st) || abi_readlink(m, st.ino, &link))
		return path;
	snprintf(buf, sizeof(buf), "/sys%s%s", link.buf + strlen("../../.."), rest + n);
	strbuf_release(&link);
	return buf;
}

static void expect_fails_unchanged(struct machine *m, const char *path, const char *v, int err)
{
	char *before = cxl_state_of(m);

	int ret = write_str(m, real(m, path), v);

	if (ret != err)
		fail_msg("echo '%s' > %s: got %d, want %d", v, path, ret, err);
	char *after = cxl_state_of(m);

	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void expect_file(struct machine *m, const char *path, const char *want)
{
	char *got = read_str(m, real(m, path));

	if (strcmp(got, want))
		fail_msg("%s: got '%s', want '%s'", path, got, want);
	free(got);
}

static void expect_write(struct machine *m, const char *path, const char *v)
{
	int ret = write_str(m, real(m, path), v);

	if (ret)
		fail_msg("echo '%s' > %s: %d", v, path, ret);
}

#define DEV "/sys/bus/cxl/devices/"

/*  | root0: decoder0.0 (window, HB 0,1) | port1 (HB0), port2 (HB1) | endpoint3..6 |
 *  Expect the ports, decoders and memdevs the kernel names, with its attribute values,
 *  and the window in /proc/iomem. */
static void topology_has_the_kernels_names_and_values(void **state)
{
	struct machine *m = boot_fwmap_text(PLATFORM, "6.18");
	char *iomem;

	(void)state;
	expect_file(m, DEV "decoder0.0/start", "0x1000000000\n");
	expect_file(m, DEV "decoder0.0/size", "0x200000000\n");
	expect_file(m, DEV "decoder0.0/target_list", "0,1\n");
	expect_file(m, DEV "decoder0.0/interleave_ways", "2\n");
	expect_file(m, DEV "decoder0.0/cap_ram", "1\n");
	expect_file(m, DEV "decoder0.0/cap_pmem", "0\n");
	expect_file(m, DEV "decoder0.0/create_ram_region", "region0\n");
	expect_file(m, DEV "decoder3.0/mode", "none\n");
	expect_file(m, DEV "decoder3.0/dpa_size", "0x0000000000000000\n");
	expect_file(m, DEV "decoder3.0/dpa_resource", "0xffffffffffffffff\n");
	expect_file(m, DEV "decoder1.0/target_type", "expander\n");
	expect_file(m, DEV "mem2/ram/size", "0x40000000\n");
	expect_file(m, DEV "port1/devtype", "cxl_port\n");
	expect_file(m, DEV "root0/modalias", "cxl:t4\n");
	char *link = NULL;
	struct strbuf sb = STRBUF_INIT;
	struct abi_stat st;

	assert_int_equal(abi_resolve(m, DEV "endpoint5", &st), 0);
	abi_readlink(m, st.ino, &sb);
	link = strbuf_detach(&sb, NULL);
	assert_string_equal(link, "../../../devices/platform/ACPI0017:00/root0/port1/endpoint5");
	free(link);
	iomem = read_str(m, "/proc/iomem");
	assert_non_null(strstr(iomem, "1000000000-11ffffffff : CXL Window 0\n"));
	free(iomem);
	machine_free(m);
}

/*  6.1: CXL regions are persistent memory only.
 *  Expect no create_ram_region (a RAM window has none of the region files) and no region. */
static void linux_6_1_has_no_ram_regions(void **state)
{
	struct machine *m = boot_fwmap_text(PLATFORM "cxl-committed 0x1000000000+4G granularity=256 targets=a,b,c,d\n", "6.1");
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(abi_read_path(m, real(m, DEV "decoder0.0/create_ram_region"), &sb), -ENOENT);
	assert_int_equal(abi_read_path(m, real(m, DEV "decoder0.0/qos_class"), &sb), -ENOENT);
	assert_int_equal(abi_read_path(m, DEV "region0", &sb), -ENOENT);
	/* the decoders firmware committed are still read back */
	expect_file(m, DEV "decoder3.0/mode", "ram\n");
	expect_file(m, DEV "decoder3.0/dpa_size", "0x0000000040000000\n");
	expect_file(m, DEV "decoder3.0/region", "\n");
	strbuf_release(&sb);
	machine_free(m);
}

/*  | decoders committed by firmware: 4 ways at 256 B over the window's first 4 GiB |
 *  Expect region0, committed, its targets in position order, the host bridges' decoders
 *  at 2 ways and 512 B, and the region resource inside the window. */
static void committed_decoders_become_region0_at_boot(void **state)
{
	struct machine *m = boot_fwmap_text(PLATFORM "cxl-committed 0x1000000000+4G granularity=256 targets=a,b,c,d\n", "6.18");
	char *iomem;

	(void)state;
	expect_file(m, DEV "region0/commit", "1\n");
	expect_file(m, DEV "region0/size", "0x100000000\n");
	expect_file(m, DEV "region0/resource", "0x1000000000\n");
	expect_file(m, DEV "region0/interleave_ways", "4\n");
	expect_file(m, DEV "region0/mode", "ram\n");
	expect_file(m, DEV "region0/target0", "decoder3.0\n");
	expect_file(m, DEV "region0/target1", "decoder4.0\n");
	expect_file(m, DEV "region0/target3", "decoder6.0\n");
	expect_file(m, DEV "decoder1.0/interleave_ways", "2\n");
	expect_file(m, DEV "decoder1.0/interleave_granularity", "512\n");
	expect_file(m, DEV "decoder1.0/target_list", "0,1\n");
	expect_file(m, DEV "decoder1.0/region", "region0\n");
	expect_file(m, DEV "decoder5.0/dpa_resource", "0x0\n");
	expect_file(m, DEV "decoder0.0/create_ram_region", "region1\n");
	expect_file(m, DEV "port1/decoders_committed", "1\n");
	iomem = read_str(m, "/proc/iomem");
	assert_non_null(strstr(iomem, "1000000000-11ffffffff : CXL Window 0\n  1000000000-10ffffffff : region0\n"));
	free(iomem);
	machine_free(m);
}

/* The steps `cxl create-region -t ram -w 4 -g 256 -s 4G mem0 mem1 mem2 mem3` writes. */
static void create_4way_region(struct machine *m)
{
	static const char *const decs[] = { "decoder3.0", "decoder4.0", "decoder5.0", "decoder6.0" };
	char path[128];

	expect_write(m, DEV "decoder0.0/create_ram_region", "region0\n");
	expect_write(m, DEV "region0/interleave_granularity", "256\n");
	expect_write(m, DEV "region0/interleave_ways", "4\n");
	expect_write(m, DEV "region0/size", "0x100000000\n");
	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), DEV "%s/mode", decs[i]);
		expect_write(m, path, "ram\n");
		snprintf(path, sizeof(path), DEV "%s/dpa_size", decs[i]);
		expect_write(m, path, "0x40000000\n");
		snprintf(path, sizeof(path), DEV "region0/target%d", i);
		expect_write(m, path, decs[i]);
	}
	expect_write(m, DEV "region0/commit", "1\n");
}

/*  Expect the user's region to read back like firmware's, and delete_region to undo it. */
static void user_region_walks_the_state_machine(void **state)
{
	struct machine *m = boot_fwmap_text(PLATFORM, "6.18");
	char *before = cxl_state_of(m), *after;

	(void)state;
	create_4way_region(m);
	expect_file(m, DEV "region0/commit", "1\n");
	expect_file(m, DEV "region0/resource", "0x1000000000\n");
	expect_file(m, DEV "decoder1.0/interleave_granularity", "512\n");
	expect_file(m, DEV "decoder2.0/target_list", "0,1\n");
	expect_file(m, DEV "decoder6.0/region", "region0\n");
	expect_file(m, DEV "decoder0.0/create_ram_region", "region1\n");
	/* committed: targets, size and geometry are frozen */
	expect_fails_unchanged(m, DEV "region0/interleave_ways", "2\n", -EBUSY);
	expect_fails_unchanged(m, DEV "region0/size", "0\n", -EBUSY);
	expect_fails_unchanged(m, DEV "decoder3.0/dpa_size", "0\n", -EBUSY);
	expect_fails_unchanged(m, DEV "decoder3.0/mode", "pmem\n", -EBUSY);
	/* decommit, then delete: everything as at boot but the next region id */
	expect_write(m, DEV "region0/commit", "0\n");
	expect_file(m, DEV "region0/commit", "0\n");
	expect_write(m, DEV "decoder0.0/delete_region", "region0\n");
	for (int i = 3; i <= 6; i++) {
		char p[96];

		snprintf(p, sizeof(p), DEV "decoder%d.0/dpa_size", i);
		expect_write(m, p, "0\n");
		snprintf(p, sizeof(p), DEV "decoder%d.0/region", i);
		expect_file(m, p, "\n");
	}
	expect_file(m, DEV "decoder0.0/create_ram_region", "region0\n");
	after = cxl_state_of(m);
	/* mode stays "ram" on the endpoint decoders, as in the kernel */
	assert_non_null(strstr(after, "decoder3.0/mode 644: ram\n"));
	assert_null(strstr(after, "region0/"));
	free(before);
	free(after);
	machine_free(m);
}

/*  Expect each misstep of region creation to fail with the kernel's errno and change nothing. */
static void bad_region_writes_are_refused_and_change_nothing(void **state)
{
	struct machine *m = boot_fwmap_text(PLATFORM, "6.18");

	(void)state;
	expect_fails_unchanged(m, DEV "decoder0.0/create_ram_region", "region7\n", -EBUSY);
	expect_fails_unchanged(m, DEV "decoder0.0/create_ram_region", "banana\n", -EINVAL);
	expect_fails_unchanged(m, DEV "decoder0.0/delete_region", "region0\n", -ENODEV);
	expect_write(m, DEV "decoder0.0/create_ram_region", "region0\n");
	/* size before ways and granularity */
	expect_fails_unchanged(m, DEV "region0/size", "0x100000000\n", -ENXIO);
	/* the window interleaves: granularity must be the window's */
	expect_fails_unchanged(m, DEV "region0/interleave_granularity", "512\n", -EINVAL);
	expect_fails_unchanged(m, DEV "region0/interleave_granularity", "100\n", -EINVAL);
	expect_write(m, DEV "region0/interleave_granularity", "256\n");
	/* ways: spec values only, a power-of-2 multiple of the window's 2 */
	expect_fails_unchanged(m, DEV "region0/interleave_ways", "5\n", -EINVAL);
	expect_fails_unchanged(m, DEV "region0/interleave_ways", "3\n", -EINVAL);
	expect_fails_unchanged(m, DEV "region0/interleave_ways", "6\n", -EINVAL);
	expect_write(m, DEV "region0/interleave_ways", "4\n");
	/* size: 256 MiB per way, and no larger than the window */
	expect_fails_unchanged(m, DEV "region0/size", "0x10000000\n", -EINVAL);
	expect_fails_unchanged(m, DEV "region0/size", "0x400000000\n", -ERANGE);
	expect_write(m, DEV "region0/size", "0x100000000\n");
	/* targets before DPA; DPA out of decoder order; wrong position; wrong size */
	expect_fails_unchanged(m, DEV "region0/target0", "decoder3.0", -EINVAL);	/* mode none */
	expect_write(m, DEV "decoder3.0/mode", "ram\n");
	expect_fails_unchanged(m, DEV "region0/target0", "decoder3.0", -ENXIO);	/* no DPA */
	expect_write(m, DEV "decoder3.1/mode", "ram\n");
	expect_fails_unchanged(m, DEV "decoder3.1/dpa_size", "0x40000000\n", -EBUSY);
	expect_fails_unchanged(m, DEV "decoder3.0/dpa_size", "0x48000000\n", -EINVAL);
	expect_fails_unchanged(m, DEV "decoder3.0/dpa_size", "0x80000000\n", -ENOSPC);
	expect_fails_unchanged(m, DEV "decoder3.0/mode", "pmem\n", -ENXIO);
	expect_write(m, DEV "decoder3.0/dpa_size", "0x40000000\n");
	expect_fails_unchanged(m, DEV "region0/target1", "decoder3.0", -ENXIO);	/* HB0 serves even positions */
	expect_fails_unchanged(m, DEV "region0/target0", "decoder9.0", -ENODEV);
	expect_fails_unchanged(m, DEV "region0/target0", "decoder1.0", -EINVAL);
	expect_fails_unchanged(m, DEV "region0/target7", "decoder3.0", -ENOENT);
	expect_write(m, DEV "region0/target0", "decoder3.0");
	expect_fails_unchanged(m, DEV "region0/target2", "decoder3.0", -EBUSY);	/* same device */
	expect_fails_unchanged(m, DEV "region0/commit", "1\n", -ENXIO);		/* not all targets */
	expect_fails_unchanged(m, DEV "region0/interleave_ways", "2\n", -EBUSY);
	machine_free(m);
}

/*  | region0 committed on endpoint decoders .0 | a second region must use decoders .1 |
 *  Expect the second region to be refused below the first's HPA order. */
static void second_region_must_follow_in_hpa_and_decoder_order(void **state)
{
	struct machine *m = boot_fwmap_text(PLATFORM, "6.18");

	(void)state;
	create_4way_region(m);
	expect_write(m, DEV "decoder0.0/create_ram_region", "region1\n");
	expect_write(m, DEV "region1/interleave_granularity", "256\n");
	expect_write(m, DEV "region1/interleave_ways", "2\n");
	expect_fails_unchanged(m, DEV "region1/size", "0x200000000\n", -ERANGE);	/* 4G used of 8G: 4G left */
	machine_free(m);
}

/* A 4-way RAM region @id of @size over endpoint decoders .@dec of the four devices. */
static void make_region(struct machine *m, int id, const char *size, int dec, bool commit)
{
	char path[128], v[32];

	snprintf(v, sizeof(v), "region%d\n", id);
	expect_write(m, DEV "decoder0.0/create_ram_region", v);
	snprintf(path, sizeof(path), DEV "region%d/interleave_granularity", id);
	expect_write(m, path, "256\n");
	snprintf(path, sizeof(path), DEV "region%d/interleave_ways", id);
	expect_write(m, path, "4\n");
	snprintf(path, sizeof(path), DEV "region%d/size", id);
	expect_write(m, path, size);
	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), DEV "decoder%d.%d/mode", 3 + i, dec);
		expect_write(m, path, "ram\n");
		snprintf(path, sizeof(path), DEV "decoder%d.%d/dpa_size", 3 + i, dec);
		expect_write(m, path, "0x20000000\n");
		snprintf(path, sizeof(path), DEV "region%d/target%d", id, i);
		snprintf(v, sizeof(v), "decoder%d.%d", 3 + i, dec);
		expect_write(m, path, v);
	}
	if (commit) {
		snprintf(path, sizeof(path), DEV "region%d/commit", id);
		expect_write(m, path, "1\n");
	}
}

/*  | region0: decoders .0, not committed | region1: decoders .1, above it |
 *  Expect region1's commit to be refused (decoder .1 cannot commit before .0: -EBUSY),
 *  nothing committed anywhere, and both to commit once region0 goes first. */
static void decoders_commit_in_id_order(void **state)
{
	struct machine *m = boot_fwmap_text(PLATFORM, "6.18");

	(void)state;
	make_region(m, 0, "0x80000000\n", 0, false);
	make_region(m, 1, "0x80000000\n", 1, false);
	expect_file(m, DEV "region1/resource", "0x1080000000\n");
	expect_fails_unchanged(m, DEV "region1/commit", "1\n", -EBUSY);
	expect_file(m, DEV "decoder3.0/locked", "0\n");
	expect_file(m, DEV "port1/decoders_committed", "0\n");
	expect_write(m, DEV "region0/commit", "1\n");
	expect_write(m, DEV "region1/commit", "1\n");
	expect_file(m, DEV "endpoint3/decoders_committed", "2\n");
	/* and they reset in reverse: region0 cannot go first */
	expect_fails_unchanged(m, DEV "region0/commit", "0\n", -EBUSY);
	expect_write(m, DEV "region1/commit", "0\n");
	expect_write(m, DEV "region0/commit", "0\n");
	machine_free(m);
}

/*  6.1 on a Soft Reserved CXL window: dax_hmem took the range at boot (hmem.0, memregion 0).
 *  Expect the window to wrap hmem.0 and its Soft Reserved (equal ranges: the newcomer
 *  becomes the parent), the hmem.0 device, and the root decoders to reserve the
 *  memregion ids after hmem.0's (1 and 2). */
static void linux_6_1_leaves_soft_reserved_cxl_memory_to_hmem(void **state)
{
	struct machine *m = boot_fwmap_text(PLATFORM "efi 0x1000000000+8G conventional sp\n"
				    "cxl-window 0x2000000000+1G targets=0 restrict=type3,pmem\n", "6.1");
	char *iomem = read_str(m, "/proc/iomem");

	(void)state;
	assert_non_null(strstr(iomem, "1000000000-11ffffffff : CXL Window 0\n  1000000000-11ffffffff : hmem.0\n"
				      "    1000000000-11ffffffff : Soft Reserved\n"));
	assert_non_null(strstr(iomem, "2000000000-203fffffff : CXL Window 1\n"));
	struct abi_stat st;

	assert_int_equal(abi_resolve(m, "/sys/devices/platform/hmem.0", &st), 0);
	expect_file(m, DEV "decoder0.1/create_pmem_region", "region2\n");
	free(iomem);
	machine_free(m);
}

/* Where link @path (relative, as readlink shows it) points, as an absolute path. */
static char *link_target(struct machine *m, const char *path)
{
	struct strbuf link = STRBUF_INIT, abs = STRBUF_INIT;
	struct abi_stat st;
	const char *rel;

	assert_int_equal(abi_resolve(m, path, &st), 0);
	assert_int_equal(abi_readlink(m, st.ino, &link), 0);
	strbuf_add(&abs, path, (size_t)(strrchr(path, '/') - path));
	for (rel = link.buf; !strncmp(rel, "../", 3); rel += 3) {
		abs.len = (size_t)(strrchr(abs.buf, '/') - abs.buf);
		abs.buf[abs.len] = '\0';
	}
	strbuf_addf(&abs, "/%s", rel);
	strbuf_release(&link);
	return strbuf_detach(&abs, NULL);
}

static void expect_link(struct machine *m, const char *path, const char *want)
{
	char *got = link_target(m, path);
	struct abi_stat st;

	if (strcmp(got, want))
		fail_msg("%s -> '%s', want '%s'", path, got, want);
	if (abi_resolve(m, got, &st) || st.type != ABI_DIR)
		fail_msg("%s -> %s: no such directory", path, got);
	free(got);
}

#define PORT1 "/sys/devices/platform/ACPI0017:00/root0/port1"
#define HB0 "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0016:00"

/*  | ACPI0016:00 = pci0000:34 (root ports 34:00.0, 34:01.0; mem0 on 35:00.0, mem2 on 36:00.0)
 *  | ACPI0016:01 = pci0000:37 (root ports 37:00.0, 37:01.0; mem1 on 38:00.0, mem3 on 39:00.0)
 *  Expect every uport and dport link libcxl realpath()s to land on a device directory
 *  that exists: the host bridges' ACPI devices (6.18: their root buses), their root
 *  ports, the memdevs' functions. */
static void ports_link_to_the_acpi_and_pci_devices_below_them(void **state)
{
	struct machine *m = boot_fwmap_text(PLATFORM, "6.1");

	(void)state;
	expect_link(m, "/sys/devices/platform/ACPI0017:00/root0/dport0", HB0);
	expect_link(m, "/sys/devices/platform/ACPI0017:00/root0/dport1",
		    "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0016:01");
	expect_link(m, HB0 "/physical_node", "/sys/devices/pci0000:34");
	expect_link(m, "/sys/devices/pci0000:34/firmware_node", HB0);
	expect_link(m, PORT1 "/uport", HB0);
	expect_link(m, PORT1 "/dport1", "/sys/devices/pci0000:34/0000:34:01.0");
	expect_link(m, PORT1 "/endpoint5/uport", "/sys/devices/pci0000:34/0000:34:01.0/0000:36:00.0/mem2");
	expect_link(m, PORT1 "/endpoint5/driver", "/sys/bus/cxl/drivers/cxl_port");
	expect_link(m, "/sys/bus/cxl/devices/mem3", "/sys/devices/pci0000:37/0000:37:01.0/0000:39:00.0/mem3");
	expect_link(m, "/sys/devices/pci0000:37/0000:37:01.0/0000:39:00.0/mem3/driver",
		    "/sys/bus/cxl/drivers/cxl_mem");
	expect_file(m, HB0 "/uid", "0\n");
	expect_file(m, "/sys/devices/pci0000:37/0000:37:01.0/0000:39:00.0/class", "0x050210\n");
	expect_link(m, "/sys/dev/char/247:3", "/sys/devices/pci0000:37/0000:37:01.0/0000:39:00.0/mem3");
	machine_free(m);
	/* since 6.3 cxl_acpi takes the PCI root bus device for the host bridge */
	m = boot_fwmap_text(PLATFORM, "6.18");
	expect_link(m, "/sys/devices/platform/ACPI0017:00/root0/dport1", "/sys/devices/pci0000:37");
	expect_link(m, PORT1 "/uport", "/sys/devices/pci0000:34");
	machine_free(m);
}

/*  6.1, a pmem window: libcxl writes a region's uuid as the string and its NUL (37 bytes).
 *  Expect it taken as uuid_store() takes 36 characters and a newline, and 36 bytes refused. */
static void region_uuid_takes_37_bytes_ending_in_a_newline_or_a_nul(void **state)
{
	struct machine *m = boot_fwmap_text("e820 0x0-0x9fbff usable\ne820 0x100000-0x7fffffff usable\n"
				    "node 0 0x0-0x7fffffff\ncxl-host-bridge 0\n"
				    "cxl-window 0x1000000000+4G targets=0 restrict=type3,pmem\n"
				    "cxl-memdev a host-bridge=0 ram=0 pmem=4G\n", "6.1");
	static const char uuid[] = "0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5";

	(void)state;
	expect_write(m, DEV "decoder0.0/create_pmem_region", "region0\n");
	expect_fails_unchanged(m, DEV "region0/uuid", uuid, -EINVAL);
	assert_int_equal(abi_write_path(m, real(m, DEV "region0/uuid"), uuid, sizeof(uuid)), 0);
	expect_file(m, DEV "region0/uuid", "0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5\n");
	machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(topology_has_the_kernels_names_and_values),
		cmocka_unit_test(ports_link_to_the_acpi_and_pci_devices_below_them),
		cmocka_unit_test(region_uuid_takes_37_bytes_ending_in_a_newline_or_a_nul),
		cmocka_unit_test(linux_6_1_has_no_ram_regions),
		cmocka_unit_test(committed_decoders_become_region0_at_boot),
		cmocka_unit_test(user_region_walks_the_state_machine),
		cmocka_unit_test(bad_region_writes_are_refused_and_change_nothing),
		cmocka_unit_test(second_region_must_follow_in_hpa_and_decoder_order),
		cmocka_unit_test(decoders_commit_in_id_order),
		cmocka_unit_test(linux_6_1_leaves_soft_reserved_cxl_memory_to_hmem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
