#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ndctl's daxctl, unmodified, under memhp ns on a Soft Reserved machine: list, reconfigure
# to system-ram (unbind from device_dax, bind kmem, online), offline-memory, online-memory.
# Each step checks what daxctl printed (size, target_node, mode, block counts) and the
# machine's blocks and /proc/iomem afterwards.
set -u
MEMHP=${MEMHP:-$(realpath "$1")}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/machines.sh"
rt_need daxctl daxctl daxctl || exit 0

# daxctl's JSON, the fields that matter, one line per device
fields='python3 -c "
import json, sys
for d in json.load(sys.stdin):
    print(*[f\"{k}={d[k]}\" for k in (\"chardev\", \"size\", \"target_node\", \"mode\",
            \"online_memblocks\", \"total_memblocks\", \"movable\") if k in d])"'

out=$(rt_sh "${M_SOFT_RESERVED[@]}" -- "daxctl list 2>&1 | $fields; echo rc=\$?; blocks | tail -1")
rt_check "daxctl list: dax0.0 of 1 GiB on node 0 in devdax mode, no memory blocks for it" \
"chardev=dax0.0 size=1073741824 target_node=0 mode=devdax
rc=0
memory1-23 node0 online DMA32" "$out"

out=$(rt_sh "${M_SOFT_RESERVED[@]}" -- "daxctl reconfigure-device --mode=system-ram dax0.0 2>/dev/null | $fields
echo rc=\$?; readlink /sys/bus/dax/devices/dax0.0/driver; blocks | tail -1
grep -E 'dax|kmem' /proc/iomem")
rt_check "daxctl reconfigure-device --mode=system-ram: kmem bound, 8 blocks onlined movable" \
"chardev=dax0.0 size=1073741824 target_node=0 mode=system-ram online_memblocks=8 total_memblocks=8 movable=True
rc=0
../../../../bus/dax/drivers/kmem
memory32-39 node0 online Movable
    100000000-13fffffff : dax0.0
      100000000-13fffffff : System RAM (kmem)" "$out"

# who onlined the blocks (docs/kconfig.md): daxctl's own writes, then an explicit one
out=$(rt_sh "${M_SOFT_RESERVED[@]}" -- "daxctl reconfigure-device --mode=system-ram dax0.0 >/dev/null 2>&1
memhp blocks | grep -cE ' kmem +daxctl\$'
daxctl offline-memory dax0.0 >/dev/null 2>&1; echo online_kernel > /sys/devices/system/memory/memory32/state
memhp blocks | grep -E '^ +32 '")
rt_check "memhp blocks: daxctl onlined the kmem blocks, a shell's write is sysfs" \
"8
   32 0x100000000 online  Normal    0 kmem   sysfs" "$out"

out=$(rt_sh "${M_SOFT_RESERVED[@]}" -- "daxctl reconfigure-device --mode=system-ram --no-online dax0.0 >/dev/null 2>&1
daxctl online-memory dax0.0 2>&1; blocks | tail -1
daxctl offline-memory dax0.0 2>&1; blocks | tail -1
daxctl list | $fields")
# (daxctl prints "movable" only while blocks are online)
rt_check "daxctl online-memory / offline-memory: every block of the device changes state" \
"onlined memory for 1 device
memory32-39 node0 online Movable
offlined memory for 1 device
memory32-39 node0 offline Normal Movable
chardev=dax0.0 size=1073741824 target_node=0 mode=system-ram online_memblocks=0 total_memblocks=8" "$out"

# back to devdax: kmem lets go of offline memory, device_dax takes the range again
out=$(rt_sh "${M_SOFT_RESERVED[@]}" -- "daxctl reconfigure-device --mode=system-ram --no-online dax0.0 >/dev/null 2>&1
daxctl reconfigure-device --mode=devdax dax0.0 2>/dev/null | $fields; echo rc=\$?
ls /sys/devices/system/memory | grep -c '^memory'; grep -E 'dax|kmem' /proc/iomem")
rt_check "daxctl reconfigure-device --mode=devdax: blocks removed, device_dax back" \
"chardev=dax0.0 size=1073741824 target_node=0 mode=devdax
rc=0
24
    100000000-13fffffff : dax0.0" "$out"

# the host's /dev is untouched: the node exists only inside the namespace, and is inert there
out=$(rt_sh "${M_SOFT_RESERVED[@]}" -- 'ls -l /dev/dax0.0 | cut -c1,2,3,4,5,6,7,8,9,10; cat /dev/dax0.0 >/dev/null 2>&1 || echo "open refused"; test -c /dev/null && echo null ok')
rt_check "/dev/dax0.0 inside memhp ns: a char node that cannot be opened; host /dev intact" \
"crw-------
open refused
null ok" "$out"
if [ -e /dev/dax0.0 ] && [ ! -e /sys/bus/dax/devices/dax0.0 ]; then
	rt_fail "no /dev/dax0.0 left on the host"
else
	rt_ok "no /dev/dax0.0 left on the host"
fi

# bad writes through the mount: the kernel's errno, nothing changed
out=$(rt_sh "${M_SOFT_RESERVED[@]}" -- 'cd /sys/bus/dax/drivers
bash -c "echo dax9.9 > kmem/bind; echo dax0.0 > kmem/bind; echo dax0 > kmem/new_id
echo dax0.0 > device_dax/bind; echo 4096 > /sys/bus/dax/devices/dax0.0/align" 2>&1
readlink /sys/bus/dax/devices/dax0.0/driver; blocks | tail -1' 2>&1 | sed 's/^bash: line [0-9]*: echo: //')
rt_check "bad dax bus writes under memhp ns: ENODEV, EINVAL, EBUSY; binding unchanged" \
"write error: No such device
write error: No such device
write error: Invalid argument
write error: Device or resource busy
write error: Device or resource busy
../../../../bus/dax/drivers/device_dax
memory1-23 node0 online DMA32" "$out"
