#!/bin/bash
# The client's ~/.ssh/config sends the alias "box" to the server on port
# 2222 with a key others can read: client.config records the effective
# values and the key ssh would refuse; the walk then uses port 2222.
. "${abs_top_srcdir:-.}/tests/scenarios/net/net-lib.sh"
lab_client_key k1
chmod 644 "$LAB_HOME/.ssh/k1"
cat >"$LAB_HOME/.ssh/config" <<CFG
Host box
    HostName $LAB_SERVER_IP
    Port 2222
    User $LAB_USER
    IdentityFile ~/.ssh/k1
    IdentitiesOnly yes
CFG
chmod 600 "$LAB_HOME/.ssh/config"
rm -f "$REPORT"
out=$(lab_client timeout 60 "$SSHWIZARD" --batch --report "$REPORT" box 2>&1); rc=$?
echo "$out"
jq -c '.steps[] | {probe, outcome, evidence}' "$REPORT"
scen_property client box
check "client.config warns" [ "$(step_outcome client.config)" = warnings ]
check "it records HostName" [ "$(step_ev client.config hostname)" = "$LAB_SERVER_IP" ]
check "it records Port 2222" [ "$(step_ev client.config port)" = 2222 ]
check "it names the key ssh ignores" \
	grep -q "k1: mode 0644.*UNPROTECTED" <<<"$(step_ev client.config key_file)"
check "the target port is 2222" [ "$(jq -r .target.port "$REPORT")" = 2222 ]
check "nothing listens on 2222: refused" [ "$(step_outcome tcp.connect)" = refused ]
# A configuration file others may write: ssh refuses it, and so the verdict.
chmod 666 "$LAB_HOME/.ssh/config"
out=$(lab_client timeout 60 "$SSHWIZARD" --batch --report "$REPORT" box 2>&1); rc=$?
echo "$out"
scen_property client box
check "client.config says broken" [ "$(step_outcome client.config)" = broken ]
check "the verdict is the broken-config one" [ "$(jq -r .verdict.node "$REPORT")" = v_config_broken ]
check "ssh's complaint is in the evidence" \
	grep -q "Bad owner or permissions" <<<"$(step_ev client.config ssh_error)"
finish
