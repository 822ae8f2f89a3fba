#!/bin/bash
# Every bad input gets a clear one-line error and a non-zero exit, and never a
# half-written file.
. "${abs_top_srcdir:-.}/tests/e2e/common.sh"

# expect_err STATUS PATTERN ARGS...: runs sshwizard, checks status and message.
expect_err() {
	want=$1 pat=$2; shift 2
	out=$("$SW" "$@" 2>&1 >/dev/null); rc=$?
	if [ "$rc" -eq "$want" ] && grep -q -- "$pat" <<<"$out"; then
		ok "$* -> $rc, '$pat'"
	else
		not_ok "$* -> $rc (wanted $want), message: $out"
	fi
}

port=$(free_port)
expect_err 2 "unknown option '--frobnicate'" --batch --frobnicate 127.0.0.1
expect_err 2 "bad port '70000'" --batch 127.0.0.1 -p 70000
expect_err 2 "bad port '0'" --batch 127.0.0.1:0
expect_err 2 "bad port 'ssh'" --batch 127.0.0.1 -p ssh
expect_err 2 "empty host" --batch ''
expect_err 2 "empty host" --batch 'alice@'
expect_err 2 "may not start with '-'" --batch -- -oProxyCommand=x
expect_err 2 "needs a target" --batch
# a host name ssh refuses, with or without ssh -G, before any probe
expect_err 2 "bad host 'a b;c': ssh says: hostname contains invalid characters" \
	--batch --no-ssh-config 'a b;c'
expect_err 2 "bad host 'x\$(id)': ssh says: hostname contains invalid characters" \
	--batch --no-ssh-config 'alice@x$(id)'
if command -v ssh >/dev/null 2>&1; then
	expect_err 2 "hostname contains invalid characters" --batch 'a b;c'
fi
# a key file named with -i that does not exist (client.key_missing)
expect_err 2 "the identity file '$TMP/no-such-key' (-i) does not exist" \
	--batch --no-ssh-config -i "$TMP/no-such-key" 127.0.0.1 -p "$port"
expect_err 2 "cannot read password file $TMP/nope" --batch --no-ssh-config \
	--password-file "$TMP/nope" 127.0.0.1 -p "$port"
expect_err 2 "bad timeout 'soon'" --batch --timeout soon 127.0.0.1
expect_err 2 "unknown language 'fr'" --batch --lang fr 127.0.0.1
expect_err 2 "bad answer 'x'" --batch --answer x 127.0.0.1
expect_err 2 "option '--report' needs a value" --batch 127.0.0.1 --report
expect_err 2 "cannot write report" --batch --no-ssh-config 127.0.0.1 -p "$port" \
	--report "$TMP/no/such/dir/r.json"
expect_err 2 "$TMP/missing.yaml:0:0: cannot read" --validate "$TMP/missing.yaml"
expect_err 2 "$TMP/missing.yaml:0:0: cannot read" --batch --tree "$TMP/missing.yaml" 127.0.0.1

printf 'start: a\nnodes:\n  - id: a\n    kind: [verdict\n' >"$TMP/broken.yaml"
expect_err 2 "$TMP/broken.yaml:[0-9]*:[0-9]*: " --validate "$TMP/broken.yaml"

# A report path that is an existing symlink is refused and its target kept.
echo keep >"$TMP/target"
ln -s "$TMP/target" "$TMP/link.json"
"$SW" --batch --no-ssh-config 127.0.0.1 -p "$port" --report "$TMP/link.json" >/dev/null 2>&1
check "a symlinked report path is not written through" [ "$(cat "$TMP/target")" = keep ]

# A password never reaches the output or a report.
echo 'hunter2-secret' >"$TMP/pw"
"$SW" --batch --no-ssh-config 127.0.0.1 -p "$port" --password-file "$TMP/pw" \
	--report "$TMP/p.json" --report "$TMP/p.md" >"$TMP/p.out" 2>&1
check "the password is in no output or report" \
	bash -c "! grep -rq hunter2-secret '$TMP/p.out' '$TMP/p.json' '$TMP/p.md'"
SSHPASS=env-secret-42 "$SW" --batch --no-ssh-config 127.0.0.1 -p "$port" \
	--report "$TMP/e.json" >"$TMP/e.out" 2>&1
check "SSHPASS is in no output or report" \
	bash -c "! grep -rq env-secret-42 '$TMP/e.out' '$TMP/e.json'"
finish
