#!/bin/sh
# git results patchwork push: a check per group of records on the patch a
# commit came from, found by X-Patchwork-Id or the Message-ID of its Link:
# trailer, in a stand-in that follows Patchwork's REST API; git-pw's own
# client reads the checks back.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-patchwork.sh"

mkdir -p pw &&
cat >pw/patches.json <<-\EOF
[
 {"id": 101, "msgid": "<20261201101010.1-alice@example.org>", "project": "linux",
  "name": "[PATCH 1/2] mm: fix the first thing"},
 {"id": 102, "msgid": "<20261201101010.2-alice@example.org>", "project": "linux",
  "name": "[PATCH 2/2] mm: fix the second thing"},
 {"id": 201, "msgid": "<20261201101010.1-alice@example.org>", "project": "other",
  "name": "[PATCH 1/2] mm: fix the first thing"},
 {"id": 300, "msgid": "<by-id@example.org>", "project": "linux"}
]
EOF
start_patchwork pw || exit 1
PW_URL=$(cat pw/url)

# A port nothing listens on: bind one, then let it go.
DEAD_PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cat >pass.ktap <<-\EOF
TAP version 13
1..2
ok 1 first
ok 2 second
EOF

test_expect_success 'setup' '
	git init -q repo &&
	cd repo &&
	git commit -q --allow-empty -m "mm: fix the first thing" \
		-m "Link: https://lore.kernel.org/r/20261201101010.1-alice@example.org" &&
	git tag one &&
	git commit -q --allow-empty -m "mm: fix the second thing" \
		-m "Signed-off-by: A U Thor <author@example.com>
Link: https://patch.msgid.link/20261201101010.2-alice@example.org" &&
	git tag two &&
	git commit -q --allow-empty -m "by id" -m "X-Patchwork-Id: 300" &&
	git tag three &&
	git commit -q --allow-empty -m "no patch here" &&
	git tag four &&
	git results add -q --origin lkft --run r1 --env arch=x86_64 --env config=defconfig \
		--link https://ci.example.org/r1 one "$TEST_DATA/kunit-failure.ktap" &&
	git results add -q --origin lkft --run r2 --env arch=arm64 --env config=defconfig \
		--link https://ci.example.org/r2 one ../pass.ktap &&
	git results add -q --origin kernelci --run k1 --env arch=x86_64 \
		--link https://kci.example.org/k1 one ../pass.ktap &&
	git results add -q --origin lkft --run r3 --env arch=x86_64 --env config=defconfig \
		--link https://ci.example.org/r3 two ../pass.ktap &&
	git results add -q --origin lkft --run r4 --env arch=x86_64 three ../pass.ktap &&
	git results add -q --origin lkft --run r5 --env arch=x86_64 four ../pass.ktap &&
	git config results.patchwork.url "$PW_URL" &&
	git config results.patchwork.project linux &&
	git config results.patchwork.retryDelay 0.05 &&
	git config results.patchwork.timeout 5 &&
	git config pw.server "$PW_URL/api/1.2" &&
	git config pw.project linux
'

test_expect_success '--dry-run prints the checks it would post, and posts nothing' '
	cd repo &&
	git results patchwork push --dry-run one >out 2>err &&
	cat >expect <<-EOF &&
	POST $PW_URL/api/1.2/patches/101/checks/
	{"context":"kernelci-x86_64","description":"2 PASS from kernelci on arch=x86_64","state":"success","target_url":"https://kci.example.org/k1"}
	POST $PW_URL/api/1.2/patches/101/checks/
	{"context":"lkft-arm64-defconfig","description":"2 PASS from lkft on arch=arm64 config=defconfig","state":"success","target_url":"https://ci.example.org/r2"}
	POST $PW_URL/api/1.2/patches/101/checks/
	{"context":"lkft-x86_64-defconfig","description":"1 FAIL, 9 PASS from lkft on arch=x86_64 config=defconfig","state":"fail","target_url":"https://ci.example.org/r1"}
	EOF
	test_cmp expect out &&
	grep "^would post 3 checks; 0 already on Patchwork$" err &&
	test $(pw_requests ../pw POST) = 0
'

test_expect_success 'push posts one check per origin and environment, which git-pw reads back' '
	cd repo &&
	git config results.patchwork.token "$PW_TOKEN" &&
	git results patchwork push one..four one >out 2>err &&
	test_line_count = 5 out &&
	grep "^[0-9a-f]\{12\} patch 101 fail lkft-x86_64-defconfig$" out &&
	grep "^[0-9a-f]\{12\} patch 102 success lkft-x86_64-defconfig$" out &&
	grep "^[0-9a-f]\{12\} patch 300 success lkft-x86_64$" out &&
	grep "commit [0-9a-f]\{12\} has results but no X-Patchwork-Id: trailer" err &&
	grep "^posted 5 checks; 0 already on Patchwork$" err &&
	git config pw.token "$PW_TOKEN" &&
	pw_checks 101 >checks &&
	cat >expect <<-\EOF &&
	success|kernelci-x86_64|2 PASS from kernelci on arch=x86_64|https://kci.example.org/k1
	success|lkft-arm64-defconfig|2 PASS from lkft on arch=arm64 config=defconfig|https://ci.example.org/r2
	fail|lkft-x86_64-defconfig|1 FAIL, 9 PASS from lkft on arch=x86_64 config=defconfig|https://ci.example.org/r1
	EOF
	test_cmp expect checks &&
	pw_checks 102 state context >checks &&
	echo "success|lkft-x86_64-defconfig" >expect &&
	test_cmp expect checks &&
	pw_checks 300 state target_url >checks &&
	echo "success|None" >expect &&
	test_cmp expect checks &&
	pw_checks 201 >checks &&
	test_must_be_empty checks &&
	git pw patch show 101 >show &&
	grep "20261201101010.1-alice@example.org" show
'

test_expect_success 'publishing twice adds nothing; a changed result adds one check' '
	cd repo &&
	git results patchwork push one..four one >out 2>err &&
	test_must_be_empty out &&
	grep "^posted 0 checks; 5 already on Patchwork$" err &&
	test $(pw_requests ../pw POST) = 5 &&
	git results add -q --origin lkft --run r6 --env arch=x86_64 --env config=defconfig \
		--link https://ci.example.org/r3 two "$TEST_DATA/kunit-failure.ktap" &&
	git results patchwork push two >out 2>err &&
	grep "patch 102 fail lkft-x86_64-defconfig$" out &&
	test_line_count = 1 out &&
	pw_checks 102 state description >checks &&
	cat >expect <<-\EOF &&
	success|2 PASS from lkft on arch=x86_64 config=defconfig
	fail|1 FAIL, 11 PASS (2 runs) from lkft on arch=x86_64 config=defconfig
	EOF
	test_cmp expect checks
'

test_expect_success 'without a URL or a token nothing is sent' '
	cd repo &&
	test_expect_code 128 git -c results.patchwork.url= results patchwork push one 2>err &&
	grep "^fatal: no Patchwork instance: set results.patchwork.url$" err &&
	test_expect_code 128 git -c results.patchwork.token= results patchwork push one 2>err &&
	grep "^fatal: no Patchwork token: set results.patchwork.token$" err &&
	test_expect_code 128 git -c results.patchwork.url=http://pw.example.org \
		results patchwork push one 2>err &&
	grep "^fatal: refusing plain http to .pw.example.org." err &&
	test_expect_code 129 git results patchwork 2>err &&
	grep "name a subcommand: push" err &&
	test_expect_code 129 git results patchwork push -h >out &&
	grep "usage: git results patchwork push" out &&
	test_expect_code 129 git results patchwork push --dry-run --origin Bad one 2>err &&
	grep "^error: bad --origin .Bad." err
'

test_expect_success 'a token Patchwork refuses: a clear error, the token in no output' '
	cd repo &&
	git results add -q --origin lkft --run r7 --env arch=riscv three ../pass.ktap &&
	test_expect_code 1 git -c results.patchwork.token=not-the-token-4f3e2d1c \
		results patchwork push three >out 2>err &&
	test_must_be_empty out &&
	grep "^error: commit [0-9a-f]\{12\}, patch 300, check .lkft-riscv.: Patchwork refused the token (results.patchwork.token): .$PW_URL/api/1.2/patches/300/checks/. answered 401: Invalid token.$" err &&
	grep "^error: no check posted$" err &&
	! grep not-the-token-4f3e2d1c out err &&
	test_expect_code 1 git -c results.patchwork.token=read-only-token \
		results patchwork push three >out 2>err &&
	grep "the token.s user may not do this: .* answered 403: You do not have permission" err &&
	! grep read-only-token out err &&
	pw_checks 300 context >checks &&
	! grep riscv checks
'

test_expect_success 'an unreachable server: an error after the retries, nothing posted' '
	cd repo &&
	test_expect_code 1 git -c results.patchwork.url=http://127.0.0.1:$DEAD_PORT \
		-c results.patchwork.retries=1 results patchwork push three >out 2>err &&
	test_must_be_empty out &&
	grep "^warning: http://127.0.0.1:$DEAD_PORT/api/1.2/patches/300/checks/?per_page=250&page=1: .*; retrying in" err &&
	grep "^error: unable to access .http://127.0.0.1:$DEAD_PORT/api/1.2/patches/300/checks/?per_page=250&page=1.: " err &&
	! grep "$PW_TOKEN" err
'

test_expect_success 'a 5xx is retried; the check is then posted once' '
	cd repo &&
	before=$(pw_requests ../pw POST) &&
	pw_faults ../pw POST:503:2 &&
	git results patchwork push three >out 2>err &&
	test $(grep -c "answered 503; retrying" err) = 2 &&
	grep "patch 300 success lkft-riscv$" out &&
	test $(pw_requests ../pw POST) = $((before + 3)) &&
	pw_checks 300 context >checks &&
	test $(grep -c "^lkft-riscv$" checks) = 1
'

test_expect_success 'an answer that is not JSON is an error, and nothing is posted' '
	cd repo &&
	git results add -q --origin lkft --run r8 --env arch=mips three ../pass.ktap &&
	before=$(pw_requests ../pw POST) &&
	pw_faults ../pw GET:badjson:1 &&
	test_expect_code 1 git results patchwork push three >out 2>err &&
	grep "^error: .$PW_URL/api/1.2/patches/300/checks/?per_page=250&page=1. answered something that is not Patchwork.s JSON (not JSON)$" err &&
	test $(pw_requests ../pw POST) = $before &&
	pw_faults ../pw POST:badjson:1 &&
	test_expect_code 1 git results patchwork push three >out 2>err &&
	grep "answered 200 with something that is not a check; it may or may not have been created" err &&
	! grep "posted 1 check" err
'

test_expect_success 'a Message-ID Patchwork does not know, or knows twice' '
	cd repo &&
	git commit -q --allow-empty -m "unknown" \
		-m "Link: https://lore.kernel.org/linux-mm/20261203.9-bob@example.org/" &&
	git results add -q --origin lkft --run r9 --env arch=x86_64 HEAD ../pass.ktap &&
	git results patchwork push --dry-run HEAD >out 2>err &&
	test_must_be_empty out &&
	grep "^warning: commit [0-9a-f]\{12\}: Patchwork has no patch with the Message-ID <20261203.9-bob@example.org> in project linux: left out$" err &&
	test_expect_code 1 git -c results.patchwork.project= results patchwork push --dry-run one 2>err &&
	grep "^error: commit [0-9a-f]\{12\}: 2 patches have the Message-ID <20261201101010.1-alice@example.org>; set results.patchwork.project$" err &&
	git commit -q --allow-empty -m "bad id" -m "X-Patchwork-Id: twelve" &&
	git results add -q --origin lkft --run r10 --env arch=x86_64 HEAD ../pass.ktap &&
	test_expect_code 1 git results patchwork push --dry-run HEAD 2>err &&
	grep "^error: commit [0-9a-f]\{12\}: malformed X-Patchwork-Id trailer .twelve.$" err
'

test_expect_success '--origin publishes the records of that origin only' '
	cd repo &&
	git results patchwork push --dry-run --origin kernelci one >out &&
	test_line_count = 0 out &&
	git -c results.patchwork.url= results patchwork push --url "$PW_URL" --dry-run --origin lkft one two >out 2>err &&
	grep "^would post 0 checks; 3 already on Patchwork$" err
'

test_expect_success 'with a token set, neither --dry-run nor push shows it' '
	cd repo &&
	test "$(git config results.patchwork.token)" = "$PW_TOKEN" &&
	git results add -q --origin lkft --run r11 --env arch=s390 two ../pass.ktap &&
	git results patchwork push --dry-run two >out 2>err &&
	grep "^{\"context\":\"lkft-s390\"" out &&
	grep "^would post 1 check; 1 already on Patchwork$" err &&
	! grep -e "$PW_TOKEN" -e "Authorization" out err &&
	git results patchwork push two >out 2>err &&
	grep "patch 102 success lkft-s390$" out &&
	! grep -e "$PW_TOKEN" -e "Authorization" out err
'

test_done
