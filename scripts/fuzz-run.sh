#!/bin/sh
# fuzz-run.sh [SECONDS]: builds every libFuzzer harness (make fuzz) and
# runs each for SECONDS (default 20) from a scratch corpus seeded with
# the project's own test inputs. Fails on the first crash, leak or
# sanitizer report; the reproducer is left in build/fuzz/crashes/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-20}
cd "$top"
make -s fuzz
out=build/fuzz/crashes
mkdir -p "$out"
for f in build/fuzz/fuzzers/fuzz_*; do
	[ -x "$f" ] || continue
	name=$(basename "$f")
	corpus=build/fuzz/corpus/$name
	mkdir -p "$corpus"
	case $name in
	fuzz_dpkg) cp tests/lib/base.status "$corpus/" ;;
	fuzz_manifest) cp tests/data-image/seed-* "$corpus/" ;;
	fuzz_osrel) find testdata -name os-release -exec cp {} "$corpus/" \; ;;
	fuzz_policy|fuzz_cdx_*|fuzz_spdx) for s in testdata/sbomdiff/*/*.json \
	    testdata/sbomdiff/*/*.xml testdata/sbomdiff/*/p.yaml; do
		case $name:$s in
		fuzz_policy:*.yaml|fuzz_[cs]*:*.json|fuzz_[cs]*:*.xml)
			cp "$s" "$corpus/$(echo "${s#*/*/}" | tr / _)" ;;
		esac
	done ;;
	esac
	echo "fuzz: $name for ${secs}s"
	"$f" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix="$out/$name-" -print_final_stats=0 \
	    "$corpus" >"build/fuzz/$name.log" 2>&1 || {
		tail -40 "build/fuzz/$name.log"
		echo "fuzz: $name failed, see $out"
		exit 1
	}
done
echo "fuzz: every harness ran ${secs}s without a finding"
