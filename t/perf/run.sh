#!/bin/sh
# make perf: every benchmark, each printing its side-by-side figures and
# then its own wall time, and the total at the end (issue 19: under 10
# minutes on the project's 2-core machine).  A benchmark that fails (some
# check a target and fail when it is missed) does not stop the others;
# run.sh then fails at the end, naming it.
#
# Every benchmark runs at its default sizes but p0010-scale.sh, whose
# published sizes (1,000,000 commits, results on 200,000) take 15 to 30
# minutes by themselves: here it builds 50,000 commits with results on
# 10,000, and times each pair in one round.  Run it alone for the
# README's table.
cd "$(dirname "$0")" || exit 1

now_s() { date +%s; }

total=$(now_s)
failed=
for p in p[0-9]*.sh; do
	start=$(now_s)
	case $p in
	p0010-scale.sh)
		sh "./$p" 50000 10000 1000 1 ;;
	*)
		sh "./$p" ;;
	esac
	ret=$?
	if test $ret = 0; then
		echo "# $p: $(( $(now_s) - start )) s"
	else
		echo "# $p: $(( $(now_s) - start )) s, failed (exit $ret)"
		failed="$failed $p"
	fi
done
echo "# all benchmarks: $(( $(now_s) - total )) s"
if test -n "$failed"; then
	echo "error: failed:$failed" >&2
	exit 1
fi
