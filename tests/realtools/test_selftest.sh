#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The kernel's own memory-hotplug selftest (tools/testing/selftests/memory-hotplug/
# mem-on-off-test.sh), taken at test time from Debian's linux-source-6.1 and run
# unmodified under memhp ns: as root, with the ratio the Makefile's run_full_test uses
# (-r 10), the kselftest default (2%), a ratio that must hit busy blocks (-r 100), and as
# a non-root user (kselftest skip, exit 4), its notifier-error-inject part included (the
# emulated memory-notifier-error-inject module, its debugfs errno files, the veto's errno
# and kernel log lines). Its modprobe calls reach memhp, never the host kernel. The
# machine's blocks are checked afterwards.
set -u
MEMHP=${MEMHP:-$(realpath "$1")}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/machines.sh"
rt_need selftest bc bc || exit 0
if ! dir=$(rt_selftest_dir); then
	rt_need selftest linux-source-6.1 || exit 0
	dir=$(rt_selftest_dir) || { rt_skip selftest "linux-source-6.1 has no memory-hotplug selftest"; exit 0; }
fi
T=$dir/mem-on-off-test.sh

# The whole script, its notifier-error-inject part included: afterwards the module is
# unloaded again (debugfs directory gone) and every block is back online. That part offlines
# blocks chosen by bash's $RANDOM and onlines them with the default zone, so which zone a
# block ends in varies from run to run: only the states are compared.
out=$(rt_sh "${M_TWO_NODES[@]}" -- "bash $T -r 10; echo \"rc=\$?\"
	cat /sys/devices/system/memory/memory*/state | sort | uniq -c
	ls /sys/kernel/debug; cat \"\$MEMHP_CTL/modules\"; echo modules-end")
rt_check "selftest -r 10 (run_full_test): DIMM onlined, 4 of 40 blocks offlined and back, notifier errors injected" \
"Test scope: 10% hotplug memory
	 online all hot-pluggable memory in offline state:
offline->online memory40
offline->online memory41
offline->online memory42
offline->online memory43
offline->online memory44
offline->online memory45
offline->online memory46
offline->online memory47
	 offline 10% hot-pluggable memory in online state
	 trying to offline 4 out of 40 memory block(s):
online->offline memory0
-> Failure
online->offline memory1
-> Success
online->offline memory10
-> Success
online->offline memory11
-> Success
online->offline memory12
-> Success
	 online all hot-pluggable memory in offline state:
offline->online memory1
offline->online memory10
offline->online memory11
offline->online memory12
	 Test with memory notifier error injection
rc=0
     40 online
modules-end" "$out"

out=$(rt_sh "${M_MOVABLE_NODE[@]}" -- "bash $T >/tmp/st.\$\$ 2>&1; echo \"rc=\$?\"; sed -n 1,11p /tmp/st.\$\$; rm -f /tmp/st.\$\$; blocks")
rt_check "selftest with its kselftest default (2%) on a movable_node machine" \
"rc=0
Test scope: 2% hotplug memory
	 online all hot-pluggable memory in offline state:
		 SKIPPED - no hot-pluggable memory in offline state
	 offline 2% hot-pluggable memory in online state
	 trying to offline 1 out of 48 memory block(s):
online->offline memory0
-> Failure
online->offline memory1
-> Success
	 online all hot-pluggable memory in offline state:
offline->online memory1
memory0 node0 online none
memory1-15 node0 online DMA32
memory32-47 node0 online Normal
memory48-63 node1 online Movable" "$out"

out=$(rt_sh "${M_TWO_NODES[@]}" -- "bash $T -r 100 >/tmp/st.\$\$ 2>&1; echo \"rc=\$?\"
	grep -B1 -- '-> Failure' /tmp/st.\$\$ | grep -o 'memory[0-9]*' | tr '\n' ' '; echo
	grep FAILED /tmp/st.\$\$; grep -c unexpected /tmp/st.\$\$; rm -f /tmp/st.\$\$; blocks
	memhp kmsg | grep -o 'Injecting error (-12) to MEM_GOING_[A-Z]*' | sort | uniq -c")
# memory32 (node 1 Normal) holds the memmap of the DIMM plugged at boot: unmovable.
rt_check "selftest -r 100: the blocks Linux cannot offline fail, rc 1, every injected failure as expected, all online again" \
"rc=1
memory0 memory15 memory23 memory32 memory39 
		 FAILED - unable to offline some memory blocks, device busy?
0
memory0 node0 online none
memory1-15 node0 online DMA32
memory16-22 node1 online Normal
memory23 node1 online DMA32
memory32-47 node1 online Normal
     35 Injecting error (-12) to MEM_GOING_OFFLINE
     35 Injecting error (-12) to MEM_GOING_ONLINE" "$out"

# An errno of the caller's choice (-e, here with nothing to offline: -r 0), then by hand:
# the veto makes offline return exactly the injected errno (EIO), the block stays online.
out=$(rt_sh "${M_TWO_NODES[@]}" -- "bash $T -r 0 -e -5 >/dev/null 2>&1; echo \"rc=\$?\"
	modprobe memory-notifier-error-inject
	echo -5 >/sys/kernel/debug/notifier-error-inject/memory/actions/MEM_GOING_OFFLINE/error
	echo offline 2>/dev/null >/sys/devices/system/memory/memory40/state; echo \"rc=\$?\"
	echo offline 2>&1 >/sys/devices/system/memory/memory40/state | grep -o 'I/O error'
	memhp kmsg | grep Injecting
	cat /sys/kernel/debug/notifier-error-inject/memory/actions/*/error; blocks")
rt_check "selftest -e -5: the injected errno is the one offline returns (EIO)" \
"rc=0
rc=1
I/O error
Injecting error (-5) to MEM_GOING_OFFLINE
Injecting error (-5) to MEM_GOING_OFFLINE
-5
0
memory0 node0 online none
memory1-15 node0 online DMA32
memory16-23 node1 online DMA32
memory32-47 node1 online Normal" "$out"

# kselftest's own rule: not root -> skip (exit 4), nothing touched.
tmp=$(mktemp -d); cp "$T" "$tmp/"; chmod -R a+rX "$tmp"
out=$(rt_sh "${M_SMALL[@]}" -- "memhp snap >/tmp/snap.\$\$
	setpriv --reuid=65534 --regid=65534 --clear-groups bash $tmp/mem-on-off-test.sh -r 10; echo \"rc=\$?\"
	memhp snap | cmp -s - /tmp/snap.\$\$ && echo unchanged; rm -f /tmp/snap.\$\$")
rm -rf "$tmp"
rt_check "selftest as a non-root user: kselftest skip (4), machine unchanged" \
"skip all tests: must be run as root
rc=4
unchanged" "$out"

out=$(rt_sh "${M_SMALL[@]}" -- '/sbin/modprobe -q memory-notifier-error-inject; echo "rc=$?"
	modprobe virtio_mem && cat "$MEMHP_CTL/modules"; lsmod; echo "rc=$?"; insmod /dev/null; echo "rc=$?"
	ls /lib/modules 2>/dev/null | wc -l; mount -t debugfs | cut -d" " -f3')
rt_check "inside memhp ns the module tools are memhp's; debugfs is found by type" \
"rc=0
virtio_mem
notifier_error_inject
memory_notifier_error_inject
lsmod: the host kernel's modules are out of reach inside memhp ns
rc=1
insmod: the host kernel's modules are out of reach inside memhp ns
rc=1
0
/sys/kernel/debug" "$out"
