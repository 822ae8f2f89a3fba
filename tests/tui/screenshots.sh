#!/bin/bash
# screenshots.sh - take the README's screenshots from real runs of the
# built program in a private tmux at 80x24, in English and Japanese, and
# turn each capture (with colours) into a PNG with ansi2png.py.  Not a test.
#
#   tests/tui/screenshots.sh [OUTDIR]     (default: doc/screenshots)
#
# Needs tmux, python3 with Pillow (python3-pil) and a Japanese font
# (fonts-vlgothic), and root: the "running" shots run in a private network
# namespace (unshare -n, iptables) where a connection hangs; the question
# and the verdict are the lab's (tests/lab/lab.sh: a real sshd whose host
# keys are tests/tui/screens/keys/, and a known_hosts that holds another
# key for it): the first-contact question with the fingerprint to compare,
# and the verdict of a changed host key with its facts.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${abs_top_srcdir:=$(cd "$here/../.." && pwd)}"
: "${SSHWIZARD:=$PWD/sshwizard}"
export abs_top_srcdir SSHWIZARD
out=${1:-$abs_top_srcdir/doc/screenshots}
mkdir -p "$out"
# shellcheck source=../lab/lab.sh
. "$abs_top_srcdir/tests/lab/lab.sh"
# shellcheck source=tui-lib.sh
. "$here/tui-lib.sh"
tui_require
lab_require
lab_up
keys="$abs_top_srcdir/tests/tui/screens/keys"
mkdir -p "$LAB_DIR/hostkeys" "$LAB_DIR/wrongkeys"
chmod 700 "$LAB_DIR/hostkeys"
for k in ssh_host_ed25519_key ssh_host_rsa_key; do
	install -m 600 "$keys/$k" "$LAB_DIR/hostkeys/$k"
	install -m 644 "$keys/$k.pub" "$LAB_DIR/hostkeys/$k.pub"
done
install -m 600 "$keys/impostor_ed25519" "$LAB_DIR/wrongkeys/ed25519"
install -m 644 "$keys/impostor_ed25519.pub" "$LAB_DIR/wrongkeys/ed25519.pub"
lab_sshd
lab_known_host_wrong
cp "$LAB_HOME/.ssh/known_hosts" "$LAB_DIR/kh-changed"

shot() {
	local name=$1

	# A running check never settles (the spinner turns): it is taken as
	# it is.
	[ "${2:-}" = running ] || tui_settle
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
# The shipped tree, unless it is broken in this build (then the test
# tree).
shipped=()
if ! "$SSHWIZARD" --validate >/dev/null 2>&1; then
	tree=$(tui_tree question) || exit 99
	shipped=(--tree "$tree")
fi

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
		shot "running-$lang" running
		tui_keys q
		tui_wait "$TUI_MARK="
	fi
done

# The question and the verdict, in the lab's client namespace.
tui_cleanup
tui_start 80 24 ip netns exec "$LAB_C"
for lang in en ja; do
	# First contact: the fingerprint to compare, whole.
	: >"$TUI_HOME/.ssh/known_hosts"
	tui_run --lang "$lang" --no-ssh-config "$LAB_USER@$LAB_SERVER_IP"
	tui_wait "SHA256:" 300
	tui_wait "> " 50
	shot "question-$lang"
	tui_keys q
	tui_wait "$TUI_MARK="

	# The host key changed, nobody knows why: the facts under the
	# headline, the commands whole.
	cp "$LAB_DIR/kh-changed" "$TUI_HOME/.ssh/known_hosts"
	tui_run --lang "$lang" --no-ssh-config "$LAB_USER@$LAB_SERVER_IP"
	tui_wait "SHA256:" 300
	tui_keys Enter
	tui_wait "hostkey.changed" 100
	shot "verdict-$lang"
	tui_keys q y
	tui_wait "$TUI_MARK="
done
