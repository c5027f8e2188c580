#!/usr/bin/env bash
# make check: unit tests (cmocka via meson), golden replays, real-client checks.
# Ends with "N passed, N failed" over every test case run.
set -u
BUILD=${1:-build}
cd "$(dirname "$0")/.."
pass=0 fail=0

# cmocka unit programs: count their test cases
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	out=$("$t" 2>&1); rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p')
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p')
	pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
	if [ $rc -ne 0 ]; then
		printf '%s\n' "$out" | grep -E 'FAILED|ERROR|error' | sed "s|^|$(basename "$t"): |"
		[ -z "$f" ] && fail=$((fail + 1))
	fi
done

# golden replays
if [ -d "${SHARED:-../shared}/oracle/scenarios" ]; then
	gout=$(tests/golden.sh "$BUILD/memhp" "${SHARED:-../shared}/oracle/scenarios" "${SHARED:-../shared}/oracle/golden")
	printf '%s\n' "$gout" | grep -v '^ok ' | head -200
	gp=$(printf '%s\n' "$gout" | grep -c '^ok ')
	gf=$(printf '%s\n' "$gout" | grep -c '^FAIL ')
	pass=$((pass + gp)); fail=$((fail + gf))
else
	echo "golden: ${SHARED:-../shared}/oracle not found, replays not run"
	fail=$((fail + 1))
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
