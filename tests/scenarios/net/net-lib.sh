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
# The header, cause, step_outcome, step_ev, check and finish: scen-lib.sh.
# shellcheck source=../scen-lib.sh
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../../.." && pwd)}/tests/scenarios/scen-lib.sh"
NET_DIR=$SCEN_TOP

wizard() {
	rm -f "$REPORT"
	out=$(lab_client timeout 60 "$SSHWIZARD" --batch --no-ssh-config \
		--report "$REPORT" "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	if [ -f "$REPORT" ]; then
		jq -c '.steps[] | {probe, outcome, evidence}' "$REPORT"
	fi
	check_ssh_commands
	scen_property client --no-ssh-config "$@"
}
