#!/bin/sh
# deps.sh: installs everything sbomgen and sbomdiff need to build and to
# run their tests, from Debian's archive and the npm registry, by
# package name. Run as root (or with sudo available).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo

pkgs="build-essential pkg-config
libarchive-dev libxml2-dev libcjson-dev libyaml-dev libssl-dev
mandoc libxml2-utils jq zstd xxd python3 python3-packaging python3-apt
python3-jsonschema
python3-rpm nodejs npm clang libclang-rt-14-dev
mmdebstrap umoci skopeo debian-archive-keyring
default-jdk-headless maven time"

missing=
for p in $pkgs; do
	dpkg-query -W -f='${db:Status-Status}\n' "$p" 2>/dev/null |
	    grep -qx installed || missing="$missing $p"
done
if [ -n "$missing" ]; then
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
	    --no-install-recommends $missing
fi
[ ! -f "$top/scripts/deps-npm.sh" ] || sh "$top/scripts/deps-npm.sh"
