#!/bin/bash
# The authorised key needs a passphrase and no agent holds it: ssh in
# BatchMode fails; the verdict is client.key_passphrase with the ssh-add
# command for that key.  With the key in an agent, the verdict is ok.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd 22 "PasswordAuthentication no"
lab_known_host
KEY="$LAB_HOME/.ssh/id_ed25519"
ssh-keygen -q -t ed25519 -N 'lab secret phrase' -C enc@lab -f "$KEY" </dev/null || exit 99
cat "$KEY.pub" >>"$LAB_DIR/authorized_keys/$LAB_USER"
lab_client ssh -o BatchMode=yes -o ConnectTimeout=10 "$LAB_USER@$LAB_SERVER_IP" true >"$LAB_DIR/ssh.out" 2>&1
check "ssh in BatchMode fails" [ $? -ne 0 ]
wizard "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is client.key_passphrase" [ "$(cause)" = client.key_passphrase ]
check "the key is named" [ "$(step_ev ssh.auth needs_passphrase)" = "$KEY" ]
check "batch cannot ask for the passphrase" [ "$(step_outcome ssh.key_unlock)" = no_passphrase ]
check "and says so" grep -q "batch mode cannot ask" <<<"$(step_ev ssh.key_unlock passphrase)"

check "ssh-add with the real path" grep -qxF "ssh-add $KEY" <<<"$(commands)"
check "the passphrase is nowhere" not grep -qF "lab secret phrase" "$REPORT"
finish
