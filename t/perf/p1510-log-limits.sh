#!/bin/sh
# log's limits benchmark (issue 17): a linear history of 30,000 commits,
# 20,000 of them with results of one origin and environment, 5,000 with a
# second record of another origin and environment.  Measures, side by
# side with git log --notes=results over the same commits:
#   - log over all, and with --origin and --env (the fast path reads the
#     origin and env lines, no record is parsed whole);
#   - --status FAIL, --author, --since and -n, --untested.
# Prints each pair and the ratio (ours / git's; below 1.0 means faster).
#
# Usage: t/perf/p1510-log-limits.sh [commits] [annotated]
set -e

COMMITS=${1:-30000}
ANNOTATED=${2:-20000}
PERF_NAME=p1510
. "$(dirname "$0")/perf-lib.sh"

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

echo "# building $COMMITS commits" >&2
git init -q -b main repo
cd repo
linear_history "$COMMITS"
git rev-list main | awk -v n="$ANNOTATED" -v total="$COMMITS" \
	'BEGIN { step = total / n } int(NR * n / total) > c && c < n { print; c++ }' >../annotated
echo "# $(wc -l <../annotated) commits get results" >&2
awk -v d="$SRC_DIR/t/data" 'NR % 7 == 0 { print $1 " " d "/kunit-failure.ktap"; next }
	{ print $1 " " d "/kunit-skip.ktap" }' ../annotated >../batch.ci
awk -v d="$SRC_DIR/t/data" 'NR % 4 == 0 { print $1 " " d "/kunit-skip.ktap" }' ../annotated >../batch.lab
git results add -q --batch --origin ci --env arch=x86_64 --date @1700000000 <../batch.ci
git results add -q --batch --origin lab --env arch=arm64 --date @1700000000 <../batch.lab
git gc -q
git results log >/dev/null

since=$((1600000000 + COMMITS / 2))
set -- $(time_pair 2 2 'git results log' "git log --notes=results --format='%H %N'")
all_ours=$1 all_theirs=$2
set -- $(time_pair 2 2 'git results log --origin=lab --env=arch=arm64' \
	"git log --notes=results --format='%H %N'")
filter_ours=$1 filter_theirs=$2
set -- $(time_pair 2 2 'git results log --status=FAIL' "git log --notes=results --format='%H %N'")
status_ours=$1 status_theirs=$2
set -- $(time_pair 2 2 'git results log --author=perf' \
	"git log --notes=results --author=perf --format='%H %N'")
author_ours=$1 author_theirs=$2
set -- $(time_pair 2 2 "git results log --since=@$since" \
	"git log --notes=results --since=@$since --format='%H %N'")
since_ours=$1 since_theirs=$2
set -- $(time_pair 2 5 'git results log -n 20' "git log --notes=results -n 20 --format='%H %N'")
n_ours=$1 n_theirs=$2
set -- $(time_pair 2 2 'git results log --untested' "git log --notes=results --format='%H %N'")
untested_ours=$1 untested_theirs=$2

echo "p1510-log-limits: $COMMITS commits, $(wc -l <../annotated) with results"
report "log over all commits" "$all_ours" "$all_theirs" "git log --notes=results"
report "log --origin --env" "$filter_ours" "$filter_theirs" "git log --notes=results"
report "log --status=FAIL" "$status_ours" "$status_theirs" "git log --notes=results"
report "log --author" "$author_ours" "$author_theirs" "git log --notes=results --author"
report "log --since (half)" "$since_ours" "$since_theirs" "git log --notes=results --since"
report "log -n 20" "$n_ours" "$n_theirs" "git log --notes=results -n 20"
report "log --untested" "$untested_ours" "$untested_theirs" "git log --notes=results"
