#!/bin/bash
# known_hosts knows the server only by its RSA key.  While the server still
# has that key, the client asks for it first, as ssh does, and the key is
# known.  Once the server offers only its Ed25519 key (port 2222 here), the
# host is "known under another key type": reported as a new key
# (hostkey.unknown), not as the alarming changed key.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd 22
lab_sshd 2222 "HostKeyAlgorithms ssh-ed25519"
lab_known_host -t rsa
lab_known_host -t rsa 2222
wizard --password-file "$PWFILE" "$LAB_USER@$LAB_SERVER_IP"
check "both keys offered: the known RSA key is used" [ "$(step_ev ssh.hostkey server_key_type)" = ssh-rsa ]
check "both keys offered: known" [ "$(step_outcome ssh.hostkey)" = known ]
check "both keys offered: cause is ok" [ "$(cause)" = ok ]

wizard -p 2222 --password-file "$PWFILE" "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "ssh.hostkey says other_type" [ "$(step_outcome ssh.hostkey)" = other_type ]
check "cause is hostkey.unknown" [ "$(cause)" = hostkey.unknown ]
check "the verdict is the key-type one" [ "$(verdict_node)" = v_hostkey_other_type ]
check "the known type is ssh-rsa" [ "$(step_ev ssh.hostkey known_key_types)" = ssh-rsa ]
check "the server's type is ssh-ed25519" [ "$(step_ev ssh.hostkey server_key_type)" = ssh-ed25519 ]
check "libssh agrees" [ "$(step_ev ssh.hostkey libssh_says)" = other_type ]
check "it says this is not the changed-key case" \
	grep -q 'not the alarming' <<<"$(jq -r .verdict.explanation "$REPORT")"
check "no removal suggested" not grep -q 'ssh-keygen -R' <<<"$(commands)"
finish
