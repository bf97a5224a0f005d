#!/bin/sh
# Properties of sbomdiff on real SBOMs: a file compared with itself has no
# findings; A->B mirrors B->A (added<->removed, upgrade<->downgrade);
# shuffling components and regenerating bom-refs, serial number and
# timestamp changes nothing; the JSON and XML forms of one BOM are equal.
set -u
: "${SBOMDIFF:?}" "${SHARED:=}"
cdx=$SHARED/fixtures/cyclonedx
if [ ! -d "$cdx" ]; then
	echo "skip: no \$SHARED/fixtures/cyclonedx"
	exit 77
fi
command -v jq >/dev/null || { echo "skip: no jq"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

bad() {
	echo "FAIL: $*"
	fail=1
}

# 1. Every readable fixture compared with itself: exit 0, no changes.
n=0
for f in "$cdx"/tool-output/* "$cdx"/spec-tests/*/valid-* \
    "$cdx"/bom-examples/SBOM/*/*.json "$cdx"/bom-examples/SBOM/*/*.xml; do
	[ -f "$f" ] || continue
	"$SBOMDIFF" --graph --show-equivalent -f json "$f" "$f" \
	    >"$tmp/self.json" 2>"$tmp/err"
	rc=$?
	[ $rc = 2 ] && continue		# not a format we read (e.g. CDX 1.1)
	n=$((n + 1))
	c=$(jq '.comparisons[0].changes | length' "$tmp/self.json")
	[ "$rc" = 0 ] && [ "$c" = 0 ] ||
	    bad "self-compare $f: rc=$rc changes=$c"
done
[ $n -gt 250 ] || bad "only $n fixtures self-compared"
echo "self-compare: $n files"

# 2. Mirror: the counts of A->B and B->A swap.
pb=$cdx/bom-examples/SBOM/proton-bridge
a=$pb/proton-bridge-v1.6.3.bom.json
b=$pb/proton-bridge-v1.8.0.bom.xml
summ='.comparisons[0].summary | [.component_added, .component_removed,
    .version_changed, .downgrades, .hash_changed, .edge_added,
    .edge_removed] | map(tostring) | join(" ")'
dirs='[.comparisons[0].changes[] | select(.version != null)
    | .version.direction] | sort | join(" ")'
"$SBOMDIFF" --graph -f json "$a" "$b" >"$tmp/ab.json"
"$SBOMDIFF" --graph -f json "$b" "$a" >"$tmp/ba.json"
ab=$(jq -r "$summ" "$tmp/ab.json")
ba=$(jq -r "$summ" "$tmp/ba.json")
set -- $ab
want="$2 $1 $3 $(jq -r '[.comparisons[0].changes[] |
    select(.version.direction == "upgrade")] | length' "$tmp/ab.json") $5 $7 $6"
[ "$ba" = "$want" ] || bad "mirror: A->B '$ab', B->A '$ba', want '$want'"
up=$(jq -r "$dirs" "$tmp/ab.json" | tr ' ' '\n' | sed \
    's/^upgrade$/X/; s/^downgrade$/upgrade/; s/^X$/downgrade/' | sort |
    tr '\n' ' ' | sed 's/ $//')
[ "$up" = "$(jq -r "$dirs" "$tmp/ba.json")" ] || bad "mirror directions"

# 3. Shuffled, re-identified, re-stamped: nothing changes.
python3 - "$a" "$tmp/shuf.json" <<'PY'
import json, random, sys
d = json.load(open(sys.argv[1]))
random.seed(42)
random.shuffle(d["components"])
refs = {}
for i, c in enumerate(d["components"]):
    refs[c["bom-ref"]] = "urn:cdx:regen-%05d" % (90000 - i)
    c["bom-ref"] = refs[c["bom-ref"]]
deps = []
for e in d.get("dependencies", []):
    r = refs.get(e["ref"], e["ref"])
    to = [refs.get(t, t) for t in e.get("dependsOn", [])]
    deps.append({"ref": r, "dependsOn": to})
random.shuffle(deps)
d["dependencies"] = deps
d["serialNumber"] = "urn:uuid:00000000-0000-4000-8000-000000000042"
d["metadata"]["timestamp"] = "2031-01-01T00:00:00Z"
d["metadata"]["tools"][0]["version"] = "v9.9.9"
json.dump(d, open(sys.argv[2], "w"))
PY
"$SBOMDIFF" --graph "$a" "$tmp/shuf.json" >"$tmp/out" ||
    bad "shuffle: $(tail -2 "$tmp/out")"

# 4. JSON and XML forms of one BOM.
for v in 1.6.3 1.8.0; do
	"$SBOMDIFF" --graph "$pb/proton-bridge-v$v.bom.json" \
	    "$pb/proton-bridge-v$v.bom.xml" >"$tmp/out" ||
	    bad "json vs xml $v: $(tail -2 "$tmp/out")"
done
for v in 1.5 1.6 1.7; do
	"$SBOMDIFF" --graph "$cdx/tool-output/syft-identify-$v.json" \
	    "$cdx/tool-output/syft-identify-$v.xml" >"$tmp/out" ||
	    bad "syft json vs xml $v"
done
"$SBOMDIFF" "$cdx/tool-output/syft-image-encoder.cdx.json" \
    "$cdx/tool-output/syft-image-encoder.cdx.xml" >"$tmp/out" ||
    bad "syft image encoder json vs xml"

# 5. Byte-identical output on repeated runs.
"$SBOMDIFF" --graph -f json "$a" "$b" >"$tmp/ab2.json"
cmp -s "$tmp/ab.json" "$tmp/ab2.json" || bad "output not deterministic"
exit $fail
