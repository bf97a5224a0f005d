#!/bin/sh
# bench.sh BUILDDIR: speed and memory of sbomgen against the floor of
# merely decompressing every layer once, and of sbomdiff on large
# SBOMs. Everything is measured in this run; nothing is compared with
# numbers from elsewhere. Builds (or reuses) build/images/big.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
b=${1:-build/rel}
case $b in /*) ;; *) b=$top/$b ;; esac
img=${BENCH_IMAGES:-$top/build/images}
runs=${RUNS:-3}
sh "$top/scripts/mkimage.sh" big "$img"
oci=$img/big.oci
tm=/usr/bin/time
[ -x $tm ] || { echo "bench: /usr/bin/time is missing (make deps)"; exit 1; }

# best of $runs: prints "seconds maxrss_kib"
measure() {
	best=
	i=0
	while [ $i -lt "$runs" ]; do
		$tm -f '%e %M' -o "$b/.bench.time" "$@" >/dev/null 2>"$b/.bench.err" || {
			cat "$b/.bench.err" >&2; return 1; }
		cur=$(cat "$b/.bench.time")
		if [ -z "$best" ] || awk -v a="$cur" -v b="$best" \
		    'BEGIN { split(a, x, " "); split(b, y, " ");
		    exit !(x[1] < y[1]) }'; then
			best=$cur
		fi
		i=$((i + 1))
	done
	echo "$best"
}

manifest=$(jq -r '.manifests[0].digest' "$oci/index.json" | cut -d: -f2)
layers=$(jq -r '.layers[].digest' "$oci/blobs/sha256/$manifest" |
    cut -d: -f2 | sed "s|^|$oci/blobs/sha256/|")
size=$(du -cb $layers | tail -1 | cut -f1)
nl=$(echo "$layers" | wc -l)
echo "image: $oci ($nl layers, $((size / 1048576)) MiB compressed)"

# shellcheck disable=SC2086
floor=$(measure sh -c 'for f; do zcat "$f"; done >/dev/null' sh $layers)
printf '%-34s %8s s %8s MiB\n' "zcat every layer (floor)" \
    "${floor% *}" "$(( ${floor#* } / 1024 ))"
for form in oci-dir:$oci docker-archive:$img/big.docker.tar \
    oci-archive:$img/big.oci.tar; do
	r=$(measure "$b/sbomgen" -q -o json=/dev/null "$form")
	ratio=$(awk -v a="${r% *}" -v f="${floor% *}" \
	    'BEGIN { printf "%.2f", (f > 0 ? a / f : 0) }')
	printf '%-34s %8s s %8s MiB  %sx floor\n' "sbomgen ${form%%:*}" \
	    "${r% *}" "$(( ${r#* } / 1024 ))" "$ratio"
done
if [ -f "$top/scripts/bench-diff.sh" ]; then
	sh "$top/scripts/bench-diff.sh" "$b"
fi
