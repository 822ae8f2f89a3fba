#!/bin/bash
# Every catalogue of po/LINGUAS passes msgfmt --check and is complete: no
# untranslated and no fuzzy entry, and every msgid of po/sshwizard.pot.
# Prints what is missing.
. "${abs_top_srcdir:-.}/tests/i18n/i18n-lib.sh"
pot=$SRCDIR/po/sshwizard.pot
check "po/sshwizard.pot is a valid template" msgfmt --check-format -o /dev/null "$pot"
for lang in $LINGUAS; do
	po=$SRCDIR/po/$lang.po
	check "po/$lang.po exists" test -f "$po" || continue
	stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1); rc=$?
	echo "po/$lang.po: $stats"
	check "msgfmt --check accepts po/$lang.po" [ "$rc" -eq 0 ]
	check "po/$lang.po has translations" grep -q 'translated message' <<<"$stats"
	check "po/$lang.po has no untranslated entry" not_in "untranslated" "$stats"
	check "po/$lang.po has no fuzzy entry" not_in "fuzzy" "$stats"
	msgattrib --untranslated --no-obsolete --no-wrap "$po" |
		sed -n 's/^msgid "\(..*\)"$/  untranslated: \1/p'
	msgattrib --only-fuzzy --no-obsolete --no-wrap "$po" |
		sed -n 's/^msgid "\(..*\)"$/  fuzzy: \1/p'
	# The header names the language and UTF-8, or msgfmt would mangle it.
	check "po/$lang.po says Language: $lang" grep -q "^\"Language: $lang\\\\n\"" "$po"
	check "po/$lang.po is UTF-8" grep -q 'charset=UTF-8' "$po"
	# Every msgid of the POT is in the catalogue: update-po was run.
	check "po/$lang.po holds every msgid of po/sshwizard.pot" \
		msgcmp --use-untranslated --use-fuzzy "$po" "$pot"
done
finish
