#!/bin/bash
# A full filesystem where alice's home lives: a tmpfs the test mounts on her
# home (before sshd starts, so sshd sees it too) and fills.  The real ssh
# decides what it is: she still logs in (sshd needs no space to let her
# in), and only writing fails ("No space left on device").  So `--server
# -l alice` says server.disk_full as a warning, with the mount point, the
# numbers and the du that shows what fills it; that du, run as written,
# names the folder.  Then the same with the inodes used up and space left
# (du --inodes), and, with room again, the check passes.  From the client
# (--via) the walk never gets there: the login works, so the client's own
# walk ends at "ok".
. "${abs_top_srcdir:-.}/tests/scenarios/server/server-lib.sh"
home="$LAB_DIR/home/$LAB_USER"
mkdir -p "$home"
mount -t tmpfs -o size=1m,nr_inodes=256,mode=755 sw-disk-full "$home" ||
	{ echo "lab: cannot mount a tmpfs"; exit 99; }
lab_atexit "umount '$home'"
mkdir "$home/junk"
dd if=/dev/zero of="$home/junk/fill" bs=4k 2>/dev/null
lab_sshd 22
lab_known_host 22
# The lab's user exists now; the tmpfs is the same for sshd.
chown -R "$LAB_UID:$LAB_UID" "$home"
mounts_prefix "$LAB_DIR/etc/passwd=/etc/passwd" "$LAB_DIR/etc/shadow=/etc/shadow" \
	"$LAB_DIR/etc/group=/etc/group"

check "the home is full" [ "$(df -P "$home" | awk 'NR == 2 { print $4 }')" = 0 ]
check "the real ssh still logs in" ssh_pw
said=$(ssh_pw "$LAB_USER" 'dd if=/dev/zero of="$HOME/new" bs=4k count=2' 2>&1)
check "but writing in the home fails" grep -q "No space left on device" <<<"$said"

server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "the login check passes" [ "$(step_outcome srv_login)" = ok ]
check "the disk check finds it full" [ "$(step_outcome srv_disk)" = full ]
check "cause is server.disk_full" [ "$(cause)" = server.disk_full ]
check "said as a warning, not a refusal" \
	[ "$(jq -r '[.steps[] | select(.node == "srv_disk")] | last | .state' "$REPORT")" = warn ]
check "the mount point is named" \
	grep -qxF "$home (sw-disk-full) is full: no space left" <<<"$(step_ev srv_disk disk_full)"
check "the numbers are said" grep -qxF "$home: 0 KiB free of 1024 (100% used)" \
	<<<"$(step_ev srv_disk filesystem)"
du="sudo du -x -h --max-depth=1 $home | sort -h | tail"
check "the du is offered" grep -qxF -- "$du" <<<"$(jq -r '.verdict.suggestions[].command' "$REPORT")"
check "the du, as written, names what fills it" grep -q "$home/junk\$" <<<"$(bash -c "${du#sudo }")"

# The inodes used up, space left.
rm -f "$home/junk/fill"
mount -o remount,size=4m,nr_inodes=64 "$home"
for i in $(seq 1 64); do touch "$home/junk/f$i" 2>/dev/null || break; done
check "no inodes left" [ "$(df -Pi "$home" | awk 'NR == 2 { print $4 }')" = 0 ]
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "inodes: server.disk_full" [ "$(cause)" = server.disk_full ]
check "inodes: said" grep -qxF "$home (sw-disk-full) is full: no inodes left" \
	<<<"$(step_ev srv_disk disk_full)"
du="sudo du --inodes -x --max-depth=1 $home | sort -h | tail"
check "inodes: du --inodes is offered" grep -qxF -- "$du" \
	<<<"$(jq -r '.verdict.suggestions[].command' "$REPORT")"
check "inodes: the du, as written, names what fills it" \
	grep -q "$home/junk\$" <<<"$(bash -c "${du#sudo }")"

# Room again: the check passes.
rm -rf "$home/junk"
server_run --client "$LAB_CLIENT_IP" --sshd-config "$LAB_SSHD_CONFIG" -l "$LAB_USER"
check "with room: the disk check passes" [ "$(step_outcome srv_disk)" = ok ]
check "with room: ok" [ "$(cause)" = ok ]
finish
