#!/bin/sh
# What being a git citizen costs (issue 8), each figure beside its anchor
# measured in the same run, on p0001's repository shape (50,000 commits,
# results on 20,000):
#   - progress meters (GIT_PROGRESS_DELAY=0, so they draw) in add --batch
#     and log, against the same command with --no-progress;
#   - colour (--color=always) in show and log, against --no-color;
#   - the pager decision on a terminal (config read, GIT_PAGER=cat so no
#     pager runs), against --no-pager, both under script(1).
# Targets: meters and colour cost under 5%; the pager decision under 1 ms.
# add and log are timed in CPU time, show in wall time.
#
# Usage: t/perf/p6000-citizen.sh [commits] [annotated]
set -e

COMMITS=${1:-50000}
ANNOTATED=${2:-20000}
PERF_NAME=p6000
. "$(dirname "$0")/perf-lib.sh"
TERM=xterm
export TERM
unset GIT_PAGER PAGER GIT_PROGRESS_DELAY

# time_one <command...>: wall time of one run in microseconds
time_one() {
	start=$(now_ns)
	"$@" >/dev/null 2>&1
	echo "$(( ($(now_ns) - start) / 1000 ))"
}

# cpu_one <command...>: user and system CPU time of one run in
# microseconds (GNU time, 10 ms steps): for the long commands, whose wall
# time other users of the machine disturb far more.
cpu_one() {
	/usr/bin/time -f '%U %S' -o "$WORK/cpu" "$@" >/dev/null 2>&1
	awk '{ printf "%d\n", ($1 + $2) * 1000000 }' "$WORK/cpu"
}

# time_pair <repeat> <command A> -- <command B>: runs A and B in turns, so
# both see the same load, and prints the fastest run of each (the least
# disturbed by the other users of the machine), in microseconds, as
# measured by $TIMER (time_one unless set).
time_pair() {
	n=$1
	shift
	a=''
	for arg in "$@"; do
		shift
		test "$arg" = -- && break
		a="$a '$arg'"
	done
	best_a='' best_b=''
	i=0
	while test $i -lt "$n"; do
		t=$(eval "${TIMER:-time_one} $a")
		if test -z "$best_a" || test "$t" -lt "$best_a"; then best_a=$t; fi
		t=$(${TIMER:-time_one} "$@")
		if test -z "$best_b" || test "$t" -lt "$best_b"; then best_b=$t; fi
		i=$((i + 1))
	done
	echo "$best_a $best_b"
}

# report <what> "<with_us> <without_us>" <anchor name>
report() {
	awk -v what="$1" -v a="${2% *}" -v b="${2#* }" -v anchor="$3" 'BEGIN {
		printf "%-30s %10.2f ms  %-24s %10.2f ms  ratio %.3f  (+%.2f ms)\n",
			what, a / 1000, anchor, b / 1000, a / b, (a - b) / 1000
	}'
}

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

echo "# building $COMMITS commits" >&2
git init -q -b main repo
cd repo
linear_history "$COMMITS"
git rev-list main | awk -v n="$ANNOTATED" -v total="$COMMITS" \
	'BEGIN { step = total / n } NR % int(step) == 0 && c < n { print; c++ }' >../annotated
sed "s|\$| $SRC_DIR/t/data/kunit-failure.ktap|" ../annotated >../batch

# add-batch <options>: one bulk add of the whole batch, from no notes (a
# script, so that GNU time can run it)
cat >../add-batch <<'EOF'
#!/bin/sh
git update-ref -d refs/notes/results 2>/dev/null
GIT_PROGRESS_DELAY=0 exec git results add -q --batch --origin perf --date @1700000000 "$@" <../batch
EOF
chmod +x ../add-batch

echo "# add --batch" >&2
add=$(TIMER=cpu_one time_pair 2 ../add-batch --progress -- ../add-batch --no-progress)
git gc -q

c=$(sed -n "$((ANNOTATED / 2))p" ../annotated)
export GIT_PROGRESS_DELAY=0
echo "# log" >&2
log=$(TIMER=cpu_one time_pair 3 git results log --progress --no-color -- \
	git results log --no-progress --no-color)
logc=$(TIMER=cpu_one time_pair 3 git results log --no-progress --color=always -- \
	git results log --no-progress --no-color)
loggit=$(TIMER=cpu_one time_pair 3 git results log --no-progress --no-color -- \
	git log --notes=results --format='%H %N')
echo "# show" >&2
show=$(time_pair 25 git results show --color=always "$c" -- git results show --no-color "$c")
showgit=$(time_pair 25 git results show --no-color "$c" -- git notes --ref=results show "$c")
tty=$(time_pair 15 env GIT_PAGER=cat script -qec "git results show $c" /dev/null -- \
	script -qec "git results --no-pager show $c" /dev/null)

echo "p6000-citizen: $COMMITS commits, $(wc -l <../annotated) with results"
echo "(fastest of several runs; add and log in CPU time, show in wall time)"
report "add --batch --progress" "$add" "--no-progress"
report "log --progress" "$log" "--no-progress"
report "log --color=always" "$logc" "--no-color"
report "log --no-color" "$loggit" "git log --notes"
report "show --color=always" "$show" "--no-color"
report "show --no-color" "$showgit" "git notes show"
report "show on a tty, pager decided" "$tty" "--no-pager"
