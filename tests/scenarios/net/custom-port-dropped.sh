#!/bin/bash
# sshd listens on 22 and 10022; a firewall drops 10022 (the port the user
# asks for) while 22 works: port.filtered, with evidence naming port 22.
. "${abs_top_srcdir:-.}/tests/scenarios/net/net-lib.sh"
lab_sshd 22
lab_sshd 10022
lab_fw iptables -A INPUT -p tcp --dport 10022 -j DROP
wizard --timeout 2 "$LAB_USER@$LAB_SERVER_IP:10022"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is port.filtered" [ "$(cause)" = port.filtered ]
check "tcp.connect says filtered" [ "$(step_outcome tcp.connect)" = filtered ]
check "SSH answers elsewhere" [ "$(step_outcome port.alternatives)" = ssh_elsewhere ]
check "the evidence names port 22" [ "$(step_ev port.alternatives ssh_port)" = 22 ]
check "the verdict is the custom-port one" \
	[ "$(jq -r .verdict.node "$REPORT")" = v_port_filtered_elsewhere ]
check "the firewalld command names port 10022" \
	grep -q -- "--add-port=10022/tcp" <<<"$(jq -r '.verdict.suggestions[].command' "$REPORT")"
finish
