#!/bin/sh
# Found in a review of the daily commands as a new user: bad input is
# refused the way git refuses it, and the repository stays as it was.
. "$(dirname "$0")/test-lib.sh"

# The refs and what fsck says of them, to compare before and after.
repo_state() {
	git for-each-ref &&
	git fsck --strict --no-dangling 2>&1
}

test_expect_success 'setup' '
	git init -q repo &&
	cd repo &&
	test_commit one &&
	test_commit two &&
	git results add --origin ci "$TEST_DATA/kunit-skip.ktap"
'

test_expect_success 'a lock file that stays is reported as git reports it, soon' '
	cd repo &&
	repo_state >before &&
	: >.git/refs/notes/results.lock &&
	start=$(date +%s) &&
	test_expect_code 128 git results add --run locked --origin ci \
		"$TEST_DATA/kunit-skip.ktap" 2>err &&
	test_expect_code 128 git results remove --origin ci HEAD 2>>err &&
	end=$(date +%s) &&
	rm .git/refs/notes/results.lock &&
	test $((end - start)) -lt 8 &&
	test "$(grep -c "^fatal: cannot lock ref .refs/notes/results.: unable to create .*/refs/notes/results.lock.: File exists\$" err)" = 2 &&
	! grep "keeps changing" err &&
	repo_state >after &&
	test_cmp before after
'

test_expect_success 'the stale lock hint names the file and how to check it' '
	cd repo &&
	: >.git/refs/notes/results.lock &&
	test_when_finished "rm -f .git/refs/notes/results.lock" &&
	test_expect_code 128 git results add --run locked --origin ci \
		"$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "^hint: .*no$" err &&
	grep "^hint: git or git results process uses this repository" err &&
	grep "^hint:   rm .*/refs/notes/results.lock.\$" err
'

test_expect_success 'an error under the ref lock releases the lock' '
	cd repo &&
	repo_state >before &&
	test_expect_code 128 env GIT_TEST_REF_READ_ERROR=refs/notes/results \
		git results add --run injected --origin ci \
		"$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "^fatal: cannot read notes ref: injected read error" err &&
	test_path_is_missing .git/refs/notes/results.lock &&
	repo_state >after &&
	test_cmp before after &&
	git results add --run after-error --origin ci "$TEST_DATA/kunit-skip.ktap" &&
	git notes --ref=results show HEAD >note &&
	grep "^run after-error\$" note
'

test_expect_success 'remove --run alone names the run, not an origin "*"' '
	cd repo &&
	repo_state >before &&
	test_expect_code 1 git results remove --run nosuch HEAD 2>err &&
	echo "error: no results recorded for '"'HEAD'"' with run '"'nosuch'"'" >expect &&
	test_cmp expect err &&
	test_expect_code 1 git results remove --origin ci --run nosuch HEAD 2>err &&
	echo "error: no results recorded for '"'HEAD'"' from origin '"'ci'"', run '"'nosuch'"'" >expect &&
	test_cmp expect err &&
	repo_state >after &&
	test_cmp before after
'

test_expect_success 'copy of a commit with results onto itself has nothing to do' '
	cd repo &&
	repo_state >before &&
	git results copy HEAD HEAD 2>err &&
	! test -s err &&
	test_expect_code 1 git results copy HEAD~1 HEAD~1 2>err &&
	grep "^error: no results recorded for .HEAD~1.\$" err &&
	repo_state >after &&
	test_cmp before after &&
	git notes --ref=results add -m "not a record" HEAD~1 &&
	repo_state >before &&
	test_expect_code 1 git results copy HEAD~1 HEAD~1 2>err &&
	grep "^error: the note on .HEAD~1. is not made of results records\$" err &&
	repo_state >after &&
	test_cmp before after &&
	git notes --ref=results remove HEAD~1
'

test_expect_success 'parse does not read results.origin, not even from git -c' '
	git -c results.origin=cfg results parse "$TEST_DATA/kunit-skip.ktap" >out &&
	grep "^origin local\$" out &&
	(cd repo && git -c results.origin=cfg results parse "$TEST_DATA/kunit-skip.ktap") >out &&
	grep "^origin local\$" out
'

test_expect_success 'an ambiguous short id, and a name that is two refs, are said to be so' '
	cd repo &&
	echo "blob 173" | git hash-object -w --stdin >ids &&
	echo "blob 514" | git hash-object -w --stdin >>ids &&
	test "$(cut -c1-4 ids | uniq | wc -l)" = 1 &&
	repo_state >before &&
	test_expect_code 1 git results show 2583 2>err &&
	grep "^error: short object ID 2583 is ambiguous\$" err &&
	test_expect_code 1 git results add 2583 "$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "^error: short object ID 2583 is ambiguous\$" err &&
	git branch both HEAD~1 &&
	git tag both HEAD &&
	git results show both >out 2>err &&
	grep "^warning: refname .both. is ambiguous\$" err &&
	grep "^commit $(git rev-parse refs/tags/both)\$" out &&
	git results show two 2>err >/dev/null &&
	! grep warning err &&
	git branch -D both &&
	git tag -d both &&
	repo_state >after &&
	test_cmp before after
'

test_expect_success 'in a repository without commits, show, log and add say so' '
	git init -q unborn &&
	cd unborn &&
	for cmd in "show" "log" "verify" "add $TEST_DATA/kunit-skip.ktap"; do
		code=1 &&
		if test "$cmd" = verify; then code=128; fi &&
		test_expect_code $code git results $cmd 2>err &&
		echo "error: your current branch '"'main'"' does not have any commits yet" >expect &&
		test_cmp expect err || return 1
	done &&
	test_path_is_missing .git/refs/notes/results
'

test_expect_success 'dates in RFC 3339 may have a lower-case t and z' '
	git results parse --date 2026-11-25t11:00:00+01:00 "$TEST_DATA/kunit-skip.ktap" >out &&
	grep "^date 2026-11-25T10:00:00Z\$" out &&
	git results parse --date 2026-11-25t10:00:00z "$TEST_DATA/kunit-skip.ktap" >out &&
	grep "^date 2026-11-25T10:00:00Z\$" out &&
	test_expect_code 1 git results parse --date 2026-11-25x10:00:00z \
		"$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "^error: invalid date" err
'

# logged <log arguments>: the commits git results log lists, in full.
logged() {
	git results log --json "$@" >"$TRASH_DIRECTORY/logged.json" &&
	sed -n 's/^ *"commit": "\(.*\)",$/\1/p' "$TRASH_DIRECTORY/logged.json"
}

test_expect_success 'log limited to paths lists what git log --full-history lists' '
	git init -q paths &&
	cd paths &&
	mkdir a b &&
	for i in 1 2 3; do
		echo $i >>a/x && git add a && git commit -qm "a $i" &&
		echo $i >>b/y && git add b && git commit -qm "b $i" || return 1
	done &&
	git checkout -q -b side HEAD~3 &&
	echo s >a/s && git add a && git commit -qm "side a" &&
	echo c >c && git add c && git commit -qm "side c" &&
	git checkout -q main &&
	git merge -q --no-edit side &&
	git rev-list --all >commits &&
	sed "s|\$| $TEST_DATA/kunit-skip.ktap|" commits |
		git results add -q --batch &&
	for spec in "-- a" "-- b/y" "-- c" "-- ." "-- a/*" "a" "b c" "HEAD~2.. -- a"; do
		eval "logged $spec" >actual &&
		eval "git log --full-history --format=%H $spec" >expect &&
		test_cmp expect actual || return 1
	done &&
	(cd a && logged -- . ../c) >actual &&
	git log --full-history --format=%H -- a c >expect &&
	test_cmp expect actual &&
	test -s actual
'

test_expect_success 'log: a path outside the repository, and a name that is both, are refused' '
	cd paths/a &&
	test_expect_code 128 git results log -- ../../x 2>err &&
	grep "^fatal: ../../x: .../../x. is outside repository at " err &&
	cd .. &&
	git tag a &&
	test_expect_code 128 git results log a 2>err &&
	grep "^fatal: ambiguous argument .a.: both revision and filename" err &&
	logged a -- >actual &&
	git log --format=%H a -- >expect &&
	test_cmp expect actual &&
	test_expect_code 1 git results log nosuch -- a 2>err &&
	grep "^error: bad revision .nosuch.\$" err
'

test_done
