#!/bin/bash
# screenshots.sh - take the README's screenshots from real runs of the
# built program in a private tmux at 80x24, in English and Japanese, and
# turn each capture (with colours) into a PNG with ansi2png.py.  Not a test.
#
#   tests/tui/screenshots.sh [OUTDIR]     (default: doc/screenshots)
#
# Needs tmux, python3 with Pillow (python3-pil) and a Japanese font
# (fonts-vlgothic); the "running" shots need root for a private network
# namespace (unshare -n, iptables) where a connection hangs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${abs_top_srcdir:=$(cd "$here/../.." && pwd)}"
: "${SSHWIZARD:=$PWD/sshwizard}"
export abs_top_srcdir SSHWIZARD
out=${1:-$abs_top_srcdir/doc/screenshots}
mkdir -p "$out"
# shellcheck source=tui-lib.sh
. "$here/tui-lib.sh"
tui_require

shot() {
	local name=$1

	sleep 0.3
	tui_tmux capture-pane -p -e -N >"$out/$name.ans"
	/usr/bin/python3 "$here/ansi2png.py" "$out/$name.ans" "$out/$name.png"
	rm -f "$out/$name.ans"
	echo "wrote $out/$name.png"
}

config() {
	cat >"$TUI_HOME/.ssh/config" <<-'EOF'
	Host web1
	  HostName 127.0.0.1
	  Port 2222
	  User deploy
	Host gitsrv db.internal
	  User git
	EOF
	printf 'build.example.org,192.0.2.10 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\n' \
	    >"$TUI_HOME/.ssh/known_hosts"
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
config
tree=$(tui_tree question) || exit 99
# The shipped tree for the running and verdict shots, unless it is broken
# in this build (then the test tree).
shipped=()
"$SSHWIZARD" --validate >/dev/null 2>&1 || shipped=(--tree "$tree")

for lang in en ja; do
	# The target screen, web1 completed and filled from ~/.ssh/config.
	tui_run --lang "$lang" "${shipped[@]}"
	tui_wait "[$(echo "$lang" | tr a-z A-Z)]"
	tui_type "w"
	tui_keys Tab Tab
	tui_wait "deploy"
	tui_keys Down Down Down
	tui_paste $'ssh: connect to host web1 port 2222: Connection timed out\n'
	shot "target-$lang"
	tui_keys Escape
	tui_wait "$TUI_MARK="

	# A probe running: the port's packets are dropped.
	if [ "$netns" = 1 ]; then
		tui_run --lang "$lang" "${shipped[@]}" --timeout 20 web1
		tui_wait " 20 "
		sleep 1.2
		shot "running-$lang"
		tui_keys q
		tui_wait "$TUI_MARK="
	fi

	# A question.
	tui_run --lang "$lang" --tree "$tree" -p 1 127.0.0.1
	tui_wait "> "
	shot "question-$lang"
	tui_keys q
	tui_wait "$TUI_MARK="

	# The verdict of a refused port.
	tui_run --lang "$lang" "${shipped[@]}" -p 1 127.0.0.1
	# Questions on the way take their default answer; the verdict screen
	# is the one with a rule across it.
	for ((i = 0; i < 30; i++)); do
		tui_screen | grep -q "──────────" && break
		sleep 0.3
		tui_screen | grep -q "──────────" || tui_keys Enter
	done
	tui_wait "──────────"
	shot "verdict-$lang"
	tui_keys q y
	tui_wait "$TUI_MARK="
done
