#!/bin/bash
# Whole screens against golden files (tests/tui/screens/*.txt), at 80x24 and
# 60x20, in English and Japanese, in the lab against a real sshd: the
# first-contact question (the fingerprint to compare, whole), its verdict
# (a long command, wrapped, never cut), the host key changed verdict with
# its facts, the focus marker after Tab, a search (/ then n), and a jump
# host that refuses to forward, its verdict naming the failing hop (Where:).
#
# The scenario is fixed so the screens are: the server's host keys and the
# "impostor" key in known_hosts are checked in (tests/tui/screens/keys/, lab
# keys only, used nowhere else), the lab's addresses and user are fixed.
# What still varies (the temporary HOME of the pane, spaces at line ends)
# is normalised by tui_golden (tui-lib.sh) before comparing, and the golden
# file is still the whole screen.  GOLDEN_UPDATE=1 writes the golden files
# instead of comparing (then read every one before committing it).
. "${abs_top_srcdir:-.}/tests/lab/lab.sh"
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
lab_require jq
export TMPDIR=/tmp
GOLDEN="$TUI_GOLDEN_DIR"
lab_up
tui_golden_hostkeys "$LAB_DIR/hostkeys" || exit 99
mkdir -p "$LAB_DIR/wrongkeys"
install -m 600 "$GOLDEN/keys/impostor_ed25519" "$LAB_DIR/wrongkeys/ed25519"
install -m 644 "$GOLDEN/keys/impostor_ed25519.pub" "$LAB_DIR/wrongkeys/ed25519.pub"
lab_sshd
# A jump host on port 2222 that forbids forwarding, and a target behind it.
lab_sshd 2222 "AllowTcpForwarding no"
lab_jump
LAB_SSHD_NS=$LAB_T lab_sshd
lab_client_key id_ed25519 authorize
lab_known_host -n "$LAB_TARGET_IP"
lab_known_host 2222
cp "$LAB_HOME/.ssh/known_hosts" "$LAB_DIR/kh-jump"
: >"$LAB_HOME/.ssh/known_hosts"
# known_hosts with the impostor's key for the server, for the changed case.
lab_known_host_wrong
cp "$LAB_HOME/.ssh/known_hosts" "$LAB_DIR/kh-changed"

# run LANG: start the wizard at the lab's server.
run() {
	tui_run --lang "$1" --no-ssh-config "$LAB_USER@$LAB_SERVER_IP"
}

# match_re LANG N: the status line after the search went to match N of
# known_hosts (the catalogue's format, %d and %s filled in).
match_re() {
	tui_msg "$1" "Match %d of %d: %s" |
		sed -e 's|[].*^$/()[]|\\&|g' -e "s/%d/$2/" -e 's/%d/[0-9]+/' \
			-e 's/%s/known_hosts/'
}

for size in 80x24 60x20; do
	for lang in en ja; do
		tag="$lang-$size"
		choose=$(tui_msg "$lang" "Choose an answer:")
		tui_start "${size%x*}" "${size#*x}" ip netns exec "$LAB_C"

		# First contact: the question, then its verdict.
		: >"$TUI_HOME/.ssh/known_hosts"
		run "$lang"
		tui_wait "$choose" 300
		tui_golden "first-contact-$tag"
		tui_keys Enter
		tui_wait "hostkey.unknown" 100
		tui_golden "first-contact-verdict-$tag"
		# Tab: the focus goes to the next pane, marked.
		before=$(tui_screen)
		tui_keys Tab
		tui_wait_change "$before"
		tui_golden "focus-$tag"
		tui_keys q
		tui_keys y
		tui_expect_exit 1

		# The host key changed.
		cp "$LAB_DIR/kh-changed" "$TUI_HOME/.ssh/known_hosts"
		run "$lang"
		tui_wait "$choose" 300
		tui_keys Enter
		tui_wait "hostkey.changed" 100
		tui_golden "hostkey-changed-$tag"
		# Search: / known_hosts Enter, then n.
		tui_keys /
		tui_wait "/" 20
		tui_type known_hosts
		tui_wait "/known_hosts" 50
		tui_keys Enter
		tui_wait_re "$(match_re "$lang" 1)" 50
		tui_keys n
		tui_wait_re "$(match_re "$lang" 2)" 50
		tui_golden "search-$tag"
		tui_keys q
		tui_keys y
		tui_expect_exit 1

		# The jump host refuses to forward: Where: names it.
		cp "$LAB_DIR/kh-jump" "$TUI_HOME/.ssh/known_hosts"
		cp "$LAB_DIR/kh-jump" "$LAB_HOME/.ssh/known_hosts"
		tui_run --lang "$lang" --no-ssh-config -J "$LAB_USER@$LAB_SERVER_IP:2222" \
			"$LAB_USER@$LAB_TARGET_IP"
		tui_wait "jump.forward_prohibited" 300
		golden "jump-prohibited-$tag"
		tui_keys q
		tui_keys y
		tui_expect_exit 1
		cp "$LAB_DIR/kh-changed" "$LAB_HOME/.ssh/known_hosts"
		tui_cleanup
	done
done
[ "$TUI_GOLDEN_FAILS" = 0 ] || exit 1
exit 0
