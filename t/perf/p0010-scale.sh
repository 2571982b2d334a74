#!/bin/sh
# Scale benchmark (issue 19): a history of 1,000,000 commits shaped as
# git.git's (a first-parent line of merges of short topics, tags; see
# merge_history), with results on its newest 200,000 first-parent
# commits, each one record of 366 KUnit-style tests as a CI lab
# reports them (a few known failures that last a few thousand commits,
# a flaky crash now and then, 3% skipped: 1-2% failing, each with its
# reason).  The notes are written by git fast-import (`N` commands on
# refs/notes/results), and the records it writes are checked to be
# byte for byte what `git results parse` makes of the same KTAP log.
# Then the repository is packed by git gc (which also writes the
# commit-graph), and measured side by side in the same run:
#   - add one record to one commit       vs  git notes add -F
#   - show of a commit with results      vs  git notes show
#   - show of a commit without results   vs  git notes show (exit 1)
#   - log -n 100                         vs  git log --notes=results -n 100
#   - diff of two commits                vs  git notes show of both
#   - merge of two clones that each added <added> records (half of them
#     to the same commits), one merge per fresh clone
#                                        vs  git notes merge -s cat_sort_uniq
#   - the size of the repository after git gc, with and without the notes
# with the peak memory (maximum resident set size) of the heavy ones.
#
# Usage: t/perf/p0010-scale.sh [commits] [tested] [added] [rounds]
# (<rounds>, 3 by default, is how many rounds each pair is timed in; the
# merges are timed twice, once if <rounds> is 1.)
# The defaults are the published sizes (README.md); at them the script
# takes 15 to 30 minutes on the project's 2-core machine, most of it
# building the history and packing it, so t/perf/run.sh passes smaller
# sizes to keep all the benchmarks within 10 minutes.
set -e

COMMITS=${1:-1000000}
TESTED=${2:-200000}
ADDED=${3:-20000}
ROUNDS=${4:-3}
# shellcheck disable=SC2034 # read by perf-lib.sh
PERF_NAME=p0010
. "$(dirname "$0")/perf-lib.sh"

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

# peak <file>: the maximum resident set size /usr/bin/time wrote, in MB
peak() {
	awk '{ kb = $1 } END { printf "%.1f", kb / 1024 }' "$1"
}

# seconds_since <ns>: the wall time since <ns>, for the build's progress
seconds_since() {
	echo "$(( ($(now_ns) - $1) / 1000000000 )) s"
}

# The tests of a record, in the order the kernel runs them: 24 KUnit
# suites of 8 to 24 cases, named as KUnit names them (so that the
# record must sort them), 3% of them skipped on this platform.  Fields:
# path, index in run order, suite, case, skipped.
awk 'BEGIN {
	srand(10)
	ns = split("list-kernel-test sysctl_test time_test_cases ext4_inode_test " \
		   "bitfields cmdline hash overflow memcpy siphash string_helpers " \
		   "kunit-resource-test kunit-try-catch-test qos-kunit-test rational " \
		   "resource slub_test fortify kfence lib_sort property-entry " \
		   "usercopy mptcp-token drm_format_helper_test", suites, " ")
	split("init add del move splice rotate", verbs, " ")
	split("single_entry empty_list tail range overflow", objs, " ")
	k = 0
	for (s = 1; s <= ns; s++) {
		n = 8 + int(rand() * 17)
		base = suites[s]
		gsub(/-/, "_", base)
		for (c = 1; c <= n; c++) {
			name = base "_" verbs[(c - 1) % 6 + 1] "_" objs[int((c - 1) / 6) + 1]
			printf "%s.%s %d %s %s %d\n", suites[s], name, ++k, suites[s], name,
				rand() < 0.03
		}
	}
}' | sort >catalogue

# results <mode> [<awk assignments>]: from the catalogue, with mode=notes
# a fast-import stream of one record on each "<commit> <tree>" line of
# standard input (record i on line i), with mode=ktap the KTAP log of
# record rec=<i>, with mode=body its test lines.  Tests that fail for a
# while: about 1% of them in each stretch of 5,000 records; a flaky
# crash: none, one or two a record.
results() {
	mode=$1
	shift
	awk -v mode="$mode" -v cat="$WORK/catalogue" "$@" '
	function known(k, e) { return (k * 7349 + e * 9973 + k * e * 31) % 10007 < 100 }
	function civil(t,   d, s, z, era, doe, yoe, y, doy, mp, m) {
		d = int(t / 86400); s = t % 86400
		z = d + 719468; era = int(z / 146097); doe = z - era * 146097
		yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
		y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
		mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
		m = mp < 10 ? mp + 3 : mp - 9; y += m <= 2
		return sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
			int(s / 3600), int(s % 3600 / 60), s % 60)
	}
	# the line of test k in stretch e, and the epoch body of all lines
	function line(k, e) {
		if (skip[k]) return "SKIP " path[k] " # not supported on this platform\n"
		if (known(k, e)) return "FAIL " path[k] " # exit=1\n"
		return "PASS " path[k] "\n"
	}
	function epoch(e,   p, k, l) {
		body = ""; nfail = 0; nskip = 0
		for (p = 1; p <= n; p++) {
			k = order[p]; l = line(k, e)
			off[k] = length(body); len[k] = length(l); body = body l
			nskip += skip[k]; nfail += !skip[k] && known(k, e)
		}
		cur = e
	}
	# the flaky failures (a crash) of record i: fl[1..nfl], in the order of the record
	function flakes(i,   r, k, t) {
		srand(i); r = rand(); nfl = r < 0.6 ? 0 : r < 0.9 ? 1 : 2
		for (t = 1; t <= nfl; t++) {
			do k = 1 + int(rand() * n); while (skip[k] || known(k, int(i / 5000)) || (t == 2 && k == fl[1]))
			fl[t] = k
		}
		if (nfl == 2 && pos[fl[2]] < pos[fl[1]]) { k = fl[1]; fl[1] = fl[2]; fl[2] = k }
		for (t = 1; t <= nfl; t++) flaky[fl[t]] = 1
	}
	function flaky_line(k) { return "FAIL " path[k] " # exit=139\n" }
	function print_body(   t, at) {
		at = 0
		for (t = 1; t <= nfl; t++) {
			printf "%s%s", substr(body, at + 1, off[fl[t]] - at), flaky_line(fl[t])
			at = off[fl[t]] + len[fl[t]]
		}
		printf "%s", substr(body, at + 1)
	}
	BEGIN {
		while ((getline l < cat) > 0) {
			split(l, f, " "); k = f[2]; n++
			order[n] = k; pos[k] = n; path[k] = f[1]; suite[k] = f[3]
			cname[k] = f[4]; skip[k] = f[5]
		}
		for (k = 1; k <= n; k++)
			suites += suite[k] != suite[k - 1]
		cur = -1
		if (mode == "notes") {
			print "commit refs/notes/results"
			print "committer perf <perf@example.com> 1700000000 +0000"
			print "data 0"
		} else if (mode == "body") {
			epoch(int(rec / 5000)); flakes(rec); print_body()
			exit
		} else {
			e = int(rec / 5000); flakes(rec)
			print "KTAP version 1"
			printf "1..%d\n", suites
			for (k = 1; k <= n; k = next_k) {
				for (next_k = k; next_k <= n && suite[next_k] == suite[k]; next_k++)
					;
				printf "    KTAP version 1\n    # Subtest: %s\n    1..%d\n", suite[k], next_k - k
				bad = 0
				for (c = k; c < next_k; c++) {
					if (skip[c])
						printf "    ok %d %s # SKIP not supported on this platform\n", c - k + 1, cname[c]
					else if (known(c, e) || flaky[c]) {
						printf "    not ok %d %s # %s\n", c - k + 1, cname[c],
							flaky[c] ? "exit=139" : "exit=1"
						bad = 1
					} else
						printf "    ok %d %s\n", c - k + 1, cname[c]
				}
				printf "%s %d %s\n", bad ? "not ok" : "ok", ++s, suite[k]
			}
			exit
		}
	}
	mode == "notes" {
		i = NR
		if (int(i / 5000) != cur)
			epoch(int(i / 5000))
		flakes(i)
		run = sprintf("maestro:%08x%06x", 1700000000 - i, i % 16777216)
		t = 1700000000 - i * 300
		fails = nfail + nfl; pass = n - fails - nskip
		h = "results 1\ncommit " $1 "\ntree " $2 "\norigin kernelci\nrun " run "\n" \
		    "date " civil(t) "\nenv arch x86_64\nenv config defconfig\n" \
		    "link https://storage.kernelci.org/results/" run "/log.txt.gz\n" \
		    "status " (fails ? "FAIL" : "PASS") "\n" \
		    "counts FAIL=" fails " ERROR=0 MISS=0 PASS=" pass " DONE=0 SKIP=" nskip "\n\n"
		size = length(h) + length(body)
		for (t = 1; t <= nfl; t++)
			size += length(flaky_line(fl[t])) - len[fl[t]]
		printf "N inline %s\ndata %d\n%s", $1, size, h
		print_body()
		printf "\n"
	}'
}

echo "# building $COMMITS commits" >&2
start=$(now_ns)
git init -q -b master base
cd base
merge_history "$COMMITS" ../release "$COMMITS"
git log --first-parent --format='%H %T' master >../first-parent
commits=$(git rev-list --count master)
mainline=$(wc -l <../first-parent)
test "$mainline" -ge "$TESTED" || {
	echo "fatal: $mainline first-parent commits, fewer than $TESTED to test" >&2
	exit 1
}
history_kb=$(git count-objects -v | awk '/^size-pack:/ { print $2 }')
echo "# $commits commits ($mainline first-parent) in $(seconds_since "$start")" >&2

# The records fast-import writes are the ones git results writes: the
# test lines of three records against what parse makes of their logs.
for rec in 1 5001 77777; do
	results ktap -v rec=$rec >../check.ktap
	git results parse --run r ../check.ktap | sed '1,/^$/d' >../check.parsed
	results body -v rec=$rec >../check.body
	cmp ../check.parsed ../check.body
done

start=$(now_ns)
head -n "$TESTED" ../first-parent | results notes | build_import --quiet
echo "# $TESTED records written by fast-import in $(seconds_since "$start")" >&2
start=$(now_ns)
git gc -q
echo "# git gc in $(seconds_since "$start")" >&2
total_kb=$(git count-objects -v | awk '/^size-pack:/ { print $2 }')
# what only the notes ref reaches, on disk and as text
git rev-list --objects refs/notes/results --not --branches --tags | cut -d' ' -f1 |
	git cat-file --batch-check='%(objectsize:disk) %(objectsize)' |
	awk '{ disk += $1; text += $2 } END { print int(disk / 1024), int(text / 1024) }' >../notes-kb
read -r notes_kb text_kb <../notes-kb

tested=$(sed -n "$((TESTED / 2))p" ../first-parent | cut -d' ' -f1)
before=$(sed -n "$((TESTED / 2 + 1))p" ../first-parent | cut -d' ' -f1)
# commits of the newest topics: never tested
git rev-list -n 2000 master | sort >../newest
cut -d' ' -f1 ../first-parent | head -n 2000 | sort | comm -23 ../newest - >../untested
untested=$(sed -n 1p ../untested)
git results show "$tested" >/dev/null
if git notes --ref=results show "$untested" >/dev/null 2>&1; then
	echo "fatal: $untested has a note" >&2
	exit 1
fi

echo "p0010-scale: $commits commits ($mainline first-parent), $TESTED with results ($(wc -c <../check.body) bytes of tests a record), after git gc"
start=$(now_ns)
/usr/bin/time -f %M -o ../rss git results show "$untested" >/dev/null 2>&1 || :
echo "  (the first show after the notes moved made the tree index: $(( ($(now_ns) - start) / 1000000 )) ms, $(peak ../rss) MB)"

set -- $(time_pair "$ROUNDS" 10 "git results show $tested" "git notes --ref=results show $tested")
report "show, a commit with results" "$1" "$2" "git notes show"
set -- $(time_pair "$ROUNDS" 10 "git results show $untested || :" "git notes --ref=results show $untested || :")
report "show, a commit without results" "$1" "$2" "git notes show (exit 1)"
/usr/bin/time -f %M -o ../rss git results show "$untested" >/dev/null 2>&1 || :
echo "  (peak memory $(peak ../rss) MB)"
set -- $(time_pair "$ROUNDS" 3 "git results log -n 100" "git log --notes=results -n 100")
report "log -n 100" "$1" "$2" "git log --notes=results -n 100"
/usr/bin/time -f %M -o ../rss git results log -n 100 >/dev/null
/usr/bin/time -f %M -o ../rss-git git log --notes=results -n 100 >/dev/null
echo "  (peak memory $(peak ../rss) MB, git log $(peak ../rss-git) MB)"
# log -n 100 lists 100 commits with results, walking the untested ones
# of the topics too; git log -n 100 lists 100 commits: git log over the
# commits ours walked (the commit dates are in walk order)
last=$(git results log -n 100 | tail -n 1 | cut -d' ' -f1)
walked=$(git rev-list --count --since=@"$(git log -1 --format=%ct "$last")" master)
set -- $(time_pair "$ROUNDS" 3 "git results log -n 100" "git log --notes=results -n $walked")
report "log -n 100" "$1" "$2" "git log --notes=results -n $walked"
set -- $(time_pair "$ROUNDS" 10 "git results diff $before $tested" \
	"git notes --ref=results show $before && git notes --ref=results show $tested")
report "diff of two commits" "$1" "$2" "git notes show of both"

# merge: two clones each add a record from their own lab to <added>
# commits, half of them the same; each merge runs in a fresh clone of
# the first, with the second's notes fetched as refs/notes/theirs
echo "# two clones adding $ADDED records each" >&2
# sixteen logs, taken in turn
mkdir ../logs
for rec in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	results ktap -v rec=$rec >../logs/$rec.ktap
done
: >../batch-a
: >../batch-b
head -n "$((ADDED + ADDED / 2))" ../first-parent | awk -v a="$ADDED" -v dir="$WORK" '
	{ f = dir "/logs/" (NR % 16 + 1) ".ktap"
	  print $1 " " f >> (NR <= a ? dir "/batch-a" : dir "/batch-b")
	  if (NR > a / 2 && NR <= a) print $1 " " f >> (dir "/batch-b") }'
for lab in a b; do
	git clone -q -n . ../$lab
	git -C ../$lab fetch -q origin 'refs/notes/*:refs/notes/*'
	start=$(now_ns)
	(cd ../$lab && git results add -q --batch --origin lab_$lab --date @1700000000 <../batch-$lab)
	echo "# lab_$lab: add --batch of $(wc -l <../batch-$lab) records in $(seconds_since "$start")" >&2
done
shared=$(sed -n "$ADDED"p ../batch-a | cut -d' ' -f1)

# merge_in <dir> <records> <command>: a fresh clone of the first lab's,
# the second's notes fetched, then <command> timed there; sets us and kb,
# and checks that a commit both labs tested has both their records in
# <records> "results" lines
merge_in() {
	rm -rf "../$1"
	git clone -q -n ../a "../$1"
	git -C "../$1" fetch -q origin 'refs/notes/*:refs/notes/*'
	git -C "../$1" fetch -q ../b refs/notes/results:refs/notes/theirs
	start=$(now_ns)
	(cd "../$1" && /usr/bin/time -f %M -o ../rss sh -c "$3")
	us=$(( ($(now_ns) - start) / 1000 ))
	kb=$(tail -n 1 ../rss)
	git -C "../$1" notes --ref=results show "$shared" >../merged
	test "$(grep -c '^results ' ../merged)" = "$2"
	grep -q '^origin lab_a$' ../merged
	grep -q '^origin lab_b$' ../merged
	test "$(git -C "../$1" notes --ref=results list | wc -l)" = "$TESTED"
}
# two rounds (one if <rounds> is 1)
merge_rounds=$((ROUNDS < 2 ? ROUNDS : 2))
ours_us=0 git_us=0 round=0
while test $round -lt $merge_rounds; do
	merge_in m-ours 3 "git results merge -q theirs"
	ours_us=$((ours_us + us)) ours_kb=$kb
	# cat_sort_uniq makes one line of the three "results 1"
	merge_in m-git 1 "git notes --ref=results merge -q -s cat_sort_uniq refs/notes/theirs"
	git_us=$((git_us + us)) git_kb=$kb
	round=$((round + 1))
done
report "merge, $ADDED + $ADDED records" "$((ours_us / merge_rounds))" "$((git_us / merge_rounds))" "git notes merge -s cat_sort_uniq"
echo "  (peak memory $(awk -v k="$ours_kb" 'BEGIN { printf "%.1f", k / 1024 }') MB, git notes merge $(awk -v k="$git_kb" 'BEGIN { printf "%.1f", k / 1024 }') MB)"
rm -rf ../a ../b ../m-ours ../m-git

# add: one record to a commit of a topic, a new one each time
results ktap -v rec=3 >../add.ktap
git results parse --date @1700000000 ../add.ktap >../add.note
k=1
while read -r c; do
	eval "u$k=$c"
	k=$((k + 1))
done <../untested
# (time_pair runs each command in a subshell: the count is kept in a file)
echo 2 >../next
next_untested() {
	read -r k <../next
	echo $((k + 1)) >../next
	eval "c=\$u$k"
}
add_ours() {
	next_untested
	git results add -q --date @1700000000 "$c" ../add.ktap
}
add_git() {
	next_untested
	git notes --ref=results add -F ../add.note "$c"
}
# the same without fsync: git results makes its objects and ref durable
# as core.fsync says, where git notes add, which writes loose objects
# only, fsyncs nothing with git's default
add_no_fsync() {
	next_untested
	git -c core.fsync=none results add -q --date @1700000000 "$c" ../add.ktap
}
set -- $(time_pair "$ROUNDS" 5 add_ours add_git)
report "add, one record" "$1" "$2" "git notes add -F"
set -- $(time_pair "$ROUNDS" 5 add_no_fsync add_git)
report "the same, core.fsync=none" "$1" "$2" "git notes add -F"
# every add added one note
test "$(git notes --ref=results list | wc -l)" = "$((TESTED + ROUNDS * 20))"
next_untested
/usr/bin/time -f %M -o ../rss git results add -q --date @1700000000 "$c" ../add.ktap
echo "  (peak memory $(peak ../rss) MB)"

awk -v total="$total_kb" -v notes="$notes_kb" -v text="$text_kb" -v history="$history_kb" 'BEGIN {
	printf "%-34s %10.1f MB  %-36s %10.1f MB  ratio %.2f\n", "repository after git gc", total / 1024,
		"the same without the notes", (total - notes) / 1024, total / (total - notes)
	printf "  (the notes: %.1f MB packed, %.1f MB of text; the history as fast-import packed it: %.1f MB)\n",
		notes / 1024, text / 1024, history / 1024
}'
