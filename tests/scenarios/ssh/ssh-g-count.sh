#!/bin/bash
# One `ssh -G` per distinct target: a wrapper `ssh` first on PATH logs
# every run; a whole batch diagnosis of a healthy server (reached through
# an alias of an -F file, with -o) runs `ssh -G` exactly once for the
# target, ssh's defaults (-F /dev/null) at most once, and nothing twice.
# With -J, each jump host is resolved exactly once more.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd
lab_known_host
lab_client_key id_ed25519 authorize
real_ssh=$(command -v ssh) || exit 77
wrap="$LAB_DIR/wrap"
log="$LAB_DIR/ssh-runs.log"
mkdir -p "$wrap"
cat >"$wrap/ssh" <<WRAP
#!/bin/sh
printf '%s\n' "\$*" >>"$log"
exec "$real_ssh" "\$@"
WRAP
chmod +x "$wrap/ssh"
cfg="$LAB_DIR/ssh_config"
cat >"$cfg" <<CFG
Host box
    HostName $LAB_SERVER_IP
    User $LAB_USER
    IdentityFile $LAB_HOME/.ssh/id_ed25519
    UserKnownHostsFile $KH
Host hop
    HostName $LAB_SERVER_IP
    User $LAB_USER
CFG

# g_runs PATTERN: how many logged ssh runs were `ssh ... -G ...` and match
g_runs() {
	grep -e ' -G ' -e '^-G ' "$log" | grep -c -e "$1"
}

: >"$log"
rm -f "$REPORT"
out=$(PATH="$wrap:$PATH" lab_client timeout 60 "$SSHWIZARD" --batch \
	--report "$REPORT" -F "$cfg" -o ConnectTimeout=5 box 2>&1)
rc=$?
printf '%s\n' "$out"
echo "--- ssh runs:"; cat "$log"
check "the diagnosis ran (exit 0 or 1)" [ "$rc" -le 1 ]
check "the target was reached through the alias" [ "$(jq -r .target.host "$REPORT")" = "$LAB_SERVER_IP" ]
check "exactly one ssh -G for the target" [ "$(g_runs "^-F $cfg -G .*box\$")" -eq 1 ]
check "ssh's defaults at most once" [ "$(g_runs '^-F /dev/null -G')" -le 1 ]
check "no other ssh -G" [ "$(g_runs .)" -eq "$(( $(g_runs "^-F $cfg -G .*box\$") + $(g_runs '^-F /dev/null -G') ))" ]
check "no ssh -G run twice" [ -z "$(grep -e ' -G ' -e '^-G ' "$log" | sort | uniq -d)" ]

# A jump host: the target once, the hop once.
: >"$log"
out=$(PATH="$wrap:$PATH" lab_client timeout 60 "$SSHWIZARD" --batch \
	--report "$REPORT" -F "$cfg" -J hop box 2>&1)
rc=$?
printf '%s\n' "$out"
echo "--- ssh runs:"; cat "$log"
check "the diagnosis ran with -J (exit 0 or 1)" [ "$rc" -le 1 ]
check "exactly one ssh -G for the target behind -J" [ "$(g_runs "^-F $cfg -G -J hop .*box\$")" -eq 1 ]
check "exactly one ssh -G for the jump host" [ "$(g_runs "^-F $cfg -G .*hop\$")" -eq 1 ]
check "no ssh -G run twice with -J" [ -z "$(grep -e ' -G ' -e '^-G ' "$log" | sort | uniq -d)" ]
finish
