#!/bin/bash
# The sshd_config line that decides, with its file and line number, through
# Include (a glob, a Match block around an Include): DenyUsers in an
# included file refuses alice; `--server -l alice` names that file:line,
# quotes it, and offers the sed command that rewrites it.  That command, run
# as written, and a reload let the real ssh in.  Then PermitRootLogin set in
# a file included inside a "Match Address" block for the client: root's
# verdict names that line and the Match block it is in.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
inc="$LAB_DIR/sshd-extra"
mkdir -p "$inc/match.d"
deny="$inc/10-deny.conf"
printf '# who may not log in\n\nDenyUsers nobody %s\n' "$LAB_USER" >"$deny"
printf 'PermitRootLogin no\n' >"$inc/README"
printf '\nPermitRootLogin prohibit-password\n' >"$inc/match.d/root.conf"
lab_sshd 22 "Include $inc/*.conf" "PermitRootLogin yes" \
	"Match Address $LAB_CLIENT_IP/32" "Include $inc/match.d/*.conf"
lab_known_host 22
# sshd reads its configuration again (SIGHUP: it re-executes itself); the
# real ssh with the password, until it gets in: 60 tries, 0.5 s apart.
reload_and_login() {
	local _
	kill -HUP "$LAB_SSHD_PID" || return 1
	for _ in $(seq 1 60); do
		ssh_pw && return 0
		sleep 0.5
	done
	return 1
}
mounts_prefix "$LAB_DIR/etc/passwd=/etc/passwd" "$LAB_DIR/etc/shadow=/etc/shadow" \
	"$LAB_DIR/etc/group=/etc/group"
ssh_pw && r=0 || r=1
check "the real ssh is refused" [ "$r" = 1 ]
check "sshd logged why" grep -q "not allowed because listed in DenyUsers" "$LAB_SSHD_LOG"
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "cause is auth.user_not_allowed" [ "$(cause)" = auth.user_not_allowed ]
check "the included file's line is named and quoted" \
	[ "$(step_ev srv_login config_line)" = "$deny:3: DenyUsers nobody $LAB_USER" ]
fix="sudo sed -i '3c\\DenyUsers nobody' $deny"
check "the fix rewrites that line" [ "$(step_ev srv_login login_fix_cmd)" = "$fix" ]
check "the fix is offered as written" grep -qxF -- "$fix" \
	<<<"$(jq -r '.verdict.suggestions[].command' "$REPORT")"
check "no grep for the line is offered any more" \
	sh -c '! jq -r ".verdict.suggestions[].command" "$1" | grep -q "grep "' sh "$REPORT"
check "the line is a fact of the verdict" grep -qF "$deny:3" \
	<<<"$(jq -r '.verdict.facts[]? | tostring' "$REPORT")"

# The fix as written, then a reload: the real ssh gets in.
check "the fix runs" bash -c "${fix#sudo }"
check "the file now says" grep -qx "DenyUsers nobody" "$deny"
check "sshd -t accepts it" lab_server unshare -m --propagation private \
	/bin/sh "$LAB_DIR/sshd-wrap.sh" "$LAB_DIR" /usr/sbin/sshd -t -f "$LAB_SSHD_CONFIG"
check "after the fix and a reload the real ssh gets in" reload_and_login
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "then the login check passes" [ "$(step_outcome srv_login)" = ok ]

# root from the client's address: the Match block's included file decides.
root_conf="$inc/match.d/root.conf"
mline=$(grep -n "^Match Address" "$LAB_SSHD_CONFIG" | cut -d: -f1)
ssh_pw root && r=0 || r=1
check "root: the real ssh is refused" [ "$r" = 1 ]
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l root
check "root: auth.root_denied" [ "$(cause)" = auth.root_denied ]
check "root: the line in the Match block's Include is named" \
	[ "$(step_ev srv_login config_line)" = "$root_conf:2: PermitRootLogin prohibit-password (in the Match block at $LAB_SSHD_CONFIG:$mline: Match Address $LAB_CLIENT_IP/32)" ]
check "root: no line change is offered for prohibit-password" \
	[ -z "$(step_ev srv_login login_fix_cmd)" ]
lab_sshd_stop 22

# Passwords turned off: from the client, alice's password meets
# auth.method_unavailable; over --via the server names the line.
lab_sshd 22 "PasswordAuthentication no" "KbdInteractiveAuthentication no" \
	"PermitRootLogin prohibit-password"
via_root_key 22
ssh_pw && r=0 || r=1
check "methods: the real ssh with a password is refused" [ "$r" = 1 ]
via_login_run
check "methods: the client saw the method missing" [ "$(step_outcome auth)" = method_unavailable ]
check "methods: the way in opened" [ "$(step_outcome srv_via_auth_method)" = open ]
check "methods: auth.method_unavailable from the server" [ "$(cause)" = auth.method_unavailable ]
check "methods: its verdict" [ "$(node)" = v_srv_method_off ]
check "methods: the line is named" \
	[ "$(step_ev srv_login config_line)" = "$LAB_SSHD_CONFIG:3: PasswordAuthentication no" ]
fix="sudo sed -i '3c\\PasswordAuthentication yes' $LAB_SSHD_CONFIG"
check "methods: the fix is offered as written" grep -qxF -- "$fix" \
	<<<"$(jq -r '.verdict.suggestions[].command' "$REPORT")"
# On the server itself the client's way is not known: the methods are
# said, with their lines, and nothing is decided from them.
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "methods: --server lists them with their lines" grep -qxF \
	"PasswordAuthentication no ($LAB_SSHD_CONFIG:3: PasswordAuthentication no)" \
	<<<"$(step_ev srv_login methods)"
check "methods: --server: the login check passes" [ "$(step_outcome srv_login)" = ok ]
check "methods: the fix runs" bash -c "${fix#sudo }"
check "methods: after the fix and a reload the real ssh gets in" reload_and_login
finish
