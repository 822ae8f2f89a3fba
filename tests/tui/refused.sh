#!/bin/bash
# A refused port with the shipped tree: nothing listens on the lab server's
# port (not a loopback one: this machine as the target gets its own server
# checks, which would depend on this machine's sshd), the path shows the
# refused connection, questions on the way take their default answer, and
# the verdict comes with commands to run; quitting asks first (not
# exported) and exits 1.
. "${abs_top_srcdir:-.}/tests/lab/lab.sh"
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
lab_require
lab_up
tui_start 80 24 ip netns exec "$LAB_C" env HOME="$LAB_HOME"

tui_run --lang en -p 1 "$LAB_SERVER_IP"
# Answer each question until the verdict shows (bounded: 30 s, so that a
# busy machine is not taken for a failure).
for ((i = 0; i < 150; i++)); do
	screen=$(tui_screen)
	case $screen in
	*"Verdict:"*) break ;;
	*"Choose an answer:"*) tui_keys Enter ;;
	esac
	sleep 0.2
done
tui_wait "Verdict:"
tui_has "root@$LAB_SERVER_IP:1"
tui_has "cause: port.refused"
tui_has "What to do"
tui_has "[on "
tui_focus_path
tui_has "Connect to the SSH port: the connection was refused"
tui_keys q
tui_wait "Not exported yet. Quit?"
tui_keys n
tui_wait_gone "Not exported yet. Quit?"
tui_has "Verdict:"
tui_keys q
tui_wait "Not exported yet. Quit?"
tui_keys y
tui_expect_exit 1
tui_restored
tui_lacks "Verdict:"
