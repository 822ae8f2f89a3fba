#!/bin/bash
# Nothing is wrong on the server: every check runs and passes, and the
# summary lists what was verified.  cause ok, exit 0.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 10022
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "exit status 0" [ "$rc" -eq 0 ]
check "cause is ok" [ "$(cause)" = ok ]
check "the summary says ok" [ "$(step_outcome srv_summary)" = ok ]
for what in "sshd runs" "listens on port 10022" "firewall lets TCP port 10022 in" \
	"no ban tool bans" "TCP wrappers let"; do
	check "verified: $what" grep -q "$what" <<<"$(step_ev srv_summary verified)"
done
check "nothing is left unchecked" [ -z "$(step_ev srv_summary unchecked)" ]
check "no step failed" \
	[ "$(jq '[.steps[] | select(.state == "fail")] | length' "$REPORT")" = 0 ]
finish
