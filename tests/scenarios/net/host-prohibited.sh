#!/bin/bash
# firewalld's way: port 10022 is rejected with icmp-host-prohibited, so ssh
# says "No route to host", while sshd answers on port 22 of the same host.
# That is the firewall, not routing: firewall.blocks_port.
. "${abs_top_srcdir:-.}/tests/scenarios/net/net-lib.sh"
lab_sshd 22
lab_sshd 10022
lab_fw iptables -A INPUT -p tcp --dport 10022 -j REJECT --reject-with icmp-host-prohibited
wizard "$LAB_USER@$LAB_SERVER_IP" -p 10022
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is firewall.blocks_port" [ "$(cause)" = firewall.blocks_port ]
check "tcp.connect says host_unreachable" [ "$(step_outcome tcp.connect)" = host_unreachable ]
check "the errno is No route to host" grep -q "No route to host" <<<"$(step_ev tcp.connect errno)"
check "port 22 answers with SSH" [ "$(step_ev port.alternatives ssh_port)" = 22 ]
check "the verdict says host prohibited" grep -q "host prohibited" <<<"$(jq -r .verdict.explanation "$REPORT")"
check "the route itself is fine" [ "$(step_outcome net.route)" = routed ]
finish
