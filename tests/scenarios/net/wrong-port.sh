#!/bin/bash
# sshd runs on port 2222 only; the user connects to 22: port.wrong, and the
# evidence names 2222 with the server's identification string.
. "${abs_top_srcdir:-.}/tests/scenarios/net/net-lib.sh"
lab_sshd 2222
wizard "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is port.wrong" [ "$(cause)" = port.wrong ]
check "tcp.connect says refused" [ "$(step_outcome tcp.connect)" = refused ]
check "ssh_port is 2222" [ "$(step_ev port.alternatives ssh_port)" = 2222 ]
check "the banner is OpenSSH's" grep -q '^SSH-2.0-OpenSSH' <<<"$(step_ev port.alternatives ssh_banner)"
finish
