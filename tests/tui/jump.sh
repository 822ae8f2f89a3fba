#!/bin/bash
# Jump hosts on screen: the target 192.0.2.2 is reached only through the
# lab's server (-J).  A healthy path ends in "The connection works"; a jump
# host that forbids forwarding ends in its own verdict, with the jump host
# and the next host under the title.
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
