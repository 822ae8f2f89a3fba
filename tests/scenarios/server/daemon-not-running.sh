#!/bin/bash
# The lab's sshd on 10022 is stopped; --server in the server namespace finds
# no listener with that config and a config that passes sshd -t:
# daemon.not_running.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 10022
cfg=$LAB_SSHD_CONFIG
lab_sshd_stop 10022
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$cfg"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is daemon.not_running" [ "$(cause)" = daemon.not_running ]
check "the running check says stopped" [ "$(step_outcome srv_running)" = stopped ]
check "the config it looked for is the lab's" \
	grep -qF "$cfg" <<<"$(step_ev srv_running config)"
check "no process is claimed" [ -z "$(step_ev srv_running process)" ]
check "the config passed sshd -t" [ "$(step_outcome srv_config_down)" = valid ]
check "the report's source is the server" [ "$(jq -r .source "$REPORT")" = server ]
finish
