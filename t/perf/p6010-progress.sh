#!/bin/sh
# What the progress meters of summary and sync cost, each command with
# --progress (GIT_PROGRESS_DELAY=0, so every meter draws) beside the
# same command with --no-progress, measured in turns in the same run, on
# p6000's repository shape (50,000 commits, results on 20,000) with a
# merge every 50 commits:
#   - summary of the whole history (counting 51,000 commits, then 1,000
#     merges on the first-parent line), in wall time: its quarter of a
#     second is too short for CPU time's 10 ms steps;
#   - sync push --dry-run of 10,000 records (100,000 results), in CPU time;
#   - sync pull --dry-run of 100 commits from the loopback KCIDB stand-in
#     (contrib/kcidb-mock), in wall time: the stand-in, which takes some
#     60 ms per answer, dominates.
# Target: meters cost under 5%, as for add and log (p6000).
#
# Usage: t/perf/p6010-progress.sh [commits] [annotated]
set -e

COMMITS=${1:-50000}
ANNOTATED=${2:-20000}
PERF_NAME=p6010
. "$(dirname "$0")/perf-lib.sh"
unset GIT_PAGER PAGER GIT_PROGRESS_DELAY KCIDB_REST
if test -x /usr/bin/python3; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi

# cpu_one <command...>: user and system CPU time of one run in
# microseconds (GNU time, 10 ms steps)
cpu_one() {
	/usr/bin/time -f '%U %S' -o "$WORK/cpu" "$@" >/dev/null 2>&1
	awk '{ printf "%d\n", ($1 + $2) * 1000000 }' "$WORK/cpu"
}

# wall_one <command...>: wall time of one run in microseconds
wall_one() {
	start=$(now_ns)
	"$@" >/dev/null 2>&1
	echo "$(( ($(now_ns) - start) / 1000 ))"
}

# best_pair <timer> <repeat> <command A> -- <command B>: runs A and B in
# turns, so that both see the same load, and prints the fastest run of
# each (the least disturbed by the other users of the machine).
best_pair() {
	timer=$1 n=$2
	shift 2
	a=''
	for arg in "$@"; do
		shift
		test "$arg" = -- && break
		a="$a '$arg'"
	done
	best_a='' best_b='' i=0
	while test $i -lt "$n"; do
		t=$(eval "$timer $a")
		if test -z "$best_a" || test "$t" -lt "$best_a"; then best_a=$t; fi
		t=$($timer "$@")
		if test -z "$best_b" || test "$t" -lt "$best_b"; then best_b=$t; fi
		i=$((i + 1))
	done
	echo "$best_a $best_b"
}

# show <what> "<with_us> <without_us>"
show() {
	awk -v what="$1" -v a="${2% *}" -v b="${2#* }" 'BEGIN {
		printf "%-44s %9.2f ms  --no-progress %9.2f ms  ratio %.3f\n",
			what, a / 1000, b / 1000, a / b
	}'
}

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

echo "# building $COMMITS commits, a merge every 50" >&2
git init -q -b main repo
cd repo
awk -v n="$COMMITS" 'BEGIN {
	for (i = 1; i <= n; i++) {
		t = 1600000000 + 2 * i
		if (i % 50 == 0) {
			printf "commit refs/heads/side\nmark :%d\ncommitter perf <perf@example.com> %d +0000\n", n + i, t
			printf "data 4\nside\nfrom :%d\nM 644 inline side\ndata %d\n%d\n\n", i - 1, length(i "") + 1, i
		}
		printf "commit refs/heads/main\nmark :%d\ncommitter perf <perf@example.com> %d +0000\n", i, t + 1
		msg = i % 50 ? "commit " i : "Merge side " i
		printf "data %d\n%s\n", length(msg), msg
		if (i > 1)
			printf "from :%d\n", i - 1
		if (i % 50 == 0)
			printf "merge :%d\n", n + i
		printf "M 644 inline file\ndata %d\n%d\n\n", length(i "") + 1, i
	}
}' | build_import --quiet
git rev-list --first-parent main | awk -v n="$ANNOTATED" -v total="$COMMITS" \
	'BEGIN { step = total / n } NR % int(step) == 0 && c < n { print; c++ }' |
	sed "s|\$| $SRC_DIR/t/data/kunit-failure.ktap|" >../batch
git results add -q --batch --origin perf --env arch=x86_64 --date @1700000000 <../batch
git config results.kcidb.origin perf_lab
git config results.kcidb.gitUrl https://git.example.org/pub/linux.git
git config results.kcidb.branch main
git config results.origin perf
git gc -q
export GIT_PROGRESS_DELAY=0

echo "# summary" >&2
summary=$(best_pair wall_one 7 git results summary --progress main -- \
	git results summary --no-progress main)
merges=$(git results summary --json main 2>/dev/null | "$PYTHON" -c 'import json, sys; print(len(json.load(sys.stdin)["merges"]))')

echo "# sync push --dry-run" >&2
range=main~20000..main
records=$(git results log --json "$range" | "$PYTHON" -c 'import json, sys; print(sum(c["records"] for c in json.load(sys.stdin)))')
push=$(best_pair cpu_one 3 git results sync push --dry-run --progress "$range" -- \
	git results sync push --dry-run --no-progress "$range")

echo "# sync pull --dry-run from the loopback stand-in" >&2
"$PYTHON" "$SRC_DIR/contrib/kcidb-mock/kcidb-mock.py" serve --state ../mock --port-file ../mock.port \
	--ingest-interval 0.1 --schema "$SRC_DIR/../shared/kcidb/schema-v5.3.json" >../mock.out 2>&1 &
mock_pid=$!
trap 'kill $mock_pid 2>/dev/null' EXIT
while ! test -s ../mock.port; do sleep 0.1; done
"$PYTHON" "$SRC_DIR/contrib/kcidb-mock/kcidb-mock.py" token --origin perf_lab >../token
chmod 600 ../token
url="http://127.0.0.1:$(cat ../mock.port)"
git config results.kcidb.url "$url"
git config results.kcidb.dashboardUrl "$url"
git config results.kcidb.tokenFile ../token
git config results.kcidb.pollInterval 0.1
git results sync push -q main~100..main
pull=$(best_pair wall_one 2 git results sync pull --dry-run --progress main~100..main -- \
	git results sync pull --dry-run --no-progress main~100..main)
found=$(git results sync pull --dry-run --no-progress main~100..main 2>&1 >/dev/null |
	sed -n 's/^would add [0-9]* new records\{0,1\} of \([0-9]*\) found.*/\1/p')

echo "p6010-progress: $COMMITS commits (and $((COMMITS / 50)) merged side commits), $(wc -l <../batch) with results"
echo "(fastest of several runs taken in turns; push in CPU time, summary and pull in wall time)"
show "summary --progress (all history, $merges merges)" "$summary"
show "sync push --dry-run --progress ($records records)" "$push"
show "sync pull --dry-run --progress ($found records)" "$pull"
