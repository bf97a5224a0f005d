#!/bin/sh
# The five-layer debian-multi image of ../shared/tools/make-images.sh
# (a purge, deletions behind dpkg's back, an opaque directory), in its
# four forms: every dpkg package, its version and the layer that
# introduced it must equal the ground truth the script records in
# debian-multi.facts.json. Skips where ../shared is absent.
set -u
mk=$SHARED/tools/make-images.sh
if [ ! -f "$mk" ]; then
	echo "skip: $mk not found (../shared is absent)"
	exit 77
fi
if [ "$(id -u)" != 0 ]; then
	echo "skip: building the shared images needs root"
	exit 77
fi
img=$TOP/build/shared-images
IMAGES=debian-multi bash "$mk" "$img" >"$B/shared-images.log" 2>&1 || {
	tail -20 "$B/shared-images.log"; exit 1; }
facts=$img/debian-multi.facts.json
out=$B/shared
rm -rf "$out"; mkdir -p "$out"
jq -r '.inventory.dpkg[] | [(.name | sub(":.*"; "")), .version, .layer]
    | @tsv' "$facts" | sort >"$out/facts.tsv"
n=$(wc -l <"$out/facts.tsv")
fail=0
for f in docker.tar docker25.tar oci oci.tar; do
	j=$out/$f.cdx.json
	"$SBOMGEN" -q -o "json=$j" "$img/debian-multi.$f" || {
		echo "not ok - sbomgen debian-multi.$f"; fail=1; continue; }
	cp "$j" "$SBOM_COLLECT/shared-debian-multi-$f.cdx.json"
	# facts count layers from 1, sbomgen from 0
	jq -r '.components[] | select(.purl // "" | startswith("pkg:deb/")) |
	    [.name, .version, ((.properties[] |
	    select(.name == "sbomgen:introduced:layer") | .value | tonumber)
	    + 1)] | @tsv' "$j" | sort >"$out/$f.tsv"
	if diff -u "$out/facts.tsv" "$out/$f.tsv"; then
		echo "ok - debian-multi.$f: $n dpkg packages and layers"
	else
		echo "not ok - debian-multi.$f differs from the facts"; fail=1
	fi
	os=$(jq -r '.components[] | select(.type == "operating-system") |
	    "\(.name) \(.version)"' "$j")
	[ "$os" = "debian 12" ] || { echo "not ok - os '$os'"; fail=1; }
done
exit $fail
