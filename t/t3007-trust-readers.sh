#!/bin/sh
# Trust only what verifies: a record copied onto another commit's note is
# not that commit's results in any reader, summary gives the verdict
# verify gives, and what fails verification does not leave by mail.
. "$(dirname "$0")/test-lib.sh"

KTAP=$TEST_DATA/kunit-skip.ktap

test_expect_success 'setup: a signed record, a copy of it, a changed one' '
	test_gpg_key "CI Bot <ci@example.com>" >ci.fpr &&
	git init -q repo &&
	cd repo &&
	test_commit c1 &&
	test_commit c2 &&
	test_commit c3 &&
	test_commit c4 &&
	git results add -q -u ci@example.com --origin ci --run good c1 "$KTAP" &&
	git results add -q --origin ci --run plain c3 "$KTAP" &&
	git notes --ref=results show c1 >note &&
	git notes --ref=results add -F note c2 &&
	git results add -q -u ci@example.com --origin ci --run changed --env arch=x86_64 c4 "$KTAP" &&
	git notes --ref=results show c4 >note4 &&
	sed "s/^env arch x86_64\$/env arch arm64/" note4 >tampered &&
	git notes --ref=results add -f -F tampered c4 &&
	test_expect_code 1 git results verify c2 >out &&
	grep -i "wrong.commit" out
'

test_expect_success 'log leaves a copied record out, with a warning' '
	cd repo &&
	git results log >out 2>err &&
	grep "^warning: leaving out 1 record in the note on $(git rev-parse c2): made for another commit" err &&
	! grep " c2\$" out &&
	grep " c1\$" out &&
	git results log --json >out.json 2>/dev/null &&
	! grep "$(git rev-parse c2)" out.json
'

test_expect_success 'diff leaves a copied record out, with a warning' '
	cd repo &&
	test_expect_code 128 git results diff c1 c2 >out 2>err &&
	grep "^error: no results recorded for .c2.\$" err &&
	grep "^warning: leaving out the record of origin .ci., run .good. in the note on $(git rev-parse c2): it was made for commit $(git rev-parse c1)\$" err
'

test_expect_success 'summary does not call a copied record a good signature' '
	cd repo &&
	git results summary c2 >out 2>err &&
	grep "^No results recorded for c2\$" out &&
	grep "^warning: leaving out the record of origin .ci., run .good." err &&
	! grep -i "good signature" out
'

test_expect_success 'summary gives a changed record the verdict verify gives' '
	cd repo &&
	test_expect_code 1 git results verify c4 >verify.out &&
	grep -i "bad" verify.out &&
	git results summary c4 >out 2>err &&
	grep "^    ci run changed: bad signature: key $(cat ../ci.fpr) " out &&
	! grep -i "good signature" out
'

test_expect_success 'format-patch refuses a changed record and a copied one, naming them' '
	cd repo &&
	test_expect_code 1 git results format-patch --stdout c4 >out 2>err &&
	grep "^error: the record of origin .ci., run .changed. on $(git rev-parse c4) does not verify (bad signature" err &&
	test_must_be_empty out &&
	test_expect_code 1 git results format-patch --stdout c2 >out 2>err &&
	grep "^error: the record of origin .ci., run .good. on $(git rev-parse c2) was made for commit $(git rev-parse c1)" err &&
	test_must_be_empty out &&
	git results format-patch --stdout c1 >out &&
	grep "^run good\$" out
'

test_expect_success 'push with results.requireValid refuses what fails verification' '
	cd repo &&
	git init -q --bare ../remote.git &&
	git remote add origin ../remote.git &&
	git push -q origin HEAD:refs/heads/main &&
	test_expect_code 1 git -c results.requireValid=true results push origin 2>err &&
	grep "^error: the record of origin .ci., run .changed. on $(git rev-parse c4) does not verify (bad signature" err &&
	grep "^error: the record of origin .ci., run .good. on $(git rev-parse c2) was made for commit $(git rev-parse c1)\$" err &&
	grep "^error: not pushing refs/notes/results: 2 records failed verification (results.requireValid)" err &&
	test_must_fail git -C ../remote.git rev-parse --verify -q refs/notes/results &&
	git notes --ref=results add -f -F note4 c4 &&
	git notes --ref=results remove c2 &&
	git -c results.requireValid=true results push -q origin &&
	git -C ../remote.git rev-parse --verify -q refs/notes/results
'

test_expect_success 'trailer takes no link from a copied record' '
	cd repo &&
	test_commit c5 &&
	test_commit c6 &&
	git results add -q --origin lab --run linked --link https://ci.example/c5 c5 "$KTAP" &&
	git results trailer c5 >out &&
	grep "^Test-link: https://ci.example/c5\$" out &&
	git notes --ref=results show c5 >note5 &&
	git notes --ref=results add -F note5 c6 &&
	test_expect_code 1 git results trailer c6 >out 2>err &&
	grep "^warning: leaving out the record of origin .lab., run .linked. in the note on $(git rev-parse c6)" err &&
	grep "^error: no results recorded for .c6.\$" err &&
	test_must_be_empty out
'

test_done
