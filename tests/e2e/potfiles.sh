#!/bin/bash
# Every source file with translatable strings is listed in po/POTFILES.in.
. "${abs_top_srcdir:-.}/tests/e2e/common.sh"
cd "$SRCDIR"
for f in $(grep -rlE '\b_\(|N_\(' --include='*.c' src); do
	check "$f is in po/POTFILES.in" grep -qx "$f" po/POTFILES.in
done
finish
