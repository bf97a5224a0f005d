#!/bin/sh
# End to end on a real Debian 12 image built from Debian's archive
# (scripts/mkimage.sh small): three layers, the third purges wget and
# deletes files. Every dpkg component must match what dpkg-query reports
# for the final root filesystem, and all four input forms (docker-archive,
# Docker 25+ save, OCI layout, OCI tar, root filesystem; the latter four
# detected without a prefix) must give the same components.
set -u
img=$TOP/build/images
if [ "$(id -u)" != 0 ]; then
	echo "skip: building the test image needs root"
	exit 77
fi
sh "$TOP/scripts/mkimage.sh" small "$img" || exit 1
out=$B/e2e
rm -rf "$out"; mkdir -p "$out"
fail=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fail=1; }

for form in docker-archive=docker-archive:small.docker.tar \
    docker25=small.docker25.tar oci-dir=oci-dir:small.oci \
    oci-archive=small.oci.tar dir=small.rootfs; do
	f=${form%%=*}
	src=${form#*=}
	case $src in *:*) src=${src%%:*}:$img/${src#*:} ;; *) src=$img/$src ;; esac
	"$SBOMGEN" -o "json=$out/$f.cdx.json" -o "xml=$out/$f.cdx.xml" \
	    "$src" 2>"$out/$f.err" || bad "sbomgen $form"
	[ -s "$out/$f.err" ] && { echo "stderr of $form:"; cat "$out/$f.err"; }
	cp "$out/$f.cdx.json" "$SBOM_COLLECT/e2e-$f.cdx.json"
	cp "$out/$f.cdx.xml" "$SBOM_COLLECT/e2e-$f.cdx.xml"
	jq -r '.components[] | select(.purl != null and
	    (.purl | startswith("pkg:deb/"))) |
	    [.name, .version,
	     (.properties[] | select(.name == "sbomgen:package:architecture")
	      | .value),
	     ((.properties[] | select(.name == "sbomgen:package:source-name")
	      | .value) // .name),
	     ((.properties[] |
	      select(.name == "sbomgen:package:source-version") | .value)
	      // .version)] | @tsv' "$out/$f.cdx.json" | sort >"$out/$f.tsv"
	jq -r '.components[] | [.purl // .name] | @tsv' \
	    "$out/$f.cdx.json" | sort >"$out/$f.purls"
done

dpkg-query --admindir="$img/small.rootfs/var/lib/dpkg" -W -f \
    '${db:Status-Status}\t${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\n' |
    awk -F'\t' '$1 == "installed"' | cut -f2- | sort >"$out/dpkg-query.tsv"
n=$(wc -l <"$out/dpkg-query.tsv")
[ "$n" -gt 80 ] && ok "dpkg-query lists $n packages" ||
    bad "dpkg-query lists only $n packages"
for f in docker-archive docker25 oci-dir oci-archive dir; do
	if diff -u "$out/dpkg-query.tsv" "$out/$f.tsv" >"$out/$f.diff"; then
		ok "$f: $n dpkg components equal dpkg-query"
	else
		bad "$f: components differ from dpkg-query"
		head -20 "$out/$f.diff"
	fi
done
for f in docker25 oci-dir oci-archive dir; do
	cmp -s "$out/docker-archive.purls" "$out/$f.purls" &&
	    ok "$f: same components as docker-archive" ||
	    bad "$f: components differ from docker-archive"
done

j=$out/oci-dir.cdx.json
prop() {	# name property
	jq -r --arg n "$1" --arg p "$2" '.components[] | select(.name == $n)
	    | .properties[] | select(.name == $p) | .value' "$j"
}
[ -z "$(jq -r '.components[] | select(.name == "wget") | .name' "$j")" ] &&
    ok "purged wget is not listed" || bad "purged wget is listed"
[ "$(prop less sbomgen:introduced:layer)" = 1 ] &&
    ok "less introduced by layer 1" || bad "less: introduced layer"
[ "$(prop less sbomgen:evidence:layer)" = 2 ] &&
    ok "less evidence in layer 2" || bad "less: evidence layer"
[ "$(prop bash sbomgen:introduced:layer)" = 0 ] &&
    ok "bash introduced by layer 0" || bad "bash: introduced layer"
d2=$(jq -r '.layers[2]' "$img/small.oci/blobs/sha256/$(jq -r \
    '.manifests[0].digest' "$img/small.oci/index.json" | cut -d: -f2)" |
    jq -r .digest)
[ "$(prop bash sbomgen:evidence:layer-digest)" = "$d2" ] &&
    ok "bash evidence layer digest $d2" || bad "bash: evidence digest"
osn=$(jq -r '.components[] | select(.type == "operating-system") |
    "\(.name) \(.version)"' "$j")
[ "$osn" = "debian 12" ] && ok "operating system '$osn'" ||
    bad "operating system '$osn'"
lessp=$(jq -r '.components[] | select(.name == "less") | .purl' "$j")
case $lessp in
pkg:deb/debian/less@*\?arch=amd64\&distro=debian-12) ok "purl $lessp" ;;
*) bad "purl of less: $lessp" ;;
esac
sdeps=$(jq '[.dependencies[] | select(.ref == "'"$(jq -r \
    '.metadata.component["bom-ref"]' "$j")"'") | .dependsOn[]] | length' "$j")
[ "$sdeps" -gt 0 ] && ok "image depends on $sdeps top-level components" ||
    bad "image has no dependencies"
nd=$(jq '.dependencies | length' "$j")
nc=$(jq '.components | length + 1' "$j")
[ "$nd" = "$nc" ] && ok "one dependency entry per component" ||
    bad "$nd dependency entries for $nc components"
exit $fail
