#!/bin/bash
# The shipped tree validates clean.
. "${abs_top_srcdir:-.}/tests/e2e/common.sh"
out=$("$SW" --validate 2>&1); rc=$?
check "the shipped tree validates (exit 0)" [ "$rc" -eq 0 ]
check "it says the tree is valid" grep -q "the tree is valid" <<<"$out"
[ "$rc" -eq 0 ] || echo "$out"
finish
