#!/bin/bash
# Text lines before the identification string (RFC 4253 4.2 allows them),
# then the server closes: the banner is read past the lines, and the hang-up
# during the key exchange gives kex.failed.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_fake prelines 22
wizard --timeout 3 "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "ssh.banner says ok" [ "$(step_outcome ssh.banner)" = ok ]
check "three lines came first" [ "$(step_ev ssh.banner lines_before_banner)" = 3 ]
check "the first one is shown" grep -qx 'Welcome to the lab gateway.' <<<"$(step_ev ssh.banner line_before_banner)"
check "the banner is OpenSSH_9.9" [ "$(step_ev ssh.banner software)" = OpenSSH_9.9 ]
check "ssh.kex says closed" [ "$(step_outcome ssh.kex)" = closed ]
check "cause is kex.failed" [ "$(cause)" = kex.failed ]
finish
