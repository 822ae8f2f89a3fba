#!/bin/bash
# bench/fuzz.sh - runs each libFuzzer target (tests/fuzz) for a given time
# and prints, per target, the executions, the coverage reached and the
# findings (crash, leak, timeout, out-of-memory), as a Markdown table.
#
# Usage: bench/fuzz.sh [-t SECONDS] [-n EXECS] [-b BUILD] [-w WORK] [TARGET...]
#   -t  seconds per target (default 60)
#   -n  stop a target after this many executions (libFuzzer -runs), or at
#       -t seconds, whichever comes first (default: time only)
#   -b  a build folder configured with --enable-fuzz (default build-fuzz
#       next to this script's source tree)
#   -w  where the growing corpora and findings go (default a new folder
#       under ${TMPDIR:-/tmp}); the checked-in corpus is never written
#   TARGET  names as in tests/fuzz/fuzz-NAME.c (default all)
# Each target runs alone on one core (taskset -c ${FUZZ_CPU:-0} when
# taskset exists), with libFuzzer's own limits: an input slower than
# ${FUZZ_TIMEOUT:-10} s is a timeout, more than ${FUZZ_RSS_MB:-2048} MB an
# out-of-memory; inputs grow to FUZZ_MAX_LEN bytes at most, by default the
# largest seed-* file of the target's corpus and at least 4096 (libFuzzer's
# own default, but for the reproducers: one of a large-ruleset finding is
# 150 KB, and inputs that large slow a target tenfold).  A finding stops
# that target; its input is kept in the work folder: copy it to
# tests/fuzz/corpus/NAME/repro-WHAT and fix the cause.
# Not a test; never run by make check.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
SECS=60
RUNS=
BUILD=$SRC/build-fuzz
WORK=
while getopts t:n:b:w: opt; do
	case $opt in
	t) SECS=$OPTARG ;;
	n) RUNS=$OPTARG ;;
	b) BUILD=$OPTARG ;;
	w) WORK=$OPTARG ;;
	*) sed -n '2,24p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
case $SECS in ''|*[!0-9]*) echo "fuzz.sh: -t wants seconds" >&2; exit 2 ;; esac
case $RUNS in *[!0-9]*) echo "fuzz.sh: -n wants a count" >&2; exit 2 ;; esac
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

echo "Fuzz campaign: $(date -u '+%Y-%m-%d %H:%M UTC'), ${SECS} s per target${RUNS:+ or $RUNS executions, whichever comes first}"
echo "Machine: $(uname -m), $(nproc) cores ($(sed -n \
    's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(uname -sr);" \
    "$(${CC:-clang} --version 2>/dev/null | head -n 1)"
echo "Build: $BUILD; work folder: $WORK"
echo
echo "| target | execs | execs/s | cov | ft | corpus | peak RSS MB | load (start, end) | findings |"
echo "|---|---:|---:|---:|---:|---:|---:|---|---|"
status=0
for t in $TARGETS; do
	bin=$BUILD/tests/fuzz/fuzz-$t
	if [ ! -x "$bin" ]; then
		echo "| $t | - | - | - | - | - | - | - | not built (configure --enable-fuzz in $BUILD) |"
		status=1
		continue
	fi
	corpus=$WORK/corpus-$t
	art=$WORK/findings-$t
	mkdir -p "$corpus" "$art"
	log=$WORK/$t.log
	maxlen=${FUZZ_MAX_LEN:-}
	if [ -z "$maxlen" ]; then
		maxlen=$(find "$SRC/tests/fuzz/corpus/$t" -name 'seed-*' \
		    -printf '%s\n' 2>/dev/null | sort -n | tail -n 1)
		[ "${maxlen:-0}" -ge 4096 ] || maxlen=4096
	fi
	load0=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null)
	$PIN "$bin" -max_total_time="$SECS" ${RUNS:+-runs="$RUNS"} \
	    -timeout="${FUZZ_TIMEOUT:-10}" -max_len="$maxlen" \
	    -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -print_final_stats=1 \
	    -artifact_prefix="$art/" "$corpus" "$SRC/tests/fuzz/corpus/$t" \
	    >"$log" 2>&1
	rc=$?
	load1=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null)
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
	echo "| $t | ${execs:-?} | ${rate:-?} | ${cov:-?} | ${ft:-?} | ${corp:-?} | ${rss:-?} | ${load0:-?}, ${load1:-?} | ${found:-none} |"
done
echo
echo "Finished: $(date -u '+%Y-%m-%d %H:%M UTC')"
exit $status
