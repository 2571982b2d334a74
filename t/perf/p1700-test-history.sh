#!/bin/sh
# The history of a test (issue: what regressed, since when): `log --test`
# over 20,000 noted commits and `bisect` over a 10,000-commit range, each
# side by side with `git log --notes=results --format=%h` over the same
# commits, which reads every note too.
#
# Each record is KUnit-like: a few hundred tests in a few suites, a few
# of them failing now and then, and one test that starts
# failing 1,500 commits before the tip, with a quarter of the commits
# untested.
#
# Usage: t/perf/p1700-test-history.sh [commits [tests per record]]
set -e

PERF_NAME=p1700
. "$(dirname "$0")/perf-lib.sh"

commits=${1:-25000}
tests=${2:-300}
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

echo "p1700-test-history: log --test and bisect, $tests tests a record"
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
		split("kunit.ext4_inode_test kunit.list-kunit-test kunit.mm_memblock kunit.sysctl_test kunit.time_test_cases", suites, " ")
	}
	{
		i = n - NR + 1		# the commit number, 1 the oldest
		if (i % 5 == 0)
			next		# untested
		body = ""; fail = 0; pass = 0
		for (t = 0; t < tests; t++) {
			path = sprintf("%s.case_%03d", suites[t % 5 + 1], t)
			failing = (t == 7 && i > n - 1500) || (t % 97 == 13 && (i + t) % 11 == 0)
			if (failing) { st = "FAIL"; fail++ } else { st = "PASS"; pass++ }
			line[t] = st " " path
		}
		# the lines sorted by path, as a canonical record has them
		for (s = 1; s <= 5; s++)
			for (t = s - 1; t < tests; t += 5)
				body = body line[t] "\n"
		r = "results 1\ncommit " $1 "\ntree " $2 "\norigin perf\nrun r" i "\n" \
		    "date 2023-11-14T22:13:20Z\nenv arch x86_64\n" \
		    "status " (fail ? "FAIL" : "PASS") "\n" \
		    "counts FAIL=" fail " ERROR=0 MISS=0 PASS=" pass " DONE=0 SKIP=0\n\n" body
		print "N inline " $1; printf "data %d\n%s\n", length(r), r
	}' | build_import --quiet
git gc -q

# log --test over the 20,000 noted commits of the 25,000
set -- $(time_pair 3 1 "git results log --test kunit.mm_memblock.case_007 main >/dev/null" \
	"git log --notes=results --format=%h main >/dev/null")
report "log --test, $((commits * 4 / 5)) noted" "$1" "$2" "git log --notes"

# bisect over the last 10,000 commits
good=$(git rev-parse "main~10000")
set -- $(time_pair 3 1 "git results bisect kunit.mm_memblock.case_007 $good main >/dev/null" \
	"git log --notes=results --format=%h $good..main >/dev/null")
report "bisect, 10000-commit range" "$1" "$2" "git log --notes (range)"
git results bisect kunit.mm_memblock.case_007 "$good" main | tail -n 1
