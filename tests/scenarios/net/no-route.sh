#!/bin/bash
# The client has no route to the server's network: net.no_route, found by
# net.route before any connection is tried.
. "${abs_top_srcdir:-.}/tests/scenarios/net/net-lib.sh"
lab_no_route
wizard "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is net.no_route" [ "$(cause)" = net.no_route ]
check "net.route says no_route" [ "$(step_outcome net.route)" = no_route ]
check "the evidence says Network is unreachable" \
	grep -q "Network is unreachable" <<<"$(step_ev net.route route)"
check "the verdict is the plain no-route one" [ "$(jq -r .verdict.node "$REPORT")" = v_no_route ]
finish
