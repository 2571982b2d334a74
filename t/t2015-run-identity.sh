#!/bin/sh
# One identity for a run: the same results added again, whichever way
# they travelled, are one record, counted once.
. "$(dirname "$0")/test-lib.sh"

KTAP=$TEST_DATA/kunit-failure.ktap

test_expect_success 'setup' '
	git init -q repo &&
	cd repo &&
	test_commit one
'

# records <commit>: how many records git itself reads in the note
records() {
	git notes --ref=results show "$1" >note.txt &&
	test_count_records note.txt
}

test_expect_success 'a retried upload adds the run once, whatever the date' '
	cd repo &&
	test_when_finished "git update-ref -d refs/notes/results" &&
	git results add --origin ci --env arch=x86_64 --date @1700000000 HEAD "$KTAP" &&
	git notes --ref=results show HEAD >first &&
	git results add --origin ci --env arch=x86_64 --date @1700003600 HEAD "$KTAP" &&
	git notes --ref=results show HEAD >second &&
	test_cmp first second &&
	echo 1 >expect &&
	records HEAD >actual &&
	test_cmp expect actual
'

test_expect_success 'without --date too: the run id never comes from the clock' '
	cd repo &&
	test_when_finished "git update-ref -d refs/notes/results" &&
	git results parse --origin ci --date @1700000000 "$KTAP" >a &&
	git results parse --origin ci --date @1800000000 "$KTAP" >b &&
	grep "^run " a >run-a &&
	grep "^run " b >run-b &&
	test_cmp run-a run-b &&
	git results add --origin ci HEAD "$KTAP" &&
	git results add --origin ci HEAD "$KTAP" &&
	echo 1 >expect &&
	records HEAD >actual &&
	test_cmp expect actual
'

test_expect_success 'different results or environments are different runs' '
	cd repo &&
	test_when_finished "git update-ref -d refs/notes/results" &&
	git results add --origin ci --env arch=x86_64 HEAD "$KTAP" &&
	git results add --origin ci --env arch=arm64 HEAD "$KTAP" &&
	git results add --origin ci --env arch=arm64 HEAD "$TEST_DATA/kunit-skip.ktap" &&
	echo 3 >expect &&
	records HEAD >actual &&
	test_cmp expect actual
'

test_expect_success 'a named run added again with other results still conflicts' '
	cd repo &&
	test_when_finished "git update-ref -d refs/notes/results" &&
	git results add --origin ci --run r1 --date @1700000000 HEAD "$KTAP" &&
	test_must_fail git results add --origin ci --run r1 --date @1700000000 \
		HEAD "$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "already has a different record for origin .ci., run .r1." err
'

test_done
