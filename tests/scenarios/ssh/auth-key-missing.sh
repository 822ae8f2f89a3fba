#!/bin/bash
# -i names a key file that does not exist: ssh only warns ("Identity file
# ... not accessible") and the key is never offered.  The wizard names the
# file: client.key_missing, never "name your key with -i".
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd 22 "PasswordAuthentication no"
lab_known_host
MISSING="$LAB_HOME/.ssh/id_nope"
lab_client ssh -o BatchMode=yes -i "$MISSING" "$LAB_USER@$LAB_SERVER_IP" true >"$LAB_DIR/ssh.out" 2>&1
check "ssh fails" [ $? -ne 0 ]
check "ssh warns about the file" grep -qF "$MISSING" "$LAB_DIR/ssh.out"
wizard -i "$MISSING" "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is client.key_missing" [ "$(cause)" = client.key_missing ]
check "the file is named" [ "$(step_ev ssh.auth key_missing)" = "$MISSING" ]
check "its directory is listed" grep -qxF "ls -l $LAB_HOME/.ssh" <<<"$(commands)"
finish
