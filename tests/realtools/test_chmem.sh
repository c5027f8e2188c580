#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# util-linux chmem, unmodified, under memhp ns: -e/-d by size, by range and by block,
# -z Movable / -z Normal, and its failures (EBUSY, partial success rc 64, alignment, zone
# mismatch); after each, the machine's blocks as memhp holds them.
set -u
MEMHP=${MEMHP:-$(realpath "$1")}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/machines.sh"
rt_need chmem util-linux chmem || exit 0

# Two nodes; the DIMM's blocks 40-47 start offline on node 1.
out=$(rt_sh "${M_TWO_NODES[@]}" -- '
	chmem -e 512M; echo "rc=$?"; blocks | tail -3
	chmem -v -d 256M; echo "rc=$?"; blocks | tail -3')
rt_check "chmem -e/-d by size: up from the lowest offline block, down from the highest online" \
"rc=0
memory32-39 node1 online Normal
memory40-43 node1 online Movable
memory44-47 node1 offline Normal Movable
Memory Block 43 (0x0000000158000000-0x000000015fffffff) disabled
Memory Block 42 (0x0000000150000000-0x0000000157ffffff) disabled
rc=0
memory32-39 node1 online Normal
memory40-41 node1 online Movable
memory42-47 node1 offline Normal Movable" "$out"

out=$(rt_sh "${M_TWO_NODES[@]}" -- '
	chmem -e -b 44-45 -z Normal; echo "rc=$?"
	chmem -v -e 0x170000000-0x17fffffff; echo "rc=$?"
	chmem -e -z Movable -b 40; echo "rc=$?"
	blocks | tail -4')
rt_check "chmem -z Normal by block, by range (Movable by valid_zones), -z Movable" \
"rc=0
Memory Block 46 (0x0000000170000000-0x0000000177ffffff) enabled
Memory Block 47 (0x0000000178000000-0x000000017fffffff) enabled
rc=0
rc=0
memory40 node1 online Movable
memory41-43 node1 offline Normal Movable
memory44-45 node1 online Normal
memory46-47 node1 online Movable" "$out"

out=$(rt_sh "${M_TWO_NODES[@]}" -- '
	chmem -d -b 39; echo "rc=$?"
	chmem -v -d -b 37-39; echo "rc=$?"
	chmem -e 2G; echo "rc=$?"
	blocks | sed -n "4,99p"')
rt_check "chmem failures: EBUSY named with its block (rc 1), partial success (rc 64)" \
"chmem: Memory Block 39 (0x0000000138000000-0x000000013fffffff) disable failed: Device or resource busy
rc=1
chmem: Memory Block 39 (0x0000000138000000-0x000000013fffffff) disable failed: Device or resource busy
Memory Block 37 (0x0000000128000000-0x000000012fffffff) disabled
Memory Block 38 (0x0000000130000000-0x0000000137ffffff) disabled
rc=64
chmem: Could only enable 1.3G of memory
rc=64
memory32-36 node1 online Normal
memory37-38 node1 online Movable
memory39 node1 online Normal
memory40-47 node1 online Movable" "$out"

out=$(rt_sh "${M_TWO_NODES[@]}" -- '
	memhp snap > /tmp/before
	chmem -e 100M; echo "rc=$?"
	chmem -e -b 44 -z Normal >/dev/null; chmem -d -z Movable -b 44; echo "rc=$?"
	chmem -v -e -b 5; echo "rc=$?"
	chmem -d -b 99; echo "rc=$?"	# no such block: nothing done, silently
	memhp snap | diff /tmp/before - | grep -c "^[<>] memory"')
rt_check "chmem refusals: alignment, zone mismatch, already enabled, no such block" \
"chmem: Size must be aligned to memory block size (128M)
rc=1
chmem: Memory Block 44 (0x0000000160000000-0x0000000167ffffff) disable failed: Zone mismatch
rc=1
Memory Block 5 (0x0000000028000000-0x000000002fffffff) already enabled
rc=0
rc=1
2" "$out"

# movable_node: node 1 is Movable at boot; a DIMM plugged by the monitor follows auto_online_blocks.
out=$(rt_sh "${M_MOVABLE_NODE[@]}" -- '
	echo online_movable > /sys/devices/system/memory/auto_online_blocks
	memhp monitor object_add memory-backend-ram,id=m1,size=512M >/dev/null
	memhp monitor device_add pc-dimm,id=d1,memdev=m1,node=1 >/dev/null
	chmem -v -d -b 48-49; echo "rc=$?"
	chmem -d 512M; echo "rc=$?"
	blocks | tail -4')
rt_check "chmem on a movable_node machine with a plugged DIMM" \
"Memory Block 48 (0x0000000180000000-0x0000000187ffffff) disabled
Memory Block 49 (0x0000000188000000-0x000000018fffffff) disabled
rc=0
rc=0
memory32-47 node0 online Normal
memory48-49 node1 offline Movable Normal
memory50-63 node1 online Movable
memory64-67 node1 offline Movable Normal" "$out"

# 32,768 blocks: chmem reads every block's state before it acts.
out=$(rt_sh "${M_32K[@]}" -- '
	chmem -d -b 30000-30003; echo "rc=$?"
	chmem -v -d 512M 2>&1 | grep -c "disable failed"
	chmem -e -z Movable -b 30000-30001; echo "rc=$?"
	blocks | tail -6')
rt_check "chmem on a 32,768-block machine: by block, by size past busy blocks, -z Movable" \
"rc=0
257
rc=0
memory16400-29999 node1 online Normal
memory30000-30001 node1 online Movable
memory30002-30003 node1 offline Normal Movable
memory30004-32522 node1 online Normal
memory32523-32526 node1 offline Normal Movable
memory32527-32783 node1 online Normal" "$out"
