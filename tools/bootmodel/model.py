#!/usr/bin/env python3
"""Rule-based model of the boot-time memblock reservations of Linux 6.1
(Debian 6.1.0-56-amd64 = 6.1.192) on a QEMU 7.2 `pc` (i440fx, SeaBIOS) guest,
booted with `nokaslr`, TCG, default `qemu64` CPU.

Given a machine description (QEMU -m/-smp/-numa arguments + kernel command
line) it simulates memblock (top-down placement, partial pages, alignment
holes) for every allocation the kernel makes before memblock_free_all(), then
applies the frees done after boot (initrd, kernel init sections ...), and
reports per node/zone spanned/present/managed pages plus the physical ranges
that stay reserved.  See docs/boot-reservations.md for the rules.

Only the Python standard library is used.  Usage:

    python3 model.py --qemu "-m 4G,slots=4,maxmem=8G -smp 1" --cmdline "movablecore=512M"
"""
import argparse
import re
import shlex
import sys

PAGE = 4096
KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30
PMD_SIZE = 2 * MiB
PUD_SIZE = 1 * GiB
PGD_SIZE = 512 * GiB
SECTION = 128 * MiB                 # SECTION_SIZE_BITS = 27
PAGES_PER_SECTION = SECTION // PAGE
MAX_ORDER_NR_PAGES = 1024
SMP_CACHE = 64                      # SMP_CACHE_BYTES / INTERNODE cache line
ISA_END = 0x100000
MAX_DMA_PFN = (16 * MiB) // PAGE
MAX_DMA32_PFN = (4 * GiB) // PAGE
MAX_DMA_ADDRESS = 16 * MiB          # __pa(MAX_DMA_ADDRESS)
ZONES = ["DMA", "DMA32", "Normal", "Movable", "Device"]

# ---------------------------------------------------------------------------
# Kernel build constants (6.1.0-56-amd64, read from the vmlinux section table
# and the boot log; they change with the kernel build, not with the machine).
K = dict(
    text_start=0x1000000,            # CONFIG_PHYSICAL_START, nokaslr
    reserve_end=0x4411000,           # end of [_text, __end_of_kernel_reserve) + used brk (17 pages)
    # ranges of the image handed back to the page allocator after boot
    freed_after_boot=[
        (0x1e02000, 0x2000000, "text/rodata gap (2040K)"),
        (0x28eb000, 0x2a00000, "rodata/data gap (1108K)"),
        (0x3044000, 0x3306000, "initmem (2824K)"),
        (0x3306000, 0x330f000, "SMP alternatives (36K)"),
        (0x4203000, 0x4400000, "unused decrypted bss (2036K)"),
    ],
    pgdat_size=174208,               # sizeof(pg_data_t)
    mem_section_roots_bytes=32768,   # mem_section[] root pointer array
    section_root_bytes=4096,         # one root page = 128 struct mem_section (32 bytes with PAGE_EXTENSION)
    sections_per_root=128,           # 16 GiB of physical address space per root
    usage_bytes_per_section=56,      # struct mem_section_usage (rcu+subsection map) + pageblock bits
    struct_page=64,
    pgt_buf_pages=16,                # INIT_PGT_BUF_SIZE (5-level + RANDOMIZE_MEMORY configs)
    realmode_bytes=28672,
    pcpu_size_sum=253952,            # static 217088 + reserved 8192 + dynamic 28672 (62 pages)
    pcpu_atom=2 * MiB,               # atom = PMD_SIZE (unit size = atom / units-per-atom)
    swiotlb_bytes=64 * MiB,
    swiotlb_slot_bytes=24,           # struct io_tlb_slot, one per 2 KiB slab
    swiotlb_area_bytes=16,
    initrd_bytes=1287388,            # the oracle's busybox initramfs (RAMDISK 0x13b000)
)

# reservations made before memblock=debug is parsed (not in a trace)
EARLY_TAGS = ("kernel image + brk", "initrd", "first 64K", "EBDA/BIOS", "MP table", "first 1M")

KNOWN_PARAMS = {"console", "panic", "memblock", "memhp_default_state", "movablecore",
                "kernelcore", "movable_node", "hashdist", "loglevel", "quiet", "earlyprintk",
                "mem", "memmap", "numa", "nr_cpus", "maxcpus", "swiotlb", "initcall_debug",
                "debug", "ignore_loglevel", "page_alloc.shuffle", "init", "rdinit", "root"}


def parse_size(s, default_unit="M"):
    m = re.fullmatch(r"(\d+)([KMGTkmgt]?)[bB]?", s)
    if not m:
        raise ValueError("bad size %r" % s)
    n = int(m.group(1))
    u = (m.group(2) or default_unit).upper()
    return n * {"K": KiB, "M": MiB, "G": GiB, "T": 1 << 40}[u]


def memparse(s):
    m = re.fullmatch(r"(0x[0-9a-fA-F]+|\d+)([KMGTPEkmgtpe]?)", s)
    n = int(m.group(1), 0)
    u = m.group(2).upper()
    return n << {"": 0, "K": 10, "M": 20, "G": 30, "T": 40, "P": 50, "E": 60}[u]


# ---------------------------------------------------------------------------
# Machine description from QEMU arguments (QEMU 7.2 `pc`, SeaBIOS)
class Machine:
    def __init__(self, qemu_args, cmdline="", modules=""):
        a = shlex.split(qemu_args)
        self.ram = 128 * MiB
        self.maxmem = None
        self.cpus = 1
        backends = {}
        self.numa = []   # list of (nodeid, size, cpus)
        i = 0
        while i < len(a):
            o = a[i]
            v = a[i + 1] if i + 1 < len(a) else ""
            if o == "-m":
                parts = v.split(",")
                for p in parts:
                    if "=" not in p or p.startswith("size="):
                        self.ram = parse_size(p.split("=")[-1])
                    elif p.startswith("maxmem="):
                        self.maxmem = parse_size(p[7:])
                i += 2
            elif o == "-smp":
                self.cpus = int(re.match(r"(?:cpus=)?(\d+)", v.split(",")[0]).group(1))
                i += 2
            elif o == "-object":
                kv = dict(p.split("=", 1) for p in v.split(",")[1:] if "=" in p)
                if "id" in kv and "size" in kv and v.startswith("memory-backend"):
                    backends[kv["id"]] = parse_size(kv["size"])
                i += 2
            elif o == "-numa":
                kv = dict(p.split("=", 1) for p in v.split(",")[1:] if "=" in p)
                if v.startswith("node"):
                    nid = int(kv.get("nodeid", len(self.numa)))
                    size = backends.get(kv.get("memdev"), parse_size(kv["mem"]) if "mem" in kv else 0)
                    cpus = []
                    if "cpus" in kv:
                        c = kv["cpus"]
                        if "-" in c:
                            lo, hi = c.split("-")
                            cpus = list(range(int(lo), int(hi) + 1))
                        else:
                            cpus = [int(c)]
                    self.numa.append((nid, size, cpus))
                i += 2
            else:
                i += 1
        append = "console=ttyS0,115200 nokaslr panic=-1"
        mods = modules.split()
        if mods:
            append += " oracle.mods=" + ",".join(mods)
        if cmdline.strip():
            append += " " + cmdline.strip()
        self.cmdline = append
        self.params = {}
        for tok in append.split():
            k, _, val = tok.partition("=")
            self.params[k] = val if _ else None
        self.movable_node = "movable_node" in self.params
        # --- QEMU RAM split (pc_piix.c): >= 3.5 GiB -> 3 GiB below 4G
        if self.ram >= 0xe0000000:
            self.below = 0xc0000000
        else:
            self.below = self.ram
        self.above = self.ram - self.below
        self.hotplug = self.maxmem is not None and self.maxmem > self.ram
        # BIOS e820 (SeaBIOS): 639K at 0, EBDA, BIOS ROM, RAM to below-128K, ACPI area
        fw = [(0, 0x9fc00, 1), (0x9fc00, 0xa0000, 2), (0xf0000, 0x100000, 2),
              (0x100000, self.below - 0x20000, 1), (self.below - 0x20000, self.below, 2),
              (0xfffc0000, 1 << 32, 2)]
        if self.above:
            fw.append((1 << 32, (1 << 32) + self.above, 1))
        fw.append((0xfd00000000, 0x10000000000, 2))
        self.e820_firmware = fw
        # kernel: page 0 becomes reserved (e820: update [0-0xfff] usable ==> reserved)
        t = [(0, 0x1000, 2), (0x1000, 0x9fc00, 1)] + fw[1:]
        self.e820 = t
        # memblock.memory: RAM entries trimmed to whole pages
        self.memory_ranges = []
        for s, e, ty in t:
            if ty == 1:
                s2, e2 = -(-s // PAGE) * PAGE, e // PAGE * PAGE
                if s2 < e2:
                    self.memory_ranges.append((s2, e2))
        self.max_pfn = self.memory_ranges[-1][1] // PAGE
        # --- NUMA (SRAT as QEMU builds it)
        if self.numa:
            nodes = {}
            base = 0
            for nid, size, cpus in self.numa:
                rs = []
                s, e = base, base + size
                base = e
                if s < self.below < e:
                    rs.append((s, self.below))
                    rs.append((1 << 32, (1 << 32) + e - self.below))
                elif s >= self.below:
                    rs.append((s - self.below + (1 << 32), e - self.below + (1 << 32)))
                elif size:
                    rs.append((s, e))
                nodes[nid] = rs
            self.node_ranges = nodes
            cpu_node = {}
            for nid, size, cpus in self.numa:
                for c in cpus:
                    cpu_node[c] = nid
            self.cpu_node = [cpu_node.get(c, 0) for c in range(self.cpus)]
            possible = set(nid for nid, size, cpus in self.numa if size or cpus)
            if self.hotplug:
                possible.add(self.numa[-1][0])
            self.possible_nodes = sorted(possible)
        else:
            self.node_ranges = {0: [(0, 1 << 48)]}
            self.cpu_node = [0] * self.cpus
            self.possible_nodes = [0]
        self.nr_node_ids = max(self.possible_nodes) + 1
        # max_possible_pfn includes SRAT hotplug ranges (decides SWIOTLB on x86)
        self.max_possible_pfn = self.max_pfn
        if self.hotplug:
            self.max_possible_pfn = max(self.max_pfn, (1 << 32) // PAGE + 1)

    def nid_of(self, addr):
        for nid, rs in self.node_ranges.items():
            for s, e in rs:
                if s <= addr < e:
                    return nid
        return 0


# ---------------------------------------------------------------------------
class Memblock:
    def __init__(self, memory):
        self.memory = list(memory)      # (start, end, nid) sorted
        self.reserved = []              # merged (start, end)
        self.current_limit = None       # None = no limit
        self.bottom_up = False
        self.log = []                   # (start, end, tag) of every allocation/reserve

    # reserved set handling
    def reserve(self, s, e, tag=""):
        if e <= s:
            return
        self.log.append((s, e, tag))
        out = []
        for a, b in self.reserved:
            if b < s or a > e:
                out.append((a, b))
            else:
                s, e = min(a, s), max(b, e)
        out.append((s, e))
        out.sort()
        self.reserved = out

    def free(self, s, e, tag=""):
        self.log.append((s, e, "FREE " + tag))
        out = []
        for a, b in self.reserved:
            if b <= s or a >= e:
                out.append((a, b))
            else:
                if a < s:
                    out.append((a, s))
                if b > e:
                    out.append((e, b))
        self.reserved = out

    def free_ranges(self, nid=None):
        """free ranges ascending: memory minus reserved"""
        res = []
        for ms, me, mnid in self.memory:
            if nid is not None and mnid != nid:
                continue
            cur = ms
            for a, b in self.reserved:
                if b <= cur:
                    continue
                if a >= me:
                    break
                if a > cur:
                    res.append((cur, min(a, me), mnid))
                cur = max(cur, b)
                if cur >= me:
                    break
            if cur < me:
                res.append((cur, me, mnid))
        return res

    def find(self, size, align, start, end, nid):
        if end == 0:     # MEMBLOCK_ALLOC_ACCESSIBLE
            end = self.current_limit if self.current_limit is not None else 1 << 60
        start = max(start, PAGE)
        end = max(start, end)
        fr = self.free_ranges(nid)
        if self.bottom_up:
            for a, b, _ in fr:
                a = min(max(a, start), end)
                b = min(max(b, start), end)
                cand = -(-a // align) * align
                if cand < b and b - cand >= size:
                    return cand
            return None
        for a, b, _ in reversed(fr):
            a = min(max(a, start), end)
            b = min(max(b, start), end)
            if b < size:
                continue
            cand = (b - size) // align * align
            if cand >= a:
                return cand
        return None

    def alloc_range_nid(self, size, align, start, end, nid, exact, tag):
        f = self.find(size, align, start, end, nid)
        if f is None and nid is not None and not exact:
            f = self.find(size, align, start, end, None)
        if f is None:
            return None
        self.reserve(f, f + size, tag)
        return f

    def alloc(self, size, align=SMP_CACHE, min_addr=0, max_addr=0, nid=None, exact=False, tag=""):
        """memblock_alloc_try_nid / _raw / exact_nid semantics"""
        if self.current_limit is not None and max_addr > self.current_limit:
            max_addr = self.current_limit
        r = self.alloc_range_nid(size, align, min_addr, max_addr, nid, exact, tag)
        if r is None and min_addr:
            r = self.alloc_range_nid(size, align, 0, max_addr, nid, exact, tag)
        if r is None:
            raise RuntimeError("memblock allocation failed: %s %d" % (tag, size))
        return r

    def phys_alloc_range(self, size, align, start, end, tag=""):
        return self.alloc_range_nid(size, align, start, end, None, False, tag)


# ---------------------------------------------------------------------------
class PageTables:
    """Direct-map page-table pages built by init_mem_mapping() (2 MiB pages,
    no 1 GiB pages on qemu64).  Returns nothing; allocations go either to the
    brk pgt_buf (inside the kernel image reservation) or to memblock."""

    def __init__(self, mb, machine, brk_range):
        self.mb = mb
        self.m = machine
        self.pud_pages = set()   # per 512 GiB
        self.pmd_pages = set()   # per 1 GiB
        self.pte_pages = set()   # per 2 MiB
        self.large = set()       # 2 MiB slots mapped large
        self.buf_used = 0
        self.brk = brk_range
        self.can_use_brk = True
        self.min_pfn_mapped = 0
        self.max_pfn_mapped = 0
        self.memblock_pages = []

    def alloc_page(self):
        if self.buf_used + 1 > K["pgt_buf_pages"] or not self.can_use_brk:
            ret = None
            if self.min_pfn_mapped < self.max_pfn_mapped:
                ret = self.mb.phys_alloc_range(PAGE, PAGE, self.min_pfn_mapped * PAGE,
                                               self.max_pfn_mapped * PAGE, "page table (direct map)")
            if ret is None:
                # extend_brk fallback: inside the image area in reality (still reserved)
                self.buf_used += 1
                return
            self.memblock_pages.append(ret)
        else:
            self.buf_used += 1

    def is_region_memory(self, s, e):
        for a, b in self.m.memory_ranges:
            if a <= s and e <= b:
                return True
        return False

    def init_memory_mapping(self, start, end):
        # split_mem_range: 4K head, 2M body, 4K tail; head/tail promoted to 2M
        # when the whole surrounding 2M is RAM
        ranges = []
        s = start
        hs = min(end, -(-start // PMD_SIZE) * PMD_SIZE)
        if s < hs:
            ranges.append((s, hs, False))
            s = hs
        be = end // PMD_SIZE * PMD_SIZE
        if s < be:
            ranges.append((s, be, True))
            s = be
        if s < end:
            ranges.append((s, end, False))
        fixed = []
        for a, b, big in ranges:
            if not big:
                ra, rb = a // PMD_SIZE * PMD_SIZE, -(-b // PMD_SIZE) * PMD_SIZE
                if self.is_region_memory(ra, rb):
                    big = True
            fixed.append((a, b, big))
        for a, b, big in fixed:
            self.map(a, b, big)
        self.max_pfn_mapped = max(self.max_pfn_mapped, end // PAGE)

    def map(self, a, b, big):
        # walk PGD -> PUD -> PMD -> PTE, allocating missing tables in address order
        addr = a
        while addr < b:
            g = addr // PGD_SIZE
            if g not in self.pud_pages:
                self.alloc_page()
                self.pud_pages.add(g)
            gend = min(b, (g + 1) * PGD_SIZE)
            while addr < gend:
                u = addr // PUD_SIZE
                uend = min(gend, (u + 1) * PUD_SIZE)
                if u not in self.pmd_pages:
                    self.alloc_page()
                    self.pmd_pages.add(u)
                while addr < uend:
                    d = addr // PMD_SIZE
                    dend = min(uend, (d + 1) * PMD_SIZE)
                    if d in self.pte_pages:
                        pass
                    elif big:
                        self.large.add(d)
                    else:
                        self.alloc_page()
                        self.pte_pages.add(d)
                    addr = dend

    def init_range_memory_mapping(self, r_start, r_end):
        mapped = 0
        bs, be = self.brk
        for s, e in self.m.memory_ranges:
            s = min(max(s, r_start), r_end)
            e = min(max(e, r_start), r_end)
            if s >= e:
                continue
            buf_end = bs + self.buf_used * PAGE
            buf_top = bs + K["pgt_buf_pages"] * PAGE
            self.can_use_brk = max(s, buf_end) >= min(e, buf_top)
            self.init_memory_mapping(s, e)
            mapped += e - s
            self.can_use_brk = True
        return mapped

    def run(self):
        end = self.m.max_pfn * PAGE
        self.init_memory_mapping(0, ISA_END)
        mb = self.mb
        if mb.bottom_up:
            kernel_end = K["reserve_end"]
            for ms, me in ((kernel_end, end), (ISA_END, kernel_end)):
                step = PMD_SIZE
                start = ms
                self.min_pfn_mapped = start // PAGE
                mapped = 0
                while start < me:
                    if step and me - start > step:
                        nxt = min(me, -(-(start + 1) // step) * step)
                    else:
                        nxt = me
                    mapped += self.init_range_memory_mapping(start, nxt)
                    start = nxt
                    if mapped >= step:
                        step <<= 8
            return
        addr = mb.phys_alloc_range(PMD_SIZE, PMD_SIZE, ISA_END, end, "probe")
        if addr is None:
            real_end = max(ISA_END, end // PMD_SIZE * PMD_SIZE)
        else:
            mb.free(addr, addr + PMD_SIZE, "probe")
            real_end = addr + PMD_SIZE
        step = PMD_SIZE
        self.max_pfn_mapped = 0
        self.min_pfn_mapped = real_end // PAGE
        last = real_end
        mapped = 0
        while last > ISA_END:
            if last > step:
                start = max(ISA_END, (last - 1) // step * step)
            else:
                start = ISA_END
            mapped += self.init_range_memory_mapping(start, last)
            last = start
            self.min_pfn_mapped = last // PAGE
            if mapped >= step:
                step <<= 8
        if real_end < end:
            self.init_range_memory_mapping(real_end, end)


# ---------------------------------------------------------------------------
def roundup_pow2(n):
    p = 1
    while p < n:
        p <<= 1
    return p


class Boot:
    def __init__(self, machine):
        self.m = machine
        self.notes = []

    # zones ------------------------------------------------------------------
    def node_mem_ranges(self, nid):
        """memblock memory ranges (pfn) of one node"""
        out = []
        for s, e, n in self.mb.memory:
            if n == nid:
                out.append((s // PAGE, e // PAGE))
        return out

    def compute_zones(self):
        m = self.m
        mem_pfns = [(s // PAGE, e // PAGE, n) for s, e, n in self.mb.memory]
        start_pfn = mem_pfns[0][0]
        max_zone = [min(MAX_DMA_PFN, m.max_pfn), min(MAX_DMA32_PFN, m.max_pfn), m.max_pfn]
        lo, hi = [], []
        for z in range(3):
            end_pfn = max(max_zone[z], start_pfn)
            lo.append(start_pfn)
            hi.append(end_pfn)
            start_pfn = end_pfn
        movable_zone = 0
        for z in (2, 1, 0):
            if hi[z] > lo[z]:
                movable_zone = z
                break
        # --- ZONE_MOVABLE start per node (find_zone_movable_pfns_for_nodes)
        nodes_mem = sorted(set(n for _, _, n in mem_pfns))
        zmp = {n: 0 for n in m.possible_nodes}
        totalpages = sum(e - s for s, e, _ in mem_pfns)
        p = m.params
        goto_out2 = False
        if m.movable_node:
            goto_out2 = True   # no hotpluggable boot memory in QEMU guests here
        req_k = req_m = 0
        if not goto_out2:
            kc = p.get("kernelcore")
            mc = p.get("movablecore")
            if kc:
                if kc.endswith("%"):
                    req_k = totalpages * 100 * int(kc[:-1]) // 10000
                else:
                    req_k = memparse(kc) >> 12
            if mc:
                if mc.endswith("%"):
                    req_m = totalpages * 100 * int(mc[:-1]) // 10000
                else:
                    req_m = memparse(mc) >> 12
            if req_m:
                req_m = -(-req_m // MAX_ORDER_NR_PAGES) * MAX_ORDER_NR_PAGES
                req_m = min(totalpages, req_m)
                req_k = max(req_k, totalpages - req_m)
            if req_k and req_k < totalpages:
                usable_start = lo[movable_zone]
                usable_nodes = len(nodes_mem)
                while True:
                    kc_node = req_k // usable_nodes
                    for nid in nodes_mem:
                        if req_k < kc_node:
                            kc_node = req_k // usable_nodes
                        rem = kc_node
                        for s, e, n in mem_pfns:
                            if n != nid:
                                continue
                            s = max(s, zmp[nid])
                            if s >= e:
                                continue
                            if s < usable_start:
                                kp = min(e, usable_start) - s
                                rem -= min(kp, rem)
                                req_k -= min(kp, req_k)
                                if e <= usable_start:
                                    zmp[nid] = e
                                    continue
                                s = usable_start
                            size = min(e - s, rem)
                            zmp[nid] = s + size
                            req_k -= min(req_k, size)
                            rem -= size
                            if not rem:
                                break
                    usable_nodes -= 1
                    if not (usable_nodes and req_k > usable_nodes):
                        break
                goto_out2 = True
        if goto_out2:
            for nid in zmp:
                zmp[nid] = -(-zmp[nid] // MAX_ORDER_NR_PAGES) * MAX_ORDER_NR_PAGES
                rs = [(s, e) for s, e, n in mem_pfns if n == nid]
                nend = max((e for s, e in rs), default=0)
                if zmp[nid] >= nend:
                    zmp[nid] = 0
        self.zone_movable_pfn = zmp
        # --- per node zones
        zones = {}
        for nid in m.possible_nodes:
            rs = [(s, e) for s, e, n in mem_pfns if n == nid]
            if not rs:
                zones[nid] = None
                continue
            nstart, nend = rs[0][0], rs[-1][1]
            zl = []
            for z in range(4):
                if z < 3:
                    zs = min(max(lo[z], nstart), nend)
                    ze = min(max(hi[z], nstart), nend)
                else:
                    zs = ze = 0
                if zmp.get(nid):
                    if z == 3:
                        zs = zmp[nid]
                        ze = min(nend, hi[movable_zone])
                    elif zs < zmp[nid] < ze:
                        ze = zmp[nid]
                    elif zs >= zmp[nid]:
                        zs = ze
                if ze <= zs:
                    zl.append([ZONES[z], None, 0, 0])
                    continue
                present = sum(max(0, min(e, ze) - max(s, zs)) for s, e in rs)
                zl.append([ZONES[z], zs, ze - zs, present])
            zl.append(["Device", None, 0, 0])
            zones[nid] = zl
        self.zones = zones
        self.movable_zone = movable_zone

    def compute_nr_kernel_pages(self):
        nk = 0
        na = 0
        for nid, zl in self.zones.items():
            if zl is None:
                continue
            for zi, (name, zs, spanned, present) in enumerate(zl[:4]):
                pages = spanned
                if spanned > present + (present >> 4):
                    pages = present
                memmap = -(-(pages * K["struct_page"]) // PAGE)
                free = present
                if free >= memmap:
                    free -= memmap
                if zi == 0 and free > self.dma_reserve:
                    free -= self.dma_reserve
                nk += free
                na += free
        self.nr_kernel_pages = nk
        self.nr_all_pages = na

    def hash_size(self, scale, bucket=8):
        n = self.nr_kernel_pages
        n = -(-n // 256) * 256
        adapt = 64 * GiB // PAGE
        while adapt < n:
            scale += 1
            adapt <<= 2
        n >>= (scale - 12)
        if n * bucket < PAGE:
            n = PAGE // bucket
        n = roundup_pow2(n)
        mx = min((self.nr_all_pages * PAGE >> 4) // bucket, 0x80000000)
        n = min(n, mx)
        n = 1 << (n.bit_length() - 1)
        return n * bucket

    # main simulation ---------------------------------------------------------
    def run(self):
        m = self.m
        mem = []
        for s, e in m.memory_ranges:
            # split at node boundaries
            pieces = [(s, e)]
            if m.numa:
                pieces = []
                for nid, rs in sorted(m.node_ranges.items()):
                    for a, b in rs:
                        if max(a, s) < min(b, e):
                            pieces.append((max(a, s), min(b, e)))
                pieces.sort()
            for a, b in pieces:
                mem.append((a, b, m.nid_of(a)))
        mb = Memblock(sorted(mem))
        self.mb = mb
        # 1. early reservations (before memblock=debug is parsed)
        mb.reserve(K["text_start"], K["reserve_end"], "kernel image + brk")
        mb.reserve(0, 0x10000, "first 64K")
        rd_end_max = m.below - 0x20000 - 1
        rd_start = (rd_end_max - K["initrd_bytes"]) // PAGE * PAGE
        rd_end = rd_start + K["initrd_bytes"]
        self.initrd = (rd_start, -(-rd_end // PAGE) * PAGE)
        mb.reserve(rd_start, self.initrd[1], "initrd")   # early_reserve_initrd: PAGE_ALIGN(end)
        mb.reserve(0x9f000, 0x100000, "EBDA/BIOS")
        mb.reserve(0xf5ba0, 0xf5c78, "MP table")
        if m.movable_node:
            mb.bottom_up = True
        mb.current_limit = ISA_END
        # 2. real-mode trampoline + whole first MiB
        mb.alloc_range_nid(K["realmode_bytes"], PAGE, 0, ISA_END, None, False, "real mode")
        mb.reserve(0, 0x100000, "first 1M")
        # 3. direct map page tables
        pt = PageTables(mb, m, (K["reserve_end"] - 17 * PAGE, K["reserve_end"]))
        pt.run()
        self.pt_pages = pt.memblock_pages
        mb.current_limit = pt.max_pfn_mapped * PAGE
        # 4. NUMA: NODE_DATA for every node with memory
        mb.bottom_up = False
        online = []
        for nid in m.possible_nodes:
            tot = sum(e - s for s, e, n in mb.memory if n == nid)
            if tot >= 4 * MiB:
                online.append(nid)
        self.online = online
        self.node_data = {}
        nd_size = -(-K["pgdat_size"] // PAGE) * PAGE
        for nid in online:
            self.node_data[nid] = mb.alloc(nd_size, SMP_CACHE, 0, 0, nid, False, "NODE_DATA(%d)" % nid)
        # 5. sparse_init
        sec_nid = {}
        for s, e, n in mb.memory:
            for sec in range(s // SECTION, (e - 1) // SECTION + 1):
                sec_nid.setdefault(sec, n)
        roots = set()
        first = True
        for s, e, n in mb.memory:
            for sec in range(s // SECTION, (e - 1) // SECTION + 1):
                if first:
                    mb.alloc(K["mem_section_roots_bytes"], SMP_CACHE, 0, 0, None, False, "mem_section roots")
                    first = False
                r = sec // K["sections_per_root"]
                if r not in roots:
                    roots.add(r)
                    mb.alloc(K["section_root_bytes"], SMP_CACHE, 0, 0, n, False, "mem_section[%d]" % r)
        secs = sorted(sec_nid)
        runs = []
        for sec in secs:
            if runs and runs[-1][0] == sec_nid[sec]:
                runs[-1][1].append(sec)
            else:
                runs.append((sec_nid[sec], [sec]))
        vm_pud, vm_pmd = set(), set()
        self.memmap = {}
        for nid, ss in runs:
            goal = self.node_data[nid] // SECTION * SECTION if nid in self.node_data else 0
            size = K["usage_bytes_per_section"] * len(ss)
            r = mb.alloc_range_nid(size, SMP_CACHE, goal, goal + SECTION if goal else 0, nid, False, "usemap")
            if r is None:
                r = mb.alloc(size, SMP_CACHE, 0, 0, nid, False, "usemap")
            per = PAGES_PER_SECTION * K["struct_page"]
            buf = mb.alloc(per * len(ss), per, MAX_DMA_ADDRESS, 0, nid, True, "memmap node%d" % nid)
            self.memmap.setdefault(nid, []).append((buf, buf + per * len(ss)))
            for sec in ss:
                va = sec * per
                if va // PGD_SIZE not in vm_pud:
                    vm_pud.add(va // PGD_SIZE)
                    mb.alloc(PAGE, PAGE, MAX_DMA_ADDRESS, 0, nid, False, "vmemmap page table")
                if va // PUD_SIZE not in vm_pmd:
                    vm_pmd.add(va // PUD_SIZE)
                    mb.alloc(PAGE, PAGE, MAX_DMA_ADDRESS, 0, nid, False, "vmemmap page table")
        # 6. dma_reserve (memblock_find_dma_reserve) and zones
        nr = sum(max(0, min(e // PAGE, MAX_DMA_PFN) - min(s // PAGE, MAX_DMA_PFN)) for s, e, _ in mb.memory)
        nf = 0
        for a, b, _ in mb.free_ranges():
            sp, ep = min(-(-a // PAGE), MAX_DMA_PFN), min(b // PAGE, MAX_DMA_PFN)
            if sp < ep:
                nf += ep - sp
        self.dma_reserve = nr - nf
        self.compute_zones()
        for nid in m.possible_nodes:
            if nid not in online:
                mb.alloc(K["pgdat_size"], SMP_CACHE, 0, 0, None, False, "pgdat (memoryless node %d)" % nid)
        self.compute_nr_kernel_pages()
        # 7. late setup_arch small allocations
        mb.alloc(73, SMP_CACHE, tag="hpet")
        mb.alloc(75, SMP_CACHE, tag="ioapic resources")
        mb.alloc(64 * len(m.e820), SMP_CACHE, tag="e820 resources")
        for _ in m.e820_firmware:
            mb.alloc(104, SMP_CACHE, tag="firmware_map entry")
        last_end = None
        last_addr = 0
        nosave = []
        for s, e, ty in m.e820:
            if ty != 1:
                continue
            if last_addr < s:
                nosave.append((last_addr // PAGE, -(-s // PAGE)))
            last_addr = e
        nosave.append((last_addr // PAGE, m.max_pfn))
        for a, b in nosave:
            if a >= b:
                continue
            if last_end == a:
                last_end = b
                continue
            mb.alloc(32, SMP_CACHE, tag="nosave region")
            last_end = b
        # 8. start_kernel: command line copies
        L = len(m.cmdline) + 1
        mb.alloc(L, SMP_CACHE, tag="saved_command_line")
        mb.alloc(L, SMP_CACHE, tag="static_command_line")
        # 9. percpu first chunk (embed, one 2 MiB unit per CPU, one group per node)
        groups = sorted(set(m.cpu_node))
        ncpu = m.cpus
        gcnt = [sum(1 for c in m.cpu_node if c == g) for g in groups]
        # pcpu_build_alloc_info: units per 2 MiB atom (upa) keeping waste <= 1/3 of the CPUs
        size_sum = K["pcpu_size_sum"]
        alloc_size = -(-size_sum // K["pcpu_atom"]) * K["pcpu_atom"]
        upa = alloc_size // size_sum
        while alloc_size % upa or (alloc_size // upa) % PAGE:
            upa -= 1
        best, last_allocs = 0, 1 << 60
        for u in range(upa, 0, -1):
            if alloc_size % u or (alloc_size // u) % PAGE:
                continue
            allocs = sum(-(-c // u) for c in gcnt)
            wasted = sum(-(-c // u) * u - c for c in gcnt)
            if wasted > ncpu // 3:
                continue
            if allocs > last_allocs:
                break
            last_allocs, best = allocs, u
        unit = alloc_size // best
        self.pcpu_unit = unit
        ai = mb.alloc(PAGE, PAGE, tag="pcpu alloc_info")
        areas = mb.alloc(PAGE, SMP_CACHE, tag="pcpu areas")
        self.percpu = []
        for g, c in zip(groups, gcnt):
            n_units = -(-c // best) * best
            nid = g if g in online else None
            p = mb.alloc(n_units * unit, K["pcpu_atom"], MAX_DMA_ADDRESS, 0, nid, False, "percpu node%d" % g)
            for i in range(n_units):
                us = p + i * unit
                if i >= c:
                    mb.free(us, us + unit, "percpu unused unit")
                    continue
                mb.free(us + size_sum, us + unit, "percpu tail")
                self.percpu.append((us, us + size_sum))
        ng = len(groups)
        nr_slots = max(unit.bit_length() - 5 + 2, 1) + 4     # pcpu_nr_slots
        for sz in (8 * ng, 8 * ng, 4 * ncpu, 8 * ncpu, 16 * nr_slots,
                   144, 256, 264, 64, 144, 896, 904, 224):
            mb.alloc(sz, SMP_CACHE, tag="percpu metadata")
        mb.free(areas, areas + PAGE, "pcpu areas")
        mb.free(ai, ai + PAGE, "pcpu alloc_info")
        for _ in range(4 + m.nr_node_ids):
            mb.alloc(8, SMP_CACHE, tag="cpumask")
        # unknown boot options copy (allocated and freed again)
        unk = [t for t, v in m.params.items() if "." not in t and t not in KNOWN_PARAMS]
        if unk:
            L = 1 + sum(1 + len(t) + (len(m.params[t]) + 1 if m.params[t] is not None else 0) for t in unk)
            u = mb.alloc(L, SMP_CACHE, tag="unknown options")
            mb.free(u, u + L)
        # 10. dentry / inode hash (HASH_EARLY) unless hashdist (>1 node with memory)
        hashdist = len(online) > 1
        if "hashdist" in m.params:
            hashdist = int(m.params["hashdist"] or 0) != 0 and len(online) > 1
        self.hash = {}
        for name, scale in (("dentry", 13), ("inode", 14)):
            sz = self.hash_size(scale)
            self.hash[name] = sz
            if not hashdist:
                mb.alloc(sz, SMP_CACHE, tag="%s hash" % name)
        self.hashdist = hashdist
        # 11. fixmap / cpu_entry_area page tables
        for _ in range(3):
            mb.alloc(PAGE, PAGE, tag="spp_getpage")
        # 12. swiotlb (x86 enables it when memory can exist above 4 GiB)
        self.swiotlb = None
        if m.max_possible_pfn > MAX_DMA32_PFN:
            self.swiotlb = mb.alloc(K["swiotlb_bytes"], PAGE, 0, 0xffffffff, None, False, "swiotlb")
            nslabs = K["swiotlb_bytes"] // 2048
            mb.alloc(nslabs * K["swiotlb_slot_bytes"], PAGE, tag="swiotlb slots")
            mb.alloc(K["swiotlb_area_bytes"] * roundup_pow2(ncpu), SMP_CACHE, tag="swiotlb areas")
        # 13. memblock_free_all + frees after boot
        self.final_reserved = self.page_reserved()
        return self

    def page_reserved(self):
        """reserved page ranges (pfn) after boot, within memory"""
        mb = self.mb
        freed = [(self.initrd[0] // PAGE, self.initrd[1] // PAGE)]
        freed += [(a // PAGE, b // PAGE) for a, b, _ in K["freed_after_boot"]]
        # pages not handed to buddy by memblock_free_all: any page touching a reserved range
        free_pages = []
        for a, b, _ in mb.free_ranges():
            sp, ep = -(-a // PAGE), b // PAGE
            if sp < ep:
                free_pages.append((sp, ep))
        # complement within memory -> reserved pfn ranges
        res = []
        for s, e, _ in mb.memory:
            cur = s // PAGE
            for a, b in free_pages:
                if b <= cur or a >= e // PAGE:
                    continue
                if a > cur:
                    res.append((cur, a))
                cur = max(cur, b)
            if cur < e // PAGE:
                res.append((cur, e // PAGE))
        # subtract pages freed after boot
        out = []
        for a, b in res:
            pieces = [(a, b)]
            for fa, fb in freed:
                nxt = []
                for x, y in pieces:
                    if fb <= x or fa >= y:
                        nxt.append((x, y))
                    else:
                        if x < fa:
                            nxt.append((x, fa))
                        if fb < y:
                            nxt.append((fb, y))
                pieces = nxt
            out.extend(pieces)
        return sorted(out)

    def managed(self):
        res = {}
        for nid, zl in self.zones.items():
            if zl is None:
                continue
            for name, zs, spanned, present in zl:
                if zs is None:
                    res[(nid, name)] = (None, 0, 0, 0)
                    continue
                ze = zs + spanned
                # present pages in zone (memory of this node)
                r = 0
                for a, b in self.final_reserved:
                    x, y = max(a, zs), min(b, ze)
                    if x < y:
                        # only count pages belonging to this node's memory
                        for s, e, n in self.mb.memory:
                            if n == nid:
                                xx, yy = max(x, s // PAGE), min(y, e // PAGE)
                                if xx < yy:
                                    r += yy - xx
                res[(nid, name)] = (zs, spanned, present, present - r)
        return res

    def surviving(self):
        """memblock allocations/reservations still live after boot: (start, end, tag),
        byte granular, after memblock frees and the frees done after boot"""
        live = []

        def sub(lst, a, b):
            out = []
            for s, e, t in lst:
                if e <= a or s >= b:
                    out.append((s, e, t))
                else:
                    if s < a:
                        out.append((s, a, t))
                    if b < e:
                        out.append((b, e, t))
            return out
        for s, e, tag in self.mb.log:
            if tag.startswith("FREE"):
                live = sub(live, s, e)
            else:
                live.append((s, e, tag))
        live = sub(live, *self.initrd)
        for a, b, _ in K["freed_after_boot"]:
            live = sub(live, a, b)
        mem = [(s, e) for s, e, _ in self.mb.memory]
        live = [x for x in live if any(x[0] < me and x[1] > ms for ms, me in mem)]
        return sorted(live)

    def tags_in(self, a, b):
        """tags of live allocations overlapping physical [a, b)"""
        return [t for s, e, t in self.surviving() if s < b and e > a]


def simulate(qemu, cmdline="", modules=""):
    return Boot(Machine(qemu, cmdline, modules)).run()


def fmt_zones(b):
    lines = []
    for (nid, name), (zs, sp, pr, mg) in sorted(b.managed().items(), key=lambda x: (x[0][0], ZONES.index(x[0][1]))):
        lines.append("node%d %-7s start_pfn=%s spanned=%d present=%d managed=%d" % (
            nid, name, "-" if zs is None else zs, sp, pr, mg))
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qemu", required=True, help="QEMU memory/cpu/numa args, e.g. '-m 2G,slots=4,maxmem=8G -smp 1'")
    ap.add_argument("--cmdline", default="", help="extra kernel command line")
    ap.add_argument("--modules", default="", help="oracle modules: header (adds oracle.mods=)")
    ap.add_argument("--blocks", action="store_true", help="print per memory block whether it holds reserved pages")
    a = ap.parse_args()
    b = simulate(a.qemu, a.cmdline, a.modules)
    print("zones:")
    for l in fmt_zones(b):
        print(l)
    print("hash: dentry %d bytes, inode %d bytes (%s)" % (
        b.hash["dentry"], b.hash["inode"], "vmalloc" if b.hashdist else "memblock"))
    print("reserved page ranges after boot (pages touched by a live reservation):")
    for a_, b_ in b.final_reserved:
        print("  %#012x-%#012x %7d pages" % (a_ * PAGE, b_ * PAGE - 1, b_ - a_))
    print("live memblock reservations (bytes):")
    for s_, e_, t_ in b.surviving():
        print("  %#012x-%#012x %10d  %s" % (s_, e_ - 1, e_ - s_, t_))
    if a.blocks:
        print("memory blocks with reserved pages (offline -> EBUSY):")
        blk = PAGES_PER_SECTION
        busy = sorted(set(i for x, y in b.final_reserved for i in range(x // blk, (y - 1) // blk + 1)))
        print("  " + " ".join("memory%d" % i for i in busy))


if __name__ == "__main__":
    main()
