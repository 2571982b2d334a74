#!/bin/sh
# sync push remembers what KCIDB took (.git/git-results/kcidb-published)
# and sends only what is new; --all sends everything again; what KCIDB
# did not take is sent again; runs at the same time keep each other's
# entries; a submission URL ending in /submit names the same service.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-kcidb.sh"

start_mock mock || exit 1
start_mock other || exit 1
MOCK_URL=$(cat mock/url)
OTHER_URL=$(cat other/url)
LEDGER=.git/git-results/kcidb-published

# sent_builds <mock dir>: the build ids the stand-in received, sorted.
sent_builds() {
	"$PYTHON" - "$1/spool" <<-\PY
	import json, os, sys
	ids = []
	for sub in ("", "archive", "failed"):
	    d = os.path.join(sys.argv[1], sub)
	    for name in os.listdir(d):
	        if name.endswith(".json"):
	            ids += [b["id"] for b in json.load(open(os.path.join(d, name))).get("builds", [])]
	print("\n".join(sorted(ids)))
	PY
}

test_expect_success 'setup' '
	make_token token maintainer &&
	git init -q repo &&
	cd repo &&
	configure_kcidb ../mock ../token &&
	test_commit one &&
	test_commit two &&
	add_results one local r1 &&
	add_results two local r2
'

test_expect_success 'a first push sends everything and remembers what KCIDB took' '
	cd repo &&
	git results sync push one two 2>err &&
	grep "^KCIDB processed 1 of 1 document (2 records, 20 tests)$" err &&
	test_line_count = 2 $LEDGER &&
	sent_builds ../mock >sent &&
	cut -d" " -f2 $LEDGER | sort >remembered &&
	test_cmp sent remembered &&
	grep "^$MOCK_URL maintainer:local\.r1\.[0-9a-f]* $(git rev-parse one) [0-9]*$" $LEDGER &&
	grep "^$MOCK_URL maintainer:local\.r2\.[0-9a-f]* $(git rev-parse two) [0-9]*$" $LEDGER
'

test_expect_success 'the next push sends only the new records' '
	cd repo &&
	test_commit three &&
	add_results three local r3 &&
	git results sync push one..three one 2>err &&
	grep "^left out 2 records KCIDB took before (--all sends them again)$" err &&
	grep "^sent 1 record (10 tests) in 1 document" err &&
	test $(count_requests ../mock POST /submit) = 2 &&
	test $(db_count ../mock builds) = 3 &&
	test_line_count = 3 $LEDGER
'

test_expect_success 'a changed record is a new build, and is sent' '
	cd repo &&
	git results add -q --force --origin local --run r2 --env arch=x86_64 \
		--env config=defconfig two "$TEST_DATA/kunit-skip.ktap" &&
	git results sync push one two three 2>err &&
	grep "^left out 2 records KCIDB took before" err &&
	grep "^sent 1 record " err &&
	test $(db_count ../mock builds) = 4
'

test_expect_success '--all sends everything again' '
	cd repo &&
	n=$(count_requests ../mock POST /submit) &&
	git results sync push --all one two three 2>err &&
	! grep "left out" err &&
	grep "^sent 3 records " err &&
	test $(count_requests ../mock POST /submit) = $((n + 1)) &&
	test_line_count = 4 $LEDGER
'

test_expect_success 'another submission URL has its own record of what it took' '
	cd repo &&
	git results sync push --url "$OTHER_URL" one two three 2>err &&
	grep "^sent 3 records " err &&
	test $(grep -c "^$OTHER_URL " $LEDGER) = 3
'

test_expect_success 'what the ingester refused is sent again next time' '
	cd repo &&
	add_results one local r4 &&
	set_faults ../mock ingest:fail:1 &&
	test_expect_code 1 git results sync push one 2>err &&
	grep "^error: submission [A-Za-z0-9]* failed" err &&
	test $(grep -c "^$MOCK_URL " $LEDGER) = 4 &&
	git results sync push one 2>err &&
	grep "^sent 1 record " err &&
	test $(grep -c "^$MOCK_URL " $LEDGER) = 5
'

test_expect_success '--no-wait remembers nothing: KCIDB has not taken it yet' '
	cd repo &&
	add_results one local r5 &&
	git results sync push --no-wait one 2>err &&
	grep "^submission [A-Za-z0-9]*: queued$" err &&
	test $(grep -c "^$MOCK_URL " $LEDGER) = 5
'

test_expect_success 'runs at the same time keep what the other added' '
	cd repo &&
	test_commit four &&
	test_commit five &&
	add_results four local r6 &&
	add_results five local r7 &&
	echo "$OTHER_URL" >url.four &&
	echo "$MOCK_URL" >url.five &&
	for c in four five; do
		git results sync push --url "$(cat url.$c)" $c 2>err.$c &
	done &&
	wait &&
	grep "^sent 1 record " err.four &&
	grep "^sent 1 record " err.five &&
	grep "^$OTHER_URL maintainer:local\.r6\." $LEDGER &&
	grep "^$MOCK_URL maintainer:local\.r7\." $LEDGER &&
	! test -e $LEDGER.lock
'

test_expect_success 'a push waits for a lock another run holds' '
	cd repo &&
	add_results four local r8 &&
	: >$LEDGER.lock &&
	for delay in 1; do
		(sleep $delay && rm -f $LEDGER.lock) &
	done &&
	git results sync push four 2>err &&
	wait &&
	grep "^$MOCK_URL maintainer:local\.r8\." $LEDGER &&
	! grep "warning" err
'

test_expect_success 'a lock that stays is a warning, and the push still succeeds' '
	cd repo &&
	add_results four local r9 &&
	: >$LEDGER.lock &&
	test_when_finished "rm -f $LEDGER.lock" &&
	git -c results.kcidb.lockTimeout=0.2 results sync push four 2>err &&
	grep "^warning: cannot lock .*kcidb-published.lock.: File exists; another .git results sync push. may be running" err &&
	grep "the next push sends these results again$" err &&
	! grep "local\.r9\." $LEDGER
'

test_expect_success 'a submission URL ending in /submit is the same service' '
	cd repo &&
	add_results five local r10 &&
	n=$(count_requests ../mock POST /submit) &&
	git -c results.kcidb.url="$MOCK_URL/submit" results sync push five 2>err &&
	grep "^sent 1 record (10 tests) in 1 document to $MOCK_URL$" err &&
	test $(count_requests ../mock POST /submit) = $((n + 1)) &&
	test $(count_requests ../mock POST /submit/submit) = 0 &&
	grep "^$MOCK_URL maintainer:local\.r10\." $LEDGER
'

test_expect_success 'so is a KCIDB_REST ending in /submit/, the token in it' '
	cd repo &&
	add_results five local r11 &&
	git config --unset results.kcidb.url &&
	git config --unset results.kcidb.tokenFile &&
	test_when_finished "configure_kcidb ../mock ../token" &&
	KCIDB_REST="http://$(cat ../token)@${MOCK_URL#http://}/submit/" \
		git results sync push five 2>err &&
	grep "^sent 1 record (10 tests) in 1 document to $MOCK_URL$" err &&
	test $(count_requests ../mock POST /submit/submit) = 0 &&
	grep "^$MOCK_URL maintainer:local\.r11\." $LEDGER
'

test_done
