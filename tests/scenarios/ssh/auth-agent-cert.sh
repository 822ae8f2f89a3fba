#!/bin/bash
# A user certificate held only in the agent: `ssh-add KEY` with KEY-cert.pub
# beside it puts both the key and its certificate in the agent; then both
# files are gone.  The key is in no authorized_keys, but the certificate is
# signed by a CA the server trusts (TrustedUserCAKeys): ssh offers the
# agent's certificate and logs in, so the verdict is ok.  An expired
# certificate in the agent: ssh fails, auth.cert_invalid with its dates.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
UCA="$LAB_DIR/user_ca"
ssh-keygen -q -t ed25519 -N '' -C lab-user-ca -f "$UCA" </dev/null || exit 99
lab_sshd 22 "TrustedUserCAKeys $UCA.pub" "PasswordAuthentication no"
lab_known_host
lab_agent 0
K="$LAB_DIR/agent-cert-key"

# agent_cert VALIDITY: a fresh key and its certificate, only in the agent.
agent_cert() {
	lab_client env SSH_AUTH_SOCK="$SSH_AUTH_SOCK" ssh-add -q -D >/dev/null 2>&1
	rm -f "$K" "$K.pub" "$K-cert.pub"
	ssh-keygen -q -t ed25519 -N '' -C agent-cert@lab -f "$K" </dev/null || exit 99
	ssh-keygen -q -s "$UCA" -I alice-agent -n "$LAB_USER" -V "$1" "$K.pub" </dev/null \
		>/dev/null 2>&1 || exit 99
	lab_client env SSH_AUTH_SOCK="$SSH_AUTH_SOCK" ssh-add -q "$K" 2>/dev/null || exit 99
	rm -f "$K" "$K.pub" "$K-cert.pub"
}

agent_cert -5m:+1h
check "valid: the agent holds the key and its certificate" \
	[ "$(lab_client env SSH_AUTH_SOCK="$SSH_AUTH_SOCK" ssh-add -l | wc -l)" = 2 ]
wizard "$LAB_USER@$LAB_SERVER_IP"
check "valid: exit status 0" [ "$rc" -eq 0 ]
check "valid: cause is ok" [ "$(cause)" = ok ]
check "valid: the agent's certificate was accepted" \
	grep -q "agent key .*cert.*accepted" <<<"$(step_ev ssh.auth tried)"
check "valid: the session ran" [ "$(step_outcome ssh.session)" = ok ]

agent_cert 20200101:20200201
wizard "$LAB_USER@$LAB_SERVER_IP"
check "expired: exit status 1" [ "$rc" -eq 1 ]
check "expired: cause is auth.cert_invalid" [ "$(cause)" = auth.cert_invalid ]
check "expired: said so" grep -q "it has expired" <<<"$(step_ev ssh.auth cert_problem)"
check "expired: the dates" grep -q "from 2020-01-01 .* to 2020-02-01" <<<"$(step_ev ssh.auth cert_valid)"
check "expired: the certificate is named as the agent's" \
	grep -q "^agent key 2 (ssh-ed25519-cert-v01@openssh.com" <<<"$(step_ev ssh.auth agent_certificate)"
check "expired: its validity shown from the agent, by a command that runs" \
	lab_client env SSH_AUTH_SOCK="$SSH_AUTH_SOCK" bash -c "$(commands | grep '^ssh-add -L') | grep -q 'Valid: from 2020-01-01'"
check "expired: no ssh-keygen -L on a file that is not there" not grep -q "^ssh-keygen -L -f" <<<"$(commands)"
finish
