#!/bin/sh
# The mechanical part of the house style (see README): C lines at most
# 80 columns with tabs as 8, no trailing blanks, no // comments, no
# TODO or FIXME marks, no typedef'd structs, none of the banned string
# functions.
set -u
cd "$TOP" || exit 1
files=$(git ls-files '*.c' '*.h' 2>/dev/null)
[ -n "$files" ] || files=$(find common sbomgen sbomdiff tests fuzz \
    -name '*.[ch]')
fail=0
report() {	# what, lines
	[ -z "$2" ] && return
	echo "not ok - $1:"
	printf '%s\n' "$2" | head -20
	fail=1
}
# shellcheck disable=SC2086
report "lines over 80 columns" "$(for f in $files; do
	expand -t 8 "$f" | awk -v f="$f" 'length > 80 { print f ":" NR }'
done)"
# shellcheck disable=SC2086
report "trailing blanks" "$(grep -nE '[[:space:]]+$' $files)"
# shellcheck disable=SC2086
report "// comments" "$(for f in $files; do
	sed -e 's/"\([^"\\]\|\\.\)*"/""/g' -e "s/'\\\\\?.'/''/g" "$f" |
	    grep -n '//' | sed "s|^|$f:|"
done)"
# shellcheck disable=SC2086
report "TODO or FIXME" "$(grep -nwE 'TODO|FIXME' $files)"
# shellcheck disable=SC2086
report "typedef struct" "$(grep -nE 'typedef[[:space:]]+struct' $files)"
# shellcheck disable=SC2086
report "banned functions" "$(grep -nE \
    '(^|[^_a-z])(sprintf|vsprintf|strcpy|strcat|gets|strtok|atoi)\(' $files)"
[ $fail = 0 ] && echo "ok - style"
exit $fail
