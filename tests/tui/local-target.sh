#!/bin/bash
# This machine as the target, on screen: the lab client namespace runs its
# own sshd, which is stopped; a diagnosis of 127.0.0.1 runs the server
# checks here at once, without the consent question for another way in and
# without a question about a console, and ends in daemon.not_running, both
# from the command line and from the target form.
. "${abs_top_srcdir:-.}/tests/lab/lab.sh"
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
lab_require
lab_up
LAB_SSHD_NS=$LAB_C lab_sshd 10122
cfg=$LAB_SSHD_CONFIG
LAB_SSHD_NS=$LAB_C lab_sshd_stop 10122
tui_start 100 30 ip netns exec "$LAB_C" env HOME="$LAB_HOME"

verdict_here() {
	tui_wait "Verdict:" 300
	tui_has "daemon.not_running"
	tui_has "Server-side checks ran on this machine."
	tui_lacks "Can you still log in"
	tui_lacks "Choose an answer:"
	tui_keys q
	tui_wait "Quit?"
	tui_keys y
	tui_expect_exit 1
}

tui_run --lang en --no-ssh-config --sshd-config "$cfg" -p 10122 127.0.0.1
verdict_here

tui_run --lang en --no-ssh-config --sshd-config "$cfg"
tui_wait "Which SSH connection fails?"
tui_type "127.0.0.1"
tui_keys Tab
tui_type "10122"
tui_keys Enter
verdict_here
tui_restored
