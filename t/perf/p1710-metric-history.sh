#!/bin/sh
# Measurements over history: `log --test` on a measured test (which reads
# each listed commit's records whole, to compare medians) and `bisect
# --metric` over the whole line, each side by side with `git log
# --notes=results --format=%h` over the same commits, which reads every
# note too; and `log --test` on a test without measurements in the same
# history, which is read as before.
#
# Each record has a few hundred tests, twenty of them benchmarks with a
# throughput in Mbit/s, three runs a commit; one benchmark drops 18% a
# quarter of the way back from the tip; a fifth of the commits are untested.
#
# Usage: t/perf/p1710-metric-history.sh [commits [tests per record]]
set -e

PERF_NAME=p1710
. "$(dirname "$0")/perf-lib.sh"

commits=${1:-2000}
tests=${2:-300}
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

echo "p1710-metric-history: log --test and bisect --metric, $tests tests a record, 3 runs a commit"
echo "# building $commits commits, 4 in 5 with results" >&2
git init -q -b main repo
cd repo
linear_history "$commits"
git commit-graph write --reachable 2>/dev/null
git log --format='%H %T' main | awk -v n="$commits" -v tests="$tests" '
	BEGIN {
		print "commit refs/notes/results"
		print "committer perf <perf@example.com> 1700000000 +0000"
		print "data 0"
	}
	{
		i = n - NR + 1		# the commit number, 1 the oldest
		if (i % 5 == 0)
			next		# untested
		note = ""
		for (run = 0; run < 3; run++) {
			body = ""
			for (t = 0; t < tests; t++) {
				path = sprintf("bench.case_%03d", t)
				if (t < 20) {
					v = (t == 7 && i > n - int(n / 4) ? 820 : 1000) + (i + run * 3 + t) % 7
					body = body "PASS " path " = " v " Mbit/s\n"
				} else {
					body = body "PASS " path "\n"
				}
			}
			r = "results 2\ncommit " $1 "\ntree " $2 "\norigin perf\nrun r" i "x" run "\n" \
			    "date 2023-11-14T22:13:20Z\nenv arch x86_64\n" \
			    "status PASS\ncounts FAIL=0 ERROR=0 MISS=0 PASS=" tests " DONE=0 SKIP=0\n\n" body
			note = note (run ? "\n" : "") r
		}
		print "N inline " $1; printf "data %d\n%s\n", length(note), note
	}' | git fast-import --quiet
git gc -q
git results show --to record main~1 >/dev/null	# the records are valid

noted=$((commits * 4 / 5))
set -- $(time_pair 3 1 "git results log --test bench.case_007 main >/dev/null" \
	"git log --notes=results --format=%h main >/dev/null")
report "log --test, measured, $noted noted" "$1" "$2" "git log --notes"

set -- $(time_pair 3 1 "git results log --test bench.case_150 main >/dev/null" \
	"git log --notes=results --format=%h main >/dev/null")
report "log --test, unmeasured, $noted noted" "$1" "$2" "git log --notes"

set -- $(time_pair 3 1 "git results bisect --metric bench.case_007 >/dev/null" \
	"git log --notes=results --format=%h main >/dev/null")
report "bisect --metric, $commits commits" "$1" "$2" "git log --notes"
git results bisect --metric bench.case_007 | tail -n 1
