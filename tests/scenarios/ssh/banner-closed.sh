#!/bin/bash
# The port accepts and closes at once, before any banner (what TCP wrappers,
# a ban tool or a full MaxStartups queue look like): banner.closed, with the
# server-side checks to run by hand.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_fake close 22
wizard --timeout 3 "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is banner.closed" [ "$(cause)" = banner.closed ]
check "ssh.banner says closed" [ "$(step_outcome ssh.banner)" = closed ]
check "nothing was received" [ "$(step_ev ssh.banner bytes_received)" = 0 ]
check "the hosts.deny check is suggested" grep -q 'hosts.deny' <<<"$(commands)"
check "the Fail2Ban check is suggested" grep -q 'fail2ban-client status sshd' <<<"$(commands)"
check "the MaxStartups check is suggested" grep -qi 'maxstartups' <<<"$(commands)"
check "they run on the server" \
	[ "$(jq -r '[.verdict.suggestions[] | select(.command | test("hosts.deny|fail2ban|maxstartups")) | .where] | unique | join(",")' "$REPORT")" = server ]
check "the explanation names the suspects" \
	grep -q 'TCP wrappers.*Fail2Ban.*MaxStartups' <<<"$(jq -r .verdict.explanation "$REPORT")"
finish
