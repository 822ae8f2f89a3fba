#!/bin/bash
# A pasted ssh error: --from-log recognises it, starts at the TCP check (no
# name lookup step), and the live walk still confirms the refusal.
. "${abs_top_srcdir:-.}/tests/scenarios/net/net-lib.sh"
log="$LAB_DIR/pasted.txt"
printf 'user@laptop:~$ ssh alice@%s\nssh: connect to host %s port 22: Connection refused\n' \
	"$LAB_SERVER_IP" "$LAB_SERVER_IP" >"$log"
wizard --from-log "$log" "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "the message is recognised" grep -q "ssh_refused" <<<"$out"
check "cause is port.refused" [ "$(cause)" = port.refused ]
check "the walk started at tcp.connect" [ "$(jq -r '.steps[0].probe' "$REPORT")" = tcp.connect ]
check "the report records what was recognised" \
	[ "$(jq -r '.from_log[0].id + " " + .from_log[0].start' "$REPORT")" = "ssh_refused tcp" ]
check "the report quotes the pasted line" \
	jq -e '.from_log[0].line | test("Connection refused")' "$REPORT"
# From stdin, a log that points at routing: the route check runs first.
out=$(printf 'ssh: connect to host %s port 22: No route to host\n' "$LAB_SERVER_IP" |
	lab_client timeout 60 "$SSHWIZARD" --batch --no-ssh-config --from-log - \
		--report "$REPORT" "$LAB_USER@$LAB_SERVER_IP" 2>&1)
echo "$out"
scen_property client --no-ssh-config "$LAB_USER@$LAB_SERVER_IP"
check "stdin: recognised" grep -q "ssh_no_route_host" <<<"$out"
check "stdin: the walk started at net.route" [ "$(jq -r '.steps[0].probe' "$REPORT")" = net.route ]
finish
