#!/bin/sh
# The notes tree: batch writes, git-compatible fanout, duplicates at two
# fanout depths, non-note entries.
. "$(dirname "$0")/test-lib.sh"

# make_commits <n>: n commits on main, fast, through git fast-import.
make_commits() {
	i=1
	{
		while test $i -le "$1"; do
			printf 'commit refs/heads/main\ncommitter C O Mitter <c@example.com> %d +0000\ndata <<EOF\ncommit %d\nEOF\n\n' $((1700000000 + i)) $i
			i=$((i + 1))
		done
	} | git fast-import --quiet
}

test_expect_success 'setup: 600 commits' '
	git init -q repo &&
	cd repo &&
	make_commits 600 &&
	git rev-list main >../commits &&
	test $(wc -l <../commits) = 600
'

test_expect_success 'add --batch attaches 600 records in one notes commit' '
	cd repo &&
	sed "s|\$| $TEST_DATA/kunit-skip.ktap|" ../commits >batch &&
	git results add --batch --origin ci <batch &&
	test $(git rev-list --count refs/notes/results) = 1 &&
	git notes --ref=results list >notes &&
	test $(wc -l <notes) = 600 &&
	git fsck --strict
'

# ktap_2000 <seed>: a KUnit-shaped log of 20 suites of 100 tests, out of
# order, about 2% failing
ktap_2000() {
	awk -v seed="$1" 'BEGIN {
		srand(seed); print "KTAP version 1"; print "1..20"
		for (s = 1; s <= 20; s++) {
			printf "    KTAP version 1\n    # Subtest: suite_%d\n    1..100\n", (s * 7) % 20
			for (c = 1; c <= 100; c++)
				printf "    %s %d case_%d_of_a_longer_name\n", rand() < 0.02 ? "not ok" : "ok", c, c
			printf "ok %d suite_%d\n", s, (s * 7) % 20
		}
	}'
}

test_expect_success 'add --batch keeps one commit'"'"'s records in memory, not the batch'"'"'s' '
	cd repo &&
	ktap_2000 1 >../a.ktap &&
	ktap_2000 2 >../b.ktap &&
	# 300 records of 2,000 tests (over 20 MB of records), two on each
	# of the 150 commits, in lines far apart
	head -n 150 ../commits >some &&
	{
		sed "s|\$| ../a.ktap|" some &&
		sed "s|\$| ../b.ktap|" some
	} >big-batch &&
	/usr/bin/time -f %M -o rss git results add -q --batch --ref big \
		--origin ci --date @1700000000 <big-batch &&
	git notes --ref=big list >notes &&
	test $(wc -l <notes) = 150 &&
	for c in $(sed -n -e 1p -e 150p some); do
		git results add -q --ref one --origin ci --date @1700000000 $c ../a.ktap &&
		git results add -q --ref one --origin ci --date @1700000000 $c ../b.ktap &&
		test "$(git notes --ref=big list $c)" = "$(git notes --ref=one list $c)" ||
		return 1
	done &&
	git notes --ref=big show $(head -n 1 some) >note &&
	test $(grep -c "^results 1\$" note) = 2 &&
	if grep -q fsanitize "$SRC_DIR/GIT-CFLAGS"; then
		say "peak RSS $(cat rss) kB (sanitizer build: not checked)"
	else
		test $(cat rss) -lt 32768
	fi
'

test_expect_success 'the tree is fanned out as git does it (2/38)' '
	cd repo &&
	git ls-tree refs/notes/results >root &&
	! grep -v "^040000 tree [0-9a-f]*	[0-9a-f][0-9a-f]$" root &&
	git ls-tree -r --name-only refs/notes/results >paths &&
	! grep -v "^[0-9a-f][0-9a-f]/[0-9a-f]\{38\}$" paths
'

test_expect_success 'git notes add on top does not re-fan what we wrote' '
	cd repo &&
	git commit -q --allow-empty -m extra &&
	before=$(git rev-parse refs/notes/results^{tree}) &&
	git notes --ref=results add -m "by git" HEAD &&
	after=$(git rev-parse refs/notes/results^{tree}) &&
	git diff-tree -r --name-status $before $after >changes &&
	test $(wc -l <changes) = 1 &&
	grep "^A	" changes
'

test_expect_success 'and we do not re-fan what git wrote' '
	cd repo &&
	git notes --ref=byhand add -m one HEAD~1 &&
	git commit -q --allow-empty -m extra2 &&
	git results add --origin ci HEAD "$TEST_DATA/kunit-skip.ktap" &&
	before=$(git rev-parse refs/notes/results~1^{tree}) &&
	after=$(git rev-parse refs/notes/results^{tree}) &&
	git diff-tree -r --name-status $before $after >changes &&
	test $(wc -l <changes) = 1
'

test_expect_success 'a small tree is not fanned out' '
	git init -q small &&
	cd small &&
	make_commits 10 &&
	git rev-list main >commits &&
	sed "s|\$| $TEST_DATA/kunit-skip.ktap|" commits >batch &&
	git results add --batch <batch &&
	git ls-tree --name-only refs/notes/results >root &&
	test $(wc -l <root) = 10 &&
	! grep / root
'

test_expect_success 'a note found at two fanout depths is merged into one on write' '
	cd small &&
	c=$(git rev-parse main) &&
	git results add --ref a --origin lab_a --run 1 $c "$TEST_DATA/kunit-skip.ktap" &&
	git results add --ref b --origin lab_b --run 1 $c "$TEST_DATA/kunit-skip.ktap" &&
	blob_a=$(git rev-parse refs/notes/a:$c) &&
	blob_b=$(git rev-parse refs/notes/b:$c) &&
	prefix=$(echo $c | cut -c1-2) &&
	rest=$(echo $c | cut -c3-) &&
	sub=$(printf "100644 blob %s\t%s\n" $blob_b $rest | git mktree) &&
	tree=$(printf "100644 blob %s\t%s\n040000 tree %s\t%s\n" $blob_a $c $sub $prefix | git mktree) &&
	commit=$(echo dup | git commit-tree $tree) &&
	git update-ref refs/notes/dup $commit &&
	git results add --ref dup --origin lab_c main~1 "$TEST_DATA/kunit-skip.ktap" &&
	git ls-tree -r --name-only refs/notes/dup >paths &&
	test $(grep -c "$rest\$" paths) = 1 &&
	git notes --ref=dup show $c >note &&
	grep "^origin lab_a$" note &&
	grep "^origin lab_b$" note &&
	git fsck --strict
'

test_expect_success 'entries that are not notes are kept' '
	cd small &&
	blob=$(echo "keep me" | git hash-object -w --stdin) &&
	git ls-tree refs/notes/results >entries &&
	printf "100644 blob %s\tREADME\n" $blob >>entries &&
	tree=$(git mktree <entries) &&
	commit=$(echo x | git commit-tree -p refs/notes/results $tree) &&
	git update-ref refs/notes/results $commit &&
	git results remove main &&
	git cat-file -p refs/notes/results:README >out &&
	echo "keep me" >expect &&
	test_cmp expect out
'

test_done
