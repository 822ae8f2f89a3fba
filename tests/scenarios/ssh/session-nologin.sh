#!/bin/bash
# The login is accepted but the account's shell is /usr/sbin/nologin: ssh
# logs in, prints "This account is currently not available." and exits 1.
# The verdict is session.no_shell, quoting the shell, never ok.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
[ -x /usr/sbin/nologin ] || { echo "SKIP: no /usr/sbin/nologin" >&2; exit 77; }
lab_user_shell /usr/sbin/nologin
lab_sshd
lab_known_host
lab_client_key id_ed25519 authorize
# the oracle: the real ssh fails after the login
lab_client ssh -o BatchMode=yes -o ConnectTimeout=10 "$LAB_USER@$LAB_SERVER_IP" true >"$LAB_DIR/ssh.out" 2>&1
ssh_rc=$?
check "ssh itself fails (exit 1)" [ "$ssh_rc" -eq 1 ]
check "ssh prints the shell's refusal" grep -q "not available" "$LAB_DIR/ssh.out"
wizard "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "the login passed" [ "$(step_outcome ssh.auth)" = ok ]
check "cause is session.no_shell" [ "$(cause)" = session.no_shell ]
check "the exit status is 1" [ "$(step_ev ssh.session exit_status)" = 1 ]
check "the shell's words are quoted" grep -q "This account is currently not available" <<<"$(step_ev ssh.session output)"
check "the output says so" grep -q "session.no_shell" <<<"$out"
finish
