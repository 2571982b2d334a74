#!/bin/sh
# git results log walks history in git log's order, with and without
# git's commit-graph (single file and split chain), through merges,
# octopus merges, equal dates and clock skew, over ranges and exclusions.

. "$(dirname "$0")/test-lib.sh"

# commit <name> <date> [<parent>...]: a commit with that committer date
commit() {
	name=$1 date=$2
	shift 2
	parents=
	for p in "$@"; do
		parents="$parents -p $p"
	done
	# each commit its own tree: results of an identical tree are shared
	blob=$(echo "$name" | git hash-object -w --stdin) &&
	tree=$(printf "100644 blob %s\tfile\n" "$blob" | git mktree) &&
	# shellcheck disable=SC2086
	oid=$(GIT_COMMITTER_DATE="$((1600000000 + date)) +0000" git commit-tree $parents -m "$name" "$tree") &&
	git update-ref "refs/tags/$name" "$oid"
}

# the order git log gives for <args>, restricted to commits with results
expect_same_order() {
	git notes --ref=results list >notes &&
	cut -d" " -f2 notes | cut -c1-7 >annotated &&
	git log --format=%h "$@" >log &&
	grep -F -x -f annotated log >expect &&
	git results log "$@" >out &&
	cut -d" " -f1 out >actual &&
	test_cmp expect actual
}

test_expect_success 'setup: a history with merges, ties and skew' '
	git init -q repo &&
	cd repo &&
	tree=$(git mktree </dev/null) &&
	commit A 1000 &&
	commit B 2000 A &&
	commit C 2000 A &&
	commit D 2000 B &&
	commit E 1500 C &&
	commit F 3000 D E &&
	commit G 2500 A &&
	commit H 2500 G &&
	commit I 4000 F H C &&
	commit J 900 I &&
	commit K 5000 J &&
	git update-ref refs/heads/main K &&
	git symbolic-ref HEAD refs/heads/main &&
	for c in A B C D E F G H I J K; do
		echo "ok 1 - t$c" | git results add -q --origin ci "$c" - || return 1
	done
'

test_expect_success 'without a commit-graph: the order of git log' '
	cd repo &&
	test_path_is_missing .git/objects/info/commit-graph &&
	expect_same_order &&
	expect_same_order K &&
	expect_same_order F H
'

test_expect_success 'ranges and exclusions, as git log' '
	cd repo &&
	expect_same_order B..K &&
	expect_same_order G..I &&
	expect_same_order K ^F &&
	expect_same_order K ^H ^C &&
	expect_same_order J..K
'

test_expect_success 'with a commit-graph file: the same order' '
	cd repo &&
	git commit-graph write --reachable &&
	test_path_is_file .git/objects/info/commit-graph &&
	expect_same_order &&
	expect_same_order B..K &&
	expect_same_order K ^H ^C
'

test_expect_success 'with a split commit-graph chain and commits outside it' '
	cd repo &&
	rm -f .git/objects/info/commit-graph &&
	git rev-parse F >tips &&
	git commit-graph write --split --stdin-commits <tips &&
	git rev-parse I >tips &&
	git commit-graph write --split=no-merge --stdin-commits <tips &&
	test_path_is_file .git/objects/info/commit-graphs/commit-graph-chain &&
	test_line_count = 2 .git/objects/info/commit-graphs/commit-graph-chain &&
	expect_same_order &&
	expect_same_order G..K
'

test_expect_success 'a damaged commit-graph is ignored, not trusted' '
	cd repo &&
	rm -rf .git/objects/info/commit-graphs &&
	git commit-graph write --reachable &&
	chmod u+w .git/objects/info/commit-graph &&
	printf "XXXX" | dd of=.git/objects/info/commit-graph bs=1 seek=0 conv=notrunc 2>/dev/null &&
	expect_same_order
'

test_expect_success 'a longer linear history with equal dates' '
	git init -q linear &&
	cd linear &&
	tree=$(git mktree </dev/null) &&
	commit L0 1000 &&
	prev=L0 &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		commit "L$i" $((1000 + i / 4 * 10)) "$prev" &&
		prev=L$i || return 1
	done &&
	commit M1 1010 L3 &&
	commit M2 1030 L12 M1 &&
	git update-ref refs/heads/main M2 &&
	git symbolic-ref HEAD refs/heads/main &&
	for c in L0 L2 L3 L5 L8 L9 L11 M1 M2; do
		echo "ok 1 - x" | git results add -q --origin ci "$c" - || return 1
	done &&
	expect_same_order &&
	git commit-graph write --reachable &&
	expect_same_order &&
	expect_same_order L4..M2
'

test_expect_success 'the walk reads commits from the graph, not the objects' '
	cd linear &&
	git results log >before &&
	l7=$(git rev-parse L7) &&
	mv .git/objects/$(echo $l7 | cut -c1-2)/$(echo $l7 | cut -c3-) l7.object &&
	test_must_fail git cat-file -e $l7 &&
	git results log >after &&
	test_cmp before after &&
	rm .git/objects/info/commit-graph &&
	test_must_fail git results log 2>err &&
	grep "cannot read commit $l7" err
'

test_expect_success 'hundreds of annotated commits, read in parallel batches' '
	git init -q many &&
	cd many &&
	for i in $(seq 400); do
		printf "commit refs/heads/main\ncommitter C <c@example.com> %d +0000\ndata 8\nc %05d\nM 644 inline file\ndata 6\n%05d\n\n" \
			$((1600000000 + i / 3)) "$i" "$i" || return 1
	done | git fast-import --quiet &&
	git symbolic-ref HEAD refs/heads/main &&
	git rev-list main >commits &&
	sed -n "1~2p" commits | sed "s|\$| $TEST_DATA/kunit-skip.ktap|" >batch &&
	git results add -q --batch --origin ci <batch &&
	expect_same_order &&
	git log --format="%h %s" main >log &&
	grep -F -f annotated log | sed "s/ / PASS  (4 PASS, 1 SKIP) /" >expect.lines &&
	git results log >actual.lines &&
	test_cmp expect.lines actual.lines
'

test_expect_success 'a bad revision is refused' '
	cd repo &&
	test_expect_code 1 git results log nosuch 2>err &&
	test -s err
'

# log, verify, format-patch and summary read a range through one function:
# each names the end that is bad, and none takes ".." (git reads a path).
test_expect_success 'every command names the bad end of a range' '
	cd repo &&
	for cmd in log verify format-patch summary
	do
		# verify keeps 1 for a record that did not verify
		code=1 &&
		if test $cmd = verify; then code=128; fi &&
		test_expect_code $code git results $cmd A..nosuch >out 2>err &&
		grep "^error: bad revision .nosuch.\$" err &&
		test_expect_code $code git results $cmd nosuch..A >out 2>err &&
		grep "^error: bad revision .nosuch.\$" err &&
		test_expect_code $code git results $cmd A...B >out 2>err &&
		grep "^error: symmetric ranges (.A\.\.\.B.) are not supported; use .a\.\.b.\$" err &&
		test_expect_code $code git results $cmd .. >out 2>err &&
		grep "^error: bad revision range .\.\.." err || return 1
	done
'

test_done
