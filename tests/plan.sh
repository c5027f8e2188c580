#!/usr/bin/env bash
# tests/plan.sh — `memhp plan`: each figure follows from a rule, so each check below would
# fail if the rule broke. Prints "ok NAME" or "FAIL NAME" lines for check.sh.
set -u
MEMHP=$1
ok() { echo "ok plan: $1"; }
bad() { echo "FAIL plan: $1"; shift; printf '    %s\n' "$@" | head -20; }
# has NAME JSON KEY VALUE: the JSON text holds "KEY": VALUE (first occurrence is enough)
has() { if printf '%s\n' "$2" | grep -q "\"$3\": $4\$\|\"$3\": $4,"; then ok "$1"; else bad "$1" "no \"$3\": $4 in" "$(printf '%s\n' "$2" | head -40)"; fi; }

# 64 GiB movable over 2 GiB: memmap is 1/64 of the DIMM and comes from node 0's kernel memory;
# the movable:kernel ratio is far beyond auto-movable's 301%.
j=$("$MEMHP" plan -q '-m 2G,slots=2,maxmem=66G' -H 'object_add memory-backend-ram,id=m1,size=64G' \
	-H 'device_add pc-dimm,id=d1,memdev=m1' --online online_movable --json)
has "64G movable" "$j" movable 68719476736
has "64G DIMM memmap is 1G" "$j" memmap_hotplug 1073741824
has "boot memmap 2G" "$j" memmap_boot 33554432
has "ratio" "$j" movable_percent_of_kernel 3200
if printf '%s\n' "$j" | grep -q 'ZONE_MOVABLE is 3200% of kernel memory'; then ok "ratio warning"; else bad "ratio warning" "$j"; fi
# the DIMM's 1 GiB of memmap is unmovable kernel memory: it fills boot blocks 1-8 as well
has "boot blocks with unmovable pages" "$j" unmovable '"memory0 memory1 memory2 memory3 memory4 memory5 memory6 memory7 memory8 memory15"'
has "a movable DIMM can be unplugged" "$j" unplug '"yes"'

# The same DIMM onlined into ZONE_NORMAL: its first block starts the empty ZONE_NORMAL and
# takes unmovable kernel allocations, so the DIMM can never be unplugged again.
j=$("$MEMHP" plan -q '-m 2G,slots=2,maxmem=66G' -H 'object_add memory-backend-ram,id=m1,size=64G' \
	-H 'device_add pc-dimm,id=d1,memdev=m1' --online online_kernel --json)
has "kernel DIMM cannot be unplugged" "$j" unplug '"no"'
has "its first block holds unmovable pages" "$j" unmovable '"memory0 memory1 memory2 memory3 memory4 memory5 memory6 memory7 memory8 memory15 memory32"'
has "no movable" "$j" movable 0
if printf '%s\n' "$j" | grep -q 'ZONE_MOVABLE is'; then bad "no ratio warning" "$j"; else ok "no ratio warning"; fi

# A DIMM that is not made of whole blocks is refused by add_memory(): all of it is lost.
j=$("$MEMHP" plan -q '-m 4G,slots=2,maxmem=8G -object memory-backend-ram,id=m1,size=1000M -device pc-dimm,id=d1,memdev=m1' --json)
has "unaligned DIMM lost" "$j" lost 1048576000
has "unaligned DIMM added nothing" "$j" added 0

# A node with only movable memory borrows its memmap from node 0.
j=$("$MEMHP" plan -q '-m 2G,slots=2,maxmem=4G -smp 2 -numa node,nodeid=0,cpus=0,memdev=r0 -numa node,nodeid=1,cpus=1 -object memory-backend-ram,id=r0,size=2G' \
	-H 'object_add memory-backend-ram,id=m1,size=1G' -H 'device_add pc-dimm,id=d1,memdev=m1,node=1' --online online_movable --json)
if printf '%s\n' "$j" | tr -d ' \n' | grep -q '"node":1,[^}]*"memmap_hotplug":16777216,[^}]*"memmap_from":0'; then
	ok "memory-less-kernel node borrows memmap"; else bad "memory-less-kernel node borrows memmap" "$j"; fi
if printf '%s\n' "$j" | grep -q 'node 1 has no kernel memory'; then ok "borrow warning"; else bad "borrow warning" "$j"; fi

# memmap_on_memory: a single-block DIMM carries its own memmap (6.1 rule).
j=$("$MEMHP" plan -c memory_hotplug.memmap_on_memory=1 -q '-m 2G,slots=2,maxmem=4G' \
	-H 'object_add memory-backend-ram,id=m1,size=128M' -H 'device_add pc-dimm,id=d1,memdev=m1' --online online --json)
has "altmap memmap" "$j" memmap_altmap 2097152
has "nothing from kernel memory" "$j" memmap_hotplug 0

# Onlined into ZONE_NORMAL beside boot memory that already has it: at risk, not refused.
j=$("$MEMHP" plan -q '-m 6G,slots=2,maxmem=8G' -H 'object_add memory-backend-ram,id=m1,size=1G' \
	-H 'device_add pc-dimm,id=d1,memdev=m1' --online online_kernel --json)
has "kernel DIMM at risk" "$j" unplug '"at-risk"'

# kexec view: the hot-added DIMM is passed on as System RAM.
t=$("$MEMHP" plan -q '-m 2G,slots=2,maxmem=4G' -H 'object_add memory-backend-ram,id=m1,size=1G' -H 'device_add pc-dimm,id=d1,memdev=m1')
if printf '%s\n' "$t" | grep -q '^  0x0000000100000000-0x000000013fffffff System RAM$'; then ok "kexec view"; else bad "kexec view" "$t"; fi

# Bad input: exit 2 (usage) or 1 (the monitor refused), with a message naming the option.
e=$("$MEMHP" plan --online sideways 2>&1); rc=$?
if [ $rc -eq 2 ] && printf '%s' "$e" | grep -q -- "--online: expected"; then ok "bad --online"; else bad "bad --online" "rc=$rc $e"; fi
e=$("$MEMHP" plan -H 'device_add pc-dimm,id=d1,memdev=nope' 2>&1); rc=$?
if [ $rc -eq 1 ] && printf '%s' "$e" | grep -q -- "--hmp 'device_add pc-dimm,id=d1,memdev=nope'"; then ok "bad --hmp"; else bad "bad --hmp" "rc=$rc $e"; fi
