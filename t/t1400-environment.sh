#!/bin/sh
# git finds and runs us like its own commands: git -C, GIT_DIR,
# GIT_WORK_TREE, git -c, and a bare repository.
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'setup' '
	git init -q repo &&
	(cd repo && test_commit one) &&
	git clone -q --bare repo bare.git
'

test_expect_success 'git -C runs in the named repository' '
	git -C repo results add --origin ci "$TEST_DATA/kunit-skip.ktap" &&
	git -C repo notes --ref=results show HEAD >note &&
	grep "^origin ci$" note
'

test_expect_success 'from a subdirectory' '
	mkdir -p repo/sub/dir &&
	(cd repo/sub/dir && git results show >../../../out) &&
	grep "^origin ci" out
'

test_expect_success 'GIT_DIR and GIT_WORK_TREE are honoured' '
	GIT_DIR=repo/.git GIT_WORK_TREE=repo git results show >out &&
	grep "^origin ci" out &&
	GIT_DIR=repo/.git git results add --origin envdir --run 1 "$TEST_DATA/kunit-skip.ktap" &&
	git -C repo notes --ref=results show HEAD >note &&
	grep "^origin envdir$" note
'

test_expect_success 'git --git-dir and --work-tree' '
	git --git-dir=repo/.git --work-tree=repo results log >out &&
	test $(wc -l <out) = 1
'

test_expect_success 'a bare repository' '
	git -C bare.git results add --origin bare "$TEST_DATA/kunit-skip.ktap" &&
	git -C bare.git notes --ref=results show HEAD >note &&
	grep "^origin bare$" note &&
	git -C bare.git fsck --strict
'

test_expect_success 'git -c sets results.* for one command' '
	git -C repo -c results.origin=from_c results add --run c1 "$TEST_DATA/kunit-skip.ktap" &&
	git -C repo notes --ref=results show HEAD >note &&
	grep "^origin from_c$" note &&
	git -C repo -c results.notesRef=refs/notes/via-c results add --origin x "$TEST_DATA/kunit-skip.ktap" &&
	git -C repo notes --ref=via-c show HEAD >note &&
	grep "^origin x$" note
'

test_expect_success 'results.origin in the repository config' '
	git -C repo config results.origin lab_one &&
	git -C repo results add --run cfg "$TEST_DATA/kunit-skip.ktap" &&
	git -C repo notes --ref=results show HEAD >note &&
	grep "^origin lab_one$" note
'

test_done
