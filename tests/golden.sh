#!/usr/bin/env bash
# Replay every scenario in DIR against its golden transcript; print "ok NAME" or
# "FAIL NAME" with a unified diff, then "identical: N/M".
set -u
MEMHP=$1 SCN=$2 GOLD=$3
OUT=${GOLDEN_OUT:-$(mktemp -d)}
[ -n "${GOLDEN_OUT:-}" ] || trap 'rm -rf "$OUT"' EXIT
n=0 same=0
for s in "$SCN"/*.scn; do
	name=$(basename "$s" .scn)
	n=$((n + 1))
	"$MEMHP" run "$s" >"$OUT/$name.txt" 2>"$OUT/$name.err"
	if cmp -s "$OUT/$name.txt" "$GOLD/$name.txt"; then
		same=$((same + 1)); echo "ok $name"
	else
		echo "FAIL $name"
		diff -u "$GOLD/$name.txt" "$OUT/$name.txt" | head -40
		sed 's/^/  stderr: /' "$OUT/$name.err" | head -5
	fi
done
echo "identical: $same/$n"
