#!/bin/sh
# Parse benchmark (issue: formats).  Generates KUnit-style KTAP logs of
# 1000 suites x 100 cases (100,000 results, about 2 MB) and of about 1 GB
# (52 million results) in a temporary directory: one shaped as KUnit
# prints a run (cases named case_1, case_2, ..., case_100 in the order
# they ran, suites in no sorted order, about 2% failing with KUnit's
# diagnostic lines), which the record must sort, and ones named
# case_001..case_100, suites in order, already in the record's order.
# It measures, side by side in the same run:
#   - git results parse <log> >/dev/null   (the record, default run id)
#   - git results parse --run r <log>      (no run id to hash)
#   - wc -l <log>                          (reading the bytes: the floor)
#   - for the big log, openssl sha1 of its record: hashing the
#     record's text, which the default run id needs
#   - a console log of about 1 GB, a kernel booting and running
#     kselftest (printk lines with timestamps, the runner's unstamped
#     TAP), with 1,000 results spread over it, about 2% failing with
#     their diagnostics: git results parse  vs  wc -l
# and, for a 2 MB log whose every case name needs mapping (so that every
# test keeps its original name in its reason), git results parse beside
# wc -l on that log.
# wall time (mean over repeats for the small log), for the big log also
# CPU time (user + system: the machine is shared, and wall time counts
# the others' work too), and peak memory (/usr/bin/time's maximum
# resident set size).  The logs are deleted afterwards.  The console log
# is written by gen-log.c, which the script builds with ${CC:-cc} in its
# temporary directory.
#
# Targets: the KUnit-shaped 2 MB log under 20 ms and 16 MB (issue 19),
# the sorted one under 15 ms, the 1 GB log within 3x of wc -l, peak
# memory under 32 MB whatever the size (issue 3); the sparse console
# log within 2x of wc -l and under 8 MB (issue 19).  The dense 1 GB log
# is information: nobody produces one, and its cost is bound by hashing
# a 1.4 GB record.
#
# Usage: t/perf/p2000-parse.sh [suites-of-the-big-log] [console-MB]
# (defaults 520000 and 1024; 0 skips that log)
set -e

BIG_SUITES=${1:-520000}
CONSOLE_MB=${2:-1024}
SRC_DIR=$(cd "$(dirname "$0")/../.." && pwd)
PATH=$SRC_DIR/bin:$PATH
LC_ALL=C
SOURCE_DATE_EPOCH=1700000000
export PATH LC_ALL SOURCE_DATE_EPOCH
TIME=/usr/bin/time

WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2000.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

now_ns() { date +%s%N; }

# mean_us <repeat> <command...>: mean wall time in microseconds
mean_us() {
	n=$1
	shift
	start=$(now_ns)
	i=0
	while test $i -lt "$n"; do
		"$@" >/dev/null
		i=$((i + 1))
	done
	end=$(now_ns)
	echo $(( (end - start) / n / 1000 ))
}

# peak_kb <command...>: maximum resident set size in KiB
peak_kb() {
	"$TIME" -f %M -o "$WORK/rss" "$@" >/dev/null
	tail -1 "$WORK/rss"
}

# ktap <suites> [<case name format>]: 100 cases per suite, as KUnit
# prints them (the cases are the same in every suite: written once)
ktap() {
	awk -v n="$1" -v case_name="${2:-case_%03d}" 'BEGIN {
		for (c = 1; c <= 100; c++)
			cases = cases sprintf("    ok %d " case_name "\n", c, c)
		print "KTAP version 1"
		printf "1..%d\n", n
		for (s = 1; s <= n; s++)
			printf "    KTAP version 1\n    # Subtest: suite_%07d\n    1..100\n%sok %d suite_%07d\n", s, cases, s, s
	}'
}

# kunit <suites>: 100 cases per suite as KUnit prints a run: case_1 to
# case_100 in the order they ran, the suites shuffled, about 2% of the
# cases failing with the lines KUnit prints before "not ok"
kunit() {
	awk -v n="$1" 'BEGIN {
		srand(42)
		for (s = 1; s <= n; s++)
			order[s] = s
		for (s = n; s > 1; s--) {
			j = int(rand() * s) + 1
			t = order[s]; order[s] = order[j]; order[j] = t
		}
		print "KTAP version 1"
		printf "1..%d\n", n
		for (i = 1; i <= n; i++) {
			s = order[i]
			printf "    KTAP version 1\n    # Subtest: suite_%d\n    # module: suite_%d_test\n    1..100\n", s, s
			failed = 0
			for (c = 1; c <= 100; c++) {
				if (rand() < 0.02) {
					printf "    # case_%d: EXPECTATION FAILED at lib/suite_%d_test.c:%d\n", c, s, 100 + c
					printf "    Expected ret == 0, but\n        ret == -22 (0xffffffffffffffea)\n"
					printf "    not ok %d case_%d\n", c, c
					failed = 1
				} else
					printf "    ok %d case_%d\n", c, c
			}
			printf "%s %d suite_%d\n", failed ? "not ok" : "ok", i, s
		}
	}'
}

row() {
	# row <what> <us> <kb> <anchor us> <anchor kb>
	awk -v what="$1" -v a="$2" -v m="$3" -v b="$4" -v n="$5" 'BEGIN {
		printf "%-30s %10.1f ms %7.1f MB   wc -l %8.1f ms %5.1f MB   ratio %6.1f\n",
			what, a / 1000, m / 1024, b / 1000, n / 1024, a / b
	}'
}

# log_row <what> <log>: one row for `git results parse <log>` beside
# `wc -l <log>`, then deletes the log
log_row() {
	wc_us=$(mean_us 50 wc -l "$2")
	wc_kb=$(peak_kb wc -l "$2")
	us=$(mean_us 30 git results parse "$2")
	kb=$(peak_kb git results parse "$2")
	row "$1" "$us" "$kb" "$wc_us" "$wc_kb"
	rm -f "$2"
}

git results parse /dev/null >/dev/null 2>&1 || true	# warm the binary
kunit 1000 >"$WORK/kunit.ktap"
echo "# KUnit-shaped log: $(wc -c <"$WORK/kunit.ktap") bytes, $(wc -l <"$WORK/kunit.ktap") lines"
log_row "parse 2 MB KUnit-shaped" "$WORK/kunit.ktap"

ktap 1000 >"$WORK/small.ktap"
size=$(wc -c <"$WORK/small.ktap")
echo "# small log: $size bytes, $(wc -l <"$WORK/small.ktap") lines"
wc_us=$(mean_us 50 wc -l "$WORK/small.ktap")
wc_kb=$(peak_kb wc -l "$WORK/small.ktap")
us=$(mean_us 30 git results parse "$WORK/small.ktap")
kb=$(peak_kb git results parse "$WORK/small.ktap")
row "parse 2 MB sorted (100,000)" "$us" "$kb" "$wc_us" "$wc_kb"
us=$(mean_us 30 git results parse --run r "$WORK/small.ktap")
kb=$(peak_kb git results parse --run r "$WORK/small.ktap")
row "parse --run 2 MB" "$us" "$kb" "$wc_us" "$wc_kb"
us=$(mean_us 30 git results parse --to json "$WORK/small.ktap")
kb=$(peak_kb git results parse --to json "$WORK/small.ktap")
row "parse --to json 2 MB" "$us" "$kb" "$wc_us" "$wc_kb"
rm -f "$WORK/small.ktap"

# Every case name needs mapping ("case 001 (x)"), so every test keeps its
# original name in its reason: the cost of the names that change.
ktap 1000 "case %03d (x)" >"$WORK/renamed.ktap"
log_row "parse 2 MB, every name mapped" "$WORK/renamed.ktap"

# timed <command...>: "wall-us cpu-us peak-kb" of one run
timed() {
	"$TIME" -f "%e %U %S %M" -o "$WORK/t" "$@" >/dev/null
	tail -1 "$WORK/t" | awk '{ printf "%d %d %d\n", $1 * 1e6, ($2 + $3) * 1e6, $4 }'
}

big_row() {
	# big_row <what> <ours: wall cpu kb> <wc: wall cpu kb>
	awk -v what="$1" -v a="$2" -v c="$3" -v m="$4" -v b="$5" -v d="$6" -v n="$7" 'BEGIN {
		printf "%-18s wall %7.2f s cpu %7.2f s %5.1f MB   wc -l wall %5.2f s cpu %5.2f s %4.1f MB   ratio wall %5.1f cpu %5.1f\n",
			what, a / 1e6, c / 1e6, m / 1024, b / 1e6, d / 1e6, n / 1024, a / b, (d > 0 ? c / d : 0)
	}'
}

if test "$BIG_SUITES" -gt 0; then
	echo "# generating the big log ($BIG_SUITES suites)" >&2
	ktap "$BIG_SUITES" >"$WORK/big.ktap"
	size=$(wc -c <"$WORK/big.ktap")
	echo "# big log: $size bytes, $(wc -l <"$WORK/big.ktap") lines"
	wc -l "$WORK/big.ktap" >/dev/null	# into the page cache, for both
	set -- $(timed wc -l "$WORK/big.ktap")
	wc_wall=$1 wc_cpu=$2 wc_kb=$3
	set -- $(timed git results parse "$WORK/big.ktap")
	big_row "parse 1 GB" "$1" "$2" "$3" "$wc_wall" "$wc_cpu" "$wc_kb"
	set -- $(timed git results parse --run r "$WORK/big.ktap")
	big_row "parse --run 1 GB" "$1" "$2" "$3" "$wc_wall" "$wc_cpu" "$wc_kb"

	# The floor a record of every test has, whatever its parser: hashing
	# its text, as the default run id does and as `add` does to store
	# it, by OpenSSL's SHA-1, which uses the CPU's SHA instructions (as
	# ours does).  git hash-object, whose SHA-1 also looks for collision
	# attacks, took 33 s over it: that row went when run.sh had to fit in
	# 10 minutes (issue 19).
	if command -v openssl >/dev/null; then
		git results parse --run r "$WORK/big.ktap" >"$WORK/big.record"
		rm -f "$WORK/big.ktap"
		echo "# its record: $(wc -c <"$WORK/big.record") bytes"
		set -- $(timed openssl sha1 "$WORK/big.record")
		big_row "openssl sha1" "$1" "$2" "$3" "$wc_wall" "$wc_cpu" "$wc_kb"
		rm -f "$WORK/big.record"
	fi
	rm -f "$WORK/big.ktap"
fi

# sparse <MB> <results>: a console log of about <MB> MB as a kernel
# prints it while kselftest runs: printk lines with their timestamps,
# the runner's TAP unstamped as it reaches the serial console, the
# results spread evenly, about 2% failing after their diagnostics (awk's
# rand() picks them; gen-log.c writes the lines, see there)
sparse() {
	"$WORK/gen-log" kselftest "$1" "$(awk -v n="$2" 'BEGIN {
		srand(7)
		for (i = 0; i < n; i++)
			printf "%d", rand() < 0.02
	}')"
}

if test "$CONSOLE_MB" -gt 0; then
	${CC:-cc} -O2 -o "$WORK/gen-log" "$SRC_DIR/t/perf/gen-log.c"
	echo "# generating a $CONSOLE_MB MB console log with 1,000 kselftest results" >&2
	sparse "$CONSOLE_MB" 1000 >"$WORK/console.log"
	echo "# console log: $(wc -c <"$WORK/console.log") bytes, $(wc -l <"$WORK/console.log") lines"
	git results parse "$WORK/console.log" >"$WORK/console.record"
	grep -q "^counts FAIL=$(grep -c '^not ok' "$WORK/console.log") ERROR=0 MISS=0 PASS=" "$WORK/console.record" || {
		echo "wrong results for the console log" >&2
		exit 1
	}
	wc -l "$WORK/console.log" >/dev/null	# into the page cache, for both
	set -- $(timed wc -l "$WORK/console.log")
	wc_wall=$1 wc_cpu=$2 wc_kb=$3
	set -- $(timed git results parse "$WORK/console.log")
	big_row "parse console 1 GB" "$1" "$2" "$3" "$wc_wall" "$wc_cpu" "$wc_kb"
	rm -f "$WORK/console.log"
fi
