#!/bin/sh
# Merge benchmark (issue: sharing).  Two notes refs of 20,000 notes that
# differ on 2,000 commits, merged side by side in the same run by
#   git results merge                        (records merged one by one)
#   git notes merge -s cat_sort_uniq         (git's own, line by line)
# in two cases: both sides added a record to the same 2,000 commits (every
# difference is a real merge of two notes), and each side added records
# to 1,000 commits of its own.  Both merges start from a freshly packed
# repository and write their new objects.  git notes merge is also timed
# a second time, when the objects it writes exist already (it then skips
# writing them): its best case.  Prints the mean times and the ratios
# (ours / git's; at most 1.0 is the target).
#
# Usage: t/perf/p4000-merge.sh [notes] [differing] [repeats]
set -e

NOTES=${1:-20000}
DIFFERING=${2:-2000}
REPEATS=${3:-2}
PERF_NAME=p4000
. "$(dirname "$0")/perf-lib.sh"

report() {
	# report <what> <ours_us> <git_us> <warm_us>
	awk -v what="$1" -v a="$2" -v b="$3" -v w="$4" 'BEGIN {
		printf "%-22s git results merge %7.1f ms | git notes merge -s cat_sort_uniq %7.1f ms, ratio %.2f | objects already written %7.1f ms, ratio %.2f\n",
			what, a / 1000, b / 1000, a / b, w / 1000, a / w
	}'
}

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

echo "# building $NOTES commits with results" >&2
git init -q -b main repo
cd repo
awk -v n="$NOTES" 'BEGIN {
	for (i = 1; i <= n; i++) {
		printf "commit refs/heads/main\ncommitter perf <perf@example.com> %d +0000\n", 1600000000 + i
		msg = "commit " i
		printf "data %d\n%s\n", length(msg), msg
		printf "M 644 inline file\ndata %d\n%d\n\n", length(i "") + 1, i
	}
}' | build_import --quiet
KTAP=$SRC_DIR/t/data/kunit-failure.ktap
SKIP=$SRC_DIR/t/data/kunit-skip.ktap
git rev-list main | sed "s|\$| $KTAP|" >../all
head -n "$DIFFERING" ../all | sed "s| .*| $SKIP|" >../differing
head -n $((DIFFERING / 2)) ../differing >../first-half
tail -n +$((DIFFERING / 2 + 1)) ../differing >../second-half

git results add -q --batch --ref base --origin lab --run nightly --date @1700000000 <../all
for side in ours theirs; do
	git update-ref refs/notes/$side refs/notes/base
	git results add -q --batch --ref $side --origin $side --run 1 --date @1700000000 <../differing
	git update-ref refs/notes/$side-half refs/notes/base
done
git results add -q --batch --ref ours-half --origin ours --run 1 --date @1700000000 <../first-half
git results add -q --batch --ref theirs-half --origin theirs --run 1 --date @1700000000 <../second-half
git gc -q

# fresh: forgets every merge made so far and packs what is left, so that
# the next merge writes all its objects into a repository that is one
# pack, as repositories usually are.  Neither merge can then find objects
# the other wrote.
fresh() {
	git update-ref -d refs/notes/m 2>/dev/null || :
	git update-ref -d refs/notes/g 2>/dev/null || :
	git repack -adq
	git prune
}

# measure <ours-ref> <theirs-ref>: sets the mean times ours_us (git
# results merge), git_us (git notes merge) and warm_us (git notes merge
# again, when the objects it writes exist already: git then skips writing
# them, which a real merge does not).
measure() {
	ours_us=0
	git_us=0
	warm_us=0
	i=0
	while test $i -lt "$REPEATS"; do
		fresh
		git update-ref refs/notes/g "refs/notes/$1"
		start=$(now_ns)
		git notes --ref=g merge -q -s cat_sort_uniq "$2"
		git_us=$((git_us + ($(now_ns) - start) / 1000))

		git update-ref refs/notes/g "refs/notes/$1"
		start=$(now_ns)
		git notes --ref=g merge -q -s cat_sort_uniq "$2"
		warm_us=$((warm_us + ($(now_ns) - start) / 1000))

		fresh
		git update-ref refs/notes/m "refs/notes/$1"
		start=$(now_ns)
		git results merge -q --ref m "$2"
		ours_us=$((ours_us + ($(now_ns) - start) / 1000))
		i=$((i + 1))
	done
	ours_us=$((ours_us / REPEATS))
	git_us=$((git_us / REPEATS))
	warm_us=$((warm_us / REPEATS))
}

check() {
	# The merge annotates every commit and kept every record.
	test "$(git notes --ref=m list | wc -l)" = "$NOTES"
	c=$(head -n 1 ../differing | cut -d' ' -f1)
	git notes --ref=m show "$c" >../merged-note
	test "$(grep -c '^results [1-9][0-9]*$' ../merged-note)" = "$1"
	test "$(git rev-list --no-walk --parents refs/notes/m | wc -w)" = 3
}

echo "# merging" >&2
measure ours theirs
check 3
report "same $DIFFERING commits" "$ours_us" "$git_us" "$warm_us"
measure ours-half theirs-half
check 2
report "$((DIFFERING / 2)) + $((DIFFERING / 2)) commits" "$ours_us" "$git_us" "$warm_us"
