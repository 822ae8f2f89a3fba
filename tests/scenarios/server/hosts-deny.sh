#!/bin/bash
# TCP wrappers: /etc/hosts.deny names the client.  The lab's sshd (built
# with libwrap on Debian) and the --server run each see a lab copy of
# hosts.allow and hosts.deny bind-mounted over the machine's, in their own
# mount namespace; the machine's files are never changed.  sshd really hangs
# up on the client; the check finds the line: access.tcp_wrappers.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
[ -f /etc/hosts.allow ] && [ -f /etc/hosts.deny ] ||
	{ echo "SKIP: no /etc/hosts.allow and /etc/hosts.deny to stand in for" >&2; exit 77; }
grep -q -a libwrap.so /usr/sbin/sshd ||
	{ echo "SKIP: this sshd is not built with TCP wrappers" >&2; exit 77; }
SW_HOSTS_DIR="$LAB_DIR/wrap"
export SW_HOSTS_DIR
mkdir -p "$SW_HOSTS_DIR"
echo "# lab: nothing allowed explicitly" >"$SW_HOSTS_DIR/hosts.allow"
printf '# lab\nsshd: %s\n' "$LAB_CLIENT_IP" >"$SW_HOSTS_DIR/hosts.deny"
cat >"$LAB_DIR/sshd-wrapped" <<'SH'
#!/bin/sh
# The lab sshd with the lab's TCP wrapper files (private mount namespace).
mount --bind "$SW_HOSTS_DIR/hosts.allow" /etc/hosts.allow
mount --bind "$SW_HOSTS_DIR/hosts.deny" /etc/hosts.deny
exec /usr/sbin/sshd "$@"
SH
chmod 755 "$LAB_DIR/sshd-wrapped"
LAB_SSHD="$LAB_DIR/sshd-wrapped" lab_sshd 10022
lab_known_host 10022
ssh_err=$(lab_client ssh -o BatchMode=yes -o ConnectTimeout=60 -p 10022 \
	"$LAB_USER@$LAB_SERVER_IP" true 2>&1)
echo "ssh said: $ssh_err"
check "sshd really hangs up on the client" grep -qiE "closed|reset" <<<"$ssh_err"

mounts_prefix "$SW_HOSTS_DIR/hosts.allow=/etc/hosts.allow" \
	"$SW_HOSTS_DIR/hosts.deny=/etc/hosts.deny"
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is access.tcp_wrappers" [ "$(cause)" = access.tcp_wrappers ]
check "the wrappers check says denied" [ "$(step_outcome srv_wrappers)" = denied ]
check "the deny line is quoted" \
	[ "$(step_ev srv_wrappers rule)" = "/etc/hosts.deny line 2: sshd: $LAB_CLIENT_IP" ]
check "sshd is seen to use libwrap" grep -q "built with TCP wrappers" \
	<<<"$(step_ev srv_wrappers libwrap)"
check "the fix adds an allow line" \
	grep -q "/etc/hosts.allow" <<<"$(jq -r '.verdict.suggestions[].command' "$REPORT")"

# hosts.allow takes precedence.
printf 'sshd: 198.51.100.0/255.255.255.0\n' >"$SW_HOSTS_DIR/hosts.allow"
server_run --port 10022 --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG"
check "with an allow line: allowed" [ "$(step_outcome srv_wrappers)" = allowed ]
check "the allow line is quoted" \
	[ "$(step_ev srv_wrappers rule)" = "/etc/hosts.allow line 1: sshd: 198.51.100.0/255.255.255.0" ]
check "and the walk ends healthy" [ "$(cause)" = ok ]
finish
