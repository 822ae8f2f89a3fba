#!/bin/bash
# alice's key is in authorized_keys with expiry-time="20200101Z", long
# passed.  The real ssh is refused and sshd logs "Refused by key options";
# `--server -l alice --key k1.pub` names the line and the time, quotes sshd,
# and offers the sed command that removes the option.  Run as written, it
# lets the real ssh in, and the check passes, saying what command= does.
# Then a line sshd skips (an unknown option) and a key only on a
# cert-authority line, each refused by the real ssh; the latter's fix lets
# it in.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 22
lab_client_key k1
lab_known_host 22
keys="$LAB_DIR/authorized_keys/$LAB_USER"
printf 'expiry-time="20200101Z",command="/bin/true" %s\n' "$(cat "$LAB_HOME/.ssh/k1.pub")" >"$keys"
ssh_as_user "$LAB_HOME/.ssh/k1" && r=0 || r=1
check "the real ssh is refused" [ "$r" = 1 ]
check "sshd logged why" grep -q "Refused by key options" "$LAB_SSHD_LOG"
userdb_mounts
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER" \
	--key "$LAB_HOME/.ssh/k1.pub"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is auth.key_not_authorized" [ "$(cause)" = auth.key_not_authorized ]
check "the key check found the expiry" [ "$(step_outcome srv_authkeys)" = expired ]
check "the line is named" [ "$(step_ev srv_authkeys found_at)" = "$keys:1" ]
check "the time is said" [ "$(step_ev srv_authkeys expiry)" = \
	'expiry-time="20200101Z": 2020-01-01 00:00:00 UTC, passed' ]
check "sshd's line is quoted" grep -q "Refused by key options" <<<"$(step_ev srv_authkeys sshd_said)"
fix=$(step_ev srv_authkeys fix_cmd)
check "the sed command is exact" [ "$fix" = \
	"sudo sed -i '1s/expiry-time=\"20200101Z\",//' $keys" ]
check "it is offered as written" grep -qxF -- "$fix" \
	<<<"$(jq -r '.verdict.suggestions[].command' "$REPORT")"
check "the fix runs" run_server_fix "$fix"
check "the option is gone, the rest of the line stays" \
	grep -qxF "command=\"/bin/true\" $(cat "$LAB_HOME/.ssh/k1.pub")" "$keys"
ssh_as_user "$LAB_HOME/.ssh/k1" && r=1 || r=0
check "after the fix the real ssh gets in" [ "$r" = 1 ]
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER" \
	--key "$LAB_HOME/.ssh/k1.pub"
check "then the key check passes" [ "$(step_outcome srv_authkeys)" = ok ]
check "command= is said" grep -q '^command="/bin/true": every login with this key runs' \
	<<<"$(step_ev srv_authkeys key_options)"

# A line sshd skips (an option it does not know): the real ssh is refused,
# the line and sshd's reason are named.
printf 'no-pty,bogus %s\n' "$(cat "$LAB_HOME/.ssh/k1.pub")" >"$keys"
ssh_as_user "$LAB_HOME/.ssh/k1" && r=0 || r=1
check "bad option: the real ssh is refused" [ "$r" = 1 ]
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER" \
	--key "$LAB_HOME/.ssh/k1.pub"
check "bad option: the line is skipped" [ "$(step_outcome srv_authkeys)" = line_skipped ]
check "bad option: sshd's reason" [ "$(step_ev srv_authkeys line_error)" = "unknown key option" ]
check "bad option: the line is shown as it is" \
	[ "$(run_server_fix "$(step_ev srv_authkeys show_cmd)")" = "$(cat "$keys")" ]

# The key only on a cert-authority line: sshd takes it for certificates,
# not as a key; the fix appends it on a line of its own, and ssh gets in.
printf 'cert-authority %s\n' "$(cat "$LAB_HOME/.ssh/k1.pub")" >"$keys"
ssh_as_user "$LAB_HOME/.ssh/k1" && r=0 || r=1
check "CA line: the real ssh is refused" [ "$r" = 1 ]
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER" \
	--key "$LAB_HOME/.ssh/k1.pub"
check "CA line: found" [ "$(step_outcome srv_authkeys)" = ca_line ]
fix=$(step_ev srv_authkeys append_cmd)
check "CA line: the fix runs" run_server_fix "$fix"
ssh_as_user "$LAB_HOME/.ssh/k1" && r=1 || r=0
check "CA line: after the fix the real ssh gets in" [ "$r" = 1 ]
finish
