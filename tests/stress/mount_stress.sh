#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/stress/mount_stress.sh — run INSIDE memhp ns (tests/realtools/test_concurrent.sh
# does): 4 shells writing state files at random, a monitor plugging and ejecting DIMMs
# and lsmem in a loop, all through the mount at once. Prints:
#   lsmem: N runs, T torn   (torn: lsmem failed other than by racing an eject, or a boot
#                           block's STATE was "?", i.e. its state file read as neither value)
#   writes: N succeeded
#   boot blocks: consistent | memoryN: ... (successful online/offline writes must alternate)
set -u
OPS=${1:-300}
M=/sys/devices/system/memory
tmp=$(mktemp -d)
initial() { for id in $(seq 0 23) $(seq 32 39); do printf '%s %s\n' "$id" "$(cat $M/memory$id/state)"; done; }
initial >"$tmp/initial"

writer() { # N
	local i id v
	for ((i = 0; i < OPS; i++)); do
		id=$((RANDOM % 48))
		case $((RANDOM % 4)) in 0) v=online ;; 1) v=online_movable ;; *) v=offline ;; esac
		if { echo $v >$M/memory$id/state; } 2>/dev/null; then
			[ "${v#online}" != "$v" ] && echo "$id 1" || echo "$id -1"
		fi
	done >"$tmp/w$1"
}
monitor() {
	local i=0
	while [ ! -e "$tmp/stop" ]; do
		memhp monitor object_add memory-backend-ram,id=m$i,size=256M >/dev/null
		memhp monitor device_add pc-dimm,id=d$i,memdev=m$i >/dev/null
		memhp monitor device_del d$i >/dev/null && memhp monitor object_del m$i >/dev/null
		i=$((i + 1))
	done
	echo $i >"$tmp/plugs"
}
reader() {
	local runs=0 torn=0 raced=0 out
	while [ ! -e "$tmp/stop" ]; do
		runs=$((runs + 1))
		if ! out=$(lsmem -a -o RANGE,STATE,BLOCK 2>&1); then
			# a DIMM ejected between lsmem's scandir and its open: Linux races the same way
			case $out in *"No such file or directory"*) raced=$((raced + 1)); continue ;; esac
			torn=$((torn + 1)); printf '%s\n' "$out" | tail -3 >&2
		fi
		# "?" is a state file that read as neither value, or vanished under lsmem (an
		# ejected DIMM's block: Linux races the same way); a boot block never vanishes
		printf '%s\n' "$out" | awk 'NR == FNR { boot[$1] = 1; next }
			$2 == "?" { n = split($3, r, "-"); for (b = r[1]; b <= r[n]; b++) if (b in boot) bad = 1 }
			END { exit !bad }' "$tmp/initial" - &&
			{ torn=$((torn + 1)); printf '%s\n' "$out" | grep ' ? ' >&2; }
	done
	echo "lsmem: $runs runs, $torn torn" >"$tmp/reader"
	echo "$raced" >"$tmp/raced"
}

monitor & mon=$!
reader & rd=$!
for w in 1 2 3 4; do writer $w & pids="${pids:-} $!"; done
wait $pids
touch "$tmp/stop"
wait $mon $rd
cat "$tmp/reader"
echo "writes: $(cat "$tmp"/w* | wc -l) succeeded"
echo "monitor: $(cat "$tmp/plugs") DIMMs plugged and ejected"
bad=0
while read -r id st; do
	net=$(awk -v id="$id" '$1 == id { n += $2 } END { print n + 0 }' "$tmp"/w*)
	now=$(cat $M/memory$id/state)
	want=$st
	[ "$net" = 1 ] && want=online
	[ "$net" = -1 ] && want=offline
	if [ "$net" -lt -1 ] || [ "$net" -gt 1 ] || [ "$now" != "$want" ] ||
	   { [ "$net" = 1 ] && [ "$st" = online ]; } || { [ "$net" = -1 ] && [ "$st" = offline ]; }; then
		echo "memory$id: was $st, $net net successful writes, now $now"
		bad=1
	fi
done <"$tmp/initial"
[ $bad = 0 ] && echo "boot blocks: consistent"
rm -rf "$tmp"
