#!/bin/bash
# The server's address is routed into a tun device no VPN program holds:
# net.no_route through the VPN-down verdict, with the interface named, and
# found at once rather than after a connection time-out.
# The portable back-end (configure --with-platform=portable) names the
# interface that holds the source address; tun7 has none, so it cannot tell
# that the route goes into tun7: this fault is beyond what it can see.
if [ "${SW_PLATFORM:-linux}" = portable ]; then
	echo "SKIP: the portable back-end cannot tell a route's own interface" \
	    "when it has no address (a VPN tunnel that is down)" >&2
	exit 77
fi
. "${abs_top_srcdir:-.}/tests/scenarios/net/net-lib.sh"
lab_sshd
lab_vpn_down tun7
wizard "$LAB_USER@$LAB_SERVER_IP"
check "cause is net.no_route" [ "$(cause)" = net.no_route ]
check "net.route says vpn_down" [ "$(step_outcome net.route)" = vpn_down ]
check "the interface is tun7" [ "$(step_ev net.route interface)" = tun7 ]
check "the interface is flagged VPN-like and without link" \
	grep -q "^tun7: .*no link.*VPN-like" <<<"$(step_ev net.route interface_state)"
check "the verdict is the VPN one" [ "$(jq -r .verdict.node "$REPORT")" = v_vpn_down ]
check "no TCP connection was tried" [ "$(step_outcome tcp.connect)" = none ]
finish
