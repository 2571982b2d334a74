#!/bin/sh
# Memory of a large bulk attach (issue 19): `git results add --batch` of
# RECORDS records of TESTS tests each, one per commit (a day of a CI's
# uploads), beside git fast-import of the same notes, wall time and peak
# memory (/usr/bin/time's maximum resident set size) of each.
# Target: add --batch under 64 MB whatever the batch size (it held the
# whole batch in memory: 364 MB for 2,000 records of 2,000 tests).
#
# Usage: t/perf/p0004-batch-memory.sh [records] [tests]
set -e

RECORDS=${1:-2000}
TESTS=${2:-2000}
# shellcheck disable=SC2034 # read by perf-lib.sh
PERF_NAME=p0004
. "$(dirname "$0")/perf-lib.sh"

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

# ktap <seed>: KUnit-shaped, suites of 100 tests out of order, 2% failing
ktap() {
	awk -v seed="$1" -v n="$TESTS" 'BEGIN {
		srand(seed); suites = int((n + 99) / 100)
		print "KTAP version 1"; print "1.." suites
		for (s = 1; s <= suites; s++) {
			printf "    KTAP version 1\n    # Subtest: suite_%d\n    1..100\n", (s * 37) % suites
			for (c = 1; c <= 100; c++)
				printf "    %s %d case_%d_%s\n", rand() < 0.02 ? "not ok" : "ok", c, c,
					rand() < 0.5 ? "on_tmpfs" : "with_invalid_flags"
			printf "ok %d suite_%d\n", s, (s * 37) % suites
		}
	}'
}

echo "# building $RECORDS commits and 16 logs of $TESTS tests" >&2
git init -q -b main base
(cd base && linear_history "$RECORDS")
i=1
while test $i -le 16; do
	ktap $i >log$i.ktap
	i=$((i + 1))
done
(cd base && git rev-list main) >commits
awk '{ print $1 " ../log" (NR % 16 + 1) ".ktap" }' commits >batch.list
cp -r base ours
cp -r base theirs

echo "# add --batch" >&2
start=$(now_ns)
(cd ours && /usr/bin/time -f %M -o ../ours.rss \
	git results add -q --batch --origin perf --date @1700000000 <../batch.list)
ours_add=$(( ($(now_ns) - start) / 1000 ))

# The same notes, as a fast-import stream with the blobs inline.
(cd ours && git notes --ref=results list) >notes.list
awk '{ print $1 }' notes.list | (cd ours && git cat-file --batch) >blobs
awk -v blobs=blobs '
	BEGIN { print "commit refs/notes/results"; print "committer perf <perf@example.com> 1700000000 +0000"; print "data 0" }
	{ print "N inline " $2
	  getline header < blobs; split(header, h, " "); size = h[3]
	  printf "data %d\n", size
	  remaining = size
	  while (remaining > 0) { getline line < blobs; print line; remaining -= length(line) + 1 }
	  getline line < blobs
	}' notes.list >notes.fi
rm blobs
echo "# git fast-import" >&2
start=$(now_ns)
(cd theirs && /usr/bin/time -f %M -o ../theirs.rss git fast-import --quiet <../notes.fi)
theirs_add=$(( ($(now_ns) - start) / 1000 ))
test "$(cd ours && git rev-parse 'refs/notes/results^{tree}')" = \
	"$(cd theirs && git rev-parse 'refs/notes/results^{tree}')" &&
	same_tree="identical trees" || same_tree="DIFFERENT trees"

echo "p0004-batch-memory: $RECORDS records of $TESTS tests, $(($(wc -c <notes.fi) / 1048576)) MB of notes (fast-import wrote $same_tree)"
report "add --batch" "$ours_add" "$theirs_add" "git fast-import"
awk -v a="$(tail -1 ours.rss)" -v b="$(tail -1 theirs.rss)" 'BEGIN {
	printf "%-34s %10.1f MB  %-36s %10.1f MB  ratio %.2f\n", "add --batch peak memory", a / 1024,
		"git fast-import peak memory", b / 1024, a / b
}'
rm -rf "$WORK"
