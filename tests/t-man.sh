#!/bin/sh
# The manual pages lint clean, and every option letter of each tool is in
# its manual's SYNOPSIS and in its usage text.
set -u
fail=0
command -v mandoc >/dev/null || { echo "skip: mandoc missing"; exit 77; }
for p in "$TOP"/man/*.1; do
	if mandoc -Tlint -W warning "$p"; then
		echo "ok - $(basename "$p") lints clean"
	else
		echo "not ok - $(basename "$p")"; fail=1
	fi
done
for tool in sbomgen sbomdiff; do
	src=$TOP/$tool/main.c
	man=$TOP/man/$tool.1
	[ -f "$src" ] && [ -f "$man" ] || continue
	opts=$(sed -n 's/.*getopt_long(argc, argv, "\([^"]*\)".*/\1/p' "$src" |
	    head -1)
	[ -n "$opts" ] || { echo "not ok - no optstring in $src"; fail=1; }
	syn=$(mandoc -Tascii "$man" | col -b |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p')
	use=$(bin=$B/$tool; "$bin" -h 2>&1)
	for o in $(printf '%s' "$opts" | tr -d ':' | sed 's/./& /g'); do
		printf '%s\n' "$syn" | grep -q -- "-[a-zA-Z]*$o" ||
		    { echo "not ok - $tool -$o not in SYNOPSIS"; fail=1; }
		printf '%s\n' "$use" | grep -q -- "-[a-zA-Z]*$o" ||
		    { echo "not ok - $tool -$o not in usage"; fail=1; }
	done
done
exit $fail
