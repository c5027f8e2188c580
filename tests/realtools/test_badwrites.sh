#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bad input through the mount: every writable file of the tree (found by its mode, so
# files added later are covered too; memhp's own /.memhp control files aside) is written
# malformed values by bash inside memhp ns. Each write must fail with the kernel's errno,
# as bash reports it, and leave the machine's snapshot byte-identical.
#
# The kernel's rules: state, online (kstrtobool), uevent (an action name),
# auto_online_blocks, online_policy, auto_movable_numa_aware (kstrtobool), drop_caches
# (proc_dointvec_minmax, 1..4), hard/soft_offline_page (any kstrtoull failure is EINVAL)
# refuse all of these with EINVAL (but kstrtobool takes "0x" as 0); probe (kstrtoull) and auto_movable_ratio (kstrtouint)
# return the parser's own error, ERANGE, for a number that does not fit; a bus's
# drivers_probe and a driver's bind/unbind say ENODEV (no device of that name), its
# drivers_autoprobe takes anything; notifier-error-inject's errno files parse with kstrtoll. A new writable file whose rule differs from EINVAL gets a line in expect().
set -u
MEMHP=${MEMHP:-$(realpath "$1")}
. "$(dirname "$0")/lib.sh"

out=$(rt_ns --qemu '-m 2G,slots=4,maxmem=8G -object memory-backend-ram,id=m1,size=512M
 -device pc-dimm,id=d1,memdev=m1' --config ARCH_MEMORY_PROBE=y \
	--modules 'virtio_mem dax_hmem device_dax kmem memory_notifier_error_inject' -- bash -c '
root=$(dirname "$MEMHP_CTL")
long=$(printf "%5000s" "" | tr " " x)
values=(garbage "" -1 0x 99999999999999999999999 "$long")
names=(garbage empty -1 0x huge 5000-bytes)
expect() { # FILE VALUE-NAME: the errno text bash prints, or skip when the value is valid
	case "$2:${1##*/}" in
	huge:probe|huge:auto_movable_ratio) echo "Numerical result out of range" ;;
	0x:online|0x:auto_movable_numa_aware) echo skip ;;	# kstrtobool reads only "0": false
	*:drivers_autoprobe) echo skip ;;	# bus.c takes any value: "0..." clears, else sets
	*:drivers_probe|*:bind|*:unbind) echo "No such device" ;;	# no device of that name
	huge:error) echo "Numerical result out of range" ;;	# debugfs errno file: kstrtoll
	-1:error) echo skip ;;	# a valid errno to inject
	*) echo "Invalid argument" ;;
	esac
}
nfiles=0 nwrites=0 bad=0
before=$(<"$MEMHP_CTL/snapshot")
while read -r f; do
	nfiles=$((nfiles + 1))
	path=/$f
	# the host path when the overlay shows this file there, else the mount itself
	[ -e "$path" ] && [ "$(stat -c %d "$path")" = "$(stat -c %d "$root")" ] || path=$root/$f
	echo "file ${f%%[0-9]*}"
	for i in "${!values[@]}"; do
		want=$(expect "$f" "${names[$i]}")
		[ "$want" = skip ] && continue
		nwrites=$((nwrites + 1))
		err=$( { echo "${values[$i]}" > "$path"; } 2>&1 ); rc=$?
		got=${err##*: }
		if [ $rc -eq 0 ] || [ "$got" != "$want" ]; then
			echo "BAD $f <- ${names[$i]}: rc=$rc, \"$got\", want \"$want\""; bad=$((bad + 1))
		fi
		now=$(<"$MEMHP_CTL/snapshot")
		if [ "$now" != "$before" ]; then
			echo "BAD $f <- ${names[$i]}: the snapshot changed"; bad=$((bad + 1)); before=$now
		fi
	done
done < <(cd "$root" && find . -path ./.memhp -prune -o -type f -perm /222 -print | sed "s|^\./||" | sort)
echo "summary: $nfiles files, $nwrites writes, $bad bad"')
bad=$(printf '%s\n' "$out" | grep -v '^file \|^summary: ')
summary=$(printf '%s\n' "$out" | grep '^summary: ')
rt_check "bad writes through the mount: every writable file refuses each malformed value with the kernel's errno and changes nothing ($summary)" "" "$bad"
kinds=$(printf '%s\n' "$out" | sed -n 's/^file //p' | sort -u)
rt_check "bad writes through the mount: the writable files were found by their mode" \
"proc/sys/vm/drop_caches
sys/devices/system/memory/auto_online_blocks
sys/devices/system/memory/hard_offline_page
sys/devices/system/memory/memory
sys/devices/system/memory/probe
sys/devices/system/memory/soft_offline_page
sys/devices/system/memory/uevent
sys/devices/system/node/node
sys/devices/system/node/uevent
sys/module/memory_hotplug/parameters/auto_movable_numa_aware
sys/module/memory_hotplug/parameters/auto_movable_ratio
sys/module/memory_hotplug/parameters/online_policy" "$(printf '%s\n' "$kinds" | grep -E '^(proc/sys/vm|sys/devices/system|sys/module/memory_hotplug)/')"
