#!/bin/sh
# git results bisect: from recorded results alone, the last pass and the
# first failure of a test along the ancestry (a main line with a merged
# subsystem branch), per environment, the untested commits between them,
# the regzbot line, the errors, and --start read back through git bisect.

. "$(dirname "$0")/test-lib.sh"
. "$SRC_DIR/t/lib-test-history.sh"

test_expect_success 'setup: a main line, a merged subsystem branch, two architectures' '
	th_setup
'

test_expect_success 'a failure that started on the merged branch, on arm64 only' '
	cd repo &&
	git results bisect example.regress_test >out &&
	set -- $(th_short S1 S3 S2) &&
	cat >expect <<-EOF &&
	example.regress_test  ci arch=arm64 config=defconfig
	last pass:  $1 S1
	first fail: $2 S3
	untested between them: 1 of 1 commit
	    $3 S2
	#regzbot introduced: $1..$2
	EOF
	test_cmp expect out
'

test_expect_success 'the same from an explicit bad revision and a good bound below it' '
	cd repo &&
	git results bisect example.regress_test A v6.1-rc1 >out &&
	tail -n 1 out >actual &&
	echo "#regzbot introduced: $(th_short S1)..$(th_short S3)" >expect &&
	test_cmp expect actual
'

test_expect_success 'adjacent ends: the first failure is the commit that introduced it' '
	cd repo &&
	git results bisect example.late_test >out &&
	set -- $(th_short M D) &&
	cat >expect <<-EOF &&
	example.late_test  ci arch=x86_64 config=defconfig
	last pass:  $1 M
	first fail: $2 D
	#regzbot introduced: $2
	EOF
	test_cmp expect out
'

test_expect_success 'a merge of two passing sides: the newer pass is the last pass' '
	cd repo &&
	th_commit X1 E &&
	th_commit Y1 E &&
	th_commit Z Y1 X1 &&
	th_run X1 x86_64 merge_test=pass &&
	th_run Y1 x86_64 merge_test=pass &&
	th_run Z x86_64 merge_test=fail &&
	git results bisect example.merge_test E Z >out &&
	set -- $(th_short Y1 Z X1) &&
	cat >expect <<-EOF &&
	example.merge_test  ci arch=x86_64 config=defconfig
	last pass:  $1 Y1
	first fail: $2 Z
	untested between them: 0 of 1 commit
	#regzbot introduced: $1..$2
	EOF
	test_cmp expect out
'

test_expect_success 'a glob bisects each test and environment that regressed' '
	cd repo &&
	git results bisect "example.*_test" >out &&
	grep "^#regzbot" out >actual &&
	cat >expect <<-EOF &&
	#regzbot introduced: $(th_short D)
	#regzbot introduced: $(th_short S1)..$(th_short S3)
	EOF
	sort expect >expect.sorted &&
	sort actual >actual.sorted &&
	test_cmp expect.sorted actual.sorted
'

test_expect_success '--regzbot: each range ends with its regzbot title, as diff --regzbot' '
	cd repo &&
	git results bisect "example.*_test" >plain &&
	git results bisect --regzbot "example.*_test" >out &&
	grep -v "^#regzbot title: " out >without &&
	test_cmp plain without &&
	grep -A1 "^#regzbot introduced: $(th_short S1)..$(th_short S3)$" out >actual &&
	cat >expect <<-EOF &&
	#regzbot introduced: $(th_short S1)..$(th_short S3)
	#regzbot title: example.regress_test fails on ci arch=arm64 config=defconfig
	EOF
	test_cmp expect actual &&
	grep -A1 "^#regzbot introduced: $(th_short D)$" out >actual &&
	cat >expect <<-EOF &&
	#regzbot introduced: $(th_short D)
	#regzbot title: example.late_test fails on ci arch=x86_64 config=defconfig
	EOF
	test_cmp expect actual &&
	git results diff --regzbot v6.0 v6.1-rc1 >diff &&
	grep "^#regzbot title: " diff | sort >diff-titles &&
	grep "^#regzbot title: " out | sort >bisect-titles &&
	test_cmp diff-titles bisect-titles
'

test_expect_success '--env and --origin choose the environment' '
	cd repo &&
	git results bisect --origin ci --env arch=arm64 "example.*_test" >out &&
	grep "^#regzbot" out >actual &&
	echo "#regzbot introduced: $(th_short S1)..$(th_short S3)" >expect &&
	test_cmp expect actual &&
	test_expect_code 1 git results bisect --env arch=x86_64 example.regress_test >out 2>err &&
	test_must_be_empty out &&
	grep "^error: .example.regress_test. passes in its latest result on ci arch=x86_64" err &&
	test_expect_code 1 git results bisect --origin other example.regress_test 2>err &&
	grep "^error: no results of origin .other. recorded for test .example.regress_test." err
'

test_expect_success 'a test that never passed, never failed or never ran: nothing to bisect' '
	cd repo &&
	test_expect_code 1 git results bisect example.broken_test >out 2>err &&
	test_must_be_empty out &&
	grep "^error: .example.broken_test. never passed on ci arch=arm64 config=defconfig before it failed at $(th_short A)" err &&
	test_expect_code 1 git results bisect example.simple_test 2>err &&
	grep "^error: .example.simple_test. passes in its latest result" err &&
	test_expect_code 1 git results bisect example.nonexistent 2>err &&
	grep "^error: no results recorded for test .example.nonexistent. in the history of HEAD" err
'

test_expect_success 'a good bound above the last pass leaves no pass to find' '
	cd repo &&
	test_expect_code 1 git results bisect example.regress_test S3 >out 2>err &&
	grep "never passed" err
'

test_expect_success 'bad revisions and usage' '
	cd repo &&
	test_expect_code 128 git results bisect example.regress_test A nosuchrev 2>err &&
	grep "nosuchrev" err &&
	test_expect_code 128 git results bisect example.regress_test nosuchrev 2>err &&
	test_expect_code 129 git results bisect 2>err &&
	test_expect_code 129 git results bisect a b c d 2>err &&
	test_expect_code 129 git results bisect --env arch example.regress_test 2>err &&
	grep "key>=<value>" err
'

# --origin and --env choose what log, show and diff choose with them:
# any of the origins, and every env pair (lib/record-filter.h).
test_expect_success '--origin and --env are checked as log checks them' '
	cd repo &&
	for opts in "--origin Bad" "--env Arch=arm64" "--env =arm64" \
		    "--env arch=arm64 --env arch=x86_64"; do
		# shellcheck disable=SC2086 # two options in one word
		test_expect_code 129 git results log $opts >out 2>log-err &&
		test_expect_code 129 git results bisect $opts "example.*_test" >out 2>err &&
		test_must_be_empty out &&
		head -n 1 log-err >expect &&
		head -n 1 err >actual &&
		test_cmp expect actual || return 1
	done &&
	grep "^error: --env arch given twice, with different values" err
'

test_expect_success '--start starts git bisect on the range found' '
	cd repo &&
	test_when_finished "git bisect reset >/dev/null 2>&1" &&
	git checkout -q E &&
	git results bisect --start example.regress_test >out &&
	grep "^#regzbot introduced: $(th_short S1)..$(th_short S3)" out &&
	git rev-parse refs/bisect/bad >bad &&
	git rev-parse S3 >expect &&
	test_cmp expect bad &&
	git for-each-ref --format="%(objectname)" "refs/bisect/good-*" >good &&
	git rev-parse S1 >expect &&
	test_cmp expect good &&
	git bisect log >log &&
	grep "^git bisect start .$(git rev-parse S3). .$(git rev-parse S1)." log &&
	# what is left to test is the untested commit between them
	git rev-parse HEAD >head &&
	git rev-parse S2 >expect &&
	test_cmp expect head
'

test_expect_success '--start with several regressions asks to choose one' '
	cd repo &&
	test_expect_code 1 git results bisect --start "example.*_test" >out 2>err &&
	test_must_be_empty out &&
	grep "^error: 2 regressions found" err &&
	test_path_is_missing .git/BISECT_START
'

test_expect_success '--origin is repeatable: any of the origins, as for log and show' '
	cd repo &&
	th_ktap regress_test=pass >pass.ktap &&
	th_ktap regress_test=fail >fail.ktap &&
	for c in S1 S3; do
		if test $c = S1; then run=pass.ktap; else run=fail.ktap; fi &&
		git results add -q --origin lab --env arch=arm64 --env config=defconfig $c $run ||
		return 1
	done &&
	git results log --origin ci --origin lab S1^..S3 >log-both &&
	git results log S1^..S3 >log-all &&
	test_cmp log-all log-both &&
	git results bisect example.regress_test >all &&
	grep -c "^example.regress_test  " all >count &&
	echo 2 >expect &&
	test_cmp expect count &&
	git results bisect --origin ci --origin lab example.regress_test >both &&
	test_cmp all both &&
	git results bisect --origin lab --env arch=arm64 example.regress_test >lab &&
	head -n 1 lab >actual &&
	echo "example.regress_test  lab arch=arm64 config=defconfig" >expect &&
	test_cmp expect actual
'

test_done
