#!/bin/bash
# A jump host (ProxyJump, -J): the target 192.0.2.2 is reachable only from
# the jump host's network.  The first hop is checked like a direct target
# (name, route, port, banner, key exchange, host key, login); then the jump
# host opens the connection onward and the target is checked through it.
# No network check runs against the target from this machine (ssh never
# connects there directly).  ok; every step names its hop.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd
lab_jump
LAB_SSHD_NS=$LAB_T lab_sshd
lab_known_host -n "$LAB_SERVER_IP" -n "$LAB_TARGET_IP"
lab_client_key id_ed25519 authorize
J="$LAB_USER@$LAB_SERVER_IP"
wizard -J "$J" "$LAB_USER@$LAB_TARGET_IP"
check "exit status 0" [ "$rc" -eq 0 ]
check "cause is ok" [ "$(cause)" = ok ]
check "the jump host opened the way" \
	[ "$(jq -r '[.steps[] | select(.probe == "jump.next")] | first | .outcome' "$REPORT")" = opened ]
check "then the target was the last hop" [ "$(step_outcome jump.next)" = last ]
check "the route was checked for the jump host only" \
	[ "$(jq '[.steps[] | select(.probe == "net.route")] | length' "$REPORT")" = 1 ]
check "... and that step names the jump host" \
	grep -q "$LAB_SERVER_IP" <<<"$(jq -r '.steps[] | select(.probe == "net.route") | .hop' "$REPORT")"
check "two logins: the jump host and the target" \
	[ "$(jq '[.steps[] | select(.probe == "ssh.auth" and .outcome == "ok")] | length' "$REPORT")" = 2 ]
check "the last login names the target" \
	grep -q "$LAB_TARGET_IP" <<<"$(jq -r '[.steps[] | select(.probe == "ssh.auth")] | last | .hop' "$REPORT")"
check "every step names its hop" \
	[ "$(jq '[.steps[] | select(.hop == null)] | length' "$REPORT")" = 0 ]
check "your ssh -J works too" [ "$(step_outcome ssh.witness)" = works ]
check "the witness used -J" grep -q -- "-J" <<<"$(jq -r .witness.command "$REPORT")"
finish
