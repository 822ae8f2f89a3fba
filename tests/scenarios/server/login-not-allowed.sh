#!/bin/bash
# DenyUsers lists alice: the real ssh is refused with the right password
# and sshd logs "not allowed because listed in DenyUsers"; `--server -l
# alice` reads the configuration in effect for her connection (sshd -T -C)
# and says so, quoting sshd.  AllowUsers that leaves her out, a locked and
# an expired account, and root under PermitRootLogin prohibit-password are
# found the same way.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 22 "DenyUsers nobody $LAB_USER"
lab_known_host 22
mounts_prefix "$LAB_DIR/etc/passwd=/etc/passwd" "$LAB_DIR/etc/shadow=/etc/shadow" \
	"$LAB_DIR/etc/group=/etc/group"
if :; then
	ssh_pw && r=0 || r=1
	check "the real ssh is refused" [ "$r" = 1 ]
	check "sshd logged why" grep -q "not allowed because listed in DenyUsers" "$LAB_SSHD_LOG"
fi
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is auth.user_not_allowed" [ "$(cause)" = auth.user_not_allowed ]
check "DenyUsers decides" grep -q "^DenyUsers .*$LAB_USER" <<<"$(step_ev srv_login denied_by)"
check "the effective config was read for alice" \
	grep -q "user=$LAB_USER,host=$LAB_CLIENT_IP,addr=$LAB_CLIENT_IP" <<<"$(step_ev srv_login effective_config)"
if :; then
	check "sshd's line is quoted" grep -q "DenyUsers" <<<"$(step_ev srv_login sshd_said)"
fi
lab_sshd_stop 22

# AllowUsers without her.
lab_sshd 22 "AllowUsers root"
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "AllowUsers: not allowed" [ "$(step_outcome srv_login)" = not_allowed ]
check "AllowUsers decides" grep -q "^AllowUsers root" <<<"$(step_ev srv_login denied_by)"
lab_sshd_stop 22

# Locked (sshd without PAM, as in the lab), then expired (checked through
# PAM's account module, so with UsePAM yes).
lab_sshd 22
# Edited in place: sshd sees the file through a bind mount of its inode.
shadow_edit() {
	sed "$1" "$LAB_DIR/etc/shadow" >"$LAB_DIR/shadow.new" &&
		cat "$LAB_DIR/shadow.new" >"$LAB_DIR/etc/shadow"
}
shadow_edit "s/^$LAB_USER:/$LAB_USER:!/"
ssh_pw && r=0 || r=1
check "locked: the real ssh is refused" [ "$r" = 1 ]
check "locked: sshd logged why" grep -q "not allowed because account is locked" "$LAB_SSHD_LOG"
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "locked: account.locked" [ "$(cause)" = account.locked ]
check "locked: usermod -U" grep -qF "sudo usermod -U $LAB_USER" <<<"$out"
check "locked: sshd's line is quoted" grep -q "account is locked" <<<"$(step_ev srv_login sshd_said)"
shadow_edit "s/^$LAB_USER:!/$LAB_USER:/"
lab_sshd_stop 22
lab_sshd 22 "UsePAM yes"
awk -F: -v OFS=: -v u="$LAB_USER" '$1 == u { $8 = 1 } { print }' "$LAB_DIR/etc/shadow" \
	>"$LAB_DIR/shadow.new" && cat "$LAB_DIR/shadow.new" >"$LAB_DIR/etc/shadow"
if :; then
	ssh_pw && r=0 || r=1
	check "expired: the real ssh is refused" [ "$r" = 1 ]
fi
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "expired: account.expired" [ "$(cause)" = account.expired ]
check "expired: chage -E -1" grep -qF "sudo chage -E -1 $LAB_USER" <<<"$out"
lab_sshd_stop 22
awk -F: -v OFS=: -v u="$LAB_USER" '$1 == u { $8 = "" } { print }' "$LAB_DIR/etc/shadow" \
	>"$LAB_DIR/shadow.new" && cat "$LAB_DIR/shadow.new" >"$LAB_DIR/etc/shadow"

# root, with PermitRootLogin prohibit-password.
lab_sshd 22 "PermitRootLogin prohibit-password"
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l root
check "root: auth.root_denied" [ "$(cause)" = auth.root_denied ]
check "root: the value is said" grep -qE "^(prohibit|without)-password" \
	<<<"$(step_ev srv_login permitrootlogin)"

check "the real ssh gets in as alice with the password" ssh_pw
# Nothing refuses her: the check passes (and names no user when none given).
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "allowed: the login check passes" [ "$(step_outcome srv_login)" = ok ]
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "no -l: no user to check" [ "$(step_outcome srv_login)" = no_user ]
finish
