#!/bin/bash
# An iptables DROP rule on port 22: port.filtered, decided at the probe's
# time-out (the bench measures how long), and the host is seen answering on
# other ports.
. "${abs_top_srcdir:-.}/tests/scenarios/net/net-lib.sh"
lab_sshd
lab_fw iptables -A INPUT -p tcp --dport 22 -j DROP
wizard --timeout 2 "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is port.filtered" [ "$(cause)" = port.filtered ]
check "tcp.connect says filtered" [ "$(step_outcome tcp.connect)" = filtered ]
check "the host answers on other ports" [ "$(step_outcome port.alternatives)" = host_answers ]
check "the verdict is the one-port drop" [ "$(jq -r .verdict.node "$REPORT")" = v_port_filtered ]
finish
