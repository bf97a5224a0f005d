#!/bin/sh
# Runs every test: unit binaries, golden case directories, test scripts.
# Prints one line per failure and the closing line "N passed, N failed,
# N skipped". Environment: B (build directory, default build/rel).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-build/rel}
case $B in /*) ;; *) B=$top/$B ;; esac
export SBOMGEN="$B/sbomgen" SBOMDIFF="$B/sbomdiff" TOP="$top" B
export SHARED="${SHARED:-$top/../shared}"
export SBOM_COLLECT="${SBOM_COLLECT:-$B/collect}"
rm -rf "$SBOM_COLLECT"; mkdir -p "$SBOM_COLLECT"
pass=0 fail=0 skip=0
log=$B/test.log
: > "$log"

result() {	# rc name
	case $1 in
	0) pass=$((pass + 1)) ;;
	77) skip=$((skip + 1)); echo "skip: $2" ;;
	*) fail=$((fail + 1)); echo "FAIL: $2 (see $log)" ;;
	esac
}

for t in "$B"/unit/*_test; do
	[ -x "$t" ] || continue
	"$t" >>"$log" 2>&1
	result $? "unit $(basename "$t")"
done

for d in "$top"/testdata/sbomgen/[0-9]* "$top"/testdata/sbomdiff/[0-9]*; do
	[ -f "$d/cmd" ] || continue
	sh "$top/tests/golden.sh" "$d" >>"$log" 2>&1
	result $? "golden ${d#$top/testdata/}"
done

for t in "$top"/tests/t-*.sh; do
	[ -f "$t" ] || continue
	echo "== $t" >>"$log"
	sh "$t" >>"$log" 2>&1
	result $? "script $(basename "$t")"
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
