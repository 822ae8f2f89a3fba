#!/bin/bash
# Choosing the language: the environment as usual, --lang over it, and
# Japanese also where no Japanese locale is generated (a fresh Debian has
# none: then the program falls back to C.UTF-8).
. "${abs_top_srcdir:-.}/tests/i18n/i18n-lib.sh"
desc_en='Find out why ssh does not connect: a guided diagnosis with live checks.'
desc_ja=$(tr_msg ja "$desc_en
")
check "the catalogue translates the --help description" [ "$desc_ja" != "$desc_en" ]
if locale -a 2>/dev/null | grep -qi '^ja_JP'; then
	echo "note: a Japanese locale is generated here; the C.UTF-8 fallback is tested with LC_ALL=C"
else
	echo "note: no Japanese locale is generated here (locale -a), as on a fresh Debian"
fi

# help ENV...: sshwizard --help's output under the given environment (the
# variables of common.sh cleared first), into $TMP/help.
help() {
	env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG "$@" --help >"$TMP/help" 2>&1
}
japanese() {
	grep -qxF -- "$desc_ja" "$TMP/help" && has_japanese "$TMP/help" &&
		! grep -q '^Usage:' "$TMP/help"
}
english() {
	grep -qxF -- "$desc_en" "$TMP/help" && grep -q '^Usage:' "$TMP/help" &&
		! has_japanese "$TMP/help"
}

help LANG=C.UTF-8 "$SW"
check "LANG=C.UTF-8: English" english
help LANG=ja_JP.UTF-8 "$SW"
check "LANG=ja_JP.UTF-8 (not generated): Japanese" japanese
help LC_ALL=ja_JP.UTF-8 "$SW"
check "LC_ALL=ja_JP.UTF-8: Japanese" japanese
help LC_MESSAGES=ja_JP.UTF-8 LANG=C.UTF-8 "$SW"
check "LC_MESSAGES=ja_JP.UTF-8: Japanese" japanese
help LANGUAGE=ja LANG=C.UTF-8 "$SW"
check "LANGUAGE=ja: Japanese" japanese
help LANGUAGE=ja "$SW"
check "LANGUAGE=ja with no locale variable set: Japanese" japanese
help LANGUAGE=ja LC_ALL=C "$SW"
check "LC_ALL=C over LANGUAGE=ja: English, as with gettext" english
help LANGUAGE=en LANG=ja_JP.UTF-8 "$SW"
check "LANGUAGE=en over LANG=ja_JP.UTF-8: English" english
help LANG=ja_JP.UTF-8 "$SW" --lang en
check "--lang en under LANG=ja_JP.UTF-8: English" english
help LANGUAGE=ja LANG=ja_JP.UTF-8 "$SW" --lang=en
check "--lang=en under LANGUAGE=ja: English" english
help LC_ALL=C "$SW" --lang ja
check "--lang ja under LC_ALL=C: Japanese" japanese
help "$SW" --lang ja
check "--lang ja with an empty environment: Japanese" japanese
check "the Japanese --help fits 80 columns, no broken character" \
	"$LINEWIDTH" --max 80 <"$TMP/help"

# An unknown language is a usage error that lists the known ones.
env LANG=C.UTF-8 "$SW" --lang xx --help >"$TMP/out" 2>&1; rc=$?
check "--lang xx: exit status 2" [ "$rc" -eq 2 ]
check "--lang xx: the message lists the languages" grep -q "en, ja" "$TMP/out"
# Option errors come out in the language asked for.
env LANG=C.UTF-8 "$SW" --lang ja --timeout abc 127.0.0.1 >"$TMP/out" 2>&1; rc=$?
cat "$TMP/out"
check "--lang ja --timeout abc: exit status 2" [ "$rc" -eq 2 ]
check "--lang ja --timeout abc: the error is in Japanese" has_japanese "$TMP/out"
finish
