#!/usr/bin/env bash
# make bench: print figures (never asserted).
set -u
BUILD=${1:-build}
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
MEMHP=$BUILD/memhp

echo "== replay of every oracle scenario"
start=$(date +%s.%N)
n=0
for s in "$SHARED"/oracle/scenarios/*.scn; do "$MEMHP" run "$s" >/dev/null 2>&1; n=$((n + 1)); done
end=$(date +%s.%N)
printf '%d scenarios in %.2f s\n' "$n" "$(echo "$end - $start" | bc)"

echo "== 64 TiB on 8 nodes from a firmware map (bench/64t-8node.fw)"
t=$(mktemp)
for bs in "" 128M; do
	opt=${bs:+--block-size $bs}
	/usr/bin/time -o "$t" -f "wall %e s, peak RSS %M KiB (boot + full --json)" \
		"$MEMHP" boot --fwmap bench/64t-8node.fw $opt --json \
		| python3 -c 'import json,sys; d=json.load(sys.stdin); print("   block size %d MiB, %d blocks: " % (d["block_size_bytes"]>>20, len(d["blocks"])), end="")'
	cat "$t"
done
rm -f "$t"

echo "== same block count, 1 TiB vs 64 TiB (8192 blocks each)"
tmp=$(mktemp -d)
printf 'e820 0x100000-0x7fffffff usable\ne820 4G+1022G usable\nnode 0 0+1026G\n' >"$tmp/1t.fw"
for m in "1 TiB, 128M blocks:$tmp/1t.fw:128M" "64 TiB, 8G blocks:bench/64t-8node.fw:8G"; do
	IFS=: read -r label file bs <<<"$m"
	echo "   $label"
	/usr/bin/time -f "      wall %e s, peak RSS %M KiB" "$MEMHP" boot --fwmap "$file" --block-size "$bs" --stats 2>&1 | sed 's/^/      /'
done
rm -rf "$tmp"

echo "== online + offline of one block"
"$BUILD"/bench/bench_onoff

echo "== real tools over the FUSE mount (bench/realtools.sh)"
bench/realtools.sh "$MEMHP"

echo "== pages: offline by migration (bench/bench_pages.c)"
"$BUILD"/bench/bench_pages

echo "== pages: property test (alloc/free/pin/hugetlb/balloon/cma/online/offline/add/eject, invariants after each)"
if [ -x "$BUILD"/tests/test_mm_workload ]; then
	n=1000 steps=14
	start=$(date +%s.%N)
	MEMHP_PROP_N=$n "$BUILD"/tests/test_mm_workload >/dev/null 2>&1
	end=$(date +%s.%N)
	printf '%d sequences x %d steps in %.2f s: %.0f ops/s (each op with its snapshot and checks)\n' \
		"$n" "$steps" "$(echo "$end - $start" | bc)" "$(echo "$n * $steps / ($end - $start)" | bc -l)"
fi
