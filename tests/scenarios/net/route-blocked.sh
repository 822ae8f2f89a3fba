#!/bin/bash
# An "unreachable" route for the server's address on the client: net.no_route,
# and the evidence says it is a route that rejects, not a missing one.
. "${abs_top_srcdir:-.}/tests/scenarios/net/net-lib.sh"
lab_no_route unreachable
wizard "$LAB_USER@$LAB_SERVER_IP"
check "cause is net.no_route" [ "$(cause)" = net.no_route ]
check "net.route says blocked" [ "$(step_outcome net.route)" = blocked ]
check "the evidence names the unreachable route" \
	grep -q 'an "unreachable" route' <<<"$(step_ev net.route route)"
check "the verdict is the blocked-route one" [ "$(jq -r .verdict.node "$REPORT")" = v_route_blocked ]
finish
