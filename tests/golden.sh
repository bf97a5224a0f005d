#!/bin/sh
# golden.sh DIR: runs one golden case.
#
# DIR/cmd is a shell script run with sh in a scratch copy of DIR, with
# $SBOMGEN and $SBOMDIFF set and SOURCE_DATE_EPOCH fixed. Its stdout,
# stderr and exit status are compared with DIR/expected.out,
# DIR/expected.err and DIR/expected.rc, each only if present (a missing
# expected.rc means 0). Any *.cdx.json / *.cdx.xml the case leaves in its
# scratch directory is copied to $SBOM_COLLECT for schema validation.
# UPDATE=1 rewrites the expected files from the actual results.
set -u
d=$(cd "$1" && pwd) || exit 1
name=$(basename "$d")
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
SBOMGEN=${SBOMGEN:-$TOP/build/rel/sbomgen}
SBOMDIFF=${SBOMDIFF:-$TOP/build/rel/sbomdiff}
export TOP SBOMGEN SBOMDIFF
for t in "$SBOMGEN" "$SBOMDIFF"; do
	[ -x "$t" ] || { echo "golden.sh: '$t' is not built (make)"; exit 1; }
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cp -R "$d"/. "$tmp/"
(cd "$tmp" && SOURCE_DATE_EPOCH=1700000000 TZ=UTC LC_ALL=C \
    sh ./cmd >"$tmp/.out" 2>"$tmp/.err"; echo $? >"$tmp/.rc")
rc=0
want_rc=0
[ -f "$d/expected.rc" ] && want_rc=$(cat "$d/expected.rc")
got_rc=$(cat "$tmp/.rc")
if [ "${UPDATE:-0}" = 1 ]; then
	cp "$tmp/.out" "$d/expected.out"
	cp "$tmp/.err" "$d/expected.err"
	[ "$got_rc" = 0 ] && rm -f "$d/expected.rc" || echo "$got_rc" >"$d/expected.rc"
fi
if [ "$got_rc" != "$want_rc" ]; then
	echo "$name: exit status $got_rc, want $want_rc"
	cat "$tmp/.err"
	rc=1
fi
for f in out err; do
	[ -f "$d/expected.$f" ] || continue
	if ! diff -u "$d/expected.$f" "$tmp/.$f"; then
		echo "$name: std$f differs"
		rc=1
	fi
done
if [ -n "${SBOM_COLLECT:-}" ]; then
	for f in "$tmp"/*.cdx.json "$tmp"/*.cdx.xml; do
		[ -f "$f" ] && cp "$f" "$SBOM_COLLECT/golden-$name-$(basename "$f")"
	done
fi
exit $rc
