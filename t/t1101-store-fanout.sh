#!/bin/sh
# The notes tree's fanout when a write reads only the subtrees on the
# path of the notes it changes: trees of mixed fanout (notes at the root
# beside 2-hex subtrees, and in a subtree beside its own), made by git's
# plumbing, and the fanout thresholds crossed both ways, each write
# compared with the tree git notes writes for the same change.
. "$(dirname "$0")/test-lib.sh"

# make_commits <n>: n commits on main, through git fast-import (with
# heap headroom: glibc's trimming costs it seconds of system time per
# thousand commits, see t/perf/perf-lib.sh).
make_commits() {
	awk -v n="$1" 'BEGIN {
		for (i = 1; i <= n; i++)
			printf "commit refs/heads/main\ncommitter C O Mitter <c@example.com> %d +0000\ndata <<EOF\ncommit %d\nEOF\n\n", 1700000000 + i, i
	}' | GLIBC_TUNABLES=glibc.malloc.top_pad=67108864 git fast-import --quiet
}

# notes_commit <ref> <layout>: a commit on <ref> whose tree holds, for each
# "<path> <commit>" line of <layout>, a record naming the commit in its
# run at <path>, written by git fast-import as the paths say; a line
# "<path> -" is a file that is not a note.
notes_commit() {
	awk -v ref="$1" 'BEGIN {
		printf "commit %s\ncommitter C O Mitter <c@example.com> 1700000000 +0000\ndata <<EOF\nby hand\nEOF\n", ref
	}
	$2 == "-" {
		printf "M 100644 inline %s\ndata <<EOF\nnot a note\nEOF\n", $1
		next
	}
	{
		printf "M 100644 inline %s\ndata <<EOF\nresults 1\norigin lab\nrun %s\ndate 2023-11-14T22:13:20Z\nstatus PASS\ncounts FAIL=0 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0\n\nPASS suite.case\nEOF\n", $1, $2
	}
	END { print "" }' "$2" | git fast-import --quiet
}

# check_notes <ref> <expect>: git notes lists exactly the "<blob> <commit>"
# lines of <expect> (sorted by commit), git finds each note in <expect>'s
# first lines by its commit (all of them with a third argument "all"), every
# note is at one path only, and git fsck is clean.
check_notes() {
	git notes --ref="$1" list >list.raw &&
	sort -k2 list.raw >list &&
	test_cmp "$2" list &&
	git ls-tree -r --name-only "refs/notes/$1" >git.out &&
	tr -d / <git.out >paths &&
	sort paths >paths.sorted &&
	uniq -d paths.sorted >dups &&
	test_must_be_empty dups &&
	test_line_count = $(wc -l <"$2") paths &&
	if test "$3" = all; then cat "$2"; else head -n 5 "$2"; fi >show &&
	# git log looks each note up by its commit as git notes show does,
	# in one process: its text must be the blob git notes list named
	cut -d" " -f2 show >show.commits &&
	git log --no-walk=unsorted --stdin --notes="$1" --format="%H%n%N" \
		<show.commits >notes.got &&
	cut -d" " -f1 show >show.blobs &&
	git cat-file --batch <show.blobs >blobs &&
	awk "NR == FNR { commit[NR] = \$2; next }
	     left <= 0 { print commit[++n]; left = \$3 + 1; next }
	     { left -= length(\$0) + 1; print }" show blobs >notes.want &&
	test_line_count -gt $(wc -l <show) notes.want &&
	test_cmp notes.want notes.got &&
	git fsck --strict 2>fsck &&
	test_must_be_empty fsck
}

# same_as_git <ours> <theirs>: the two notes refs hold the same tree.
same_as_git() {
	git rev-parse "refs/notes/$1^{tree}" >ours.tree &&
	git rev-parse "refs/notes/$2^{tree}" >git.tree &&
	test_cmp git.tree ours.tree
}

# expect_note <expect> <commit>: <expect> now lists the commit's note as
# git notes lists it, or not at all when it has none.
expect_note() {
	grep -v " $2$" "$1" >expect.new
	if git notes list "$2" >blob 2>/dev/null; then
		echo "$(cat blob) $2" >>expect.new
	fi
	sort -k2 expect.new >"$1"
}

# fanned <ref> [<dir>]: whether <dir> of the notes tree ("" for the root,
# or "ab/") holds 2-hex subtrees, and holds nothing else
fanned() {
	git ls-tree "refs/notes/$1:$2" >entries &&
	test -s entries &&
	! grep -v "^040000 tree [0-9a-f]*	[0-9a-f][0-9a-f]$" entries
}

# flat <ref> [<dir>]: whether <dir> holds notes only, none of them a tree
flat() {
	git ls-tree "refs/notes/$1:$2" >entries &&
	test -s entries &&
	! grep "^040000" entries
}

test_expect_success 'setup: 600 commits, 400 of them noted in a mixed tree' '
	git init -q repo &&
	cd repo &&
	git config core.notesRef refs/notes/results &&
	make_commits 600 &&
	git rev-list main >../commits &&
	head -n 400 ../commits | sort >noted &&
	# In each first byte the first note is at the root; the others are
	# in that byte'"'"'s subtree, 2/38, or 2/2/36 when the second hex
	# digit is 0.
	awk "{
		b = substr(\$1, 1, 2)
		if (!(b in seen)) {
			seen[b] = 1; print \$1, \$1
		} else if (substr(b, 2, 1) == \"0\") {
			print b \"/\" substr(\$1, 3, 2) \"/\" substr(\$1, 5), \$1
		} else {
			print b \"/\" substr(\$1, 3), \$1
		}
	}" noted >layout &&
	notes_commit refs/notes/results layout &&
	git ls-tree refs/notes/results >root &&
	grep "^100644 blob [0-9a-f]*	[0-9a-f]\{40\}$" root &&
	grep "^040000 tree [0-9a-f]*	[0-9a-f][0-9a-f]$" root &&
	git ls-tree -r --name-only refs/notes/results >paths &&
	grep "^[0-9a-f]\{2\}/[0-9a-f]\{2\}/[0-9a-f]\{36\}$" paths &&
	git notes list >git.out &&
	sort -k2 <git.out >../mixed.expect &&
	test_line_count = 400 ../mixed.expect &&
	cut -d" " -f2 ../mixed.expect >have &&
	test_cmp noted have &&
	git update-ref refs/notes/mixed refs/notes/results
'

# The commits of the layout by where their note is, one of each.
test_expect_success 'setup: a note at the root, in a subtree, in a second-level one' '
	cd repo &&
	awk "length(\$1) == 40 { print \$2 }" layout >at-root &&
	awk "length(\$1) == 41 { print \$2 }" layout >in-subtree &&
	awk "length(\$1) == 42 { print \$2 }" layout >in-subtree2 &&
	# a root note whose byte has a subtree too
	cut -c1-2 in-subtree in-subtree2 | sort -u | sed "s/^/^/" >bytes &&
	grep -f bytes at-root >at-root-beside &&
	test -s at-root-beside &&
	test -s in-subtree &&
	test -s in-subtree2
'

test_expect_success 'add to a note at the root beside its subtree: one note, two records' '
	cd repo &&
	git update-ref refs/notes/git refs/notes/results &&
	c=$(head -n 1 at-root-beside) &&
	git results add --origin lab_b --run 2 $c "$TEST_DATA/kunit-skip.ktap" &&
	git notes show $c >note &&
	test $(test_count_records note) = 2 &&
	git ls-tree refs/notes/results $c >root-entry &&
	test_must_be_empty root-entry &&
	expect_note ../mixed.expect $c &&
	check_notes results ../mixed.expect &&
	git notes --ref=git add -f -C $(git notes list $c) $c &&
	same_as_git results git
'

test_expect_success 'add to a note in a subtree, and in a second-level one' '
	cd repo &&
	for c in $(head -n 1 in-subtree) $(head -n 1 in-subtree2); do
		git update-ref refs/notes/git refs/notes/results &&
		git results add --origin lab_b --run 2 $c "$TEST_DATA/kunit-skip.ktap" &&
		git notes show $c >note &&
		test $(test_count_records note) = 2 &&
		expect_note ../mixed.expect $c &&
		check_notes results ../mixed.expect &&
		git notes --ref=git add -f -C $(git notes list $c) $c &&
		same_as_git results git || return 1
	done
'

test_expect_success 'add to a commit without a note' '
	cd repo &&
	git update-ref refs/notes/git refs/notes/results &&
	c=$(sed -n 500p ../commits) &&
	git results add --origin lab_b --run 2 $c "$TEST_DATA/kunit-skip.ktap" &&
	git notes show $c >note &&
	test $(test_count_records note) = 1 &&
	expect_note ../mixed.expect $c &&
	test_line_count = 401 ../mixed.expect &&
	check_notes results ../mixed.expect &&
	git notes --ref=git add -C $(git notes list $c) $c &&
	same_as_git results git
'

test_expect_success 'remove takes a note away from wherever it was' '
	cd repo &&
	for c in $(sed -n 2p at-root-beside) $(sed -n 2p in-subtree) $(sed -n 2p in-subtree2); do
		git update-ref refs/notes/git refs/notes/results &&
		git results remove $c &&
		test_must_fail git notes show $c &&
		git ls-tree -r --name-only refs/notes/results >git.out &&
		tr -d / <git.out >paths &&
		! grep $c paths &&
		expect_note ../mixed.expect $c &&
		check_notes results ../mixed.expect &&
		git notes --ref=git remove $c &&
		same_as_git results git || return 1
	done &&
	test_line_count = 398 ../mixed.expect
'

test_expect_success 'git notes add on our tree afterwards' '
	cd repo &&
	c=$(sed -n 501p ../commits) &&
	git notes add -m "by git" $c &&
	expect_note ../mixed.expect $c &&
	test_line_count = 399 ../mixed.expect &&
	git notes show $c >note &&
	echo "by git" >expect &&
	test_cmp expect note &&
	check_notes results ../mixed.expect
'

# A tree that was never written again: root notes beside their subtree,
# and a first-level subtree that does not fan out but holds second-level
# subtrees (the x0/ bytes), all written again when a note elsewhere
# changes.
test_expect_success 'a change elsewhere writes the mixed directories whole' '
	cd repo &&
	git update-ref refs/notes/results refs/notes/mixed &&
	git notes list >git.out &&
	sort -k2 <git.out >expect &&
	c=$(sed -n 502p ../commits) &&
	git results add --origin lab_b $c "$TEST_DATA/kunit-skip.ktap" &&
	expect_note expect $c &&
	test_line_count = 401 expect &&
	check_notes results expect all
'

# first_fanned <commits> <column>: the number of lines of <commits> after
# which each of the 16 hex digits is the <column>th character of two of
# them (git's fanout threshold for a directory of notes read whole), or
# nothing if never
first_fanned() {
	awk -v col="$2" '{
		n[substr($1, col, 1)]++
		for (i = 0; i < 16; i++)
			if (n[substr("0123456789abcdef", i + 1, 1)] < 2)
				next
		print NR
		exit
	}' "$1"
}

# step_both <ref> add|remove <commit>: the change through git results on
# <ref>, and the same through git notes on refs/notes/git, which held the
# same tree before: the two trees are the same.
step_both() {
	git update-ref refs/notes/git "refs/notes/$1" &&
	if test "$2" = add; then
		git results add -q --ref "$1" --origin lab "$3" "$TEST_DATA/kunit-skip.ktap" &&
		git notes --ref=git add -C $(git notes --ref="$1" list "$3") "$3"
	else
		git results remove --ref "$1" "$3" &&
		git notes --ref=git remove "$3"
	fi &&
	same_as_git "$1" git
}

test_expect_success 'the root fans out once each hex digit starts two notes, as git does' '
	cd repo &&
	k=$(first_fanned ../commits 1) &&
	test -n "$k" &&
	head -n $((k - 3)) ../commits | sed "s|\$| $TEST_DATA/kunit-skip.ktap|" >batch &&
	git results add -q --batch --ref grow --origin lab <batch &&
	flat grow &&
	i=$((k - 2)) &&
	while test $i -le $((k + 1)); do
		step_both grow add $(sed -n ${i}p ../commits) &&
		if test $i -lt $k; then flat grow; else fanned grow; fi ||
		return 1
		i=$((i + 1))
	done &&
	git notes --ref=grow list >git.out &&
	sort -k2 <git.out >expect &&
	head -n $((k + 1)) ../commits | sort >want &&
	cut -d" " -f2 expect >have &&
	test_cmp want have &&
	check_notes grow expect all
'

test_expect_success 'and stops fanning out as git does once one is short' '
	cd repo &&
	# the digit the last notes completed; its notes go one by one
	d=$(sed -n "$(first_fanned ../commits 1)p" ../commits | cut -c1) &&
	git notes --ref=grow list >git.out &&
	cut -d" " -f2 <git.out | grep "^$d" >gone &&
	test $(wc -l <gone) -ge 2 &&
	while read -r c; do
		step_both grow remove $c || return 1
	done <gone &&
	flat grow &&
	git notes --ref=grow list >git.out &&
	sort -k2 <git.out >expect &&
	test_line_count = $(( $(first_fanned ../commits 1) + 1 - $(wc -l <gone) )) expect &&
	check_notes grow expect all
'

test_expect_success 'a file that is not a note stays at its path when its directory goes' '
	cd repo &&
	k=$(first_fanned ../commits 1) &&
	head -n $((k + 1)) ../commits >some &&
	d=$(sed -n ${k}p ../commits | cut -c1) &&
	# in the directory of a note of another digit
	b=$(grep -v "^$d" some | head -n 1 | cut -c1-2) &&
	{
		awk "{ print substr(\$1, 1, 2) \"/\" substr(\$1, 3), \$1 }" some &&
		echo "$b/README -"
	} >layout3 &&
	notes_commit refs/notes/other layout3 &&
	fanned other &&
	grep "^$d" some >gone &&
	while read -r c; do
		step_both other remove $c || return 1
	done <gone &&
	git ls-tree refs/notes/other >root &&
	grep "^040000 tree [0-9a-f]*	$b$" root &&
	test $(grep -c "^040000" root) = 1 &&
	git ls-tree -r refs/notes/other >all &&
	test $(wc -l <all) = $((k + 2 - $(wc -l <gone))) &&
	git cat-file -p refs/notes/other:$b/README >readme &&
	echo "not a note" >expect &&
	test_cmp expect readme
'

test_expect_success 'non-notes deeper in a directory that stays fanned out stay too' '
	cd repo &&
	# a note at 2/2/36, and beside it a file in a 2-hex directory that
	# holds no note, a tree that is not hex, and a file in the first level
	awk "length(\$1) == 42 { print \$1, \$2; exit }" layout >deep &&
	read -r path c <deep &&
	dir=${path%/*} &&
	{
		cat layout &&
		echo "$dir/ef/README -" &&
		echo "$dir/zz/deep/file -" &&
		echo "${dir%/*}/notes.txt -"
	} >layout4 &&
	notes_commit refs/notes/deep layout4 &&
	git ls-tree -r --name-only refs/notes/deep >before &&
	grep -v "^\\([0-9a-f][0-9a-f]/\\)*[0-9a-f]*$" before >non-notes &&
	test_line_count = 3 non-notes &&
	step_both deep remove $c &&
	# git notes add (2.39) drops $dir/ef/README here: it reads ef/ as
	# notes of prefix ${dir%/*}${dir#*/}ef and writes back only notes.
	# Everything else is as git writes it; we keep the file.
	git update-ref refs/notes/git refs/notes/deep &&
	git results add -q --ref deep --origin lab $c "$TEST_DATA/kunit-skip.ktap" &&
	git notes --ref=git add -C $(git notes --ref=deep list $c) $c &&
	git ls-tree -r refs/notes/git >git.tree.all &&
	grep -v "	$dir/ef/README$" git.tree.all >git.all &&
	git ls-tree -r refs/notes/deep >ours.tree.all &&
	grep -v "	$dir/ef/README$" ours.tree.all >ours.all &&
	test_cmp git.all ours.all &&
	git ls-tree -r --name-only refs/notes/deep >after &&
	grep -v "^\\([0-9a-f][0-9a-f]/\\)*[0-9a-f]*$" after >non-notes.after &&
	test_cmp non-notes non-notes.after &&
	while read -r f; do
		echo "not a note" >expect &&
		git cat-file -p "refs/notes/deep:$f" >got &&
		test_cmp expect got || return 1
	done <non-notes
'

test_expect_success 'setup: 20000 commits' '
	git init -q big &&
	cd big &&
	make_commits 20000 &&
	git rev-list main >../big-commits &&
	# the first byte whose commits (in order) reach the threshold
	# first, as first_fanned counts them, with one more commit after
	awk "{
		b = substr(\$1, 1, 2); nr[b]++
		if (b in k) { if (nr[b] == k[b] + 1) print k[b], b; next }
		n[b, substr(\$1, 3, 1)]++
		for (i = 0; i < 16; i++)
			if (n[b, substr(\"0123456789abcdef\", i + 1, 1)] < 2)
				next
		k[b] = nr[b]
	}" ../big-commits | sort -n | head -n 1 >chosen &&
	read -r k b <chosen &&
	grep "^$b" ../big-commits >in-byte &&
	test $(first_fanned in-byte 3) = $k
'

test_expect_success 'remove the one note of a second-level subtree: its neighbours stay' '
	cd big &&
	read -r k b <chosen &&
	grep "^$b" ../big-commits | sort >in-byte.sorted &&
	grep -v "^$b" ../big-commits | awk "{ d = substr(\$1, 1, 1); if (n[d]++ < 2) print }" >root &&
	# 2/38 outside the chosen byte, 2/2/36 inside it
	{
		awk "{ print substr(\$1, 1, 2) \"/\" substr(\$1, 3), \$1 }" root &&
		awk "{ print substr(\$1, 1, 2) \"/\" substr(\$1, 3, 2) \"/\" substr(\$1, 5), \$1 }" in-byte.sorted
	} >layout &&
	notes_commit refs/notes/deep2 layout &&
	git ls-tree refs/notes/deep2:$b >entries &&
	test_line_count -ge 16 entries &&
	git notes --ref=deep2 list >git.out &&
	sort -k2 <git.out >expect &&
	c=$(cut -c1-4 in-byte.sorted | uniq -u | head -n 1) &&
	c=$(grep "^$c" in-byte.sorted) &&
	step_both deep2 remove $c &&
	grep -v " $c$" expect >expect.new &&
	test_line_count = $(($(wc -l <expect) - 1)) expect.new &&
	check_notes deep2 expect.new all
'

test_expect_success 'a first-level directory fans out at the same threshold, as git does' '
	cd big &&
	read -r k b <chosen &&
	grep "^$b" ../big-commits >in-byte &&
	# two notes under each first hex digit, outside the chosen byte,
	# fan the root out
	grep -v "^$b" ../big-commits | awk "{ d = substr(\$1, 1, 1); if (n[d]++ < 2) print }" >root &&
	test_line_count = 32 root &&
	{ cat root && head -n $((k - 2)) in-byte; } | sed "s|\$| $TEST_DATA/kunit-skip.ktap|" >batch &&
	git results add -q --batch --ref deep --origin lab <batch &&
	fanned deep &&
	flat deep $b/ &&
	i=$((k - 1)) &&
	while test $i -le $((k + 1)); do
		step_both deep add $(sed -n ${i}p in-byte) &&
		if test $i -lt $k; then flat deep $b/; else fanned deep $b/; fi ||
		return 1
		i=$((i + 1))
	done &&
	git notes --ref=deep list >git.out &&
	sort -k2 <git.out >expect &&
	test_line_count = $((32 + k + 1)) expect &&
	check_notes deep expect all
'

test_expect_success 'and goes back to 2/38 as git does' '
	cd big &&
	read -r k b <chosen &&
	d=$(sed -n ${k}p in-byte | cut -c3) &&
	git notes --ref=deep list >git.out &&
	cut -d" " -f2 <git.out | grep "^$b$d" >gone &&
	test $(wc -l <gone) -ge 2 &&
	while read -r c; do
		step_both deep remove $c || return 1
	done <gone &&
	fanned deep &&
	flat deep $b/ &&
	git notes --ref=deep list >git.out &&
	sort -k2 <git.out >expect &&
	test_line_count = $((32 + k + 1 - $(wc -l <gone))) expect &&
	check_notes deep expect all
'

test_done
