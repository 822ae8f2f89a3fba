#!/bin/bash
# Key files ssh cannot load, named with -i: a PuTTY .ppk file, the public
# key given as the private key, and a private key cut short.  ssh says
# 'Load key ...: invalid format' and fails; the verdict is client.key_format
# (for the .ppk with the puttygen command that converts it), never
# "nothing to log in with".
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd 22 "PasswordAuthentication no"
lab_known_host
lab_client_key id_ed25519 authorize
KEY="$LAB_HOME/.ssh/id_ed25519"
PPK="$LAB_HOME/.ssh/lab.ppk"
# A file in PuTTY's format, as puttygen writes it (header and the real
# public blob; its private part is not a real one: what matters here is
# the format ssh cannot read).
{
	echo "PuTTY-User-Key-File-2: ssh-ed25519"
	echo "Encryption: none"
	echo "Comment: lab key"
	echo "Public-Lines: 2"
	awk '{ print $2 }' "$KEY.pub" | fold -w 64
	echo "Private-Lines: 1"
	echo "AAAAIGxhYmxhYmxhYmxhYmxhYmxhYmxhYmxhYmxhYmxhYmxhYmw="
	echo "Private-MAC: 0000000000000000000000000000000000000000"
} >"$PPK"
chmod 600 "$PPK"
lab_client ssh -o BatchMode=yes -o IdentitiesOnly=yes -i "$PPK" "$LAB_USER@$LAB_SERVER_IP" true >"$LAB_DIR/ssh.out" 2>&1
check "ssh fails with the .ppk" [ $? -ne 0 ]
check "ssh cannot load it" grep -q -E "invalid format|error in libcrypto" "$LAB_DIR/ssh.out"
wizard -i "$PPK" "$LAB_USER@$LAB_SERVER_IP"
check ".ppk: exit status 1" [ "$rc" -eq 1 ]
check ".ppk: cause is client.key_format" [ "$(cause)" = client.key_format ]
check ".ppk: the PuTTY verdict" [ "$(verdict_node)" = v_key_ppk ]
check ".ppk: the puttygen command" grep -qxF "puttygen $PPK -O private-openssh -o $LAB_HOME/.ssh/lab" <<<"$(commands)"

cp "$KEY.pub" "$LAB_DIR/only.pub"
wizard -i "$LAB_DIR/only.pub" "$LAB_USER@$LAB_SERVER_IP"
check "public key as private: cause is client.key_format" [ "$(cause)" = client.key_format ]
check "public key as private: said so" grep -q "this is a public key" <<<"$(step_ev ssh.auth unloadable_why)"

head -c 200 "$KEY" >"$LAB_DIR/cut"
chmod 600 "$LAB_DIR/cut"
lab_client ssh -o BatchMode=yes -o IdentitiesOnly=yes -i "$LAB_DIR/cut" "$LAB_USER@$LAB_SERVER_IP" true >"$LAB_DIR/ssh.out" 2>&1
check "ssh fails with the cut key" [ $? -ne 0 ]
wizard -i "$LAB_DIR/cut" "$LAB_USER@$LAB_SERVER_IP"
check "cut key: cause is client.key_format" [ "$(cause)" = client.key_format ]
check "cut key: named" [ "$(step_ev ssh.auth unloadable_key)" = "$LAB_DIR/cut" ]
check "cut key: ssh-keygen -y on it" grep -qxF "ssh-keygen -y -f $LAB_DIR/cut" <<<"$(commands)"
finish
