#!/bin/bash
# The screen wizard in Japanese at 80x24 and 60x20, in a private tmux (see
# tests/tui/tui-lib.sh): the key screens (target form, verdict, help, export,
# quit question) show the catalogue's Japanese, commands stay as they are, no
# captured line is wider than the terminal (display width by wcswidth) or
# holds a broken character; L switches to English and back at once; the
# language also comes from LANG=ja_JP.UTF-8 where that locale is not
# generated, and --lang en wins over it.
. "${abs_top_srcdir:-.}/tests/i18n/i18n-lib.sh"
command -v tmux >/dev/null || skip "tmux is not installed"
[ -f "$SRCDIR/tests/tui/tui-lib.sh" ] || skip "tests/tui/tui-lib.sh is missing"
# A binary built without the screen wizard says so and exits: nothing to test.
out=$(timeout 5 "$SW" --lang en 127.0.0.1 </dev/null 2>&1)
if grep -q 'screen wizard is not built' <<<"$out"; then
	skip "this sshwizard has no screen wizard (it says: $out)"
fi
. "$SRCDIR/tests/tui/tui-lib.sh"
tui_require
# The refused port is the lab server's: a loopback target is this machine,
# whose own sshd the test does not control (the server checks run there).
. "$SRCDIR/tests/lab/lab.sh"
lab_require
lab_up
lab_atexit 'rm -rf "$TMP"'
LABNS=(ip netns exec "$LAB_C" env HOME="$LAB_HOME")

ja() { tr_msg ja "$1"; }
# Japanese texts the screens must show, from the built catalogue.
J_FORM=$(ja "Which SSH connection fails?")
J_HOST=$(ja "Host")
J_START=$(ja "Start the diagnosis")
J_VERDICT=$(ja "Verdict:")
J_MEANS=$(ja "What it means")
J_TODO=$(ja "What to do")
J_KEYS=$(ja "Keys")
J_CHOOSE=$(ja "Choose an answer:")
J_EXPORT=$(ja "Export a report")
J_QUIT=$(ja "Not exported yet. Quit?  y: quit  e: export  n: stay")
J_QUIT=${J_QUIT%%。*}
# The verdict the shipped tree gives for a refused port, as the batch front
# end reports it in English (questions take their default answer there and
# in the screens below): its title, the first words of its explanation (the
# screen wraps the rest), its first command.
port=47022
lab_client "$SW" --batch --lang en --no-ssh-config "$LAB_SERVER_IP" -p "$port" \
	--report "$TMP/en.json" >/dev/null 2>&1
E_TITLE=$(jq -r .verdict.title "$TMP/en.json")
E_EXPL=$(jq -r .verdict.explanation "$TMP/en.json")
CMD=$(jq -r '.verdict.suggestions[0].command' "$TMP/en.json")
case $(jq -r '.verdict.suggestions[0].where' "$TMP/en.json") in
server) J_WHERE=$(ja "on the server") ;;
*) J_WHERE=$(ja "on this machine") ;;
esac
[ -n "$E_TITLE" ] && [ "$E_TITLE" != null ] && [ "$CMD" != null ] ||
	{ echo "FAIL: the batch run gave no verdict"; cat "$TMP/en.json"; exit 1; }
J_TITLE=$(ja "$E_TITLE")
J_EXPL=$(ja "$E_EXPL")
J_EXPL=${J_EXPL:0:8}
CMD=${CMD:0:20}
for v in "$J_FORM" "$J_HOST" "$J_START" "$J_VERDICT" "$J_TITLE" "$J_EXPL" \
	"$J_MEANS" "$J_TODO" "$J_WHERE" "$J_KEYS" "$J_CHOOSE" "$J_EXPORT" "$J_QUIT"; do
	has_japanese <(printf '%s\n' "$v") ||
		{ echo "FAIL: no Japanese in the catalogue for: $v"; exit 1; }
done


# screen_ok NAME COLS: the pane's lines fit COLS columns, are valid UTF-8 and
# hold no U+FFFD; on failure, prints the screen with each line's width.
screen_ok() {
	tui_screen >"$TMP/screen"
	if "$LINEWIDTH" --max "$2" <"$TMP/screen" >"$TMP/widths"; then
		ok "$1: every line fits $2 columns, no broken character"
	else
		cat "$TMP/widths"
		"$LINEWIDTH" -v <"$TMP/screen"
		not_ok "$1: every line fits $2 columns, no broken character"
	fi
}

# shows NAME TEXT: the pane shows TEXT now (after tui_wait for a marker).
shows() {
	if tui_screen | grep -qF -- "$2"; then ok "$1"; else
		tui_screen; not_ok "$1"; fi
}

at_size() {
	cols=$1 rows=$2
	tag="${cols}x${rows}"
	tui_start "$cols" "$rows" "${LABNS[@]}"

	# The target form.
	tui_run --lang ja --no-ssh-config
	tui_wait "$J_START"
	shows "$tag form: the title is Japanese" "$J_FORM"
	shows "$tag form: the field labels are Japanese" "$J_HOST"
	screen_ok "$tag form" "$cols"
	tui_keys Escape
	tui_expect_exit 0

	# The verdict for a refused port (through the questions the tree asks on
	# the way, if any), then help, export, L and quit.
	tui_run --lang ja --no-ssh-config "$LAB_SERVER_IP" -p "$port"
	# Questions on the way take their default answer (Enter).
	asked=0
	for ((i = 0; i < 40; i++)); do
		screen=$(tui_screen)
		case $screen in
		*"$J_TITLE"*) break ;;
		*"$J_CHOOSE"*)
			asked=$((asked + 1))
			screen_ok "$tag question $asked" "$cols"
			tui_keys Enter
			# The next screen may be another question: wait for
			# any change.
			for ((j = 0; j < 30; j++)); do
				[ "$(tui_screen)" != "$screen" ] && break
				sleep 0.1
			done ;;
		esac
		sleep 0.2
	done
	tui_wait "$J_TITLE"
	shows "$tag verdict: the verdict line is Japanese" "$J_VERDICT"
	shows "$tag verdict: the suggestions are Japanese" "$J_WHERE"
	shows "$tag verdict: the command stays as it is" "$CMD"
	shows "$tag verdict: the cause id stays as it is" "port.refused"
	screen_ok "$tag verdict" "$cols"
	# The explanation comes below the commands: page down to it.
	for ((i = 0; i < 4; i++)); do
		before=$(tui_screen)
		grep -qF -- "$J_EXPL" <<<"$before" && break
		tui_keys NPage
		tui__changed "$before" 20 || true
	done
	shows "$tag verdict: the explanation is Japanese" "$J_EXPL"
	shows "$tag verdict: the headline stays after paging" "$J_VERDICT"
	screen_ok "$tag verdict, paged" "$cols"
	tui_keys '?'
	tui_wait "$J_KEYS"
	screen_ok "$tag help" "$cols"
	tui_keys Escape
	tui_wait_gone "$J_KEYS"
	tui_keys e
	tui_wait "$J_EXPORT"
	screen_ok "$tag export" "$cols"
	tui_keys Escape
	tui_wait_gone "$J_EXPORT"
	tui_keys L
	tui_wait "$E_TITLE"
	tui_lacks "$J_TITLE"
	ok "$tag: L switches to English at once"
	screen_ok "$tag verdict in English" "$cols"
	tui_keys L
	tui_wait "$J_TITLE"
	tui_lacks "$E_TITLE"
	ok "$tag: L switches back to Japanese at once"
	tui_keys q
	tui_wait "$J_QUIT"
	screen_ok "$tag quit question" "$cols"
	tui_keys y
	tui_expect_exit 1
	tui_cleanup
}

at_size 80 24
at_size 60 20

# The language from the environment, with no Japanese locale generated.
cat >"$TMP/sw-ja-env" <<EOF
#!/bin/sh
LANG=ja_JP.UTF-8 exec "$SW" "\$@"
EOF
chmod +x "$TMP/sw-ja-env"
SSHWIZARD=$TMP/sw-ja-env
tui_start 80 24
tui_run --no-ssh-config
tui_wait "$J_START"
shows "LANG=ja_JP.UTF-8: the form is Japanese" "$J_FORM"
screen_ok "LANG=ja_JP.UTF-8 form" 80
tui_keys Escape
tui_expect_exit 0
tui_run --lang en --no-ssh-config
tui_wait "Start the diagnosis"
shows "--lang en under LANG=ja_JP.UTF-8: the form is English" "Which SSH connection fails?"
tui_lacks "$J_FORM"
tui_keys Escape
tui_expect_exit 0
finish
