#!/bin/bash
# A web server on the SSH port: banner.not_ssh, its answer shown escaped.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_fake http 22
wizard --timeout 3 "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is banner.not_ssh" [ "$(cause)" = banner.not_ssh ]
check "ssh.banner says not_ssh" [ "$(step_outcome ssh.banner)" = not_ssh ]
check "it looks like HTTP" [ "$(step_ev ssh.banner looks_like)" = HTTP ]
check "the answer is shown, CR LF escaped" \
	grep -qF 'HTTP/1.1 400 Bad Request\r\n' <<<"$(step_ev ssh.banner first_bytes)"
finish
