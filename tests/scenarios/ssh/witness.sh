#!/bin/bash
# The user's own ssh is the witness of "ok" (issue 10): it runs alongside
# the checks and decides before the verdict ok is given.
# - healthy: ok, the witness step says "works", report.witness holds ssh's
#   exit status 0 and its command line;
# - the checks pass but ssh fails (its configuration asks for a local
#   forward it cannot set up, with ExitOnForwardFailure): the verdict is
#   witness.ssh_fails with what ssh printed, never ok;
# - --from-log with a login error while the login works now: ok, because
#   ssh works now;
# - a password reaches ssh through the askpass pipe, never argv or a file.
# No ssh is left running after any run.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd
lab_known_host
lab_client_key id_ed25519 authorize

no_ssh_left() { [ -z "$(ip netns pids "$LAB_C" 2>/dev/null)" ]; }

wizard "$LAB_USER@$LAB_SERVER_IP"
check "healthy: exit status 0" [ "$rc" -eq 0 ]
check "healthy: cause ok" [ "$(cause)" = ok ]
check "healthy: your ssh works" [ "$(step_outcome ssh.witness)" = works ]
check "report.witness: exit 0" [ "$(jq -r .witness.exit "$REPORT")" = 0 ]
check "report.witness: outcome works" [ "$(jq -r .witness.outcome "$REPORT")" = works ]
check "report.witness: how long it ran" jq -e '.witness.ms >= 0' "$REPORT"
check "report.witness: ssh -vvv ... true, without questions" \
	grep -q -- "-vvv .*-oBatchMode=yes .*198.51.100.2 true$" <<<"$(jq -r .witness.command "$REPORT")"
check "no ssh left running" no_ssh_left

# The checks cannot see a local forward; ssh fails on it.
cat >"$LAB_HOME/.ssh/config" <<CFG
Host box
    HostName $LAB_SERVER_IP
    User $LAB_USER
    ExitOnForwardFailure yes
    LocalForward 198.51.100.77:10000 127.0.0.1:22
CFG
chmod 600 "$LAB_HOME/.ssh/config"
rm -f "$REPORT"
out=$(lab_client timeout 60 "$SSHWIZARD" --batch --report "$REPORT" box 2>&1); rc=$?
echo "$out"
jq -c '.steps[] | {probe, outcome, evidence}' "$REPORT"
scen_property client box
check "disagree: exit status 1" [ "$rc" -eq 1 ]
check "disagree: the login check passed" [ "$(step_outcome ssh.auth)" = ok ]
check "disagree: your ssh failed" [ "$(step_outcome ssh.witness)" = failed ]
check "disagree: cause witness.ssh_fails" [ "$(cause)" = witness.ssh_fails ]
check "disagree: the verdict says so" grep -q "Your ssh fails although the checks passed" <<<"$out"
check "disagree: ssh's own words are quoted" \
	grep -q "Could not request local forwarding" <<<"$(step_ev ssh.witness ssh_said)"
check "report.witness: exit 255" [ "$(jq -r .witness.exit "$REPORT")" = 255 ]
check "no ssh left running" no_ssh_left
rm -f "$LAB_HOME/.ssh/config"

# The user came with a login error; the login works now, and so does ssh.
log="$LAB_DIR/error.txt"
printf '%s@%s: Permission denied (publickey,password).\n' "$LAB_USER" "$LAB_SERVER_IP" >"$log"
wizard --from-log "$log" "$LAB_USER@$LAB_SERVER_IP"
check "from-log: recognised" [ "$(jq -r '.from_log[0].id' "$REPORT")" = auth_denied ]
check "from-log: your ssh works now: ok" [ "$(cause)" = ok ]
check "from-log: the witness decided" [ "$(jq -r .witness.outcome "$REPORT")" = works ]

# A password: through the askpass pipe only (its helper in a private
# TMPDIR, so what is left there is this run's alone).
rm -f "$LAB_HOME/.ssh/id_ed25519" "$LAB_HOME/.ssh/id_ed25519.pub"
mkdir -m 700 "$LAB_DIR/tmp"
export TMPDIR="$LAB_DIR/tmp"
wizard --password-file "$PWFILE" "$LAB_USER@$LAB_SERVER_IP"
unset TMPDIR
check "password: cause ok" [ "$(cause)" = ok ]
check "password: your ssh logged in with it" [ "$(step_outcome ssh.witness)" = works ]
check "password: not in the command line" not grep -qF "$LAB_PASSWORD" <<<"$(jq -r .witness.command "$REPORT")"
check "password: nowhere in the report" not grep -qF "$LAB_PASSWORD" "$REPORT"
check "password: the askpass helper is gone" [ -z "$(ls -A "$LAB_DIR/tmp")" ]
check "no ssh left running" no_ssh_left
finish
