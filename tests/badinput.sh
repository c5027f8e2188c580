#!/usr/bin/env bash
# Bad input: malformed scenario lines, qemu: arguments, firmware maps and options give a
# message naming file, line and field, exit status 2, and nothing runs.
set -u
MEMHP=$(realpath "$1")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

expect() { # NAME WANT-REGEX CMD...
	local name=$1 want=$2; shift 2
	local out rc
	out=$("$@" 2>&1); rc=$?
	if [ $rc -eq 2 ] && printf '%s' "$out" | grep -qE -e "$want" && ! printf '%s' "$out" | grep -q '^== boot'; then
		echo "ok $name"
	else
		echo "FAIL $name (rc $rc): $out" | head -3
	fi
}

printf 'desc: x\nqemu: -m 2G\nfrobnicate: yes\n' >"$T/a.scn"
expect "unknown scenario line" "a.scn:3: unknown line 'frobnicate:'" "$MEMHP" run "$T/a.scn"
printf 'qemu: -m 2G\nthis is not a step\n' >"$T/b.scn"
expect "unparsable scenario line" "b.scn:2: cannot parse line" "$MEMHP" run "$T/b.scn"
printf '# c\nqemu: -m 2X\n$ true\n' >"$T/c.scn"
expect "bad -m size" "c.scn:2: qemu: -m: invalid RAM size '2X'" "$MEMHP" run "$T/c.scn"
printf 'qemu: -m 2G -device pc-dimm,id=d1,memdev=nope,slots=1\n' >"$T/d.scn"
expect "bad -device property" "d.scn:1: qemu: -device: unsupported property 'slots'" "$MEMHP" run "$T/d.scn"
printf 'qemu: -m 2G,slots=2,maxmem=4G -numa node,nodeid=0,memdev=r0\n' >"$T/e.scn"
expect "missing numa memdev" "e.scn:1: qemu: -numa: memdev 'r0' not found" "$MEMHP" run "$T/e.scn"
printf 'qemu: -m 2G\ntimeout: soon\n' >"$T/f.scn"
expect "bad timeout" "f.scn:2: timeout: expected seconds" "$MEMHP" run "$T/f.scn"
printf 'e820 0x0-0x9fbff usable\nnode 99 0+1G\n' >"$T/g.fw"
expect "bad fwmap node" "g.fw:2: node: expected" "$MEMHP" boot --fwmap "$T/g.fw"
printf 'e820 0x0-0x9fbff usable\ne820 1M+1G sparkly\n' >"$T/h.fw"
expect "bad fwmap type" "h.fw:2: e820: expected" "$MEMHP" boot --fwmap "$T/h.fw"
expect "unsupported qemu option" "qemu: -cpu: only qemu64" "$MEMHP" boot --qemu '-m 2G -cpu host'
expect "bad block size" "--block-size: expected a power of two" "$MEMHP" boot --block-size 100M
expect "unknown kernel profile" "unknown kernel profile '5.4'" "$MEMHP" boot --kernel 5.4
expect "phys-bits too low" "phys-bits too low \\(40\\)" "$MEMHP" boot --qemu "-m 2G,slots=4,maxmem=2T"
expect "unknown verb" "unknown verb 'frob'" "$MEMHP" frob
printf 'qemu: -m 2G\nconfig: MEMORY_HOTPLUG=n FROB=y\n$ true\n' >"$T/i.scn"
expect "unknown config option in a scenario" "i.scn:2: config: 'FROB=y': unknown Kconfig option" "$MEMHP" run "$T/i.scn"
printf 'qemu: -m 2G\nconfig: DEV_DAX_CXL=m\n' >"$T/j.scn"
expect "config option absent from the kernel" "j.scn:2: config: 'DEV_DAX_CXL=m': CONFIG_DEV_DAX_CXL does not exist in kernel 6.1" "$MEMHP" run "$T/j.scn"
expect "bad --config value" "^memhp: --config 'CXL_REGION=maybe': value 'maybe' is not y, m or n" "$MEMHP" boot --config CXL_REGION=maybe
expect "bool option set to m" "CONFIG_MEMORY_HOTPLUG is a bool" "$MEMHP" ns --config MEMORY_HOTPLUG=m -- true
expect "bad memhp config override" "memhp config: --config 'X=y': unknown Kconfig option" "$MEMHP" config --config X=y

# memhp-only @ steps: checked when the scenario loads, so a bad line runs nothing
bad_step() { # NAME WANT-REGEX STEP
	printf 'desc: x\nqemu: -m 2G\n@ online memory1\n%s\n' "$3" >"$T/s.scn"
	expect "$1" "s.scn:4: $2" "$MEMHP" run "$T/s.scn"
}
bad_step "@ unknown verb" "@: unknown verb 'frob'" "@ frob x"
bad_step "@ alloc bad kind" "@ alloc: kind: expected anon, pagecache" "@ alloc a 64M kind=bogus"
bad_step "@ alloc missing kind" "@ alloc: kind: expected" "@ alloc a 64M"
bad_step "@ alloc bad size" "@ alloc: SIZE: expected a size" "@ alloc a 64Q kind=anon"
bad_step "@ alloc zero size" "@ alloc: SIZE: expected a size" "@ alloc a 0 kind=anon"
bad_step "@ alloc bad name" "@ alloc: NAME: expected 1-32" "@ alloc a/b 1M kind=anon"
bad_step "@ alloc unknown option" "@ alloc: color: unknown option" "@ alloc a 1M kind=anon color=red"
bad_step "@ alloc bad node" "@ alloc: node: expected a number" "@ alloc a 1M kind=anon node=x"
bad_step "@ alloc hugepagesz without hugetlb" "@ alloc: hugepagesz: only with kind=hugetlb" "@ alloc a 2M kind=anon hugepagesz=2M"
bad_step "@ alloc size not huge multiple" "@ alloc: SIZE: not a multiple of the huge page size" "@ alloc a 3M kind=hugetlb"
bad_step "@ hugetlb bad size" "@ hugetlb: hugepagesz: expected 2M or 1G" "@ hugetlb 4M 1 node=0"
bad_step "@ hugetlb needs node" "@ hugetlb: node: required" "@ hugetlb 2M 1"
bad_step "@ hugetlb bad count" "@ hugetlb: COUNT: expected a number" "@ hugetlb 2M many node=0"
bad_step "@ offline bad block" "@ offline: BLOCK: expected memoryN" "@ offline mem5"
bad_step "@ offline bad signal" "@ offline: signal: expected a number" "@ offline memory5 signal=soon"
bad_step "@ online bad type" "@ online: TYPE: expected online" "@ online memory5 online_fast"
bad_step "@ balloon bad action" "@ balloon: ACTION: expected inflate or deflate" "@ balloon pop 1M"
bad_step "@ free missing name" "@ free: usage: @ free NAME" "@ free"
bad_step "@ why-busy bad flag" "@ why-busy: expected --json" "@ why-busy memory3 --yaml"
bad_step "@ fault unknown point" "@ fault: WHAT: expected memmap-alloc, migrate or clear, got 'disk'" "@ fault disk"
bad_step "@ fault migrate without page" "@ fault: page: expected page=PFN" "@ fault migrate"
bad_step "@ fault migrate bad page" "@ fault: page: expected page=PFN .* got '0xZZ'" "@ fault migrate page=0xZZ"
bad_step "@ fault memmap-alloc bad section" "@ fault: section: expected a number" "@ fault memmap-alloc section=-1"
bad_step "@ fault section for migrate" "@ fault: section: only for 'fault memmap-alloc'" "@ fault migrate page=1 section=2"
bad_step "@ fault unknown option" "@ fault: size: unknown option" "@ fault memmap-alloc size=1"
expect "why-busy bad step" "--step: @ alloc: kind: expected" "$MEMHP" why-busy -q '-m 2G' -s 'alloc a 1M kind=x' memory3
expect "why-busy bad block" "expected one memoryN argument" "$MEMHP" why-busy -q '-m 2G' mem3
printf 'qemu: -m 2G\nudev: online_sideways\n' >"$T/k.scn"
expect "bad udev: line" "k.scn:2: udev: expected online, online_kernel or online_movable, got 'online_sideways'" "$MEMHP" run "$T/k.scn"
expect "bad --udev-online" "^memhp: --udev-online: expected online, online_kernel or online_movable, got 'offline'" "$MEMHP" boot --udev-online offline
expect "unmodelled cpu flag" "qemu: -cpu: only the pdpe1gb flag is modelled" "$MEMHP" boot --qemu '-m 2G -cpu qemu64,+avx512f'
