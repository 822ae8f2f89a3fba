#!/bin/bash
# sshd runs on 2222; the user tries 10022: daemon.port_mismatch, with the
# port the daemon really listens on in the evidence.  Then a second daemon
# on 22, and the check must tell the two apart.
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

# Two daemons in the namespace and no --sshd-config: the check takes the one
# that holds the port tried, and never one of another namespace.
cfg2222=$LAB_SSHD_CONFIG
lab_sshd 22
server_run --port 2222 --client "$LAB_CLIENT_IP"
check "the daemon on 2222 is found by its socket" \
	grep -qF "$cfg2222" <<<"$(step_ev srv_running process)"
check "the one on 22 is set aside" [ -n "$(step_ev srv_running skipped)" ]
check "only 2222's sockets count as the daemon's" \
	[ "$(step_ev srv_listen daemon_listens)" = "0.0.0.0:2222 [::]:2222" ]
check "it listens on 2222" [ "$(step_outcome srv_listen)" = listening ]
finish
