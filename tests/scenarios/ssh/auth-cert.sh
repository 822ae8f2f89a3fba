#!/bin/bash
# User certificates: the key is not in authorized_keys, but its certificate
# (~/.ssh/id_ed25519-cert.pub) is signed by a CA the server trusts
# (TrustedUserCAKeys): ssh works and the verdict is ok.  Then an expired
# certificate and one issued for another user: ssh fails, the verdict is
# auth.cert_invalid with the dates and principals.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
UCA="$LAB_DIR/user_ca"
ssh-keygen -q -t ed25519 -N '' -C lab-user-ca -f "$UCA" </dev/null || exit 99
lab_sshd 22 "TrustedUserCAKeys $UCA.pub" "PasswordAuthentication no"
lab_known_host
lab_client_key id_ed25519
KEY="$LAB_HOME/.ssh/id_ed25519"
sign() {
	rm -f "$KEY-cert.pub"
	ssh-keygen -q -s "$UCA" -I alice-cert "$@" "$KEY.pub" </dev/null >/dev/null 2>&1 || exit 99
}
ssh_ok() {
	lab_client ssh -o BatchMode=yes -o ConnectTimeout=10 "$LAB_USER@$LAB_SERVER_IP" true >"$LAB_DIR/ssh.out" 2>&1
}

sign -n "$LAB_USER" -V -5m:+1h
ssh_ok
check "valid: ssh works" [ $? -eq 0 ]
wizard "$LAB_USER@$LAB_SERVER_IP"
check "valid: exit status 0" [ "$rc" -eq 0 ]
check "valid: cause is ok" [ "$(cause)" = ok ]
check "valid: logged in with the certificate" grep -qF "$KEY-cert.pub: accepted, logged in" <<<"$(step_ev ssh.auth tried)"
check "valid: the session ran" [ "$(step_outcome ssh.session)" = ok ]

sign -n "$LAB_USER" -V 20200101:20200201
ssh_ok
check "expired: ssh fails" [ $? -ne 0 ]
wizard "$LAB_USER@$LAB_SERVER_IP"
check "expired: exit status 1" [ "$rc" -eq 1 ]
check "expired: cause is auth.cert_invalid" [ "$(cause)" = auth.cert_invalid ]
check "expired: said so" grep -q "it has expired" <<<"$(step_ev ssh.auth cert_problem)"
check "expired: the dates" grep -q "from 2020-01-01 .* to 2020-02-01" <<<"$(step_ev ssh.auth cert_valid)"
check "expired: ssh-keygen -L on it" grep -qxF "ssh-keygen -L -f $KEY-cert.pub" <<<"$(commands)"

sign -n bob,carol -V -5m:+1h
ssh_ok
check "other user: ssh fails" [ $? -ne 0 ]
wizard "$LAB_USER@$LAB_SERVER_IP"
check "other user: cause is auth.cert_invalid" [ "$(cause)" = auth.cert_invalid ]
check "other user: said so" grep -q "principals do not include the user" <<<"$(step_ev ssh.auth cert_problem)"
check "other user: the principals" [ "$(step_ev ssh.auth cert_principals | tr '\n' ,)" = "bob,carol," ]

# A valid certificate kept elsewhere, named by CertificateFile in the
# configuration given with -F (ssh reads it, so does the wizard); the
# KEY-cert.pub beside the key (for bob) is then not offered, as with ssh.
sign -n bob -V -5m:+1h
ssh-keygen -q -s "$UCA" -I alice-elsewhere -n "$LAB_USER" -V -5m:+1h "$KEY.pub" </dev/null >/dev/null 2>&1 || exit 99
mv "$KEY-cert.pub" "$LAB_DIR/alice-cert.pub"
sign -n bob -V -5m:+1h
printf 'Host lab\n    HostName %s\n    User %s\n    CertificateFile %s\n    IdentityFile %s\n    IdentityAgent none\n' \
	"$LAB_SERVER_IP" "$LAB_USER" "$LAB_DIR/alice-cert.pub" "$KEY" >"$LAB_DIR/ssh_config"
lab_client ssh -F "$LAB_DIR/ssh_config" -o BatchMode=yes lab true >/dev/null 2>&1
check "CertificateFile: ssh works" [ $? -eq 0 ]
rm -f "$REPORT"
out=$(lab_client timeout 60 "$SSHWIZARD" --batch -F "$LAB_DIR/ssh_config" --report "$REPORT" lab 2>&1)
rc=$?
check "CertificateFile: exit status 0" [ "$rc" -eq 0 ]
check "CertificateFile: cause is ok" [ "$(cause)" = ok ]
check "CertificateFile: logged in with it" grep -qF "$LAB_DIR/alice-cert.pub: accepted, logged in" <<<"$(step_ev ssh.auth tried)"
check "CertificateFile: the bob certificate beside the key is not offered" not grep -qF "$KEY-cert.pub" <<<"$(step_ev ssh.auth tried)"
check "IdentityAgent none: no agent" [ "$(step_ev ssh.auth agent)" = "none (IdentityAgent none)" ]
finish
