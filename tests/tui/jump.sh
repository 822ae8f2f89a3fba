#!/bin/bash
# Jump hosts on screen: the target 192.0.2.2 is reached only through the
# lab's server (-J).  A healthy path ends in "The connection works"; a jump
# host that forbids forwarding ends in its own verdict, with the jump host
# and the next host under the title (Where: names the failing hop).  The
# same path as a ProxyCommand (ssh -W on the jump host, in a file given
# with -F): ok; a command that is not installed: proxy.command_failed with
# what it printed.
. "${abs_top_srcdir:-.}/tests/lab/lab.sh"
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
lab_require
lab_up
lab_sshd
lab_jump
LAB_SSHD_NS=$LAB_T lab_sshd
lab_known_host -n "$LAB_SERVER_IP" -n "$LAB_TARGET_IP"
lab_client_key id_ed25519 authorize
tui_start 100 30 ip netns exec "$LAB_C" env HOME="$LAB_HOME"
tui_run --no-ssh-config -J "$LAB_USER@$LAB_SERVER_IP" "$LAB_USER@$LAB_TARGET_IP"
tui_wait "The connection works" 300
tui_keys q
tui_wait "Quit?"
tui_keys y
tui_expect_exit 0
tui_restored

# The jump host forbids forwarding.
lab_sshd_stop
lab_sshd 22 "AllowTcpForwarding no"
tui_run --no-ssh-config -J "$LAB_USER@$LAB_SERVER_IP" "$LAB_USER@$LAB_TARGET_IP"
tui_wait "The jump host refuses to forward the connection" 300
tui_has "jump.forward_prohibited"
tui_has "Where: $LAB_USER@$LAB_SERVER_IP:22"
tui_has "ssh://$LAB_USER@$LAB_SERVER_IP:22"
tui_has "$LAB_TARGET_IP:22"
tui_keys q
tui_wait "Quit?"
tui_keys y
tui_expect_exit 1
tui_restored

# A ProxyCommand instead of -J.
lab_sshd_stop
lab_sshd
CFG="$LAB_DIR/ssh_config"
# The pane's ssh (tui-lib's wrapper, which the command runs too) reads the
# pane's known_hosts.
cp "$LAB_HOME/.ssh/known_hosts" "$TUI_HOME/.ssh/known_hosts"
printf 'Host target\n    HostName %s\n    User %s\n    ProxyCommand ssh -o BatchMode=yes -W %%h:%%p %s@%s\n' \
	"$LAB_TARGET_IP" "$LAB_USER" "$LAB_USER" "$LAB_SERVER_IP" >"$CFG"
tui_run --timeout 20 -F "$CFG" target
tui_wait "The connection works" 300
tui_keys q
tui_wait "Quit?"
tui_keys y
tui_expect_exit 0
printf 'Host target\n    HostName %s\n    User %s\n    ProxyCommand /nonexistent/sw-proxy %%h %%p\n' \
	"$LAB_TARGET_IP" "$LAB_USER" >"$CFG"
tui_run --timeout 20 -F "$CFG" target
tui_wait "proxy.command_failed" 300
tui_has "The ProxyCommand ends before the server answers"
tui_has "exit status 127"
tui_has "/nonexistent/sw-proxy"
tui_keys q
tui_wait "Quit?"
tui_keys y
tui_expect_exit 1
tui_restored
