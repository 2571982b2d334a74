#!/bin/sh
# JUnit that git results wrote, read back: `parse --to junit` and
# `show --to junit` give documents that `parse` and `add` turn into the
# very records they were written from, runs, headers and all; a damaged
# one is refused and adds nothing.
. "$(dirname "$0")/test-lib.sh"

KCIDB=$TEST_DATA/kcidb
DATE=2026-11-25T10:00:00Z

test_expect_success 'a kselftest console log: failures, skips, reasons, renamed names' '
	log=$CORPORA/console-logs/lava/kernel-lkft.txt &&
	git results parse --date $DATE --tester "Jane Doe <jane@example.org>" \
		--link https://example.org/lkft/1 "$log" >expect &&
	# the log has what the round trip must keep
	grep "^FAIL .* # name \"" expect &&
	grep "^MISS .* # " expect &&
	grep "^SKIP [^ ]* # [^n]" expect &&
	grep "^SKIP .* # name \".*\": " expect &&
	git results parse --date $DATE --tester "Jane Doe <jane@example.org>" \
		--link https://example.org/lkft/1 --to junit "$log" >lkft.xml &&
	git results parse --format=junit - <lkft.xml >actual &&
	test_cmp expect actual &&
	git results parse lkft.xml >actual &&
	test_cmp expect actual &&
	cat lkft.xml | git results parse --format=junit - >actual &&
	test_cmp expect actual
'

test_expect_success 'TAP: tests without a suite, quotes in names and reasons' '
	tap=$CORPORA/tap/tap-parser/combined.tap &&
	git results parse --date $DATE --origin tap "$tap" >expect &&
	grep "^PASS [^.]* # name \"say \\\\\"live" expect &&
	git results parse --date $DATE --origin tap --to junit "$tap" >tap.xml &&
	grep "<testcase name=\"say_live_without_loving\">" tap.xml &&
	git results parse tap.xml >actual &&
	test_cmp expect actual
'

test_expect_success 'KCIDB: several runs, their environments and links, DONE and waived tests' '
	sed -e "s/@ONE@/1111111111111111111111111111111111111111/" \
	    -e "s/@TWO@/2222222222222222222222222222222222222222/" \
		"$KCIDB/two-commits-v5.json" >sub.json &&
	sed "s/@ONE@/1111111111111111111111111111111111111111/" "$KCIDB/redhat-v4.json" >v4.json &&
	for input in v4.json sub.json; do
		git results parse --tester "CI <ci@example.org>" --link https://example.org/all \
			"$input" >expect &&
		git results parse --tester "CI <ci@example.org>" --link https://example.org/all \
			--to junit "$input" >runs.xml &&
		git results parse --format=junit runs.xml >actual &&
		test_cmp expect actual &&
		git results parse --format=junit --to junit runs.xml >again.xml &&
		test_cmp runs.xml again.xml || return 1
	done &&
	# what the last one held: four runs, each with its own environment
	test $(test_count_records actual) = 4 &&
	test $(grep -c "^run b-" actual) = 4 &&
	grep "^env device bcm2711-rpi-4-b$" actual &&
	grep "^env toolchain clang-19$" actual &&
	test $(grep -c "^link https://example.org/all$" actual) = 4 &&
	test $(grep -c "^tester CI <ci@example.org>$" actual) = 4 &&
	git results parse --json runs.xml >actual.json &&
	git results parse --json --tester "CI <ci@example.org>" --link https://example.org/all \
		sub.json >expect.json &&
	test_cmp expect.json actual.json
'

test_expect_success 'KCIDB v4: DONE and waived tests, empty path components' '
	git results parse --to junit v4.json >v4.xml &&
	git results parse v4.xml >actual &&
	git results parse v4.json >expect &&
	test_cmp expect actual &&
	grep "^DONE unnamed$" actual &&
	grep "^FAIL ltp.syscalls.write01 # name \"ltp..syscalls.write01.\": waived$" actual
'

test_expect_success 'options still override what the document says' '
	git results parse --to junit --date $DATE --origin ci --run r1 --env arch=x86_64 \
		"$TEST_DATA/kunit-failure.ktap" >one.xml &&
	git results parse --origin other --env arch=arm64 --env lab=home one.xml >out &&
	grep "^origin other$" out &&
	grep "^run r1$" out &&
	grep "^date $DATE$" out &&
	grep "^env arch arm64$" out &&
	grep "^env lab home$" out &&
	test_expect_code 1 git results parse --run r9 runs.xml 2>err &&
	grep "^error: --run names one run, but .runs.xml. holds several; leave --run out$" err
'

test_expect_success 'a value a record cannot hold is ignored with a warning, as from any input' '
	sed "s/<property name=\"origin\" value=\"ci\"/<property name=\"origin\" value=\"Kernel CI\"/" \
		one.xml >bad-origin.xml &&
	git results parse bad-origin.xml >out 2>err &&
	grep "^warning: ignoring what the input says: " err &&
	grep "^origin local$" out &&
	grep "^run r1$" out
'

test_expect_success 'setup: a repository with results from a log and a submission' '
	git init -q repo &&
	(
		cd repo &&
		test_commit one &&
		test_commit two &&
		sed -e "s/@ONE@/$(git rev-parse one)/" -e "s/@TWO@/$(git rev-parse two)/" \
			"$KCIDB/two-commits-v5.json" >../repo-sub.json &&
		git results add -q ../repo-sub.json &&
		git results add -q --origin lkft --run boot-1 --date $DATE \
			--tester "Jane Doe <jane@example.org>" --link https://example.org/lkft/1 \
			one "$CORPORA/console-logs/lava/kernel-lkft.txt" &&
		git notes --ref=results show one >../one.note &&
		test $(test_count_records ../one.note) = 3
	)
'

test_expect_success 'show --to junit of an attached note reads back as the note, less commit and tree' '
	(
		cd repo &&
		git results show --to junit one >../shown.xml
	) &&
	grep "<property name=\"commit\" value=\"$(git -C repo rev-parse one)\"/>" shown.xml &&
	git results parse shown.xml >actual &&
	grep -v "^commit \|^tree " one.note >expect &&
	test_cmp expect actual
'

test_expect_success 'add of that document in a clone gives the same note, byte for byte' '
	git clone -q repo clone &&
	(
		cd clone &&
		test_expect_code 1 git results show one &&
		test_expect_code 1 git results add two ../shown.xml 2>err &&
		grep "^error: the input names commit $(git rev-parse one), not $(git rev-parse two) (.two.)$" err &&
		test "$(notes_tip)" = none &&
		git results add ../shown.xml 2>err &&
		grep "^3 of 3 records added to refs/notes/results$" err &&
		git notes --ref=results show one >note &&
		test_cmp ../one.note note &&
		git results add ../shown.xml 2>err &&
		grep "^0 of 3 records added to refs/notes/results$" err
	)
'

test_expect_success 'a damaged document is refused, naming the line; nothing is added' '
	# the second testsuite loses its origin property
	awk "/<property name=\"origin\"/ && ++n == 2 { next } { print }" shown.xml >damaged.xml &&
	test $(grep -c "<property name=\"origin\"" damaged.xml) = 2 &&
	line=$(grep -n "</properties>" damaged.xml | sed -n "2s/:.*//p") &&
	suite=$(grep "<testsuite " damaged.xml | sed -n "2s/.*<testsuite name=\"\([^\"]*\)\".*/\1/p") &&
	test_expect_code 1 git results parse damaged.xml >out 2>err &&
	echo "error: cannot parse '\''damaged.xml'\'' as junit: line $line: testsuite '\''$suite'\'' of a git results document has no origin property" >expect &&
	test_cmp expect err &&
	git init -q fresh &&
	(
		cd fresh &&
		git fetch -q ../repo "refs/tags/*:refs/tags/*" &&
		git reset -q --hard one &&
		test_expect_code 1 git results add ../damaged.xml 2>err &&
		sed "s|'\''damaged.xml'\''|'\''../damaged.xml'\''|" ../expect >expect &&
		test_cmp expect err &&
		test "$(notes_tip)" = none
	)
'

test_expect_success 'a truncated document adds nothing; parse has printed the runs before' '
	head -c $(($(wc -c <shown.xml) - 200)) shown.xml >truncated.xml &&
	test_expect_code 1 git results parse truncated.xml >out 2>err &&
	grep "^error: cannot parse .truncated.xml. as junit: line [0-9]*, column [0-9]*: " err &&
	test $(test_count_records out) = 2 &&
	(
		cd fresh &&
		test_expect_code 1 git results add ../truncated.xml 2>err &&
		grep "^error: cannot parse .*truncated.xml. as junit: line [0-9]*, column [0-9]*: " err &&
		test "$(notes_tip)" = none
	)
'

test_expect_success 'a test case deleted by hand no longer matches the counts' '
	awk "/<testcase / && !done { done = 1; skip = !/\/>/; next } skip { if (/<\/testcase>/) skip = 0; next } { print }" \
		shown.xml >short.xml &&
	test $(grep -c "<testcase " short.xml) = $(($(grep -c "<testcase " shown.xml) - 1)) &&
	test_expect_code 1 git results parse short.xml 2>err &&
	grep "^error: cannot parse .short.xml. as junit: line [0-9]*: the status or counts of testsuite .* do not match its test cases$" err
'

test_expect_success 'renaming the root reads a damaged document as foreign JUnit' '
	sed "s/<testsuites name=\"git results\"/<testsuites name=\"edited\"/" damaged.xml >foreign.xml &&
	git results parse --date $DATE foreign.xml >out &&
	test $(test_count_records out) = 1 &&
	grep "^origin local$" out &&
	grep "^PASS lkft_boot-1\.timens\.[^ ]* # name \"lkft/boot-1\.timens\." out &&
	grep "^FAIL kernelci_b-x86_qemu-x86_lava-collabora\.kunit\.example\.example_simple_test # name \"kernelci/b-x86+qemu-x86+lava-collabora\.kunit\.example\.example_simple_test\": EXPECTATION FAILED at lib/kunit/example-test.c:30$" out
'

test_done
