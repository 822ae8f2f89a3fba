#!/bin/bash
# Nothing listens on the server: port.refused, and the other common ports
# were checked and refused too (no SSH elsewhere).
. "${abs_top_srcdir:-.}/tests/scenarios/net/net-lib.sh"
wizard "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is port.refused" [ "$(cause)" = port.refused ]
check "tcp.connect says refused" [ "$(step_outcome tcp.connect)" = refused ]
check "the other ports answer, without SSH" [ "$(step_outcome port.alternatives)" = host_answers ]
check "port 2222 was tried and refused" \
	grep -q "^2222: refused" <<<"$(step_ev port.alternatives port)"
check "no ssh_port in the evidence" [ -z "$(step_ev port.alternatives ssh_port)" ]
# With the server's console, the answers lead to the server-side causes.
wizard "$LAB_USER@$LAB_SERVER_IP" --answer q_refused_service=stopped
check "--answer stopped: daemon.not_running" [ "$(cause)" = daemon.not_running ]
wizard "$LAB_USER@$LAB_SERVER_IP" --answer q_refused_service=missing
check "--answer missing: daemon.not_installed" [ "$(cause)" = daemon.not_installed ]
wizard "$LAB_USER@$LAB_SERVER_IP" --answer q_refused_service=running \
	--answer q_refused_listen=one_address
check "--answer running, one_address: daemon.listen_address" [ "$(cause)" = daemon.listen_address ]
finish
