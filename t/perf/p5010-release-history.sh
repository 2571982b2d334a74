#!/bin/sh
# summary of a release on a history shaped as git.git's (issue 19):
# about 80,000 commits, most of the first-parent line merges of topic
# branches of two to four commits forked a little way back, an annotated
# tag every ~80 commits (three release candidates, then the release), a
# commit-graph as git gc writes it, and results on 20,000 first-parent
# commits.  Measures, side by side in the same run:
#   - summary <latest release>   vs  git log --notes=results over its range,
#                                    in wall time and in CPU time
#   - the same                   vs  git describe of the release's parent
#                                    (git's walk to the previous tag)
#   - the same without the commit-graph
# Target: summary under 150 ms.
#
# Usage: t/perf/p5010-release-history.sh [first-parent-commits] [tested]
set -e

MAINLINE=${1:-24000}
TESTED=${2:-20000}
# shellcheck disable=SC2034 # read by perf-lib.sh
PERF_NAME=p5010
. "$(dirname "$0")/perf-lib.sh"

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"
git init -q -b master repo
cd repo

echo "# building a history of $MAINLINE first-parent commits" >&2
merge_history "$MAINLINE" ../release
release=$(cat ../release)

echo "# attaching results to $TESTED first-parent commits" >&2
# a KUnit-shaped record of 40 tests on each, one failing now and then
git rev-list --first-parent master >../first-parent
git log --first-parent --format='%H %T' master >../trees
head -n "$TESTED" ../trees | awk '
	BEGIN { print "commit refs/notes/results"
		print "committer perf <perf@example.com> 1700000000 +0000"; print "data 0"; srand(5) }
	{ fail = rand() < 0.1 ? 1 : 0; body = ""
	  for (c = 1; c <= 40; c++)
		body = body (c == 7 && fail ? "FAIL" : "PASS") " kunit.suite_" int(c / 10) ".case_" c "\n"
	  r = "results 1\ncommit " $1 "\ntree " $2 "\norigin perf\nrun r" NR "\n" \
	      "date 2023-11-14T22:13:20Z\nstatus " (fail ? "FAIL" : "PASS") "\n" \
	      "counts FAIL=" fail " ERROR=0 MISS=0 PASS=" (40 - fail) " DONE=0 SKIP=0\n\n" body
	  print "N inline " $1; printf "data %d\n%s\n", length(r), r }' |
	build_import --quiet
# what git gc leaves that summary reads: packed tags with their peeled
# ids, and the commit-graph
git pack-refs --all
git commit-graph write --reachable 2>/dev/null
commits=$(git rev-list --count master)
git results summary "$release" >../summary.txt
previous=$(awk '/^Previous:/ { print $2; exit }' ../summary.txt)
echo "p5010-release-history: $commits commits ($(wc -l <../first-parent) first-parent), $(git tag | wc -l) tags, $TESTED with results; summary of $release against $previous"

set -- $(time_pair 5 4 "git results summary $release" \
	"git log --notes=results --format='%H %N' $previous..$release")
report "summary <release>" "$1" "$2" "git log --notes=results <range>"
# cpu_us <runs> <command>: mean user + system time in microseconds (the
# machine is shared: wall time counts the others' work too)
cpu_us() {
	/usr/bin/time -f '%U %S' -o ../cpu sh -c "i=0; while test \$i -lt $1; do $2 >/dev/null 2>&1; i=\$((i + 1)); done"
	awk -v n="$1" '{ printf "%d\n", ($1 + $2) * 1000000 / n }' ../cpu
}
report "summary <release>, CPU time" "$(cpu_us 20 "git results summary $release")" \
	"$(cpu_us 20 "git log --notes=results --format='%H %N' $previous..$release")" \
	"git log --notes=results <range>"
set -- $(time_pair 5 4 "git results summary $release" "git describe $release^")
report "summary <release>" "$1" "$2" "git describe <release>^"
mv .git/objects/info/commit-graph ../commit-graph
set -- $(time_pair 3 2 "git results summary $release" "git describe $release^")
report "the same, no commit-graph" "$1" "$2" "git describe <release>^"
mv ../commit-graph .git/objects/info/commit-graph
