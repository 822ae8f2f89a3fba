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

finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures check(s) failed"
		exit 1
	fi
	exit 0
}
