#!/bin/bash
# bench/via.sh - how long the server checks take over a way in (--via),
# next to the same commands over plain ssh.
#
# In a fresh lab: sshd listens on 22 and 10022, the server's firewall drops
# 10022, root logs in on 22 with a key (the situation of
# tests/scenarios/server/via-custom-port.sh).  First one traced run of
#     sshwizard --server --batch --via root@SERVER:2222 ...
# through a second sshd (port 2222) whose ForceCommand writes down each
# command line it is asked to run, then runs it: that gives the exact
# commands one diagnosis sends.  Then, RUNS times each, alternating, from
# the client namespace:
#   wizard   sshwizard --server --batch --via root@SERVER:22 (no tracing)
#   one      plain ssh, all those commands in one session: ssh ... sh -s
#   each     plain ssh, a new ssh (connection) per command
#   setup    plain ssh ... true: one connection set-up
# and prints a Markdown table of the medians, and the target the issue set:
# wizard <= 1.5 x one + setup.
#
# Usage: sudo bench/via.sh
#   RUNS=5 BENCH_TIMEOUT=20 SSHWIZARD=./sshwizard (the build's binary)
# Needs root and what the lab needs; never run by make check.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
RUNS=${RUNS:-5}
T=${BENCH_TIMEOUT:-20}
SSHWIZARD=${SSHWIZARD:-${abs_top_builddir:-.}/sshwizard}
case $SSHWIZARD in /*) ;; *) SSHWIZARD="$PWD/$SSHWIZARD" ;; esac
export abs_top_builddir=${abs_top_builddir:-$(dirname "$SSHWIZARD")}
# shellcheck source=../tests/lab/lab.sh
. "$SRC/tests/lab/lab.sh"
lab_require jq timeout
[ -x "$SSHWIZARD" ] || { echo "bench: no sshwizard at $SSHWIZARD" >&2; exit 2; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

lab_up
TRACE="$LAB_DIR/commands.txt"
TRACER="$LAB_DIR/trace-cmd"
# The tracer runs as root on the server (ForceCommand): it appends the
# command line and runs it with sh, as sshd would have.
# sshwizard sends its commands to one remote sh on its stdin: those lines
# are copied too.
cat >"$TRACER" <<EOT
#!/bin/sh
case "\$SSH_ORIGINAL_COMMAND" in
*/bin/sh) tee -a '$TRACE' | /bin/sh -c "\$SSH_ORIGINAL_COMMAND" ;;
*) printf '%s\n' "\$SSH_ORIGINAL_COMMAND" >>'$TRACE'
	exec /bin/sh -c "\$SSH_ORIGINAL_COMMAND" ;;
esac
EOT
chmod 755 "$TRACER"
lab_sshd 10022 "Port 22" "PermitRootLogin prohibit-password"
lab_sshd 2222 "PermitRootLogin prohibit-password" "ForceCommand $TRACER"
lab_client_key via
cat "$LAB_HOME/.ssh/via.pub" >>"$LAB_DIR/authorized_keys/root"
chmod 644 "$LAB_DIR/authorized_keys/root"
lab_known_host 22
lab_known_host 2222
lab_fw iptables -A INPUT -p tcp --dport 10022 -j DROP

wiz() {
	lab_client timeout 300 "$SSHWIZARD" --server --batch --no-ssh-config \
		--timeout "$T" --report "$LAB_DIR/r.json" -p 10022 \
		--via "root@$LAB_SERVER_IP:$1" --via-identity "$LAB_HOME/.ssh/via" \
		>/dev/null 2>&1
}
SSH=(ssh -F /dev/null -o BatchMode=yes -i "$LAB_HOME/.ssh/via"
	-o IdentitiesOnly=yes -o UserKnownHostsFile="$LAB_HOME/.ssh/known_hosts"
	"root@$LAB_SERVER_IP")

: >"$TRACE"
wiz 2222
cause=$(jq -r '.verdict.cause // .status' "$LAB_DIR/r.json" 2>/dev/null || echo '?')
N=$(wc -l <"$TRACE")
[ "$N" -gt 0 ] || { echo "bench: the traced run sent no command" >&2; exit 1; }
echo "bench: one diagnosis ($cause) sent $N commands; $RUNS runs each" >&2

w=() o=() e=() s=()
for i in $(seq "$RUNS"); do
	t0=$(now_ms); wiz 22; w+=($(($(now_ms) - t0)))
	t0=$(now_ms)
	lab_client "${SSH[@]}" sh -s <"$TRACE" >/dev/null 2>&1
	o+=($(($(now_ms) - t0)))
	t0=$(now_ms)
	while IFS= read -r line; do
		lab_client "${SSH[@]}" "$line" </dev/null >/dev/null 2>&1
	done <"$TRACE"
	e+=($(($(now_ms) - t0)))
	t0=$(now_ms); lab_client "${SSH[@]}" true </dev/null >/dev/null 2>&1
	s+=($(($(now_ms) - t0)))
done
W=$(printf '%s\n' "${w[@]}" | median)
O=$(printf '%s\n' "${o[@]}" | median)
E=$(printf '%s\n' "${e[@]}" | median)
S=$(printf '%s\n' "${s[@]}" | median)
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), load $(cut -d' ' -f1-3 /proc/loadavg); median of $RUNS runs; one diagnosis = $N commands, verdict \`$cause\`."
echo
echo "| how | wall time (ms) |"
echo "|---|---:|"
echo "| \`sshwizard --server --batch --via root@server:22\` (whole diagnosis) | $W |"
echo "| plain ssh, the same $N commands in one session (\`ssh … sh -s\`) | $O |"
echo "| plain ssh, one connection per command | $E |"
echo "| plain ssh, one connection set-up (\`ssh … true\`) | $S |"
echo
awk -v w="$W" -v o="$O" -v s="$S" 'BEGIN { t = 1.5 * o + s; printf "Target 1.5 x one session + one set-up = %d ms: %s (%.2f x the target).\n", t, (w <= t ? "met" : "not met"), w / t }'
