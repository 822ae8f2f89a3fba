#!/bin/bash
# sshd runs, but an iptables REJECT rule answers for port 22: port.refused.
. "${abs_top_srcdir:-.}/tests/scenarios/net/net-lib.sh"
lab_sshd
lab_fw iptables -A INPUT -p tcp --dport 22 -j REJECT
wizard "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is port.refused" [ "$(cause)" = port.refused ]
check "tcp.connect says refused" [ "$(step_outcome tcp.connect)" = refused ]
check "no SSH on the other ports" [ "$(step_outcome port.alternatives)" = host_answers ]
# The user can tell the wizard that sshd does listen: then it is the firewall.
wizard "$LAB_USER@$LAB_SERVER_IP" --answer q_refused_service=running \
	--answer q_refused_listen=this_port
check "--answer running, this_port: firewall.blocks_port" [ "$(cause)" = firewall.blocks_port ]
finish
