#!/bin/sh
# Builds the Debian package from a copy of this tree in a scratch folder,
# checks it with lintian, installs it, runs it and removes it again.  Not
# part of make check or CI (it is slow and installs into the system).
#
#   packaging/check-deb.sh [--keep]    as root on Debian 12 (or sudo)
#
# Needs: dpkg-dev, debhelper, lintian and the Build-Depends of
# debian/control (it names what is missing).  Ends with "check-deb: ok"
# or the step that failed; --keep leaves the scratch folder for a look.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
keep=${1:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/sshwizard-deb.XXXXXX")
installed=
cleanup() {
	if [ -n "$installed" ]; then
		dpkg --purge sshwizard >/dev/null 2>&1 || true
	fi
	if [ "$keep" = --keep ]; then echo "check-deb: left $work"
	else rm -rf "$work"; fi
}
trap cleanup EXIT
as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
fail() { echo "check-deb: FAILED: $*" >&2; exit 1; }

for tool in dpkg-buildpackage dh lintian; do
	command -v "$tool" >/dev/null 2>&1 ||
		fail "$tool is missing: apt-get install dpkg-dev debhelper lintian"
done
dpkg-query -W -f='${Status}' sshwizard 2>/dev/null | grep -q "ok installed" &&
	fail "a sshwizard package is installed already; remove it first"

# A copy of the tracked files (or of the whole tree outside git), without
# build output.
mkdir "$work/sshwizard-src"
if git -C "$here" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$here" && git ls-files -z | tar --null -T - -cf -) |
		(cd "$work/sshwizard-src" && tar -xf -)
else
	(cd "$here" && tar --exclude='./build*' -cf - .) |
		(cd "$work/sshwizard-src" && tar -xf -)
fi
cd "$work/sshwizard-src"
dpkg-checkbuilddeps || fail "install the build dependencies named above"

echo "check-deb: dpkg-buildpackage -us -uc -b in $work"
dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1 ||
	{ tail -30 "$work/build.log"; fail "dpkg-buildpackage (log: $work/build.log)"; }
deb=$(ls "$work"/sshwizard_*.deb)
changes=$(ls "$work"/sshwizard_*.changes)
echo "check-deb: built $(basename "$deb")"

echo "check-deb: lintian"
lintian --info "$changes" >"$work/lintian.log" 2>&1 || true
cat "$work/lintian.log"
grep -q '^E: ' "$work/lintian.log" && fail "lintian reports errors"

echo "check-deb: install, run, remove"
as_root apt-get install -y -qq "$deb" >"$work/install.log" 2>&1 ||
	{ cat "$work/install.log"; fail "installing $deb"; }
installed=1
files=$(dpkg -L sshwizard)
/usr/bin/sshwizard --version | grep -q '^sshwizard ' || fail "sshwizard --version"
/usr/bin/sshwizard --validate || fail "sshwizard --validate"
for f in /usr/share/man/man1/sshwizard.1.gz /usr/share/man/ja/man1/sshwizard.1.gz \
    /usr/share/bash-completion/completions/sshwizard \
    /usr/share/zsh/vendor-completions/_sshwizard \
    /usr/share/locale/ja/LC_MESSAGES/sshwizard.mo; do
	[ -s "$f" ] || fail "$f is not installed"
done
env -u LANGUAGE -u LC_ALL LANG=C /usr/bin/sshwizard --lang ja --help | grep -q '使い方' ||
	fail "the Japanese catalogue is not used"
man -w sshwizard | grep -q '^/usr/share/man/man1/sshwizard.1' || fail "man -w sshwizard"
as_root dpkg --purge sshwizard >/dev/null || fail "dpkg --purge"
installed=
left=
for f in $files; do
	case $f in /usr/bin/*|/usr/share/sshwizard/*|*sshwizard.1.gz|*/_sshwizard|*/completions/sshwizard|*/sshwizard.mo)
		[ -e "$f" ] && left="$left $f" ;;
	esac
done
[ -z "$left" ] || fail "left after removal:$left"
[ ! -e /usr/share/sshwizard ] || fail "/usr/share/sshwizard left after removal"
echo "check-deb: ok"
