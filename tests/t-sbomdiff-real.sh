#!/bin/sh
# sbomdiff on real SBOMs with exact expectations: the proton-bridge
# v1.6.3 -> v1.8.0 pair (cyclonedx-gomod, CycloneDX 1.2) from the
# CycloneDX bom-examples. To add a pair, add one line to the table at the
# end: "old new expected-summary", where the summary is
# "added removed version_changed downgrades hash_changed integrity
# edge_added edge_removed unchanged".
set -u
: "${SBOMDIFF:?}" "${SHARED:=}"
cdx=$SHARED/fixtures/cyclonedx
if [ ! -d "$cdx" ]; then
	echo "skip: no \$SHARED/fixtures/cyclonedx"
	exit 77
fi
command -v jq >/dev/null || { echo "skip: no jq"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
pb=$cdx/bom-examples/SBOM/proton-bridge

bad() {
	echo "FAIL: $*"
	fail=1
}

summary() {
	jq -r '.comparisons[0].summary | [.component_added,
	    .component_removed, .version_changed, .downgrades, .hash_changed,
	    .integrity, .edge_added, .edge_removed, .unchanged]
	    | map(tostring) | join(" ")' "$1"
}

check_pair() {	# old new want
	"$SBOMDIFF" --graph -f json "$1" "$2" >"$tmp/r.json"
	rc=$?
	[ $rc = 1 ] || [ "$3" = "0 0 0 0 0 0 0 0 ${3##* }" ] ||
	    bad "$(basename "$1") -> $(basename "$2"): exit $rc"
	got=$(summary "$tmp/r.json")
	[ "$got" = "$3" ] ||
	    bad "$(basename "$1") -> $(basename "$2"): '$got', want '$3'"
}

# Exact change records.
"$SBOMDIFF" --graph -f json "$pb/proton-bridge-v1.6.3.bom.json" \
    "$pb/proton-bridge-v1.8.0.bom.json" >"$tmp/pb.json"
rec() {
	jq -r --arg n "$1" --arg k "$2" '.comparisons[0].changes[]
	    | select(.name == $n and .kind == $k)
	    | [.key, .from.version, .to.version,
	       (.version.direction // "-"), (.match.method // "-")]
	    | join(" ")' "$tmp/pb.json"
}
want="pkg:golang/github.com/go-resty/resty/v2 v2.3.0 v2.6.0 upgrade purl"
[ "$(rec github.com/go-resty/resty/v2 version_changed)" = "$want" ] ||
    bad "resty record: $(rec github.com/go-resty/resty/v2 version_changed)"
want="pkg:golang/github.com/miekg/dns v1.1.30 v1.1.41 upgrade purl"
[ "$(rec github.com/miekg/dns version_changed)" = "$want" ] ||
    bad "dns record: $(rec github.com/miekg/dns version_changed)"
got=$(jq -r '.comparisons[0].changes[]
    | select(.kind == "hash_changed" and .name == "golang.org/x/net")
    | [.from.value, .to.value, (.integrity | tostring)] | join(" ")' \
    "$tmp/pb.json")
want="SHA-256:5576a4e48e9a1169805de42303e41267396036ba6af668dc7c37a6b9ec482ac5"
want="$want SHA-256:e2719a56ed10adb8d3fc02b63d12ee41f42e87a0"
want="${want}c9bdefa910b86a4dd023df1d"
want="$want false"
[ "$got" = "$want" ] || bad "x/net hash record: $got"
got=$(jq -r '[.comparisons[0].changes[] | select(.kind == "edge_added")
    | .key + " " + .to.value] | join(",")' "$tmp/pb.json")
want="pkg:golang/github.com/go-resty/resty/v2 pkg:golang/golang.org/x/net"
want="$want,pkg:golang/github.com/miekg/dns pkg:golang/golang.org/x/sync"
want="$want,pkg:golang/golang.org/x/net pkg:golang/golang.org/x/term"
[ "$got" = "$want" ] || bad "edges added: $got"

while read -r old new expect; do
	check_pair "$pb/$old" "$pb/$new" "$expect"
done <<TABLE
proton-bridge-v1.6.3.bom.json proton-bridge-v1.8.0.bom.json 0 0 7 0 7 0 3 3 194
proton-bridge-v1.6.3.bom.xml proton-bridge-v1.8.0.bom.xml 0 0 7 0 7 0 3 3 194
proton-bridge-v1.8.0.bom.json proton-bridge-v1.6.3.bom.xml 0 0 7 7 7 0 3 3 194
TABLE
exit $fail
