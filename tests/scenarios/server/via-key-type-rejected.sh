#!/bin/bash
# For alice, sshd accepts only RSA signatures (a Match block), and her key
# is an ed25519 one, in authorized_keys.  The real ssh is refused and sshd
# logs "signature algorithm ssh-ed25519 not in PubkeyAcceptedAlgorithms";
# the client alone sees auth.key_rejected.  With --via root (whose ed25519
# key the Match leaves alone) the walk checks on the server the keys the
# client offered against the list in effect for alice (sshd -T -C) and ends
# at auth.key_type_rejected, naming the key, the list and sshd's line, and
# the commands for a key of an accepted type.  Run as written, they let the
# real ssh in.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
lab_sshd 22 "PermitRootLogin prohibit-password" \
	"AuthorizedKeysFile .ssh/authorized_keys $LAB_DIR/authorized_keys/%u" \
	"Match User $LAB_USER" "PubkeyAcceptedAlgorithms rsa-sha2-512,rsa-sha2-256"
via_root_key 22
lab_client_key k1
# alice's key where ssh-copy-id puts keys, as a user would have it.
home="$LAB_DIR/home/$LAB_USER"
mkdir -p "$home/.ssh"
cp "$LAB_HOME/.ssh/k1.pub" "$home/.ssh/authorized_keys"
chown -R "$LAB_UID:$LAB_UID" "$home/.ssh"
chmod 700 "$home/.ssh"
chmod 600 "$home/.ssh/authorized_keys"
fp=$(ssh-keygen -l -f "$LAB_HOME/.ssh/k1.pub" | awk '{print $2}')
ssh_as_user "$LAB_HOME/.ssh/k1" && r=0 || r=1
check "the real ssh is refused" [ "$r" = 1 ]
check "sshd logged why" grep -q "signature algorithm ssh-ed25519 not in PubkeyAcceptedAlgorithms" "$LAB_SSHD_LOG"

via_run --timeout "$SRV_TIMEOUT" "$LAB_USER@$LAB_SERVER_IP" -i "$LAB_HOME/.ssh/k1" \
	--via "root@$LAB_SERVER_IP:22" --via-identity "$LAB_HOME/.ssh/via"
check "exit status 1" [ "$rc" -eq 1 ]
check "the client saw the key refused" [ "$(step_outcome auth)" = key_rejected ]
check "the way in opened" [ "$(step_outcome srv_via_auth_key)" = open ]
check "cause is auth.key_type_rejected" [ "$(cause)" = auth.key_type_rejected ]
check "the key is named: path, type, fingerprint" \
	grep -qF "$LAB_HOME/.ssh/k1 (ssh-ed25519 $fp)" <<<"$(step_ev srv_authkeys rejected_key)"
check "the algorithm is named" [ "$(step_ev srv_authkeys rejected_alg)" = ssh-ed25519 ]
check "the accepted list is alice's" \
	[ "$(step_ev srv_authkeys accepted_algorithms)" = rsa-sha2-512,rsa-sha2-256 ]
check "the key is in authorized_keys" \
	[ "$(step_ev srv_authkeys found_at)" = "$home/.ssh/authorized_keys:1" ]
check "sshd's line is quoted" \
	grep -q "signature algorithm ssh-ed25519 not in PubkeyAcceptedAlgorithms" \
	<<<"$(step_ev srv_authkeys sshd_said)"
check "the new config line is stated" [ "$(step_ev srv_authkeys new_config_line)" = \
	"PubkeyAcceptedAlgorithms rsa-sha2-512,rsa-sha2-256,ssh-ed25519" ]
check "the line that sets it is named, in its Match block" \
	grep -qE "^$LAB_SSHD_CONFIG:[0-9]+: PubkeyAcceptedAlgorithms rsa-sha2-512,rsa-sha2-256 \(in the Match block at $LAB_SSHD_CONFIG:[0-9]+: Match User $LAB_USER\)" \
	<<<"$(step_ev srv_authkeys config_line)"
sshdfix=$(step_ev srv_authkeys sshd_fix_cmd)
keygen=$(step_ev srv_authkeys keygen_cmd)
copyid=$(step_ev srv_authkeys copy_id_cmd)
check "the ssh-keygen command is exact" \
	[ "$keygen" = "ssh-keygen -t rsa -f $LAB_HOME/.ssh/id_rsa" ]
check "the ssh-copy-id command is exact" \
	[ "$copyid" = "ssh-copy-id -i $LAB_HOME/.ssh/id_rsa.pub -p 22 $LAB_USER@$LAB_SERVER_IP" ]
offered=$(jq -r '.verdict.suggestions[].command' "$REPORT")
check "ssh-keygen is offered as written" grep -qxF -- "$keygen" <<<"$offered"
check "ssh-copy-id is offered as written" grep -qxF -- "$copyid" <<<"$offered"
check "the sshd_config edit is offered as written" grep -qxF -- "$sshdfix" <<<"$offered"

# The server-side fix, as written, on a copy of the configuration: sshd
# accepts the result and, for alice, now takes ssh-ed25519.
cp "$LAB_SSHD_CONFIG" "$LAB_DIR/sshd_config.fixed"
check "the edit runs" run_server_fix "${sshdfix//$LAB_SSHD_CONFIG/$LAB_DIR/sshd_config.fixed}"
check "sshd accepts the edited file" lab_server sshd -t -f "$LAB_DIR/sshd_config.fixed"
check "alice's list now has ssh-ed25519" grep -qx \
	"pubkeyacceptedalgorithms rsa-sha2-512,rsa-sha2-256,ssh-ed25519" \
	<<<"$(lab_server sshd -T -C "user=$LAB_USER,host=$LAB_CLIENT_IP,addr=$LAB_CLIENT_IP" \
		-f "$LAB_DIR/sshd_config.fixed")"
check "the password is nowhere in the report" \
	sh -c '! grep -qF "$1" "$2"' sh "$LAB_PASSWORD" "$REPORT"

# The fix as written: the new key (no passphrase for the test: -N ''), then
# ssh-copy-id with alice's password through SSH_ASKPASS.
printf '#!/bin/sh\nprintf "%%s\\n" "%s"\n' "$LAB_PASSWORD" >"$LAB_DIR/askpass"
chmod 700 "$LAB_DIR/askpass"
check "ssh-keygen runs" lab_client bash -c "$keygen -N '' -q" </dev/null
check "ssh-copy-id runs" lab_client env SSH_ASKPASS="$LAB_DIR/askpass" \
	SSH_ASKPASS_REQUIRE=force DISPLAY=none timeout 120 bash -c "$copyid" </dev/null
ssh_as_user "$LAB_HOME/.ssh/id_rsa" && r=1 || r=0
check "after the fix the real ssh gets in with the new key" [ "$r" = 1 ]
via_run --timeout "$SRV_TIMEOUT" "$LAB_USER@$LAB_SERVER_IP" -i "$LAB_HOME/.ssh/id_rsa" \
	--via "root@$LAB_SERVER_IP:22" --via-identity "$LAB_HOME/.ssh/via"
check "then the diagnosis is ok" [ "$(cause)" = ok ]
finish
