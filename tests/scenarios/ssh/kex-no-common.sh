#!/bin/bash
# The server offers only diffie-hellman-group1-sha1, which the client's ssh
# implements (ssh -Q kex) but does not enable (ssh -G): kex.failed, naming
# the category, both offers and the option that would enable it, from the
# offer read after the banner.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
ssh -Q kex | grep -qx diffie-hellman-group1-sha1 ||
	{ echo "SKIP: this ssh does not implement diffie-hellman-group1-sha1" >&2; exit 77; }
lab_sshd 22 "KexAlgorithms diffie-hellman-group1-sha1"
lab_known_host
wizard --password-file "$PWFILE" "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is kex.failed" [ "$(cause)" = kex.failed ]
check "ssh.kex says no_common" [ "$(step_outcome ssh.kex)" = no_common ]
check "the category is kex" [ "$(step_ev ssh.kex no_common)" = kex ]
check "the server's offer is listed" grep -qx 'kex: diffie-hellman-group1-sha1' <<<"$(step_ev ssh.kex server_offers)"
check "the client's offer is listed" grep -q '^kex: .*curve25519-sha256' <<<"$(step_ev ssh.kex your_ssh_offers)"
check "ssh could enable it" [ "$(step_ev ssh.kex enable_with)" = "KexAlgorithms=+diffie-hellman-group1-sha1" ]
check "the verdict is the no-common one" [ "$(verdict_node)" = v_kex_no_common ]
# The server's offer came after its banner (ssh.banner's connection): with
# nothing in common, no key exchange is tried on a connection of its own.
check "the key exchange was not tried" grep -q "was not tried" <<<"$(step_ev ssh.kex note)"
check "no libssh error: libssh did not run" [ -z "$(step_ev ssh.kex libssh_error)" ]
finish
