#!/bin/sh
# t-schema.sh: every SBOM the test suite writes must validate against the
# official CycloneDX schema of its version (scripts/validate.sh).
#
# Validates: the committed samples in tests/data-bom/, fresh output of
# the bom_test unit test (when built), and every *.json / *.xml that
# other tests left under $SBOM_COLLECT. A deliberately broken JSON and
# XML copy must be reported invalid, so a validator that passes
# everything fails this test. Skips (77) only when node or npm is
# missing; installs the npm tools with scripts/deps-npm.sh when absent.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
B=${B:-$TOP/build/rel}
export TOP

for tool in node npm; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "skip: '$tool' not found"
		exit 77
	fi
done
if ! command -v xmllint >/dev/null 2>&1; then
	echo "FAIL: xmllint not found (apt-get install libxml2-utils)"
	exit 1
fi
if [ ! -x "${SBOM_NPM:-$TOP/build/npm}/node_modules/.bin/ajv" ]; then
	sh "$TOP/scripts/deps-npm.sh" || exit 1
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/own" "$tmp/bad"
fail=0

cp "$TOP"/tests/data-bom/*.cdx.json "$TOP"/tests/data-bom/*.cdx.xml \
    "$tmp/own/"
if [ -x "$B/unit/bom_test" ]; then
	SBOM_COLLECT=$tmp/own "$B/unit/bom_test" >/dev/null 2>&1 || {
		echo "FAIL: bom_test did not pass"
		fail=1
	}
else
	echo "note: '$B/unit/bom_test' not built; committed samples only"
fi

# The negative check: an unknown bomFormat, an element out of place.
sed 's/"CycloneDX"/"NotCycloneDX"/' "$TOP/tests/data-bom/small-1.6.cdx.json" \
    >"$tmp/bad/broken.json"
sed 's|<metadata>|<metadata><bogus/>|' "$TOP/tests/data-bom/small-1.5.cdx.xml" \
    >"$tmp/bad/broken.xml"
sh "$TOP/scripts/validate.sh" "$tmp/bad/broken.json" "$tmp/bad/broken.xml" \
    >"$tmp/bad.out" 2>&1
rc=$?
cat "$tmp/bad.out"
if [ $rc -ne 1 ] || [ "$(grep -c '^INVALID: ' "$tmp/bad.out")" -ne 2 ]; then
	echo "FAIL: broken BOMs were not both reported invalid (rc $rc)"
	fail=1
fi

# Everything else must be valid, the collected files where they are.
find "$tmp/own" -type f \( -name '*.json' -o -name '*.xml' \) >"$tmp/list"
collect=${SBOM_COLLECT:-}
if [ -n "$collect" ] && [ -d "$collect" ]; then
	find "$collect" -type f \( -name '*.json' -o -name '*.xml' \) \
	    >>"$tmp/list"
fi
sort -o "$tmp/list" "$tmp/list"
n=$(wc -l <"$tmp/list")
# Split the list at newlines only, and do not glob.
set -f
IFS='
'
sh "$TOP/scripts/validate.sh" $(cat "$tmp/list")
rc=$?
unset IFS
set +f
if [ $rc -ne 0 ]; then
	echo "FAIL: scripts/validate.sh reported invalid BOMs (rc $rc)"
	fail=1
fi
echo "t-schema: $n files checked"
exit $fail
