#!/bin/sh
# sbomdiff on sbomgen's SBOMs of two real builds of a Debian image that
# differ by an upgraded, a downgraded, an added and a removed package
# (versions picked from what this machine's apt sources offer). The
# expected changes come from dpkg itself: dpkg-query on both root
# filesystems and dpkg --compare-versions for the direction. The same
# image in two input forms, and one SBOM as JSON and as XML, compare
# clean.
set -u
if [ "$(id -u)" != 0 ]; then
	echo "skip: building the test images needs root"
	exit 77
fi
img=$TOP/build/images
out=$B/drift
rm -rf "$out"; mkdir -p "$out"
fail=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fail=1; }

# Two packages with at least two versions on offer: the first is
# upgraded from A to B, the second downgraded.
versions() {
	apt-cache madison "$1" 2>/dev/null | awk '{ print $3 }' | sort -u |
	    sort -V
}
up= down=
for p in tzdata ca-certificates distro-info-data libcurl4 curl; do
	[ "$(versions "$p" | wc -l)" -ge 2 ] || continue
	if [ -z "$up" ]; then up=$p; elif [ -z "$down" ]; then down=$p; fi
done
if [ -z "$down" ]; then
	echo "skip: apt offers two versions of fewer than two packages"
	exit 77
fi
uplo=$(versions $up | head -1) uphi=$(versions $up | tail -1)
dnlo=$(versions $down | head -1) dnhi=$(versions $down | tail -1)
PKGS="$up=$uplo $down=$dnhi wget" sh "$TOP/scripts/mkimage.sh" \
    custom:drift-a "$img" || exit 1
PKGS="$up=$uphi $down=$dnlo less" sh "$TOP/scripts/mkimage.sh" \
    custom:drift-b "$img" || exit 1

for k in a b; do
	"$SBOMGEN" -q -o "json=$out/$k.cdx.json" -o "xml=$out/$k.cdx.xml" \
	    "$img/drift-$k.oci" || bad "sbomgen drift-$k"
	"$SBOMGEN" -q -o "json=$out/$k-docker.cdx.json" \
	    "$img/drift-$k.docker.tar" || bad "sbomgen drift-$k docker"
	cp "$out/$k.cdx.json" "$SBOM_COLLECT/drift-$k.cdx.json"
	dpkg-query --admindir="$img/drift-$k.rootfs/var/lib/dpkg" -W -f \
	    '${db:Status-Status}\t${Package}\t${Version}\n' |
	    awk -F'\t' '$1 == "installed" { print $2 "\t" $3 }' |
	    sort >"$out/$k.tsv"
done

# What dpkg says changed, as "kind name old new".
join -t "$(printf '\t')" -a1 -a2 -e - -o 0,1.2,2.2 "$out/a.tsv" \
    "$out/b.tsv" | while IFS="$(printf '\t')" read -r n va vb; do
	if [ "$va" = - ]; then
		echo "component_added $n - $vb"
	elif [ "$vb" = - ]; then
		echo "component_removed $n $va -"
	elif [ "$va" != "$vb" ]; then
		if dpkg --compare-versions "$va" lt "$vb"; then
			echo "upgrade $n $va $vb"
		else
			echo "downgrade $n $va $vb"
		fi
	fi
done | sort >"$out/want.txt"
grep -q "^upgrade $up " "$out/want.txt" &&
    grep -q "^downgrade $down " "$out/want.txt" &&
    grep -q "^component_removed wget " "$out/want.txt" &&
    grep -q "^component_added less " "$out/want.txt" ||
    bad "the two builds do not differ as planned"

"$SBOMDIFF" -f json "$out/a.cdx.json" "$out/b.cdx.json" >"$out/diff.json"
rc=$?
[ $rc = 1 ] && ok "differences exit 1" || bad "exit status $rc, want 1"
jq -r '.comparisons[0].changes[] | select(.suppressed | not) |
    if .kind == "version_changed" then .version.direction else .kind end
    + " " + .name + " " + (.from.version // "-") + " " +
    (.to.version // "-")' "$out/diff.json" | sort >"$out/got.txt"
if diff -u "$out/want.txt" "$out/got.txt"; then
	ok "sbomdiff reports exactly what dpkg says changed" \
	    "($(wc -l <"$out/want.txt") changes)"
else
	bad "sbomdiff and dpkg disagree"
fi
"$SBOMDIFF" --fail-on downgrade "$out/a.cdx.json" "$out/b.cdx.json" \
    >/dev/null
[ $? = 1 ] && ok "--fail-on downgrade fails" || bad "--fail-on downgrade"
"$SBOMDIFF" --fail-on downgrade "$out/b.cdx.json" "$out/a.cdx.json" \
    >"$out/ba.txt"
[ $? = 1 ] && ok "B to A has a downgrade too" || bad "B to A"
"$SBOMDIFF" --exit-zero "$out/a.cdx.json" "$out/b.cdx.json" >/dev/null
[ $? = 0 ] && ok "--exit-zero" || bad "--exit-zero"

for k in a b; do
	"$SBOMDIFF" "$out/$k.cdx.json" "$out/$k-docker.cdx.json" \
	    >"$out/$k-forms.txt"
	[ $? = 0 ] && ok "drift-$k: OCI layout and docker-archive compare clean" ||
	    { bad "drift-$k: two input forms differ"; cat "$out/$k-forms.txt"; }
	"$SBOMDIFF" "$out/$k.cdx.json" "$out/$k.cdx.xml" >"$out/$k-enc.txt"
	[ $? = 0 ] && ok "drift-$k: JSON and XML compare clean" ||
	    { bad "drift-$k: JSON and XML differ"; cat "$out/$k-enc.txt"; }
done
exit $fail
