#!/bin/sh
# reblob.sh IMG HEX: after a test changed layer blob IMG/blobs/sha256/HEX
# of a one-image OCI layout, renames it to its new digest and rewrites
# the manifest and index.json to match, so that only what the test broke
# on purpose is wrong.
set -eu
img=$1 old=$2
new=$(sha256sum "$img/blobs/sha256/$old" | cut -d' ' -f1)
size=$(wc -c <"$img/blobs/sha256/$old")
mv "$img/blobs/sha256/$old" "$img/blobs/sha256/$new"
m=$(jq -r '.manifests[0].digest' "$img/index.json" | cut -d: -f2)
jq -c --arg o "sha256:$old" --arg n "sha256:$new" --argjson s "$size" \
    '.layers |= map(if .digest == $o then .digest = $n | .size = $s
    else . end)' "$img/blobs/sha256/$m" >"$img/m.json"
mh=$(sha256sum "$img/m.json" | cut -d' ' -f1)
ms=$(wc -c <"$img/m.json")
rm "$img/blobs/sha256/$m"
mv "$img/m.json" "$img/blobs/sha256/$mh"
jq -c --arg d "sha256:$mh" --argjson s "$ms" \
    '.manifests[0].digest = $d | .manifests[0].size = $s' \
    "$img/index.json" >"$img/i.json"
mv "$img/i.json" "$img/index.json"
echo "$new"
