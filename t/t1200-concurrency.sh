#!/bin/sh
# Concurrent writers: every ref update is a compare-and-swap with retry,
# so none of 40 simultaneous adds is lost.
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'setup' '
	git init -q repo &&
	cd repo &&
	test_commit one &&
	test_commit two
'

test_expect_success '40 concurrent adds leave exactly 40 records' '
	cd repo &&
	i=1 &&
	while test $i -le 40; do
		case $((i % 3)) in
		0) c=one ;;
		*) c=two ;;
		esac
		git results add -q --origin ci --run run$i $c "$TEST_DATA/kunit-skip.ktap" 2>err.$i &
		i=$((i + 1))
	done &&
	wait &&
	cat err.* &&
	git notes --ref=results show one >note.one &&
	git notes --ref=results show two >note.two &&
	one=$(test_count_records note.one) &&
	two=$(test_count_records note.two) &&
	echo "one=$one two=$two" &&
	test $((one + two)) = 40 &&
	test $one = 13 &&
	git fsck --strict
'

test_expect_success 'each concurrent writer left its own notes commit' '
	cd repo &&
	test $(git rev-list --count refs/notes/results) = 40
'

test_done
