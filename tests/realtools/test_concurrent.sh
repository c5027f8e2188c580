#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Concurrency through the mount (tests/stress/mount_stress.sh inside memhp ns): 4 shells
# writing state files, a monitor plugging and ejecting DIMMs and lsmem in a loop, at
# once. Expect no torn lsmem run, successful writes alternating per block (the final
# states agree with them), and the namespace to end (no deadlock) within the time limit.
set -u
MEMHP=${MEMHP:-$(realpath "$1")}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/machines.sh"
rt_need concurrent util-linux lsmem || exit 0
stress=$(cd "$(dirname "$0")/../stress" && pwd)/mount_stress.sh

out=$(RT_TIMEOUT=300 rt_ns "${M_TWO_NODES[@]}" -- bash "$stress" 800)
summary=$(printf '%s\n' "$out" | sed -E 's/[0-9]+ runs/N runs/; s/^writes: [0-9]+/writes: N/; s/^monitor: [0-9]+/monitor: N/')
rt_check "4 shells, a monitor and an lsmem loop through the mount: no torn read, writes alternate" \
"lsmem: N runs, 0 torn
writes: N succeeded
monitor: N DIMMs plugged and ejected
boot blocks: consistent" "$summary"
rt_match "the concurrent run made progress on every side" '^monitor: [1-9][0-9]* DIMMs' "$out"
