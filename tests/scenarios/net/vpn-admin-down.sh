#!/bin/bash
# A VPN interface switched off: the client's address on the server's
# network sits on tun0, which is administratively down, so the kernel has
# dropped its routes and "ip route get" names no interface at all.  The
# route check still names tun0, from its configured network: vpn_down,
# cause net.no_route, with the interface and its state in the evidence.
. "${abs_top_srcdir:-.}/tests/scenarios/net/net-lib.sh"
lab_vpn_admin_down tun0
wizard "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is net.no_route" [ "$(cause)" = net.no_route ]
check "net.route says switched_off" [ "$(step_outcome net.route)" = switched_off ]
check "the kernel itself has no route" \
	grep -q "Network is unreachable" <<<"$(step_ev net.route route)"
check "the interface is named" [ "$(step_ev net.route interface)" = tun0 ]
check "with its network and state" \
	grep -q "^tun0 has 198.51.100.1/24, the network of 198.51.100.2, and is switched off" \
	<<<"$(step_ev net.route interface_network)"
check "it looks like a VPN" [ "$(step_ev net.route interface_vpn)" = yes ]
check "the verdict is the switched-off one" [ "$(verdict_node)" = v_interface_off ]
check "the command to switch it on names it" \
	grep -qx "sudo ip link set tun0 up" <<<"$(jq -r '.verdict.suggestions[].command' "$REPORT")"
finish
