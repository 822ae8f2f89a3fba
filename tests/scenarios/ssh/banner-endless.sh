#!/bin/bash
# A server sending one line that never ends (8 MiB without a newline): the
# reader stops at 255 bytes; banner.not_ssh.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_fake endless 22
wizard --timeout 3 "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is banner.not_ssh" [ "$(cause)" = banner.not_ssh ]
check "the reason is the line length" \
	[ "$(step_ev ssh.banner reason)" = "a line longer than 255 bytes" ]
check "the line is shown" grep -q '^this-line-never-ends-' <<<"$(step_ev ssh.banner first_bytes)"
finish
