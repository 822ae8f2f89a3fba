#!/bin/bash
# The stale key sits in a hashed entry for [host]:2222 (sshd on port 2222):
# the hashed name is matched, the entry's line and old fingerprint found.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd 2222
lab_known_host -n other.example 2222
lab_known_host_wrong -H 2222
wrong=$(ssh-keygen -l -E sha256 -f "$LAB_DIR/wrongkeys/ed25519.pub" | awk '{print $2}')
wizard -p 2222 --password-file "$PWFILE" "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is hostkey.changed" [ "$(cause)" = hostkey.changed ]
check "the looked-up name has the port" [ "$(step_ev ssh.hostkey lookup_name)" = "[$LAB_SERVER_IP]:2222" ]
check "the entry was hashed" [ "$(step_ev ssh.hostkey hashed_entry)" = yes ]
check "the stale entry is line 2" [ "$(step_ev ssh.hostkey stale_entry)" = "$KH:2" ]
check "the old fingerprint is the stored key's" [ "$(step_ev ssh.hostkey known_fingerprint)" = "$wrong" ]
check "the entry really is hashed" grep -q '^|1|' <<<"$(sed -n 2p "$KH")"
finish
