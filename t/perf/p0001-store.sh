#!/bin/sh
# Store benchmark (issue: foundation).  Builds a repository of 50,000
# commits with results on 20,000 of them and measures, side by side in the
# same run:
#   - bulk attach: git results add --batch    vs  git fast-import of the same notes
#   - show one commit: git results show       vs  git notes --ref=results show
#   - log over all: git results log           vs  git log --notes=results --format='%H %N'
# Prints each pair and the ratio (ours / git's; below 1.0 means faster).
#
# Usage: t/perf/p0001-store.sh [commits] [annotated]
set -e

COMMITS=${1:-50000}
ANNOTATED=${2:-20000}
PERF_NAME=p0001
. "$(dirname "$0")/perf-lib.sh"

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

echo "# building $COMMITS commits" >&2
git init -q -b main base
(
	cd base
	linear_history "$COMMITS"
	git rev-list main | awk -v n="$ANNOTATED" -v total="$COMMITS" \
		'BEGIN { step = total / n } NR % int(step) == 0 && c < n { print; c++ }' >../annotated
)
KTAP=$SRC_DIR/t/data/kunit-failure.ktap
sed "s|\$| $KTAP|" annotated >batch
echo "# $(wc -l <annotated) commits get results" >&2

cp -r base ours
cp -r base theirs

echo "# bulk attach" >&2
start=$(now_ns)
(cd ours && git results add -q --batch --origin perf --date @1700000000 <../batch)
ours_add=$(( ($(now_ns) - start) / 1000 ))

# The same notes, as a fast-import stream with the blobs inline.
(cd ours && git notes --ref=results list | awk '{ print $1 }' |
	git cat-file --batch) >blobs
(cd ours && git notes --ref=results list) | awk -v blobs=blobs '
	BEGIN { print "commit refs/notes/results"; print "committer perf <perf@example.com> 1700000000 +0000"; print "data 0" }
	{ print "N inline " $2
	  getline header < blobs; split(header, h, " "); size = h[3]
	  printf "data %d\n", size
	  remaining = size
	  while (remaining > 0) { getline line < blobs; print line; remaining -= length(line) + 1 }
	  getline line < blobs
	}' >notes.fi
start=$(now_ns)
(cd theirs && git fast-import --quiet <../notes.fi)
theirs_add=$(( ($(now_ns) - start) / 1000 ))
# The same notes, each commit's note the same blob; the trees differ
# (20,000 notes are fanned out two levels deep by git's notes.c rule,
# which git results follows, and one level by fast-import's).
(cd ours && git notes --ref=results list) | sort >ours.list
(cd theirs && git notes --ref=results list) | sort >theirs.list
cmp -s ours.list theirs.list && same_tree="the same notes" || same_tree="DIFFERENT notes"

cd ours
c=$(sed -n "$((ANNOTATED / 2))p" ../annotated)
git gc -q
git results show "$c" >/dev/null
git notes --ref=results show "$c" >/dev/null
echo "# show and log" >&2
set -- $(time_pair 5 10 'git results show "$c"' 'git notes --ref=results show "$c"')
ours_show=$1 theirs_show=$2
set -- $(time_pair 3 2 'git results log' "git log --notes=results --format='%H %N'")
ours_log=$1 theirs_log=$2

echo "p0001-store: $COMMITS commits, $(wc -l <../annotated) with results (fast-import wrote $same_tree)"
report "bulk attach (add --batch)" "$ours_add" "$theirs_add" "git fast-import"
report "show one commit" "$ours_show" "$theirs_show" "git notes show"
report "log over all commits" "$ours_log" "$theirs_log" "git log --notes=results"

# git's own notes code must leave our fanout alone: one more note changes
# exactly one path.
before=$(git rev-parse refs/notes/results^{tree})
extra=$(git commit-tree -m extra "$before")
git notes --ref=results add -m "by git" "$extra"
changed=$(git diff-tree -r --name-only "$before" refs/notes/results^{tree} | wc -l)
echo "git notes add on our tree changed $changed path(s) (1 means no re-fan)"
