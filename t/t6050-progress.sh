#!/bin/sh
# Progress meters: on stderr, git's format, only on a terminal unless
# --progress, never with --no-progress, and only after
# GIT_PROGRESS_DELAY seconds (1 by default).
. "$(dirname "$0")/test-lib.sh"

GIT_PAGER='cat'
export GIT_PAGER

# test_terminal gives the command the terminal as its standard input, so
# a batch is redirected inside it.

# The meter lines, each "\r"-separated redraw on its own line.
meters() {
	tr '\r' '\n' <"$1" | grep -e "^Parsing results" -e "^Adding results" -e "^Walking commits"
}

test_expect_success 'setup: 20 commits, a batch of 12 records on 6 of them' '
	git init -q repo &&
	cd repo &&
	for i in $(seq 1 20); do test_commit "c$i" || return 1; done &&
	for i in 1 3 5 7 9 11; do
		echo "c$i $TEST_DATA/kunit-skip.ktap" &&
		echo "c$i $TEST_DATA/kunit-failure.ktap" || return 1
	done >../batch
'
cd repo || exit 1

test_expect_success 'add --batch --progress: git-style meters, then done' '
	GIT_PROGRESS_DELAY=0 git results add --batch --origin ci --progress <../batch 2>err &&
	meters err >meters &&
	grep "^Parsing results: 12, done\.$" meters &&
	grep "^Adding results: 100% (12/12), done\.$" meters &&
	grep "^12 of 12 records added" err &&
	git results log >log &&
	test_line_count = 6 log
'

test_expect_success 'not a terminal: no meter unless --progress' '
	git update-ref -d refs/notes/results &&
	GIT_PROGRESS_DELAY=0 git results add --batch --origin ci <../batch 2>err &&
	! meters err &&
	GIT_PROGRESS_DELAY=0 git results log >out 2>err &&
	test ! -s err
'

test_expect_success 'a terminal: meters by default, none with --no-progress' '
	git update-ref -d refs/notes/results &&
	GIT_PROGRESS_DELAY=0 test_terminal sh -c "git results add --batch --origin ci <../batch" >out &&
	meters out >meters &&
	grep "^Adding results: 100% (12/12), done\.$" meters &&
	git update-ref -d refs/notes/results &&
	GIT_PROGRESS_DELAY=0 test_terminal \
		sh -c "git results add --batch --origin ci --no-progress <../batch" >out &&
	! meters out &&
	grep "^12 of 12 records added" out
'

test_expect_success '--quiet means no meter, unless --progress too' '
	git update-ref -d refs/notes/results &&
	GIT_PROGRESS_DELAY=0 test_terminal sh -c "git results add --batch -q --origin ci <../batch" >out &&
	test ! -s out &&
	git update-ref -d refs/notes/results &&
	GIT_PROGRESS_DELAY=0 git results add --batch -q --progress --origin ci <../batch 2>err &&
	meters err >meters &&
	grep "^Adding results: 100% (12/12), done\.$" meters
'

test_expect_success 'no meter before GIT_PROGRESS_DELAY seconds' '
	git update-ref -d refs/notes/results &&
	GIT_PROGRESS_DELAY=60 git results add --batch --origin ci --progress <../batch 2>err &&
	! meters err
'

test_expect_success 'log --progress counts the commits walked' '
	GIT_PROGRESS_DELAY=0 git results log --progress >out 2>err &&
	meters err >meters &&
	test "$(tail -n 1 meters)" = "Walking commits: 20, done." &&
	test "$(wc -l <out)" = 6 &&
	GIT_PROGRESS_DELAY=0 git results log --progress c15..c20 >out 2>err &&
	meters err >meters &&
	test "$(tail -n 1 meters)" = "Walking commits: 5, done."
'

test_expect_success 'log on a terminal: no meter while lines go to it' '
	GIT_PROGRESS_DELAY=0 test_terminal git results log >out &&
	! meters out &&
	GIT_PROGRESS_DELAY=0 test_terminal sh -c "git results log >log-out" >out &&
	meters out >meters &&
	grep "^Walking commits: 20, done\.$" meters &&
	GIT_PROGRESS_DELAY=0 test_terminal sh -c "git results log --no-progress >log-out" >out &&
	! meters out &&
	GIT_PROGRESS_DELAY=0 test_terminal git results log --json >out &&
	meters out >meters &&
	grep "^Walking commits: 20, done\.$" meters
'

test_expect_success 'the meter stays on stderr: stdout is the same without it' '
	git results log --no-progress >plain &&
	GIT_PROGRESS_DELAY=0 git results log --progress >with 2>/dev/null &&
	test_cmp plain with
'

test_expect_success 'a failing batch ends its meter without "done"' '
	git update-ref -d refs/notes/results &&
	{ cat ../batch && echo "nosuch $TEST_DATA/kunit-skip.ktap"; } >bad-batch &&
	GIT_PROGRESS_DELAY=0 test_expect_code 1 git results add --batch --progress \
		--origin ci <bad-batch 2>err &&
	grep "^error: batch line 13: nothing added" err &&
	! grep "done" err &&
	test "$(notes_tip)" = none
'

# ssh-keygen that signs three records, then fails: a failure part way.
test_expect_success 'signing that fails part way ends its meter without "done"' '
	ssh-keygen -q -t ed25519 -N "" -C ci -f ../ci-key &&
	cat >../flaky-keygen <<-\EOF &&
	#!/bin/sh
	n=$(cat ../signed 2>/dev/null || echo 0)
	test "$n" -lt 3 || { echo "flaky-keygen: no more" >&2; exit 1; }
	echo $((n + 1)) >../signed
	exec ssh-keygen "$@"
	EOF
	chmod +x ../flaky-keygen &&
	git update-ref -d refs/notes/results &&
	test_expect_code 1 env GIT_PROGRESS_DELAY=0 git -c gpg.format=ssh \
		-c user.signingKey="$(cd .. && pwd)/ci-key" \
		-c gpg.ssh.program="$(cd .. && pwd)/flaky-keygen" \
		results add --batch --progress --sign --origin ci <../batch 2>err &&
	tr "\r" "\n" <err >lines &&
	grep "^error: cannot sign the record for .*: ssh-keygen failed: flaky-keygen: no more" lines &&
	grep "^Signing records: .*(3/12)" lines &&
	! grep "Signing records.*done" lines &&
	test "$(notes_tip)" = none
'

test_done
