#!/bin/bash
# sshwizard --batch against a port nothing listens on: the verdict is
# port.refused, exit 1, and the JSON report says so.  The server is the
# lab's (tests/lab): a loopback target is this machine, whose own sshd the
# test does not control (the server checks would run here).
. "${abs_top_srcdir:-.}/tests/e2e/common.sh"
. "$SRCDIR/tests/lab/lab.sh"
lab_require
lab_up
# Nothing listens in the lab's server namespace: every port refuses.
port=47022
out=$(lab_client "$SW" --batch --no-ssh-config "$LAB_SERVER_IP" -p "$port" \
	--report "$TMP/r.json" --report "$TMP/r.md" 2>&1); rc=$?
echo "$out"
check "exit status 1 (a problem was diagnosed)" [ "$rc" -eq 1 ]
check "the summary names the cause" grep -q "(port.refused)" <<<"$out"
check "the JSON report is valid JSON" jq -e . "$TMP/r.json" >/dev/null
check "verdict.cause is port.refused" \
	[ "$(jq -r .verdict.cause "$TMP/r.json")" = port.refused ]
check "target.port is $port" [ "$(jq -r .target.port "$TMP/r.json")" = "$port" ]
check "no server check ran (the target is not this machine)" \
	[ "$(jq '[.steps[] | select(.probe == "server.channel")] | length' "$TMP/r.json")" = 0 ]
check "the tcp.connect step says refused" \
	[ "$(jq -r '.steps[] | select(.probe == "tcp.connect") | .outcome' "$TMP/r.json")" = refused ]
check "the report file is mode 600" [ "$(stat -c %a "$TMP/r.json")" = 600 ]
check "the Markdown report names the cause" grep -q 'port.refused' "$TMP/r.md"
check "no temporary file is left" [ "$(ls "$TMP" | grep -c 'r\.json\.')" -eq 0 ]

# The same with the report on stdout: only JSON there.
lab_client "$SW" --batch --no-ssh-config "$LAB_SERVER_IP:$port" --report - \
	>"$TMP/stdout.json" 2>/dev/null
check "--report - writes JSON alone on stdout" \
	[ "$(jq -r .verdict.cause "$TMP/stdout.json")" = port.refused ]
finish
