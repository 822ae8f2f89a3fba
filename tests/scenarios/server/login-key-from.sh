#!/bin/bash
# alice's key is in authorized_keys, but its line says from="203.0.113.0/24",
# which leaves the client's address out.  The real ssh is refused and sshd
# logs "Authentication tried for alice with correct key but not from a
# permitted host"; `--server -l alice --key k1.pub --client IP` names the
# file and line, the from= list and the address, quotes sshd, and offers the
# sed command that adds the address to the list.  Run as written, it lets the
# real ssh in; the check then passes and says what the other options on the
# line (no-pty, command=) do to the session.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 22
lab_client_key k1
lab_known_host 22
keys="$LAB_DIR/authorized_keys/$LAB_USER"
printf 'from="203.0.113.0/24,*.example",no-pty %s\n' "$(cat "$LAB_HOME/.ssh/k1.pub")" >"$keys"
ssh_as_user "$LAB_HOME/.ssh/k1" && r=0 || r=1
check "the real ssh is refused" [ "$r" = 1 ]
check "sshd logged why" grep -q "Authentication tried for $LAB_USER with correct key but not from a permitted host" "$LAB_SSHD_LOG"
userdb_mounts
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER" \
	--key "$LAB_HOME/.ssh/k1.pub"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is auth.key_not_authorized" [ "$(cause)" = auth.key_not_authorized ]
check "the key check found from=" [ "$(step_outcome srv_authkeys)" = from_denied ]
check "the line is named" [ "$(step_ev srv_authkeys found_at)" = "$keys:1" ]
check "the list and the address are said" [ "$(step_ev srv_authkeys from)" = \
	"from=\"203.0.113.0/24,*.example\" does not let $LAB_CLIENT_IP in" ]
check "sshd's line is quoted" grep -q "not from a permitted host" <<<"$(step_ev srv_authkeys sshd_said)"
fix=$(step_ev srv_authkeys fix_cmd)
check "the sed command is exact" [ "$fix" = \
	"sudo sed -i '1s/from=\"203\\.0\\.113\\.0\\/24,\\*\\.example\"/from=\"203.0.113.0\\/24,*.example,$LAB_CLIENT_IP\"/' $keys" ]
check "it is offered as written" grep -qxF -- "$fix" \
	<<<"$(jq -r '.verdict.suggestions[].command' "$REPORT")"
check "the fix runs" run_server_fix "$fix"
check "the line now lets the client in" \
	grep -qF "from=\"203.0.113.0/24,*.example,$LAB_CLIENT_IP\",no-pty ssh-ed25519" "$keys"
ssh_as_user "$LAB_HOME/.ssh/k1" && r=1 || r=0
check "after the fix the real ssh gets in" [ "$r" = 1 ]
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER" \
	--key "$LAB_HOME/.ssh/k1.pub"
check "then the key check passes" [ "$(step_outcome srv_authkeys)" = ok ]
check "no-pty is said" grep -q "^no-pty: logins with this key get no terminal" \
	<<<"$(step_ev srv_authkeys key_options)"
# A wrong address under --client: the same line refuses it.
server_run --client 192.0.2.77 --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER" \
	--key "$LAB_HOME/.ssh/k1.pub"
check "another client address is refused" [ "$(step_outcome srv_authkeys)" = from_denied ]
finish
