#!/bin/sh
# The manual pages sshwizard(1) (English and Japanese) document every option
# that --help shows and exactly the cause ids of the program's vocabulary,
# and lint clean (mandoc -Tlint at warning level, groff -ww).
set -u
. "$abs_top_srcdir/tests/e2e/common.sh"

en="$abs_top_builddir/man/sshwizard.1"
ja="$abs_top_builddir/man/ja/sshwizard.1"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

for page in "$en" "$ja"; do
	[ -s "$page" ] || { echo "FAIL: $page was not built"; exit 1; }
done

# Every option --help names (in either language) is in both pages.
opts=$(for l in en ja; do "$SSHWIZARD" --lang $l --help; done |
	grep -oE -- '(^|[ ,[])--?[a-zA-Z][a-zA-Z-]*' | sed 's/^[ ,[]*//' | sort -u)
n=0
for o in $opts; do
	n=$((n + 1))
	for page in "$en" "$ja"; do
		sed 's/\\-/-/g' "$page" | grep -qE -- "(^|[^a-zA-Z-])$o([^a-zA-Z-]|\$)" ||
			bad "$(basename "$(dirname "$page")")/$(basename "$page") lacks $o"
	done
done
[ "$n" -ge 20 ] || bad "only $n options found in --help"

# The CAUSES section of each page lists exactly the program's causes.
"$SSHWIZARD" --list causes | sort >"$TMP/causes.want" || bad "--list causes failed"
[ "$(wc -l <"$TMP/causes.want")" -ge 10 ] || bad "too few causes listed"
for page in "$en" "$ja"; do
	awk '/^\.SH (CAUSES|原因)$/ { on = 1; next } /^\.SH/ { on = 0 }
	     on && /^\.B [^ ]+$/ { print $2 }' "$page" | sort >"$TMP/causes.got"
	diff "$TMP/causes.want" "$TMP/causes.got" >"$TMP/causes.diff" ||
		bad "$page: CAUSES differs from --list causes (<: missing, >: unknown): $(tr '\n' ' ' <"$TMP/causes.diff")"
done

# Lint: at least one linter must be there.  The pages are linted as built
# for the usual prefix: how a line adjusts depends on the length of the
# data folder filled in (distcheck's is very long).
"${PERL:-perl}" -e 1 || bad "no perl to build the lint copies"
sed -e 's|@VERSION@|0.0|g' -e 's|@pkgdatadir@|/usr/share/sshwizard|g' \
	"$abs_top_srcdir/man/sshwizard.1.in" >"$TMP/en.1"
sed -e 's|@VERSION@|0.0|g' -e 's|@pkgdatadir@|/usr/share/sshwizard|g' \
	"$abs_top_srcdir/man/ja/sshwizard.1.in" |
	"${PERL:-perl}" "$abs_top_srcdir/man/ja-breaks.pl" >"$TMP/ja.1"
linted=0
if command -v mandoc >/dev/null 2>&1; then
	linted=1
	for page in "$TMP/en.1" "$TMP/ja.1"; do
		out=$(mandoc -Tlint -W warning "$page" 2>&1)
		[ -z "$out" ] || bad "mandoc -Tlint: $out"
	done
fi
if command -v groff >/dev/null 2>&1; then
	linted=1
	for page in "$TMP/en.1" "$TMP/ja.1"; do
		out=$(groff -k -Tutf8 -man -ww -z "$page" 2>&1)
		[ -z "$out" ] || bad "groff -ww: $(echo "$out" | head -5)"
	done
fi
[ "$linted" = 1 ] || bad "neither mandoc nor groff is installed"
exit $fail
