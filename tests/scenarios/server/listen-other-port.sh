#!/bin/bash
# sshd runs on 2222; the user tries 10022: daemon.port_mismatch, with the
# port the daemon really listens on in the evidence.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 2222
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is daemon.port_mismatch" [ "$(cause)" = daemon.port_mismatch ]
check "the daemon runs" [ "$(step_outcome srv_running)" = running ]
check "the listen check says port_mismatch" [ "$(step_outcome srv_listen)" = port_mismatch ]
check "the daemon listens on 2222" grep -q ":2222" <<<"$(step_ev srv_listen daemon_listens)"
check "the config names 2222" [ "$(step_ev srv_listen config_ports)" = 2222 ]
# The client sees a refusal on 10022.
lab_client bash -c "exec 3<>/dev/tcp/$LAB_SERVER_IP/10022" 2>/dev/null
check "port 10022 really refuses" [ $? -ne 0 ]
finish
