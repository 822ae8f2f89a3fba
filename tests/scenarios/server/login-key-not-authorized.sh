#!/bin/bash
# alice's authorized_keys does not hold the key the client offers.  The real
# ssh is refused and sshd logs "Failed publickey"; `--server -l alice --key
# k1.pub` reads every AuthorizedKeysFile as sshd does, names the files it
# searched and the key's fingerprint, and offers the exact command that
# appends the key with the owner and mode sshd wants.  That command, run as
# written, lets the real ssh in, and the check then passes, naming the line.
# --key SHA256:... (only the fingerprint) finds it too.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 22 "AuthorizedKeysFile .ssh/authorized_keys $LAB_DIR/authorized_keys/%u"
lab_client_key k1
lab_client_key other authorize
lab_known_host 22
home="$LAB_DIR/home/$LAB_USER"
keys="$home/.ssh/authorized_keys"
fp=$(ssh-keygen -l -f "$LAB_HOME/.ssh/k1.pub" | awk '{print $2}')
ssh_as_user "$LAB_HOME/.ssh/k1" && r=0 || r=1
check "the real ssh is refused" [ "$r" = 1 ]
check "sshd logged the failed key" grep -q "Failed publickey for $LAB_USER .*$fp" "$LAB_SSHD_LOG"
userdb_mounts
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER" \
	--key "$LAB_HOME/.ssh/k1.pub"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is auth.key_not_authorized" [ "$(cause)" = auth.key_not_authorized ]
check "the key check found it" [ "$(step_outcome srv_authkeys)" = not_authorized ]
check "the key is named by fingerprint" grep -qF "$fp" <<<"$(step_ev srv_authkeys missing_key)"
check "the missing file is said" grep -qxF "$keys: does not exist" <<<"$(step_ev srv_authkeys keys_file)"
check "the other file is searched" \
	grep -qxF "$LAB_DIR/authorized_keys/$LAB_USER: 1 key line(s) in 1 line(s)" \
	<<<"$(step_ev srv_authkeys keys_file)"
check "sshd's line is quoted" grep -q "Failed publickey for $LAB_USER" <<<"$(step_ev srv_authkeys sshd_said)"
fix=$(step_ev srv_authkeys append_cmd)
check "the append command is offered as written" grep -qxF -- "$fix" \
	<<<"$(jq -r '.verdict.suggestions[].command' "$REPORT")"
check "it names the file and the key" grep -qF "$(cut -d' ' -f2 "$LAB_HOME/.ssh/k1.pub")" <<<"$fix"

# The fix, as written (sudo as root is the command itself here).
check "the fix runs" run_server_fix "$fix"
check "the file belongs to alice, mode 600" \
	[ "$(stat -c '%u %a' "$keys")" = "$LAB_UID 600" ]
ssh_as_user "$LAB_HOME/.ssh/k1" && r=1 || r=0
check "after the fix the real ssh gets in" [ "$r" = 1 ]
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER" \
	--key "$LAB_HOME/.ssh/k1.pub"
check "then the key check passes" [ "$(step_outcome srv_authkeys)" = ok ]
check "and names the line" [ "$(step_ev srv_authkeys found_at)" = "$keys:1" ]
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER" \
	--key "$fp"
check "--key SHA256:... finds it too" [ "$(step_outcome srv_authkeys)" = ok ]
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "no --key: no key to look for" [ "$(step_outcome srv_authkeys)" = no_key ]

# A certificate: what sshd looks for is its authority on a cert-authority
# line; the fix appends that line, and the real ssh gets in with the
# certificate.
ssh-keygen -q -t ed25519 -N '' -f "$LAB_DIR/ca" -C ca
lab_client_key k2
ssh-keygen -q -s "$LAB_DIR/ca" -I alice-cert -n "$LAB_USER" -V -5m:+1h \
	"$LAB_HOME/.ssh/k2.pub"
ssh_cert() {
	lab_client ssh -F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes \
		-i "$LAB_HOME/.ssh/k2" -o CertificateFile="$LAB_HOME/.ssh/k2-cert.pub" \
		-o UserKnownHostsFile="$LAB_HOME/.ssh/known_hosts" \
		"$LAB_USER@$LAB_SERVER_IP" true </dev/null
}
ssh_cert && r=0 || r=1
check "cert: the real ssh is refused" [ "$r" = 1 ]
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER" \
	--key "$LAB_HOME/.ssh/k2-cert.pub"
check "cert: not authorized" [ "$(step_outcome srv_authkeys)" = not_authorized ]
fix=$(step_ev srv_authkeys append_cmd)
check "cert: the fix appends its authority" \
	grep -qF "cert-authority $(cut -d' ' -f1,2 "$LAB_DIR/ca.pub")" <<<"$fix"
check "cert: the fix runs" run_server_fix "$fix"
ssh_cert && r=1 || r=0
check "cert: after the fix the real ssh gets in" [ "$r" = 1 ]
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER" \
	--key "$LAB_HOME/.ssh/k2-cert.pub"
check "cert: then the key check passes" [ "$(step_outcome srv_authkeys)" = ok ]
finish
