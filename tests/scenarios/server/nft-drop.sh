#!/bin/bash
# sshd listens on 10022; an nftables rule drops it: firewall.blocks_port,
# the rule quoted as nft prints it.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 10022
lab_fw nft add table inet swtest
lab_fw nft add chain inet swtest input '{ type filter hook input priority 0; policy accept; }'
lab_fw nft add rule inet swtest input ct state established,related accept
lab_fw nft add rule inet swtest input ip saddr 198.51.100.0/24 tcp dport '{ 2222, 10022 }' counter drop
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is firewall.blocks_port" [ "$(cause)" = firewall.blocks_port ]
check "the firewall check says drop" [ "$(step_outcome srv_firewall)" = drop ]
check "nftables decided" [ "$(step_ev srv_firewall firewall)" = nftables ]
check "the chain is named" [ "$(step_ev srv_firewall chain)" = "inet swtest input" ]
check "the rule is quoted" \
	grep -q "tcp dport { 2222, 10022 } counter packets [0-9]* bytes [0-9]* drop" \
	<<<"$(step_ev srv_firewall rule)"
check_firewall_fix 10022
finish
