#!/bin/sh
# make perf: every benchmark, each printing its side-by-side figures and
# then its own wall time, and the total at the end (issue 19: under 10
# minutes on the project's 2-core machine).
#
# Every benchmark runs at its default sizes but p0010-scale.sh, whose
# published sizes (1,000,000 commits, results on 200,000) take 15 to 30
# minutes by themselves: here it builds 50,000 commits with results on
# 10,000.  Run it alone for the README's table.
set -e
cd "$(dirname "$0")"

now_s() { date +%s; }

total=$(now_s)
for p in p[0-9]*.sh; do
	start=$(now_s)
	case $p in
	p0010-scale.sh)
		sh "./$p" 50000 10000 1000 ;;
	*)
		sh "./$p" ;;
	esac
	echo "# $p: $(( $(now_s) - start )) s"
done
echo "# all benchmarks: $(( $(now_s) - total )) s"
