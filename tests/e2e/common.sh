# Shared helpers for the end-to-end tests.  Source it; it sets:
#   SW      the sshwizard binary under test
#   TMP     a private temporary folder, removed on exit
#   HOME    a private home inside TMP, so the user's ~/.ssh is never read
set -u
SW=${SSHWIZARD:-${abs_top_builddir:-.}/sshwizard}
SRCDIR=${abs_top_srcdir:-.}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sw-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
HOME=$TMP/home
mkdir -p "$HOME/.ssh"
chmod 700 "$HOME/.ssh"
export HOME
unset LANGUAGE LC_ALL LC_MESSAGES SSHPASS
export LANG=C.UTF-8
failures=0

ok() { echo "ok: $*"; }
not_ok() { echo "FAIL: $*"; failures=$((failures + 1)); }

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() {
	desc=$1; shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# A loopback TCP port nothing listens on (by ss), or exits 99.
free_port() {
	i=0
	while [ $i -lt 50 ]; do
		p=$(( (RANDOM % 30000) + 20000 ))
		if ! ss -Htln "sport = :$p" | grep -q .; then echo $p; return 0; fi
		i=$((i + 1))
	done
	echo "no free port found" >&2
	exit 99
}

finish() {
	if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
	exit 0
}
