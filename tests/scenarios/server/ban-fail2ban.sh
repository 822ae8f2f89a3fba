#!/bin/bash
# A Fail2Ban ban.  Fail2Ban is not installed in the lab: its client's answer
# is replayed from recorded output (fake/fail2ban-client), then the ban is
# made live the way Fail2Ban's iptables action makes it (an f2b-sshd chain
# that rejects the address), which the firewall check attributes to the ban
# tool.  Both end at access.banned.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 10022
SERVER_PRE=(env "PATH=$SRV_FAKE/fail2ban:$PATH" "SW_FAKE_DATA=$SRV_DATA")
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is access.banned" [ "$(cause)" = access.banned ]
check "the ban check says banned" [ "$(step_outcome srv_bans)" = banned ]
check "the jail is named" [ "$(step_ev srv_bans banned_by)" = "fail2ban jail sshd" ]
check "the unban command names the client" \
	grep -qx "sudo fail2ban-client set sshd unbanip $LAB_CLIENT_IP" \
	<<<"$(jq -r '.verdict.suggestions[].command' "$REPORT")"

# Live: the chain fail2ban's iptables-multiport action adds.
lab_fw iptables -N f2b-sshd
lab_fw iptables -A f2b-sshd -s "$LAB_CLIENT_IP/32" -j REJECT --reject-with icmp-port-unreachable
lab_fw iptables -A f2b-sshd -j RETURN
lab_fw iptables -I INPUT -p tcp -m multiport --dports 10022 -j f2b-sshd
lab_client bash -c "exec 3<>/dev/tcp/$LAB_SERVER_IP/10022" 2>/dev/null
check "the client is really refused" [ $? -ne 0 ]
SERVER_PRE=()
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "cause is access.banned" [ "$(cause)" = access.banned ]
check "the firewall check says banned" [ "$(step_outcome srv_firewall)" = banned ]
check "the ban tool is named" [ "$(step_ev srv_firewall ban_tool)" = fail2ban ]
check "the rule is quoted" [ "$(step_ev srv_firewall rule)" = \
	"-A f2b-sshd -s $LAB_CLIENT_IP/32 -j REJECT --reject-with icmp-port-unreachable" ]
check "the verdict is the firewall-ban one" [ "$(node)" = v_srv_banned_firewall ]
finish
