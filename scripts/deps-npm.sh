#!/bin/sh
# Installs the npm packages the tests need into $TOP/build/npm: ajv-cli
# with its format plug-ins and the CycloneDX library (only for the
# official schemas it ships under res/schema/) for scripts/validate.sh,
# and semver, the oracle of tests/t-vercmp-oracle.sh.
# Versions are exact so that every machine validates alike.
# Called by scripts/deps.sh; safe to run again (npm skips what is there).
set -eu
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
prefix=$TOP/build/npm

if ! command -v npm >/dev/null 2>&1; then
	echo "deps-npm.sh: npm not found; install nodejs and npm" >&2
	exit 1
fi
mkdir -p "$prefix"
# --no-save keeps npm from writing package.json files into the tree.
npm install --no-audit --no-fund --no-save --prefix "$prefix" \
    ajv-cli@5.0.0 \
    ajv-formats@3.0.1 \
    ajv-formats-draft2019@1.6.1 \
    @cyclonedx/cyclonedx-library@10.3.0 \
    semver@7.8.6
# Only res/schema/ of the library is used.
rm -rf "$prefix/node_modules/@cyclonedx/cyclonedx-library/dist.d"
