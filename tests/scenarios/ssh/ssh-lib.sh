# shellcheck shell=bash
# ssh-lib.sh - shared by the SSH-level scenarios (banner, key exchange, host
# key, login).  Source it from a scenario script; afterwards the lab is up (or
# the test skipped with its reason) and these exist:
#
#   wizard ARGS...      runs $SSHWIZARD --batch --no-ssh-config ARGS
#                       --report $REPORT in the client namespace (HOME is
#                       $LAB_HOME), bounded by `timeout`; sets $out and $rc
#   cause               the verdict's cause
#   verdict_node        the verdict's node id
#   step_outcome P      the outcome of the last step whose probe is P
#   step_ev P KEY       that step's evidence KEY, one value a line
#   commands            the verdict's suggested commands, one a line
#   check DESC CMD...   passes when CMD succeeds; counts failures
#   not CMD...          succeeds when CMD fails (for check: `check D not ...`)
#   finish              exits 0, or 1 when a check failed
#
#   $PWFILE             a file holding the lab password ($LAB_PASSWORD)
#   $KH                 the client's known_hosts
#
# SW_TEST_TREE, when set, is passed as --tree (to try a tree in progress).
# Exit codes follow automake: 0 pass, 1 fail, 77 skip, 99 the lab broke.
# The header, cause, verdict_node, step_outcome, step_ev, check and finish:
# scen-lib.sh.
# shellcheck source=../scen-lib.sh
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../../.." && pwd)}/tests/scenarios/scen-lib.sh"
SSH_TOP=$SCEN_TOP
PWFILE="$LAB_DIR/password"
KH="$LAB_HOME/.ssh/known_hosts"
(umask 077 && printf '%s\n' "$LAB_PASSWORD" >"$PWFILE")

wizard() {
	local tree=()

	[ -n "${SW_TEST_TREE:-}" ] && tree=(--tree "$SW_TEST_TREE")
	rm -f "$REPORT"
	out=$(lab_client timeout 60 "$SSHWIZARD" "${tree[@]}" --batch \
		--no-ssh-config --report "$REPORT" "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	if [ -f "$REPORT" ]; then
		jq -c '.steps[] | {probe, outcome, evidence}' "$REPORT"
	fi
	check_ssh_commands
	scen_property client --no-ssh-config "$@"
}

commands() { jq -r '.verdict.suggestions[].command' "$REPORT" 2>/dev/null; }

not() { ! "$@"; }
