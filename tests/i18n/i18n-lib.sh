# Shared helpers for the translation tests.  Source it after nothing else; it
# sources tests/e2e/common.sh (SW, SRCDIR, TMP, HOME, check, finish, ...) and
# sets:
#   BUILDDIR    the top of the build tree
#   LOCALEDIR   the build tree's catalogues (make's build-locale target)
#   EXTRACTOR   sw-xgettext-tree, the tree string extractor
#   LINEWIDTH   sw-linewidth, the display width checker
#   LINGUAS     the languages of po/LINGUAS
. "${abs_top_srcdir:-.}/tests/e2e/common.sh"
BUILDDIR=${abs_top_builddir:-.}
LOCALEDIR=$BUILDDIR/locale
EXTRACTOR=$BUILDDIR/src/tools/sw-xgettext-tree
LINEWIDTH=$BUILDDIR/tests/i18n/sw-linewidth
LINGUAS=$(sed -e 's/#.*//' "$SRCDIR/po/LINGUAS")

# skip REASON: ends the test as skipped (exit 77), saying why.
skip() {
	echo "SKIP: $*"
	exit 77
}

# tr_msg LANG MSGID: MSGID as the built catalogue translates it (MSGID
# itself when it has no translation).
tr_msg() {
	TEXTDOMAINDIR=$LOCALEDIR LANGUAGE=$1 LC_ALL=C.UTF-8 gettext -d sshwizard -- "$2"
}

# has_japanese FILE: FILE holds kana or kanji.
has_japanese() {
	grep -qP '[\x{3040}-\x{30FF}\x{4E00}-\x{9FFF}]' "$1"
}

# not_in NEEDLE TEXT: TEXT does not contain NEEDLE.
not_in() {
	case $2 in *"$1"*) return 1 ;; esac
	return 0
}

# untranslated_in PO TEMPLATE: prints every entry of TEMPLATE that PO lacks
# or holds untranslated or fuzzy (PO's translation merged in, so the entries
# keep TEMPLATE's references).  Prints nothing when all are translated.
untranslated_in() {
	msgmerge --quiet --no-fuzzy-matching --no-wrap -o "$TMP/merged.po" "$1" "$2" ||
		{ echo "msgmerge $1 $2 failed"; return; }
	msgattrib --no-obsolete --no-wrap --untranslated "$TMP/merged.po" |
		sed -e '1,/^$/d'
	msgattrib --no-obsolete --no-wrap --only-fuzzy "$TMP/merged.po" |
		sed -e '1,/^$/d'
}

# pot_has_all TEMPLATE: po/sshwizard.pot holds every msgid of TEMPLATE;
# prints those it lacks ("make update-po" adds them).
pot_has_all() {
	msgcmp --use-untranslated "$SRCDIR/po/sshwizard.pot" "$1" 2>&1 |
		sed -n 's/^[^:]*:\([0-9]*\): this message is used but not defined.*/\1/p' \
		>"$TMP/lines"
	[ -s "$TMP/lines" ] || return 0
	echo "not in po/sshwizard.pot (run make update-po):"
	while read -r n; do sed -n "$((n > 2 ? n - 2 : 1)),${n}p" "$1" | grep "^msgid"; done <"$TMP/lines"
	return 1
}
