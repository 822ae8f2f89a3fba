#!/bin/bash
# An "unreachable" route for the server's address on the client: net.no_route,
# and the evidence says it is a route that rejects, not a missing one.
. "${abs_top_srcdir:-.}/tests/scenarios/net/net-lib.sh"
lab_no_route unreachable
wizard "$LAB_USER@$LAB_SERVER_IP"
check "cause is net.no_route" [ "$(cause)" = net.no_route ]
check "net.route says blocked" [ "$(step_outcome net.route)" = blocked ]
if [ "${SW_PLATFORM:-linux}" = portable ]; then
	# connect() says EHOSTUNREACH: a rejecting route, type unknown.
	check "the evidence says a route rejects the traffic" \
		grep -q 'a route on this machine rejects the traffic' <<<"$(step_ev net.route route)"
	check "the evidence says what the portable back-end cannot tell" \
		grep -q 'portable back-end cannot tell.*type of a rejecting route' <<<"$(step_ev net.route limits)"
else
	check "the evidence names the unreachable route" \
		grep -q 'an "unreachable" route' <<<"$(step_ev net.route route)"
fi
check "the verdict is the blocked-route one" [ "$(jq -r .verdict.node "$REPORT")" = v_route_blocked ]
finish
