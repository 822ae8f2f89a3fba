# shellcheck shell=bash disable=SC2015
#
# lab.sh - the sshwizard fault lab.  Source it from a bash test script:
#
#     . "$(dirname "$0")/lab.sh"       # or "${srcdir:-.}/tests/lab/lab.sh"
#     lab_require                      # exit 77 (SKIP) unless we can build it
#     lab_up                           # namespaces, veth, temp dir, cleanup trap
#     lab_sshd                         # a real sshd on 198.51.100.2:22
#     lab_client ssh ... alice@198.51.100.2 true
#
# It builds real faults: two network namespaces (client, server) joined by a
# veth pair, a real OpenSSH sshd with its own config, keys, users and pid
# file, dnsmasq as the client's resolver, iptables/nft rules in the server
# namespace, a fake hostile server (fakeserver.c).  Nothing leaves the
# namespaces; the machine's /etc/ssh, /etc/passwd, /etc/resolv.conf and any
# system sshd are never touched.  See tests/lab/README.md.
#
# Errors: a lab function that cannot build what was asked prints
# "lab: error: ..." on stderr and exits the test with 99 (automake's "hard
# error": the lab broke, not the product).  Call set-up functions in the
# test's main shell, not in $(...) or a pipeline, or the exit only leaves the
# subshell.  Works under `set -euo pipefail` and without it.
#
# Do not set your own EXIT/INT/TERM trap after lab_up (it would replace the
# lab's); register extra clean-up with lab_atexit instead.  Do not call a bare
# `wait` expecting lab daemons to be waited for: they are disowned.
#
# ---------------------------------------------------------------- functions
#
# lab_require [TOOL...]
#     Exit 77 (SKIP) with one line on stderr saying why, unless: we are root,
#     `ip netns` works (namespace and veth creation), `unshare -m` works,
#     sshd/ssh/ssh-keygen/ssh-agent/ssh-add/dnsmasq/iptables/perl/ss are
#     installed, plus every extra TOOL named (command name or path).
#
# lab_up
#     Create the client namespace $LAB_C and server namespace $LAB_S (unique
#     names per test), a veth pair ($LAB_VETH_C in the client, $LAB_VETH_S in
#     the server), 198.51.100.1/24 and 198.51.100.2/24 (and 2001:db8::1/64,
#     ::2/64 unless LAB_IPV6=0), lo up in both, a temp dir $LAB_DIR, a fake
#     client home $LAB_HOME (with .ssh/ mode 700), and the EXIT/INT/TERM/HUP
#     trap that runs lab_cleanup (an EXIT trap set before is kept and run
#     by lab_cleanup).  The client's /etc is overlaid through
#     /etc/netns/$LAB_C ($LAB_CLIENT_ETC): passwd (root's home is $LAB_HOME,
#     because ssh takes ~ from passwd, not from $HOME), hosts (localhost only),
#     nsswitch.conf (files, dns), resolv.conf (127.0.0.1: no DNS until
#     lab_dns) and ssh/ssh_config (empty: the system client config is not
#     read).  Unsets SSH_AUTH_SOCK so no real agent is used.
#     Exports LAB_C LAB_S LAB_DIR LAB_HOME LAB_CLIENT_IP LAB_SERVER_IP
#     LAB_CLIENT_IP6 LAB_SERVER_IP6 LAB_VETH_C LAB_VETH_S LAB_CLIENT_ETC
#     LAB_USER (alice) LAB_PASSWORD.
#
# lab_client CMD...
#     Run CMD in the client namespace with HOME=$LAB_HOME (ip netns exec, so
#     the /etc/netns/$LAB_C overlay applies).  Returns CMD's status.
#
# lab_server CMD...
#     Run CMD in the server namespace.  Returns CMD's status.
#
# lab_sshd [PORT] [sshd_config line...]
#     Start a real sshd (${LAB_SSHD:-/usr/sbin/sshd} -D, disowned, pid
#     recorded) in the server namespace on PORT (default 22) and wait until it
#     listens.  Host keys (ed25519, rsa) are generated once per lab in
#     $LAB_DIR/hostkeys.  sshd runs under `unshare -m` with private bind
#     mounts of a lab passwd/group/shadow (the real ones plus user alice,
#     password $LAB_PASSWORD, home $LAB_DIR/home/alice, shell /bin/sh) and of
#     empty btmp/wtmp/lastlog/utmp, so the system files are never written.
#     Extra lines come before the lab defaults (sshd keeps the first value it
#     reads), so "PasswordAuthentication no", "MaxAuthTries 3",
#     "KexAlgorithms ...", "ListenAddress 127.0.0.1" override them; a line
#     starting with "Match" and everything after it go at the end.  Several
#     instances on different ports may run at once.  Exports LAB_SSHD_PID,
#     LAB_SSHD_LOG (sshd -E log), LAB_SSHD_CONFIG of the last one started.
#
#     With LAB_SSHD_NS=$LAB_T (after lab_jump) the sshd runs in the target
#     namespace behind the jump host instead; its pid, directory and log
#     are then named sshd-t-PORT.  With LAB_SSHD_NS=$LAB_C it runs in the
#     client namespace (sshd-c-PORT): a daemon on the client's own machine,
#     for "this machine as the target" (127.0.0.1, $LAB_CLIENT_IP); the
#     server checks of a run there see that namespace's sockets and
#     firewall, and its own processes by their network namespace.
#
# lab_sshd_stop [PORT]
#     Stop the lab sshd on PORT (default 22): "the daemon is down"
#     (LAB_SSHD_NS=$LAB_T: the one in the target namespace).
#
# lab_jump
#     A third namespace $LAB_T behind the server namespace, for jump host
#     scenarios: a veth pair joins the server namespace (192.0.2.1/24,
#     2001:db8:2::1/64) and $LAB_T (192.0.2.2/24, 2001:db8:2::2/64).  The
#     client has no route there, so only the server namespace (the jump
#     host, with lab_sshd) reaches it.  Exports LAB_T, LAB_TARGET_IP,
#     LAB_TARGET_IP6, LAB_JUMP_IP (= LAB_SERVER_IP).  Start its sshd with
#     LAB_SSHD_NS=$LAB_T lab_sshd [PORT] [LINE...].
#
# lab_user_shell SHELL
#     Set the login shell of the lab user (default /bin/sh) to SHELL, e.g.
#     /usr/sbin/nologin or /bin/false; takes effect for the next login, in
#     every lab sshd, running or not.  The shell is not checked: a path that
#     does not exist is a fault too.
#
# lab_client_key NAME [authorize]
#     Make an ed25519 key without passphrase at $LAB_HOME/.ssh/NAME (kept if
#     it already exists); with "authorize", append NAME.pub to alice's
#     authorized_keys ($LAB_DIR/authorized_keys/alice).
#
# lab_agent N
#     Start an ssh-agent (socket $LAB_DIR/agent.sock, killed at clean-up)
#     holding N fresh keys that are NOT authorized; export SSH_AUTH_SOCK.
#     A second call adds N more keys to the same agent.
#
# lab_agent_stop
#     Stop the lab's ssh-agent; SSH_AUTH_SOCK keeps naming its socket (a
#     stale agent socket).
#
# lab_known_host [-H] [-t ed25519|rsa|all] [-n NAME]... [PORT]
#     Put the lab sshd's real host key into $LAB_HOME/.ssh/known_hosts for
#     NAME (default $LAB_SERVER_IP; -n repeats) on PORT (default 22; other
#     ports are written "[NAME]:PORT").  Older lines for those names are
#     removed first.  -H writes hashed entries (ssh-keygen -H).  -t picks the
#     key type (default ed25519).
#
# lab_host_cert CA_KEY [ssh-keygen -s option...]
#     Sign the lab sshd's ed25519 host key with CA_KEY (a private key file)
#     as a host certificate, with the options given (default: -n
#     $LAB_SERVER_IP -V -5m:+1h); generates the host keys first if needed.
#     The certificate is $LAB_DIR/hostkeys/ssh_host_ed25519_key-cert.pub;
#     start sshd with "HostCertificate <that path>".  Exports LAB_HOST_CERT.
#
# lab_known_host_wrong [-H] [-t ed25519|rsa] [-n NAME]... [PORT]
#     Same, but writes a different, freshly generated key of the same type:
#     "REMOTE HOST IDENTIFICATION HAS CHANGED".
#
# lab_dns [NAME=IP...]
#     Start dnsmasq in the server namespace on 198.51.100.2:53, authoritative
#     for .test (unknown .test names get NXDOMAIN), lab.test ->
#     198.51.100.2 plus the pairs given (IPv4 or IPv6), no upstream, queries
#     logged to $LAB_DIR/dnsmasq.log; point the client's resolv.conf at it.
#     Calling it again restarts dnsmasq with the new set.
#
# lab_dns_dead
#     Point the client's resolver at 198.51.100.2 and DROP udp/tcp port 53
#     in the server namespace: lookups time out (resolv.conf has "options
#     timeout:${LAB_DNS_TIMEOUT:-1} attempts:${LAB_DNS_ATTEMPTS:-2}").
#
# lab_no_route [unreachable|prohibit|blackhole]
#     Remove the client's route to the server network ("Network is
#     unreachable").  With an argument, instead add a route of that type for
#     the server's /32 and /128 ("No route to host", "Permission denied",
#     silent loss).
#
# lab_vpn_down [DEV]
#     Create a tun device DEV (default tun0) in the client namespace with no
#     program attached, route the server's /32 (and /128) through it: the
#     link shows "state DOWN ... NO-CARRIER", the route "linkdown", and
#     connections time out - "routed into a VPN that is down".  (The device
#     has to be administratively up for the kernel to accept the route; its
#     carrier stays down because no VPN program holds it.)  Skips (77) if
#     the kernel has no tun.
#
# lab_vpn_admin_down [DEV]
#     The client's address on the server's network moves to a tun device
#     DEV (default tun0) that stays switched off (administratively down), as
#     the interface of a VPN whose program stopped: the kernel drops the
#     routes of a device that is down, so the client has no route to the
#     server ("Network is unreachable") and the routing table names no
#     interface any more; only the device's configured address does.
#     Skips (77) if the kernel has no tun.
#
# lab_fw CMD...
#     Run a firewall command (iptables, ip6tables, nft, ...) in the server
#     namespace, e.g. `lab_fw iptables -A INPUT -p tcp --dport 22 -j DROP`.
#     A failing command is a lab error (exit 99).
#
# lab_fake MODE PORT
#     Start tests/lab/fakeserver in MODE (close silent slow endless junk reset
#     http prelines banners hugepacket) on PORT in the server namespace and
#     wait until it listens.  Binary: $LAB_FAKESERVER, default
#     ${abs_top_builddir:-.}/tests/lab/fakeserver.  Lifetime
#     ${LAB_FAKE_LIFETIME:-120} s.  Exports LAB_FAKE_PID.  The modes after
#     the key exchange (banners hugepacket) write their host key's
#     "ssh-ed25519 BASE64" line to $LAB_DIR/fake-PORT.pub.
#
# lab_atexit CMD
#     Run CMD (a string, eval'ed) at the start of lab_cleanup.
#
# lab_cleanup
#     Idempotent; run by the trap.  Runs lab_atexit commands, stops every
#     daemon the lab recorded (checking each pid is still the lab's own),
#     then any process left inside the two namespaces, deletes the
#     namespaces (and with them veth and tun), /etc/netns/$LAB_C and
#     /etc/netns/$LAB_S, and $LAB_DIR; unsets the LAB_* state.
# --------------------------------------------------------------------------

case ":$PATH:" in
*:/usr/sbin:*) ;;
*) PATH=$PATH:/usr/sbin:/sbin ;;
esac

LAB_CLIENT_IP=198.51.100.1
LAB_SERVER_IP=198.51.100.2
LAB_CLIENT_IP6=2001:db8::1
LAB_SERVER_IP6=2001:db8::2
LAB_USER=alice
: "${LAB_PASSWORD:=correct horse}"
export LAB_CLIENT_IP LAB_SERVER_IP LAB_CLIENT_IP6 LAB_SERVER_IP6 LAB_USER \
	LAB_PASSWORD

LAB__ATEXIT=()

# ---------------------------------------------------------------- internals

lab__err() { printf 'lab: error: %s\n' "$*" >&2; }

lab__fatal() {
	lab__err "$@"
	exit 99
}

lab__skip() {
	printf 'SKIP: lab: %s\n' "$*" >&2
	exit 77
}

lab__need_up() {
	[ -n "${LAB_DIR:-}" ] && [ -d "${LAB_DIR:-}" ] ||
		lab__fatal "${FUNCNAME[1]:-lab}: call lab_up first"
}

# lab__wait TENTHS CMD...: run CMD every 0.1 s until it succeeds, at most
# TENTHS times.  Returns 0 if it succeeded.
lab__wait() {
	local n=$1 i=0
	shift
	while [ "$i" -lt "$n" ]; do
		if "$@"; then return 0; fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# Is pid $1 alive (not gone, not a zombie)?
lab__alive() {
	local st
	[ -r "/proc/$1/stat" ] || return 1
	st=$(sed 's/^.*) \(.\).*$/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

lab__dead() { ! lab__alive "$1"; }

# Is pid $1 one of ours: alive and $LAB_DIR in its command line?
lab__ours() {
	local cmd
	lab__alive "$1" || return 1
	cmd=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
	case $cmd in *"$LAB_DIR"*) return 0 ;; esac
	return 1
}

# lab__stop_pid PID: TERM, wait up to 2 s, then KILL, wait up to 1 s.
lab__stop_pid() {
	local pid=$1
	lab__alive "$pid" || return 0
	kill -TERM "$pid" 2>/dev/null || true
	lab__wait 20 lab__dead "$pid" && return 0
	kill -KILL "$pid" 2>/dev/null || true
	lab__wait 10 lab__dead "$pid" || true
}

# lab__stop_recorded NAME: stop the daemon recorded as $LAB_DIR/pids/NAME.
lab__stop_recorded() {
	local f="$LAB_DIR/pids/$1" pid
	[ -f "$f" ] || return 0
	pid=$(cat "$f" 2>/dev/null) || pid=
	case $pid in
	'' | *[!0-9]*) ;;
	*) if lab__ours "$pid"; then lab__stop_pid "$pid"; fi ;;
	esac
	rm -f "$f"
}

lab__record() { printf '%s\n' "$2" >"$LAB_DIR/pids/$1"; }

# lab__listening NS tcp|udp PORT: is something listening there?
lab__listening() {
	local flag=-Hltn
	[ "$2" = udp ] && flag=-Hlun
	[ -n "$(ss -N "$1" $flag "sport = :$3" 2>/dev/null)" ]
}

# lab__started NAME PID NS PROTO PORT LOG: wait (5 s) until PID listens.
lab__started() {
	local name=$1 pid=$2 ns=$3 proto=$4 port=$5 log=$6 i=0
	# Bounded at 30 s: a loaded machine (make -j2 check beside a compile)
	# may take seconds to start a daemon; a healthy one returns at once.
	while [ "$i" -lt 300 ]; do
		if ! lab__alive "$pid"; then
			lab__err "$name exited at start; log $log:"
			sed 's/^/lab:   /' "$log" >&2 2>/dev/null || true
			exit 99
		fi
		lab__listening "$ns" "$proto" "$port" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	lab__err "$name did not listen on $proto port $port within 30 s; log $log:"
	sed 's/^/lab:   /' "$log" >&2 2>/dev/null || true
	exit 99
}

lab__on_exit() {
	local rc=$?
	lab_cleanup
	exit "$rc"
}

lab__on_signal() {
	local sig=$1 code=$2
	trap - EXIT "$sig"
	lab_cleanup
	exit "$code"
}

# Write the client's resolv.conf (in place: same inode).
lab__resolv() {
	{
		echo "# sshwizard lab resolver"
		echo "nameserver $1"
		echo "options timeout:${LAB_DNS_TIMEOUT:-1} attempts:${LAB_DNS_ATTEMPTS:-2}"
	} >"$LAB_CLIENT_ETC/resolv.conf"
}

# The lab's user database for sshd, made once per lab.
lab__userdb() {
	local d="$LAB_DIR/etc" id hash days f
	[ -f "$d/passwd" ] && return 0
	mkdir -p "$d" || lab__fatal "cannot create $d"
	id=$(awk -F: 'FILENAME == "/etc/passwd" { u[$3] = 1 }
		FILENAME == "/etc/group" { g[$3] = 1 }
		END { for (i = 1001; i < 60000; i++) if (!(i in u) && !(i in g)) { print i; exit } }' \
		/etc/passwd /etc/group)
	[ -n "$id" ] || lab__fatal "no free uid for $LAB_USER"
	hash=$(perl -e 'my @c = ("a".."z", "A".."Z", 0..9, ".", "/");
		my $s = join "", map { $c[int rand @c] } 1..16;
		my $h = crypt($ARGV[0], "\$6\$$s\$");
		print $h if defined $h && $h =~ /^\$6\$/' "$LAB_PASSWORD")
	if [ -z "$hash" ] && command -v openssl >/dev/null 2>&1; then
		hash=$(openssl passwd -6 -stdin <<<"$LAB_PASSWORD")
	fi
	case $hash in '$6$'*) ;; *) lab__fatal "cannot hash the lab password (perl crypt)" ;; esac
	days=$(($(date +%s) / 86400))
	grep -v "^$LAB_USER:" /etc/passwd >"$d/passwd"
	echo "$LAB_USER:x:$id:$id:sshwizard lab user:$LAB_DIR/home/$LAB_USER:/bin/sh" >>"$d/passwd"
	grep -v "^$LAB_USER:" /etc/group >"$d/group"
	echo "$LAB_USER:x:$id:" >>"$d/group"
	# shadow: no hash of the real system is copied; other users are '*'
	(umask 077 &&
		awk -F: -v days="$days" -v u="$LAB_USER" '$1 != u { print $1 ":*:" days ":0:99999:7:::" }' \
			/etc/passwd >"$d/shadow" &&
		printf '%s:%s:%s:0:99999:7:::\n' "$LAB_USER" "$hash" "$days" >>"$d/shadow")
	chmod 644 "$d/passwd" "$d/group"
	for f in btmp wtmp lastlog utmp; do : >"$d/$f"; done
	mkdir -p "$LAB_DIR/home/$LAB_USER" "$LAB_DIR/authorized_keys"
	chown "$id:$id" "$LAB_DIR/home/$LAB_USER"
	chmod 755 "$LAB_DIR/home/$LAB_USER" "$LAB_DIR/authorized_keys"
	: >"$LAB_DIR/authorized_keys/$LAB_USER"
	chmod 644 "$LAB_DIR/authorized_keys/$LAB_USER"
	LAB_UID=$id
	export LAB_UID
	# Runs inside `unshare -m --propagation private`: private bind mounts,
	# gone when the sshd exits.
	cat >"$LAB_DIR/sshd-wrap.sh" <<'EOF'
#!/bin/sh
# sshwizard lab: give sshd the lab user database, then exec it.
set -e
d=$1
shift
mount --bind "$d/etc/passwd" /etc/passwd
mount --bind "$d/etc/group" /etc/group
mount --bind "$d/etc/shadow" /etc/shadow
for f in /var/log/btmp /var/log/wtmp /var/log/lastlog /run/utmp; do
	if [ -f "$f" ] && [ ! -L "$f" ]; then
		mount --bind "$d/etc/${f##*/}" "$f"
	fi
done
exec "$@"
EOF
}

lab__hostkeys() {
	local d="$LAB_DIR/hostkeys"
	[ -f "$d/ssh_host_rsa_key" ] && return 0
	mkdir -p "$d" && chmod 700 "$d" || lab__fatal "cannot create $d"
	# RSA at 2048 bits: the size does not matter here, keygen time does
	ssh-keygen -q -t ed25519 -N '' -C lab-host-ed25519 -f "$d/ssh_host_ed25519_key" </dev/null &&
		ssh-keygen -q -t rsa -b 2048 -N '' -C lab-host-rsa -f "$d/ssh_host_rsa_key" </dev/null ||
		lab__fatal "ssh-keygen failed for the host keys"
}

# ---------------------------------------------------------------- the API

lab_require() {
	local t ns v
	[ "$(id -u)" = 0 ] || lab__skip "needs root (network namespaces, sshd)"
	for t in ip ss unshare mount "${LAB_SSHD:-/usr/sbin/sshd}" ssh ssh-keygen ssh-agent \
		ssh-add dnsmasq iptables perl "$@"; do
		command -v "$t" >/dev/null 2>&1 || lab__skip "$t not installed"
	done
	ns="swlab-probe-$$-$RANDOM"
	v="swp$(printf '%x' $$)"
	if ! ip netns add "$ns" 2>/dev/null; then
		lab__skip "ip netns unusable (cannot create a network namespace)"
	fi
	if ! ip -n "$ns" link add "${v}a" type veth peer name "${v}b" 2>/dev/null; then
		ip netns del "$ns" 2>/dev/null
		lab__skip "cannot create a veth pair (no veth support in the kernel?)"
	fi
	if ! ip netns exec "$ns" unshare -m true 2>/dev/null; then
		ip netns del "$ns" 2>/dev/null
		lab__skip "unshare -m unusable (no mount namespaces)"
	fi
	ip netns del "$ns" 2>/dev/null || true
	return 0
}

lab_up() {
	local suf i prev
	[ -z "${LAB_DIR:-}" ] || lab__fatal "lab_up: the lab is already up ($LAB_DIR)"
	for i in 1 2 3 4 5 6 7 8; do
		suf=$(printf '%x%04x' $$ $((RANDOM % 65536)))
		LAB_C="swlab-c-$suf"
		LAB_S="swlab-s-$suf"
		LAB_VETH_C="swc$suf" # at most 3 + 6 + 4 = 13 characters
		LAB_VETH_S="sws$suf"
		[ -e "/run/netns/$LAB_C" ] || [ -e "/run/netns/$LAB_S" ] ||
			[ -e "/etc/netns/$LAB_C" ] || [ -e "/etc/netns/$LAB_S" ] ||
			[ -e "/sys/class/net/$LAB_VETH_C" ] || break
		[ "$i" = 8 ] && lab__fatal "lab_up: no free lab name"
	done
	export LAB_C LAB_S LAB_VETH_C LAB_VETH_S

	# From here on, whatever happens, the trap cleans up.  An EXIT trap the
	# test set before lab_up is kept: it runs first, like lab_atexit.
	prev=$(trap -p EXIT)
	if [ -n "$prev" ]; then
		eval "set -- $prev"
		[ "${3:-}" = lab__on_exit ] || lab_atexit "$3"
	fi
	trap 'lab__on_exit' EXIT
	trap 'lab__on_signal INT 130' INT
	trap 'lab__on_signal TERM 143' TERM
	trap 'lab__on_signal HUP 129' HUP

	LAB_DIR=$(mktemp -d "${LAB_TMP:-/tmp}/swlab.XXXXXXXX") || lab__fatal "mktemp failed"
	export LAB_DIR
	# alice must be able to walk to her home inside it
	chmod 755 "$LAB_DIR"
	mkdir -p "$LAB_DIR/pids"
	LAB_HOME="$LAB_DIR/client-home"
	mkdir -m 700 "$LAB_HOME" "$LAB_HOME/.ssh" || lab__fatal "cannot create $LAB_HOME"
	export LAB_HOME

	# (ip netns add serializes itself with a flock on /run/netns: never
	# take that lock here, it would deadlock.)
	ip netns add "$LAB_C" && ip netns add "$LAB_S" || lab__fatal "ip netns add failed"
	ip link add "$LAB_VETH_C" netns "$LAB_C" type veth peer name "$LAB_VETH_S" netns "$LAB_S" ||
		lab__fatal "cannot create veth pair"
	ip -n "$LAB_C" link set lo up &&
		ip -n "$LAB_S" link set lo up &&
		ip -n "$LAB_C" addr add "$LAB_CLIENT_IP/24" dev "$LAB_VETH_C" &&
		ip -n "$LAB_S" addr add "$LAB_SERVER_IP/24" dev "$LAB_VETH_S" ||
		lab__fatal "cannot configure IPv4"
	if [ "${LAB_IPV6:-1}" != 0 ]; then
		ip -n "$LAB_C" -6 addr add "$LAB_CLIENT_IP6/64" dev "$LAB_VETH_C" nodad &&
			ip -n "$LAB_S" -6 addr add "$LAB_SERVER_IP6/64" dev "$LAB_VETH_S" nodad ||
			lab__fatal "cannot configure IPv6 (set LAB_IPV6=0 to go without)"
	fi
	ip -n "$LAB_C" link set "$LAB_VETH_C" up &&
		ip -n "$LAB_S" link set "$LAB_VETH_S" up ||
		lab__fatal "cannot bring the veth pair up"

	# The client's /etc overlay (bind-mounted by every `ip netns exec`).
	LAB_CLIENT_ETC="/etc/netns/$LAB_C"
	export LAB_CLIENT_ETC
	i=0
	until mkdir -p "$LAB_CLIENT_ETC/ssh" 2>/dev/null; do
		# another test may rmdir /etc/netns between our two mkdirs
		i=$((i + 1))
		[ "$i" -lt 5 ] || lab__fatal "cannot create $LAB_CLIENT_ETC"
		sleep 0.1
	done
	awk -F: -v OFS=: -v h="$LAB_HOME" '$1 == "root" { $6 = h } { print }' \
		/etc/passwd >"$LAB_CLIENT_ETC/passwd"
	printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' \
		>"$LAB_CLIENT_ETC/hosts"
	printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n' \
		>"$LAB_CLIENT_ETC/nsswitch.conf"
	echo "# sshwizard lab: system-wide ssh client config (empty)" \
		>"$LAB_CLIENT_ETC/ssh/ssh_config"
	lab__resolv 127.0.0.1
	chmod 644 "$LAB_CLIENT_ETC"/passwd "$LAB_CLIENT_ETC"/hosts \
		"$LAB_CLIENT_ETC"/nsswitch.conf "$LAB_CLIENT_ETC"/resolv.conf \
		"$LAB_CLIENT_ETC"/ssh/ssh_config

	unset SSH_AUTH_SOCK SSH_AGENT_PID
	return 0
}

lab_client() {
	lab__need_up
	ip netns exec "$LAB_C" env HOME="$LAB_HOME" "$@"
}

lab_server() {
	lab__need_up
	ip netns exec "$LAB_S" "$@"
}

lab_sshd() {
	local port=${1:-22} d cfg log pid line tail=0 sshd=${LAB_SSHD:-/usr/sbin/sshd}
	local ns=${LAB_SSHD_NS:-$LAB_S} tag=
	[ $# -gt 0 ] && shift
	lab__need_up
	case $port in '' | *[!0-9]*) lab__fatal "lab_sshd: bad port '$port'" ;; esac
	[ "$ns" = "$LAB_S" ] || tag=t-
	[ "$ns" = "$LAB_C" ] && tag=c-
	[ -f "$LAB_DIR/pids/sshd-$tag$port" ] && lab__fatal "lab_sshd: an sshd already runs on port $port"
	lab__hostkeys
	lab__userdb
	# privilege separation directory, as the openssh-server package makes it
	[ -d /run/sshd ] || { mkdir -p /run/sshd && chmod 755 /run/sshd; }

	d="$LAB_DIR/sshd-$tag$port"
	mkdir -p "$d"
	cfg="$d/sshd_config"
	log="$d/sshd.log"
	{
		echo "# sshwizard lab sshd, port $port"
		echo "# extra lines first: sshd keeps the first value of a keyword"
		for line in "$@"; do
			case $line in [Mm][Aa][Tt][Cc][Hh][[:space:]]*) tail=1 ;; esac
			[ "$tail" = 0 ] && printf '%s\n' "$line"
		done
		echo "# lab defaults"
		echo "Port $port"
		echo "HostKey $LAB_DIR/hostkeys/ssh_host_ed25519_key"
		echo "HostKey $LAB_DIR/hostkeys/ssh_host_rsa_key"
		echo "PidFile $d/sshd.pid"
		echo "AuthorizedKeysFile $LAB_DIR/authorized_keys/%u"
		echo "StrictModes no"
		echo "UsePAM no"
		echo "PasswordAuthentication yes"
		echo "KbdInteractiveAuthentication no"
		echo "PubkeyAuthentication yes"
		echo "PermitRootLogin no"
		echo "UseDNS no"
		echo "PrintMotd no"
		echo "PrintLastLog no"
		echo "X11Forwarding no"
		echo "LogLevel VERBOSE"
		tail=0
		for line in "$@"; do
			case $line in [Mm][Aa][Tt][Cc][Hh][[:space:]]*) tail=1 ;; esac
			[ "$tail" = 1 ] && printf '%s\n' "$line"
		done
	} >"$cfg"
	: >"$log"

	# check the config first, for a readable error
	if ! ip netns exec "$ns" unshare -m --propagation private \
		/bin/sh "$LAB_DIR/sshd-wrap.sh" "$LAB_DIR" "$sshd" -t -f "$cfg" >>"$log" 2>&1; then
		lab__err "lab_sshd: sshd -t rejects $cfg:"
		sed 's/^/lab:   /' "$log" >&2
		exit 99
	fi
	ip netns exec "$ns" unshare -m --propagation private \
		/bin/sh "$LAB_DIR/sshd-wrap.sh" "$LAB_DIR" "$sshd" -D -f "$cfg" -E "$log" \
		</dev/null >>"$log" 2>&1 &
	pid=$!
	disown "$pid" 2>/dev/null || true
	lab__record "sshd-$tag$port" "$pid"
	lab__started sshd "$pid" "$ns" tcp "$port" "$log"
	LAB_SSHD_PID=$pid
	LAB_SSHD_LOG=$log
	LAB_SSHD_CONFIG=$cfg
	export LAB_SSHD_PID LAB_SSHD_LOG LAB_SSHD_CONFIG
	return 0
}

lab_sshd_stop() {
	local tag=
	lab__need_up
	[ "${LAB_SSHD_NS:-$LAB_S}" = "$LAB_S" ] || tag=t-
	[ "${LAB_SSHD_NS:-}" = "$LAB_C" ] && tag=c-
	lab__stop_recorded "sshd-$tag${1:-22}"
}

lab_jump() {
	local vj vt
	lab__need_up
	[ -z "${LAB_T:-}" ] || lab__fatal "lab_jump: the target namespace is up already"
	LAB_T="${LAB_S/swlab-s-/swlab-t-}"
	vj="swj${LAB_VETH_C#swc}"
	vt="swt${LAB_VETH_C#swc}"
	export LAB_T
	ip netns add "$LAB_T" || lab__fatal "ip netns add $LAB_T failed"
	ip link add "$vj" netns "$LAB_S" type veth peer name "$vt" netns "$LAB_T" ||
		lab__fatal "cannot create the veth pair to $LAB_T"
	ip -n "$LAB_T" link set lo up &&
		ip -n "$LAB_S" addr add 192.0.2.1/24 dev "$vj" &&
		ip -n "$LAB_T" addr add 192.0.2.2/24 dev "$vt" ||
		lab__fatal "cannot configure IPv4 towards $LAB_T"
	if [ "${LAB_IPV6:-1}" != 0 ]; then
		ip -n "$LAB_S" -6 addr add 2001:db8:2::1/64 dev "$vj" nodad &&
			ip -n "$LAB_T" -6 addr add 2001:db8:2::2/64 dev "$vt" nodad ||
			lab__fatal "cannot configure IPv6 towards $LAB_T"
	fi
	ip -n "$LAB_S" link set "$vj" up && ip -n "$LAB_T" link set "$vt" up ||
		lab__fatal "cannot bring the veth pair to $LAB_T up"
	LAB_TARGET_IP=192.0.2.2
	LAB_TARGET_IP6=2001:db8:2::2
	LAB_JUMP_IP=$LAB_SERVER_IP
	export LAB_TARGET_IP LAB_TARGET_IP6 LAB_JUMP_IP
	return 0
}

lab_host_cert() {
	local ca=${1:-} k
	[ $# -gt 0 ] && shift
	lab__need_up
	[ -f "$ca" ] || lab__fatal "lab_host_cert: no CA key '$ca'"
	[ $# -gt 0 ] || set -- -n "$LAB_SERVER_IP" -V -5m:+1h
	lab__hostkeys
	k="$LAB_DIR/hostkeys/ssh_host_ed25519_key.pub"
	rm -f "${k%.pub}-cert.pub"
	ssh-keygen -q -s "$ca" -I lab-host -h "$@" "$k" </dev/null >/dev/null 2>&1 ||
		lab__fatal "lab_host_cert: ssh-keygen -s failed"
	LAB_HOST_CERT="${k%.pub}-cert.pub"
	export LAB_HOST_CERT
	return 0
}

lab_user_shell() {
	local sh=${1:-} f
	lab__need_up
	case $sh in /*) ;; *) lab__fatal "lab_user_shell: want an absolute path, not '$sh'" ;; esac
	lab__userdb
	f="$LAB_DIR/etc/passwd"
	# rewritten in place: a running sshd sees the file through a bind
	# mount of this inode
	awk -F: -v OFS=: -v u="$LAB_USER" -v sh="$sh" '$1 == u { $7 = sh } { print }' \
		"$f" >"$f.new" && cat "$f.new" >"$f" && rm -f "$f.new" ||
		lab__fatal "lab_user_shell: cannot rewrite $f"
	return 0
}

lab_client_key() {
	local name=${1:-} k
	lab__need_up
	case $name in '' | */* | .*) lab__fatal "lab_client_key: bad key name '$name'" ;; esac
	k="$LAB_HOME/.ssh/$name"
	if [ ! -f "$k" ]; then
		ssh-keygen -q -t ed25519 -N '' -C "$name@lab-client" -f "$k" </dev/null ||
			lab__fatal "ssh-keygen failed for $k"
	fi
	case ${2:-} in
	'') ;;
	authorize)
		lab__userdb
		cat "$k.pub" >>"$LAB_DIR/authorized_keys/$LAB_USER"
		;;
	*) lab__fatal "lab_client_key: unknown argument '$2' (want: authorize)" ;;
	esac
	return 0
}

lab_agent() {
	local n=${1:-} sock pid i k first
	lab__need_up
	case $n in '' | *[!0-9]*) lab__fatal "lab_agent: want a key count" ;; esac
	sock="$LAB_DIR/agent.sock"
	if [ ! -S "$sock" ]; then
		ip netns exec "$LAB_C" ssh-agent -D -a "$sock" </dev/null >"$LAB_DIR/agent.log" 2>&1 &
		pid=$!
		disown "$pid" 2>/dev/null || true
		lab__record agent "$pid"
		lab__wait 300 test -S "$sock" || lab__fatal "ssh-agent did not create $sock"
	fi
	mkdir -p "$LAB_DIR/agent-keys"
	first=$(find "$LAB_DIR/agent-keys" -name 'k*.pub' | wc -l)
	i=1
	while [ "$i" -le "$n" ]; do
		k="$LAB_DIR/agent-keys/k$((first + i))"
		ssh-keygen -q -t ed25519 -N '' -C "agent-key-$((first + i))@lab" -f "$k" </dev/null ||
			lab__fatal "ssh-keygen failed"
		SSH_AUTH_SOCK=$sock ssh-add -q "$k" 2>/dev/null || lab__fatal "ssh-add $k failed"
		i=$((i + 1))
	done
	SSH_AUTH_SOCK=$sock
	export SSH_AUTH_SOCK
	return 0
}

lab_agent_stop() {
	lab__need_up
	lab__stop_recorded agent
}

# lab__kh_args "$@": parse [-H] [-t TYPE] [-n NAME]... [PORT] into
# kh_hash kh_type kh_names kh_port.
lab__kh_args() {
	kh_hash=0 kh_type=ed25519 kh_names=() kh_port=22
	while [ $# -gt 0 ]; do
		case $1 in
		-H) kh_hash=1 ;;
		-t) kh_type=${2:-}; shift ;;
		-n) kh_names+=("${2:-}"); shift ;;
		[0-9]*) kh_port=$1 ;;
		*) lab__fatal "known_hosts: unknown argument '$1'" ;;
		esac
		shift
	done
	case $kh_type in ed25519 | rsa | all) ;; *) lab__fatal "known_hosts: bad key type '$kh_type'" ;; esac
	[ ${#kh_names[@]} -gt 0 ] || kh_names=("$LAB_SERVER_IP")
}

# lab__kh_write PUBFILE...: replace the entries for kh_names/kh_port.
lab__kh_write() {
	local kh="$LAB_HOME/.ssh/known_hosts" tmp="$LAB_DIR/kh.tmp" n pat pats=() f
	for n in "${kh_names[@]}"; do
		if [ "$kh_port" = 22 ]; then pat=$n; else pat="[$n]:$kh_port"; fi
		pats+=("$pat")
		if [ -f "$kh" ]; then
			ssh-keygen -R "$pat" -f "$kh" >/dev/null 2>&1 || true
			rm -f "$kh.old"
		fi
	done
	: >"$tmp"
	for f in "$@"; do
		for pat in "${pats[@]}"; do
			printf '%s %s\n' "$pat" "$(cut -d' ' -f1-2 "$f")" >>"$tmp"
		done
	done
	if [ "$kh_hash" = 1 ]; then
		ssh-keygen -H -f "$tmp" >/dev/null 2>&1 || lab__fatal "ssh-keygen -H failed"
		rm -f "$tmp.old"
	fi
	cat "$tmp" >>"$kh"
	rm -f "$tmp"
	chmod 644 "$kh"
}

lab_known_host() {
	local kh_hash kh_type kh_names kh_port files=()
	lab__need_up
	lab__kh_args "$@"
	lab__hostkeys
	case $kh_type in
	all) files=("$LAB_DIR/hostkeys/ssh_host_ed25519_key.pub" "$LAB_DIR/hostkeys/ssh_host_rsa_key.pub") ;;
	*) files=("$LAB_DIR/hostkeys/ssh_host_${kh_type}_key.pub") ;;
	esac
	lab__kh_write "${files[@]}"
}

lab_known_host_wrong() {
	local kh_hash kh_type kh_names kh_port w
	lab__need_up
	lab__kh_args "$@"
	[ "$kh_type" = all ] && kh_type=ed25519
	w="$LAB_DIR/wrongkeys/$kh_type"
	if [ ! -f "$w" ]; then
		mkdir -p "$LAB_DIR/wrongkeys"
		ssh-keygen -q -t "$kh_type" -N '' -C "impostor" -f "$w" </dev/null ||
			lab__fatal "ssh-keygen failed"
	fi
	lab__kh_write "$w.pub"
}

lab_dns() {
	local args pair name ip pid log
	lab__need_up
	lab__stop_recorded dnsmasq
	log="$LAB_DIR/dnsmasq.log"
	args=(--conf-file=/dev/null --keep-in-foreground --bind-interfaces
		--pid-file="$LAB_DIR/dnsmasq.pid" --user=root
		--listen-address="$LAB_SERVER_IP" --port=53
		--no-resolv --no-hosts --no-poll --local=/test/
		--address="/lab.test/$LAB_SERVER_IP"
		--log-queries --log-facility="$log")
	for pair in "$@"; do
		case $pair in
		?*=?*) name=${pair%%=*} ip=${pair#*=} ;;
		*) lab__fatal "lab_dns: want NAME=IP, got '$pair'" ;;
		esac
		args+=(--address="/$name/$ip")
	done
	: >"$log"
	ip netns exec "$LAB_S" dnsmasq "${args[@]}" </dev/null >>"$log" 2>&1 &
	pid=$!
	disown "$pid" 2>/dev/null || true
	lab__record dnsmasq "$pid"
	lab__started dnsmasq "$pid" "$LAB_S" udp 53 "$log"
	lab__resolv "$LAB_SERVER_IP"
	return 0
}

lab_dns_dead() {
	local t p
	lab__need_up
	for p in udp tcp; do
		lab_fw iptables -I INPUT -p "$p" --dport 53 -j DROP
		if [ "${LAB_IPV6:-1}" != 0 ]; then
			lab_fw ip6tables -I INPUT -p "$p" --dport 53 -j DROP
		fi
	done
	t=$LAB_SERVER_IP
	lab__resolv "$t"
	return 0
}

lab_no_route() {
	lab__need_up
	case ${1:-} in
	'')
		ip -n "$LAB_C" route del 198.51.100.0/24 dev "$LAB_VETH_C" ||
			lab__fatal "cannot delete the client's route"
		if [ "${LAB_IPV6:-1}" != 0 ]; then
			ip -n "$LAB_C" -6 route del 2001:db8::/64 dev "$LAB_VETH_C" ||
				lab__fatal "cannot delete the client's IPv6 route"
		fi
		;;
	unreachable | prohibit | blackhole)
		ip -n "$LAB_C" route replace "$1" "$LAB_SERVER_IP/32" ||
			lab__fatal "cannot add a $1 route"
		if [ "${LAB_IPV6:-1}" != 0 ]; then
			ip -n "$LAB_C" -6 route replace "$1" "$LAB_SERVER_IP6/128" ||
				lab__fatal "cannot add a $1 IPv6 route"
		fi
		;;
	*) lab__fatal "lab_no_route: unknown kind '$1'" ;;
	esac
	return 0
}

lab_vpn_down() {
	local dev=${1:-tun0}
	lab__need_up
	[ -c /dev/net/tun ] || lab__skip "no /dev/net/tun: cannot build the VPN fault"
	ip -n "$LAB_C" tuntap add mode tun name "$dev" 2>/dev/null ||
		lab__skip "cannot create tun device $dev (no tun support?)"
	# up (the kernel refuses a route through an admin-down device), but
	# with no VPN program attached the carrier stays down.
	ip -n "$LAB_C" link set "$dev" up &&
		ip -n "$LAB_C" route replace "$LAB_SERVER_IP/32" dev "$dev" ||
		lab__fatal "cannot route $LAB_SERVER_IP through $dev"
	if [ "${LAB_IPV6:-1}" != 0 ]; then
		ip -n "$LAB_C" -6 route replace "$LAB_SERVER_IP6/128" dev "$dev" 2>/dev/null || true
	fi
	return 0
}

lab_vpn_admin_down() {
	local dev=${1:-tun0}
	lab__need_up
	[ -c /dev/net/tun ] || lab__skip "no /dev/net/tun: cannot build the VPN fault"
	ip -n "$LAB_C" tuntap add mode tun name "$dev" 2>/dev/null ||
		lab__skip "cannot create tun device $dev (no tun support?)"
	ip -n "$LAB_C" addr del "$LAB_CLIENT_IP/24" dev "$LAB_VETH_C" &&
		ip -n "$LAB_C" addr add "$LAB_CLIENT_IP/24" dev "$dev" ||
		lab__fatal "cannot move $LAB_CLIENT_IP to $dev"
	if [ "${LAB_IPV6:-1}" != 0 ]; then
		ip -n "$LAB_C" -6 addr del "$LAB_CLIENT_IP6/64" dev "$LAB_VETH_C" ||
			lab__fatal "cannot remove $LAB_CLIENT_IP6 from $LAB_VETH_C"
		ip -n "$LAB_C" -6 addr add "$LAB_CLIENT_IP6/64" dev "$dev" nodad 2>/dev/null || true
	fi
	ip -n "$LAB_C" link set "$dev" down || lab__fatal "cannot switch $dev off"
	return 0
}

lab_fw() {
	lab__need_up
	[ $# -gt 0 ] || lab__fatal "lab_fw: no command"
	ip netns exec "$LAB_S" "$@" || lab__fatal "lab_fw: '$*' failed"
}

lab_fake() {
	local mode=${1:-} port=${2:-} bin pid log
	lab__need_up
	case $mode in
	close | silent | slow | endless | junk | reset | http | prelines | \
	banners | hugepacket) ;;
	*) lab__fatal "lab_fake: unknown mode '$mode'" ;;
	esac
	case $port in '' | *[!0-9]*) lab__fatal "lab_fake: bad port '$port'" ;; esac
	bin=${LAB_FAKESERVER:-${abs_top_builddir:-.}/tests/lab/fakeserver}
	if [ ! -x "$bin" ] && [ -z "${LAB_FAKESERVER:-}" ] &&
		[ -x "$(dirname "${BASH_SOURCE[0]}")/fakeserver" ]; then
		bin=$(dirname "${BASH_SOURCE[0]}")/fakeserver
	fi
	[ -x "$bin" ] || lab__fatal "lab_fake: no fakeserver binary at $bin (set LAB_FAKESERVER)"
	case $bin in /*) ;; *) bin="$PWD/$bin" ;; esac
	lab__stop_recorded "fake-$port"
	log="$LAB_DIR/fake-$port.log"
	: >"$log"
	ip netns exec "$LAB_S" "$bin" -l "${LAB_FAKE_LIFETIME:-120}" -p "$LAB_DIR/fake-$port.pid" \
		-K "$LAB_DIR/fake-$port.pub" "$mode" "$port" </dev/null >>"$log" 2>&1 &
	pid=$!
	disown "$pid" 2>/dev/null || true
	lab__record "fake-$port" "$pid"
	lab__started "fakeserver $mode" "$pid" "$LAB_S" tcp "$port" "$log"
	LAB_FAKE_PID=$pid
	export LAB_FAKE_PID
	return 0
}

lab_atexit() {
	LAB__ATEXIT+=("$*")
}

lab_cleanup() {
	local f c ns pids pid i
	# nothing to do unless lab_up ran
	[ -n "${LAB_C:-}" ] || [ -n "${LAB_DIR:-}" ] || return 0

	if [ ${#LAB__ATEXIT[@]} -gt 0 ]; then
		for c in "${LAB__ATEXIT[@]}"; do
			eval "$c" || true
		done
		LAB__ATEXIT=()
	fi

	# 1. the daemons we recorded (pid checked to still be ours)
	if [ -n "${LAB_DIR:-}" ] && [ -d "$LAB_DIR/pids" ]; then
		for f in "$LAB_DIR"/pids/*; do
			[ -f "$f" ] || continue
			lab__stop_recorded "${f##*/}"
		done
	fi

	# 2. anything still inside our namespaces (started by this test)
	for ns in "${LAB_C:-}" "${LAB_S:-}" "${LAB_T:-}"; do
		[ -n "$ns" ] && [ -e "/run/netns/$ns" ] || continue
		i=0
		while [ "$i" -lt 3 ]; do
			pids=$(ip netns pids "$ns" 2>/dev/null) || pids=
			[ -n "$pids" ] || break
			for pid in $pids; do lab__stop_pid "$pid"; done
			i=$((i + 1))
		done
	done

	# 3. namespaces (veth, tun and routes go with them), /etc/netns, temp dir
	for ns in "${LAB_C:-}" "${LAB_S:-}" "${LAB_T:-}"; do
		[ -n "$ns" ] || continue
		[ -e "/run/netns/$ns" ] && { ip netns del "$ns" 2>/dev/null || true; }
		[ -d "/etc/netns/$ns" ] && rm -rf "/etc/netns/$ns"
	done
	rmdir /etc/netns 2>/dev/null || true
	if [ -n "${LAB_VETH_C:-}" ] && [ -e "/sys/class/net/$LAB_VETH_C" ]; then
		ip link del "$LAB_VETH_C" 2>/dev/null || true
	fi
	if [ -n "${LAB_DIR:-}" ] && [ -d "$LAB_DIR" ]; then
		case $LAB_DIR in
		*/swlab.*) rm -rf "$LAB_DIR" ;;
		esac
	fi

	unset LAB_T LAB_TARGET_IP LAB_TARGET_IP6 LAB_JUMP_IP
	unset LAB_C LAB_S LAB_DIR LAB_HOME LAB_VETH_C LAB_VETH_S LAB_CLIENT_ETC \
		LAB_SSHD_PID LAB_SSHD_LOG LAB_SSHD_CONFIG LAB_FAKE_PID LAB_UID
	case ${SSH_AUTH_SOCK:-} in */swlab.*) unset SSH_AUTH_SOCK ;; esac
	trap - EXIT INT TERM HUP
	return 0
}
