#!/bin/bash
# The port accepts and never sends a byte: banner.timeout at the time limit.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_fake silent 22
wizard --timeout 2 "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is banner.timeout" [ "$(cause)" = banner.timeout ]
check "ssh.banner says timeout" [ "$(step_outcome ssh.banner)" = timeout ]
check "nothing was received" [ "$(step_ev ssh.banner bytes_received)" = 0 ]
check "the limit is recorded" [ "$(step_ev ssh.banner timeout_ms)" = 2000 ]
finish
