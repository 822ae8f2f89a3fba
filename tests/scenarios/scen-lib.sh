# shellcheck shell=bash
# scen-lib.sh - what every lab scenario library (net-lib.sh, ssh-lib.sh,
# server-lib.sh) starts with.  Source it from such a library; set before it:
#
#   SCEN_REQUIRE="tool ..."  tools the scenarios need besides jq and timeout
#   SCEN_STEP_KEY=probe|node what step_outcome and step_ev select steps by
#                            (default probe)
#
# Afterwards the lab is up (or the test skipped with its reason) and these
# exist: $SCEN_TOP (the source tree), $SSHWIZARD (absolute), $REPORT, $out,
# $rc, and
#   cause              the verdict's cause in $REPORT ("none" without one)
#   verdict_node       the verdict's node id
#   step_outcome X     the outcome of the last step whose probe (or node) is X
#   step_ev X KEY      that step's evidence KEY, one value a line
#   check DESC CMD...  passes when CMD succeeds; counts failures
#   check_ssh_commands every client command of the verdict that runs ssh is
#                      one ssh accepts (ssh -G with the same words)
#   check_firewall_fix PORT  the verdict's exact firewall fix, run on the
#                      server, lets the client reach PORT; rules put back
#   finish             exits 0, or 1 when a check failed
#   scen_property client|server ARGS...
#                      the property every scenario must keep: the real ssh
#                      client, run against the scenario with the same words
#                      (ARGS: the wizard's arguments), works exactly when the
#                      verdict in $REPORT is "ok"; a disagreement counts as a
#                      failed check and prints both outputs.  The libraries'
#                      wizard/server_run/via_run call it after every run, so
#                      every scenario checks it; a script that runs
#                      $SSHWIZARD itself calls it after each run.  "server":
#                      ARGS are a --server run's; ssh logs in with a key of
#                      its own to the port the run checked.  SCEN_PROPERTY=0
#                      (with a reason in SCEN_PROPERTY_WHY) skips it, for runs
#                      whose server state is simulated (recorded output,
#                      files seen only by the wizard).  SCEN_PROPERTY_NS=server
#                      runs that ssh in the server namespace (for a run of
#                      the wizard there).
#
# Exit codes follow automake: 0 pass, 1 fail, 77 skip, 99 the lab broke.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
SCEN_TOP=${abs_top_srcdir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
SSHWIZARD=${SSHWIZARD:-${abs_top_builddir:-.}/sshwizard}
case $SSHWIZARD in /*) ;; *) SSHWIZARD="$PWD/$SSHWIZARD" ;; esac
# shellcheck source=../lab/lab.sh
. "$SCEN_TOP/tests/lab/lab.sh"
# shellcheck disable=SC2086
lab_require jq timeout ${SCEN_REQUIRE:-}
[ -x "$SSHWIZARD" ] || { echo "SKIP: no sshwizard binary at $SSHWIZARD" >&2; exit 77; }
lab_up
REPORT="$LAB_DIR/report.json"
export LANG=C.UTF-8
unset LANGUAGE LC_ALL LC_MESSAGES SSHPASS
failures=0
out= rc=
SCEN_STEP_KEY=${SCEN_STEP_KEY:-probe}

SCEN_PROPERTY=${SCEN_PROPERTY:-1}
SCEN_PROPERTY_WHY=${SCEN_PROPERTY_WHY:-}
scen_property_runs=0

# scen__askpass PWFILE: an askpass helper answering password prompts only,
# from PWFILE (the lab password; it never reaches argv or the environment).
scen__askpass() {
	local h="$LAB_DIR/prop-askpass"
	printf '#!/bin/sh\ncase $1 in *assword*) exec cat -- %q ;; esac\nexit 1\n' \
		"$1" >"$h"
	chmod 700 "$h"
	printf '%s\n' "$h"
}

# scen__prop_key: a key of the property's own, authorized for the lab user,
# outside the client's ~/.ssh (so no wizard run ever offers it).
scen__prop_key() {
	local k="$LAB_DIR/prop-key"
	if [ ! -f "$k" ]; then
		lab__userdb
		ssh-keygen -q -t ed25519 -N '' -C prop@lab -f "$k" </dev/null ||
			lab__fatal "ssh-keygen failed for the property key"
		cat "$k.pub" >>"$LAB_DIR/authorized_keys/$LAB_USER"
	fi
	printf '%s\n' "$k"
}

scen_property() {
	local mode=$1 a dest= pw= port=22 secs=5 opts=() words=() sshrc ssherr verdict client=
	shift
	scen_property_runs=$((scen_property_runs + 1))
	if [ "$SCEN_PROPERTY" = 0 ]; then
		echo "property: not checked here: ${SCEN_PROPERTY_WHY:-no reason given}"
		return 0
	fi
	verdict=$(cause)
	while [ $# -gt 0 ]; do
		a=$1
		case $a in
		-p | --port) port=$2; words+=(-p "$2"); shift ;;
		-l | --user) words+=(-l "$2"); shift ;;
		-i | --identity) words+=(-i "$2"); shift ;;
		-F | -J | -o) words+=("$a" "$2"); shift ;;
		--known-hosts) words+=(-o "UserKnownHostsFile=$2"); shift ;;
		--password-file) pw=$2; shift ;;
		--no-ssh-config) words+=(-F /dev/null) ;;
		--timeout) secs=${2%%.*}; [ "${secs:-0}" -ge 1 ] 2>/dev/null || secs=1; shift ;;
		--client) client=$2; shift ;;
		--tree | --lang | --report | --answer | --from-log | --via | \
			--via-identity | --via-password-file | --sshd-config) shift ;;
		-*) ;;
		*) dest=$a ;;
		esac
		shift
	done
	if [ "$mode" = server ] && [ -n "$client" ] && [ "$client" != "$LAB_CLIENT_IP" ] &&
		[ "$client" != "$LAB_CLIENT_IP6" ]; then
		echo "property: not checked here: the run asks about client $client, not the lab's client"
		return 0
	fi
	if [ "$mode" = server ]; then
		words=(-F /dev/null -p "$port" -i "$(scen__prop_key)" -o IdentitiesOnly=yes
			-o IdentityAgent=none -o UserKnownHostsFile=/dev/null
			-o StrictHostKeyChecking=no)
		dest="$LAB_USER@$LAB_SERVER_IP"
	fi
	[ -n "$dest" ] || { echo "property: no target in the wizard's arguments"; return 0; }
	# [user@]host:port and [v6]:port as ssh understands them
	case $dest in
	*\[*\]* | *:*:*) ;;
	*:*) dest="ssh://$dest" ;;
	esac
	case $dest in *\[*\]:*) dest="ssh://$dest" ;; esac
	local run=lab_client
	[ "${SCEN_PROPERTY_NS:-client}" = server ] && run=lab_server
	if [ -n "$pw" ]; then
		opts=(-o BatchMode=no -o NumberOfPasswordPrompts=1)
		ssherr=$($run env SSH_ASKPASS="$(scen__askpass "$pw")" SSH_ASKPASS_REQUIRE=force \
			timeout 60 ssh "${words[@]}" "${opts[@]}" -o ConnectTimeout="$secs" \
			-- "$dest" true 2>&1 </dev/null)
	else
		ssherr=$($run timeout 60 ssh "${words[@]}" -o BatchMode=yes \
			-o ConnectTimeout="$secs" -- "$dest" true 2>&1 </dev/null)
	fi
	sshrc=$?
	if { [ "$sshrc" = 0 ] && [ "$verdict" = ok ]; } ||
		{ [ "$sshrc" != 0 ] && [ "$verdict" != ok ]; }; then
		echo "ok: property: ssh exit $sshrc, verdict $verdict: they agree"
		return 0
	fi
	echo "FAIL: property: ssh and the verdict disagree (ssh exit $sshrc, verdict $verdict)"
	echo "  ssh ${words[*]} -- $dest true said:"
	printf '%s\n' "$ssherr" | tail -n 20 | sed 's/^/    /'
	echo "  sshwizard said:"
	printf '%s\n' "${out:-}" | tail -n 30 | sed 's/^/    /'
	failures=$((failures + 1))
	return 1
}

cause() { jq -r '.verdict.cause // "none"' "$REPORT" 2>/dev/null; }
verdict_node() { jq -r '.verdict.node // "none"' "$REPORT" 2>/dev/null; }

step_outcome() {
	jq -r --arg f "$SCEN_STEP_KEY" --arg v "$1" \
		'[.steps[] | select(.[$f] == $v)] | last | .outcome // "none"' \
		"$REPORT" 2>/dev/null
}

step_ev() {
	jq -r --arg f "$SCEN_STEP_KEY" --arg v "$1" --arg k "$2" \
		'[.steps[] | select(.[$f] == $v)] | last | .evidence[$k] // empty |
		 if type == "array" then .[] else . end' "$REPORT" 2>/dev/null
}

check() {
	local desc=$1
	shift
	if "$@"; then
		echo "ok: $desc"
	else
		echo "FAIL: $desc"
		failures=$((failures + 1))
	fi
}

# Every client command of the verdict in $REPORT that runs ssh: `ssh -G`
# with the same words (up to a pipe or a ;) exits 0 in the client
# namespace, so ssh takes its options as written (no '-o -o ...', no
# '<stand-in>').  The wrappers that run sshwizard call it after each run.
check_ssh_commands() {
	local cmd words
	[ -f "$REPORT" ] || return 0
	while IFS= read -r cmd; do
		words=${cmd%%[|;]*}
		case $words in "ssh "*) ;; *) continue ;; esac
		case $words in *"<"*) check "no stand-in in: $words" false; continue ;; esac
		check "ssh accepts: $words" \
			lab_client bash -c "exec ssh -G ${words#ssh } >/dev/null"
	done < <(jq -r '.verdict.suggestions[]? | select(.where == "client") |
		.command' "$REPORT" 2>/dev/null)
}

not_reachable() {
	! lab_client timeout 3 bash -c "exec 3<>/dev/tcp/$LAB_SERVER_IP/$1" \
		2>/dev/null
}

# The firewall verdict's exact fix (evidence fix_cmd of the firewall step,
# offered as written among the suggestions) run on the server without sudo:
# afterwards the client reaches PORT.  Then the server's rules are put back
# as they were and the port is blocked again.
check_firewall_fix() {
	local port=$1 fix saved_ipt saved_nft
	fix=$(jq -r '[.steps[] | select(.evidence.fix_cmd != null)] | last |
		.evidence.fix_cmd // empty' "$REPORT" 2>/dev/null)
	check "an exact firewall fix was found" [ -n "$fix" ]
	[ -n "$fix" ] || return 0
	check "the fix is offered as written" grep -qxF -- "$fix" \
		<<<"$(jq -r '.verdict.suggestions[].command' "$REPORT")"
	saved_ipt=$(lab_server iptables-save 2>/dev/null)
	saved_nft=$(lab_server nft list ruleset 2>/dev/null)
	check "the fix runs: ${fix#sudo }" lab_server bash -c "${fix#sudo }"
	check "after the fix, port $port answers" \
		lab_client timeout 5 bash -c "exec 3<>/dev/tcp/$LAB_SERVER_IP/$port"
	case $fix in
	*nft\ *) lab_server nft flush ruleset
		lab_server nft -f - <<<"$saved_nft" ;;
	*) lab_server iptables-restore <<<"$saved_ipt" ;;
	esac
	check "the rules are back: port $port blocked again" not_reachable "$port"
}

finish() {
	[ "$scen_property_runs" -gt 0 ] || [ "$SCEN_PROPERTY" = 0 ] ||
		echo "note: this scenario never checked the ssh property (scen_property)"
	if [ "$failures" -gt 0 ]; then
		echo "$failures check(s) failed"
		exit 1
	fi
	exit 0
}
