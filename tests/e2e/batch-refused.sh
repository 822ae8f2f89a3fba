#!/bin/bash
# sshwizard --batch against a loopback port nothing listens on: the verdict is
# port.refused, exit 1, and the JSON report says so.
. "${abs_top_srcdir:-.}/tests/e2e/common.sh"
port=$(free_port)
out=$("$SW" --batch --no-ssh-config 127.0.0.1 -p "$port" --report "$TMP/r.json" \
	--report "$TMP/r.md" 2>&1); rc=$?
echo "$out"
check "exit status 1 (a problem was diagnosed)" [ "$rc" -eq 1 ]
check "the summary names the cause" grep -q "(port.refused)" <<<"$out"
check "the JSON report is valid JSON" jq -e . "$TMP/r.json" >/dev/null
check "verdict.cause is port.refused" \
	[ "$(jq -r .verdict.cause "$TMP/r.json")" = port.refused ]
check "target.port is $port" [ "$(jq -r .target.port "$TMP/r.json")" = "$port" ]
check "the tcp.connect step says refused" \
	[ "$(jq -r '.steps[] | select(.probe == "tcp.connect") | .outcome' "$TMP/r.json")" = refused ]
check "the report file is mode 600" [ "$(stat -c %a "$TMP/r.json")" = 600 ]
check "the Markdown report names the cause" grep -q 'port.refused' "$TMP/r.md"
check "no temporary file is left" [ "$(ls "$TMP" | grep -c 'r\.json\.')" -eq 0 ]

# The same with the report on stdout: only JSON there.
"$SW" --batch --no-ssh-config "127.0.0.1:$port" --report - >"$TMP/stdout.json" 2>/dev/null
check "--report - writes JSON alone on stdout" \
	[ "$(jq -r .verdict.cause "$TMP/stdout.json")" = port.refused ]
finish
