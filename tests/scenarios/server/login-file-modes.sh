#!/bin/bash
# StrictModes (sshd's default; the lab turns it back on here): alice's
# authorized_keys is writable by everyone.  The real ssh is refused with the
# right key and sshd logs "bad ownership or modes"; `--server -l alice` finds
# the file, names the exact chmod, and quotes sshd's line.  After that chmod
# the real ssh gets in and the check passes.  A folder owned by another
# user gives the chown instead.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 22 "StrictModes yes" "AuthorizedKeysFile .ssh/authorized_keys"
lab_client_key k1
lab_known_host 22
home="$LAB_DIR/home/$LAB_USER"
keys="$home/.ssh/authorized_keys"
mkdir -p "$home/.ssh"
cp "$LAB_HOME/.ssh/k1.pub" "$keys"
chown -R "$LAB_UID:$LAB_UID" "$home/.ssh"
chmod 700 "$home/.ssh"
chmod 666 "$keys"
ssh_try() {
	lab_client ssh -F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes \
		-i "$LAB_HOME/.ssh/k1" -o UserKnownHostsFile="$LAB_HOME/.ssh/known_hosts" \
		"$LAB_USER@$LAB_SERVER_IP" true </dev/null
}
ssh_try && fail_ssh=0 || fail_ssh=1
check "the real ssh is refused (exit)" [ "$fail_ssh" = 1 ]
check "sshd logged why" grep -q "bad ownership or modes for file $keys" "$LAB_SSHD_LOG"
# The server run sees the lab's user database, as sshd does.
mounts_prefix "$LAB_DIR/etc/passwd=/etc/passwd" "$LAB_DIR/etc/shadow=/etc/shadow" \
	"$LAB_DIR/etc/group=/etc/group"
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is auth.server_file_modes" [ "$(cause)" = auth.server_file_modes ]
check "the login step found it" [ "$(step_outcome srv_login)" = file_modes ]
check "the file is named" [ "$(step_ev srv_login fix_path)" = "$keys" ]
check "its mode is said" grep -q "mode 0666, writable by everyone" <<<"$(step_ev srv_login bad_path)"
check "sshd's line is quoted" grep -q "bad ownership or modes" <<<"$(step_ev srv_login sshd_said)"
check "the exact chmod is suggested" grep -qF "sudo chmod go-w $keys" <<<"$out"
check "the StrictModes line is named" \
	[ "$(step_ev srv_login config_line)" = "$LAB_SSHD_CONFIG:3: StrictModes yes" ]
check "StrictModes is never to be turned off" sh -c '! grep -qi "StrictModes no" "$1"' sh "$REPORT"

# The suggested fix, as written, lets the real ssh in.
chmod go-w "$keys"
ssh_try && ok_ssh=1 || ok_ssh=0
check "after the chmod the real ssh gets in" [ "$ok_ssh" = 1 ]
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "then the login check passes" [ "$(step_outcome srv_login)" = ok ]

# A folder above the file owned by another user: the chown.
chown 0:0 "$home/.ssh"
chmod 755 "$home/.ssh"
chown "$((LAB_UID + 1))" "$home/.ssh"
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "another owner: file_owner" [ "$(step_outcome srv_login)" = file_owner ]
check "the folder is named" [ "$(step_ev srv_login fix_path)" = "$home/.ssh" ]
check "the exact chown is suggested" grep -qF "sudo chown $LAB_USER $home/.ssh" <<<"$out"
finish
