#!/bin/sh
# Input format benchmark (issue: formats, JUnit and LAVA).  Measures, side
# by side in the same run, wall time and peak memory of:
#   - a JUnit file with many test cases:   git results parse  vs  wc -l, xmllint --stream
#   - a JUnit file with huge captured output (few tests): the same
#   - the many tests as JUnit git results writes, read back into their
#     record:                              git results parse  vs  the same
#                                          document read as foreign JUnit,
#                                          xmllint --stream
#   - a console log whose LAVA signals come at its very end, detected
#     with --format=auto:                  git results parse  vs  wc -l
# Peak memory should not grow with the size of the input, only with the
# number of tests (the record holds them).
#
# Usage: t/perf/p2100-formats.sh [tests] [output MB] [console MB]
set -e

TESTS=${1:-100000}
OUTPUT_MB=${2:-256}
CONSOLE_MB=${3:-1024}
SRC_DIR=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${PERF_DIR:-$SRC_DIR/t/perf/build}/p2100
PATH=$SRC_DIR/bin:$PATH
LC_ALL=C
SOURCE_DATE_EPOCH=1700000000
export PATH LC_ALL SOURCE_DATE_EPOCH

# measure <command...>: "<seconds> <peak kB>", the best wall time of 3 runs
measure() {
	best=
	for i in 1 2 3; do
		start=$(date +%s%N)
		/usr/bin/time -f "%M" -o "$WORK/rss" "$@" >/dev/null 2>&1 || {
			echo "failed: $*" >&2
			exit 1
		}
		ns=$(( $(date +%s%N) - start ))
		if test -z "$best" || test "$ns" -lt "$best"; then
			best=$ns
			rss=$(cat "$WORK/rss")
		fi
	done
	echo "$(awk -v ns="$best" 'BEGIN { printf "%.4f", ns / 1e9 }') $rss"
}

report() {
	# report <what> <size> <ours> <anchor name> <anchor>
	set -- "$1" "$2" $3 "$4" $5
	awk -v what="$1" -v size="$2" -v t="$3" -v m="$4" -v anchor="$5" -v at="$6" -v am="$7" 'BEGIN {
		printf "%-28s %7.1f MB  ours %7.3f s %7.1f MB   %-16s %7.3f s %7.1f MB  ratio %.2f\n",
			what, size / 1048576, t, m / 1024, anchor, at, am / 1024, (at > 0 ? t / at : 0)
	}'
}

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"
# the inputs are large: do not leave them behind
trap 'rm -rf "$WORK"' EXIT INT TERM

echo "# writing a JUnit file of $TESTS test cases" >&2
awk -v n="$TESTS" 'BEGIN {
	print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	print "<testsuites>"
	for (s = 0; s < n / 100; s++) {
		printf "<testsuite name=\"org.example.Suite%d\" tests=\"100\">\n", s
		for (i = 0; i < 100; i++) {
			printf "  <testcase classname=\"org.example.Suite%d\" name=\"test_%d\" time=\"0.001\"", s, i
			if (i % 50 == 7)
				printf "><failure message=\"expected %d\" type=\"AssertionError\">at org.example.Suite%d.test_%d(Suite.java:%d)</failure></testcase>\n", i, s, i, i
			else if (i % 50 == 9)
				printf "><skipped message=\"not here\"/></testcase>\n"
			else
				printf "/>\n"
		}
		print "</testsuite>"
	}
	print "</testsuites>"
}' >many.xml

echo "# writing a JUnit file with $OUTPUT_MB MB of captured output" >&2
awk -v mb="$OUTPUT_MB" 'BEGIN {
	line = "    at org.example.Deep.frame(Deep.java:42) &amp; some &lt;escaped&gt; text to make it longer"
	per_case = int(mb * 1048576 / 1000 / (length(line) + 1))
	print "<testsuites><testsuite name=\"big\">"
	for (c = 0; c < 1000; c++) {
		printf "<testcase classname=\"big.Output\" name=\"case_%d\">", c
		if (c % 100 == 0)
			printf "<failure message=\"boom %d\">", c
		else
			printf "<system-out>"
		for (i = 0; i < per_case; i++)
			print line
		if (c % 100 == 0)
			print "</failure></testcase>"
		else
			print "</system-out></testcase>"
	}
	print "</testsuite></testsuites>"
}' >output.xml

echo "# writing a $CONSOLE_MB MB console log with LAVA signals at its end" >&2
# 64-byte boot messages, then 100 LAVA test cases (gen-log.c: awk's
# printf of each line took 20 s)
${CC:-cc} -O2 -o gen-log "$SRC_DIR/t/perf/gen-log.c"
./gen-log lava "$CONSOLE_MB" >console.log

git results parse many.xml >many.out
grep -q "^counts FAIL=$((TESTS / 50)) " many.out || { echo "wrong results for many.xml" >&2; exit 1; }
git results parse output.xml >output.out
grep -q "^counts FAIL=10 ERROR=0 MISS=0 PASS=990 " output.out || { echo "wrong results for output.xml" >&2; exit 1; }
git results parse console.log >console.out
git results parse --to junit many.xml >ours.xml
sed 's/<testsuites name="git results"/<testsuites name="foreign"/' ours.xml >foreign.xml
git results parse ours.xml | cmp -s - many.out || { echo "ours.xml does not read back as many.xml" >&2; exit 1; }
grep -q "^counts FAIL=10 ERROR=0 MISS=0 PASS=90 " console.out || { echo "wrong results for console.log" >&2; exit 1; }

for f in many.xml output.xml; do
	size=$(wc -c <"$f")
	ours=$(measure git results parse "$f")
	report "junit $f" "$size" "$ours" "wc -l" "$(measure wc -l "$f")"
	report "junit $f" "$size" "$ours" "xmllint --stream" "$(measure xmllint --stream --noout "$f")"
done
size=$(wc -c <ours.xml)
ours=$(measure git results parse ours.xml)
report "junit ours.xml (read back)" "$size" "$ours" "read as foreign" "$(measure git results parse foreign.xml)"
report "junit ours.xml (read back)" "$size" "$ours" "xmllint --stream" "$(measure xmllint --stream --noout ours.xml)"
size=$(wc -c <console.log)
report "lava console.log (auto)" "$size" "$(measure git results parse console.log)" "wc -l" "$(measure wc -l console.log)"
