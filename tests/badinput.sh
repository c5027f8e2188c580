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
