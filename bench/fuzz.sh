#!/bin/bash
# bench/fuzz.sh - runs each libFuzzer target (tests/fuzz) for a given time
# and prints, per target, the executions, the coverage reached and the
# findings (crash, leak, timeout, out-of-memory), as a Markdown table.
#
# Usage: bench/fuzz.sh [-t SECONDS] [-b BUILD] [-w WORK] [TARGET...]
#   -t  seconds per target (default 60)
#   -b  a build folder configured with --enable-fuzz (default build-fuzz
#       next to this script's source tree)
#   -w  where the growing corpora and findings go (default a new folder
#       under ${TMPDIR:-/tmp}); the checked-in corpus is never written
#   TARGET  names as in tests/fuzz/fuzz-NAME.c (default all)
# Each target runs alone on one core (taskset -c ${FUZZ_CPU:-0} when
# taskset exists), with libFuzzer's own limits: an input slower than
# ${FUZZ_TIMEOUT:-10} s is a timeout, more than ${FUZZ_RSS_MB:-2048} MB an
# out-of-memory.  A finding stops that target; its input is kept in the work
# folder: copy it to tests/fuzz/corpus/NAME/repro-WHAT and fix the cause.
# Not a test; never run by make check.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
SECS=60
BUILD=$SRC/build-fuzz
WORK=
while getopts t:b:w: opt; do
	case $opt in
	t) SECS=$OPTARG ;;
	b) BUILD=$OPTARG ;;
	w) WORK=$OPTARG ;;
	*) sed -n '2,20p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
case $SECS in ''|*[!0-9]*) echo "fuzz.sh: -t wants seconds" >&2; exit 2 ;; esac
if [ $# -gt 0 ]; then
	TARGETS="$*"
else
	TARGETS=$(cd "$SRC/tests/fuzz" && ls fuzz-*.c | sed -e 's/^fuzz-//' \
	    -e 's/\.c$//' | grep -v '^common$')
fi
[ -n "$WORK" ] || WORK=$(mktemp -d "${TMPDIR:-/tmp}/sw-fuzz.XXXXXX") || exit 2
mkdir -p "$WORK" || exit 2
PIN=
command -v taskset >/dev/null && PIN="taskset -c ${FUZZ_CPU:-0}"

echo "Fuzz campaign: $(date -u '+%Y-%m-%d %H:%M UTC'), ${SECS} s per target"
echo "Machine: $(uname -m), $(nproc) cores ($(sed -n \
    's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(uname -sr);" \
    "$(${CC:-clang} --version 2>/dev/null | head -n 1)"
echo "Work folder: $WORK"
echo
echo "| target | execs | execs/s | cov | ft | corpus | peak RSS MB | findings |"
echo "|---|---:|---:|---:|---:|---:|---:|---|"
status=0
for t in $TARGETS; do
	bin=$BUILD/tests/fuzz/fuzz-$t
	if [ ! -x "$bin" ]; then
		echo "| $t | - | - | - | - | - | - | not built (configure --enable-fuzz in $BUILD) |"
		status=1
		continue
	fi
	corpus=$WORK/corpus-$t
	art=$WORK/findings-$t
	mkdir -p "$corpus" "$art"
	log=$WORK/$t.log
	$PIN "$bin" -max_total_time="$SECS" -timeout="${FUZZ_TIMEOUT:-10}" \
	    -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -print_final_stats=1 \
	    -artifact_prefix="$art/" "$corpus" "$SRC/tests/fuzz/corpus/$t" \
	    >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)
	last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p')
	found=$(cd "$art" && ls 2>/dev/null | tr '\n' ' ')
	if [ -z "$found" ] && [ "$rc" -ne 0 ]; then
		found="exit $rc: see $log"
	fi
	[ -n "$found" ] && status=1
	echo "| $t | ${execs:-?} | ${rate:-?} | ${cov:-?} | ${ft:-?} | ${corp:-?} | ${rss:-?} | ${found:-none} |"
done
exit $status
