#!/bin/bash
# No sshd on the machine.  The lab cannot uninstall the real package, so the
# run of --server sees a private mount namespace where /usr/sbin/sshd (and
# /sbin/sshd through the /sbin symlink) is an empty, non-executable file and
# dpkg's database is empty: to the check, exactly a machine without
# openssh-server.  Nothing outside that one process changes.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
: >"$LAB_DIR/no-sshd"
chmod 644 "$LAB_DIR/no-sshd"
: >"$LAB_DIR/empty-status"
mounts=("$LAB_DIR/no-sshd=/usr/sbin/sshd")
[ -f /var/lib/dpkg/status ] && mounts+=("$LAB_DIR/empty-status=/var/lib/dpkg/status")
mounts_prefix "${mounts[@]}"
server_run --port 22 --client "$LAB_CLIENT_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is daemon.not_installed" [ "$(cause)" = daemon.not_installed ]
check "the install check says missing" [ "$(step_outcome srv_installed)" = missing ]
check "no sshd binary was found" \
	grep -q "none of" <<<"$(step_ev srv_installed binary)"
if command -v dpkg-query >/dev/null; then
	check "dpkg says the package is not installed" \
		grep -q "not installed (dpkg)" <<<"$(step_ev srv_installed package)"
fi
check "the fix names apt and dnf" \
	sh -c 'jq -r ".verdict.suggestions[].command" "$1" | grep -q "apt install openssh-server" &&
		jq -r ".verdict.suggestions[].command" "$1" | grep -q "dnf install openssh-server"' sh "$REPORT"
check "the machine's sshd is untouched" [ -x /usr/sbin/sshd ]
finish
