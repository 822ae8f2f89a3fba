#!/bin/bash
# known_hosts holds another key of the same type for the server: the
# question node comes; unanswered (or "not sure") it ends in the impostor
# warning, answered "expected" it suggests ssh-keygen -R.  Both fingerprints
# and the stale line are in the evidence; nothing ever suggests turning host
# key checking off, and the file is left as it was.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd
lab_known_host_wrong
before=$(sha256sum "$KH")
real=$(ssh-keygen -l -E sha256 -f "$LAB_DIR/hostkeys/ssh_host_ed25519_key.pub" | awk '{print $2}')
wrong=$(ssh-keygen -l -E sha256 -f "$LAB_DIR/wrongkeys/ed25519.pub" | awk '{print $2}')
wizard --password-file "$PWFILE" "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is hostkey.changed" [ "$(cause)" = hostkey.changed ]
check "ssh.hostkey says changed" [ "$(step_outcome ssh.hostkey)" = changed ]
check "the server's fingerprint is the real key's" [ "$(step_ev ssh.hostkey server_fingerprint)" = "$real" ]
check "the old fingerprint is the stored key's" [ "$(step_ev ssh.hostkey known_fingerprint)" = "$wrong" ]
check "the stale entry is line 1" [ "$(step_ev ssh.hostkey stale_entry)" = "$KH:1" ]
check "libssh agrees" [ "$(step_ev ssh.hostkey libssh_says)" = changed ]
check "the question was asked" \
	[ "$(jq -r '.steps[] | select(.node == "q_hostkey_changed") | .outcome' "$REPORT")" = unexplained ]
check "unexplained: the impostor warning" [ "$(verdict_node)" = v_hostkey_changed_unexplained ]
check "unexplained: no removal suggested" not grep -q 'ssh-keygen -R' <<<"$(commands)"
check "no login was attempted" [ "$(step_outcome ssh.auth)" = none ]
check "never StrictHostKeyChecking=no in a command" not grep -qi 'StrictHostKeyChecking' <<<"$(commands)"

wizard --password-file "$PWFILE" --answer q_hostkey_changed=expected "$LAB_USER@$LAB_SERVER_IP"
check "expected: cause is hostkey.changed" [ "$(cause)" = hostkey.changed ]
check "expected: the expected-change verdict" [ "$(verdict_node)" = v_hostkey_changed_expected ]
check "expected: ssh-keygen -R with the file" \
	grep -qxF "ssh-keygen -R $LAB_SERVER_IP -f $KH" <<<"$(commands)"
check "expected: the risk is explained" \
	grep -q 'StrictHostKeyChecking=no' <<<"$(jq -r .verdict.explanation "$REPORT")"
check "expected: never StrictHostKeyChecking=no in a command" not grep -qi 'StrictHostKeyChecking' <<<"$(commands)"
check "known_hosts is unchanged" [ "$(sha256sum "$KH")" = "$before" ]
finish
