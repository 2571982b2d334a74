#!/bin/sh
# git results log --test: the history of a test per origin and
# environment, newest first, with one history strip per environment, over
# a main line with a merged subsystem branch; globs and suites; reruns
# counted once, as the worse (and unstable when they differ); the
# same-tree rule; foreign records; --json.

. "$(dirname "$0")/test-lib.sh"
. "$SRC_DIR/t/lib-test-history.sh"

test_expect_success 'setup: a main line, a merged subsystem branch, two architectures' '
	th_setup
'

test_expect_success 'each commit that has the test, newest first, per environment' '
	cd repo &&
	git results log --test example.regress_test >out &&
	set -- $(th_short D M S4 S3 S1 B A) &&
	cat >expect <<-EOF &&
	$1 D
	    FAIL  example.regress_test  ci arch=arm64 config=defconfig
	    PASS  example.regress_test  ci arch=x86_64 config=defconfig
	$2 M
	    PASS  example.regress_test  ci arch=x86_64 config=defconfig
	$3 S4
	    FAIL  example.regress_test  ci arch=arm64 config=defconfig
	$4 S3
	    FAIL  example.regress_test  ci arch=arm64 config=defconfig
	    PASS  example.regress_test  ci arch=x86_64 config=defconfig
	$5 S1
	    PASS  example.regress_test  ci arch=arm64 config=defconfig
	    PASS  example.regress_test  ci arch=x86_64 config=defconfig
	$6 B
	    PASS  example.regress_test  ci arch=arm64 config=defconfig
	    PASS  example.regress_test  ci arch=x86_64 config=defconfig
	$7 A
	    PASS  example.regress_test  ci arch=arm64 config=defconfig
	    PASS  example.regress_test  ci arch=x86_64 config=defconfig

	History, oldest to newest (F fail, E error, M miss, P pass, D done, S skip, . no result):
	    ci arch=arm64 config=defconfig   PPPFF.F  example.regress_test
	    ci arch=x86_64 config=defconfig  PPPP.PP  example.regress_test
	EOF
	test_cmp expect out
'

# --origin and --env choose the origins and environments, as they choose
# the records log lists and the environments bisect looks at.
test_expect_success '--origin and --env keep their origins and environments' '
	cd repo &&
	git results log --test example.regress_test >all &&
	git results log --test example.regress_test --env arch=arm64 >out &&
	set -- $(th_short D S4 S3 S1 B A) &&
	cat >expect <<-EOF &&
	$1 D
	    FAIL  example.regress_test  ci arch=arm64 config=defconfig
	$2 S4
	    FAIL  example.regress_test  ci arch=arm64 config=defconfig
	$3 S3
	    FAIL  example.regress_test  ci arch=arm64 config=defconfig
	$4 S1
	    PASS  example.regress_test  ci arch=arm64 config=defconfig
	$5 B
	    PASS  example.regress_test  ci arch=arm64 config=defconfig
	$6 A
	    PASS  example.regress_test  ci arch=arm64 config=defconfig

	History, oldest to newest (F fail, E error, M miss, P pass, D done, S skip, . no result):
	    ci arch=arm64 config=defconfig  PPPFFF  example.regress_test
	EOF
	test_cmp expect out &&
	grep "^    [A-Z]* *example.regress_test  ci arch=arm64 " all >expect &&
	grep "^    [A-Z]* *example.regress_test  " out >actual &&
	test_cmp expect actual &&
	git results bisect --env arch=arm64 example.regress_test >bisect &&
	head -n 1 bisect >actual &&
	echo "example.regress_test  ci arch=arm64 config=defconfig" >expect &&
	test_cmp expect actual &&
	git results log --test example.regress_test --origin ci --env config=defconfig >out &&
	test_cmp all out &&
	test_expect_code 1 git results log --test example.regress_test --origin other >out 2>err &&
	test_must_be_empty out &&
	grep "^error: no results of origin .other. recorded for test .example.regress_test." err &&
	test_expect_code 129 git results log --test example.regress_test \
		--env arch=arm64 --env arch=x86_64 2>err &&
	grep "^error: --env arch given twice" err
'

test_expect_success 'a range limits the history, as git log' '
	cd repo &&
	git results log --test example.regress_test S1..v6.1-rc1 >out &&
	grep -v "^ " out | grep -v "^History" | grep . >commits &&
	set -- $(th_short D M S4 S3) &&
	printf "%s\n" "$1 D" "$2 M" "$3 S4" "$4 S3" >expect &&
	test_cmp expect commits &&
	grep "arch=arm64" out | tail -n 1 >strip &&
	echo "    ci arch=arm64 config=defconfig   FF.F  example.regress_test" >expect &&
	test_cmp expect strip
'

test_expect_success 'a glob matches several tests, a suite all of its tests' '
	cd repo &&
	git results log --test "example.[blr]*" A..B >glob &&
	sed -n "/^History/,\$p" glob >strips &&
	cat >expect <<-EOF &&
	History, oldest to newest (F fail, E error, M miss, P pass, D done, S skip, . no result):
	    ci arch=arm64 config=defconfig   F  example.broken_test
	    ci arch=arm64 config=defconfig   P  example.late_test
	    ci arch=arm64 config=defconfig   P  example.regress_test
	    ci arch=x86_64 config=defconfig  P  example.late_test
	    ci arch=x86_64 config=defconfig  P  example.regress_test
	EOF
	test_cmp expect strips &&
	git results log --test example A..B >suite &&
	grep -c "example.simple_test" suite >count &&
	echo 4 >expect &&
	test_cmp expect count &&
	git results log --test "*.late_test" A..B >tail &&
	grep "^    [A-Z]" tail >lines &&
	cat >expect <<-EOF &&
	    PASS  example.late_test  ci arch=arm64 config=defconfig
	    PASS  example.late_test  ci arch=x86_64 config=defconfig
	EOF
	test_cmp expect lines &&
	test_expect_code 1 git results log --test exam A..B 2>err &&
	grep "no results recorded for test .exam." err
'

test_expect_success 'a test without results in the range is an error' '
	cd repo &&
	test_expect_code 1 git results log --test example.nonexistent >out 2>err &&
	test_must_be_empty out &&
	grep "^error: no results recorded for test .example.nonexistent." err
'

test_expect_success 'reruns: one status per test, the worse, and unstable when they differ' '
	cd repo &&
	th_commit R E &&
	th_ktap regress_test=pass >pass.ktap &&
	th_ktap regress_test=fail >fail.ktap &&
	git results add -q --origin ci --run r2 --env arch=x86_64 --env config=defconfig R pass.ktap &&
	git results add -q --origin ci --run r1 --env arch=x86_64 --env config=defconfig R fail.ktap &&
	git results log --test example.regress_test E..R >out &&
	set -- $(th_short R) &&
	cat >expect <<-EOF &&
	$1 R
	    FAIL  example.regress_test  ci arch=x86_64 config=defconfig

	History, oldest to newest (F fail, E error, M miss, P pass, D done, S skip, . no result):
	    ci arch=x86_64 config=defconfig  F  example.regress_test

	Unstable (1):
	    ci arch=x86_64 config=defconfig  example.regress_test  (reruns differ)
	EOF
	test_cmp expect out
'

test_expect_success 'a commit with the tree of a tested one has its results, marked' '
	cd repo &&
	redo=$(git commit-tree -p E -m redo "$(git rev-parse D^{tree})") &&
	git results log --test example.regress_test E..$redo >out &&
	head -n 3 out >actual &&
	cat >expect <<-EOF &&
	$(git rev-parse --short=12 $redo) redo (results of a commit with the same tree)
	    FAIL  example.regress_test  ci arch=arm64 config=defconfig
	    PASS  example.regress_test  ci arch=x86_64 config=defconfig
	EOF
	test_cmp expect actual
'

test_expect_success 'a record made for another commit is left out, with a warning' '
	cd repo &&
	th_commit X E &&
	git notes --ref=results show D >copied &&
	git notes --ref=results add -F copied X &&
	test_expect_code 1 git results log --test example.regress_test E..X >out 2>err &&
	grep "leaving out 2 records in the note on $(git rev-parse X)" err
'

test_expect_success 'paths limit the commits, as in the listing' '
	cd repo &&
	blob=$(echo other | git hash-object -w --stdin) &&
	tree=$( (git ls-tree E && printf "100644 blob %s\tother\n" "$blob") | git mktree) &&
	other=$(git commit-tree -p E -m other "$tree") &&
	git tag T1 "$other" &&
	th_run T1 arm64 regress_test=fail &&
	git results log --test example.regress_test E..T1 -- other >out &&
	head -n 1 out >actual &&
	echo "$(th_short T1) other" >expect &&
	test_cmp expect actual &&
	test_expect_code 1 git results log --test example.regress_test E..T1 -- file 2>err &&
	grep "no results recorded" err
'

test_expect_success '--json: the same data, for scripts' '
	cd repo &&
	git results log --json --test example.regress_test S1..S3 >out.json &&
	python3 - "$(git rev-parse S3)" <<-\EOF
	import json, sys
	data = json.load(open("out.json"))
	assert data["test"] == "example.regress_test", data
	[commit] = data["commits"]
	assert commit["commit"] == sys.argv[1] and commit["subject"] == "S3", commit
	assert commit["same_tree"] is False
	assert [(r["env"]["arch"], r["status"]) for r in commit["results"]] == \
		[("arm64", "FAIL"), ("x86_64", "PASS")], commit
	assert commit["results"][0]["env"] == {"arch": "arm64", "config": "defconfig"}
	assert [(h["origin"], h["env"]["arch"], h["test"], h["strip"]) for h in data["history"]] == \
		[("ci", "arm64", "example.regress_test", "F"),
		 ("ci", "x86_64", "example.regress_test", "P")], data["history"]
	EOF
'

test_expect_success 'limits --test does not apply are refused, not ignored' '
	cd repo &&
	for opt in -n1 --status=FAIL --untested --author=A
	do
		test_expect_code 129 git results log --test example.regress_test $opt 2>err &&
		grep "cannot be used with" err || return 1
	done &&
	git results log --first-parent --test example.regress_test S1..S3 >out &&
	grep "^History" out
'

test_done
