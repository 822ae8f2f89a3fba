#!/bin/sh
# The zsh completion names every option --help shows and, where zsh is
# installed, parses.
. "$abs_top_srcdir/tests/e2e/common.sh"
f="$abs_top_srcdir/completion/_sshwizard"
opts=$("$SW" --help | awk '/^  -/ { for (i = 1; i <= NF; i++) {
	w = $i; sub(/,$/, "", w); if (w !~ /^--?[a-zA-Z]/) break; print w } }' | sort -u)
n=0
for o in $opts; do
	n=$((n + 1))
	grep -qE -- "([]'{,)*]|^  *)$o([]+=[}',]|\$)" "$f" || not_ok "_sshwizard lacks $o"
done
[ "$n" -ge 20 ] && ok "$n options of --help in _sshwizard" || not_ok "only $n options"
if command -v zsh >/dev/null 2>&1; then
	check "_sshwizard parses (zsh -n)" zsh -n "$f"
else
	echo "zsh not installed: syntax not checked"
fi
[ "$failures" -eq 0 ]
