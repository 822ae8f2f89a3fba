#!/bin/bash
# The shipped tree is compiled into the program (core/tree_compiled.h), but
# the YAML stays the source: a copy of the tree that differs from it in any
# byte is read and validated, never silently replaced by the compiled one.
. "${abs_top_srcdir:-.}/tests/e2e/common.sh"
cp "$SRCDIR"/wizard/*.yaml "$TMP/"
port=$(free_port)
diag() { "$SW" --tree "$TMP/main.yaml" --batch --no-ssh-config -p "$port" 127.0.0.1 2>&1; }

out=$(diag)
check "an unchanged copy diagnoses as the shipped tree" \
	grep -q '^\[FAIL\] Connect to the SSH port: ' <<<"$out"

# A title changed in an included file, the file keeping its size.
sed -i 's/title: Connect to the SSH port$/title: Connect to the SSH pXrt/' "$TMP/network.yaml"
check "the edit took (the test is not void)" grep -q 'SSH pXrt$' "$TMP/network.yaml"
out=$(diag)
check "the changed title is shown" grep -q '^\[FAIL\] Connect to the SSH pXrt: ' <<<"$out"

# A tree the validator refuses: the program says so instead of running.
cp "$SRCDIR/wizard/network.yaml" "$TMP/"
sed -i 's/probe: client\.config$/probe: client.nosuch/' "$TMP/network.yaml"
out=$(diag); rc=$?
echo "$out"
check "a broken copy exits 2" [ "$rc" -eq 2 ]
check "the validator names the unknown probe" grep -q "network.yaml:.*client.nosuch" <<<"$out"
check "the shipped tree is still fine" "$SW" --validate
finish
