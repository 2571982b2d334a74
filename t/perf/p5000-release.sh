#!/bin/sh
# Release workflow benchmark (issue 6).  Builds a history of COMMITS
# commits on the first-parent line with MERGES subsystem merges between
# two release tags, results on every third commit and on every merged
# tip, and two releases with TESTS tests each, then measures side by side
# in the same run:
#   - summary v1..v2          vs  git log --notes=results over the range
#   - diff of two releases    vs  git diff of the two notes (git's own text diff)
#   - format-patch of N commits  vs  git format-patch --always --no-walk of them
#   - am of those N messages  vs  git am --empty=keep of the same mbox
# Prints each pair and the ratio (ours / git's; below 1.0 means faster).
#
# Usage: t/perf/p5000-release.sh [commits] [merges] [tests] [mails]
set -e

COMMITS=${1:-20000}
MERGES=${2:-500}
TESTS=${3:-20000}
MAILS=${4:-500}
PERF_NAME=p5000
. "$(dirname "$0")/perf-lib.sh"

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"
git init -q -b main repo
cd repo

echo "# building $COMMITS commits with $MERGES merges" >&2
# Marks: :1 is v1; main commits are :2..; each merge brings in a
# two-commit side branch forked from the main line.
awk -v n="$COMMITS" -v m="$MERGES" 'BEGIN {
	t = 1600000000
	printf "commit refs/heads/main\nmark :1\ncommitter perf <perf@example.com> %d +0000\ndata 2\nv1\n\n", t++
	every = int(n / (m + 1)); mark = 1; side = 1000000; merges = 0
	for (i = 2; i <= n; i++) {
		if (merges < m && i % every == 0) {
			merges++
			printf "commit refs/heads/side\nmark :%d\ncommitter perf <perf@example.com> %d +0000\ndata 6\nside1\nfrom :%d\n\n", side, t++, mark
			printf "commit refs/heads/side\nmark :%d\ncommitter perf <perf@example.com> %d +0000\ndata 6\nside2\nfrom :%d\n\n", side + 1, t++, side
			printf "commit refs/heads/main\nmark :%d\ncommitter perf <perf@example.com> %d +0000\n", i, t++
			msg = "Merge branch tree" merges
			printf "data %d\n%s\nfrom :%d\nmerge :%d\n\n", length(msg), msg, mark, side + 1
			print side + 1 > "../tips"
			side += 2
		} else {
			msg = "commit " i
			printf "commit refs/heads/main\nmark :%d\ncommitter perf <perf@example.com> %d +0000\ndata %d\n%s\nfrom :%d\n\n", i, t++, length(msg), msg, mark
		}
		mark = i
	}
}' | build_import --quiet --export-marks=../marks
git tag -a -m v1 v1 "$(git rev-list --max-parents=0 main)"
git tag -a -m v2 v2 main

KTAP=$SRC_DIR/t/data/kunit-failure.ktap
git rev-list --first-parent main | awk 'NR % 3 == 0' >../tested
{
	cat ../tested
	awk 'NR == FNR { tip[":" $1] = 1; next } ($1 in tip) { print $2 }' ../tips ../marks
} | sed "s|\$| $KTAP|" >../batch
echo "# attaching $(wc -l <../batch) records" >&2
git results add -q --batch --origin perf --date @1700000000 <../batch

awk -v n="$TESTS" 'BEGIN { print "TAP version 13"; print "1.." n
	for (i = 1; i <= n; i++) print (i % 97 ? "ok " : "not ok ") i " test_" i }' >../old.tap
awk -v n="$TESTS" 'BEGIN { print "TAP version 13"; print "1.." n
	for (i = 1; i <= n; i++) print (i % 89 ? "ok " : "not ok ") i " test_" i }' >../new.tap
git results add -q --origin big --run v1 --env arch=x86_64 v1 ../old.tap
git results add -q --origin big --run v2 --env arch=x86_64 v2 ../new.tap
git gc -q

echo "# summary and diff" >&2
git results summary v1..v2 >../summary.txt
ours_summary=$(time_cmd 5 git results summary v1..v2)
theirs_summary=$(time_cmd 5 git log --notes=results --format='%H %N' v1..v2)
ours_diff=$(time_cmd 10 git results diff v1 v2)
old_note=$(git notes --ref=results list "v1^{commit}")
new_note=$(git notes --ref=results list "v2^{commit}")
theirs_diff=$(time_cmd 10 git diff "$old_note" "$new_note")

echo "# format-patch and am of $MAILS commits" >&2
# Commits with results, not merges: git format-patch skips merges.
# (into a file: head would stop git early, which xargs reports)
xargs git rev-list --no-walk --no-merges <../tested >../unmerged
head -n "$MAILS" ../unmerged >../mailed
xargs git results format-patch --stdout <../mailed >../results.mbox
xargs git format-patch --always --stdout --no-walk <../mailed >../git.mbox
ours_fp=$(time_cmd 5 sh -c 'xargs git results format-patch --stdout <../mailed')
theirs_fp=$(time_cmd 5 sh -c 'xargs git format-patch --always --stdout --no-walk <../mailed')

git init -q ../am-ours
git clone -q --no-local . ../am-theirs
(cd ../am-ours && git fetch -q ../repo main:main)
start=$(now_ns)
(cd ../am-ours && git results am -q ../results.mbox)
ours_am=$(( ($(now_ns) - start) / 1000 ))
start=$(now_ns)
(cd ../am-theirs && git am -q --empty=keep ../results.mbox)
theirs_am=$(( ($(now_ns) - start) / 1000 ))
(cd ../am-ours && git notes --ref=results list | wc -l) >../am-count
test "$(grep -c '^From [0-9a-f]* Mon Sep 17' ../git.mbox)" = "$MAILS"
test "$(grep -c '^From [0-9a-f]* Mon Sep 17' ../results.mbox)" = "$MAILS"

echo "p5000-release: $COMMITS commits, $MERGES merges, $(wc -l <../batch) records, $TESTS tests per release, $MAILS mails ($(cat ../am-count) notes after am)"
report "summary v1..v2" "$ours_summary" "$theirs_summary" "git log --notes=results v1..v2"
report "diff of two $TESTS-test releases" "$ours_diff" "$theirs_diff" "git diff of the two notes"
report "format-patch $MAILS commits" "$ours_fp" "$theirs_fp" "git format-patch --always --no-walk"
report "am $MAILS messages" "$ours_am" "$theirs_am" "git am --empty=keep"
