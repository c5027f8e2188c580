#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Permissions through the mount, as Linux has them: the mode of every kind of file
# (0444/0644/0200), EACCES at open() for root on a file without the needed bit, and a
# non-root user (setpriv inside memhp ns) who reads everything but can write nothing —
# lsmem works for them, chmem and echo get "Permission denied", the machine is unchanged.
set -u
MEMHP=${MEMHP:-$(realpath "$1")}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/machines.sh"
rt_need perms util-linux lsmem chmem setpriv || exit 0

out=$(rt_sh "${M_SMALL[@]}" --cmdline 'memhp_default_state=offline' -- '
	cd /sys/devices/system/memory
	stat -c "%a %n" auto_online_blocks block_size_bytes hard_offline_page soft_offline_page uevent \
		memory5/online memory5/phys_device memory5/phys_index memory5/removable memory5/state \
		memory5/uevent memory5/valid_zones
	cd /sys/devices/system/node
	stat -c "%a %n" has_memory online possible node0/meminfo node0/cpulist node0/distance
	cd /sys/module/memory_hotplug/parameters
	stat -c "%a %n" auto_movable_numa_aware auto_movable_ratio memmap_on_memory online_policy
	stat -c "%a %n" /proc/meminfo /proc/zoneinfo /proc/iomem /proc/sys/vm/drop_caches /sys/firmware/memmap/0/type')
rt_check "modes through the mount are Linux's (0444, 0644, 0200, 0400)" \
"644 auto_online_blocks
444 block_size_bytes
200 hard_offline_page
200 soft_offline_page
644 uevent
644 memory5/online
444 memory5/phys_device
444 memory5/phys_index
444 memory5/removable
644 memory5/state
644 memory5/uevent
444 memory5/valid_zones
444 has_memory
444 online
444 possible
444 node0/meminfo
444 node0/cpulist
444 node0/distance
644 auto_movable_numa_aware
644 auto_movable_ratio
444 memmap_on_memory
644 online_policy
444 /proc/meminfo
444 /proc/zoneinfo
444 /proc/iomem
200 /proc/sys/vm/drop_caches
400 /sys/firmware/memmap/0/type" "$out"

# Root: no write bit -> EACCES at open even for root; 0200 -> EACCES on read (spec 10).
out=$(rt_sh "${M_SMALL[@]}" -- '
	cd /sys/devices/system/memory
	memhp snap >/tmp/snap.$$
	for f in block_size_bytes memory5/phys_index memory5/valid_zones memory5/removable \
		 /sys/module/memory_hotplug/parameters/memmap_on_memory /proc/meminfo; do
		( echo 1 > $f ) 2>&1 | sed "s/^.*: //"
	done
	for f in soft_offline_page hard_offline_page /proc/sys/vm/drop_caches; do
		cat $f 2>&1 | sed "s/^.*: //"
	done
	memhp snap | cmp -s - /tmp/snap.$$ && echo unchanged; rm -f /tmp/snap.$$')
rt_check "root: EACCES at open for 0444 files written and 0200 files read" \
"Permission denied
Permission denied
Permission denied
Permission denied
Permission denied
Permission denied
Permission denied
Permission denied
Permission denied
unchanged" "$out"

# A user other than root inside the namespace: reads work, every write is EACCES.
out=$(rt_sh "${M_TWO_NODES[@]}" -- '
	memhp snap >/tmp/snap.$$
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	as_user cat /sys/devices/system/memory/memory40/state /sys/devices/system/memory/memory40/valid_zones
	as_user lsmem --summary=only
	as_user sh -c "echo online > /sys/devices/system/memory/memory40/state" 2>&1 | sed "s/^.*: //"
	as_user sh -c "echo online > /sys/devices/system/memory/auto_online_blocks" 2>&1 | sed "s/^.*: //"
	as_user sh -c "echo 0x100000000 > /sys/devices/system/memory/soft_offline_page" 2>&1 | sed "s/^.*: //"
	as_user sh -c "echo 7 > /sys/module/memory_hotplug/parameters/auto_movable_ratio" 2>&1 | sed "s/^.*: //"
	as_user chmem -e -b 40; echo "rc=$?"
	as_user chmem -d -b 5; echo "rc=$?"
	memhp snap | cmp -s - /tmp/snap.$$ && echo unchanged; rm -f /tmp/snap.$$')
rt_check "a non-root user reads (cat, lsmem) but every write is EACCES; machine unchanged" \
"offline
Normal Movable
Memory block size:       128M
Total online memory:       4G
Total offline memory:      1G
Permission denied
Permission denied
Permission denied
Permission denied
chmem: Memory Block 40 (0x0000000140000000-0x0000000147ffffff) enable failed: Permission denied
rc=1
chmem: Memory Block 5 (0x0000000028000000-0x000000002fffffff) disable failed: Permission denied
rc=1
unchanged" "$out"
