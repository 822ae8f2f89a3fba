#!/bin/bash
# A DenyHosts ban, live: hosts.deny carries DenyHosts' marked entry for the
# client (bind-mounted for the lab's sshd and the check only, as in
# hosts-deny.sh).  sshd hangs up; the check names the ban tool:
# access.banned.
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
[ -f /etc/hosts.allow ] && [ -f /etc/hosts.deny ] ||
	{ echo "SKIP: no /etc/hosts.allow and /etc/hosts.deny to stand in for" >&2; exit 77; }
grep -q -a libwrap.so /usr/sbin/sshd ||
	{ echo "SKIP: this sshd is not built with TCP wrappers" >&2; exit 77; }
SW_HOSTS_DIR="$LAB_DIR/wrap"
export SW_HOSTS_DIR
mkdir -p "$SW_HOSTS_DIR"
: >"$SW_HOSTS_DIR/hosts.allow"
{
	echo "# /etc/hosts.deny"
	echo "# DenyHosts: Sat Nov 21 05:12:40 2026 | sshd: $LAB_CLIENT_IP"
	echo "sshd: $LAB_CLIENT_IP"
} >"$SW_HOSTS_DIR/hosts.deny"
cat >"$LAB_DIR/sshd-wrapped" <<'SH'
#!/bin/sh
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
check "cause is access.banned" [ "$(cause)" = access.banned ]
check "the ban check says banned" [ "$(step_outcome srv_bans)" = banned ]
check "DenyHosts is named" grep -q "^DenyHosts (/etc/hosts.deny line 3)" \
	<<<"$(step_ev srv_bans banned_by)"
check "the marked line is quoted" \
	[ "$(step_ev srv_bans denyhosts)" = "/etc/hosts.deny line 3: sshd: $LAB_CLIENT_IP" ]
finish
