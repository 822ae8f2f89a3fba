#!/bin/bash
# The cable is out: the server's end of the veth pair goes down, so the
# client's interface loses its carrier while its route stays.  net.route
# finds the interface without link at once: net.no_route, link-down verdict.
. "${abs_top_srcdir:-.}/tests/scenarios/net/net-lib.sh"
ip -n "$LAB_S" link set "$LAB_VETH_S" down || exit 99
wizard "$LAB_USER@$LAB_SERVER_IP"
check "cause is net.no_route" [ "$(cause)" = net.no_route ]
check "net.route says link_down" [ "$(step_outcome net.route)" = link_down ]
check "the interface is the lab's veth" [ "$(step_ev net.route interface)" = "$LAB_VETH_C" ]
check "the verdict is the link-down one" [ "$(jq -r .verdict.node "$REPORT")" = v_link_down ]
finish
