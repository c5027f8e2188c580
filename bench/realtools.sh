#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/realtools.sh MEMHP — real tools over memhp's FUSE mount (figures, never asserted):
#   lsmem over memhp against lsmem on this host's own /sys with as many blocks of the same
#   size (the host is only read), as a ratio; lsmem on 32,768 blocks; chmem -e of 1,000
#   blocks. Each figure is the best of a few runs (the machine is shared), wall clock;
#   with perf, the FUSE requests each sent (what the wall clock mostly pays for).
set -u
MEMHP=$(realpath "$1")
cd "$(dirname "$0")/.."
command -v lsmem >/dev/null && command -v chmem >/dev/null ||
	{ echo "   (lsmem/chmem not installed: util-linux; skipped)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# in_ns MACHINE-OPTS... -- SCRIPT: the wall time (s) SCRIPT took inside memhp ns, as bash
# measures it there (the namespace's own set-up and boot excluded)
in_ns() {
	local args=()
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	"$MEMHP" ns "${args[@]}" -- bash -c "TIMEFORMAT=%R; time ( $2 >/dev/null 2>&1 )" 2>&1 | tail -1
}
min() { printf '%s\n' "$@" | sort -g | head -1; }
# requests MACHINE-OPTS... -- CMD: FUSE requests CMD sent (perf's fuse tracepoint), or "?"
requests() {
	local args=()
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	"$MEMHP" ns "${args[@]}" -- perf stat -x, -e fuse:fuse_request_send -- sh -c "$2" 2>&1 >/dev/null |
		awk -F, '/fuse_request_send/ { n = $1 } END { print (n ~ /^[0-9]+$/ ? n : "?") }'
}

# the host's memory blocks: count and size, read only
hdir=/sys/devices/system/memory
if [ -r "$hdir/block_size_bytes" ]; then
	hbs=$((16#$(cat "$hdir/block_size_bytes")))
	hn=$(find "$hdir" -maxdepth 1 -name 'memory[0-9]*' | wc -l)
	# the same number of blocks of the same size, one node, from address 0
	printf 'e820 0x0-0x9fbff usable\ne820 0x100000-0x%x usable\nnode 0 0+%d\n' \
		$((hn * hbs - 1)) $((hn * hbs)) >"$tmp/host.fw"
	loop='for i in 1 2 3 4 5 6 7 8 9 10; do lsmem >/dev/null; done'
	host=() memhp=()
	for round in 1 2 3; do	# alternating, so both see the same load
		host+=("$(bash -c "TIMEFORMAT=%R; time ( $loop >/dev/null 2>&1 )" 2>&1 | tail -1)")
		memhp+=("$(in_ns --fwmap "$tmp/host.fw" --block-size "$hbs" -- "$loop")")
	done
	host=$(min "${host[@]}") memhp=$(min "${memhp[@]}")
	printf '   lsmem, %d blocks of %d MiB: host /sys %.1f ms, memhp %.1f ms per run: ratio %.2f (goal <= 1.5)\n' \
		"$hn" $((hbs >> 20)) "$(echo "$host * 100" | bc)" "$(echo "$memhp * 100" | bc)" \
		"$(echo "scale=3; $memhp / $host" | bc)"
	printf '      FUSE requests of one lsmem: %s\n' "$(requests --fwmap "$tmp/host.fw" --block-size "$hbs" -- lsmem)"
else
	echo "   (this host has no $hdir: the lsmem ratio is skipped)"
fi

# lsmem on 32,768 blocks: the first in a fresh namespace (nothing cached in the kernel) and
# a second one right after it (the kernel's caches warm, as sysfs always is)
big=(--fwmap tests/realtools/32k-blocks.fw --block-size 128M)
two() { "$MEMHP" ns "${big[@]}" -- bash -c 'TIMEFORMAT=%R; for i in 1 2; do time (lsmem >/dev/null 2>&1); done' 2>&1 | tail -2; }
a=($(two)) b=($(two))
printf '   lsmem, 32,768 blocks of 128 MiB: %.2f s the first time, %.2f s the second (goal < 2 s)\n' \
	"$(min "${a[0]}" "${b[0]}")" "$(min "${a[1]}" "${b[1]}")"
# the floor: the same lsmem over a kernel file system holding the same 32,768 blocks
# (--sysroot), i.e. the cost of lsmem's own system calls on this machine
python3 - "$tmp/sysroot" <<'PY'
import os, sys
mem = sys.argv[1] + "/sys/devices/system/memory"
os.makedirs(sys.argv[1] + "/sys/devices/system/node/node0")
os.makedirs(mem)
for f, v in (("block_size_bytes", "8000000"), ("auto_online_blocks", "online")):
    open(mem + "/" + f, "w").write(v + "\n")
for i in range(32768):
    d = "%s/memory%d" % (mem, i)
    os.mkdir(d)
    for f, v in (("state", "online"), ("online", "1"), ("removable", "1"), ("valid_zones", "Normal"),
                 ("phys_device", "0"), ("phys_index", "%08x" % i)):
        open(d + "/" + f, "w").write(v + "\n")
    os.symlink("../../node/node0", d + "/node0")
PY
t=$(min $(for i in 1 2 3; do bash -c "TIMEFORMAT=%R; time (lsmem --sysroot $tmp/sysroot >/dev/null 2>&1)" 2>&1 | tail -1; done))
printf '      (lsmem --sysroot over a kernel file system with the same blocks: %.2f s)\n' "$t"
printf '      FUSE requests: %s the first time, %s the second\n' \
	$("$MEMHP" ns "${big[@]}" -- sh -c 'for i in 1 2; do perf stat -x, -e fuse:fuse_request_send -- lsmem 2>&1 >/dev/null; done' |
		awk -F, '/fuse_request_send/ { print ($1 ~ /^[0-9]+$/ ? $1 : "?") }')

# chmem -e of 1,000 blocks: a cold-plugged 125 GiB DIMM, offline at boot (16 GiB of boot RAM
# holds its 2 GiB memmap)
dimm='-m 16G,slots=2,maxmem=141G -object memory-backend-ram,id=m1,size=125G -device pc-dimm,id=d1,memdev=m1'
t=$(in_ns --qemu "$dimm" -- 'chmem -e 125G')
n=$("$MEMHP" ns --qemu "$dimm" -- sh -c 'chmem -e 125G; memhp snap' | grep -c '^memory.* state=online')
printf '   chmem -e 125G (1,000 blocks offline -> online): %.2f s; %d blocks online after\n' "$t" "$n"
printf '      FUSE requests: %s\n' "$(requests --qemu "$dimm" -- 'chmem -e 125G')"
