#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ndctl's cxl, unmodified, under memhp ns on three CXL machines: one device below one
# host bridge (RAM and PMEM windows), two devices interleaved across two host bridges,
# and docs/cxl.md's four devices whose decoders firmware committed. `cxl list` with
# -M -P -D -E -T -R -vvv and the -m/-p/-d/-s filters; each check reads what it printed
# (sizes, serials, hosts, dports, decoder ranges and targets, regions and their mappings)
# against the machine's description, and the machine's own files afterwards.
set -u
MEMHP=${MEMHP:-$(realpath "$1")}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/machines.sh"
rt_need cxl ndctl cxl || exit 0

# cxl list's JSON, one line per object (its scalar fields in the order printed), lines
# sorted: libcxl lists in reverse directory order, which is no part of the ABI.
flat='python3 -c "
import json, sys
def walk(o, out):
    if isinstance(o, dict):
        f = [f\"{k}={v}\" for k, v in o.items() if not isinstance(v, (dict, list))]
        if f: out.append(\" \".join(f))
        for v in o.values(): walk(v, out)
    elif isinstance(o, list):
        for v in o: walk(v, out)
text = sys.stdin.read()
out = []
walk(json.loads(text) if text.strip() else [], out)
if out: print(\"\n\".join(sorted(out)))"'

# Every readable file of every CXL device, for "cxl list changed nothing".
cxl_state='for d in /sys/bus/cxl/devices/*/; do for f in "$d"*; do [ -f "$f" ] && [ -r "$f" ] && printf "%s %s\n" "$f" "$(cat "$f" 2>/dev/null)"; done; done | md5sum'

out=$(rt_sh "${M_CXL_SINGLE[@]}" -- "cxl list -M 2>/dev/null | $flat")
rt_check "cxl list -M: one memdev, 2 GiB RAM + 2 GiB PMEM, its serial, node and PCI function" \
"memdev=mem0 pmem_size=2147483648 ram_size=2147483648 serial=23041 numa_node=0 host=0000:35:00.0" "$out"

out=$(rt_sh "${M_CXL_SINGLE[@]}" -- "cxl list -B -P -T 2>/dev/null | $flat")
rt_check "cxl list -BPT: root0 reaches host bridge UID 7 (ACPI0016:00 = pci0000:34), port1 its root port" \
"bus=root0 provider=ACPI.CXL nr_dports=1
dport=0000:34:00.0 id=0
dport=ACPI0016:00 alias=pci0000:34 id=7
port=port1 host=ACPI0016:00 depth=1 nr_dports=1" "$out"

out=$(rt_sh "${M_CXL_SINGLE[@]}" -- "cxl list -D -d root -T 2>/dev/null | $flat")
rt_check "cxl list -D -d root -T: a root decoder per window, RAM then PMEM, targeting UID 7" \
"decoder=decoder0.0 resource=68719476736 size=2147483648 interleave_ways=1 max_available_extent=2147483648 volatile_capable=True nr_targets=1
decoder=decoder0.1 resource=70866960384 size=2147483648 interleave_ways=1 max_available_extent=2147483648 pmem_capable=True nr_targets=1
target=ACPI0016:00 alias=pci0000:34 position=0 id=7
target=ACPI0016:00 alias=pci0000:34 position=0 id=7" "$out"

# a 2 GiB PMEM region in window 1, made through the kernel's files (6.1: pmem regions only;
# the device's RAM partition comes first, so its DPA starts at 2 GiB)
REGION1='cd /sys/bus/cxl/devices
echo region1 > decoder0.1/create_pmem_region
echo 0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5 > region1/uuid
echo 256 > region1/interleave_granularity; echo 1 > region1/interleave_ways; echo 0x80000000 > region1/size
echo pmem > decoder2.0/mode; echo 0x80000000 > decoder2.0/dpa_size
echo decoder2.0 > region1/target0; echo 1 > region1/commit; cd /'
out=$(rt_sh "${M_CXL_SINGLE[@]}" -- "$REGION1
before=\$($cxl_state)
cxl list -R -i -T 2>/dev/null | $flat; echo ===; cxl list -E -D -m mem0 2>/dev/null | $flat
[ \"\$($cxl_state)\" = \"\$before\" ] && echo unchanged
cat /sys/bus/cxl/devices/region1/commit; grep -A1 'CXL Window 1' /proc/iomem")
rt_check "cxl list -R / -E -D -m mem0: region1 committed on decoder2.0 at DPA 2 GiB, the decoders above mem0; nothing changed" \
"position=0 memdev=mem0 decoder=decoder2.0
region=region1 resource=70866960384 size=2147483648 interleave_ways=1 interleave_granularity=256 decode_state=commit state=disabled
===
decoder=decoder0.0 resource=68719476736 size=2147483648 interleave_ways=1 max_available_extent=2147483648 volatile_capable=True nr_targets=1
decoder=decoder0.1 resource=70866960384 size=2147483648 interleave_ways=1 max_available_extent=0 pmem_capable=True nr_targets=1
decoder=decoder1.0 resource=70866960384 size=2147483648 interleave_ways=1 region=region1 nr_targets=1
decoder=decoder2.0 resource=70866960384 size=2147483648 interleave_ways=1 region=region1 dpa_resource=2147483648 dpa_size=2147483648 mode=pmem
endpoint=endpoint2 host=mem0 depth=2
unchanged
1
1080000000-10ffffffff : CXL Window 1
  1080000000-10ffffffff : region1" "$out"

# the interleaved machine: two devices, a 2-way region of 8 GiB at 1 KiB
REGION0='cd /sys/bus/cxl/devices
echo region0 > decoder0.0/create_pmem_region
echo 11111111-2222-3333-4444-555555555555 > region0/uuid
echo 1024 > region0/interleave_granularity; echo 2 > region0/interleave_ways; echo 0x200000000 > region0/size
for e in decoder3.0 decoder4.0; do echo pmem > $e/mode; echo 0x100000000 > $e/dpa_size; done
echo decoder3.0 > region0/target0; echo decoder4.0 > region0/target1; echo 1 > region0/commit; cd /'

out=$(rt_sh "${M_CXL_2WAY[@]}" -- "cxl list -M 2>/dev/null | $flat; echo ===; cxl list -M -s 0x2a01 2>/dev/null | $flat")
rt_check "cxl list -M / -s SERIAL: two 4 GiB PMEM devices, each on its host bridge's bus" \
"memdev=mem0 pmem_size=4294967296 serial=10752 host=0000:35:00.0
memdev=mem1 pmem_size=4294967296 serial=10753 host=0000:37:00.0
===
memdev=mem1 pmem_size=4294967296 serial=10753 host=0000:37:00.0" "$out"

out=$(rt_sh "${M_CXL_2WAY[@]}" -- "$REGION0
cxl list -R -T 2>/dev/null | $flat; echo ===; cxl list -R -i -T 2>/dev/null | $flat; echo ===
cxl list -D -d decoder0.0 -T 2>/dev/null | $flat; echo ===; cxl list -D -d decoder2.0 -T 2>/dev/null | $flat
echo ===; cat /sys/bus/cxl/devices/decoder1.0/start /sys/bus/cxl/devices/decoder4.0/dpa_resource
grep -A1 'CXL Window 0' /proc/iomem")
rt_check "2-way region: listed only with -i (no driver), mem0 at position 0, mem1 at 1; decoders and targets" \
"===
position=0 memdev=mem0 decoder=decoder3.0
position=1 memdev=mem1 decoder=decoder4.0
region=region0 resource=68719476736 size=8589934592 interleave_ways=2 interleave_granularity=1024 decode_state=commit state=disabled
===
decoder=decoder0.0 resource=68719476736 size=8589934592 interleave_ways=2 interleave_granularity=1024 max_available_extent=0 pmem_capable=True nr_targets=2
target=ACPI0016:00 alias=pci0000:34 position=0 id=0
target=ACPI0016:01 alias=pci0000:36 position=1 id=1
===
decoder=decoder2.0 resource=68719476736 size=8589934592 interleave_ways=1 region=region0 nr_targets=1
target=0000:36:00.0 position=0 id=0
===
0x1000000000
0x0
1000000000-11ffffffff : CXL Window 0
  1000000000-11ffffffff : region0" "$out"

out=$(rt_sh "${M_CXL_2WAY[@]}" -- "$REGION0
cxl list -P -E -p port2 2>/dev/null | $flat; echo ===; cxl list -E -m mem0 -D 2>/dev/null | $flat")
rt_check "cxl list -P -E -p port2 / -E -m mem0 -D: each endpoint below its own bridge; mem0's decoders, root to endpoint, in region0" \
"endpoint=endpoint4 host=mem1 depth=2
port=port2 host=ACPI0016:01 depth=1
===
decoder=decoder0.0 resource=68719476736 size=8589934592 interleave_ways=2 interleave_granularity=1024 max_available_extent=0 pmem_capable=True nr_targets=2
decoder=decoder1.0 resource=68719476736 size=8589934592 interleave_ways=1 region=region0 nr_targets=1
decoder=decoder3.0 resource=68719476736 size=8589934592 interleave_ways=2 interleave_granularity=1024 region=region0 dpa_resource=0 dpa_size=4294967296 mode=pmem
endpoint=endpoint3 host=mem0 depth=2" "$out"

# -vvv: everything, idle decoders included; the mailbox commands (health, partition,
# alert config) need an open /dev/cxl/memN, which memhp's inert nodes refuse
out=$(rt_sh "${M_CXL_2WAY[@]}" -- "cxl list -vvv 2>/tmp/err | $flat | grep -c .
grep -c 'failed to open /dev/cxl/mem' /tmp/err; cxl list -vvv 2>/dev/null | $flat | grep -E '^(memdev|bus|port)=' ")
# 26 objects: the bus and its 2 dports; per bridge its port, dport, switch decoder and its
# target, the endpoint, its memdev and 4 decoders; the root decoder and its 2 targets
rt_check "cxl list -vvv: the whole tree (26 objects); 3 mailbox commands refused per memdev" \
"26
6
bus=root0 provider=ACPI.CXL nr_dports=2
memdev=mem0 pmem_size=4294967296 serial=10752 host=0000:35:00.0
memdev=mem1 pmem_size=4294967296 serial=10753 host=0000:37:00.0
port=port1 host=ACPI0016:00 depth=1 nr_dports=1
port=port2 host=ACPI0016:01 depth=1 nr_dports=1" "$out"

# since 6.3 cxl_acpi takes a host bridge's PCI root bus device as dport and uport
out=$(rt_sh --fwmap "$RT_FW/cxl-2way.fw" --kernel 6.18 -- "cxl list -B -P -T 2>/dev/null | $flat")
rt_check "cxl list -BPT, --kernel 6.18: the host bridges are pci0000:34 and pci0000:36, aliases their ACPI0016" \
"bus=root0 provider=ACPI.CXL nr_dports=2
dport=0000:34:00.0 id=0
dport=0000:36:00.0 id=0
dport=pci0000:34 alias=ACPI0016:00 id=0
dport=pci0000:36 alias=ACPI0016:01 id=1
port=port1 host=pci0000:34 depth=1 nr_dports=1
port=port2 host=pci0000:36 depth=1 nr_dports=1" "$out"

# docs/cxl.md's machine on 6.1: four RAM devices, two per host bridge, decoders committed
# by firmware (read back, no region on 6.1)
out=$(rt_sh "${M_CXL_4WAY[@]}" -- "cxl list -M 2>/dev/null | $flat; echo ===
cxl list -D -d decoder1.0 -T 2>/dev/null | $flat; echo ===; cxl list -D -m mem3 2>/dev/null | $flat; echo ===
cxl list -R -i 2>/dev/null | $flat")
rt_check "cxl list on the committed 4-way machine: serials 0x1000-0x1003, root ports as targets, committed decoders" \
"memdev=mem0 ram_size=4294967296 serial=4096 host=0000:35:00.0
memdev=mem1 ram_size=4294967296 serial=4097 host=0000:38:00.0
memdev=mem2 ram_size=4294967296 serial=4098 host=0000:36:00.0
memdev=mem3 ram_size=4294967296 serial=4099 host=0000:39:00.0
===
decoder=decoder1.0 resource=68719476736 size=17179869184 interleave_ways=2 interleave_granularity=512 nr_targets=2
target=0000:34:00.0 position=0 id=0
target=0000:34:01.0 position=1 id=1
===
decoder=decoder0.0 resource=68719476736 size=17179869184 interleave_ways=2 interleave_granularity=256 max_available_extent=17179869184 volatile_capable=True nr_targets=2
decoder=decoder2.0 resource=68719476736 size=17179869184 interleave_ways=2 interleave_granularity=512 nr_targets=2
decoder=decoder6.0 resource=68719476736 size=17179869184 interleave_ways=4 interleave_granularity=256 dpa_resource=0 dpa_size=4294967296 mode=ram
===" "$out"

# the namespace's nodes and links are the machine's, and nothing is left on the host
out=$(rt_sh "${M_CXL_SINGLE[@]}" -- 'ls -l /dev/cxl/mem0 | cut -c1-10; readlink -f /sys/dev/char/247:0
readlink -f /sys/bus/cxl/devices/endpoint2/uport; cat /sys/devices/pci0000:34/0000:34:00.0/0000:35:00.0/class')
rt_check "/dev/cxl/mem0, /sys/dev/char/247:0 and the endpoint's uport: the memdev on its PCI function" \
"crw-------
/sys/devices/pci0000:34/0000:34:00.0/0000:35:00.0/mem0
/sys/devices/pci0000:34/0000:34:00.0/0000:35:00.0/mem0
0x050210" "$out"
if [ -e /sys/devices/pci0000:34/0000:34:00.0/0000:35:00.0/mem0 ] || [ -e /dev/cxl/mem0 -a ! -e /sys/bus/cxl/devices/mem0 ]; then
	rt_fail "no CXL device of memhp's left on the host"
else
	rt_ok "no CXL device of memhp's left on the host"
fi

# bad writes through the mount: the kernel's errno, nothing changed
out=$(rt_sh "${M_CXL_2WAY[@]}" -- "before=\$($cxl_state)
bash -c 'cd /sys/bus/cxl; echo 2 > flush; echo 1 > flush; echo explode > devices/mem0/uevent
echo region9 > devices/decoder0.0/create_pmem_region; echo 0x10000 > devices/decoder3.0/dpa_size' 2>&1 | sed 's/^bash: line [0-9]*: echo: //'
[ \"\$($cxl_state)\" = \"\$before\" ] && echo unchanged")
rt_check "bad CXL writes under memhp ns: flush and uevent EINVAL, a region id out of turn EBUSY, an unaligned dpa_size EINVAL" \
"write error: Invalid argument
write error: Invalid argument
write error: Device or resource busy
write error: Invalid argument
unchanged" "$out"

# without root (a user namespace; the /sys/devices stand-in is made inside it): as nobody,
# through a private 0666 /dev/fuse when the host's is closed to other users (tests/ns.sh)
if id nobody >/dev/null 2>&1 && command -v su >/dev/null && [ "$(id -u)" = 0 ]; then
	d=$(mktemp -d); chmod 755 "$d"; mkdir "$d/dev"
	cp "$MEMHP" "$d/memhp"; cp "$RT_FW/cxl-2way.fw" "$d/"; chmod 755 "$d/memhp"; chmod 644 "$d/cxl-2way.fw"
	out=$(unshare -m --propagation private sh -c "mount -t tmpfs tmpfs $d/dev &&
		mknod -m 0666 $d/dev/fuse c $(stat -c '%t %T' /dev/fuse | { read ma mi; echo $((0x$ma)) $((0x$mi)); }) &&
		mount --bind $d/dev/fuse /dev/fuse && cd / && su nobody -s /bin/sh -c \"timeout 60 $d/memhp ns --fwmap $d/cxl-2way.fw -- sh -c 'cxl list -M -m mem1 2>/dev/null'\"" 2>&1)
	rm -rf "$d"
	case "$out" in *"cannot create a user + mount namespace"*)
		rt_skip "cxl list as an unprivileged user" "this kernel refuses user namespaces";;
	*)
		rt_check "cxl list as an unprivileged user: the same memdev on its PCI function" \
"memdev=mem1 pmem_size=4294967296 serial=10753 host=0000:37:00.0" "$(printf '%s\n' "$out" | sh -c "$flat" 2>&1)";;
	esac
else
	rt_skip "cxl list as an unprivileged user" "needs root to switch to nobody"
fi
