#!/bin/bash
# lab-selftest.sh - prove that every fault of the lab really exists, using
# only real tools (ssh, getent, bash /dev/tcp), not sshwizard.
#
# Exit: 0 pass, 77 skip (not root, no netns, tools missing), 1 fail,
# 99 the lab itself broke.  Every wait is bounded; runs in about 20 s.

# shellcheck disable=SC2015,SC2016
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@" # the harness may use sh
set -u
LAB_SH="$(cd "$(dirname "$0")" && pwd)/lab.sh"
# shellcheck source=lab.sh
. "$LAB_SH"
lab_require timeout getent sha256sum nft ip6tables

T0=$(date +%s%3N)
fails=0
ok() { printf 'ok   - %s\n' "$*"; }
bad() {
	printf 'FAIL - %s\n' "$*"
	fails=$((fails + 1))
}
ms() { echo $(($(date +%s%3N) - $1)); }

# snapshot of system files the lab must never touch
sys_sum() {
	{
		sha256sum /etc/passwd /etc/group /etc/shadow /etc/resolv.conf /etc/hosts
		find /etc/ssh -type f -exec sha256sum {} + | sort
	} 2>/dev/null | sha256sum
}
SYS_BEFORE=$(sys_sum)

# sshc [ssh options...] DEST CMD: ssh from the client, bounded; sets out,
# rc, el (ms).  The caller's options come first: ssh keeps the first value
# it gets for an option, so they override BatchMode/ConnectTimeout.
sshc() {
	local t opts=("${@:1:$#-2}") dest=${*: -2:1} cmd=${*: -1}
	t=$(date +%s%3N)
	out=$(lab_client timeout 20 ssh -n "${opts[@]}" -o BatchMode=yes -o ConnectTimeout=2 \
		"$dest" "$cmd" 2>&1)
	rc=$?
	el=$(ms "$t")
}

# expect DESC PATTERN: last sshc failed and its output matches PATTERN.
expect_fail() {
	if [ "$rc" != 0 ] && printf '%s' "$out" | grep -Eq "$2"; then
		ok "$1 (rc $rc, ${el} ms)"
	else
		bad "$1: rc $rc, ${el} ms, output: $(printf '%s' "$out" | tail -3 | tr '\n' '|')"
	fi
}

expect_ok() {
	if [ "$rc" = 0 ]; then
		ok "$1 (${el} ms)"
	else
		bad "$1: rc $rc, output: $(printf '%s' "$out" | tail -3 | tr '\n' '|')"
	fi
}

# tcpget PORT SECONDS [SEND]: connect from the client with bash /dev/tcp,
# optionally send a line, read for at most SECONDS.  Sets out (first 200
# bytes, unprintable bytes as '.'), n (bytes read), err (stderr), rc (124:
# still open when time was up), el (ms).
tcpget() {
	local port=$1 secs=$2 send=${3:-} t
	t=$(date +%s%3N)
	lab_client bash -c '
		exec 3<>"/dev/tcp/$1/$2" || exit 90
		[ -n "$3" ] && printf "%s\r\n" "$3" >&3
		exec timeout "$4" cat <&3' sh "$LAB_SERVER_IP" "$port" "$send" "$secs" \
		>"$LAB_DIR/tcpget.out" 2>"$LAB_DIR/tcpget.err"
	rc=$?
	el=$(ms "$t")
	out=$(head -c 200 "$LAB_DIR/tcpget.out" | tr -c '[:print:]' '.')
	n=$(wc -c <"$LAB_DIR/tcpget.out")
	err=$(cat "$LAB_DIR/tcpget.err")
}

# ------------------------------------------------------------- lab_up
lab_up
for ns in "$LAB_C" "$LAB_S"; do
	[ -e "/run/netns/$ns" ] && ok "namespace $ns exists" || bad "namespace $ns missing"
done
if lab_client ip -o addr show dev "$LAB_VETH_C" | grep -q "inet $LAB_CLIENT_IP/24" &&
	lab_server ip -o addr show dev "$LAB_VETH_S" | grep -q "inet $LAB_SERVER_IP/24"; then
	ok "veth $LAB_VETH_C <-> $LAB_VETH_S with 198.51.100.1/.2"
else
	bad "veth addresses"
fi
if ip -o addr show 2>/dev/null | grep -q '198\.51\.100\.'; then
	bad "198.51.100.0/24 leaked into the host namespace"
else
	ok "no lab address in the host namespace"
fi
kh=$(lab_client ssh -G x 2>/dev/null | awk '$1 == "userknownhostsfile" { print $2 }')
case $kh in
"$LAB_HOME"/.ssh/*) ok "client ssh uses $LAB_HOME/.ssh, not the real ~/.ssh" ;;
*) bad "client ssh known_hosts is '$kh', not under $LAB_HOME" ;;
esac

# ------------------------------------------------------------- sshd, keys
lab_sshd
lab_client_key k1 authorize
lab_client_key stranger
lab_known_host -n "$LAB_SERVER_IP" -n "$LAB_SERVER_IP6"
K1="$LAB_HOME/.ssh/k1"

sshc -i "$K1" "alice@$LAB_SERVER_IP" true
expect_ok "healthy sshd: key login as alice"
if [ "${LAB_IPV6:-1}" != 0 ]; then
	sshc -i "$K1" "alice@$LAB_SERVER_IP6" true
	expect_ok "healthy sshd over IPv6"
fi
if getent passwd alice >/dev/null 2>&1 && ! grep -q '^alice:' /etc/passwd; then
	bad "alice visible in the host's user database"
else
	ok "host /etc/passwd has no lab user"
fi
sshc -i "$LAB_HOME/.ssh/stranger" -o IdentitiesOnly=yes "alice@$LAB_SERVER_IP" true
expect_fail "unauthorized key is refused" 'Permission denied \(publickey,password\)'

# password login through SSH_ASKPASS
printf '#!/bin/sh\nprintf "%%s\\n" "$LAB_ASKPASS_ANSWER"\n' >"$LAB_DIR/askpass.sh"
chmod 755 "$LAB_DIR/askpass.sh"
pw_opts=(-o BatchMode=no -o PubkeyAuthentication=no -o PreferredAuthentications=password
	-o NumberOfPasswordPrompts=1)
export SSH_ASKPASS="$LAB_DIR/askpass.sh" SSH_ASKPASS_REQUIRE=force
LAB_ASKPASS_ANSWER=$LAB_PASSWORD sshc "${pw_opts[@]}" "alice@$LAB_SERVER_IP" true
expect_ok "password login with \$LAB_PASSWORD"
LAB_ASKPASS_ANSWER="wrong horse" sshc "${pw_opts[@]}" "alice@$LAB_SERVER_IP" true
expect_fail "wrong password is refused" 'Permission denied'

# several instances, extra config lines
lab_sshd 2222 "PasswordAuthentication no" "MaxAuthTries 3"
lab_known_host 2222
LAB_ASKPASS_ANSWER=$LAB_PASSWORD sshc -p 2222 "${pw_opts[@]}" -o PubkeyAuthentication=yes \
	-o PreferredAuthentications=publickey,password -o IdentitiesOnly=yes \
	-i "$LAB_HOME/.ssh/stranger" "alice@$LAB_SERVER_IP" true
expect_fail "second sshd on 2222 with PasswordAuthentication no" 'Permission denied \(publickey\)'
sshc -i "$K1" "alice@$LAB_SERVER_IP" true
expect_ok "first sshd still serves port 22"
lab_sshd 2223 "ListenAddress 127.0.0.1"
sshc -p 2223 -i "$K1" "alice@$LAB_SERVER_IP" true
expect_fail "sshd with ListenAddress 127.0.0.1 refuses the network" 'Connection refused'

# host keys
lab_known_host_wrong
sshc -i "$K1" "alice@$LAB_SERVER_IP" true
expect_fail "changed host key" 'REMOTE HOST IDENTIFICATION HAS CHANGED'
lab_known_host -H
if grep -q '^|1|' "$LAB_HOME/.ssh/known_hosts"; then ok "hashed known_hosts entry written"; else bad "no hashed entry"; fi
sshc -i "$K1" "alice@$LAB_SERVER_IP" true
expect_ok "hashed known_hosts entry accepted"
lab_known_host_wrong -H
sshc -i "$K1" "alice@$LAB_SERVER_IP" true
expect_fail "changed host key, hashed entry" 'REMOTE HOST IDENTIFICATION HAS CHANGED'
lab_known_host

# agent with too many keys
lab_agent 8
sshc "alice@$LAB_SERVER_IP" true
expect_fail "agent with 8 unauthorized keys" 'Too many authentication failures'
n=$(SSH_AUTH_SOCK=$SSH_AUTH_SOCK ssh-add -l 2>/dev/null | wc -l)
[ "$n" = 8 ] && ok "agent holds 8 keys" || bad "agent holds $n keys"
unset SSH_AUTH_SOCK

# daemon down
lab_sshd_stop 2222
sshc -p 2222 -i "$K1" "alice@$LAB_SERVER_IP" true
expect_fail "stopped sshd: connection refused" 'Connection refused'

# ------------------------------------------------------------- DNS
lab_dns web.test=198.51.100.7 v6.test=2001:db8::7
r=$(lab_client timeout 5 getent hosts lab.test)
case $r in "$LAB_SERVER_IP"*) ok "getent hosts lab.test -> $LAB_SERVER_IP" ;; *) bad "lab.test resolved to '$r'" ;; esac
r=$(lab_client timeout 5 getent ahostsv4 web.test | awk 'NR == 1 { print $1 }')
[ "$r" = 198.51.100.7 ] && ok "extra record web.test -> 198.51.100.7" || bad "web.test -> '$r'"
r=$(lab_client timeout 5 getent ahostsv6 v6.test | awk 'NR == 1 { print $1 }')
[ "$r" = 2001:db8::7 ] && ok "extra record v6.test -> 2001:db8::7" || bad "v6.test -> '$r'"
t=$(date +%s%3N)
lab_client timeout 5 getent hosts nope.test >/dev/null
rc=$?
el=$(ms "$t")
[ "$rc" = 2 ] && [ "$el" -lt 3000 ] && ok "nope.test: not found (rc 2, ${el} ms)" ||
	bad "nope.test: rc $rc, ${el} ms"
if ! getent hosts lab.test >/dev/null 2>&1; then ok "host resolver untouched (lab.test unknown outside)"; else bad "lab.test resolves on the host"; fi
sshc -i "$K1" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null alice@lab.test true
expect_ok "ssh alice@lab.test through the lab resolver"

lab_dns_dead
t=$(date +%s%3N)
lab_client timeout 15 getent ahostsv4 lab.test >/dev/null
rc=$?
el=$(ms "$t")
[ "$rc" = 2 ] && [ "$el" -ge 900 ] && ok "dead DNS: lookup times out (rc $rc, ${el} ms)" ||
	bad "dead DNS: rc $rc, ${el} ms"
sshc -i "$K1" alice@lab.test true
expect_fail "dead DNS: ssh cannot resolve" 'Could not resolve hostname lab.test'

# ------------------------------------------------------------- fake servers
export LAB_FAKE_LIFETIME=60
p=2300
for m in close silent slow endless junk reset http prelines; do
	p=$((p + 1))
	lab_fake "$m" "$p"
	eval "PORT_$m=$p"
done
# shellcheck disable=SC2154
{
	tcpget "$PORT_close" 3
	[ "$rc" = 0 ] && [ "$n" = 0 ] && ok "fake close: closed at once, no byte (${el} ms)" ||
		bad "fake close: rc $rc, $n bytes '$out'"
	tcpget "$PORT_silent" 1
	[ "$rc" = 124 ] && [ "$n" = 0 ] && ok "fake silent: open, nothing in 1 s" ||
		bad "fake silent: rc $rc, $n bytes '$out'"
	tcpget "$PORT_slow" 2.5
	case $out in
	SS | SSH) [ "$rc" = 124 ] && ok "fake slow: only '$out' after 2.5 s" || bad "fake slow: rc $rc" ;;
	*) bad "fake slow: rc $rc, '$out'" ;;
	esac
	tcpget "$PORT_endless" 2
	nl=$(tr -d -c '\n' <"$LAB_DIR/tcpget.out" | wc -c)
	[ "$n" -gt 65536 ] && [ "$nl" = 0 ] && ok "fake endless: $n bytes without a newline" ||
		bad "fake endless: $n bytes, $nl newlines"
	tcpget "$PORT_junk" 5
	[ "$rc" = 0 ] && [ "$n" = 1048576 ] && ok "fake junk: 1 MiB of junk, then close" ||
		bad "fake junk: rc $rc, $n bytes"
	tcpget "$PORT_reset" 5 SSH-2.0-probe
	case "$out|$err" in
	"SSH-2.0-OpenSSH_9.9.."*"|"*"reset by peer"*) ok "fake reset: banner then RST (${el} ms)" ;;
	*) bad "fake reset: '$out' err '$err'" ;;
	esac
	tcpget "$PORT_http" 5 SSH-2.0-probe
	case $out in
	"HTTP/1.1 400 Bad Request.."*) ok "fake http: HTTP/1.1 400 Bad Request (${el} ms)" ;;
	*) bad "fake http: '$out'" ;;
	esac
	tcpget "$PORT_prelines" 5
	r=$(tr -d '\r' <"$LAB_DIR/tcpget.out")
	case $r in
	"Welcome"*$'\n'"SSH-2.0-OpenSSH_9.9") ok "fake prelines: lines, then SSH-2.0-OpenSSH_9.9, then close" ;;
	*) bad "fake prelines: rc $rc, '$out'" ;;
	esac
	sshc -p "$PORT_close" "alice@$LAB_SERVER_IP" true
	expect_fail "ssh vs fake close" 'kex_exchange_identification: Connection closed by remote host'
	sshc -p "$PORT_http" "alice@$LAB_SERVER_IP" true
	expect_fail "ssh vs fake http" 'kex_exchange_identification|Bad packet length|invalid format'
	sshc -p "$PORT_prelines" "alice@$LAB_SERVER_IP" true
	expect_fail "ssh vs fake prelines" 'Connection closed by'
}

# ------------------------------------------------------------- firewall
lab_fw iptables -A INPUT -p tcp --dport 22 -j REJECT
sshc -i "$K1" "alice@$LAB_SERVER_IP" true
expect_fail "iptables REJECT: connection refused" 'Connection refused'
[ "$el" -lt 1500 ] && ok "REJECT answered fast (${el} ms)" || bad "REJECT took ${el} ms"
lab_fw iptables -D INPUT -p tcp --dport 22 -j REJECT
lab_fw iptables -A INPUT -p tcp --dport 22 -j REJECT --reject-with icmp-host-unreachable
sshc -i "$K1" "alice@$LAB_SERVER_IP" true
expect_fail "iptables REJECT host-unreachable" 'No route to host'
lab_fw iptables -F INPUT
lab_fw nft add table inet labfw
lab_fw nft add chain inet labfw input '{ type filter hook input priority 0 ; }'
lab_fw nft add rule inet labfw input tcp dport 22 drop
sshc -o ConnectTimeout=1 -i "$K1" "alice@$LAB_SERVER_IP" true
expect_fail "nft DROP: connection timed out" 'Connection timed out'
[ "$el" -ge 900 ] && ok "DROP hung until ConnectTimeout (${el} ms)" || bad "DROP returned after ${el} ms"
lab_fw nft delete table inet labfw
sshc -i "$K1" "alice@$LAB_SERVER_IP" true
expect_ok "rules removed: login works again"

# ------------------------------------------------------------- routing
lab_vpn_down
if lab_client ip link show tun0 | grep -q 'NO-CARRIER' &&
	lab_client ip route get "$LAB_SERVER_IP" | grep -q 'dev tun0'; then
	ok "vpn: server routed into tun0 with no carrier"
else
	bad "vpn: $(lab_client ip route get "$LAB_SERVER_IP" 2>&1)"
fi
sshc -o ConnectTimeout=1 -i "$K1" "alice@$LAB_SERVER_IP" true
expect_fail "vpn down: connection timed out" 'Connection timed out'
lab_client ip link del tun0
sshc -i "$K1" "alice@$LAB_SERVER_IP" true
expect_ok "tun0 removed: login works again"

lab_no_route unreachable
sshc -i "$K1" "alice@$LAB_SERVER_IP" true
expect_fail "unreachable route: no route to host" 'No route to host'
lab_client ip route del unreachable "$LAB_SERVER_IP/32"
lab_no_route
sshc -i "$K1" "alice@$LAB_SERVER_IP" true
expect_fail "route removed: network unreachable" 'Network is unreachable'
[ "$el" -lt 1500 ] && ok "no route fails fast (${el} ms)" || bad "no route took ${el} ms"

# ------------------------------------------------------------- cleanup
C=$LAB_C S=$LAB_S D=$LAB_DIR VC=$LAB_VETH_C
pids=$(cat "$D"/pids/* 2>/dev/null | tr '\n' ' ')
nsp=$(ip netns pids "$S" 2>/dev/null | tr '\n' ' ')
lab_cleanup
lab_cleanup && ok "lab_cleanup is idempotent" || bad "second lab_cleanup failed"

# leftovers of a lab whose names are given: prints what is left
leftovers() {
	local c=$1 s=$2 d=$3 vc=$4 p
	shift 4
	[ -e "/run/netns/$c" ] && echo "netns $c"
	[ -e "/run/netns/$s" ] && echo "netns $s"
	[ -e "/etc/netns/$c" ] && echo "/etc/netns/$c"
	[ -e "/etc/netns/$s" ] && echo "/etc/netns/$s"
	[ -e "$d" ] && echo "$d"
	[ -e "/sys/class/net/$vc" ] && echo "veth $vc"
	for p in "$@"; do lab__alive "$p" && echo "pid $p ($(tr '\0' ' ' <"/proc/$p/cmdline"))"; done
}
left=$(leftovers "$C" "$S" "$D" "$VC" $pids $nsp)
[ -z "$left" ] && ok "cleanup: no namespace, /etc/netns entry, temp dir, veth or process (${pids% })" ||
	bad "cleanup left: $(echo "$left" | tr '\n' ';')"

# a test that fails halfway (exit 1) and one killed by SIGTERM
for how in exit term; do
	info="$(mktemp /tmp/swlab-selftest.XXXXXX)"
	bash -c '
		. "$1"; lab_up; lab_sshd; lab_dns; lab_agent 1
		LAB_FAKESERVER=${LAB_FAKESERVER:-}; [ -x "${LAB_FAKESERVER:-/nonexistent}" ] && lab_fake silent 2400
		echo "$LAB_C $LAB_S $LAB_DIR $LAB_VETH_C $(cat "$LAB_DIR"/pids/* | tr "\n" " ")" >"$2"
		if [ "$3" = exit ]; then false; exit 1; fi
		sleep 30 & s=$!; lab_atexit "kill $s"; wait $s' sh "$LAB_SH" "$info" "$how" >/dev/null 2>&1 &
	child=$!
	# set-up is slow on a loaded machine: allow 60 s
	lab__wait 600 test -s "$info" || true
	[ "$how" = term ] && kill -TERM "$child" 2>/dev/null
	i=0
	while [ "$i" -lt 200 ] && kill -0 "$child" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
	if kill -0 "$child" 2>/dev/null; then
		kill -TERM "$child" 2>/dev/null
		bad "test ending by $how: still running after 20 s"
	fi
	wait "$child" 2>/dev/null
	crc=$?
	if [ -s "$info" ]; then
		# shellcheck disable=SC2046
		left=$(leftovers $(cat "$info"))
		[ -z "$left" ] && ok "test ending by $how (rc $crc) leaves nothing behind" ||
			bad "test ending by $how (rc $crc) left: $(echo "$left" | tr '\n' ';') [$(cat "$info")]"
	else
		bad "test ending by $how: the lab did not come up (rc $crc)"
	fi
	rm -f "$info"
done

[ "$(sys_sum)" = "$SYS_BEFORE" ] && ok "system passwd/group/shadow/resolv.conf/hosts and /etc/ssh unchanged" ||
	bad "system files changed"

echo "# lab self-test: $fails failure(s) in $(ms "$T0") ms"
[ "$fails" = 0 ] || exit 1
exit 0
