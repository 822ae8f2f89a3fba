#!/bin/bash
# This machine as the target (127.0.0.1, or an address of its own): the
# server-side checks run here directly, with no question about a console or
# a way in.  The machine is the lab's client namespace, with its own sshd
# (LAB_SSHD_NS=$LAB_C): its sockets and firewall are that namespace's, its
# daemon is told apart from any other sshd on the real machine by its
# network namespace and --sshd-config, so nothing here depends on whether
# the real machine runs an sshd.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
export LAB_SSHD_NS=$LAB_C

no_question() {
	[ "$(jq '[.steps[] | select(.kind == "question")] | length' "$REPORT")" = 0 ]
}
ran_here() {
	[ "$(step_outcome server)" = local ] &&
		grep -q "is this machine" <<<"$(step_ev server note)"
}

# sshd listens on 10122 (not one of the ports the client side tries
# instead); the user connects to 10123.
lab_sshd 10122
cfg=$LAB_SSHD_CONFIG
local_run 127.0.0.1 -p 10123 --sshd-config "$cfg"
check "port mismatch: exit status 1" [ "$rc" -eq 1 ]
check "port mismatch: cause is daemon.port_mismatch" [ "$(cause)" = daemon.port_mismatch ]
check "port mismatch: the checks ran here" ran_here
check "port mismatch: the way in is this machine" \
	grep -q "^this machine" <<<"$(step_ev srv_via_refused way_in)"
check "port mismatch: no question was asked (no console)" no_question
check "port mismatch: the client address is the loopback one" \
	grep -q "^127.0.0.1 " <<<"$(step_ev server client)"
check "port mismatch: the summary says so" grep -q "Server-side checks ran on this machine" <<<"$out"

# The daemon is stopped.
lab_sshd_stop 10122
local_run 127.0.0.1 -p 10122 --sshd-config "$cfg"
check "stopped: cause is daemon.not_running" [ "$(cause)" = daemon.not_running ]
check "stopped: the checks ran here" ran_here
check "stopped: no question was asked" no_question

# It listens on the loopback address only; the user connects to the
# machine's own address on its network.
lab_sshd 10022 "ListenAddress 127.0.0.1"
cfg=$LAB_SSHD_CONFIG
local_run "$LAB_CLIENT_IP" -p 10022 --sshd-config "$cfg"
check "loopback only: cause is daemon.listen_address" [ "$(cause)" = daemon.listen_address ]
check "loopback only: the listen check says so" [ "$(step_outcome srv_listen)" = loopback_only ]
check "loopback only: the checks ran here" ran_here
check "loopback only: the client address is the machine's own" \
	grep -q "^$LAB_CLIENT_IP " <<<"$(step_ev server client)"

# Healthy: the same daemon on 127.0.0.1 works, and the checks agree.
lab_client_key id_ed25519 authorize
lab_known_host -n 127.0.0.1 10022
local_run "$LAB_USER@127.0.0.1" -p 10022 --sshd-config "$cfg"
check "healthy: exit status 0" [ "$rc" -eq 0 ]
check "healthy: cause is ok" [ "$(cause)" = ok ]
check "healthy: no server check was needed" \
	[ "$(jq '[.steps[] | select(.probe == "server.channel")] | length' "$REPORT")" = 0 ]

# A firewall REJECT on this machine: as root the rule is quoted ...
lab_sshd_stop 10022
lab_sshd 10022
cfg=$LAB_SSHD_CONFIG
lab_client iptables -A INPUT -p tcp --dport 10022 -j REJECT --reject-with tcp-reset
local_run 127.0.0.1 -p 10022 --sshd-config "$cfg"
check "reject: cause is firewall.blocks_port" [ "$(cause)" = firewall.blocks_port ]
check "reject: the rule is quoted" \
	grep -q -- "--dport 10022 -j REJECT" <<<"$(step_ev srv_firewall rule)"
# ... and without root, the checks that need it say so, with the command.
chmod 755 "$LAB_DIR"
mkdir -m 1777 "$LAB_DIR/nonroot"
REPORT="$LAB_DIR/nonroot/report.json"
LOCAL_PRE=(setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$LAB_DIR/nonroot"
	PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin)
local_run 127.0.0.1 -p 10022 --sshd-config "$cfg"
check "no root: the report was written" [ -s "$REPORT" ]
check "no root: the checks ran as a user without root" \
	grep -q "without root" <<<"$(step_ev server runs_as)"
check "no root: the firewall is not claimed to pass" [ "$(step_outcome srv_firewall)" = unchecked ]
check "no root: the sudo command is given" \
	grep -qx "sudo iptables-save" <<<"$(step_ev srv_firewall run_instead)"
check "no root: the verdict is not ok" [ "$(cause)" != ok ]
check "no root: no question was asked" no_question
finish
