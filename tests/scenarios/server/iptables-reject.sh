#!/bin/bash
# sshd listens on 10022; an iptables REJECT rule answers for it:
# firewall.blocks_port, with the rule quoted.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 10022
lab_fw iptables -A INPUT -p tcp -s 198.51.100.0/24 --dport 10022 -j REJECT
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is firewall.blocks_port" [ "$(cause)" = firewall.blocks_port ]
check "the firewall check says reject" [ "$(step_outcome srv_firewall)" = reject ]
check "iptables decided" [ "$(step_ev srv_firewall firewall)" = iptables ]
check "the rule is quoted" \
	[ "$(step_ev srv_firewall rule)" = "-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 10022 -j REJECT --reject-with icmp-port-unreachable" ]
check "the verdict is the reject one" [ "$(node)" = v_srv_firewall_reject ]
check_firewall_fix 10022
# Another client address is not concerned.
server_run --port 10022 --client 203.0.113.9 --sshd-config "$LAB_SSHD_CONFIG"
check "for 203.0.113.9 the firewall accepts" [ "$(step_outcome srv_firewall)" = accept ]
finish
