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
	if [ "$failures" -gt 0 ]; then
		echo "$failures check(s) failed"
		exit 1
	fi
	exit 0
}
