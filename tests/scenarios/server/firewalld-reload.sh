#!/bin/bash
# firewalld's two configurations disagree (recorded firewall-cmd output,
# see firewalld-allowlist.sh for why): 10022/tcp added with --permanent
# but never reloaded blocks now; added without --permanent it works now
# and is lost at the next reload.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 10022
SERVER_PRE=(env "PATH=$SRV_FAKE/firewalld:$PATH" "SW_FAKE_DATA=$SRV_DATA"
	SW_FWD_RUNTIME=firewalld-zones-ssh-only.txt
	SW_FWD_PERMANENT=firewalld-zones-port-added.txt)
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is firewall.blocks_port" [ "$(cause)" = firewall.blocks_port ]
check "the check says not_reloaded" [ "$(step_outcome srv_firewall)" = not_reloaded ]
check "the verdict is the reload one" [ "$(node)" = v_srv_firewalld_not_reloaded ]
check "the note names the permanent rule" \
	grep -q "ports: 10022/tcp" <<<"$(step_ev srv_firewall note)"

SERVER_PRE=(env "PATH=$SRV_FAKE/firewalld:$PATH" "SW_FAKE_DATA=$SRV_DATA"
	SW_FWD_RUNTIME=firewalld-zones-port-added.txt
	SW_FWD_PERMANENT=firewalld-zones-ssh-only.txt)
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "runtime only: the check warns" [ "$(step_outcome srv_firewall)" = runtime_only ]
check "the summary carries the warning" \
	grep -q "until firewalld reloads" <<<"$(step_ev srv_summary warning)"
check "nothing blocks now: cause ok" [ "$(cause)" = ok ]

# A rich rule rejecting the client's network wins over the open port.
SERVER_PRE=(env "PATH=$SRV_FAKE/firewalld:$PATH" "SW_FAKE_DATA=$SRV_DATA"
	SW_FWD_RUNTIME=firewalld-zones-rich-reject.txt
	SW_FWD_PERMANENT=firewalld-zones-rich-reject.txt)
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "the rich rule rejects" [ "$(step_outcome srv_firewall)" = reject ]
check "the rich rule is quoted" grep -q '^rule family="ipv4" source address="198.51.100.0/24"' \
	<<<"$(step_ev srv_firewall rule)"
finish
