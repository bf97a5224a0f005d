#!/bin/sh
# Every option of "sbomdiff stages" (its optstring letters) and every long
# option of sbomdiff is in the manual's SYNOPSIS and in the usage text;
# t-man.sh covers the letters of the pair mode.
set -u
: "${SBOMDIFF:?}" "${TOP:?}"
command -v mandoc >/dev/null || { echo "skip: mandoc missing"; exit 77; }
fail=0
syn=$(mandoc -Tascii "$TOP/man/sbomdiff.1" | col -b |
    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p')
stsyn=$(printf '%s\n' "$syn" | sed -n '/sbomdiff stages/,$p')
use=$("$SBOMDIFF" -h 2>&1)
stuse=$("$SBOMDIFF" stages -h 2>&1)
opts=$(sed -n 's/.*getopt_long(argc, argv, "\([^"]*\)".*/\1/p' \
    "$TOP/sbomdiff/stages.c" | head -1)
[ -n "$opts" ] || { echo "not ok - no optstring in stages.c"; exit 1; }
for o in $(printf '%s' "$opts" | tr -d ':' | sed 's/./& /g'); do
	printf '%s\n' "$stsyn" | grep -q -- "-[a-zA-Z]*$o" ||
	    { echo "not ok - stages -$o not in SYNOPSIS"; fail=1; }
	printf '%s\n' "$stuse" | grep -q -- "-[a-zA-Z]*$o" ||
	    { echo "not ok - stages -$o not in its usage"; fail=1; }
	printf '%s\n' "$use" | sed -n '/sbomdiff stages/,$p' |
	    grep -q -- "-[a-zA-Z]*$o" ||
	    { echo "not ok - stages -$o not in sbomdiff -h"; fail=1; }
done
# Long options without a letter: { "name", ..._argument, NULL, OPT_... }
re='^[[:space:]]*{ "\([a-z-]*\)", [a-z_]*_argument, NULL, OPT_.*'
longs=$(sed -n "s/$re/\\1/p" "$TOP"/sbomdiff/*.c | sort -u)
[ -n "$longs" ] || { echo "not ok - no long options found"; exit 1; }
for l in $longs; do
	printf '%s\n' "$syn" | grep -q -- "--$l" ||
	    { echo "not ok - --$l not in SYNOPSIS"; fail=1; }
	printf '%s\n' "$use" | grep -q -- "--$l" ||
	    { echo "not ok - --$l not in usage"; fail=1; }
done
[ $fail = 0 ] && echo "ok - sbomdiff and stages options documented"
exit $fail
