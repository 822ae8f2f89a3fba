#!/bin/bash
# The classic custom-port story with firewalld: sshd listens on 22 and
# 10022, the firewall's zone allows only the ssh service (22).
#
# firewalld itself cannot run in the lab, so the kernel side is built with
# the nftables rules firewalld would load (table inet firewalld: accept
# established and lo, jump to the zone, allow the zone's services, reject
# the rest), and the firewalld side of the check runs against recorded
# firewall-cmd output (tests/data/server, replayed by fake/firewall-cmd).
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 10022 "Port 22"
lab_fw nft -f - <<'NFT'
table inet firewalld {
	chain filter_INPUT {
		type filter hook input priority filter + 10; policy accept;
		ct state { established, related } accept
		iifname "lo" accept
		jump filter_INPUT_ZONES
		reject with icmpx admin-prohibited
	}
	chain filter_INPUT_ZONES {
		goto filter_IN_public
	}
	chain filter_IN_public {
		jump filter_IN_public_allow
	}
	chain filter_IN_public_allow {
		tcp dport 22 accept
		ip6 daddr fe80::/64 udp dport 546 accept
	}
}
NFT
lab_client bash -c "exec 3<>/dev/tcp/$LAB_SERVER_IP/22"
check "port 22 really works" [ $? -eq 0 ]
lab_client bash -c "exec 3<>/dev/tcp/$LAB_SERVER_IP/10022" 2>/dev/null
check "port 10022 really is rejected" [ $? -ne 0 ]

# 1. The kernel's rules, read with nft.
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is firewall.blocks_port" [ "$(cause)" = firewall.blocks_port ]
check "nftables rejects" [ "$(step_outcome srv_firewall)" = reject ]
check "the final reject rule is quoted" \
	[ "$(step_ev srv_firewall rule)" = "reject with icmpx admin-prohibited" ]
check "in firewalld's input chain" \
	[ "$(step_ev srv_firewall chain)" = "inet firewalld filter_INPUT" ]

# 2. The same machine as firewall-cmd describes it: the zone's allow-list.
SERVER_PRE=(env "PATH=$SRV_FAKE/firewalld:$PATH" "SW_FAKE_DATA=$SRV_DATA")
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "cause is firewall.blocks_port" [ "$(cause)" = firewall.blocks_port ]
check "firewalld decided" [ "$(step_ev srv_firewall firewall)" = firewalld ]
check "in the default zone" \
	[ "$(step_ev srv_firewall chain)" = "zone public (the default zone)" ]
check "the allow-list is quoted" \
	[ "$(step_ev srv_firewall rule)" = "services: dhcpv6-client ssh; ports: (none); target: default" ]
check "the fix adds the port permanently and reloads" \
	sh -c 'jq -r ".verdict.suggestions[].command" "$1" | grep -qx "sudo firewall-cmd --permanent --add-port=10022/tcp" &&
		jq -r ".verdict.suggestions[].command" "$1" | grep -qx "sudo firewall-cmd --reload"' sh "$REPORT"
# Port 22 is allowed by the ssh service.
server_run --port 22 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "port 22 passes the firewall" [ "$(step_outcome srv_firewall)" = accept ]
check "through the ssh service" \
	grep -q "ssh covers port 22" <<<"$(step_ev srv_firewall firewalld)"
finish
