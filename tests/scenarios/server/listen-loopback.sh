#!/bin/bash
# sshd runs on 10022 with ListenAddress 127.0.0.1: daemon.listen_address.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 10022 "ListenAddress 127.0.0.1"
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is daemon.listen_address" [ "$(cause)" = daemon.listen_address ]
check "the listen check says loopback_only" [ "$(step_outcome srv_listen)" = loopback_only ]
check "it listens on 127.0.0.1:10022 only" \
	[ "$(step_ev srv_listen listening_on_port)" = 127.0.0.1:10022 ]
check "the config says so" grep -q "127.0.0.1" <<<"$(step_ev srv_listen config_listen)"
finish
