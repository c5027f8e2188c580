#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/realtools/run.sh MEMHP [TEST...] — run the real-tool tests (every
# tests/realtools/test_*.sh unless named), one after another; each prints
# "ok NAME", "FAIL NAME" or "skip NAME: REASON" lines that tests/check.sh counts.
set -u
MEMHP=$(realpath "$1")
shift
export MEMHP
dir=$(cd "$(dirname "$0")" && pwd)
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=("$dir"/test_*.sh)
for t in "${tests[@]}"; do
	[ -f "$t" ] || t=$dir/$t
	start=$(date +%s.%N)
	bash "$t" "$MEMHP" 2>&1 || echo "FAIL $(basename "$t" .sh): exited $?"
	[ -n "${RT_TIMES:-}" ] && printf 'time %s %.1f s\n' "$(basename "$t")" "$(echo "$(date +%s.%N) - $start" | bc)" >&2
done
exit 0
