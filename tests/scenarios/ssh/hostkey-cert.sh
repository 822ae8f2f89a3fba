#!/bin/bash
# The server presents a host certificate and known_hosts trusts only its
# authority (@cert-authority with a host pattern): ssh works, so the host
# key is known (not hostkey.unknown).  Then an expired certificate and one
# issued for another name: ssh fails ("Host key verification failed"); the
# wizard explains the certificate with its validity and principals.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
CA="$LAB_DIR/host_ca"
ssh-keygen -q -t ed25519 -N '' -C lab-host-ca -f "$CA" </dev/null || exit 99
lab_client_key id_ed25519 authorize
printf '@cert-authority 198.51.100.* %s\n' "$(cut -d' ' -f1,2 "$CA.pub")" >"$KH"
ssh_ok() {
	lab_client ssh -o BatchMode=yes -o ConnectTimeout=10 "$LAB_USER@$LAB_SERVER_IP" true >"$LAB_DIR/ssh.out" 2>&1
}

lab_host_cert "$CA"
lab_sshd 22 "HostCertificate $LAB_HOST_CERT"
ssh_ok
check "ssh works through the authority" [ $? -eq 0 ]
wizard "$LAB_USER@$LAB_SERVER_IP"
check "exit status 0" [ "$rc" -eq 0 ]
check "cause is ok" [ "$(cause)" = ok ]
check "the host key is known" [ "$(step_outcome ssh.hostkey)" = known ]
check "through the @cert-authority line" [ "$(step_ev ssh.hostkey matched_ca_entry)" = "$KH:1" ]
check "the certificate is named" grep -q cert-v01 <<<"$(step_ev ssh.hostkey host_certificate)"
lab_sshd_stop

lab_host_cert "$CA" -n "$LAB_SERVER_IP" -V 20200101:20200201
lab_sshd 22 "HostCertificate $LAB_HOST_CERT"
ssh_ok
check "expired: ssh fails" [ $? -ne 0 ]
check "expired: ssh says the certificate is invalid" grep -qi "certificate invalid\|verification failed" "$LAB_DIR/ssh.out"
wizard "$LAB_USER@$LAB_SERVER_IP"
check "expired: exit status 1" [ "$rc" -eq 1 ]
check "expired: cause is hostkey.unknown" [ "$(cause)" = hostkey.unknown ]
check "expired: the certificate verdict" [ "$(verdict_node)" = v_hostkey_cert_invalid ]
check "expired: said so" [ "$(step_ev ssh.hostkey cert_problem)" = "it has expired" ]
check "expired: the validity" grep -q "to 2020-02-01" <<<"$(step_ev ssh.hostkey cert_valid)"
lab_sshd_stop

lab_host_cert "$CA" -n other.example.test -V -5m:+1h
lab_sshd 22 "HostCertificate $LAB_HOST_CERT"
ssh_ok
check "other name: ssh fails" [ $? -ne 0 ]
wizard "$LAB_USER@$LAB_SERVER_IP"
check "other name: cause is hostkey.unknown" [ "$(cause)" = hostkey.unknown ]
check "other name: said so" [ "$(step_ev ssh.hostkey cert_problem)" = "it is issued for other host names" ]
check "other name: the principals" [ "$(step_ev ssh.hostkey cert_principals)" = other.example.test ]
finish
