#!/bin/sh
# mkimg.sh FORM OUT LAYER...: makes a small image for golden tests. Each
# LAYER is a directory whose contents become one layer, or a ready-made
# .tar used as it is (whiteout files are just files named .wh.*). FORM is oci-dir,
# oci-archive, docker-archive (classic "docker save") or docker25.
# Environment: COMPRESS=gzip (default), zstd or none for the layers;
# TAG (default "test:1"); ARCH (default amd64); EXTRA_LABEL=key=value.
# Output is reproducible: fixed owners, times and order.
set -eu
form=$1 out=$2
shift 2
comp=${COMPRESS:-gzip}
tag=${TAG:-test:1}
arch=${ARCH:-amd64}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/blobs/sha256"

mktar() {	# dir or ready-made .tar -> stdout
	case $1 in
	*.tar) cat "$1" ;;
	*) tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 \
	    --mode='u=rwX,go=rX' \
	    --format=gnu -C "$1" -cf - . ;;
	esac
}

put() {		# file -> prints its sha256 hex after storing it as a blob
	h=$(sha256sum "$1" | cut -d' ' -f1)
	mv "$1" "$work/blobs/sha256/$h"
	echo "$h"
}

layers= diffs= hist= n=0
for d; do
	mktar "$d" >"$work/l.tar"
	diff=$(sha256sum "$work/l.tar" | cut -d' ' -f1)
	case $comp in
	gzip) gzip -n -c "$work/l.tar" >"$work/l.blob"
	      mt=application/vnd.oci.image.layer.v1.tar+gzip ;;
	zstd) zstd -q -c "$work/l.tar" >"$work/l.blob"
	      mt=application/vnd.oci.image.layer.v1.tar+zstd ;;
	*)    cp "$work/l.tar" "$work/l.blob"
	      mt=application/vnd.oci.image.layer.v1.tar ;;
	esac
	size=$(wc -c <"$work/l.blob")
	h=$(put "$work/l.blob")
	layers="$layers${layers:+,}{\"mediaType\":\"$mt\",\"digest\":\"sha256:$h\",\"size\":$size}"
	diffs="$diffs${diffs:+,}\"sha256:$diff\""
	hist="$hist${hist:+,}{\"created\":\"2024-01-0${n}T00:00:00Z\",\"created_by\":\"layer $n: $(basename "$d")\"}"
	n=$((n + 1))
done
label=${EXTRA_LABEL:-org.example.test=yes}
printf '{"architecture":"%s","os":"linux","created":"2024-01-01T00:00:00Z","author":"golden","config":{"User":"app","Labels":{"%s":"%s"}},"rootfs":{"type":"layers","diff_ids":[%s]},"history":[%s]}' \
    "$arch" "${label%%=*}" "${label#*=}" "$diffs" "$hist" >"$work/config"
csize=$(wc -c <"$work/config")
ch=$(put "$work/config")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "$ch" "$csize" "$layers" >"$work/manifest"
msize=$(wc -c <"$work/manifest")
mh=$(put "$work/manifest")
printf '{"imageLayoutVersion":"1.0.0"}' >"$work/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"},"platform":{"architecture":"%s","os":"linux"}}]}' \
    "$mh" "$msize" "${tag#*:}" "$arch" >"$work/index.json"

case $form in
oci-dir)
	rm -rf "$out"; mkdir -p "$out"
	cp -R "$work/blobs" "$work/oci-layout" "$work/index.json" "$out/" ;;
oci-archive)
	tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 \
	    --format=gnu -C "$work" -cf "$out" oci-layout index.json blobs ;;
docker25)
	ls=
	for h in $(printf '%s' "$layers" | tr ',' '\n' |
	    sed -n 's/.*"digest":"sha256:\([0-9a-f]*\)".*/\1/p'); do
		ls="$ls${ls:+,}\"blobs/sha256/$h\""
	done
	printf '[{"Config":"blobs/sha256/%s","RepoTags":["%s"],"Layers":[%s]}]' \
	    "$ch" "$tag" "$ls" >"$work/manifest.json"
	tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 \
	    --format=gnu -C "$work" -cf "$out" oci-layout index.json blobs \
	    manifest.json ;;
docker-archive)
	# Classic layout: uncompressed <id>/layer.tar and <config-hex>.json.
	mkdir "$work/d"
	ls= i=0
	for d in $(printf '%s' "$diffs" | tr -d '"' | tr ',' ' '); do
		id=$(printf '%s' "$d$i" | sha256sum | cut -c1-64)
		mkdir "$work/d/$id"
		mktar "$1" >"$work/d/$id/layer.tar"
		shift
		ls="$ls${ls:+,}\"$id/layer.tar\""
		i=$((i + 1))
	done
	cp "$work/blobs/sha256/$ch" "$work/d/$ch.json"
	printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":[%s]}]' \
	    "$ch" "$tag" "$ls" >"$work/d/manifest.json"
	tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 \
	    --format=gnu -C "$work/d" -cf "$out" . ;;
*)
	echo "mkimg.sh: unknown form '$form'" >&2; exit 2 ;;
esac
