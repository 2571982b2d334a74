#!/bin/sh
# git results setup: the fetch refspec, notes.displayRef, protection from
# git's notes merge strategies, the push refspec only where it changes
# nothing else, and installing the hooks.
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'setup' '
	git init -q --bare remote.git &&
	git init -q repo &&
	cd repo &&
	test_commit one &&
	git remote add origin ../remote.git &&
	git remote add other ../remote.git
'

test_expect_success 'setup configures the default remote and merge strategy, not git log' '
	cd repo &&
	git results setup 2>err &&
	git config --get-all remote.origin.fetch >fetch &&
	grep "^+refs/notes/results\*:refs/notes/remotes/origin/results\*$" fetch &&
	test_must_fail git config notes.displayRef &&
	grep "^notes.displayRef: not set" err &&
	test "$(git config notes.results.mergeStrategy)" = manual &&
	test_must_fail git config remote.origin.push &&
	grep "remote.origin.push: not set" err &&
	git config --get-all remote.other.fetch >fetch &&
	! grep notes fetch
'

test_expect_success 'setup again changes nothing' '
	cd repo &&
	cp .git/config config.before &&
	git results setup 2>err &&
	test_cmp config.before .git/config &&
	grep "(set already)" err
'

test_expect_success 'the fetch refspec works before the remote has any results' '
	cd repo &&
	git fetch origin 2>err &&
	test_must_fail git rev-parse -q --verify refs/notes/remotes/origin/results
'

test_expect_success 'plain git log shows no records unless setup --display asks' '
	cd repo &&
	git results add -q --origin ci "$TEST_DATA/kunit-skip.ktap" &&
	git log -1 >log 2>err &&
	! grep "^Notes (results):" log &&
	git notes --ref results remove HEAD 2>/dev/null &&
	git results setup -q --display &&
	test "$(git config notes.displayRef)" = "refs/notes/result[s]"
'

test_expect_success 'with --display git log shows results, and does not warn before there are any' '
	cd repo &&
	git log -1 >log 2>err &&
	test ! -s err &&
	git results add -q --origin ci "$TEST_DATA/kunit-skip.ktap" &&
	git log -1 >log 2>err &&
	test ! -s err &&
	grep "^Notes (results):" log &&
	grep "^    origin ci$" log
'

test_expect_success 'a named remote; a push refspec only where the remote has some' '
	cd repo &&
	git config remote.other.push refs/heads/main:refs/heads/main &&
	git results setup -q other &&
	git config --get-all remote.other.fetch >fetch &&
	grep "^+refs/notes/results\*:refs/notes/remotes/other/results\*$" fetch &&
	git config --get-all remote.other.push >push &&
	printf "refs/heads/main:refs/heads/main\nrefs/notes/results:refs/notes/results\n" >expect &&
	test_cmp expect push
'

test_expect_success '--push-refspec adds one anyway' '
	cd repo &&
	test_when_finished "git config --unset remote.origin.push" &&
	git results setup -q --push-refspec origin &&
	test "$(git config remote.origin.push)" = refs/notes/results:refs/notes/results
'

test_expect_success 'another notes ref, from results.notesRef' '
	cd repo &&
	git -c results.notesRef=ci results setup -q origin &&
	git config --get-all remote.origin.fetch >fetch &&
	grep "^+refs/notes/ci\*:refs/notes/remotes/origin/ci\*$" fetch &&
	test "$(git config notes.ci.mergeStrategy)" = manual
'

test_expect_success 'a damaging merge strategy is replaced, and said so' '
	cd repo &&
	git config notes.results.mergeStrategy cat_sort_uniq &&
	git results setup -q 2>err &&
	grep "^warning: notes.results.mergeStrategy was .cat_sort_uniq., which damages records; now .manual.$" err &&
	test "$(git config notes.results.mergeStrategy)" = manual
'

test_expect_success 'git notes merge then stops at a conflict instead of mangling records' '
	cd repo &&
	git config notes.mergeStrategy cat_sort_uniq &&
	git update-ref refs/notes/theirs refs/notes/results &&
	git results add -q --origin lab "$TEST_DATA/kunit-failure.ktap" &&
	git results add -q --ref theirs --origin lkft "$TEST_DATA/kunit-failure.ktap" &&
	before=$(git rev-parse refs/notes/results) &&
	test_must_fail git notes --ref=results merge theirs >out 2>&1 &&
	grep -i conflict out &&
	test $(git rev-parse refs/notes/results) = $before &&
	git notes --ref=results merge --abort &&
	git results merge theirs 2>err &&
	git notes --ref=results show >note &&
	test $(test_count_records note) = 3
'

test_expect_success 'notes.rewriteRef copying results is warned about' '
	cd repo &&
	git -c "notes.rewriteRef=refs/notes/*" results setup -q 2>err &&
	grep "^warning: notes.rewriteRef makes git copy refs/notes/results onto rewritten commits" err
'

test_expect_success 'setup --hooks installs the hooks' '
	cd repo &&
	git results setup -q --hooks &&
	test -x .git/hooks/post-rewrite &&
	test_cmp "$SRC_DIR/hooks/post-rewrite" .git/hooks/post-rewrite &&
	git results setup --hooks 2>err &&
	grep "^hook post-rewrite: installed already$" err
'

test_expect_success 'a different hook is not replaced without --force, and nothing is installed' '
	cd repo &&
	printf "#!/bin/sh\necho mine\n" >.git/hooks/post-rewrite &&
	cp .git/hooks/post-rewrite mine &&
	test_expect_code 1 git results setup -q --hooks 2>err &&
	grep "^error: a different post-rewrite hook is installed already: " err &&
	test_cmp mine .git/hooks/post-rewrite &&
	git results setup -q --hooks --force &&
	test_cmp "$SRC_DIR/hooks/post-rewrite" .git/hooks/post-rewrite
'

test_expect_success 'hooks go where core.hooksPath says' '
	cd repo &&
	test_when_finished "git config --unset core.hooksPath" &&
	git config core.hooksPath my-hooks &&
	git results setup -q --hooks &&
	test -x my-hooks/post-rewrite
'

test_expect_success 'the hooks are POSIX sh and shellcheck-clean' '
	for hook in "$SRC_DIR"/hooks/*; do
		shellcheck -s sh "$hook" || return 1
	done
'

test_expect_success 'setup in a repository without remotes sets up the rest' '
	git init -q lonely &&
	cd lonely &&
	git results setup 2>err &&
	grep "^no remote to set up$" err &&
	test "$(git config notes.results.mergeStrategy)" = manual
'

test_expect_success 'bad input: unknown remote, usage errors' '
	cd repo &&
	cp .git/config config.before &&
	test_expect_code 1 git results setup nowhere 2>err &&
	grep "^error: no such remote .nowhere.$" err &&
	test_cmp config.before .git/config &&
	test_expect_code 129 git results setup origin other 2>err &&
	test_expect_code 129 git results setup --force 2>err &&
	grep "^error: --force goes with --hooks" err &&
	test_expect_code 129 git results setup -h >out &&
	grep "^usage: git results setup" out
'

test_done
