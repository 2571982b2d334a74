#!/bin/sh
# The KCIDB stand-in behaves as production does where it was found to
# differ: plain-text answers, tokens with an audience, the ingester's lab
# rule and dummy builds, the dashboard's "Unknown" and its answer cache;
# and sync pull treats "Unknown" as absent, and says when the cache may
# hide what was just pushed.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-kcidb.sh"

start_mock mock --max-body 4096 || exit 1
start_mock cached --cache-seconds 60 || exit 1
MOCK_URL=$(cat mock/url)
CACHED_URL=$(cat cached/url)
GIT_URL=https://git.example.org/pub/linux.git

# answer <out> <curl args>...: the status, content type and body of a request.
answer() {
	out=$1
	shift
	curl -s -o "$out.body" -w "%{http_code} %{content_type}\n" "$@" >"$out"
}

test_expect_success 'setup' '
	make_token token maestro &&
	"$PYTHON" "$KCIDB_MOCK" token --origin maestro --secret test-secret \
		--audience fastapi-users:auth >aud-token &&
	chmod 600 aud-token &&
	git init -q repo &&
	(
		cd repo &&
		test_commit one &&
		test_commit two &&
		git rev-parse one >../commit
	) &&
	commit=$(cat commit) &&
	cat >doc.json <<-EOF &&
	{"version": {"major": 5, "minor": 3},
	 "checkouts": [{"id": "maestro:c1", "origin": "maestro", "git_commit_hash": "$commit",
	   "git_repository_url": "$GIT_URL", "git_repository_branch": "master", "patchset_hash": ""}],
	 "builds": [{"id": "maestro:b1", "origin": "maestro", "checkout_id": "maestro:c1",
	   "status": "PASS", "misc": {"lab": "shell"}},
	  {"id": "maestro:dummy_b2", "origin": "maestro", "checkout_id": "maestro:c1", "status": "PASS"}],
	 "tests": [{"id": "maestro:t1", "origin": "maestro", "build_id": "maestro:b1",
	   "path": "kunit.exec.a", "status": "PASS", "misc": {"runtime": "lava-collabora"},
	   "environment": {"misc": {"platform": "rk3399"}}}]}
	EOF
	printf "{\"a\": \"\\377\"}" >latin1.json
'

test_expect_success 'a body over the limit gets 413 in plain text, which sync push reports' '
	(
		cd repo &&
		configure_kcidb ../mock ../token &&
		add_results two local big &&
		test_expect_code 1 git results sync push two 2>err &&
		grep "^error: KCIDB refused a document of [0-9]* bytes as too large (HTTP 413)" err &&
		git results remove --origin local --run big two >/dev/null
	) &&
	"$PYTHON" -c "print(\"[\" + \" \" * 5000 + \"]\")" >big.json &&
	answer out -X POST -H "Authorization: Bearer $(cat token)" --data-binary @big.json \
		"$MOCK_URL/submit" &&
	echo "413 text/plain" >expect &&
	test_cmp expect out &&
	test "$(cat out.body)" = "length limit exceeded"
'

test_expect_success 'a body that is not UTF-8 gets 400 in plain text' '
	answer out -X POST -H "Authorization: Bearer $(cat token)" --data-binary @latin1.json \
		"$MOCK_URL/submit" &&
	echo "400 text/plain" >expect &&
	test_cmp expect out &&
	grep "^Request body didn.t contain valid UTF-8" out.body &&
	echo "{\"a\": 1" >broken.json &&
	answer out -X POST -H "Authorization: Bearer $(cat token)" --data-binary @broken.json \
		"$MOCK_URL/submit" &&
	echo "400 application/json" >expect &&
	test_cmp expect out
'

test_expect_success '/status without an id is plain text; with an empty one, JSON' '
	answer out -H "Authorization: Bearer $(cat token)" "$MOCK_URL/status" &&
	echo "400 text/plain" >expect &&
	test_cmp expect out &&
	grep "missing field .id." out.body &&
	answer out -H "Authorization: Bearer $(cat token)" "$MOCK_URL/status?id=" &&
	echo "400 application/json" >expect &&
	test_cmp expect out &&
	grep "\"Empty id\"" out.body
'

test_expect_success 'a token with an audience is refused, as jsonwebtoken refuses it' '
	answer out -H "Authorization: Bearer $(cat aud-token)" "$MOCK_URL/authtest" &&
	echo "401 application/json" >expect &&
	test_cmp expect out &&
	grep "InvalidAudience" out.body &&
	(
		cd repo &&
		configure_kcidb ../cached ../aud-token &&
		add_results two local r1 &&
		test_expect_code 128 git results sync push two 2>err &&
		grep "^fatal: KCIDB at .$CACHED_URL. refused the token (HTTP 401: InvalidAudience)" err
	)
'

test_expect_success 'the ingester: a shell lab becomes the origin, dummy builds are dropped' '
	submit "$MOCK_URL" token doc.json &&
	"$PYTHON" - mock/db.json <<-\PY
	import json, sys
	db = json.load(open(sys.argv[1]))["objects"]
	assert sorted(db["builds"]) == ["maestro:b1"], sorted(db["builds"])
	misc = db["builds"]["maestro:b1"]["misc"]
	assert misc == {"lab": "maestro", "automatic_lab": "shell"}, misc
	PY
'

test_expect_success 'the ingester checks date-times and URIs as production does' '
	for bad in "\"start_time\": \"2024-02-30T00:00:00Z\"" \
		"\"start_time\": \"yesterday\"" "\"log_url\": \"not a uri\""; do
		printf "{\"version\": {\"major\": 5, \"minor\": 3}, \"checkouts\": [{\"id\": \"maestro:bad\", \"origin\": \"maestro\", %s}]}" \
			"$bad" >bad.json &&
		test_must_fail submit "$MOCK_URL" token bad.json || return 1
	done &&
	printf "{\"version\": {\"major\": 5, \"minor\": 3}, \"checkouts\": [{\"id\": \"maestro:good\", \"origin\": \"maestro\", \"start_time\": \"2024-02-29T23:59:60.5+05:30\"}]}" >good.json &&
	submit "$MOCK_URL" token good.json
'

test_expect_success 'the dashboard says Unknown for what a build does not say' '
	commit=$(cat commit) &&
	answer out "$MOCK_URL/api/tree/$commit/builds?origin=maestro&git_url=$GIT_URL&git_branch=master" &&
	"$PYTHON" - out.body <<-\PY
	import json, sys
	b = json.load(open(sys.argv[1]))["builds"][0]
	assert (b["architecture"], b["compiler"], b["config_name"]) == ("Unknown",) * 3, b
	PY
'

test_expect_success 'sync pull takes Unknown for absent, never arch Unknown' '
	(
		cd repo &&
		configure_kcidb ../mock ../token &&
		git config results.kcidb.gitUrl $GIT_URL &&
		git results sync pull --origin maestro one 2>err &&
		grep "^added 1 new record of 1 found" err &&
		git notes --ref=results show one >note &&
		grep "^origin maestro$" note &&
		grep "^env device rk3399$" note &&
		grep "^env lab lava-collabora$" note &&
		! grep "Unknown" note &&
		! grep "^env arch" note &&
		! grep "^env toolchain" note &&
		! grep "^env config" note
	)
'

test_expect_success 'with --cache-seconds the dashboard keeps an answer, no data too' '
	commit=$(cat commit) &&
	url="$CACHED_URL/api/tree/$commit/builds?origin=maestro&git_url=$GIT_URL&git_branch=master" &&
	answer out "$url" &&
	grep "No results available" out.body &&
	submit "$CACHED_URL" token doc.json &&
	answer out "$url" &&
	grep "No results available" out.body &&
	answer out "$CACHED_URL/api/tree/$commit/builds?origin=maestro&git_url=$GIT_URL&git_branch=master&x=1" &&
	grep "maestro:b1" out.body
'

test_expect_success 'sync pull says when a recent push may hide behind the cache' '
	(
		cd repo &&
		configure_kcidb ../cached ../token &&
		git config results.kcidb.gitUrl $GIT_URL &&
		test_commit three &&
		add_results three local r3 &&
		git results sync pull three 2>err &&
		grep "^added 0 new records of 0 found" err &&
		! grep "caches" err &&
		git results sync push three 2>err &&
		grep "^KCIDB processed 1 of 1 document" err &&
		git results sync pull three 2>err &&
		grep "^added 0 new records of 0 found" err &&
		grep "^nothing found for $(git rev-parse three), which KCIDB took [0-9]* s ago: the dashboard caches its answers for up to 180 s; pull again later$" err &&
		git results sync pull -q three 2>err &&
		test_must_be_empty err
	)
'

test_done
