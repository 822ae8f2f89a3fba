#!/bin/bash
# From the client: alice's right password is refused (DenyUsers lists her);
# the client sees only auth.password_rejected.  With a way in (--via root
# with a key) the walk goes on to the server, checks alice there as sshd
# does, and ends at auth.user_not_allowed with sshd's own line quoted.
# Without --via the client verdict stands, one informational step later.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 22 "DenyUsers $LAB_USER" "PermitRootLogin prohibit-password"
via_root_key 22
via_login_run
check "exit status 1" [ "$rc" -eq 1 ]
check "the client saw the password refused" [ "$(step_outcome auth)" = password_rejected ]
check "the way in opened" [ "$(step_outcome srv_via_auth_password)" = open ]
check "cause is auth.user_not_allowed" [ "$(cause)" = auth.user_not_allowed ]
check "alice was checked" [ "$(step_ev srv_login user)" = "$LAB_USER" ]
check "DenyUsers decides" grep -q "^DenyUsers $LAB_USER" <<<"$(step_ev srv_login denied_by)"
check "sshd's line is quoted" \
	grep -q "User $LAB_USER from $LAB_CLIENT_IP not allowed because listed in DenyUsers" \
	<<<"$(step_ev srv_login sshd_said)"
check "the deciding line of sshd_config is named" \
	[ "$(step_ev srv_login config_line)" = "$LAB_SSHD_CONFIG:3: DenyUsers $LAB_USER" ]
check "its fix comments that line out" \
	grep -qxF "sudo sed -i '3c\\# DenyUsers $LAB_USER' $LAB_SSHD_CONFIG" \
	<<<"$(jq -r '.verdict.suggestions[].command' "$REPORT")"
check "the password is nowhere in the report" \
	sh -c '! grep -qF "$1" "$2"' sh "$LAB_PASSWORD" "$REPORT"

via_run --timeout "$SRV_TIMEOUT" "$LAB_USER@$LAB_SERVER_IP" \
	--password-file "$LAB_DIR/alice.pw"
check "without --via: auth.password_rejected" [ "$(cause)" = auth.password_rejected ]
check "without --via: no way in" [ "$(step_outcome srv_via_auth_password)" = none ]
finish
