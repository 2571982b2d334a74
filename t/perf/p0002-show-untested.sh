#!/bin/sh
# show of a commit without results (issue: one identity for a run): it
# looks for results of the same tree through the tree index, whose cost
# must not grow with the number of notes.  Side by side with git's own
# `git notes show` of the same commit, with 20,000 and 200,000 notes.
#
# Each commit changes one file (every tree differs), so the look-up finds
# nothing and does all its work; the index is made by the first show after
# the notes ref moved, as git's commit-graph is written once, and is timed
# on its own.
#
# `git results show` runs through git's dispatcher, which starts git, then
# forks and execs git-results: a second process that `git notes show`
# does not pay.  So the script also times `git-results show` itself, and
# the floor of any external git command: git running an empty C program
# (`git noop`, built here with ${CC:-cc}), beside the same anchor.
#
# Usage: t/perf/p0002-show-untested.sh [notes...]
set -e

PERF_NAME=p0002
. "$(dirname "$0")/perf-lib.sh"

test $# -gt 0 || set -- 20000 200000
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

echo "p0002-show-untested: show of a commit without results"
mkdir bin
printf 'int main(void) { return 0; }\n' >bin/noop.c
${CC:-cc} -O2 -o bin/git-noop bin/noop.c
PATH=$WORK/bin:$PATH
for notes in "$@"; do
	commits=$((notes + notes / 4))
	echo "# building $commits commits, $notes with results" >&2
	rm -rf repo
	git init -q -b main repo
	cd repo
	linear_history "$commits"
	# a small record on every commit but the last quarter, as KCIDB would
	git log --format='%H %T' main | tail -n "$notes" | awk '
		BEGIN { print "commit refs/notes/results"
			print "committer perf <perf@example.com> 1700000000 +0000"; print "data 0" }
		{ r = "results 1\ncommit " $1 "\ntree " $2 "\norigin perf\nrun r1\n" \
		      "date 2023-11-14T22:13:20Z\nstatus PASS\n" \
		      "counts FAIL=0 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0\n\nPASS suite.case\n"
		  print "N inline " $1; printf "data %d\n%s\n", length(r), r }' |
		notes_at_paths "$notes" | build_import --quiet
	untested=$(git rev-parse main)
	git gc -q	# and the commit-graph
	start=$(now_ns)
	git results show "$untested" >/dev/null 2>err || :
	index_us=$(( ($(now_ns) - start) / 1000 ))
	# every timed command below fails; make sure it fails for this reason
	grep -q "no results recorded for '$untested'" err || {
		cat err >&2
		exit 1
	}
	set -- $(time_pair 5 10 "git results show $untested || :" "git notes --ref=results show $untested || :")
	report "show, $notes notes" "$1" "$2" "git notes show"
	set -- $(time_pair 5 10 "git-results show $untested || :" "git notes --ref=results show $untested || :")
	report "  git-results show (no dispatcher)" "$1" "$2" "git notes show"
	set -- $(time_pair 5 10 "git noop" "git notes --ref=results show $untested || :")
	report "  git noop (the dispatcher's floor)" "$1" "$2" "git notes show"
	echo "  (the first show after the notes moved made the index: $((index_us / 1000)) ms)"
	cd ..
done
