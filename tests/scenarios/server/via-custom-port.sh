#!/bin/bash
# The whole story: sshd listens on 22 and 10022, the server's firewall
# drops 10022, and the user can still log in on 22.  From the client, the
# walk finds 10022 silent and SSH on 22, then runs the server checks over
# port 22 (--via) and ends at the rule that drops 10022.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 10022 "Port 22" "PermitRootLogin prohibit-password"
via_root_key 22
lab_fw iptables -A INPUT -p tcp --dport 10022 -j DROP
via_run --timeout "$SRV_TIMEOUT" "$LAB_USER@$LAB_SERVER_IP" -p 10022 \
	--via "root@$LAB_SERVER_IP:22" --via-identity "$LAB_HOME/.ssh/via"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is firewall.blocks_port" [ "$(cause)" = firewall.blocks_port ]
check "the client saw 10022 silent" [ "$(step_outcome tcp)" = filtered ]
check "and SSH on another port" [ "$(step_outcome ports_filtered)" = ssh_elsewhere ]
check "the way in opened" [ "$(step_outcome srv_via_filtered_elsewhere)" = open ]
check "the checks ran over the session" [ "$(step_outcome server)" = via ]
check "the server saw the client's address" \
	grep -q "^$LAB_CLIENT_IP " <<<"$(step_ev server client)"
check "the daemon found is the lab's" \
	grep -qF "$LAB_SSHD_CONFIG" <<<"$(step_ev srv_running process)"
check "it listens on 10022" [ "$(step_outcome srv_listen)" = listening ]
check "the firewall drops" [ "$(step_outcome srv_firewall)" = drop ]
check "the rule is quoted" \
	[ "$(step_ev srv_firewall rule)" = "-A INPUT -p tcp -m tcp --dport 10022 -j DROP" ]
check "the report says where the findings came from" \
	[ "$(jq -r .source "$REPORT")" = "via $LAB_SERVER_IP" ]
check "the summary says so" grep -q "ran on $LAB_SERVER_IP, over SSH" <<<"$out"

# The server part alone over the same way in: --server --via (--batch;
# without it the screen wizard opens on the server part).
rm -f "$REPORT"
out=$(lab_client timeout 300 "$SSHWIZARD" --server --batch --no-ssh-config \
	--timeout "$SRV_TIMEOUT" --report "$REPORT" -p 10022 \
	--via "root@$LAB_SERVER_IP:22" --via-identity "$LAB_HOME/.ssh/via" 2>&1)
rc=$?
printf '%s\n' "$out"
scen_property server -p 10022
check "--server --via: exit status 1" [ "$rc" -eq 1 ]
check "--server --via: the walk starts at the server part" \
	[ "$(jq -r '.steps[0].node' "$REPORT")" = server ]
check "--server --via: the same rule" \
	[ "$(step_ev srv_firewall rule)" = "-A INPUT -p tcp -m tcp --dport 10022 -j DROP" ]
check "--server --via: the source" [ "$(jq -r .source "$REPORT")" = "via $LAB_SERVER_IP" ]
finish
