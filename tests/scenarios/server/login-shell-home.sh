#!/bin/bash
# The account's shell and home on the server, with the real ssh deciding:
# - a shell that does not exist: sshd refuses the right password and logs
#   "not allowed because shell ... does not exist"; --server -l alice says
#   so (auth.user_not_allowed) with the usermod that gives her one;
# - nologin: sshd lets her in and the shell ends the session; --server -l
#   says session.no_shell, and from the client with --via the walk goes
#   from the client's session.no_shell on to the server and says the same;
# - a missing home with the keys under it (AuthorizedKeysFile
#   .ssh/authorized_keys): the key is refused; --server -l says
#   home_missing with the mkdir/chown, which, run as written (in a mount
#   namespace that sees the lab's user database, as sshd does), makes the
#   folder hers; with her key put back the real ssh gets in.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 22 "AuthorizedKeysFile .ssh/authorized_keys" "PermitRootLogin prohibit-password" \
	"Match User root" "AuthorizedKeysFile $LAB_DIR/authorized_keys/root"
lab_known_host 22
mounts_prefix "$LAB_DIR/etc/passwd=/etc/passwd" "$LAB_DIR/etc/shadow=/etc/shadow" \
	"$LAB_DIR/etc/group=/etc/group"
home="$LAB_DIR/home/$LAB_USER"

# A shell that does not exist.
lab_user_shell /bin/no-such-shell
ssh_pw && r=0 || r=1
check "no shell: the real ssh is refused" [ "$r" = 1 ]
check "no shell: sshd logged why" \
	grep -q "not allowed because shell /bin/no-such-shell does not exist" "$LAB_SSHD_LOG"
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "no shell: auth.user_not_allowed" [ "$(cause)" = auth.user_not_allowed ]
check "no shell: its verdict" [ "$(node)" = v_srv_shell_missing ]
check "no shell: the shell is named" grep -q "^/bin/no-such-shell: does not exist" \
	<<<"$(step_ev srv_login shell)"
check "no shell: usermod -s with a shell that exists" \
	grep -qxF "sudo usermod -s /bin/bash $LAB_USER" <<<"$(jq -r '.verdict.suggestions[].command' "$REPORT")"
check "no shell: sshd's line is quoted" grep -q "does not exist" <<<"$(step_ev srv_login sshd_said)"

# nologin: let in, then the shell refuses.
lab_user_shell /usr/sbin/nologin
said=$(ssh_pw 2>&1) && r=0 || r=1
check "nologin: the real ssh fails after the login" [ "$r" = 1 ]
check "nologin: the shell said so" grep -q "not available" <<<"$said"
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "nologin: session.no_shell" [ "$(cause)" = session.no_shell ]
check "nologin: its verdict" [ "$(node)" = v_srv_no_shell ]
check "nologin: usermod -s" \
	grep -qxF "sudo usermod -s /bin/bash $LAB_USER" <<<"$(jq -r '.verdict.suggestions[].command' "$REPORT")"
# From the client: the walk's session step sees it, then the server says why.
via_root_key 22
via_login_run
check "via: the client saw the shell refuse" [ "$(step_outcome session)" = no_shell ]
check "via: the way in opened" [ "$(step_outcome srv_via_no_shell)" = open ]
check "via: session.no_shell from the server" [ "$(cause)" = session.no_shell ]
check "via: the server's verdict" [ "$(node)" = v_srv_no_shell ]
check "via: the shell is named" grep -q "^/usr/sbin/nologin" <<<"$(step_ev srv_login shell)"
lab_user_shell /bin/sh

# A missing home, with the keys under it.
lab_client_key k1
mkdir -p "$home/.ssh"
cp "$LAB_HOME/.ssh/k1.pub" "$home/.ssh/authorized_keys"
chown -R "$LAB_UID:$LAB_UID" "$home"
ssh_key() {
	lab_client ssh -F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes \
		-i "$LAB_HOME/.ssh/k1" -o UserKnownHostsFile="$LAB_HOME/.ssh/known_hosts" \
		"$LAB_USER@$LAB_SERVER_IP" true </dev/null
}
check "home: the key works while the home is there" ssh_key
mv "$home" "$home.away"
ssh_key && r=0 || r=1
check "home: without it the key is refused" [ "$r" = 1 ]
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "home: home_missing" [ "$(step_outcome srv_login)" = home_missing ]
check "home: session.failed" [ "$(cause)" = session.failed ]
fix="sudo mkdir -m 755 -p $home && sudo chown $LAB_USER: $home"
check "home: mkdir and chown with the real values" [ "$(step_ev srv_login login_fix_cmd)" = "$fix" ]
check "home: the fix is offered as written" grep -qxF -- "$fix" \
	<<<"$(jq -r '.verdict.suggestions[].command' "$REPORT")"
fix_nosudo=${fix//sudo /}
check "home: the fix runs" lab_server unshare -m --propagation private sh -c \
	'mount --bind "$1/etc/passwd" /etc/passwd && mount --bind "$1/etc/group" /etc/group && eval "$2"' \
	sh "$LAB_DIR" "$fix_nosudo"
check "home: the folder is hers" [ "$(stat -c %u "$home")" = "$LAB_UID" ]
cp -a "$home.away/.ssh" "$home/.ssh"
check "home: with the keys back the real ssh gets in" ssh_key
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "home: then the login check passes" [ "$(step_outcome srv_login)" = ok ]
finish
