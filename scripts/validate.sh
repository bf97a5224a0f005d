#!/bin/sh
# validate.sh FILE...: checks CycloneDX BOMs against the official schemas,
# offline. A *.json file is checked with ajv against the JSON schema of
# its specVersion; a *.xml file with xmllint --nonet against the XSD of
# its namespace (http://cyclonedx.org/schema/bom/1.X). Versions 1.5, 1.6
# and 1.7 are known.
#
# Prints one line per file on stdout, "valid: FILE (json 1.6)" or
# "INVALID: FILE (...)", and the validator's messages on stderr. Exits 0
# when every file is valid, 1 when any is not, 2 when a tool is missing.
#
# The schemas come from @cyclonedx/cyclonedx-library, installed with
# ajv-cli by scripts/deps-npm.sh into $TOP/build/npm (SBOM_NPM overrides
# that directory). The XSDs there import spdx.SNAPSHOT.xsd by a relative
# path, so xmllint needs no catalog. The JSON schemas refer to
# "spdx.SNAPSHOT.schema.json" while that file's $id says
# "spdx.schema.json"; a copy of each bom schema with the references
# renamed to match the $ids is made in a scratch directory.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
mods=${SBOM_NPM:-$TOP/build/npm}/node_modules
res=$mods/@cyclonedx/cyclonedx-library/res/schema
ajv=$mods/.bin/ajv
plugin=$TOP/scripts/ajv-cdx-formats.cjs
versions="1.5 1.6 1.7"

if [ $# -eq 0 ]; then
	echo "usage: validate.sh file ..." >&2
	exit 2
fi
for tool in node xmllint; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "validate.sh: '$tool' not found" >&2
		exit 2
	fi
done
if [ ! -x "$ajv" ] || [ ! -f "$res/bom-1.6.SNAPSHOT.xsd" ]; then
	echo "validate.sh: ajv or schemas missing in '$mods';" \
	    "run scripts/deps-npm.sh" >&2
	exit 2
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0

valid() {	# file what
	echo "valid: $1 ($2)"
}

invalid() {	# file what
	echo "INVALID: $1 ($2)"
	status=1
}

# Prints the specVersion of a JSON file, or nothing.
json_version() {
	node -e '
	    const fs = require("fs");
	    const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
	    if (typeof d.specVersion === "string")
		    console.log(d.specVersion);
	' "$1" 2>/dev/null
}

# Prints the CycloneDX version named by the root namespace, or nothing.
xml_version() {
	xmllint --nonet --xpath 'namespace-uri(/*)' "$1" 2>/dev/null |
	    sed -n 's|^http://cyclonedx.org/schema/bom/\(1\.[0-9]*\)$|\1|p'
}

known() {
	case " $versions " in *" $1 "*) return 0 ;; esac
	return 1
}

check_xml() {	# file
	v=$(xml_version "$1")
	if ! known "$v"; then
		invalid "$1" "xml: not a CycloneDX $versions namespace"
		return
	fi
	if xmllint --nonet --noout --schema "$res/bom-$v.SNAPSHOT.xsd" \
	    "$1" >"$tmp/xml.err" 2>&1; then
		valid "$1" "xml $v"
	else
		invalid "$1" "xml $v"
		sed 's/^/    /' "$tmp/xml.err" | head -20 >&2
	fi
}

schema_copy() {	# version
	sed 's/\("\$ref": *"[^"#]*\)\.SNAPSHOT\.schema\.json/\1.schema.json/' \
	    "$res/bom-$1.SNAPSHOT.schema.json" >"$tmp/bom-$1.schema.json"
}

# ajv with the schema of version $1 on the files named as arguments.
run_ajv() {
	v=$1
	shift
	for f; do
		set -- "$@" -d "$f"
		shift
	done
	"$ajv" validate --spec=draft7 --strict=false --errors=text \
	    -c ajv-formats -c ajv-formats-draft2019 -c "$plugin" \
	    -s "$tmp/bom-$v.schema.json" \
	    -r "$res/spdx.SNAPSHOT.schema.json" \
	    -r "$res/jsf-0.82.SNAPSHOT.schema.json" \
	    -r "$res/cryptography-defs.SNAPSHOT.schema.json" "$@"
}

# One ajv run per version, as loading a schema takes a second or two.
# A file is valid only if ajv printed "FILE valid"; an invalid file is
# run again alone to show its own messages.
check_json_group() {	# version, list file
	schema_copy "$1"
	# Split the list at newlines only, and do not glob.
	(set -f; IFS='
'; run_ajv "$1" $(cat "$2")) >"$tmp/ajv.out" 2>&1
	while IFS= read -r f; do
		if grep -Fxq "$f valid" "$tmp/ajv.out"; then
			valid "$f" "json $1"
			continue
		fi
		invalid "$f" "json $1"
		run_ajv "$1" "$f" 2>&1 | sed 's/^/    /' | head -20 >&2
	done <"$2"
}

for f; do
	case $f in
	*.xml)
		check_xml "$f"
		;;
	*.json)
		v=$(json_version "$f")
		if known "$v"; then
			printf '%s\n' "$f" >>"$tmp/list-$v"
		else
			invalid "$f" "json: no CycloneDX $versions specVersion"
		fi
		;;
	*)
		invalid "$f" "neither .json nor .xml"
		;;
	esac
done
for v in $versions; do
	[ -f "$tmp/list-$v" ] && check_json_group "$v" "$tmp/list-$v"
done
exit $status
