#!/bin/bash
# A ProxyCommand (in the file given with -F): ssh opens no connection of
# its own but runs the command with the user's shell and speaks SSH over its
# input and output.  The target 192.0.2.2 is reachable only from the jump
# host's network, through `ssh -W %h:%p` there.  The SSH-level checks run
# through the command, started as ssh starts it; no network check of the
# direct path runs.  Healthy: ok.  A command that is not installed and one
# whose jump host cannot reach the target: proxy.command_failed, with the
# command's exit status and what it printed.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd
lab_jump
LAB_SSHD_NS=$LAB_T lab_sshd
lab_known_host -n "$LAB_SERVER_IP" -n "$LAB_TARGET_IP"
lab_client_key id_ed25519 authorize
CFG="$LAB_DIR/ssh_config"
T_LOG=$LAB_SSHD_LOG

# config PROXYCOMMAND [PORT]: the file -F names.
config() {
	printf 'Host target\n    HostName %s\n    Port %s\n    User %s\n    ProxyCommand %s\n' \
		"$LAB_TARGET_IP" "${2:-22}" "$LAB_USER" "$1" >"$CFG"
}

# run [ARGS...]: the wizard with -F (not --no-ssh-config: ssh -G reads
# the file).  Each run of the command logs in to the jump host: 20 s a
# check, for a busy machine.
run() {
	rm -f "$REPORT"
	out=$(lab_client timeout 300 "$SSHWIZARD" --batch -F "$CFG" --report "$REPORT" \
		--timeout 20 "$@" target 2>&1)
	rc=$?
	printf '%s\n' "$out"
	[ -f "$REPORT" ] && jq -c '.steps[] | {probe, outcome, evidence}' "$REPORT"
	check_ssh_commands
	scen_property client -F "$CFG" --timeout 20 "$@" target
}
no_network_step() {
	[ "$(jq '[.steps[] | select(.probe == "dns.resolve" or .probe == "net.route" or
		.probe == "tcp.connect" or .probe == "port.alternatives")] | length' "$REPORT")" = 0 ]
}

config "ssh -o BatchMode=yes -W %h:%p $LAB_USER@$LAB_SERVER_IP"
lines=$(wc -l <"$T_LOG")
run
check "healthy: exit status 0" [ "$rc" -eq 0 ]
check "healthy: cause is ok" [ "$(cause)" = ok ]
check "healthy: the configuration says: through a proxy command" \
	[ "$(step_outcome client.config)" = proxy ]
check "healthy: no network check of the direct path ran" no_network_step
check "healthy: the banner came through the command" \
	[ "$(step_ev ssh.banner address)" = "(through the ProxyCommand)" ]
check "healthy: logged in" [ "$(step_outcome ssh.auth)" = ok ]
check "healthy: the session ran" [ "$(step_outcome ssh.session)" = ok ]
check "healthy: your ssh works too" [ "$(step_outcome ssh.witness)" = works ]
check "healthy: the target's sshd saw the jump host, not this machine" \
	sh -c 'tail -n +"$1" "$2" | grep -q "Accepted publickey for alice from 192.0.2.1 "' sh \
	"$((lines + 1))" "$T_LOG"
check "healthy: the command is not shown (it may hold a secret)" \
	sh -c '! grep -q -- "-W %h" "$1"' sh "$REPORT"

# A command that is not installed: the shell says so and exits 127.
config "/nonexistent/sw-proxy %h %p"
run
check "not installed: exit status 1" [ "$rc" -eq 1 ]
check "not installed: cause is proxy.command_failed" [ "$(cause)" = proxy.command_failed ]
check "not installed: the banner step says the command ended" \
	[ "$(step_outcome ssh.banner)" = proxy_exited ]
check "not installed: its exit status" [ "$(step_ev ssh.banner proxy_exit)" = "exit status 127" ]
check "not installed: what it printed" \
	grep -qE "/nonexistent/sw-proxy.*(not found|No such file)" <<<"$(step_ev ssh.banner proxy_said)"
check "not installed: the facts are on the verdict" grep -q "exit status 127" <<<"$out"
check "not installed: no network check of the direct path ran" no_network_step

# A command that closes its input, then answers like a server: what the
# key exchange sends goes into a pipe nobody reads.  The write fails
# (EPIPE); the wizard is not killed by SIGPIPE (it was: exit 141).
config "sh -c 'exec 0<&-; sleep 1; echo SSH-2.0-OpenSSH_9.2p1; exec sleep 5'"
run
check "input closed: the wizard ran to its verdict (exit status 1)" [ "$rc" -eq 1 ]
check "input closed: a verdict was written" [ "$(cause)" != none ]
check "input closed: the banner came through" [ "$(step_outcome ssh.banner)" = ok ]

# The jump host cannot reach the target's port: ssh -W says so and exits.
config "ssh -o BatchMode=yes -W %h:%p $LAB_USER@$LAB_SERVER_IP" 2222
run
check "refused behind: cause is proxy.command_failed" [ "$(cause)" = proxy.command_failed ]
check "refused behind: ssh -W's message is quoted" \
	grep -q "Connection refused" <<<"$(step_ev ssh.banner proxy_said)"
check "refused behind: the tokens were expanded (%h:%p)" \
	grep -q "open failed" <<<"$(step_ev ssh.banner proxy_said)"

# A command that runs and says something, but carries nothing.
config "sh -c 'echo waiting for %h >&2; exec sleep 60'"
run --timeout 5
check "silent: the banner step says nothing came through" \
	[ "$(step_outcome ssh.banner)" = proxy_silent ]
check "silent: cause is banner.timeout" [ "$(cause)" = banner.timeout ]
check "silent: it still ran" [ "$(step_ev ssh.banner proxy_exit)" = "still running" ]
check "silent: what it printed, with %h filled in" \
	grep -q "waiting for $LAB_TARGET_IP" <<<"$(step_ev ssh.banner proxy_said)"
finish
