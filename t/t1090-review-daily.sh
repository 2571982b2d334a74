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
	test_cmp before after
'

test_expect_success 'parse does not read results.origin, not even from git -c' '
	git -c results.origin=cfg results parse "$TEST_DATA/kunit-skip.ktap" >out &&
	grep "^origin local\$" out &&
	(cd repo && git -c results.origin=cfg results parse "$TEST_DATA/kunit-skip.ktap") >out &&
	grep "^origin local\$" out
'

test_done
