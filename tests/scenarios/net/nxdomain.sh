#!/bin/bash
# A name that does not exist: dnsmasq, authoritative for .test, answers
# NXDOMAIN.  The verdict is dns.nxdomain, and the evidence shows the lab's
# name server answering it.
. "${abs_top_srcdir:-.}/tests/scenarios/net/net-lib.sh"
lab_dns
wizard "$LAB_USER@nosuch.test"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is dns.nxdomain" [ "$(cause)" = dns.nxdomain ]
check "dns.resolve says nxdomain" [ "$(step_outcome dns.resolve)" = nxdomain ]
check "the resolver is the lab's" grep -qx "$LAB_SERVER_IP" <<<"$(step_ev dns.resolve resolvers)"
check "the name server answered NXDOMAIN" \
	grep -q "^$LAB_SERVER_IP: NXDOMAIN for nosuch.test" <<<"$(step_ev dns.resolve resolver_answer)"
check "no TCP connection was tried" [ "$(step_outcome tcp.connect)" = none ]
finish
