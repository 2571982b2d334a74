#!/bin/sh
# Clones of every shape: a shallow clone's walks stop at its boundary as
# git's do, and a partial clone fetches the notes it left out through git.
. "$(dirname "$0")/test-lib.sh"

KTAP_SKIP=$TEST_DATA/kunit-skip.ktap

test_expect_success 'setup: a remote with results on two of three commits' '
	git init -q seed &&
	(
		cd seed &&
		test_commit one &&
		test_commit two &&
		test_commit three &&
		git results add -q --origin ci --run r1 one "$KTAP_SKIP" &&
		git results add -q --origin ci --run r3 three "$KTAP_SKIP" &&
		git config uploadpack.allowFilter true
	)
'

test_expect_success 'a shallow clone: log, show and summary stop at the boundary' '
	git clone -q --depth 1 "file://$TRASH_DIRECTORY/seed" shallow &&
	git -C shallow results fetch -q &&
	git -C shallow results pull -q &&
	git -C shallow log --format="%h %s" >expect.raw &&
	sed "s/ / PASS  (4 PASS, 1 SKIP) /" expect.raw >expect &&
	git -C shallow results log >actual &&
	test_cmp expect actual &&
	git -C shallow results log -- three.t >actual &&
	test_cmp expect actual &&
	git -C shallow results show HEAD >out &&
	grep "^origin ci  run r3" out &&
	git -C shallow results summary HEAD >out &&
	grep "^Range:     HEAD, 1 commit, 0 merges$" out
'

test_expect_success 'a deeper shallow clone walks down to its boundary' '
	git clone -q --depth 2 "file://$TRASH_DIRECTORY/seed" shallow2 &&
	git -C shallow2 results pull -q &&
	git -C shallow2 results log --json >out &&
	grep -c "\"commit\"" out >count &&
	echo 1 >expect &&
	test_cmp expect count &&
	git -C shallow2 results summary HEAD >out &&
	grep "^Range:     two\.\.HEAD, 1 commit, 0 merges$" out &&
	git -C shallow2 tag -d two >/dev/null &&
	git -C shallow2 results summary HEAD >out &&
	grep "^Range:     HEAD, 2 commits, 0 merges$" out
'

test_expect_success 'a partial clone fetches the note blobs it left out' '
	git clone -q --filter=blob:none "file://$TRASH_DIRECTORY/seed" partial &&
	git -C partial results pull -q &&
	git -C partial rev-list --objects --missing=print refs/notes/results >objects &&
	grep "^?" objects &&
	git -C partial results log >actual &&
	git -C seed results log >expect &&
	test_cmp expect actual &&
	git -C partial rev-list --objects --missing=print refs/notes/results >objects &&
	! grep "^?" objects
'

test_expect_success 'a partial clone: show and summary fetch the one note they read' '
	git clone -q --filter=blob:none "file://$TRASH_DIRECTORY/seed" partial2 &&
	git -C partial2 results pull -q &&
	git -C partial2 results show one >out &&
	grep "^origin ci  run r1" out &&
	git -C partial2 results summary three >out &&
	grep "^Total: PASS, 5 tests" out
'

# The known-issues file of an older commit is a blob the checkout did not
# fetch: diff and log --test read it as git would, fetching it first.
test_expect_success 'a partial clone: diff and log --test fetch an old known-issues file' '
	git init -q known &&
	(
		cd known &&
		git config uploadpack.allowFilter true &&
		mkdir -p Documentation/results &&
		echo "example_skip_test* https://bugs.example.org/1 always skips" \
			>Documentation/results/known-issues &&
		git add Documentation &&
		git commit -q -m listed &&
		printf "KTAP version 1\n1..1\nnot ok 1 example_skip_test\n" >../fail.ktap &&
		git results add -q --origin ci --run r1 HEAD ../fail.ktap &&
		echo "other https://bugs.example.org/2" >Documentation/results/known-issues &&
		git commit -q -a -m "another known issue" &&
		git results add -q --origin ci --run r2 HEAD ../fail.ktap
	) &&
	git clone -q --filter=blob:none "file://$TRASH_DIRECTORY/known" known-partial &&
	cd known-partial &&
	git results pull -q &&
	listed=$(git rev-parse HEAD~1:Documentation/results/known-issues) &&
	git rev-list --objects --missing=print HEAD~1 >objects &&
	grep "^?$listed" objects &&
	git results log --test example_skip_test HEAD~1 >out &&
	grep "^    ci  example_skip_test  known: https://bugs.example.org/1  # always skips$" out &&
	git results diff --json HEAD HEAD~1 >json &&
	grep "\"link\": \"https://bugs.example.org/1\"" json
'

test_expect_success 'prune removes the notes of commits that no longer exist' '
	git init -q pruned &&
	cd pruned &&
	test_commit kept &&
	git checkout -q -b doomed &&
	test_commit gone &&
	gone=$(git rev-parse gone) &&
	git results add -q --origin ci --run k1 kept "$KTAP_SKIP" &&
	git results add -q --origin ci --run g1 gone "$KTAP_SKIP" &&
	git checkout -q main &&
	git branch -D -q doomed &&
	git tag -d gone >/dev/null &&
	git reflog expire --expire=now --all &&
	git gc -q --prune=now &&
	test_must_fail git cat-file -e $gone &&
	git results prune -n >out &&
	echo $gone >expect &&
	test_cmp expect out &&
	git notes --ref results show $gone >/dev/null &&
	git results prune -v >out &&
	test_cmp expect out &&
	test_must_fail git notes --ref results show $gone &&
	git results show kept >out &&
	grep "^origin ci  run k1" out &&
	git results prune >out &&
	! test -s out
'

test_expect_success 'prune refuses a shallow clone, whose old commits are not gone' '
	test_expect_code 128 git -C shallow results prune 2>err &&
	grep "^fatal: cannot prune in a shallow clone" err
'

test_done
