#!/usr/bin/env bash
# Real clients under `memhp ns`: unmodified lsmem and chmem (util-linux) see the emulated
# machine, and the host's own memory blocks are unchanged afterwards.
# Prints "ok NAME" or "FAIL NAME" per check.
set -u
MEMHP=$(realpath "$1")   # memhp ns puts its own directory first on PATH for `memhp monitor`
Q='-m 2G,slots=4,maxmem=8G'
host_before=$(cat /sys/devices/system/memory/memory*/state 2>/dev/null | md5sum)

check() { # NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then echo "ok $1"; else echo "FAIL $1"; diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | head -20; fi
}

if ! command -v lsmem >/dev/null || ! command -v chmem >/dev/null; then
	echo "skip ns: lsmem/chmem (util-linux) not installed"
	exit 0
fi

out=$(timeout 60 "$MEMHP" ns --qemu "$Q" -- lsmem 2>&1)
check "lsmem default machine" "RANGE                                 SIZE  STATE REMOVABLE BLOCK
0x0000000000000000-0x000000007fffffff   2G online       yes  0-15

Memory block size:       128M
Total online memory:       2G
Total offline memory:      0B" "$out"

# A listing made before a hot-add must not hide the new blocks afterwards (the kernel may
# not keep directory listings), nor a listing before an eject show the gone ones.
out=$(timeout 60 "$MEMHP" ns --qemu "$Q" -- sh -c 'ls /sys/devices/system/memory | grep -c "^memory"
	memhp monitor object_add memory-backend-ram,id=m1,size=1G >/dev/null
	memhp monitor device_add pc-dimm,id=d1,memdev=m1 >/dev/null
	ls /sys/devices/system/memory | grep -c "^memory"; lsmem -a | tail -1
	memhp monitor device_del d1 >/dev/null
	ls /sys/devices/system/memory | grep -c "^memory"; lsmem -a | tail -1' 2>&1)
check "listings follow hot-add and eject" "16
24
Total offline memory:      1G
16
Total offline memory:      0B" "$out"

# Kconfig gates seen by the real tools (docs/kconfig.md): no memory devices at all, then
# a kernel that cannot offline (chmem gets offline_pages()'s EINVAL, lsmem REMOVABLE "no")
out=$(timeout 60 "$MEMHP" ns --qemu "$Q" --config MEMORY_HOTPLUG=n -- sh -c '
	cat /sys/devices/system/memory/block_size_bytes >/dev/null 2>&1; echo "cat rc=$?"
	[ -e /sys/module/memory_hotplug/parameters/online_policy ]; echo "params rc=$?"
	lsmem; echo "lsmem rc=$?"' 2>&1)
check "MEMORY_HOTPLUG=n: no memory devices for lsmem" "cat rc=1
params rc=1
lsmem: This system does not support memory blocks
lsmem rc=1" "$out"
out=$(timeout 60 "$MEMHP" ns --qemu "$Q" --config MEMORY_HOTREMOVE=n -- sh -c '
	lsmem -o RANGE,REMOVABLE
	chmem -d -b 15; echo "chmem rc=$?"' 2>&1)
check "MEMORY_HOTREMOVE=n: not removable, chmem -d fails" "RANGE                                 REMOVABLE
0x0000000000000000-0x000000007fffffff        no

Memory block size:       128M
Total online memory:       2G
Total offline memory:      0B
chmem: Memory Block 15 (0x0000000078000000-0x000000007fffffff) disable failed: Invalid argument
chmem rc=1" "$out"

# memhp blocks: who onlined each block of the running machine (udev rule, then chmem)
out=$(timeout 60 "$MEMHP" ns --qemu "$Q" --udev-online online_movable -- sh -c '
	memhp monitor object_add memory-backend-ram,id=m1,size=256M >/dev/null
	memhp monitor device_add pc-dimm,id=d1,memdev=m1 >/dev/null
	chmem -d -b 33 && chmem -e -b 33 -z Normal
	memhp blocks | grep -E "^ +3[23] |BLOCK"' 2>&1)
check "memhp blocks: udev, then sysfs" "BLOCK  PHYS_START STATE  ZONE    NODE SOURCE ONLINED-BY
   32 0x100000000 online Movable    0 acpi   udev
   33 0x108000000 online Normal     0 acpi   sysfs" "$out"

out=$(timeout 60 "$MEMHP" ns --qemu "$Q" -- sh -c '
	memhp monitor object_add memory-backend-ram,id=m1,size=1G >/dev/null
	memhp monitor device_add pc-dimm,id=d1,memdev=m1 >/dev/null
	chmem -e 512M; echo "chmem rc=$?"
	chmem -d -b 32 2>&1; echo "chmem rc=$?"
	lsmem -o RANGE,SIZE,STATE,BLOCK,ZONES,NODE' 2>&1)
check "chmem enable/disable, lsmem zones" "chmem rc=0
chmem rc=0
RANGE                                  SIZE   STATE BLOCK          ZONES NODE
0x0000000000000000-0x0000000007ffffff  128M  online     0           None    0
0x0000000008000000-0x000000007fffffff  1.9G  online  1-15          DMA32    0
0x0000000100000000-0x0000000107ffffff  128M offline    32 Normal/Movable    0
0x0000000108000000-0x000000011fffffff  384M  online 33-35        Movable    0
0x0000000120000000-0x000000013fffffff  512M offline 36-39 Normal/Movable    0

Memory block size:       128M
Total online memory:     2.4G
Total offline memory:    640M" "$out"

out=$(timeout 60 "$MEMHP" ns --qemu "$Q" -- sh -c '
	echo foo > /sys/devices/system/memory/memory1/state 2>/dev/null; echo "rc=$?"
	cat /sys/devices/system/memory/memory0/valid_zones
	head -1 /proc/meminfo' 2>&1)
check "bad write through the mount, /proc overlay" "rc=1
none
MemTotal:        1948096 kB" "$out"

check "no memhp mount left in this namespace" 0 "$(grep -c memhp /proc/self/mountinfo)"

out=$(timeout 60 "$MEMHP" ns --qemu "$Q" -- sh -c '
	memhp kmsg >/dev/null
	memhp monitor object_add memory-backend-ram,id=m1,size=128M >/dev/null
	memhp monitor device_add pc-dimm,id=d1,memdev=m1 >/dev/null
	memhp monitor device_del d1
	memhp snap | grep -c "^memory32 "
	memhp kmsg | wc -l' 2>&1)
check "monitor events, snap and kmsg inside ns" 'event: ACPI_DEVICE_OST {"info": {"device": "d1", "slot": "0", "slot-type": "DIMM", "source": 3, "status": 132}}
event: DEVICE_DELETED {"device": "d1", "path": "/machine/peripheral/d1"}
event: ACPI_DEVICE_OST {"info": {"slot": "0", "slot-type": "DIMM", "source": 3, "status": 0}}
0
0' "$out"

# without root: a user namespace is made on the fly (tested as nobody when possible). FUSE
# without root needs /dev/fuse open to the user (Debian's udev rule makes it 0666; a bare
# container may leave it 0600): when it is closed, memhp says so; the full path is then tried
# inside a private mount namespace whose /dev/fuse is a 0666 node bound over the host's.
if id nobody >/dev/null 2>&1 && command -v su >/dev/null && [ "$(id -u)" = 0 ]; then
	d=$(mktemp -d); chmod 755 "$d"; cp "$MEMHP" "$d/memhp"; chmod 755 "$d/memhp"
	as_nobody="cd / && su nobody -s /bin/sh -c \"timeout 60 $d/memhp ns --qemu '$Q' -- sh -c 'lsmem | head -2; echo online > /sys/devices/system/memory/memory1/state'\""
	if ! su nobody -s /bin/sh -c 'test -r /dev/fuse && test -w /dev/fuse'; then
		out=$(cd / && su nobody -s /bin/sh -c "$d/memhp ns --qemu '$Q' -- true; echo rc=\$?" 2>&1)
		check "memhp ns as an unprivileged user with /dev/fuse closed to it says what is missing" \
"memhp: ns: /dev/fuse (mode $(stat -c %04a /dev/fuse), owner uid $(stat -c %u /dev/fuse)) is not readable and writable by uid $(id -u nobody); FUSE without root needs it so: Debian's fuse3 udev rule makes it 0666, or as root run: chmod 0666 /dev/fuse
rc=1" "$out"
		as_nobody="mount -t tmpfs tmpfs $d/dev && mknod -m 0666 $d/dev/fuse c $(stat -c '%t %T' /dev/fuse | { read ma mi; echo $((0x$ma)) $((0x$mi)); }) &&
			mount --bind $d/dev/fuse /dev/fuse && $as_nobody"
		mkdir "$d/dev"
	fi
	out=$(unshare -m --propagation private sh -c "$as_nobody" 2>&1)
	case "$out" in *"cannot create a user + mount namespace"*)
		echo "skip memhp ns as an unprivileged user: this kernel refuses user namespaces ($out)";;
	*)
	check "memhp ns as an unprivileged user" "RANGE                                 SIZE  STATE REMOVABLE BLOCK
0x0000000000000000-0x000000007fffffff   2G online       yes  0-15
sh: 1: echo: echo: I/O error" "$out";;
	esac
	rm -rf "$d"
else
	echo "skip memhp ns as an unprivileged user: needs root to switch to nobody"
fi

check "host memory blocks unchanged" "$host_before" "$(cat /sys/devices/system/memory/memory*/state 2>/dev/null | md5sum)"
