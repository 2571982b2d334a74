#!/bin/sh
# sync push and pull under injected faults: connection errors, timeouts,
# 429 and 5xx are retried with backoff and every record ends up published
# exactly once; 400, 401 and 413 are not retried; a pull that cannot
# finish leaves the repository as it was.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-kcidb.sh"

start_mock mock --slow-seconds 2 || exit 1
MOCK_URL=$(cat mock/url)

# publish_runs <origin>: attaches records of <origin> to three commits.
publish_runs() {
	add_results one "$1" "$1-a" &&
	add_results two "$1" "$1-b" &&
	add_results three "$1" "$1-c" "$TEST_DATA/kunit-skip.ktap"
}

# published_once <origin>: KCIDB holds exactly the objects a dry run of
# that origin's records gives, each once, and they read back unchanged.
published_once() {
	git results sync push --dry-run --all --origin "$1" one two three >"expect-$1.json" 2>/dev/null &&
	"$PYTHON" - "$1" "expect-$1.json" ../mock/db.json <<-\PY
	import json, sys
	origin, expect, db = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
	want = {"builds": {}, "tests": {}}
	for line in open(expect):
	    doc = json.loads(line)
	    for kind in want:
	        for o in doc[kind]:
	            want[kind][o["id"]] = o
	assert len(want["builds"]) == 3 and len(want["tests"]) == 25, want
	for kind, objs in want.items():
	    got = {i: o for i, o in db["objects"][kind].items() if (":%s." % origin) in i}
	    assert set(got) == set(objs), (kind, sorted(set(got) ^ set(objs)))
	    for i, o in objs.items():
	        stored = dict(got[i])
	        stored.pop("_timestamp")
	        if kind == "builds":
	            stored["misc"].pop("lab")
	        else:
	            stored.pop("misc")
	        assert stored == o, (stored, o)
	PY
}

test_expect_success 'setup' '
	make_token token maintainer &&
	git init -q repo &&
	cd repo &&
	configure_kcidb ../mock ../token &&
	git config results.kcidb.maxDocumentSize 6k &&
	test_commit one &&
	test_commit two &&
	test_commit three
'

test_expect_success 'transient 500 and 502 answers are retried' '
	cd repo &&
	publish_runs f1 &&
	set_faults ../mock submit:500:2 submit:502:1 &&
	n=$(count_requests ../mock POST /submit) &&
	git results sync push --origin f1 one two three 2>err &&
	grep "^warning: $MOCK_URL/submit: the server answered 500; retrying in [0-9.]* s (attempt 2 of 6)$" err &&
	grep "^warning: $MOCK_URL/submit: the server answered 502; retrying" err &&
	docs=$(sed -n "s/^KCIDB processed \([0-9]*\) of \1 documents .*/\1/p" err) &&
	test "$docs" -gt 1 &&
	test $(count_requests ../mock POST /submit) = $((n + docs + 3)) &&
	published_once f1
'

test_expect_success '429 answers are retried' '
	cd repo &&
	publish_runs f2 &&
	set_faults ../mock submit:429:2 &&
	git results sync push --origin f2 one two three 2>err &&
	grep "the server answered 429; retrying" err &&
	published_once f2
'

test_expect_success 'a connection dropped after the server took the document' '
	cd repo &&
	publish_runs f3 &&
	set_faults ../mock submit:drop:2 &&
	git results sync push --origin f3 one two three 2>err &&
	grep "^warning: $MOCK_URL/submit: .*; retrying" err &&
	published_once f3 &&
	"$PYTHON" - <<-\PY
	import json
	received = json.load(open("../mock/db.json"))["received"]["builds"]
	twice = [i for i, n in received.items() if ":f3." in i and n > 1]
	assert twice, received  # sent twice, stored once
	PY
'

test_expect_success 'a connection dropped before the server read the document' '
	cd repo &&
	publish_runs f4 &&
	set_faults ../mock submit:drop-early:1 &&
	git results sync push --origin f4 one two three 2>err &&
	grep "retrying" err &&
	published_once f4
'

test_expect_success 'an answer slower than the timeout' '
	cd repo &&
	publish_runs f5 &&
	set_faults ../mock submit:slow:1 &&
	git -c results.kcidb.timeout=1 results sync push --origin f5 one two three 2>err &&
	grep "^warning: $MOCK_URL/submit: Operation timed out after .*; retrying" err &&
	published_once f5
'

test_expect_success 'faults while waiting for ingestion are retried too' '
	cd repo &&
	publish_runs f6 &&
	set_faults ../mock status:503:1 status:drop:1 &&
	git results sync push --origin f6 one two three 2>err &&
	grep "^warning: $MOCK_URL/status?id=[A-Za-z0-9]*: the server answered 503; retrying" err &&
	! grep "^error" err &&
	published_once f6
'

test_expect_success 'backoff is bounded: a persistent 502 ends the push after the last retry' '
	cd repo &&
	publish_runs f7 &&
	set_faults ../mock submit:502 &&
	n=$(count_requests ../mock POST /submit) &&
	test_expect_code 1 git -c results.kcidb.retries=2 results sync push --origin f7 one two three 2>err &&
	grep "^error: KCIDB did not take a document (HTTP 502: Internal server error)$" err &&
	test $(grep -c "retrying" err) = 2 &&
	test $(count_requests ../mock POST /submit) = $((n + 3)) &&
	set_faults ../mock &&
	git results sync push --origin f7 one two three 2>err &&
	published_once f7
'

test_expect_success 'a push that fails half way says so, and pushing again completes it' '
	cd repo &&
	publish_runs f8 &&
	set_faults ../mock submit:ok:1 submit:500 &&
	test_expect_code 1 git -c results.kcidb.retries=0 results sync push --origin f8 one two three 2>err &&
	grep "^error: KCIDB did not take a document (HTTP 500: Internal server error)$" err &&
	grep "^1 of [0-9]* documents had been sent; pushing again is safe" err &&
	set_faults ../mock &&
	git results sync push --origin f8 one two three 2>err &&
	published_once f8
'

test_expect_success '400 is not retried' '
	cd repo &&
	publish_runs f9 &&
	set_faults ../mock submit:400:1 &&
	n=$(count_requests ../mock POST /submit) &&
	test_expect_code 1 git results sync push --origin f9 one two three 2>err &&
	grep "^error: KCIDB did not take a document (HTTP 400: injected bad request)$" err &&
	! grep retrying err &&
	test $(count_requests ../mock POST /submit) = $((n + 1))
'

test_expect_success '413 is not retried, and says what to change' '
	cd repo &&
	set_faults ../mock submit:413:1 &&
	n=$(count_requests ../mock POST /submit) &&
	test_expect_code 1 git results sync push --origin f9 one two three 2>err &&
	grep "^error: KCIDB refused a document of [0-9]* bytes as too large (HTTP 413); lower results.kcidb.maxDocumentSize$" err &&
	! grep retrying err &&
	test $(count_requests ../mock POST /submit) = $((n + 1)) &&
	set_faults ../mock &&
	git results sync push --origin f9 one two three 2>err &&
	published_once f9
'

test_expect_success 'pull retries the dashboard' '
	git clone -q repo clone &&
	cd clone &&
	configure_kcidb ../mock ../token &&
	set_faults ../mock api:502:1 api:drop:1 &&
	git results sync pull one 2>err &&
	grep "the server answered 502; retrying" err &&
	git notes --ref=results show one >note &&
	test $(test_count_records note) = 9
'

test_expect_success 'a pull that cannot finish leaves the repository as it was' '
	cd clone &&
	before=$(notes_tip) &&
	set_faults ../mock api:500 &&
	test_expect_code 1 git -c results.kcidb.retries=1 results sync pull two three 2>err &&
	grep "^error: the KCIDB dashboard answered HTTP 500 for .$MOCK_URL/api/tree/" err &&
	grep "^error: nothing was added$" err &&
	test "$(notes_tip)" = "$before" &&
	set_faults ../mock api:drop &&
	test_expect_code 128 git -c results.kcidb.retries=1 results sync pull two three 2>err &&
	grep "^fatal: unable to access .$MOCK_URL/api/tree/" err &&
	test "$(notes_tip)" = "$before" &&
	set_faults ../mock api:ok:1 api:500 &&
	test_expect_code 1 git -c results.kcidb.retries=0 results sync pull two three 2>err &&
	test "$(notes_tip)" = "$before" &&
	set_faults ../mock &&
	git results sync pull two three 2>err &&
	grep "^added 18 new records of 18 found" err &&
	test "$(notes_tip)" != "$before" &&
	git fsck --strict 2>/dev/null
'

test_expect_success 'a dashboard answering JSON of another shape is an error, not "no results"' '
	cd clone &&
	before=$(notes_tip) &&
	test_when_finished "kill \$(cat \"$TRASH_DIRECTORY/shaped/pid\")" &&
	start_shaped ../shaped "{\"id\": 5}" &&
	test_expect_code 1 git -c results.kcidb.dashboardUrl="$(cat ../shaped/url)" \
		results sync pull one 2>err &&
	grep "^error: the KCIDB dashboard sent an unexpected answer for .*/api/tree/.*expected {\"builds\": \[...\], \"boots\": \[...\], \"tests\": \[...\], ...}$" err &&
	grep "^error: nothing was added$" err &&
	! grep "^added" err &&
	test_when_finished "kill \$(cat \"$TRASH_DIRECTORY/listed/pid\")" &&
	start_shaped ../listed "[1, 2]" &&
	test_expect_code 1 git -c results.kcidb.dashboardUrl="$(cat ../listed/url)" \
		results sync pull one 2>err &&
	grep "^error: the KCIDB dashboard sent an unexpected answer" err &&
	test "$(notes_tip)" = "$before"
'

test_done
