#!/bin/bash
# No known_hosts at all: hostkey.unknown with the server's fingerprint; once
# the user says the fingerprint was checked, the walk goes on to the login
# (and still writes nothing to known_hosts), which works; but the user's own
# ssh, run without questions, still stops at the unknown key: the verdict
# says so (hostkey.unknown, from the witness), never "ok".
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd
real=$(ssh-keygen -l -E sha256 -f "$LAB_DIR/hostkeys/ssh_host_ed25519_key.pub" | awk '{print $2}')
wizard --password-file "$PWFILE" "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is hostkey.unknown" [ "$(cause)" = hostkey.unknown ]
check "ssh.hostkey says unknown" [ "$(step_outcome ssh.hostkey)" = unknown ]
check "the fingerprint is the server's" [ "$(step_ev ssh.hostkey server_fingerprint)" = "$real" ]
check "no password was sent" [ "$(step_outcome ssh.auth)" = none ]
wizard --password-file "$PWFILE" --answer q_hostkey_unknown=checked "$LAB_USER@$LAB_SERVER_IP"
check "checked: the login works" [ "$(step_outcome ssh.auth)" = ok ]
check "your ssh does not know the key yet" [ "$(step_outcome ssh.witness)" = hostkey ]
check "so the verdict is the witness's" [ "$(verdict_node)" = v_witness_hostkey ]
check "cause hostkey.unknown" [ "$(cause)" = hostkey.unknown ]
check "known_hosts was not created" [ ! -e "$KH" ]
finish
