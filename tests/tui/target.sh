#!/bin/bash
# The target screen: host names complete from ~/.ssh/config Host entries
# (patterns skipped) and known_hosts (hashed names skipped); what the
# config gives is filled in and marked; the password is typed masked and
# never shown; Enter starts the diagnosis of that target.
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
tui_start 80 24
tree=$(tui_tree question) || exit 99
cat >"$TUI_HOME/.ssh/config" <<'CONF'
Host gitsrv
  HostName 127.0.0.1
  Port 1
  User git
Host *.corp !bad
  User bob
CONF
cat >"$TUI_HOME/.ssh/known_hosts" <<'KH'
db.example.com,192.0.2.7 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE
|1|c2FsdA==|aGFzaA== ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE
[bastion.example.com]:2200 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE
KH

tui_run --tree "$tree"
tui_wait "Which SSH connection fails?"
tui_has "gitsrv"
tui_has "db.example.com"
tui_has "bastion.example.com"
tui_lacks "corp"
tui_lacks "|1|"
tui_has "default: 22"
tui_type "gi"
tui_keys Tab
tui_wait "Host      gitsrv"
tui_keys Tab
tui_wait "from ~/.ssh/config"
tui_has "Port      1 "
tui_has "User      git "
tui_keys Down Down Right Right
tui_wait "(*) password"
tui_keys Down
tui_type "hunter2"
tui_wait "*******"
tui_lacks "hunter2"
# A pasted error keeps its line breaks (shown as ⏎) instead of starting.
tui_keys Down
tui_paste $'debug1: Connecting to gitsrv port 1.\nssh: connect to host gitsrv port 1: Connection refused\n'
tui_wait "⏎ssh: connect to host gitsrv port 1: Connection refused⏎"
tui_has "Which SSH connection fails?"
tui_has 'Recognised: starts at "Connect to the SSH port".'
tui_keys Enter
tui_wait "git@gitsrv:1"
tui_wait "Is there a firewall in front of the server?"
tui_lacks "hunter2"
# The pasted refusal made the walk start at the connection check.
tui_lacks "Resolve the host name"
# Back at the first step goes back to the screen, still filled in.
# One BSpace at a time, each waited for (the screen changes, bounded 10 s):
# a second press sent before a slow redraw would edit the target's field.
for ((i = 0; i < 5; i++)); do
	before=$(tui_screen)
	grep -qF "Which SSH connection fails?" <<<"$before" && break
	tui_keys BSpace
	for ((k = 0; k < 100; k++)); do
		[ "$(tui_screen)" != "$before" ] && break
		sleep 0.1
	done
done
tui_wait "Which SSH connection fails?"
tui_has "Host      gitsrv"
tui_lacks "hunter2"
tui_keys Escape
tui_expect_exit 0
tui_restored
