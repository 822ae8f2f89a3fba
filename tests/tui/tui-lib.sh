# shellcheck shell=bash
#
# tui-lib.sh - drive the real sshwizard in a private tmux server and look at
# the screen.  Source it from a test script:
#
#     . "${srcdir:-.}/tests/tui/tui-lib.sh"
#     tui_require                 # exit 77 (SKIP) without tmux or the binary
#     tui_start 80 24             # private server, a shell in a fixed-size pane
#     tui_run --tree "$T" 127.0.0.1   # types "$SSHWIZARD ARGS; echo marker"
#     tui_wait "Verdict:"         # poll capture-pane, 100 x 0.1 s
#     tui_keys Enter              # tmux send-keys
#     tui_expect_exit 1           # wait for the shell's exit marker
#
# Every wait is bounded and polls for a marker instead of sleeping.  The
# server is private (-L sw-test-PID, -f /dev/null) and killed by the EXIT
# trap; nothing else is touched.  The pane runs bash without rc files, with
# HOME=$TUI_HOME (a temp dir with .ssh/), LANG=C.UTF-8 and TERM from tmux.
#
# Functions
#   tui_require            skip (77) unless tmux and $SSHWIZARD exist
#   tui_start COLS ROWS [PREFIX...]
#                          start the server and a shell; PREFIX (e.g.
#                          "ip netns exec NS") runs the shell inside it
#   tui_run ARGS...        run sshwizard ARGS in the pane (quoted for bash)
#   tui_keys KEY...        send-keys (tmux key names: Enter Escape BSpace
#                          Left Right Up Down Tab F1 C-c ...)
#   tui_type TEXT          send TEXT literally (-l)
#   tui_paste TEXT         paste TEXT in one burst (tmux paste-buffer)
#   tui_screen             print the pane as text
#   tui_wait TEXT [TENTHS] wait until TEXT (fixed string) is on the screen
#   tui_wait_gone TEXT [TENTHS]
#   tui_wait_re REGEX [TENTHS]
#                          wait until an extended regular expression
#                          matches a line of the screen
#   tui_settle [TENTHS]    wait until two captures a tenth apart agree (the
#                          program finished painting)
#   tui_wait_change BEFORE [TENTHS]
#                          wait until the screen differs from BEFORE (an
#                          earlier tui_screen)
#   tui_has TEXT / tui_lacks TEXT
#                          assert (fail the test with the screen shown)
#   tui_focus_path         on a verdict, Tab until the path has the focus
#                          (marked "> Path"; the selected step in view)
#   tui_resize COLS ROWS   resize the window
#   tui_expect_exit CODE [TENTHS]
#                          wait for the exit marker; assert the status
#   tui_require_dropnet    skip (77) unless a private network namespace
#                          with iptables can be made (root, unshare -n)
#   tui_dropnet PORT       in a pane started with `tui_start C R unshare -n`:
#                          bring lo up and DROP tcp PORT, so a connection
#                          hangs until the probe's time-out
#   tui_app_pid            the pid of the program the pane's shell runs
#   tui_tree NAME          print the path of a copy of tests/tui/trees/NAME.yaml
#                          whose probe nodes map exactly the outcomes the
#                          built probes declare (new ones go to v_unknown), so
#                          the screen tests do not break when a probe gains
#                          or loses an outcome
#   tui_restored           assert the terminal is back: no alternate screen,
#                          cursor visible, tty sane (icanon echo)
#   tui_fail MSG           print MSG and the screen, exit 1
#   tui_export_json        from a verdict screen, export Markdown and JSON
#                          into $TUI_HOME (the pane's folder) and print the
#                          JSON report's path; fails the test without one
#   tui_golden NAME        the whole screen, normalised (tui_golden_norm),
#                          against tests/tui/screens/NAME.txt; a difference
#                          is printed and counted in TUI_GOLDEN_FAILS (the
#                          test exits 1 at its end when it is not 0);
#                          GOLDEN_UPDATE=1 writes the file instead (read
#                          every one before committing it)
#   tui_golden_norm        stdin to stdout: the temporary folders of the
#                          pane (/tmp/sw-tui.XXXXXX) and of the lab
#                          (/tmp/swlab.XXXXXXXX) made fixed (TMPDIR=/tmp, so
#                          their length and the wrapping never change),
#                          spaces at line ends dropped
#   tui_msg LANG TEXT      TEXT in LANG (en or a catalogue's) from the
#                          built catalogue
#   tui_golden_hostkeys DIR  install the checked-in lab host keys of the
#                          golden screens (tests/tui/screens/keys/) in DIR
#                          ($LAB_DIR/hostkeys before lab_sshd), so the
#                          fingerprints on screen never change

TUI_SOCK="sw-test-$$"
TUI_STARTS=0
TUI_MARK="__SW_EXIT__"
: "${SSHWIZARD:=${abs_top_builddir:-.}/sshwizard}"
: "${abs_top_srcdir:=${srcdir:-.}}"
TUI_TREES="$abs_top_srcdir/tests/tui/trees"

tui_tmux() {
	tmux -L "$TUI_SOCK" -f /dev/null "$@"
}

tui_cleanup() {
	tui_tmux kill-server >/dev/null 2>&1
	if [ -n "${TUI_HOME:-}" ] && [ -d "$TUI_HOME" ]; then
		rm -rf "$TUI_HOME"
	fi
	return 0
}

tui_require() {
	if ! command -v tmux >/dev/null 2>&1; then
		echo "SKIP: tmux is not installed" >&2
		exit 77
	fi
	if [ ! -x "$SSHWIZARD" ]; then
		echo "SKIP: $SSHWIZARD is not built" >&2
		exit 77
	fi
}

tui_fail() {
	echo "FAIL: $*" >&2
	echo "----- screen -----" >&2
	tui_screen >&2
	echo "------------------" >&2
	exit 1
}

tui_start() {
	local cols=${1:-80} rows=${2:-24}

	shift 2 || true
	# A server of its own for each start: kill-server does not wait for
	# the old server to exit, and a new session on a socket whose server
	# is still going away fails ("server exited unexpectedly").
	TUI_STARTS=$((TUI_STARTS + 1))
	TUI_SOCK="sw-test-$$-$TUI_STARTS"
	TUI_HOME=$(mktemp -d "${TMPDIR:-/tmp}/sw-tui.XXXXXX")
	mkdir -m 700 "$TUI_HOME/.ssh" "$TUI_HOME/bin"
	: >"$TUI_HOME/.ssh/known_hosts"
	: >"$TUI_HOME/.ssh/config"
	# ssh reads ~/.ssh/config and known_hosts from the passwd home, not
	# $HOME: a wrapper points ssh (and so the wizard's one `ssh -G`) at
	# the test's config and known_hosts.
	if TUI_REAL_SSH=$(command -v ssh); then
		cat >"$TUI_HOME/bin/ssh" <<-EOF
		#!/bin/sh
		case " \$* " in *" -F "*) exec $TUI_REAL_SSH "\$@" ;; esac
		exec $TUI_REAL_SSH -F "$TUI_HOME/.ssh/config" \\
		    -o UserKnownHostsFile="$TUI_HOME/.ssh/known_hosts" "\$@"
		EOF
		chmod +x "$TUI_HOME/bin/ssh"
	fi
	# Our own trap, unless the lab owns the EXIT trap (then lab_atexit).
	if declare -F lab_atexit >/dev/null && [ -n "${LAB_DIR:-}" ]; then
		lab_atexit tui_cleanup
	else
		trap tui_cleanup EXIT
		trap 'exit 130' INT TERM HUP
	fi
	# tmux gives a new session the client's PATH, so set it there too.
	PATH="$TUI_HOME/bin:$PATH" tui_tmux new-session -d -x "$cols" -y "$rows" \
	    -e "HOME=$TUI_HOME" -e "PATH=$TUI_HOME/bin:$PATH" \
	    -e "HISTFILE=/dev/null" -e "LANG=C.UTF-8" -e "LC_ALL=" \
	    -e "LANGUAGE=" -e "PS1=$ " -e "NO_COLOR=${TUI_NO_COLOR:-}" \
	    "$@" bash --norc --noprofile ||
	    { echo "ERROR: cannot start tmux" >&2; exit 99; }
	tui_tmux set-option -g status off >/dev/null
	tui_tmux set-option -g set-clipboard on >/dev/null
	tui_tmux set-option -g escape-time 10 >/dev/null
	tui_tmux resize-window -x "$cols" -y "$rows" >/dev/null 2>&1 || true
	tui_wait '$' 50
}

tui_quote() {
	local a out=""

	for a in "$@"; do
		out="$out $(printf '%q' "$a")"
	done
	printf '%s' "$out"
}

tui_run() {
	tui_tmux send-keys -l "clear; $(tui_quote "$SSHWIZARD" "$@"); echo $TUI_MARK=\$?"
	tui_tmux send-keys Enter
}

tui_keys() {
	tui_tmux send-keys "$@"
}

tui_type() {
	tui_tmux send-keys -l "$1"
}

tui_paste() {
	printf '%s' "$1" | tui_tmux load-buffer -b sw-paste -
	tui_tmux paste-buffer -b sw-paste -d
}

tui_screen() {
	tui_tmux capture-pane -p -J 2>/dev/null
}

# tui__grep FLAG PATTERN TENTHS: 0 once grep FLAG (-F or -E) finds PATTERN
# on the screen.
tui__grep() {
	local i

	for ((i = 0; i < $3; i++)); do
		if tui_screen | grep -q "$1" -- "$2"; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

tui_wait() {
	tui__grep -F "$1" "${2:-100}" || tui_fail "timed out waiting for '$1'"
}

tui_wait_re() {
	tui__grep -E "$1" "${2:-100}" || tui_fail "timed out waiting for /$1/"
}

tui_wait_gone() {
	local text=$1 tenths=${2:-100} i

	for ((i = 0; i < tenths; i++)); do
		if ! tui_screen | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.1
	done
	tui_fail "timed out waiting for '$text' to go"
}

tui_settle() {
	local tenths=${1:-50} i a b

	a=$(tui_screen)
	for ((i = 0; i < tenths; i++)); do
		sleep 0.1
		b=$(tui_screen)
		[ "$a" = "$b" ] && return 0
		a=$b
	done
	tui_fail "the screen did not settle"
}

tui_wait_change() {
	tui__changed "$1" "${2:-100}" || tui_fail "timed out waiting for the screen to change"
}

# tui__changed BEFORE TENTHS: 0 once the screen differs from BEFORE.
tui__changed() {
	local i

	for ((i = 0; i < $2; i++)); do
		[ "$(tui_screen)" != "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# tui_has TEXT: the screen shows TEXT.  A capture can catch a redraw half
# done (or the form before its background look-up lands), so it looks again
# for up to 5 s before failing; tui_lacks does not wait.
tui_has() {
	tui__grep -F "$1" 50 || tui_fail "the screen lacks '$1'"
}

tui_lacks() {
	if tui_screen | grep -qF -- "$1"; then
		tui_fail "the screen shows '$1'"
	fi
}

tui_focus_path() {
	local i before

	for ((i = 0; i < 3; i++)); do
		before=$(tui_screen)
		grep -qF -- "> Path" <<<"$before" && return 0
		tui_keys Tab
		tui__changed "$before" 20 || true
	done
	tui_wait "> Path" 20
}

tui_resize() {
	tui_tmux resize-window -x "$1" -y "$2"
}

tui_expect_exit() {
	local want=$1 got

	tui_wait "$TUI_MARK=" "${2:-100}"
	got=$(tui_screen | sed -n "s/.*$TUI_MARK=\([0-9]*\).*/\1/p" | tail -n 1)
	[ "$got" = "$want" ] || tui_fail "exit status $got, want $want"
}

tui_restored() {
	local alt cur

	alt=$(tui_tmux display-message -p '#{alternate_on}')
	cur=$(tui_tmux display-message -p '#{cursor_flag}')
	[ "$alt" = "0" ] || tui_fail "still on the alternate screen"
	[ "$cur" = "1" ] || tui_fail "the cursor is still hidden"
	tui_tmux send-keys -l "clear; stty -a | tr ' ' '\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '; echo"
	tui_tmux send-keys Enter
	tui_wait "icanon echo" 50
}

tui_require_dropnet() {
	if [ "$(id -u)" != 0 ] || ! command -v iptables >/dev/null 2>&1 ||
	    ! unshare -n true 2>/dev/null; then
		echo "SKIP: needs root, iptables and unshare -n" >&2
		exit 77
	fi
}

tui_dropnet() {
	tui_tmux send-keys -l "ip link set lo up && iptables -A INPUT -p tcp --dport $1 -j DROP && echo __DROP_\"\"READY"
	tui_tmux send-keys Enter
	tui_wait "__DROP_READY" 50
}

tui_app_pid() {
	local shell

	shell=$(tui_tmux display-message -p '#{pane_pid}')
	pgrep -P "$shell" | head -n 1
}

tui_tree() {
	local src="$TUI_TREES/$1.yaml" dst="$TUI_HOME/$1.yaml" i

	cp "$src" "$dst" || exit 99
	for i in 1 2 3 4; do
		if "$SSHWIZARD" --lang en --validate "$dst" >"$dst.msgs" 2>&1; then
			break
		fi
		awk -v msgs="$dst.msgs" '
		    BEGIN {
			while ((getline m < msgs) > 0) {
				if (match(m, /: probe .* has no outcome /)) {
					split(m, f, ":")
					drop[f[2]] = 1
				} else if (match(m, /: node .* has no edge for outcome /)) {
					split(m, q, "\047")
					add[q[2]] = add[q[2]] " " q[4]
				}
			}
		    }
		    /^  - id: / { node = $3 }
		    FNR in drop { next }
		    { print }
		    /^    on:$/ && (node in add) {
			n = split(add[node], o, " ")
			for (k = 1; k <= n; k++)
				print "      " o[k] ": v_unknown"
			delete add[node]
		    }' "$dst" >"$dst.new" && mv "$dst.new" "$dst"
	done
	rm -f "$dst.msgs"
	"$SSHWIZARD" --lang en --validate "$dst" >/dev/null 2>&1 || {
		echo "ERROR: cannot fit $src to the built probes:" >&2
		"$SSHWIZARD" --lang en --validate "$dst" >&2
		exit 99
	}
	echo "$dst"
}

TUI_GOLDEN_DIR="$abs_top_srcdir/tests/tui/screens"
TUI_GOLDEN_FAILS=0

tui_golden_norm() {
	sed -E -e 's#/tmp/sw-tui\.[A-Za-z0-9]{6}#/tmp/sw-tui.XXXXXX#g' \
		-e 's#/tmp/swlab\.[A-Za-z0-9]{8}#/tmp/swlab.XXXXXXXX#g' \
		-e 's/[[:space:]]+$//'
}

tui_golden() {
	local want="$TUI_GOLDEN_DIR/$1.txt" got="$TUI_HOME/$1.got"

	tui_settle
	tui_screen | tui_golden_norm >"$got"
	if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$got" "$want"
		echo "wrote $want"
		return 0
	fi
	if diff -u "$want" "$got"; then
		echo "ok: $1"
	else
		echo "FAIL: $1 differs from the golden screen (above: - golden, + now)"
		echo "      (a change of the texts or the layout that is meant: run"
		echo "      GOLDEN_UPDATE=1 make check TESTS=$0, read the new"
		echo "      tests/tui/screens/*.txt and commit them with it)"
		TUI_GOLDEN_FAILS=$((TUI_GOLDEN_FAILS + 1))
	fi
}

tui_golden_hostkeys() {
	local k
	mkdir -p "$1" && chmod 700 "$1" || return 1
	for k in ssh_host_ed25519_key ssh_host_rsa_key; do
		install -m 600 "$TUI_GOLDEN_DIR/keys/$k" "$1/$k" &&
			install -m 644 "$TUI_GOLDEN_DIR/keys/$k.pub" "$1/$k.pub" || return 1
	done
}

tui_msg() {
	if [ "$1" = en ]; then
		printf '%s' "$2"
	else
		LANGUAGE=$1 LC_ALL=C.UTF-8 TEXTDOMAINDIR="${abs_top_builddir:-.}/locale" \
			gettext -d sshwizard -- "$2"
	fi
}

tui_export_json() {
	local json
	tui_keys e
	tui_wait "Export a report"
	tui_keys BTab Space
	tui_wait "[x] JSON"
	tui_keys Enter
	tui_wait "Report written:"
	json=$(ls "$TUI_HOME"/sshwizard-*.json 2>/dev/null)
	[ -f "$json" ] || tui_fail "no JSON report"
	printf '%s\n' "$json"
}
