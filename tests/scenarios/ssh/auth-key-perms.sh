#!/bin/bash
# The authorised key ~/.ssh/id_ed25519 has mode 0644: ssh prints
# "UNPROTECTED PRIVATE KEY FILE", ignores the key and fails.  The verdict is
# client.key_permissions with `chmod 600` of the real path, never ok; after
# that chmod the verdict is ok.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd 22 "PasswordAuthentication no"
lab_known_host
lab_client_key id_ed25519 authorize
KEY="$LAB_HOME/.ssh/id_ed25519"
chmod 644 "$KEY"
lab_client ssh -o BatchMode=yes -o ConnectTimeout=10 "$LAB_USER@$LAB_SERVER_IP" true >"$LAB_DIR/ssh.out" 2>&1
check "ssh itself fails" [ $? -ne 0 ]
check "ssh says the key is unprotected" grep -q "UNPROTECTED PRIVATE KEY FILE" "$LAB_DIR/ssh.out"
wizard "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is client.key_permissions" [ "$(cause)" = client.key_permissions ]
check "the mode is named" [ "$(step_ev ssh.auth unprotected_mode)" = 0644 ]
check "the ignored key is named" [ "$(step_ev ssh.auth ignored_key)" = "$KEY" ]
check "chmod 600 with the real path" grep -qxF "chmod 600 $KEY" <<<"$(commands)"
# the suggested command, run as written, fixes it
lab_client sh -c "$(commands | grep '^chmod')"
wizard "$LAB_USER@$LAB_SERVER_IP"
check "after the chmod: ok" [ "$(cause)" = ok ]
check "after the chmod: the session ran" [ "$(step_outcome ssh.session)" = ok ]
finish
