#!/bin/bash
# tests/soak.sh - runs the whole suite (`make -j2 check`) N times in a row
# in a build folder while a parallel compile keeps the machine busy, and
# prints one line per run; stops at the first failing run and keeps its
# test-suite.log.  A suite that fails here depends on the machine's speed.
#
# Usage: tests/soak.sh [-n RUNS] [-l LOADERS] [BUILD]
#   RUNS     runs of the suite (default 10)
#   LOADERS  compile loops running beside it (default 2, one per core of
#            the 2-core machine the suite is meant to pass on)
#   BUILD    a configured build folder (default ./build or .)
# The load: each loop compiles the project's sources with gcc -O2 into a
# private folder, over and over (at most 1000 rounds), in its own process
# group; the script stops it by that group's pid when the runs end, on
# failure and on interrupt.  Needs what `make check` needs (root for the
# lab).  Not part of make check.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
RUNS=10
LOADERS=2
while getopts n:l: opt; do
	case $opt in
	n) RUNS=$OPTARG ;;
	l) LOADERS=$OPTARG ;;
	*) sed -n '2,17p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
BUILD=${1:-}
if [ -z "$BUILD" ]; then
	if [ -f build/Makefile ]; then BUILD=build; else BUILD=.; fi
fi
[ -f "$BUILD/Makefile" ] || { echo "soak: no Makefile in $BUILD" >&2; exit 2; }
BUILD=$(cd "$BUILD" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sw-soak.XXXXXX") || exit 2
LOAD_PIDS=()

stop_load() {
	local p
	for p in "${LOAD_PIDS[@]}"; do
		kill -TERM -- "-$p" 2>/dev/null
	done
	for p in "${LOAD_PIDS[@]}"; do
		wait "$p" 2>/dev/null
	done
	LOAD_PIDS=()
}
trap 'stop_load; exit 130' INT TERM
trap 'stop_load' EXIT

# One compile loop: bounded in rounds; setsid makes its pid its group's id.
start_loader() {
	local k=$1
	mkdir -p "$WORK/load-$k"
	setsid bash -c '
		src=$1 build=$2 out=$3
		for ((round = 0; round < 1000; round++)); do
			for f in "$src"/src/core/*.c "$src"/src/probes/*.c; do
				gcc -std=c11 -O2 -pthread -I"$src/src" -I"$build" \
				    -c "$f" -o "$out/x.o" 2>/dev/null
			done
		done' soak-load "$SRC" "$BUILD" "$WORK/load-$k" \
	    </dev/null >/dev/null 2>&1 &
	LOAD_PIDS+=("$!")
}

echo "soak: $RUNS runs of 'make -j2 check' in $BUILD, $LOADERS compile" \
    "loops beside ($(nproc) cores), $(date -u '+%Y-%m-%d %H:%M UTC')"
for ((k = 0; k < LOADERS; k++)); do start_loader "$k"; done
failed=0
for ((run = 1; run <= RUNS; run++)); do
	t0=$(date +%s)
	make -C "$BUILD" -j2 check >"$WORK/run-$run.log" 2>&1
	rc=$?
	t1=$(date +%s)
	sum=$(sed -n 's/^# \(TOTAL\|PASS\|SKIP\|FAIL\|ERROR\): *\([0-9]*\)/\1 \2/p' \
	    "$WORK/run-$run.log" | tail -n 6 | tr '\n' ' ')
	load=$(cut -d' ' -f1 /proc/loadavg)
	echo "run $run: exit $rc, $((t1 - t0)) s, load $load: $sum"
	if [ "$rc" -ne 0 ]; then
		cp "$BUILD/test-suite.log" "$WORK/test-suite-$run.log" 2>/dev/null
		grep -E '^(FAIL|ERROR):' "$WORK/run-$run.log" | sort -u
		echo "soak: run $run failed; logs in $WORK"
		failed=1
		break
	fi
done
stop_load
[ "$failed" -eq 0 ] && echo "soak: $RUNS of $RUNS runs passed" && rm -rf "$WORK"
exit "$failed"
