#!/bin/bash
# The keys of a tig user on the verdict and question screens, in the lab
# against a real sshd: n asks before it throws an unexported diagnosis
# away; after Backspace from a reviewed step the focus and the footer are
# back on the question; / searches a step's evidence; a status line goes when the screen changes; R runs
# the whole diagnosis again after the fix (sshd started) and says what
# changed; o opens the exported report in $PAGER (Ctrl-C there ends the
# pager, not the wizard) and the screen comes back.
. "${abs_top_srcdir:-.}/tests/lab/lab.sh"
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
lab_require jq
lab_up

tui_start 80 24 ip netns exec "$LAB_C"
cd "$TUI_HOME" || exit 99
tui_tmux send-keys -l "cd $TUI_HOME"
tui_keys Enter
# A pager that shows it ran, keeps the report's first lines and waits.
cat >"$TUI_HOME/bin/pager" <<EOF2
#!/bin/sh
head -n 60 "\$1" >"$TUI_HOME/paged"
echo "PAGER_RAN \$1"
read -r answer
EOF2
chmod +x "$TUI_HOME/bin/pager"

# Nothing listens yet: a refused port (questions take their default).
tui_tmux send-keys -l "export PAGER=pager"
tui_keys Enter
tui_run --lang en --no-ssh-config --timeout 5 "$LAB_USER@$LAB_SERVER_IP"
for ((i = 0; i < 100; i++)); do
	screen=$(tui_screen)
	case $screen in
	*"Verdict:"*) break ;;
	*"Choose an answer:"*) tui_keys Enter; tui__changed "$screen" 50 ;;
	*) sleep 0.1 ;;
	esac
done
tui_wait "Verdict:"
before_title=$(tui_screen | sed -n 's/^ ✘ Verdict: \(.*[^ ]\) *$/\1/p' | head -n 1)

# n asks first; n stays.
tui_keys n
tui_wait "Not exported yet. Start a new diagnosis?  y: yes  e: export  n: stay"
tui_keys n
tui_wait_gone "Start a new diagnosis?"
tui_has "Verdict:"

# c says it copied; the line goes with the screen (a step under review).
tui_keys c
tui_wait "Copied to the clipboard:"
tui_focus_path
tui_keys Enter
tui_wait "Reviewing a past step"
tui_lacks "Copied to the clipboard:"
tui_keys BSpace
tui_wait "Verdict:"

# The fix: sshd runs now.  R runs everything again: the first contact
# question comes, then a verdict that says what the run before found.
lab_sshd
tui_keys R
tui_wait "Choose an answer:" 300
tui_has "First contact."
# Back from a reviewed step: the focus and the footer are the question's.
tui_keys Tab
tui_wait "> Path"
tui_keys k
tui_wait "│ Check the server's host key"
# / searches the reviewed step's evidence.
tui_keys /
tui_type "known_hosts_file"
tui_keys Enter
tui_wait_re "Match 1 of [0-9]+: known_hosts_file"
tui_has "known_hosts_file:"
tui_keys BSpace
tui_wait "> Choose an answer:"
tui_lacks "> Path"
tui_has "Enter go on  Bksp back  Tab switch"
tui_keys Enter
tui_wait "Verdict: This server's host key is not known yet" 100
tui_has "Re-run: before, the verdict was: $before_title"
tui_focus_path
tui_has "(before: refused)"

# Export, then o: the pager gets the report and the terminal; the screen
# comes back after it.
tui_keys o
tui_wait "No report yet: e exports one, then o opens it."
tui_keys e
tui_wait "Export a report"
tui_keys Enter
tui_wait "Report written:"
tui_keys o
tui_wait "PAGER_RAN $TUI_HOME/sshwizard-"
tui_lacks "Verdict:"
# Ctrl-C is the pager's: it ends the pager, not the wizard.
tui_keys C-c
tui_wait "The pager pager ended with an error."
tui_has "Verdict: This server's host key is not known yet"
tui_keys o
tui_wait "PAGER_RAN $TUI_HOME/sshwizard-"
tui_keys Enter
tui_wait "Verdict: This server's host key is not known yet"
grep -q "hostkey.unknown" "$TUI_HOME/paged" ||
	tui_fail "the pager did not get the report: $(cat "$TUI_HOME/paged")"
# A search on the verdict: n goes to the next match; Esc ends the search
# and n is "new" again.  Exported: it starts a new diagnosis at once.
tui_keys /
tui_type "fingerprint"
tui_keys Enter
tui_wait_re "Match [0-9]+ of [0-9]+: fingerprint"
tui_has "n next match"
first=$(tui_screen | grep -oE "Match [0-9]+ of [0-9]+: fingerprint")
tui_keys n
tui_wait_re "Match [0-9]+ of [0-9]+: fingerprint"
tui_wait_gone "$first" 50
tui_keys Escape
tui_wait "Search ended."
tui_lacks "n next match"
tui_keys n
tui_wait "Which SSH connection fails?"
tui_keys Escape
tui_expect_exit 0
tui_restored
exit 0
