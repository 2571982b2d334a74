#!/bin/sh
# git results diff --regzbot: after the report, regzbot's lines for each
# regression, the range taken from the test's recorded history (the
# nearest pass before the failure), over a main line with a merged
# subsystem branch and an rc tag.

. "$(dirname "$0")/test-lib.sh"
. "$SRC_DIR/t/lib-test-history.sh"

test_expect_success 'setup: a main line, a merged subsystem branch, two architectures' '
	th_setup
'

test_expect_success 'the report, then per regression where it started and its title' '
	cd repo &&
	git results diff v6.0 v6.1-rc1 >plain &&
	git results diff --regzbot v6.0 v6.1-rc1 >out &&
	head -n "$(wc -l <plain)" out >out.head &&
	test_cmp plain out.head &&
	tail -n +"$(($(wc -l <plain) + 1))" out >lines &&
	cat >expect <<-EOF &&

	#regzbot introduced: $(th_short S1)..$(th_short S3)
	#regzbot title: example.regress_test fails on ci arch=arm64 config=defconfig
	#regzbot introduced: $(th_short D)
	#regzbot title: example.late_test fails on ci arch=x86_64 config=defconfig
	EOF
	test_cmp expect lines
'

test_expect_success 'no regression, no regzbot lines' '
	cd repo &&
	git results diff A B >plain &&
	git results diff --regzbot A B >out &&
	test_cmp plain out
'

test_expect_success 'sides without ancestry: the range is the two sides' '
	cd repo &&
	th_commit P1 B &&
	th_run P1 arm64 regress_test=pass &&
	th_commit Q1 C &&
	th_run Q1 arm64 regress_test=fail &&
	git results diff --regzbot P1 Q1 >out &&
	grep "^#regzbot" out >lines &&
	cat >expect <<-EOF &&
	#regzbot introduced: $(th_short P1)..$(th_short Q1)
	#regzbot title: example.regress_test fails on ci arch=arm64 config=defconfig
	EOF
	test_cmp expect lines
'

test_expect_success '--baseline: each range reaches down to the ancestor compared with' '
	cd repo &&
	git results diff --baseline=last-recorded D >plain &&
	git results diff --baseline=last-recorded --regzbot D >out &&
	head -n "$(wc -l <plain)" out >out.head &&
	test_cmp plain out.head &&
	tail -n +"$(($(wc -l <plain) + 1))" out >lines &&
	cat >expect <<-EOF &&

	#regzbot introduced: $(th_short S1)..$(th_short S3)
	#regzbot title: example.regress_test fails on ci arch=arm64 config=defconfig
	#regzbot introduced: $(th_short D)
	#regzbot title: example.late_test fails on ci arch=x86_64 config=defconfig
	EOF
	test_cmp expect lines
'

test_expect_success '--regzbot is for the text report' '
	cd repo &&
	test_expect_code 129 git results diff --json --regzbot A B 2>err &&
	grep "not --json" err
'

test_done
