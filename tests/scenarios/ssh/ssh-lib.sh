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
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
SSH_TOP=${abs_top_srcdir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
SSHWIZARD=${SSHWIZARD:-${abs_top_builddir:-.}/sshwizard}
case $SSHWIZARD in /*) ;; *) SSHWIZARD="$PWD/$SSHWIZARD" ;; esac
# shellcheck source=../../lab/lab.sh
. "$SSH_TOP/tests/lab/lab.sh"
lab_require jq timeout
[ -x "$SSHWIZARD" ] || { echo "SKIP: no sshwizard binary at $SSHWIZARD" >&2; exit 77; }
lab_up
REPORT="$LAB_DIR/report.json"
PWFILE="$LAB_DIR/password"
KH="$LAB_HOME/.ssh/known_hosts"
(umask 077 && printf '%s\n' "$LAB_PASSWORD" >"$PWFILE")
export LANG=C.UTF-8
unset LANGUAGE LC_ALL LC_MESSAGES SSHPASS
failures=0
out= rc=

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
}

cause() { jq -r '.verdict.cause // "none"' "$REPORT" 2>/dev/null; }

verdict_node() { jq -r '.verdict.node // "none"' "$REPORT" 2>/dev/null; }

step_outcome() {
	jq -r --arg p "$1" '[.steps[] | select(.probe == $p)] | last | .outcome // "none"' \
		"$REPORT" 2>/dev/null
}

step_ev() {
	jq -r --arg p "$1" --arg k "$2" \
		'[.steps[] | select(.probe == $p)] | last | .evidence[$k] // empty |
		 if type == "array" then .[] else . end' "$REPORT" 2>/dev/null
}

commands() { jq -r '.verdict.suggestions[].command' "$REPORT" 2>/dev/null; }

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

not() { ! "$@"; }

finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures check(s) failed"
		exit 1
	fi
	exit 0
}
