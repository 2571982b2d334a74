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

# Wall time depends on what else the machine runs: each benchmark's line
# also gives its CPU time (user + system, of all its processes) and the
# load average when it started.
now_s() { date +%s; }
load() { cut -d' ' -f1 /proc/loadavg; }
cpu_file=${TMPDIR:-/tmp}/perf-run.$$
trap 'rm -f "$cpu_file"' EXIT

total=$(now_s)
total_load=$(load)
total_cpu=0
failed=
for p in p[0-9]*.sh; do
	start=$(now_s)
	start_load=$(load)
	case $p in
	p0010-scale.sh)
		set -- 50000 10000 1000 1 ;;
	*)
		set -- ;;
	esac
	/usr/bin/time -f '%U %S' -o "$cpu_file" sh "./$p" "$@"
	ret=$?
	cpu=$(awk '{ s = $1 + $2 } END { printf "%d", s + 0.5 }' "$cpu_file")
	total_cpu=$((total_cpu + cpu))
	line="# $p: $(( $(now_s) - start )) s (CPU $cpu s, load $start_load)"
	if test $ret = 0; then
		echo "$line"
	else
		echo "$line, failed (exit $ret)"
		failed="$failed $p"
	fi
done
echo "# all benchmarks: $(( $(now_s) - total )) s (CPU $total_cpu s, load $total_load at the start, $(load) at the end)"
if test -n "$failed"; then
	echo "error: failed:$failed" >&2
	exit 1
fi
