#!/bin/bash
# tui-latency.sh - how fast the screen wizard answers, measured through tmux
# (not a test; never run by make check; asserts nothing).
#
#   bench/tui-latency.sh [RUNS]        (from the build folder, or with
#                                       SSHWIZARD=path/to/sshwizard)
#
# Prints two numbers, each the median (min, max) of RUNS tries (default 10):
#   launch: from pressing Enter on the command line to the first full
#           screen (the footer drawn), in a private tmux at 80x24;
#   key:    from a key press to the redrawn screen while a probe runs (a
#           connection whose SYN is dropped in a private network namespace,
#           so the probe hangs for its whole time-out); the key is L, which
#           switches the language and so re-lays out the whole screen.
# Without root (no private network namespace) the key latency is measured
# on an idle screen instead, and says so.
#
# Timing is by polling capture-pane with no sleep: each poll costs a few
# milliseconds, so numbers are upper bounds with that resolution.
set -u
RUNS=${1:-10}
here=$(cd "$(dirname "$0")" && pwd)
: "${abs_top_srcdir:=$(cd "$here/.." && pwd)}"
: "${SSHWIZARD:=$PWD/sshwizard}"
export abs_top_srcdir SSHWIZARD
# shellcheck source=../tests/tui/tui-lib.sh
. "$abs_top_srcdir/tests/tui/tui-lib.sh"
tui_require

now_us() {
	local t

	t=$(date +%s%N)
	echo $((t / 1000))
}

# Polls until the fixed string is (want=1) or is not (want=0) on screen;
# prints the microseconds since $1.
poll_until() {
	local t0=$1 text=$2 want=$3 end=$(($(date +%s) + 10))

	while :; do
		if tui_screen | grep -qF -- "$text"; then
			[ "$want" = 1 ] && break
		else
			[ "$want" = 0 ] && break
		fi
		if [ "$(date +%s)" -gt "$end" ]; then
			echo "bench: timed out waiting for '$text'" >&2
			exit 1
		fi
	done
	echo $(($(now_us) - t0))
}

# Prints "median (min, max)" in milliseconds of the numbers (us) given.
summary() {
	printf '%s\n' "$@" | sort -n | awk '
	    { v[NR] = $1 }
	    END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f ms (min %.1f, max %.1f; %d runs)\n",
		    m / 1000, v[1] / 1000, v[NR] / 1000, NR
	    }'
}

netns=0
if [ "$(id -u)" = 0 ] && command -v iptables >/dev/null 2>&1 &&
    unshare -n true 2>/dev/null; then
	netns=1
	tui_start 80 24 unshare -n
	tui_dropnet 2222
else
	tui_start 80 24
fi
tree=$(tui_tree question) || exit 99

# Launch to the first full screen.
launch=()
for ((i = 0; i < RUNS; i++)); do
	tui_tmux send-keys -l "clear"
	tui_tmux send-keys Enter
	tui_wait_gone "$TUI_MARK=0" 50
	tui_tmux send-keys -l "$(tui_quote "$SSHWIZARD" --tree "$tree"); echo $TUI_MARK=\$?"
	tui_wait "$TUI_MARK=" 50
	t0=$(now_us)
	tui_tmux send-keys Enter
	launch+=("$(poll_until "$t0" "Esc quit" 1)")
	tui_keys Escape
	tui_wait "$TUI_MARK=0" 50
done

# Key to redraw, while a probe runs.
if [ "$netns" = 1 ]; then
	tui_run --tree "$tree" --timeout 120 -p 2222 127.0.0.1
	tui_wait "Checking..."
	what="while a probe runs"
else
	tui_run --tree "$tree" -p 1 127.0.0.1
	tui_wait "Is there a firewall"
	what="on an idle screen (no root: no probe kept running)"
fi
keys=()
for ((i = 0; i < RUNS; i++)); do
	t0=$(now_us)
	tui_keys L
	keys+=("$(poll_until "$t0" "[JA]" 1)")
	t0=$(now_us)
	tui_keys L
	keys+=("$(poll_until "$t0" "[EN]" 1)")
done
tui_keys q
tui_wait "$TUI_MARK=" 100

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(uname -n): $(nproc) CPUs ($cpu),"
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg); sshwizard $("$SSHWIZARD" --version | cut -d' ' -f2)"
echo "($(git -C "$abs_top_srcdir" describe --always --dirty 2>/dev/null || echo '?'))."
echo "Reproduce: \`sudo bench/tui-latency.sh $RUNS\` from the build folder."
echo
echo "sshwizard screen latency, 80x24, through tmux $(tmux -V | cut -d' ' -f2)"
echo "launch to first full screen: $(summary "${launch[@]}")"
echo "key to redrawn screen $what: $(summary "${keys[@]}")"
