#!/bin/bash
# The strings of the shipped tree and of the table of known messages: the
# extractor (built on the program's own loaders) finds them with their
# places, leaves commands alone, and every catalogue translates each one,
# keeping its {placeholders}.
. "${abs_top_srcdir:-.}/tests/i18n/i18n-lib.sh"
frag=$TMP/tree.pot
"$EXTRACTOR" --root "$SRCDIR" --messages "$SRCDIR/data/messages.yaml" \
	-o "$frag" "$SRCDIR/wizard/main.yaml"; rc=$?
check "the extractor reads wizard/main.yaml and data/messages.yaml" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || finish
n=$(grep -c '^msgid "..*"$' "$frag")
echo "$n strings in the tree"
check "the tree has strings to translate" [ "$n" -ge 10 ]
check "the fragment is a valid template" msgfmt --check -o /dev/null "$frag"
check "every entry has a FILE.yaml:LINE reference" \
	[ "$(grep -c '^#: \(wizard\|data\)/[a-z0-9_-]*\.yaml:[1-9][0-9]*$' "$frag")" -ge "$n" ]
check "every entry names its node or message" \
	[ "$(grep -c '^#\. \(node\|message\): ' "$frag")" -ge "$n" ]
check "the first node's title is there" grep -q '^#\. node: dns$' "$frag"
check "the known messages' summaries are there" \
	grep -q '^#: data/messages\.yaml:[1-9][0-9]*$' "$frag"

# No command is extracted: each command of the YAML is absent as a msgid.
cmds=0; leaked=0
while IFS= read -r cmd; do
	cmds=$((cmds + 1))
	if grep -qxF "msgid \"${cmd//\"/\\\"}\"" "$frag"; then
		echo "  extracted command: $cmd"; leaked=$((leaked + 1))
	fi
done < <(sed -n 's/^ *command: *//p' "$SRCDIR"/wizard/*.yaml)
check "no command among $cmds is extracted" [ "$leaked" -eq 0 ]

# The committed POT has them all (make update-po was run).
check "po/sshwizard.pot holds every tree string" pot_has_all "$frag"

for lang in $LINGUAS; do
	po=$SRCDIR/po/$lang.po
	missing=$(untranslated_in "$po" "$frag")
	[ -z "$missing" ] || printf 'not translated in po/%s.po:\n%s\n' "$lang" "$missing"
	check "po/$lang.po translates every tree string" [ -z "$missing" ]
	# {host}, {port} ... are filled in at run time: the translation keeps them.
	bad=$(msgmerge --quiet --no-fuzzy-matching -o - "$po" "$frag" |
		msgexec -i - sh -c '
			[ -n "$MSGEXEC_MSGID" ] || exit 0
			want=$(printf "%s" "$MSGEXEC_MSGID" | grep -o "{[a-z_][a-z0-9_.]*}" | sort | tr "\n" " ")
			got=$(grep -o "{[a-z_][a-z0-9_.]*}" | sort | tr "\n" " ")
			[ "$want" = "$got" ] || printf "  %s: wants %s, has %s\n" \
				"$MSGEXEC_LOCATION" "${want:-none}" "${got:-none}"')
	[ -z "$bad" ] || printf '%s\n' "$bad"
	check "po/$lang.po keeps the {placeholders} of tree strings" [ -z "$bad" ]
done
finish
