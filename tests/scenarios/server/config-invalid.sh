#!/bin/bash
# sshd was stopped and its config then got a line sshd does not know; it
# would not start again: daemon.config_invalid, with sshd -t's message.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 10022
cfg=$LAB_SSHD_CONFIG
lab_sshd_stop 10022
echo "PortForwardingMode sideways" >>"$cfg"
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$cfg"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is daemon.config_invalid" [ "$(cause)" = daemon.config_invalid ]
check "the daemon is not running" [ "$(step_outcome srv_running)" = stopped ]
check "sshd -t rejects the config" [ "$(step_outcome srv_config_down)" = invalid ]
check "the error names the bad option" \
	grep -q "PortForwardingMode" <<<"$(step_ev srv_config_down error)"
check "the verdict is the not-running one" [ "$(node)" = v_srv_config_invalid ]
finish
