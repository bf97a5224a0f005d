#!/bin/sh
# mkimage.sh KIND OUTDIR: builds a real Debian 12 image from Debian's
# archive without a container daemon, in three forms plus its root
# filesystem:
#   OUTDIR/KIND.oci/        OCI image layout (gzip layers)
#   OUTDIR/KIND.oci.tar     the same as an oci-archive
#   OUTDIR/KIND.docker.tar  "docker save" format (uncompressed layers)
#   OUTDIR/KIND.docker25.tar  "docker save" of Docker 25+ (OCI inside)
#   OUTDIR/KIND.rootfs/     the final filesystem, whiteouts applied
# KIND is "small" (three layers: minbase; wget, less and a Python
# library; wget purged and files deleted), "big" (several hundred MB: a
# JDK, Python, compilers, Node.js) or "custom:NAME" (two layers: minbase,
# then the packages in $PKGS, which may pin versions as name=version).
# Reuses a finished image (OUTDIR/KIND.done; for custom, only if it was
# built from the same $PKGS). Needs root, mmdebstrap, umoci, skopeo and
# the apt sources this machine is configured with.
set -eu
kind=$1
out=$2
case $kind in
custom:*)
	kind=${kind#custom:}
	want="custom $PKGS"
	;;
*)
	want=$kind
	;;
esac
if [ -f "$out/$kind.done" ] && [ "$(sed -n 2p "$out/$kind.done")" = "$want" ]
then
	exit 0
fi
[ "$(id -u)" = 0 ] || { echo "mkimage.sh: must run as root" >&2; exit 1; }
for t in mmdebstrap umoci skopeo jq; do
	command -v $t >/dev/null || {
		echo "mkimage.sh: $t is missing (make deps)" >&2; exit 1; }
done
export SOURCE_DATE_EPOCH=1747699200
ts=2025-05-20T00:00:00Z
mkdir -p "$out"
work=$(mktemp -d "$out/.work.XXXXXX")
lay=$work/layout
bun=$work/bundle
r=$bun/rootfs
trap 'for m in proc sys dev; do umount -l "$r/$m" 2>/dev/null || :; done;
    rm -rf "$work"' EXIT

src=
for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list; do
	if [ -s "$f" ] && grep -qE '^(URIs:|deb )' "$f"; then
		src=$f
		break
	fi
done
[ -n "$src" ] || { echo "mkimage.sh: no apt sources" >&2; exit 1; }

commit() {
	umoci repack --refresh-bundle --history.created "$ts" \
	    --history.created_by "$1" --image "$lay:latest" "$bun"
}

in_root() {
	mount -t proc proc "$r/proc"
	mount --rbind /dev "$r/dev"
	cp /etc/resolv.conf "$r/etc/resolv.conf"
	chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	    DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 sh -euc "$1" || {
		umount -l "$r/proc" "$r/dev"; return 1; }
	rm -f "$r/etc/resolv.conf"
	umount -l "$r/proc"
	umount -l "$r/dev"
}

apt_in_root() {
	in_root "apt-get update -qq
	    apt-get install -y -qq --allow-downgrades --no-install-recommends $* >/dev/null
	    apt-get clean
	    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt/*.log
	    rm -f /var/lib/dpkg/*-old /var/cache/debconf/*-old"
}

umoci init --layout "$lay"
umoci new --image "$lay:latest"
umoci unpack --image "$lay:latest" "$bun"
mmdebstrap --variant=minbase --mode=root --format=directory \
    --skip=output/dev --aptopt='Acquire::Check-Valid-Until "false"' \
    bookworm "$r" "$src" >"$work/mmdebstrap.log" 2>&1 || {
	tail -20 "$work/mmdebstrap.log" >&2; exit 1; }
rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/*.bin
: >"$r/etc/hostname"
rm -f "$r/etc/resolv.conf"
commit "ADD rootfs (mmdebstrap --variant=minbase bookworm) in /"

case $kind in
small)
	apt_in_root wget less python3-six
	commit "RUN apt-get install -y wget less python3-six"
	in_root 'apt-get purge -y -qq wget >/dev/null
	    rm -f /var/log/apt/*.log /var/lib/dpkg/*-old
	    rm -f /var/cache/debconf/*-old
	    rm -rf /usr/share/doc/less /usr/share/man/man1'
	commit "RUN apt-get purge -y wget && rm -rf /usr/share/doc/less"
	;;
big)
	apt_in_root default-jdk-headless python3 python3-pip perl \
	    gcc g++ make git curl ca-certificates
	commit "RUN apt-get install -y default-jdk-headless python3 gcc git"
	apt_in_root nodejs npm
	commit "RUN apt-get install -y nodejs npm"
	in_root 'apt-get purge -y -qq curl >/dev/null
	    rm -rf /usr/share/doc/* /var/log/apt/*.log /var/lib/dpkg/*-old'
	commit "RUN apt-get purge -y curl && rm -rf /usr/share/doc/*"
	;;
*)
	case $want in
	custom\ *)
		apt_in_root $PKGS
		commit "RUN apt-get install -y $PKGS"
		;;
	*)
		echo "mkimage.sh: unknown kind '$kind'" >&2
		exit 1
		;;
	esac
	;;
esac

umoci config --image "$lay:latest" --created "$ts" \
    --history.created "$ts" --config.cmd bash \
    --config.label "org.opencontainers.image.title=sbomgen-$kind" \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
umoci gc --layout "$lay"
rm -rf "$out/$kind".oci "$out/$kind".oci.tar "$out/$kind".docker.tar \
    "$out/$kind".docker25.tar "$out/$kind".rootfs
cp -a "$lay" "$out/$kind.oci"
skopeo copy -q "oci:$lay:latest" "oci-archive:$out/$kind.oci.tar:latest"
skopeo copy -q "oci:$lay:latest" \
    "docker-archive:$out/$kind.docker.tar:localhost/sbomgen-test/$kind:latest"
# Docker 25 and later save an OCI layout plus manifest.json.
d25=$work/d25
cp -a "$lay" "$d25"
m=$(jq -r '.manifests[0].digest' "$d25/index.json" | cut -d: -f2)
jq --arg tag "localhost/sbomgen-test/$kind:latest" '[{
    Config: ("blobs/sha256/" + (.config.digest | ltrimstr("sha256:"))),
    RepoTags: [$tag],
    Layers: [.layers[].digest | "blobs/sha256/" + ltrimstr("sha256:")]}]' \
    "$d25/blobs/sha256/$m" >"$d25/manifest.json"
tar --sort=name --owner=0 --group=0 --numeric-owner \
    --mtime="@$SOURCE_DATE_EPOCH" -C "$d25" -cf "$out/$kind.docker25.tar" .
umoci unpack --image "$lay:latest" "$work/final"
mv "$work/final/rootfs" "$out/$kind.rootfs"
{ date -u +%Y-%m-%dT%H:%M:%SZ; echo "$want"; } >"$out/$kind.done"
