#!/bin/bash
# A banner dribbled one byte a second: the probe does not wait for it to end;
# banner.timeout, with the bytes that did arrive.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_fake slow 22
wizard --timeout 2 "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is banner.timeout" [ "$(cause)" = banner.timeout ]
check "ssh.banner says timeout" [ "$(step_outcome ssh.banner)" = timeout ]
check "the first bytes of the banner arrived" grep -q '^SS' <<<"$(step_ev ssh.banner first_bytes)"
check "fewer than the whole banner" [ "$(step_ev ssh.banner bytes_received)" -lt 14 ]
finish
