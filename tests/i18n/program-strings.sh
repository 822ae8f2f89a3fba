#!/bin/bash
# Every string the program marks with _() or N_() (the files of
# po/POTFILES.in, extracted now, not from the committed POT) is in
# po/sshwizard.pot and translated in every catalogue.  A new string fails here
# until "make update-po" and a translation.
. "${abs_top_srcdir:-.}/tests/i18n/i18n-lib.sh"
frag=$TMP/program.pot
(cd "$SRCDIR" && xgettext --directory=. --files-from=po/POTFILES.in \
	--keyword=_ --keyword=N_ --from-code=UTF-8 --add-comments=TRANSLATORS: \
	-o "$frag"); rc=$?
check "xgettext reads the files of po/POTFILES.in" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || finish
echo "$(grep -c '^msgid ' "$frag") strings in the program"
check "po/sshwizard.pot holds every program string" pot_has_all "$frag"
for lang in $LINGUAS; do
	missing=$(untranslated_in "$SRCDIR/po/$lang.po" "$frag")
	[ -z "$missing" ] || printf 'not translated in po/%s.po:\n%s\n' "$lang" "$missing"
	check "po/$lang.po translates every program string" [ -z "$missing" ]
done
finish
