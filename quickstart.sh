#!/bin/sh
# Set up sshwizard on a fresh Debian 12 (or Ubuntu) machine and run it.
#
#   ./quickstart.sh [ARGS...]   install what is missing, build, start the wizard
#                               (ARGS go to sshwizard, e.g. user@host:port)
#   ./quickstart.sh check       install what is missing, build, run every test
#                               (plain build, then a sanitizer build of the
#                               whole suite); ends with "N passed, N failed"
#
# Run as root or with sudo available: it installs Debian packages.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

# Build and run-time dependencies, then what the tests need (the lab's real
# sshd, dnsmasq and firewalls, tmux for the screen tests).
PKGS_BUILD="build-essential autoconf automake autopoint gettext pkg-config \
libncurses-dev libssh-dev libssl-dev libyaml-dev libjansson-dev libcmocka-dev \
openssh-client locales"
PKGS_TEST="openssh-server dnsmasq-base iptables nftables iproute2 tmux jq \
procps psmisc time valgrind mandoc"

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"
	elif command -v sudo >/dev/null 2>&1; then sudo "$@"
	else echo "quickstart: need root (or sudo) to run: $*" >&2; exit 1
	fi
}

install_deps() {
	missing=""
	for p in $*; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "quickstart: please install:$missing" >&2
		exit 1
	fi
	echo "quickstart: installing$missing"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing >/dev/null
}

# build DIR [configure args...]
build() {
	dir=$1; shift
	if [ ! -x configure ] || [ configure.ac -nt configure ]; then
		autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
	fi
	mkdir -p "$dir"
	(cd "$dir" && { [ -f Makefile ] || "$here/configure" -q "$@"; } &&
		make -j"$(nproc)" >/dev/null)
}

# Sums the automake harness summaries ("# PASS: N" ...) in the given logs.
# A failed step that ran no test (a build error) still counts as one failure.
summary() {
	broken=$1; shift
	awk -v broken="$broken" '/^# (PASS|XFAIL):/ { p += $3 }
	     /^# (FAIL|XPASS|ERROR):/ { f += $3 }
	     /^# SKIP:/ { s += $3 }
	     END { if (broken && !f) f = 1; printf "%d passed, %d failed", p, f; if (s) printf ", %d skipped", s; printf "\n" }' "$@"
}

case "${1:-}" in
check)
	install_deps $PKGS_BUILD $PKGS_TEST
	log=$(mktemp -d)
	status=0
	build build --enable-werror
	echo "quickstart: running the test suite"
	(cd build && make -j2 check) >"$log/plain.log" 2>&1 || status=1
	grep -E '^(PASS|FAIL|SKIP|XFAIL|XPASS|ERROR):' "$log/plain.log" || true
	echo "quickstart: running the unit tests under valgrind"
	(cd build && make check-valgrind) >"$log/valgrind.log" 2>&1 || status=1
	grep -E '^(FAIL|XPASS|ERROR):' "$log/valgrind.log" || true
	echo "quickstart: running the test suite again under ASan and UBSan, from the dist tarball"
	(cd build && make -j2 distcheck \
		DISTCHECK_CONFIGURE_FLAGS="--enable-sanitizers --enable-werror") \
		>"$log/asan.log" 2>&1 || status=1
	grep -E '^(FAIL|XPASS|ERROR):' "$log/asan.log" || true
	if [ "$status" -ne 0 ]; then
		echo "quickstart: failures; the end of the logs:"
		tail -n 60 "$log/asan.log"
		find build -name 'test-suite.log' -exec cat {} \; | tail -n 120
	fi
	grep -q '^# TOTAL:' "$log/asan.log" || { echo "quickstart: the sanitizer suite did not run"; status=1; }
	summary "$status" "$log/plain.log" "$log/valgrind.log" "$log/asan.log"
	exit $status
	;;
*)
	install_deps $PKGS_BUILD
	build build
	exec ./build/sshwizard "$@"
	;;
esac
