#!/bin/bash
# A healthy run against the lab's real sshd, from the target screen to the
# verdict, then an export in both formats whose files are checked: the
# default name in the current folder, the Markdown with the verdict, the
# JSON well-formed.  No quit prompt after an export.
. "${abs_top_srcdir:-.}/tests/lab/lab.sh"
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
lab_require
lab_up
lab_sshd
tui_start 80 24 ip netns exec "$LAB_C"
tree=$(tui_tree question) || exit 99
tui_tmux send-keys -l "cd $TUI_HOME"
tui_keys Enter

tui_run --tree "$tree"
tui_wait "Which SSH connection fails?"
tui_type "$LAB_SERVER_IP"
tui_keys Enter
tui_wait "Verdict: The connection works"
tui_has "root@$LAB_SERVER_IP:22"
tui_has "Connect to the SSH port"
tui_keys e
tui_wait "Export a report"
tui_has "sshwizard-$LAB_SERVER_IP-"
tui_keys BTab Space
tui_wait "[x] JSON"
tui_keys Enter
tui_wait "Report written:"
md=$(ls "$TUI_HOME"/sshwizard-"$LAB_SERVER_IP"-*.md 2>/dev/null)
json=$(ls "$TUI_HOME"/sshwizard-"$LAB_SERVER_IP"-*.json 2>/dev/null)
[ -f "$md" ] || tui_fail "no Markdown report"
[ -f "$json" ] || tui_fail "no JSON report"
case $(basename "$md") in
sshwizard-"$LAB_SERVER_IP"-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9].md) ;;
*) tui_fail "unexpected name $md" ;;
esac
grep -q "The connection works" "$md" || tui_fail "the Markdown lacks the verdict"
grep -q "$LAB_SERVER_IP" "$md" || tui_fail "the Markdown lacks the host"
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$json" ||
	    tui_fail "the JSON report does not parse"
fi
grep -q '"ok"' "$json" || tui_fail "the JSON lacks the cause"
tui_keys q
tui_expect_exit 0
tui_restored
