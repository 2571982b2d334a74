#!/bin/sh
# Tokens and refusals: a bad token gives a clear error and sends nothing
# else, the token never appears in any output, invalid data is never
# sent, and an unreachable server leaves the repository as it was.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-kcidb.sh"

start_mock mock || exit 1
MOCK_URL=$(cat mock/url)
MOCK_HOSTPORT=${MOCK_URL#http://}

# A port nothing listens on: bind one, then let it go.
DEAD_PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

test_expect_success 'setup' '
	make_token token maintainer &&
	make_token wrong-secret maintainer not-the-secret &&
	make_token expired maintainer test-secret -3600 &&
	git init -q repo &&
	cd repo &&
	configure_kcidb ../mock ../token &&
	test_commit one &&
	test_commit two &&
	add_results one local r1 &&
	add_results two local r2
'

test_expect_success 'a token the server refuses is a fatal error, and nothing else is sent' '
	cd repo &&
	test_expect_code 128 git -c results.kcidb.tokenFile=../wrong-secret \
		-c results.kcidb.maxDocumentSize=4k results sync push one two >out 2>err &&
	grep "^fatal: KCIDB at .$MOCK_URL. refused the token (HTTP 401: InvalidSignature)$" err &&
	! grep retrying err &&
	test $(count_requests ../mock POST /submit) = 1 &&
	test $(count_requests ../mock GET /) = 0 &&
	test_expect_code 128 git -c results.kcidb.tokenFile=../expired results sync push one 2>err &&
	grep "refused the token (HTTP 401: ExpiredSignature)$" err &&
	test $(count_requests ../mock POST /submit) = 2 &&
	test $(db_count ../mock builds) = 0
'

test_expect_success 'without a token nothing is sent' '
	cd repo &&
	test_expect_code 128 git -c results.kcidb.tokenFile= results sync push one 2>err &&
	test_expect_code 128 git -c results.kcidb.tokenFile=../no-such-file results sync push one 2>err &&
	grep "^fatal: cannot read the KCIDB token file .../no-such-file.: No such file or directory$" err &&
	git config --unset results.kcidb.tokenFile &&
	test_expect_code 128 git results sync push one 2>err &&
	grep "^fatal: no KCIDB token: set results.kcidb.tokenFile or KCIDB_REST=https://<token>@<host>/$" err &&
	printf "two\nlines\n" >../bad-token &&
	test_expect_code 128 git -c results.kcidb.tokenFile=../bad-token results sync push one 2>err &&
	grep "does not hold one token on one line" err &&
	git config results.kcidb.tokenFile ../token &&
	test $(count_requests ../mock POST /submit) = 2
'

test_expect_success 'a token file others can read gets a warning' '
	cd repo &&
	cp ../token ../open-token &&
	chmod 644 ../open-token &&
	git -c results.kcidb.tokenFile=../open-token results sync push --dry-run one >/dev/null 2>err &&
	grep "^warning: the KCIDB token file .../open-token. can be read by other users$" err
'

test_expect_success 'KCIDB_REST gives the URL and the token' '
	cd repo &&
	git config --unset results.kcidb.url &&
	git config --unset results.kcidb.tokenFile &&
	KCIDB_REST="http://$(cat ../token)@$MOCK_HOSTPORT/" git results sync push one 2>err &&
	grep "^sent 1 record (10 tests) in 1 document to $MOCK_URL$" err &&
	test $(db_count ../mock builds) = 1
'

test_expect_success 'the token of KCIDB_REST is not sent to another server' '
	cd repo &&
	KCIDB_REST="https://$(cat ../token)@db.example.org/" &&
	export KCIDB_REST &&
	test_expect_code 128 git results sync push --url "$MOCK_URL" one 2>err &&
	grep "^fatal: no KCIDB token" err &&
	test $(count_requests ../mock POST /submit) = 3
'

test_expect_success 'the token never appears in any output' '
	cd repo &&
	token=$(cat ../token) &&
	wrong=$(cat ../wrong-secret) &&
	{
		KCIDB_REST="http://$token@$MOCK_HOSTPORT/" git results sync push one two &&
		KCIDB_REST="http://$token@$MOCK_HOSTPORT/" git results sync push --dry-run one two &&
		KCIDB_REST="http://$token@$MOCK_HOSTPORT/" git results sync pull one two &&
		KCIDB_REST="http://$token@$MOCK_HOSTPORT/" GIT_PROGRESS_DELAY=0 \
			git results sync push --all --progress one two &&
		KCIDB_REST="http://$token@127.0.0.1:$DEAD_PORT/" git -c results.kcidb.retries=1 \
			results sync push one
		KCIDB_REST="http://$token@db.example.org/" git results sync push one
		KCIDB_REST="http://$token@$MOCK_HOSTPORT/" git -c results.kcidb.origin=Bad-Origin \
			results sync push one
		KCIDB_REST="http://$wrong@$MOCK_HOSTPORT/" git results sync push --all one
		git -c results.kcidb.url="http://$token@127.0.0.1:$DEAD_PORT" \
			-c results.kcidb.retries=0 results sync push one
		git results sync push --all --url "http://$token@$MOCK_HOSTPORT/" one
	} >all-output 2>&1 &&
	grep "Publishing results: 100% (2/2), done.$" all-output &&
	grep "Checking results: 100% (2/2), done.$" all-output &&
	grep "^fatal: unable to access .http://127.0.0.1:$DEAD_PORT/submit.: " all-output &&
	grep "^fatal: refusing plain http to .db.example.org." all-output &&
	grep "^fatal: invalid KCIDB origin" all-output &&
	grep "^fatal: KCIDB at .$MOCK_URL. refused the token" all-output &&
	test $(grep -c "^sent [0-9]* records\{0,1\} " all-output) = 3 &&
	! grep -F "$token" all-output &&
	! grep -F "$wrong" all-output &&
	! grep -F "$(echo "$token" | cut -d. -f3)" all-output &&
	! grep -rF "$token" .git
'

test_expect_success 'invalid data is never sent' '
	cd repo &&
	git config results.kcidb.url "$MOCK_URL" &&
	git config results.kcidb.tokenFile ../token &&
	n=$(count_requests ../mock POST /submit) &&
	test_expect_code 128 git -c results.kcidb.origin=git-results results sync push one 2>err &&
	grep "^fatal: invalid KCIDB origin .git-results.: KCIDB origins are made of \[a-z0-9_\]$" err &&
	test_expect_code 128 git -c results.kcidb.gitUrl=git://example.org/x.git results sync push one 2>err &&
	grep "^fatal: KCIDB needs the repository.s https URL, not .git://example.org/x.git." err &&
	test_expect_code 128 git -c results.kcidb.url=http://db.example.org results sync push one 2>err &&
	grep "^fatal: refusing plain http to .db.example.org.: use https" err &&
	test $(count_requests ../mock POST /submit) = $n
'

test_expect_success 'a record too large for a document is found before anything is sent' '
	cd repo &&
	test_commit three &&
	{
		echo "KTAP version 1" && echo "1..400" &&
		i=1 &&
		while test $i -le 400; do
			echo "ok $i a_test_case_with_a_long_name_$i" && i=$((i + 1))
		done
	} >big.ktap &&
	add_results three local big big.ktap &&
	n=$(count_requests ../mock POST /submit) &&
	test_expect_code 1 git -c results.kcidb.maxDocumentSize=8k results sync push one two three 2>err &&
	grep "^error: the record of origin .local., run .big. on $(git rev-parse three) is too large for one KCIDB document .* nothing was sent$" err &&
	test $(count_requests ../mock POST /submit) = $n
'

test_expect_success 'an unreachable server: push fails after its retries, and changes nothing' '
	cd repo &&
	before=$(notes_tip) &&
	test_expect_code 128 git -c results.kcidb.url=http://127.0.0.1:$DEAD_PORT \
		-c results.kcidb.retries=2 results sync push one 2>err &&
	grep "^fatal: unable to access .http://127.0.0.1:$DEAD_PORT/submit.: .*" err &&
	test $(grep -c "^warning: http://127.0.0.1:$DEAD_PORT/submit: .*; retrying in" err) = 2 &&
	test "$(notes_tip)" = "$before"
'

test_expect_success 'an unreachable dashboard: pull fails and leaves the repository unchanged' '
	git clone -q repo clone &&
	cd clone &&
	configure_kcidb ../mock ../token &&
	git config results.kcidb.dashboardUrl http://127.0.0.1:$DEAD_PORT &&
	before=$(notes_tip) &&
	find .git/objects -type f | sort >objects-before &&
	test_expect_code 128 git -c results.kcidb.retries=1 results sync pull one two 2>err &&
	grep "^fatal: unable to access .http://127.0.0.1:$DEAD_PORT/api/tree/$(git rev-parse one)/full?origin=maintainer&git_url=https%3A%2F%2Fgit.example.org%2Fpub%2Flinux.git&git_branch=master.: " err &&
	test "$(notes_tip)" = "$before" &&
	find .git/objects -type f | sort >objects-after &&
	test_cmp objects-before objects-after
'

test_done
