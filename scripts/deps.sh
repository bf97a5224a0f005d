#!/bin/sh
# deps.sh: installs everything sbomgen and sbomdiff need to build and to
# run their tests, from Debian's archive and the npm registry, by
# package name. Run it as root. The npm packages go to build/npm and
# belong to the user who ran sudo, if any.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

# "package" or "package:command": a package is wanted unless dpkg says
# it is installed or, where a command is named, that command exists
# (nodejs from another source brings its own npm, for instance).
pkgs="build-essential:cc pkg-config:pkg-config
libarchive-dev libxml2-dev libcjson-dev libyaml-dev libssl-dev
mandoc:mandoc libxml2-utils:xmllint jq:jq zstd:zstd xxd:xxd
bsdextrautils:col time:/usr/bin/time
python3 python3-packaging python3-apt python3-jsonschema python3-rpm
nodejs:node npm:npm clang:clang libclang-rt-14-dev
mmdebstrap:mmdebstrap umoci:umoci skopeo:skopeo debian-archive-keyring
default-jdk-headless:javac maven"

if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: run as root (apt-get installs system packages)" >&2
	exit 1
fi
missing=
for e in $pkgs; do
	p=${e%%:*}
	c=${e#"$p"}
	c=${c#:}
	if [ -n "$c" ] && command -v "$c" >/dev/null 2>&1; then
		continue
	fi
	dpkg-query -W -f='${db:Status-Status}\n' "$p" 2>/dev/null |
	    grep -qx installed || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps.sh: installing$missing"
	apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y \
	    --no-install-recommends $missing
fi
if [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
	mkdir -p "$top/build"
	chown "$SUDO_USER" "$top/build"
	su "$SUDO_USER" -s /bin/sh -c "sh '$top/scripts/deps-npm.sh'"
else
	sh "$top/scripts/deps-npm.sh"
fi
