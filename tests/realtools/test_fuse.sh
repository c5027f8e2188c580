#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The FUSE server through the mount: the kernel caches entries, attributes and listings,
# yet no process ever sees a removed object or an old value after the write
# that changed it returned (files, node links, the node's view, lsmem, the written file
# itself); and listing a directory costs O(1) per entry (500,000 memory blocks listed in
# about the time of 8 x 62,500).
set -u
MEMHP=${MEMHP:-$(realpath "$1")}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/machines.sh"
rt_need fuse util-linux lsmem || exit 0

# Warm the kernel's caches with memory40 (the DIMM's first block, node 1), change it and
# remove it from other processes, then re-plug the same memory on node 0: memory40 comes
# back under the same inode, but its node1 link must not.
out=$(rt_sh "${M_TWO_NODES[@]}" -- '
S=/sys/devices/system/memory N=/sys/devices/system/node
stat -c "%n %s %a" $S/memory40 $S/memory40/state $S/memory40/node1 $N/node1/memory40
cat $S/memory40/state
echo online_movable > $S/memory40/state
sh -c "cat $S/memory40/state $S/memory41/valid_zones; grep MemTotal /proc/meminfo"
echo offline > $S/memory40/state
memhp monitor device_del d1 >/dev/null
sh -c "stat -c %n $S/memory40 $S/memory40/state $S/memory40/node1 $N/node1/memory40; ls $N/node1 | grep -c memory4"
lsmem -o RANGE,BLOCK,NODE
memhp monitor device_add pc-dimm,id=d2,memdev=m1,node=0 >/dev/null
sh -c "stat -c %n $S/memory40/node0 $S/memory40/node1; cat $S/memory40/state"')
rt_check "fuse: cached entries never outlive a write that removed them (seen from another process)" \
"/sys/devices/system/memory/memory40 0 755
/sys/devices/system/memory/memory40/state 4096 644
/sys/devices/system/memory/memory40/node1 0 777
/sys/devices/system/node/node1/memory40 0 777
offline
online
Normal Movable
MemTotal:        4146188 kB
stat: cannot statx '/sys/devices/system/memory/memory40': No such file or directory
stat: cannot statx '/sys/devices/system/memory/memory40/state': No such file or directory
stat: cannot statx '/sys/devices/system/memory/memory40/node1': No such file or directory
stat: cannot statx '/sys/devices/system/node/node1/memory40': No such file or directory
0
RANGE                                 BLOCK NODE
0x0000000000000000-0x000000007fffffff  0-15    0
0x0000000080000000-0x00000000bfffffff 16-23    1
0x0000000100000000-0x000000013fffffff 32-39    1

Memory block size:       128M
Total online memory:       4G
Total offline memory:      0B
/sys/devices/system/memory/memory40/node0
stat: cannot statx '/sys/devices/system/memory/memory40/node1': No such file or directory
offline" "$out"

# Each process below reads what the last write made, in files it did not write (online,
# valid_zones of the neighbours, meminfo, the cached listing) and in the one it wrote
# through the same open file (the bytes written, "online_kernel", are not the state).
out=$(rt_sh "${M_TWO_NODES[@]}" -- '
S=/sys/devices/system/memory
show="for f in memory40/state memory40/online memory40/valid_zones memory41/valid_zones; do
	printf \"%s=%s \" \$f \"\$(cat $S/\$f 2>&1)\"; done; grep MemTotal /proc/meminfo | tr -s \" \"; ls $S | grep -c memory"
eval "$show"; eval "$show"
echo online_movable > $S/memory40/state
sh -c "$show"
python3 -c "
import os
fd = os.open(\"$S/memory40/state\", os.O_RDWR)
print(os.pread(fd, 100, 0)); os.pwrite(fd, b\"offline\", 0); print(os.pread(fd, 100, 0))
os.pwrite(fd, b\"online_kernel\", 0); print(os.pread(fd, 100, 0)); os.close(fd)"
sh -c "$show"
memhp monitor device_del d1 >/dev/null
sh -c "$show" 2>&1 | sed "s/cat: [^ ]*: //g"
memhp monitor device_add pc-dimm,id=d2,memdev=m1,node=0 >/dev/null
sh -c "$show"')
rt_check "fuse: cached contents and listings never outlive a write (other files, the written one, meminfo)" \
"memory40/state=offline memory40/online=0 memory40/valid_zones=Normal Movable memory41/valid_zones=Normal Movable MemTotal: 4015116 kB
40
memory40/state=offline memory40/online=0 memory40/valid_zones=Normal Movable memory41/valid_zones=Normal Movable MemTotal: 4015116 kB
40
memory40/state=online memory40/online=1 memory40/valid_zones=Movable memory41/valid_zones=Normal Movable MemTotal: 4146188 kB
40
b'online\\n'
b'offline\\n'
b'online\\n'
memory40/state=online memory40/online=1 memory40/valid_zones=Normal memory41/valid_zones=Normal Movable MemTotal: 4146188 kB
40
memory40/state=No such file or directory memory40/online=No such file or directory memory40/valid_zones=No such file or directory memory41/valid_zones=No such file or directory MemTotal: 4015116 kB
32
memory40/state=offline memory40/online=0 memory40/valid_zones=Normal Movable memory41/valid_zones=Normal Movable MemTotal: 4015116 kB
40" "$out"

# listings start with "." and "..", as sysfs and /proc do; resuming after them loses nothing
out=$(rt_ns "${M_TWO_NODES[@]}" -- sh -c 'ls -a /sys/devices/system/memory/memory40 | head -3
ls -f /sys/devices/system/memory | sort | uniq -d | wc -l
ls -f /sys/devices/system/memory | grep -c "^memory"')
rt_check "fuse: a listing starts with . and .., each entry once" ".
..
node1
0
40" "$out"

# readdir at 62,500-ish and 500,000-ish blocks (8 TiB and 64 TiB of 128 MiB blocks): the
# best of five listings each; linear cost gives a ratio near 8, quadratic near 64.
tmp=$(mktemp -d)
printf 'e820 0x100000-0x7fffffff usable\ne820 4G+%dG usable\nnode 0 0+%dG\n' 8188 8192 >"$tmp/small.fw"
printf 'e820 0x100000-0x7fffffff usable\ne820 4G+%dG usable\nnode 0 0+%dG\n' 65532 65536 >"$tmp/big.fw"
# Each listing comes from the server: a write (the ratio written back) first drops the
# listing the kernel cached.
list='python3 -c "
import os, time
p = \"/sys/module/memory_hotplug/parameters/auto_movable_ratio\"
best = 1e9
for i in range(5):
    v = open(p).read(); open(p, \"w\").write(v)
    t = time.perf_counter(); n = len(os.listdir(\"/sys/devices/system/memory\")); best = min(best, time.perf_counter() - t)
print(n, best)"'
small=$(rt_ns --fwmap "$tmp/small.fw" --block-size 128M -- sh -c "$list")
big=$(rt_ns --fwmap "$tmp/big.fw" --block-size 128M -- sh -c "$list")
rm -rf "$tmp"
verdict=$(printf '%s\n%s\n' "$small" "$big" | awk 'NR == 1 { n1 = $1; t1 = $2 } NR == 2 { n2 = $1; t2 = $2 }
END { r = (t2 / n2) / (t1 / n1); printf "%d and %d entries: %.2f and %.2f us/entry, ratio %.1f -> %s\n",
	n1, n2, t1 / n1 * 1e6, t2 / n2 * 1e6, t2 / t1, (r < 5 ? "linear" : "SUPER-LINEAR") }')
rt_match "fuse: readdir of 500,000 blocks costs O(1) per entry ($verdict)" '^65526 and 524278 entries: .* linear$' "$verdict"
