#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# util-linux lsmem, unmodified, under memhp ns: default, -a, -o +ZONES,NODE, --json,
# --split; what it prints must agree with the machine's state read back with memhp snap.
set -u
MEMHP=${MEMHP:-$(realpath "$1")}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/machines.sh"
rt_need lsmem util-linux lsmem || exit 0

# Two nodes, DIMM offline on node 1.
out=$(rt_sh "${M_TWO_NODES[@]}" -- 'lsmem; echo "rc=$?"; blocks')
rt_check "lsmem: two nodes, default columns, and the blocks memhp holds" \
"RANGE                                 SIZE   STATE REMOVABLE BLOCK
0x0000000000000000-0x00000000bfffffff   3G  online       yes  0-23
0x0000000100000000-0x000000013fffffff   1G  online       yes 32-39
0x0000000140000000-0x000000017fffffff   1G offline           40-47

Memory block size:       128M
Total online memory:       4G
Total offline memory:      1G
rc=0
memory0 node0 online none
memory1-15 node0 online DMA32
memory16-23 node1 online DMA32
memory32-39 node1 online Normal
memory40-47 node1 offline Normal Movable" "$out"

out=$(rt_sh "${M_TWO_NODES[@]}" -- 'lsmem -a -o +ZONES,NODE | awk "NR == 1 || !/^0x/ || \$(NF-2) ~ /^(0|1|15|16|23|32|39|40|47)\$/"')
rt_check "lsmem -a -o +ZONES,NODE: one line per block, zone and node of each" \
"RANGE                                  SIZE   STATE REMOVABLE BLOCK          ZONES NODE
0x0000000000000000-0x0000000007ffffff  128M  online       yes     0           None    0
0x0000000008000000-0x000000000fffffff  128M  online       yes     1          DMA32    0
0x0000000078000000-0x000000007fffffff  128M  online       yes    15          DMA32    0
0x0000000080000000-0x0000000087ffffff  128M  online       yes    16          DMA32    1
0x00000000b8000000-0x00000000bfffffff  128M  online       yes    23          DMA32    1
0x0000000100000000-0x0000000107ffffff  128M  online       yes    32         Normal    1
0x0000000138000000-0x000000013fffffff  128M  online       yes    39         Normal    1
0x0000000140000000-0x0000000147ffffff  128M offline              40 Normal/Movable    1
0x0000000178000000-0x000000017fffffff  128M offline              47 Normal/Movable    1

Memory block size:       128M
Total online memory:       4G
Total offline memory:      1G" "$out"

out=$(rt_sh "${M_TWO_NODES[@]}" -- 'lsmem --json -o +ZONES,NODE' | python3 -c '
import json, sys
d = json.load(sys.stdin)
for r in d["memory"]:
    print(r["range"], r["size"], r["state"], r["removable"], r["block"], r["zones"], r["node"])')
rt_check "lsmem --json -o +ZONES,NODE parses as JSON with the right ranges" \
"0x0000000000000000-0x0000000007ffffff 128M online True 0 None 0
0x0000000008000000-0x000000007fffffff 1.9G online True 1-15 DMA32 0
0x0000000080000000-0x00000000bfffffff 1G online True 16-23 DMA32 1
0x0000000100000000-0x000000013fffffff 1G online True 32-39 Normal 1
0x0000000140000000-0x000000017fffffff 1G offline False 40-47 Normal/Movable 1" "$out"

out=$(rt_sh "${M_TWO_NODES[@]}" -- 'lsmem --split=STATE -o RANGE,STATE,BLOCK,NODE; lsmem --split=NODE -n -o RANGE,BLOCK,NODE')
rt_check "lsmem --split=STATE and --split=NODE merge by those columns only" \
"RANGE                                   STATE BLOCK NODE
0x0000000000000000-0x00000000bfffffff  online  0-23    0
0x0000000100000000-0x000000013fffffff  online 32-39    1
0x0000000140000000-0x000000017fffffff offline 40-47    1

Memory block size:       128M
Total online memory:       4G
Total offline memory:      1G
0x0000000000000000-0x000000007fffffff  0-15    0
0x0000000080000000-0x00000000bfffffff 16-23    1
0x0000000100000000-0x000000017fffffff 32-47    1

Memory block size:       128M
Total online memory:       4G
Total offline memory:      1G" "$out"

# A change made through the mount is what the next lsmem sees (no stale cache).
out=$(rt_sh "${M_TWO_NODES[@]}" -- '
	lsmem -o RANGE,STATE,ZONES >/dev/null
	echo online_movable > /sys/devices/system/memory/memory41/state
	echo offline > /sys/devices/system/memory/memory38/state
	lsmem -o RANGE,STATE,BLOCK,ZONES --summary=never; blocks | sed -n "4,99p"')
rt_check "lsmem after writes through the mount shows the new states at once" \
"RANGE                                   STATE BLOCK          ZONES
0x0000000000000000-0x0000000007ffffff  online     0           None
0x0000000008000000-0x00000000bfffffff  online  1-23          DMA32
0x0000000100000000-0x000000012fffffff  online 32-37         Normal
0x0000000130000000-0x0000000137ffffff offline    38 Normal/Movable
0x0000000138000000-0x000000013fffffff  online    39         Normal
0x0000000140000000-0x0000000147ffffff offline    40 Normal/Movable
0x0000000148000000-0x000000014fffffff  online    41        Movable
0x0000000150000000-0x000000017fffffff offline 42-47 Normal/Movable
memory32-37 node1 online Normal
memory38 node1 offline Normal Movable
memory39 node1 online Normal
memory40 node1 offline Normal Movable
memory41 node1 online Movable
memory42-47 node1 offline Normal Movable" "$out"

# movable_node: node 1's boot memory is ZONE_MOVABLE.
out=$(rt_sh "${M_MOVABLE_NODE[@]}" -- 'lsmem -o +ZONES,NODE; blocks; grep -c "zone  Movable" /proc/zoneinfo')
rt_check "lsmem on a movable_node machine: node 1 all Movable" \
"RANGE                                  SIZE  STATE REMOVABLE BLOCK   ZONES NODE
0x0000000000000000-0x0000000007ffffff  128M online       yes     0    None    0
0x0000000008000000-0x000000007fffffff  1.9G online       yes  1-15   DMA32    0
0x0000000100000000-0x000000017fffffff    2G online       yes 32-47  Normal    0
0x0000000180000000-0x00000001ffffffff    2G online       yes 48-63 Movable    1

Memory block size:       128M
Total online memory:       6G
Total offline memory:      0B
memory0 node0 online none
memory1-15 node0 online DMA32
memory32-47 node0 online Normal
memory48-63 node1 online Movable
2" "$out"
