# shellcheck shell=bash
# server-lib.sh - shared by the server-side scenarios: source it from a
# scenario script, after which the lab is up (or the test skipped) and these
# exist:
#
#   server_run ARGS...   runs $SSHWIZARD --server --batch ARGS in the server
#                        namespace (where the lab's sshd and firewall live),
#                        with --report $REPORT; sets $out and $rc.  Put
#                        commands before it with SERVER_PRE=(cmd args...),
#                        e.g. env PATH=... for recorded-output tools.
#   via_run ARGS...      runs $SSHWIZARD --batch --no-ssh-config ARGS from
#                        the client namespace with --report $REPORT
#   local_run ARGS...    runs $SSHWIZARD --batch --no-ssh-config ARGS in the
#                        client namespace, for a target that is that
#                        machine itself (127.0.0.1, $LAB_CLIENT_IP; its
#                        daemon: LAB_SSHD_NS=$LAB_C lab_sshd): the server
#                        checks run there, with no way in asked for.  Put
#                        a command before it with LOCAL_PRE=(cmd args...),
#                        e.g. setpriv to run it without root
#   via_root_key         lets the client log in as root with key "via" (for
#                        --via root@...), the lab sshd's host key known
#   via_login_run ARGS...  via_run as alice with her password (in the file
#                        $LAB_DIR/alice.pw) and --via root@server:22 with
#                        key "via" (after via_root_key)
#   mounts_prefix SRC=DST...  sets SERVER_PRE so server_run runs in a
#                        private mount namespace where each SRC is bind-
#                        mounted over DST: the machine's file is seen
#                        differently by that run only and never changed
#   ssh_pw [USER [CMD]]  the real ssh from the client with $LAB_PASSWORD
#                        (askpass), password only, as USER (alice), running
#                        CMD (true); its status
#   userdb_mounts        mounts_prefix for the lab's passwd, shadow and group,
#                        so the run sees the lab's users as sshd does
#   ssh_as_user KEY      the real ssh as $LAB_USER with private key KEY only
#                        (BatchMode, the lab's known_hosts); its status
#   run_server_fix CMD   runs a command a verdict offers for the server, as
#                        written, in the server namespace (sudo: as root,
#                        which the test is)
#   cause, node          the verdict's cause and node id in $REPORT
#   step_outcome N       the outcome of the last step at tree node N
#   step_ev N KEY        the evidence KEY of that step, one value a line
#   check DESC CMD...    passes when CMD succeeds; counts failures
#   finish               prints the result and exits
#
# The checks read the SERVER namespace's view: /proc/net/tcp there is the
# namespace's own, and --sshd-config names the lab's daemon, so another sshd
# on the machine (processes are shared between namespaces) is never taken
# for it.  Exit codes follow automake: 0 pass, 1 fail, 77 skip, 99 lab broke.
# The header, cause, step_outcome, step_ev, check and finish: scen-lib.sh;
# steps are selected by tree node here.
SCEN_REQUIRE=nft
SCEN_STEP_KEY=node
# shellcheck source=../scen-lib.sh
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../../.." && pwd)}/tests/scenarios/scen-lib.sh"
SRV_TOP=$SCEN_TOP
SRV_DATA="$SRV_TOP/tests/data/server"
SRV_FAKE="$SRV_TOP/tests/scenarios/server/fake"
SERVER_PRE=()
# Server checks run several commands each; the machine may be busy.
SRV_TIMEOUT=${SRV_TIMEOUT:-20}

show_report() {
	if [ -f "$REPORT" ]; then
		jq -c '.steps[] | {node, outcome, evidence}' "$REPORT"
	fi
	check_ssh_commands
}

server_run() {
	rm -f "$REPORT"
	out=$(lab_server "${SERVER_PRE[@]}" timeout 300 "$SSHWIZARD" --server \
		--batch --timeout "$SRV_TIMEOUT" --report "$REPORT" "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	show_report
	if [ ${#SERVER_PRE[@]} -gt 0 ]; then
		SCEN_PROPERTY=0 SCEN_PROPERTY_WHY="the run sees a simulated server (SERVER_PRE)" \
			scen_property server "$@"
	else
		scen_property server "$@"
	fi
}

via_run() {
	rm -f "$REPORT"
	out=$(lab_client timeout 300 "$SSHWIZARD" --batch --no-ssh-config \
		--report "$REPORT" "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	show_report
	scen_property client --no-ssh-config "$@"
}

ssh_pw() {
	if [ ! -x "$LAB_DIR/askpass" ]; then
		printf '#!/bin/sh\nprintf "%%s\\n" "%s"\n' "$LAB_PASSWORD" >"$LAB_DIR/askpass"
		chmod 700 "$LAB_DIR/askpass"
	fi
	lab_client env SSH_ASKPASS="$LAB_DIR/askpass" SSH_ASKPASS_REQUIRE=force \
		DISPLAY=none timeout 60 ssh -F /dev/null -o NumberOfPasswordPrompts=1 \
		-o PreferredAuthentications=password -o PubkeyAuthentication=no \
		-o UserKnownHostsFile="$LAB_HOME/.ssh/known_hosts" \
		"${1:-$LAB_USER}@$LAB_SERVER_IP" "${2:-true}" </dev/null
}

via_login_run() {
	printf '%s\n' "$LAB_PASSWORD" >"$LAB_DIR/alice.pw"
	chmod 600 "$LAB_DIR/alice.pw"
	via_run --timeout "$SRV_TIMEOUT" "$LAB_USER@$LAB_SERVER_IP" \
		--password-file "$LAB_DIR/alice.pw" \
		--via "root@$LAB_SERVER_IP:22" --via-identity "$LAB_HOME/.ssh/via" "$@"
}

LOCAL_PRE=()
local_run() {
	rm -f "$REPORT"
	out=$(lab_client "${LOCAL_PRE[@]}" timeout 300 "$SSHWIZARD" --batch \
		--no-ssh-config --timeout "$SRV_TIMEOUT" --report "$REPORT" "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	show_report
	scen_property client --no-ssh-config "$@"
}

via_root_key() {
	lab_client_key via
	cat "$LAB_HOME/.ssh/via.pub" >>"$LAB_DIR/authorized_keys/root"
	chmod 644 "$LAB_DIR/authorized_keys/root"
	lab_known_host "${1:-22}"
}

mounts_prefix() {
	local script='set -e' pair
	for pair in "$@"; do
		script="$script; mount --bind '${pair%%=*}' '${pair#*=}'"
	done
	SERVER_PRE=(unshare -m --propagation private sh -c "$script; exec \"\$@\"" sh)
}

node() { verdict_node; }

userdb_mounts() {
	mounts_prefix "$LAB_DIR/etc/passwd=/etc/passwd" \
		"$LAB_DIR/etc/shadow=/etc/shadow" "$LAB_DIR/etc/group=/etc/group"
}

ssh_as_user() {
	lab_client ssh -F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes \
		-i "$1" -o UserKnownHostsFile="$LAB_HOME/.ssh/known_hosts" \
		"$LAB_USER@$LAB_SERVER_IP" true </dev/null
}

run_server_fix() {
	lab_server bash -c 'sudo() { "$@"; }; eval "$1"' sh "$1"
}
