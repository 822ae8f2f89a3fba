#!/bin/bash
# sshd allows one unauthenticated connection at a time (MaxStartups 1) and
# one is held open: new connections are dropped.  server.overloaded, with
# the count from the daemon's own process title.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 10022 "MaxStartups 1"
lab_client bash -c "exec 3<>/dev/tcp/$LAB_SERVER_IP/10022; sleep 120" </dev/null >/dev/null 2>&1 &
disown $! 2>/dev/null || true
held() { tr '\0' ' ' <"/proc/$LAB_SSHD_PID/cmdline" | grep -q "1 of 1-1 startups"; }
lab__wait 300 held || { echo "lab: error: the held connection did not show" >&2; exit 99; }
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is server.overloaded" [ "$(cause)" = server.overloaded ]
check "the health check says overloaded" [ "$(step_outcome srv_health)" = overloaded ]
check "the count is in the evidence" \
	grep -q "^1 open; MaxStartups 1" <<<"$(step_ev srv_health unauthenticated)"
finish
