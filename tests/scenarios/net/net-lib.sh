# shellcheck shell=bash
# net-lib.sh - shared by the network scenarios: source it from a scenario
# script, after which the lab is up (or the test skipped) and these exist:
#
#   wizard ARGS...     runs $SSHWIZARD --batch --no-ssh-config ARGS with
#                      --report $REPORT in the client namespace, bounded by
#                      `timeout`; sets $out (stdout+stderr) and $rc
#   cause              the verdict's cause in $REPORT
#   step_outcome P     the outcome of the (last) step whose probe is P
#   step_ev P KEY      the evidence KEY of that step, one value a line
#   check DESC CMD...  passes when CMD succeeds; counts failures
#   finish             prints the verdict of the test and exits
#
# Exit codes follow automake: 0 pass, 1 fail, 77 skip, 99 the lab broke.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
NET_DIR=${abs_top_srcdir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
SSHWIZARD=${SSHWIZARD:-${abs_top_builddir:-.}/sshwizard}
case $SSHWIZARD in /*) ;; *) SSHWIZARD="$PWD/$SSHWIZARD" ;; esac
# shellcheck source=../../lab/lab.sh
. "$NET_DIR/tests/lab/lab.sh"
lab_require jq timeout
[ -x "$SSHWIZARD" ] || { echo "SKIP: no sshwizard binary at $SSHWIZARD" >&2; exit 77; }
lab_up
REPORT="$LAB_DIR/report.json"
export LANG=C.UTF-8
unset LANGUAGE LC_ALL LC_MESSAGES SSHPASS
failures=0
out= rc=

wizard() {
	rm -f "$REPORT"
	out=$(lab_client timeout 60 "$SSHWIZARD" --batch --no-ssh-config \
		--report "$REPORT" "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	if [ -f "$REPORT" ]; then
		jq -c '.steps[] | {probe, outcome, evidence}' "$REPORT"
	fi
}

cause() { jq -r '.verdict.cause // "none"' "$REPORT" 2>/dev/null; }

step_outcome() {
	jq -r --arg p "$1" '[.steps[] | select(.probe == $p)] | last | .outcome // "none"' \
		"$REPORT" 2>/dev/null
}

step_ev() {
	jq -r --arg p "$1" --arg k "$2" \
		'[.steps[] | select(.probe == $p)] | last | .evidence[$k] // empty |
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

finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures check(s) failed"
		exit 1
	fi
	exit 0
}
