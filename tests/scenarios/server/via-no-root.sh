#!/bin/bash
# The same custom-port story, but the way in is an ordinary user (alice,
# by password) without sudo, with a second sshd beside the first: the
# daemon is found through alice's own session; what needs root is reported
# as not checked, with the command to run, and the verdict does not claim
# the server is fine.  Nothing is sent before the host key checks out.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 10022 "Port 22"
cfg=$LAB_SSHD_CONFIG
echo "daemon config: $cfg"
# A second daemon: without root, only the session alice came in through
# tells which one serves her.
lab_sshd 2222
lab_known_host 22
lab_fw iptables -A INPUT -p tcp --dport 10022 -j DROP
printf '%s\n' "$LAB_PASSWORD" >"$LAB_DIR/alice.pw"
chmod 600 "$LAB_DIR/alice.pw"
via_run --timeout "$SRV_TIMEOUT" "$LAB_USER@$LAB_SERVER_IP" -p 10022 \
	--via "$LAB_USER@$LAB_SERVER_IP:22" --via-password-file "$LAB_DIR/alice.pw"
check "exit status 1" [ "$rc" -eq 1 ]
check "the checks ran as alice" [ "$(step_outcome server)" = via ]
check "without root" grep -q "without root" <<<"$(step_ev server runs_as)"
check "the daemon is the one alice came in through" \
	grep -qF "$cfg" <<<"$(step_ev srv_running process)"
check "it runs" [ "$(step_outcome srv_running)" = running ]
check "the firewall is not claimed to pass" [ "$(step_outcome srv_firewall)" = unchecked ]
check "the sudo command is given" \
	grep -qx "sudo iptables-save" <<<"$(step_ev srv_firewall run_instead)"
check "cause is unknown" [ "$(cause)" = unknown ]
check "the verdict says not everything was checked" [ "$(node)" = v_srv_incomplete ]
check "the summary lists the firewall as unchecked" \
	grep -q "firewall" <<<"$(step_ev srv_summary unchecked)"
check "the password is nowhere in the report" \
	sh -c '! grep -qF "$1" "$2"' sh "$LAB_PASSWORD" "$REPORT"

# A way in whose host key is not known is refused before any password.
rm -f "$LAB_HOME/.ssh/known_hosts"
log_lines=$(wc -l <"$LAB_SSHD_LOG")
via_run --timeout "$SRV_TIMEOUT" "$LAB_USER@$LAB_SERVER_IP" -p 10022 \
	--via "$LAB_USER@$LAB_SERVER_IP:22" --via-password-file "$LAB_DIR/alice.pw"
check "the way in failed" [ "$(step_outcome srv_via_filtered_elsewhere)" = failed ]
check "because of the host key" grep -q "known_hosts" \
	<<<"$(step_ev srv_via_filtered_elsewhere error)"
check "no password login was tried" \
	sh -c '! tail -n +"$1" "$2" | grep -q "password for"' sh "$((log_lines + 1))" \
	"$LAB_SSHD_LOG"
check "the client verdict stands" [ "$(cause)" = port.filtered ]
finish
