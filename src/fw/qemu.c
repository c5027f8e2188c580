/* SPDX-License-Identifier: MIT */
/*
 * fw/qemu.c — QEMU 7.2 `pc` machine layout. Boot RAM below 4 GiB up to the PCI hole
 * (3.5 GiB, or 3 GiB when RAM reaches 3.5 GiB: gigabyte alignment), the rest above 4 GiB
 * (above 1 TiB when the AMD HyperTransport hole would be crossed). SeaBIOS reports the
 * EBDA, the BIOS area and its 128 KiB of high tables as reserved. The device-memory
 * window starts at the next GiB after RAM and holds maxmem - RAM plus 1 GiB per slot.
 */
#include "qemu.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/parse.h"
#include "lib/strbuf.h"

#define KiB		1024ULL
#define MiB		(1024 * KiB)
#define GiB		(1024 * MiB)
#define TiB		(1024 * GiB)
#define AMD_HT_START	0xfd00000000ULL
#define AMD_HT_SIZE	0x0300000000ULL
#define AMD_ABOVE_1TB	0x10000000000ULL
#define PCI_HOLE64	(32 * GiB)
#define EBDA_START	0x9fc00ULL
#define BIOS_START	0xf0000ULL
#define HIGHTABLE	(128 * KiB)
#define BIOS_ROM_SIZE	(256 * KiB)
#define MAX_OPTS	16
#define Q35_MMCONFIG_BASE	0xb0000000ULL	/* PCIe ECAM, 256 buses */
#define Q35_MMCONFIG_SIZE	0x10000000ULL
#define ICH9_RCBA_BASE		0xfed1c000ULL	/* ICH9 root complex registers */
#define ICH9_RCBA_SIZE		0x4000ULL
#define IO_APIC_BASE		0xfec00000ULL

/* What the command line asked for, before the layout is computed. */
struct qemu_req {
	uint64_t ram_size;
	uint64_t maxram;
	int slots;
	int nr_cpus;
	int nr_numa;		/* -numa node count */
	char numa_memdev[64][64];
	uint64_t numa_cpus[64][MAX_CPUS / 64];
	bool numa_has_cpus[64];
	bool q35;		/* -machine q35: ICH9, PCIe, MMCONFIG */
	struct qemu_cxl_req *cxl;	/* its CXL devices and windows (fw/qemu_cxl.c) */
};

static int bad(struct strbuf *err, const char *opt, const char *fmt, const char *val)
{
	strbuf_addf(err, "%s: ", opt);
	strbuf_addf(err, fmt, val);
	return -EINVAL;
}

/*
 * Copy an id= or memdev= value into @dst of @size bytes. As platform_object_add() does for
 * object ids, a value too long for @dst is refused, never cut (two cut ids could collide).
 */
static int copy_id(char *dst, size_t size, const char *opt, const char *val, struct strbuf *err)
{
	size_t len = strlen(val);

	if (len >= size)
		return bad(err, opt, "id '%s' is too long", val);
	memcpy(dst, val, len + 1);
	return 0;
}

static int parse_m(struct qemu_req *r, const char *v, struct strbuf *err)
{
	struct qemu_opt o[MAX_OPTS];
	int n = qemu_opts_parse(v, o, MAX_OPTS, true);

	if (n < 0)
		return bad(err, "-m", "malformed value '%s'", v);
	for (int i = 0; i < n; i++) {
		const char *key = o[i].key, *val = o[i].val;
		uint64_t x;

		if (!strcmp(key, "type") || !strcmp(key, "size")) {
			if (qemu_strtosz(val, 20, &r->ram_size) || !r->ram_size)
				return bad(err, "-m", "invalid RAM size '%s'", val);
		} else if (!strcmp(key, "maxmem")) {
			if (qemu_strtosz(val, 20, &r->maxram))
				return bad(err, "-m", "invalid maxmem '%s'", val);
		} else if (!strcmp(key, "slots")) {
			if (kstrtoull(val, &x) || x > 256)
				return bad(err, "-m", "invalid slots '%s'", val);
			r->slots = (int)x;
		} else {
			return bad(err, "-m", "unknown property '%s'", key);
		}
	}
	return 0;
}

static int parse_smp(struct qemu_req *r, const char *v, struct strbuf *err)
{
	struct qemu_opt o[MAX_OPTS];
	int n = qemu_opts_parse(v, o, MAX_OPTS, true);
	const char *c = n > 0 ? qemu_opt_get(o, n, "type") : NULL;
	uint64_t x;

	if (!c)
		c = n > 0 ? qemu_opt_get(o, n, "cpus") : NULL;
	if (!c || kstrtoull(c, &x) || x == 0 || x > MAX_CPUS)
		return bad(err, "-smp", "invalid CPU count '%s'", v);
	r->nr_cpus = (int)x;
	return 0;
}

static int parse_numa(struct qemu_req *r, const char *v, struct strbuf *err)
{
	struct qemu_opt o[MAX_OPTS];
	int n = qemu_opts_parse(v, o, MAX_OPTS, true);
	uint64_t nid;

	if (n < 1 || strcmp(qemu_opt_get(o, n, "type") ?: "", "node"))
		return bad(err, "-numa", "only 'node,...' is supported, got '%s'", v);
	const char *s = qemu_opt_get(o, n, "nodeid");

	nid = (uint64_t)r->nr_numa;
	if (s && kstrtoull(s, &nid))
		return bad(err, "-numa", "invalid nodeid '%s'", s);
	if (nid != (uint64_t)r->nr_numa || nid >= 64)
		return bad(err, "-numa", "nodeid must be given in order from 0 (got '%s')", s ? s : "");
	for (int i = 0; i < n; i++) {
		if (!strcmp(o[i].key, "memdev")) {
			if (copy_id(r->numa_memdev[nid], sizeof(r->numa_memdev[nid]), "-numa", o[i].val, err))
				return -EINVAL;
		} else if (!strcmp(o[i].key, "cpus")) {
			if (parse_cpulist(o[i].val, r->numa_cpus[nid], MAX_CPUS))
				return bad(err, "-numa", "invalid cpus '%s'", o[i].val);
			r->numa_has_cpus[nid] = true;
		} else if (strcmp(o[i].key, "type") && strcmp(o[i].key, "nodeid")) {
			return bad(err, "-numa", "unsupported property '%s'", o[i].key);
		}
	}
	r->nr_numa++;
	return 0;
}

static int parse_object(struct platform *p, const char *v, struct strbuf *err)
{
	struct qemu_opt o[MAX_OPTS];
	int n = qemu_opts_parse(v, o, MAX_OPTS, true);
	uint64_t size;

	if (n < 1 || strcmp(qemu_opt_get(o, n, "type") ?: "", "memory-backend-ram"))
		return bad(err, "-object", "only memory-backend-ram is supported, got '%s'", v);
	const char *id = qemu_opt_get(o, n, "id");
	const char *sz = qemu_opt_get(o, n, "size");

	if (!id || !*id)
		return bad(err, "-object", "missing id= in '%s'", v);
	if (!sz || qemu_strtosz(sz, 0, &size))
		return bad(err, "-object", "invalid size in '%s'", v);
	struct strbuf e = STRBUF_INIT;
	int ret = platform_object_add(p, id, size, &e);

	if (ret)
		bad(err, "-object", "%s", e.buf);
	strbuf_release(&e);
	return ret ? -EINVAL : 0;
}

int qemu_parse_mdev(const char *v, struct mdev *d, struct strbuf *err)
{
	struct qemu_opt o[MAX_OPTS];
	int n = qemu_opts_parse(v, o, MAX_OPTS, true);
	const char *type = n > 0 ? qemu_opt_get(o, n, "type") : NULL;
	uint64_t x;

	memset(d, 0, sizeof(*d));
	d->block_size = 2 * MiB;
	if (!type || (strcmp(type, "pc-dimm") && strcmp(type, "virtio-mem-pci")))
		return bad(err, "-device", "unsupported device '%s'", v);
	d->kind = strcmp(type, "pc-dimm") ? MDEV_VIRTIO_MEM : MDEV_PC_DIMM;
	for (int i = 0; i < n; i++) {
		const char *key = o[i].key, *val = o[i].val;

		if (!strcmp(key, "type")) {
			continue;
		} else if (!strcmp(key, "id")) {
			if (copy_id(d->id, sizeof(d->id), "-device", val, err))
				return -EINVAL;
		} else if (!strcmp(key, "memdev")) {
			if (copy_id(d->memdev, sizeof(d->memdev), "-device", val, err))
				return -EINVAL;
		} else if (!strcmp(key, "node")) {
			if (kstrtoull(val, &x) || x >= MAX_NUMNODES)
				return bad(err, "-device", "invalid node '%s'", val);
			d->node = (int)x;
		} else if (d->kind == MDEV_VIRTIO_MEM && !strcmp(key, "requested-size")) {
			if (qemu_strtosz(val, 0, &d->requested_size))
				return bad(err, "-device", "invalid requested-size '%s'", val);
		} else if (d->kind == MDEV_VIRTIO_MEM && !strcmp(key, "block-size")) {
			if (qemu_strtosz(val, 0, &d->block_size) || !d->block_size ||
			    (d->block_size & (d->block_size - 1)) || d->block_size < 2 * MiB)
				return bad(err, "-device", "invalid block-size '%s'", val);
		} else {
			return bad(err, "-device", "unsupported property '%s'", key);
		}
	}
	if (!d->id[0] || !d->memdev[0])
		return bad(err, "-device", "id= and memdev= are required in '%s'", v);
	return 0;
}

static bool ignored_flag(const char *w, bool *takes_arg)
{
	static const char *const bare[] = { "-nodefaults", "-no-reboot", "-nographic", "-enable-kvm", NULL };
	static const char *const with_arg[] = { "-display", "-accel", "-name", "-serial", "-vga", NULL };

	for (int i = 0; bare[i]; i++)
		if (!strcmp(w, bare[i])) {
			*takes_arg = false;
			return true;
		}
	for (int i = 0; with_arg[i]; i++)
		if (!strcmp(w, with_arg[i])) {
			*takes_arg = true;
			return true;
		}
	return false;
}

/*
 * -cpu: the qemu64 model only; "+pdpe1gb" or "pdpe1gb=on" adds 1 GiB pages (what the
 * guest's 1 GiB hugetlb pages need). The direct map's use of them is not modelled.
 */
static int parse_cpu(struct platform *p, const char *v, struct strbuf *err)
{
	size_t n = strcspn(v, ",");

	if (n != 6 || strncmp(v, "qemu64", 6))
		return bad(err, "-cpu", "only qemu64 is modelled, got '%s'", v);
	p->gbpages = false;
	for (const char *f = v + n; *f == ',';) {
		size_t len = strcspn(f + 1, ",");

		if ((len == 8 && !strncmp(f + 1, "+pdpe1gb", 8)) || (len == 10 && !strncmp(f + 1, "pdpe1gb=on", 10)))
			p->gbpages = true;
		else if (!((len == 8 && !strncmp(f + 1, "-pdpe1gb", 8)) ||
			   (len == 11 && !strncmp(f + 1, "pdpe1gb=off", 11))))
			return bad(err, "-cpu", "only the pdpe1gb flag is modelled, got '%s'", v);
		f += len + 1;
	}
	return 0;
}

/* -machine / -M: the type (pc or q35), q35's cxl=on and its cxl-fmw.N windows; may repeat. */
static int parse_machine(struct qemu_req *r, const char *v, struct strbuf *err)
{
	struct qemu_opt o[MAX_OPTS];
	int n = qemu_opts_parse(v, o, MAX_OPTS, true);

	if (n < 0)
		return bad(err, "-machine", "malformed value '%s'", v);
	for (int i = 0; i < n; i++) {
		const char *key = o[i].key, *val = o[i].val;

		if (!strcmp(key, "type")) {
			r->q35 = !strcmp(val, "q35") || !strncmp(val, "pc-q35", 6);
			if (!r->q35 && strcmp(val, "pc") && strncmp(val, "pc-i440fx", 9))
				return bad(err, "-machine", "only the 'pc' (i440fx) and 'q35' machines are modelled, got '%s'", v);
		} else if (!strcmp(key, "cxl")) {
			if (strcmp(val, "on") && strcmp(val, "off"))
				return bad(err, "-machine", "cxl=on|off, got '%s'", val);
			r->cxl->enabled = !strcmp(val, "on");
		} else if (!strncmp(key, "cxl-fmw.", 8)) {
			if (qemu_cxl_fmw_opt(r->cxl, key, val, err))
				return -EINVAL;
		} else {
			return bad(err, "-machine", "unsupported property '%s'", key);
		}
	}
	if (r->cxl->enabled && !r->q35)
		return bad(err, "-machine", "cxl=on needs the q35 machine, got '%s'", v);
	return 0;
}

/* -device: memory devices here, CXL devices in fw/qemu_cxl.c. */
static int parse_device(struct qemu_req *r, const char *v, struct mdev *cold, int *ncold,
			struct strbuf *err)
{
	struct qemu_opt o[MAX_OPTS];
	int n = qemu_opts_parse(v, o, MAX_OPTS, true);

	if (n > 0 && qemu_is_cxl_device(qemu_opt_get(o, n, "type")))
		return qemu_cxl_device(r->cxl, o, n, err);
	if (*ncold == 64)
		return bad(err, "-device", "%s", "too many devices");
	return qemu_parse_mdev(v, &cold[(*ncold)++], err);
}

/* One option word and its argument; *@i advances past what was used. */
static int parse_one(struct platform *p, struct qemu_req *r, char **w, int nw, int *i,
		     struct mdev *cold, int *ncold, struct strbuf *err)
{
	const char *opt = w[*i];
	bool takes_arg;

	if (ignored_flag(opt, &takes_arg)) {
		*i += takes_arg ? 2 : 1;
		return *i <= nw ? 0 : bad(err, opt, "%s", "missing argument");
	}
	if (*i + 1 >= nw)
		return bad(err, opt, "%s", "missing argument (or unsupported option)");
	const char *v = w[*i + 1];

	*i += 2;
	if (!strcmp(opt, "-m"))
		return parse_m(r, v, err);
	if (!strcmp(opt, "-smp"))
		return parse_smp(r, v, err);
	if (!strcmp(opt, "-numa"))
		return parse_numa(r, v, err);
	if (!strcmp(opt, "-object"))
		return parse_object(p, v, err);
	if (!strcmp(opt, "-machine") || !strcmp(opt, "-M"))
		return parse_machine(r, v, err);
	if (!strcmp(opt, "-cpu"))
		return parse_cpu(p, v, err);
	if (!strcmp(opt, "-device"))
		return parse_device(r, v, cold, ncold, err);
	return bad(err, opt, "%s", "unsupported QEMU option");
}

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) / a * a;
}

/* RAM split around the PCI hole (pc_init1, gigabyte alignment on; q35: 2 GiB below 4 GiB
 * once RAM reaches MMCONFIG's 2.75 GiB). -EINVAL if the address space needed exceeds what
 * phys-bits can address (QEMU refuses to start). */
static int layout_ram(struct platform *p, const struct qemu_req *r, struct strbuf *err)
{
	uint64_t lowmem = 0xe0000000ULL;

	if (r->q35)
		lowmem = r->ram_size >= Q35_MMCONFIG_BASE ? 0x80000000ULL : Q35_MMCONFIG_BASE;
	else if (r->ram_size >= lowmem)
		lowmem = 0xc0000000ULL;
	p->ram_size = r->ram_size;
	p->below_4g = r->ram_size >= lowmem ? lowmem : r->ram_size;
	p->above_4g = r->ram_size - p->below_4g;
	p->maxram = r->maxram ? r->maxram : r->ram_size;
	p->nr_slots = r->slots;
	p->phys_bits = 40;
	p->above_4g_start = 4 * GiB;
	uint64_t dev_size = p->maxram - p->ram_size + (uint64_t)r->slots * GiB;
	uint64_t dev_base = align_up(p->above_4g_start + p->above_4g, GiB);
	uint64_t max_used = align_up(dev_base + dev_size, GiB) + PCI_HOLE64 - 1;

	if (max_used >= AMD_HT_START) {
		p->above_4g_start = AMD_ABOVE_1TB;
		dev_base = align_up(p->above_4g_start + p->above_4g, GiB);
		max_used = align_up(dev_base + dev_size, GiB) + PCI_HOLE64 - 1;
	}
	if (max_used > (1ULL << p->phys_bits) - 1) {
		strbuf_addf(err, "-m: Address space limit 0x%llx < 0x%llx phys-bits too low (%u)",
			    (unsigned long long)((1ULL << p->phys_bits) - 1),
			    (unsigned long long)max_used, p->phys_bits);
		return -EINVAL;
	}
	if (p->maxram > p->ram_size) {
		p->dev_mem_base = dev_base;
		p->dev_mem_size = dev_size;
	}
	return 0;
}

/*
 * q35: SeaBIOS also reserves MMCONFIG and the ICH9 RCBA; the kernel then finds them inside
 * the MCFG range and the root bus's window from the I/O APIC up (QEMU 7.2's _CRS).
 */
static void layout_q35(struct platform *p)
{
	platform_add_e820(p, Q35_MMCONFIG_BASE, Q35_MMCONFIG_SIZE, E820_TYPE_RESERVED);
	platform_add_e820(p, ICH9_RCBA_BASE, ICH9_RCBA_SIZE, E820_TYPE_RESERVED);
	platform_add_bus_resource(p, Q35_MMCONFIG_BASE, Q35_MMCONFIG_SIZE, "PCI MMCONFIG 0000 [bus 00-ff]");
	platform_add_bus_resource(p, IO_APIC_BASE, 4 * GiB - IO_APIC_BASE, "PCI Bus 0000:00");
}

/* The map SeaBIOS hands to the kernel. */
static void layout_e820(struct platform *p)
{
	uint64_t low = p->below_4g;

	platform_add_e820(p, 0, low < EBDA_START ? low : EBDA_START, E820_TYPE_RAM);
	platform_add_e820(p, EBDA_START, 0xa0000 - EBDA_START, E820_TYPE_RESERVED);
	platform_add_e820(p, BIOS_START, 0x100000 - BIOS_START, E820_TYPE_RESERVED);
	if (low > 0x100000 + HIGHTABLE) {
		platform_add_e820(p, 0x100000, low - HIGHTABLE - 0x100000, E820_TYPE_RAM);
		platform_add_e820(p, low - HIGHTABLE, HIGHTABLE, E820_TYPE_RESERVED);
	}
	platform_add_e820(p, 4 * GiB - BIOS_ROM_SIZE, BIOS_ROM_SIZE, E820_TYPE_RESERVED);
	if (p->above_4g)
		platform_add_e820(p, p->above_4g_start, p->above_4g, E820_TYPE_RAM);
	if (p->phys_bits >= 40)
		platform_add_e820(p, AMD_HT_START, AMD_HT_SIZE, E820_TYPE_RESERVED);
}

/* Guest-physical range of [off, off+len) of boot RAM, split at the PCI hole. */
static void add_ram_affinity(struct platform *p, uint64_t off, uint64_t len, int nid)
{
	uint64_t end = off + len;

	if (off < p->below_4g) {
		uint64_t e = end < p->below_4g ? end : p->below_4g;

		if (off < 0xa0000 && e > 0x100000) {
			platform_add_srat(p, off, 0xa0000, nid, false);
			platform_add_srat(p, 0x100000, e, nid, false);
		} else {
			platform_add_srat(p, off, e, nid, false);
		}
	}
	if (end > p->below_4g) {
		uint64_t s = off > p->below_4g ? off : p->below_4g;

		platform_add_srat(p, p->above_4g_start + (s - p->below_4g),
				  p->above_4g_start + (end - p->below_4g), nid, false);
	}
}

static int layout_numa(struct platform *p, const struct qemu_req *r, struct strbuf *err)
{
	int nodes = r->nr_numa ? r->nr_numa : 1;
	uint64_t off = 0;

	p->nr_nodes = nodes;
	p->numa = r->nr_numa > 0 || p->dev_mem_size > 0;
	for (int nid = 0; nid < nodes; nid++) {
		uint64_t len = r->ram_size;

		if (r->nr_numa) {
			const struct memdev *md = r->numa_memdev[nid][0] ?
				platform_find_memdev(p, r->numa_memdev[nid]) : NULL;

			if (r->numa_memdev[nid][0] && !md)
				return bad(err, "-numa", "memdev '%s' not found", r->numa_memdev[nid]);
			len = md ? md->size : 0;
			if (md)
				((struct memdev *)md)->used = true;
		}
		if (len)
			add_ram_affinity(p, off, len, nid);
		off += len;
	}
	if (off != r->ram_size) {
		strbuf_addf(err, "-numa: total memory for NUMA nodes (0x%llx) should equal RAM size (0x%llx)",
			    (unsigned long long)off, (unsigned long long)r->ram_size);
		return -EINVAL;
	}
	if (p->dev_mem_size)
		platform_add_srat(p, p->dev_mem_base, p->dev_mem_base + p->dev_mem_size, nodes - 1, true);
	return 0;
}

static void layout_cpus(struct platform *p, const struct qemu_req *r)
{
	p->nr_cpus = r->nr_cpus ? r->nr_cpus : 1;
	for (int cpu = 0; cpu < p->nr_cpus; cpu++) {
		p->cpu_node[cpu] = 0;
		for (int nid = 0; nid < r->nr_numa; nid++)
			if (r->numa_cpus[nid][cpu / 64] & (1ULL << (cpu % 64)))
				p->cpu_node[cpu] = nid;
	}
}

static int check_req(const struct qemu_req *r, struct strbuf *err)
{
	if (r->maxram && r->maxram < r->ram_size) {
		strbuf_addstr(err, "-m: maxmem must be >= the initial memory size");
		return -EINVAL;
	}
	if (r->slots && (!r->maxram || r->maxram == r->ram_size)) {
		strbuf_addstr(err, "-m: slots given but maxmem is not larger than the initial memory");
		return -EINVAL;
	}
	return 0;
}

static int plug_coldplugged(struct platform *p, struct mdev *cold, int ncold, struct strbuf *err)
{
	for (int i = 0; i < ncold; i++) {
		struct mdev *d;
		struct strbuf e = STRBUF_INIT;

		cold[i].coldplugged = true;
		int ret = platform_device_add(p, &cold[i], &d, &e);

		if (ret) {
			strbuf_addf(err, "-device: %s: %s", cold[i].id, e.buf);
			strbuf_release(&e);
			return -EINVAL;
		}
		strbuf_release(&e);
	}
	return 0;
}

int qemu_platform_from_args(struct platform *p, const char *args, struct strbuf *err)
{
	struct qemu_req r = { .ram_size = 128 * MiB, .cxl = calloc(1, sizeof(*r.cxl)) };
	struct mdev *cold = calloc(64, sizeof(*cold));
	char **w;
	int nw, ncold = 0, ret;

	memset(p, 0, sizeof(*p));
	if (!r.cxl || !cold)
		abort();
	if (split_words(args, &w, &nw)) {
		free(r.cxl);
		free(cold);
		strbuf_addstr(err, "unbalanced quotes");
		return -EINVAL;
	}
	ret = 0;
	for (int i = 0; i < nw && !ret;)
		ret = parse_one(p, &r, w, nw, &i, cold, &ncold, err);
	free_words(w, nw);
	if (!ret)
		ret = check_req(&r, err);
	if (!ret) {
		ret = layout_ram(p, &r, err);
	}
	if (!ret) {
		layout_e820(p);
		if (r.q35)
			layout_q35(p);
		ret = layout_numa(p, &r, err);
	}
	if (!ret)	/* QEMU's CXL range starts past device memory, else past RAM */
		ret = qemu_cxl_layout(p, r.cxl, p->dev_mem_size ? p->dev_mem_base + p->dev_mem_size :
				      p->above_4g_start + p->above_4g, err);
	if (!ret) {
		layout_cpus(p, &r);
		ret = plug_coldplugged(p, cold, ncold, err);
	}
	free(cold);
	free(r.cxl);
	if (ret) {
		platform_free(p);
		return -EINVAL;
	}
	p->qemu_args = strdup(args);
	return 0;
}
