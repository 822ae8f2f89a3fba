#!/bin/bash
# The target form and the batch command line give the same target for the
# same words: a pasted `ssh -F FILE -J HOP -p PORT -l USER -o KW=V ALIAS`
# in the host field fills host, port and user and shows the other words;
# the diagnosis it starts and a batch run with the same words report the
# same resolved target (host, port, user, identities, known_hosts, jump
# hosts, sources).  Nothing listens on the loopback port: refused.
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
command -v jq >/dev/null 2>&1 || { echo "SKIP: jq is missing"; exit 77; }
tui_start 100 30
cfg="$TUI_HOME/other_config"
cat >"$cfg" <<'CONF'
Host box
  HostName 127.0.0.1
  User carol
Host hop
  HostName 127.0.0.1
  Port 9
CONF
tui_tmux send-keys -l "cd $TUI_HOME"
tui_keys Enter

tui_run --lang en
tui_wait "Which SSH connection fails?"
tui_paste "ssh -F $cfg -J hop -p 1 -l dave -o ConnectTimeout=3 box"
tui_keys Tab
tui_wait "Host      box "
tui_has "Port      1 "
tui_has "User      dave "
tui_has "-F $cfg -J hop -o ConnectTimeout=3"
tui_keys Enter
for ((i = 0; i < 40; i++)); do
	screen=$(tui_screen)
	case $screen in
	*"Verdict:"*) break ;;
	*"Choose an answer:"*) tui_keys Enter ;;
	esac
	sleep 0.2
done
tui_wait "Verdict:"
tui_has "dave@box:1"
json=$(tui_export_json) || exit 1
case $(basename "$json") in
sshwizard-box-*.json) ;;
*) tui_fail "the report is not named for the host: $json" ;;
esac
tui_keys q
tui_expect_exit 1

batch="$TUI_HOME/batch.json"
HOME="$TUI_HOME" PATH="$TUI_HOME/bin:$PATH" timeout 60 "$SSHWIZARD" --lang en \
	--batch --report "$batch" -F "$cfg" -J hop -p 1 -l dave \
	-o ConnectTimeout=3 box >/dev/null 2>&1
[ -f "$batch" ] || tui_fail "no batch report"
a=$(jq -S .target "$json")
b=$(jq -S .target "$batch")
printf 'form:  %s\nbatch: %s\n' "$(jq -c -S .target "$json")" "$(jq -c -S .target "$batch")"
[ "$a" = "$b" ] || tui_fail "the form and the command line gave different targets"
[ "$(jq -r .target.port "$json")" = 1 ] || tui_fail "port is not 1"
[ "$(jq -r .target.user "$json")" = dave ] || tui_fail "user is not dave"
[ "$(jq -r .target.host "$json")" = 127.0.0.1 ] || tui_fail "HostName not from -F"
[ "$(jq -r .target.proxy_jump "$json")" = hop ] || tui_fail "no jump host"
echo "PASS: the form and the command line give the same target"
