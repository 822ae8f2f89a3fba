#!/bin/bash
# sshd listens on 10022; INPUT's policy is DROP and only 22 is allowed:
# firewall.blocks_port, decided by the chain policy, quoted.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 10022
lab_fw iptables -A INPUT -i lo -j ACCEPT
lab_fw iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
lab_fw iptables -A INPUT -p tcp --dport 22 -j ACCEPT
lab_fw iptables -P INPUT DROP
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is firewall.blocks_port" [ "$(cause)" = firewall.blocks_port ]
check "the firewall check says drop" [ "$(step_outcome srv_firewall)" = drop ]
check "the chain policy decided" [ "$(step_ev srv_firewall decided_by)" = policy ]
check "the policy line is quoted" grep -q "^:INPUT DROP" <<<"$(step_ev srv_firewall rule)"
check "the verdict is the drop one" [ "$(node)" = v_srv_firewall_drop ]
# The client really waits in vain.
lab_client timeout 3 bash -c "exec 3<>/dev/tcp/$LAB_SERVER_IP/10022" 2>/dev/null
check "port 10022 really times out" [ $? -eq 124 ]
check_firewall_fix 10022
finish
