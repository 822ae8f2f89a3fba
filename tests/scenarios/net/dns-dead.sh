#!/bin/bash
# A resolver that never answers (port 53 dropped): the verdict is
# dns.no_server, not dns.nxdomain, and the evidence names the silent server.
. "${abs_top_srcdir:-.}/tests/scenarios/net/net-lib.sh"
lab_dns_dead
wizard --timeout 3 "$LAB_USER@lab.test"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is dns.no_server" [ "$(cause)" = dns.no_server ]
check "dns.resolve says no_server" [ "$(step_outcome dns.resolve)" = no_server ]
check "the evidence lists the resolver" grep -qx "$LAB_SERVER_IP" <<<"$(step_ev dns.resolve resolvers)"
check "the resolver did not reply" \
	grep -q "^$LAB_SERVER_IP: no reply" <<<"$(step_ev dns.resolve resolver_answer)"
finish
