#!/bin/sh
# sync pull --known-issues: the KCIDB issues whose incidents name the
# tests of a pulled commit become entries of the work tree's known-issues
# file (test path, arch, device, report_url or the issue's dashboard
# page, comment); diff and summary then show those failures as known,
# not as regressions.  A second pull adds nothing; hand-written lines
# are kept.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-kcidb.sh"

start_mock mock || exit 1
MOCK_URL=$(cat mock/url)
GIT_URL=https://git.example.org/pub/linux.git

# checkout <id> <commit>: a maestro checkout of the test repository.
checkout() {
	echo "{\"id\": \"$1\", \"origin\": \"maestro\", \"git_commit_hash\": \"$2\",
	  \"git_repository_url\": \"$GIT_URL\", \"git_repository_branch\": \"master\",
	  \"patchset_hash\": \"\"}"
}

# build <id> <checkout>: an x86_64 maestro build.
build() {
	echo "{\"id\": \"$1\", \"origin\": \"maestro\", \"checkout_id\": \"$2\",
	  \"architecture\": \"x86_64\", \"config_name\": \"defconfig\", \"compiler\": \"gcc-12\",
	  \"status\": \"PASS\", \"start_time\": \"2026-03-01T09:00:00+00:00\"}"
}

# test_item <id> <build> <path> <status> <platform>
test_item() {
	echo "{\"id\": \"$1\", \"origin\": \"maestro\", \"build_id\": \"$2\", \"path\": \"$3\",
	  \"status\": \"$4\", \"start_time\": \"2026-03-01T10:00:00+00:00\",
	  \"environment\": {\"misc\": {\"platform\": \"$5\"}}, \"misc\": {\"runtime\": \"lava-x\"}}"
}

# submission <commit> <n> <udpgro> <fanotify> <kunit>: one build's tests of <commit>
submission() {
	cat <<-EOF
	{"version": {"major": 5, "minor": 3},
	 "checkouts": [$(checkout maestro:c$2 $1)],
	 "builds": [$(build maestro:b$2 maestro:c$2)],
	 "tests": [
	   $(test_item maestro:t$2.1 maestro:b$2 kselftest.net.udpgro $3 rpi4),
	   $(test_item maestro:t$2.2 maestro:b$2 ltp.syscalls.fanotify22 $4 "qemu x86"),
	   $(test_item maestro:t$2.3 maestro:b$2 kunit.example.new $5 rpi4)]}
	EOF
}

test_expect_success 'setup: a commit that passes, one that fails, two KCIDB issues' '
	make_token token maestro &&
	git init -q repo &&
	(
		cd repo &&
		configure_kcidb ../mock ../token &&
		test_commit one &&
		mkdir -p Documentation/results &&
		cat >Documentation/results/known-issues <<-\EOF &&
		# reviewed by hand
		kunit.other  https://bugzilla.example.org/1  written by hand
		EOF
		git add Documentation/results/known-issues &&
		test_commit two
	) &&
	one=$(git -C repo rev-parse one) &&
	two=$(git -C repo rev-parse two) &&
	submission $one 1 PASS PASS PASS >one.json &&
	submit "$MOCK_URL" token one.json &&
	submission $two 2 FAIL FAIL FAIL >two.json &&
	submit "$MOCK_URL" token two.json &&
	cat >issues.json <<-EOF &&
	{"version": {"major": 5, "minor": 3},
	 "issues": [
	   {"id": "maestro:i1", "origin": "maestro", "version": 1,
	    "report_url": "https://lore.kernel.org/r/udpgro@example.org",
	    "comment": "udpgro times out\non slow boards", "culprit": {"code": true}},
	   {"id": "maestro:i2", "origin": "maestro", "version": 1,
	    "comment": "fanotify22 fails with overlayfs"},
	   {"id": "maestro:i2", "origin": "maestro", "version": 2,
	    "comment": "fanotify22: a newer version no incident names"}],
	 "incidents": [
	   {"id": "maestro:n1", "origin": "maestro", "issue_id": "maestro:i1",
	    "issue_version": 1, "test_id": "maestro:t2.1", "present": true},
	   {"id": "maestro:n2", "origin": "maestro", "issue_id": "maestro:i2",
	    "issue_version": 1, "test_id": "maestro:t2.2", "present": true},
	   {"id": "maestro:n3", "origin": "maestro", "issue_id": "maestro:i1",
	    "issue_version": 1, "test_id": "maestro:t9", "present": true}]}
	EOF
	submit "$MOCK_URL" token issues.json &&
	other=$(echo other | git -C repo hash-object --stdin) &&
	cat >other.json <<-EOF &&
	{"version": {"major": 5, "minor": 3},
	 "checkouts": [$(checkout maestro:c9 $other)],
	 "builds": [$(build maestro:b9 maestro:c9)],
	 "tests": [$(test_item maestro:t9 maestro:b9 kselftest.net.udpgro FAIL beagle)]}
	EOF
	submit "$MOCK_URL" token other.json
'

cat >expect.file <<EOF
# reviewed by hand
kunit.other  https://bugzilla.example.org/1  written by hand
kselftest.net.udpgro arch=x86_64 device=rpi4 https://lore.kernel.org/r/udpgro@example.org udpgro times out on slow boards
ltp.syscalls.fanotify22 arch=x86_64 device=qemu?x86 $MOCK_URL/issue/maestro%3Ai2?iv=1 fanotify22 fails with overlayfs
EOF

# requests_since <n> <path prefix>: GET requests to the prefix after the first <n> of the log
requests_since() {
	tail -n +$(($1 + 1)) "$TRASH_DIRECTORY/mock/requests.log" >"$TRASH_DIRECTORY/requests.new" &&
	"$PYTHON" - "$2" "$TRASH_DIRECTORY/requests.new" <<-\PY
	import json, sys
	print(sum(1 for line in open(sys.argv[2])
	          if json.loads(line).get("method") == "GET"
	          and json.loads(line).get("path", "").startswith(sys.argv[1])))
	PY
}

test_expect_success 'pull --known-issues adds an entry per test an incident names' '
	(
		cd repo &&
		git results sync pull --known-issues --origin maestro one two 2>err &&
		grep "^added 4 new records of 4 found" err &&
		grep "^added 2 known issues of 2 found to Documentation/results/known-issues\$" err &&
		! grep "^warning" err &&
		test_cmp ../expect.file Documentation/results/known-issues
	)
'

test_expect_success 'one request per issue, none without --known-issues' '
	before=$(wc -l <"$TRASH_DIRECTORY/mock/requests.log") &&
	git -C repo results sync pull --origin maestro two 2>err &&
	test "$(requests_since $before /api/issue/)" = 0 &&
	before=$(wc -l <"$TRASH_DIRECTORY/mock/requests.log") &&
	git -C repo results sync pull --known-issues --origin maestro two 2>err &&
	test "$(requests_since $before /api/issue/)" = 2
'

test_expect_success 'a second pull adds nothing; --dry-run writes nothing' '
	(
		cd repo &&
		git results sync pull --known-issues --origin maestro one two 2>err &&
		grep "^added 0 known issues of 2 found" err &&
		test_cmp ../expect.file Documentation/results/known-issues &&
		git checkout Documentation/results/known-issues &&
		git results sync pull -n --known-issues --origin maestro two >out 2>err &&
		grep "^would add 2 known issues of 2 found" err &&
		grep "^kselftest.net.udpgro arch=x86_64 device=rpi4 https://lore" out &&
		git diff --exit-code
	)
'

test_expect_success 'the user commits the file; diff and summary show the failures as known' '
	(
		cd repo &&
		git results sync pull -q --known-issues --origin maestro two &&
		git commit -q -m "known issues from KCIDB" Documentation/results/known-issues &&
		git tag three &&
		submission $(git rev-parse three) 3 FAIL FAIL FAIL >../three.json &&
		submit "$MOCK_URL" ../token ../three.json &&
		git results sync pull -q --origin maestro three &&
		git results diff one three >out &&
		sed -n "/^Regressions/,/^\$/p" out >regressions &&
		grep "kunit.example.new" regressions &&
		! grep "udpgro\|fanotify22" regressions &&
		grep -A4 "^Known issues (2):" out >known &&
		grep "FAIL  kselftest.net.udpgro  (was PASS)  known: https://lore.kernel.org/r/udpgro@example.org" known &&
		grep "FAIL  ltp.syscalls.fanotify22  (was PASS)  known: $MOCK_URL/issue/maestro%3Ai2?iv=1" known &&
		git results summary --previous one three >summary.txt &&
		sed -n "/^Regressions since one/,/^\$/p" summary.txt >regressions &&
		grep "kunit.example.new" regressions &&
		! grep "udpgro\|fanotify22" regressions &&
		grep -A6 "^Known issues (2):" summary.txt >known &&
		grep "udpgro.*known issue: https://lore.kernel.org/r/udpgro@example.org, udpgro times out on slow boards" known
	)
'

test_expect_success 'without the entries the same failures are regressions' '
	(
		cd repo &&
		git results diff one two >out &&
		sed -n "/^Regressions/,/^\$/p" out >regressions &&
		grep "udpgro" regressions &&
		grep "fanotify22" regressions
	)
'

test_expect_success 'an entry the file covers already is not added, whatever its link' '
	(
		cd repo &&
		cat >Documentation/results/known-issues <<-\EOF &&
		kselftest.net.*  arch=x86_*  https://bugzilla.example.org/3  widened by hand
		ltp.syscalls.fanotify22 device=rpi4 https://bugzilla.example.org/4
		EOF
		printf "ltp.* arch=arm64 https://bugzilla.example.org/5 no newline" \
			>>Documentation/results/known-issues &&
		cp Documentation/results/known-issues expect &&
		git results sync pull --known-issues --origin maestro two 2>err &&
		grep "^added 1 known issue of 2 found" err &&
		echo >>expect &&
		grep "^ltp.syscalls.fanotify22 arch=x86_64 device=qemu?x86 " \
			Documentation/results/known-issues >>expect &&
		test_cmp expect Documentation/results/known-issues &&
		git checkout Documentation/results/known-issues
	)
'

test_expect_success '--known-issues follows results.knownIssues; needs a work tree' '
	(
		cd repo &&
		git -c results.knownIssues=ci/known results sync pull -q --known-issues \
			--origin maestro two &&
		test_line_count = 3 ci/known &&
		head -1 ci/known >first &&
		echo "# Known failures of this tree.  See git-results-known-issues(5)." >expect &&
		test_cmp expect first &&
		rm -r ci
	) &&
	git clone -q --bare repo bare.git &&
	(
		cd bare.git &&
		configure_kcidb ../mock ../token &&
		test_must_fail git results sync pull --known-issues --origin maestro two 2>err &&
		grep "^fatal: --known-issues needs a work tree" err
	)
'

test_done
