#!/bin/sh
# hooks/prepare-commit-msg and hooks/pre-push, run by git itself
# through core.hooksPath.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-release.sh"


test_expect_success 'setup' '
	git init -q --bare remote.git &&
	git init -q repo &&
	cd repo &&
	git config core.hooksPath "$SRC_DIR/hooks" &&
	git remote add origin ../remote.git &&
	git commit -q --allow-empty -m "Linux 6.0" &&
	write_tap ../pass.tap ok:a ok:b &&
	git results add --origin ci --run r1 --link https://ci.example/r1 HEAD ../pass.tap
'

test_expect_success 'prepare-commit-msg does nothing unless configured' '
	cd repo &&
	git commit -q --allow-empty -m "Linux 6.1" &&
	git log -1 --format=%B >msg &&
	! grep Test-link msg
'

test_expect_success 'prepare-commit-msg adds the trailers of HEAD to a release subject' '
	cd repo &&
	git reset -q --hard HEAD~1 &&
	git config results.releaseSubject "^Linux [0-9]+\\.[0-9]+" &&
	tested=$(git rev-parse HEAD) &&
	git commit -q --allow-empty -m "Linux 6.1" &&
	git log -1 --format=%B >msg &&
	printf "Linux 6.1\n\nTest-link: https://ci.example/r1\n\n" >expect &&
	test_cmp expect msg &&
	git log -1 --format="%(trailers:key=Test-link,valueonly)" >value &&
	printf "https://ci.example/r1\n\n" >expect &&
	test_cmp expect value &&
	git commit -q --allow-empty -m "net: not a release" &&
	git log -1 --format=%B >msg &&
	! grep Test-link msg
'

test_expect_success 'amending a release commit links its parent and adds nothing twice' '
	cd repo &&
	git reset -q --hard HEAD~1 &&
	git commit -q --amend --allow-empty --no-edit &&
	git log -1 --format=%B >msg &&
	test $(grep -c "^Test-link: https://ci.example/r1$" msg) = 1 &&
	git reset -q --hard HEAD~1 &&
	git -c core.hooksPath=/dev/null commit -q --allow-empty -m "Linux 6.1" &&
	git log -1 --format=%B >msg &&
	! grep Test-link msg &&
	git commit -q --amend --allow-empty --no-edit 2>err &&
	git log -1 --format=%B >msg &&
	test $(grep -c "^Test-link: https://ci.example/r1$" msg) = 1 &&
	! test -s err
'

test_expect_success 'prepare-commit-msg fires on a commit that touches results.summaryDir' '
	cd repo &&
	git config --unset results.releaseSubject &&
	git config results.linkTemplate "https://dash.example/%h" &&
	git config results.summaryDir Documentation/results &&
	mkdir -p Documentation/results &&
	echo summary >Documentation/results/v6.2.txt &&
	git add Documentation/results/v6.2.txt &&
	short=$(git rev-parse --short HEAD) &&
	git commit -q -m "Add the v6.2 summary" &&
	git log -1 --format=%B >msg &&
	grep "^Test-link: https://dash.example/$short$" msg &&
	echo other >other.txt &&
	git add other.txt &&
	git commit -q -m "unrelated" &&
	git log -1 --format=%B >msg &&
	! grep Test-link msg
'

test_expect_success 'prepare-commit-msg never stops a commit' '
	cd repo &&
	git config results.linkTemplate "https://dash.example/%Q" &&
	echo more >>Documentation/results/v6.2.txt &&
	git add Documentation/results/v6.2.txt &&
	git commit -q -m "Update the summary" 2>err &&
	grep "no Test-link trailer added" err &&
	git log -1 --format=%s >subject &&
	echo "Update the summary" >expect &&
	test_cmp expect subject &&
	git config --unset results.linkTemplate &&
	git config --unset results.summaryDir
'

test_expect_success 'pre-push warns about a tag without results and pushes it' '
	cd repo &&
	git commit -q --allow-empty -m untested &&
	git tag -a -m v0.9 v0.9 &&
	git push -q origin main v0.9 2>err &&
	grep "^warning: tag .v0.9. points at $(git rev-parse --short HEAD), which has no results$" err &&
	git --git-dir=../remote.git rev-parse -q --verify refs/tags/v0.9
'

test_expect_success 'results.requireResults refuses a tag without results' '
	cd repo &&
	git config results.requireResults true &&
	git tag -a -m v0.10 v0.10 &&
	test_must_fail git push -q origin v0.10 2>err &&
	grep "^error: tag .v0.10. points at $(git rev-parse --short HEAD), which has no results$" err &&
	! git --git-dir=../remote.git rev-parse -q --verify refs/tags/v0.10 &&
	git results add --origin ci --run r2 HEAD ../pass.tap &&
	git push -q origin v0.10 &&
	git --git-dir=../remote.git rev-parse -q --verify refs/tags/v0.10
'

test_expect_success 'branches and deletions are not checked' '
	cd repo &&
	git commit -q --allow-empty -m "another untested" &&
	git push -q origin main &&
	git push -q origin :refs/tags/v0.9
'

test_expect_success 'results.requireResults=signed needs a signed record' '
	cd repo &&
	git config results.requireResults signed &&
	git results add --origin ci --run r3 HEAD ../pass.tap &&
	git tag -a -m v1.0 v1.0 &&
	test_must_fail git push -q origin v1.0 2>err &&
	grep "which has no results with a good signature" err &&
	git notes --ref=results show HEAD >note &&
	{ cat note; printf "%s\n" "-----BEGIN PGP SIGNATURE-----" "" "iHUEABYKAB0WIQTfake=" "=abcd" \
		"-----END PGP SIGNATURE-----"; } >signed &&
	git notes --ref=results add -f -F signed HEAD &&
	test_must_fail git push -q origin v1.0 2>err &&
	grep "which has no results with a good signature" err &&
	test_gpg_key "Release Bot <release@example.org>" >/dev/null &&
	git results add -q --sign -u release@example.org --origin ci --run r4 HEAD ../pass.tap &&
	git push -q origin v1.0 &&
	git config results.requireResults false
'

test_expect_success 'results.pushNotes pushes the notes ref with the push' '
	cd repo &&
	git config results.pushNotes true &&
	git commit -q --allow-empty -m next &&
	git results add --origin ci --run r4 HEAD ../pass.tap &&
	git push -q origin main &&
	test "$(git --git-dir=../remote.git rev-parse refs/notes/results)" = "$(git rev-parse refs/notes/results)" &&
	git --git-dir=../remote.git notes --ref=results show main >note &&
	grep "^run r4$" note
'

test_expect_success 'results.pushNotes merges what others pushed first, and does not block the push' '
	cd repo &&
	test_when_finished "git config results.requireResults false" &&
	git config results.requireResults true &&
	git clone -q ../remote.git ../other &&
	git -C ../other results add -q --origin lab --run o1 main ../pass.tap &&
	git -C ../other results push -q &&
	git commit -q --allow-empty -m "after others" &&
	git results add -q --origin ci --run r6 HEAD ../pass.tap &&
	git tag -a -m v1.2 v1.2 &&
	git push -q origin main v1.2 &&
	git --git-dir=../remote.git rev-parse -q --verify refs/tags/v1.2 &&
	git --git-dir=../remote.git notes --ref=results show main >note &&
	grep "^run r6$" note &&
	git --git-dir=../remote.git notes --ref=results show main~1 >note &&
	grep "^origin lab$" note
'

test_expect_success 'results.pushNotes publishes no results of commits not pushed' '
	cd repo &&
	git checkout -q -b embargo &&
	git commit -q --allow-empty -m "embargoed fix" &&
	git results add -q --origin ci --run e1 HEAD ../pass.tap &&
	git checkout -q main &&
	git commit -q --allow-empty -m "public work" &&
	git results add -q --origin ci --run p1 HEAD ../pass.tap &&
	git push -q origin main &&
	git --git-dir=../remote.git notes --ref=results show main >note &&
	grep "^run p1$" note &&
	test_must_fail git --git-dir=../remote.git notes --ref=results show $(git rev-parse embargo)
'

test_expect_success 'pre-push accepts a release tag on a version bump carrying its parent Test-link' '
	cd repo &&
	test_when_finished "git config results.requireResults false && git config --unset results.releaseSubject" &&
	git config results.requireResults true &&
	git config results.releaseSubject "^Linux [0-9]+\\.[0-9]+" &&
	git commit -q --allow-empty -m "release candidate" &&
	git results add -q --origin ci --run rc1 --link https://ci.example/rc1 HEAD ../pass.tap &&
	git commit -q --allow-empty -m "Linux 6.3" &&
	git log -1 --format=%B >msg &&
	grep "^Test-link: https://ci.example/rc1$" msg &&
	git tag -a -m v6.3 v6.3 &&
	git push -q origin main v6.3 &&
	git --git-dir=../remote.git rev-parse -q --verify refs/tags/v6.3
'

test_expect_success 'pre-push refuses a version bump without the trailer, or no release commit' '
	cd repo &&
	test_when_finished "git config results.requireResults false && git config --unset results.releaseSubject" &&
	git config results.requireResults true &&
	git config results.releaseSubject "^Linux [0-9]+\\.[0-9]+" &&
	git commit -q --allow-empty -m "release candidate 2" &&
	git results add -q --origin ci --run rc2 --link https://ci.example/rc2 HEAD ../pass.tap &&
	echo 6.4 >VERSION &&
	git add VERSION &&
	git -c core.hooksPath=/dev/null commit -q -m "Linux 6.4" &&
	git tag -a -m v6.4 v6.4 &&
	test_must_fail git push -q origin v6.4 2>err &&
	grep "^error: tag .v6.4. points at .*, which has no results$" err &&
	git reset -q --hard HEAD~1 &&
	echo 6.5 >VERSION &&
	git add VERSION &&
	git -c core.hooksPath=/dev/null commit -q -m "not a release" \
		-m "Test-link: https://ci.example/rc2" &&
	git tag -a -m v6.5 v6.5 &&
	test_must_fail git push -q origin v6.5 2>err &&
	grep "^error: tag .v6.5. points at .*, which has no results$" err
'

test_expect_success 'a tag on a commit with the tree of a tested one is accepted, as readers see it' '
	cd repo &&
	test_when_finished "git config results.requireResults false" &&
	git config results.requireResults true &&
	echo twin >twin.txt &&
	git add twin.txt &&
	git commit -q -m "tested twin" &&
	git results add -q --origin ci --run twin HEAD ../pass.tap &&
	git -c core.hooksPath=/dev/null commit -q --amend -m "tested twin, reworded" &&
	git tag -a -m v7.0 v7.0 &&
	git push -q origin v7.0 2>err &&
	test_must_be_empty err
'

test_expect_success 'a bad results.requireResults value stops the push' '
	cd repo &&
	test_when_finished "git config --unset results.requireResults" &&
	git config results.requireResults maybe &&
	git tag -a -m v1.1 v1.1 &&
	test_must_fail git push -q origin v1.1 2>err &&
	grep "bad boolean config value" err
'

test_expect_success 'results.pushNotes pushes the notes ref results.notesRef names, as git results reads it' '
	cd repo &&
	test_when_finished "git config --unset results.notesRef" &&
	git config results.notesRef notes/ci &&
	git commit -q --allow-empty -m after-ci &&
	git results add -q --origin ci --run r5 HEAD ../pass.tap &&
	git rev-parse -q --verify refs/notes/ci &&
	git push -q origin main 2>err &&
	test ! -s err &&
	test "$(git --git-dir=../remote.git rev-parse refs/notes/ci)" = "$(git rev-parse refs/notes/ci)"
'

test_done
