#!/bin/bash
# A server sending a megabyte of random binary: banner.not_ssh from the
# first bytes, shown escaped.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_fake junk 22
wizard --timeout 3 "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is banner.not_ssh" [ "$(cause)" = banner.not_ssh ]
check "the reason is binary data" \
	[ "$(step_ev ssh.banner reason)" = "binary data where text was expected" ]
check "the bytes are escaped" grep -q '\\x' <<<"$(step_ev ssh.banner first_bytes)"
check "the report is valid UTF-8 JSON" jq -e . "$REPORT" >/dev/null
finish
