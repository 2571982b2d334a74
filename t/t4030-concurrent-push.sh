#!/bin/sh
# Concurrent pushers: many clones push results to one remote at the same
# time; every push that loses the race fetches, merges and tries again,
# and no record is lost.
. "$(dirname "$0")/test-lib.sh"

PUSHERS=6

test_expect_success 'setup: a remote and a clone per pusher' '
	git init -q --bare remote.git &&
	git init -q seed &&
	(
		cd seed &&
		test_commit one &&
		test_commit two &&
		git push -q --tags ../remote.git main
	) &&
	i=1 &&
	while test $i -le $PUSHERS; do
		git clone -q remote.git clone$i &&
		git -C clone$i results add -q --origin ci --run pusher$i one "$TEST_DATA/kunit-skip.ktap" &&
		git -C clone$i results add -q --origin ci --run pusher$i two "$TEST_DATA/kunit-failure.ktap" ||
		return 1
		i=$((i + 1))
	done
'

test_expect_success "$PUSHERS pushers at once: every one succeeds, nothing is lost" '
	i=1 &&
	pids= &&
	while test $i -le $PUSHERS; do
		{ git -C clone$i results push -q 2>err$i & } &&
		pids="$pids $!" &&
		i=$((i + 1))
	done &&
	failed=0 &&
	for pid in $pids; do
		wait $pid || failed=$((failed + 1))
	done &&
	cat err* &&
	test $failed = 0 &&
	git -C remote.git notes --ref=results show one >one &&
	git -C remote.git notes --ref=results show two >two &&
	test $(test_count_records one) = $PUSHERS &&
	test $(test_count_records two) = $PUSHERS &&
	git -C remote.git fsck --strict
'

test_expect_success 'the remote history holds every pusher'"'"'s commit' '
	i=1 &&
	while test $i -le $PUSHERS; do
		git -C remote.git merge-base --is-ancestor \
			$(git -C clone$i rev-parse refs/notes/results) refs/notes/results || return 1
		i=$((i + 1))
	done
'

test_expect_success 'a second round, with new records on top of the merged ones' '
	i=1 &&
	pids= &&
	while test $i -le $PUSHERS; do
		git -C clone$i results add -q --origin lab --run round2-$i one "$TEST_DATA/kunit-skip.ktap" &&
		{ git -C clone$i results push -q 2>err$i & } &&
		pids="$pids $!" &&
		i=$((i + 1))
	done &&
	failed=0 &&
	for pid in $pids; do
		wait $pid || failed=$((failed + 1))
	done &&
	cat err* &&
	test $failed = 0 &&
	git -C remote.git notes --ref=results show one >one &&
	test $(test_count_records one) = $((2 * PUSHERS))
'

test_done
