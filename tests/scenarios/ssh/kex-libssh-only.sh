#!/bin/bash
# The server offers only sntrup761x25519-sha512@openssh.com: the user's
# OpenSSH has it, libssh 0.10 does not.  The wizard must not blame the
# server: libssh_only; then the user's own ssh decides, and it logs in: ok,
# with a verdict that names the wizard's limit.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
ssh -G localhost | grep -q '^kexalgorithms .*sntrup761x25519-sha512@openssh.com' ||
	{ echo "SKIP: this ssh does not offer sntrup761x25519-sha512@openssh.com" >&2; exit 77; }
lab_sshd 22 "KexAlgorithms sntrup761x25519-sha512@openssh.com"
lab_known_host
wizard --password-file "$PWFILE" "$LAB_USER@$LAB_SERVER_IP"
check "exit status 0" [ "$rc" -eq 0 ]
check "ssh.kex says libssh_only" [ "$(step_outcome ssh.kex)" = libssh_only ]
check "the server is not blamed: your ssh works" [ "$(cause)" = ok ]
check "your ssh logged in" [ "$(step_outcome ssh.witness)" = works ]
check "the gap is named" grep -q '^kex: sntrup761x25519-sha512@openssh.com' <<<"$(step_ev ssh.kex libssh_lacks)"
check "your ssh and the server agree" grep -q '^kex: sntrup761' <<<"$(step_ev ssh.kex in_common)"
check "the verdict names the library's limit" [ "$(verdict_node)" = v_ok_ssh_only ]
finish
