#!/bin/bash
# -i names a key file that does not exist: ssh only warns ("Identity file
# ... not accessible") and the key is never offered.  The wizard refuses
# the input before any check runs, naming the file (exit 2, no report),
# never "name your key with -i".
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd 22 "PasswordAuthentication no"
lab_known_host
MISSING="$LAB_HOME/.ssh/id_nope"
lab_client ssh -o BatchMode=yes -i "$MISSING" "$LAB_USER@$LAB_SERVER_IP" true >"$LAB_DIR/ssh.out" 2>&1
check "ssh fails" [ $? -ne 0 ]
check "ssh warns about the file" grep -qF "$MISSING" "$LAB_DIR/ssh.out"
wizard -i "$MISSING" "$LAB_USER@$LAB_SERVER_IP"
check "exit status 2" [ "$rc" -eq 2 ]
check "the file is named" grep -qF "the identity file '$MISSING' (-i) does not exist" <<<"$out"
check "no report" [ ! -e "$REPORT" ]
check "no check ran" not grep -q "^\[" <<<"$out"
# with ~ as the user typed it: the home ssh uses (the passwd entry)
wizard -i '~/.ssh/id_nope' "$LAB_USER@$LAB_SERVER_IP"
check "~: exit status 2" [ "$rc" -eq 2 ]
check "~: the expanded path is named" grep -qF "'$MISSING'" <<<"$out"
finish
