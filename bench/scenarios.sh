#!/bin/bash
# bench/scenarios.sh - how long a diagnosis takes next to the user's own ssh.
#
# For each lab scenario (tests/lab), in a fresh lab: runs
#     sshwizard --batch -F /dev/null --timeout T ...
# and
#     ssh -F /dev/null -o BatchMode=yes -o ConnectTimeout=T ... true
# from the client namespace, RUNS times each, alternating, and prints a
# Markdown table: the verdict, the median wall time of each, their ratio,
# the target of issue 9 for that fault and whether it holds, and
# sshwizard's peak memory (maximum resident set size, /usr/bin/time -v,
# Debian package "time"), then `ssh -G` alone and sshwizard's start
# (--version), timed in the same rounds, the parts of sshwizard's time that
# come before its first check.  Both get the same words (-F /dev/null: no
# configuration file), so both pay for reading their configuration: ssh
# parses it, sshwizard runs its one `ssh -G`.  ssh runs in batch mode, so
# where a password would be needed it fails at the login like a script
# would; the healthy server is reached with a key, and there ssh runs
# `true` while sshwizard runs its whole diagnosis.
#
# The header names the date, the machine (nproc, CPU model, load average
# at the start) and the versions, and the command that reproduces it.
#
# With SSHWIZARD_BASE=path/to/an/older/sshwizard, each round also runs that
# build the same way, and a column gives its median: a change measured
# against the code before it on the same loaded machine, in the same rounds.
#
# Usage: sudo bench/scenarios.sh [SCENARIO...]
#   RUNS=5 BENCH_TIMEOUT=5 SSHWIZARD=./sshwizard (the build's binary)
#   SSHWIZARD_BASE= (none)
# Needs root and what the lab needs; never run by make check.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
RUNS=${RUNS:-5}
T=${BENCH_TIMEOUT:-5}
SSHWIZARD=${SSHWIZARD:-${abs_top_builddir:-.}/sshwizard}
case $SSHWIZARD in /*) ;; *) SSHWIZARD="$PWD/$SSHWIZARD" ;; esac
BASE=${SSHWIZARD_BASE:-}
case $BASE in /* | "") ;; *) BASE="$PWD/$BASE" ;; esac
export abs_top_builddir=${abs_top_builddir:-$(dirname "$SSHWIZARD")}
# shellcheck source=../tests/lab/lab.sh
. "$SRC/tests/lab/lab.sh"
lab_require jq /usr/bin/time timeout
[ -x "$SSHWIZARD" ] || { echo "bench: no sshwizard at $SSHWIZARD" >&2; exit 2; }
[ -z "$BASE" ] || [ -x "$BASE" ] || { echo "bench: no sshwizard at $BASE" >&2; exit 2; }

# The faults of issue 9's table first, then the dropped port; more on
# request: dns-dead vpn-down host-prohibited custom-port-dropped
# wrong-password proxy (healthy, through a ProxyCommand: ssh -W on the
# jump host).
ALL="refused nxdomain no-route wrong-port banner-closed kex-fails
hostkey-changed healthy filtered"
SCENARIOS=${*:-$ALL}
# No EXIT trap of our own: each lab_up (in its subshell) takes over the
# trap it finds; the results file is removed at the end.
RESULTS=$(mktemp "${TMPDIR:-/tmp}/bench.XXXXXX")
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
SCENARIOS=$(echo $SCENARIOS)

# Each setup builds the fault and sets the arguments of both tools:
# DEST (user@host), PORT, WIZ_ARGS (extra sshwizard arguments) and SSH_ARGS
# (extra ssh arguments).
setup_healthy() {
	lab_sshd
	lab_client_key k1 authorize
	lab_known_host
	WIZ_ARGS=(-i "$LAB_HOME/.ssh/k1")
	SSH_ARGS=(-i "$LAB_HOME/.ssh/k1" -o IdentitiesOnly=yes)
}
setup_refused() { :; }
setup_proxy() {
	local k="$LAB_HOME/.ssh/k1" pc
	lab_sshd
	lab_jump
	LAB_SSHD_NS=$LAB_T lab_sshd
	lab_client_key k1 authorize
	lab_known_host -n "$LAB_SERVER_IP" -n "$LAB_TARGET_IP"
	pc="ProxyCommand=ssh -F /dev/null -i $k -o IdentitiesOnly=yes -o BatchMode=yes -W %h:%p $LAB_USER@$LAB_SERVER_IP"
	DEST="$LAB_USER@$LAB_TARGET_IP"
	WIZ_ARGS=(-i "$k" -o "$pc")
	SSH_ARGS=(-i "$k" -o IdentitiesOnly=yes -o "$pc")
}
setup_filtered() {
	lab_sshd
	lab_known_host
	lab_fw iptables -A INPUT -p tcp --dport 22 -j DROP
}
setup_nxdomain() {
	lab_dns
	DEST="$LAB_USER@nosuch.test"
}
setup_dns-dead() {
	lab_dns_dead
	DEST="$LAB_USER@lab.test"
}
setup_no-route() { lab_no_route; }
setup_vpn-down() {
	lab_sshd
	lab_vpn_down tun7
}
setup_wrong-port() {
	lab_sshd 2222
	lab_known_host
}
setup_host-prohibited() {
	lab_sshd 22
	lab_sshd 10022
	lab_known_host 10022
	lab_fw iptables -A INPUT -p tcp --dport 10022 -j REJECT --reject-with icmp-host-prohibited
	# The kernel sends a host at most one such ICMP error a second after a
	# small burst; back-to-back runs would measure that limit, not the tools.
	lab_server sysctl -qw net.ipv4.icmp_ratelimit=0
	PORT=10022
}
setup_custom-port-dropped() {
	lab_sshd 22
	lab_sshd 10022
	lab_known_host 10022
	lab_fw iptables -A INPUT -p tcp --dport 10022 -j DROP
	PORT=10022
}
setup_wrong-password() {
	lab_sshd
	lab_known_host
	printf 'not the password' >"$LAB_DIR/wrong-pw"
	WIZ_ARGS=(--password-file "$LAB_DIR/wrong-pw")
}
setup_hostkey-changed() {
	lab_sshd
	lab_client_key k1 authorize
	lab_known_host_wrong
	WIZ_ARGS=(-i "$LAB_HOME/.ssh/k1")
	SSH_ARGS=(-i "$LAB_HOME/.ssh/k1" -o IdentitiesOnly=yes)
}
setup_banner-closed() { lab_fake close 22; }
setup_kex-fails() {
	lab_sshd 22 "KexAlgorithms diffie-hellman-group1-sha1"
	lab_known_host
}

# The target of issue 9 for a scenario: "x1.0" (sshwizard at most as slow
# as ssh), "x1.5", or "T+0.3s" (a dropped port: the time-out and 0.3 s).
target_of() {
	case $1 in
	kex-fails) echo x1.5 ;;
	filtered | custom-port-dropped) echo "T+0.3s" ;;
	*) echo x1.0 ;;
	esac
}

# "yes" or "no": does w (ms) meet the target next to s (ms)?
meets() {
	awk -v w="$2" -v s="$3" -v t="$1" -v T="$T" 'BEGIN {
		if (t == "T+0.3s") ok = w <= T * 1000 + 300
		else if (t == "x1.5") ok = w <= 1.5 * s
		else ok = w <= s
		print ok ? "yes" : "no"
	}'
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# One scenario in its own lab; appends
# "name|cause|wiz_ms|ssh_ms|rss_kb|ssh_rc|sshg_ms|start_ms".
# Besides both tools, each round times the two parts of sshwizard's time
# that are not its diagnosis: `ssh -G` alone with the same words (the one
# run that resolves the target, which sshwizard waits for before its first
# check) and `sshwizard --version` (the program's start: loading and
# linking its libraries).
bench_one() (
	local name=$1 i t0 wiz=() ssh=() sshg=() start=() base=() rss=0 r cause=- ssh_rc=-
	lab_up
	DEST="$LAB_USER@$LAB_SERVER_IP" PORT=22 WIZ_ARGS=() SSH_ARGS=()
	"setup_$name"
	for i in $(seq "$RUNS"); do
		t0=$(now_ms)
		lab_client /usr/bin/time -v -o "$LAB_DIR/time.txt" \
			"$SSHWIZARD" --batch -F /dev/null --timeout "$T" -p "$PORT" \
			--report "$LAB_DIR/r.json" "${WIZ_ARGS[@]}" "$DEST" >/dev/null 2>&1
		wiz+=($(($(now_ms) - t0)))
		r=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$LAB_DIR/time.txt")
		[ -n "$r" ] && [ "$r" -gt "$rss" ] && rss=$r
		cause=$(jq -r '.verdict.cause // .status' "$LAB_DIR/r.json" 2>/dev/null || echo '?')
		t0=$(now_ms)
		lab_client /usr/bin/time -o /dev/null \
			timeout $((T * 4 + 10)) ssh -n -F /dev/null -o BatchMode=yes \
			-o ConnectTimeout="$T" -p "$PORT" "${SSH_ARGS[@]}" "$DEST" true \
			>/dev/null 2>&1
		ssh_rc=$?
		ssh+=($(($(now_ms) - t0)))
		t0=$(now_ms)
		lab_client /usr/bin/time -o /dev/null ssh -F /dev/null -G \
			-p "$PORT" "${SSH_ARGS[@]}" "$DEST" >/dev/null 2>&1
		sshg+=($(($(now_ms) - t0)))
		t0=$(now_ms)
		lab_client /usr/bin/time -o /dev/null "$SSHWIZARD" --version \
			>/dev/null 2>&1
		start+=($(($(now_ms) - t0)))
		[ -n "$BASE" ] || continue
		t0=$(now_ms)
		lab_client /usr/bin/time -o /dev/null \
			"$BASE" --batch -F /dev/null --timeout "$T" -p "$PORT" \
			"${WIZ_ARGS[@]}" "$DEST" >/dev/null 2>&1
		base+=($(($(now_ms) - t0)))
	done
	[ -n "$BASE" ] || base=(-)
	printf '%s|%s|%s|%s|%s|%s|%s|%s|%s\n' "$name" "$cause" \
		"$(printf '%s\n' "${wiz[@]}" | median)" \
		"$(printf '%s\n' "${ssh[@]}" | median)" "$rss" "$ssh_rc" \
		"$(printf '%s\n' "${sshg[@]}" | median)" \
		"$(printf '%s\n' "${start[@]}" | median)" \
		"$(printf '%s\n' "${base[@]}" | grep -v '^-$' | median)" >>"$RESULTS"
)

for s in $SCENARIOS; do
	if ! declare -F "setup_$s" >/dev/null; then
		echo "bench: unknown scenario '$s' (known: $(echo $ALL))" >&2
		exit 2
	fi
	echo "bench: $s ($RUNS runs each, timeout ${T}s)" >&2
	bench_one "$s" || echo "bench: $s: the lab failed" >&2
done

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo
echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(uname -n): $(nproc) CPUs ($cpu),"
echo "Linux $(uname -r), load average at the start $LOAD0; $(ssh -V 2>&1),"
echo "sshwizard $("$SSHWIZARD" --version | cut -d' ' -f2) ($(git -C "$SRC" describe --always --dirty 2>/dev/null || echo '?'))."
echo "Timeout ${T} s, median of $RUNS runs, each tool in turn; ssh is"
echo "\`ssh -F /dev/null -o BatchMode=yes -o ConnectTimeout=$T ... true\`,"
echo "sshwizard is \`sshwizard --batch -F /dev/null --timeout $T ...\`."
echo "Reproduce: \`sudo RUNS=$RUNS BENCH_TIMEOUT=$T bench/scenarios.sh $SCENARIOS\`"
echo "from the build folder."
echo
echo "The last columns time, in the same rounds, \`ssh -F /dev/null -G\`"
echo "alone with the same words, \`sshwizard --version\` (the program's start)"
if [ -n "$BASE" ]; then
	echo "and the older build $BASE"
	echo "($("$BASE" --version | cut -d' ' -f2)) running the same diagnosis."
else
	echo "(no older build to compare with: SSHWIZARD_BASE unset)."
fi
echo
echo "| scenario | sshwizard verdict | sshwizard (ms) | ssh (ms) | ssh exit | ratio | target | met | sshwizard peak RSS | ssh -G alone (ms) | sshwizard --version (ms) | older build (ms) |"
echo "|---|---|---:|---:|---:|---:|---|---|---:|---:|---:|---:|"
while IFS='|' read -r name cause w s rss rc g st b; do
	ratio=$(awk -v w="$w" -v s="$s" 'BEGIN { if (s > 0) printf "%.2f", w / s; else print "-" }')
	tg=$(target_of "$name")
	printf '| %s | `%s` | %s | %s | %s | %s | %s | %s | %.1f MB | %s | %s | %s |\n' "$name" \
		"$cause" "$w" "$s" "$rc" "$ratio" "$tg" "$(meets "$tg" "$w" "$s")" \
		"$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$g" "$st" "$b"
done <"$RESULTS"
rm -f "$RESULTS"
