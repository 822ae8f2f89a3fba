#!/bin/sh
# After install (installcheck): man finds sshwizard(1) under MANDIR, and in a
# Japanese locale the Japanese page.  Usage: installed.sh MANDIR
set -eu
mandir=$1
test -s "$mandir/man1/sshwizard.1"
grep -q '^\.SH 原因' "$mandir/ja/man1/sshwizard.1"
command -v man >/dev/null 2>&1 || { echo "installed.sh: no man; files checked"; exit 0; }
got=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C MANPATH="$mandir" man -w sshwizard)
test "$got" = "$mandir/man1/sshwizard.1"
# The Japanese page needs a ja_JP.UTF-8 locale; make a private one if the
# system has none (nothing is installed system-wide).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if locale -a 2>/dev/null | grep -qi '^ja_JP\.utf-\?8$'; then
	loc=
elif command -v localedef >/dev/null 2>&1 &&
    localedef -i ja_JP -f UTF-8 "$tmp/ja_JP.UTF-8" >/dev/null 2>&1; then
	loc=$tmp
else
	echo "installed.sh: no ja_JP.UTF-8 locale; Japanese page checked as a file"
	exit 0
fi
got=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES ${loc:+LOCPATH=$loc} \
	LANG=ja_JP.UTF-8 MANPATH="$mandir" man -w sshwizard)
test "$got" = "$mandir/ja/man1/sshwizard.1"
echo "installed.sh: man finds $mandir/man1/sshwizard.1 and, in ja_JP.UTF-8, $got"
