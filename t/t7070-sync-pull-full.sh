#!/bin/sh
# sync pull reads a commit in one request (the dashboard's
# /api/tree/<commit>/full): tests other origins ran on a build keep
# their own origin, platform and lab; builds that look alike are told
# apart by their own tests listings; "Unknown" and null are the same
# absence; tests tied to no listed build are left out with a warning.
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

# test_item <id> <origin> <build> <path> <status> <platform> <lab>
test_item() {
	echo "{\"id\": \"$1\", \"origin\": \"$2\", \"build_id\": \"$3\", \"path\": \"$4\",
	  \"status\": \"$5\", \"start_time\": \"2026-03-01T10:00:00+00:00\",
	  \"environment\": {\"misc\": {\"platform\": \"$6\"}}, \"misc\": {\"runtime\": \"$7\"}}"
}

# records <origin>: the records of <origin> pulled for <commit>, sorted by run
records() {
	git results show --json "$2" >json &&
	"$PYTHON" - "$1" <<-\PY
	import json, sys
	for r in sorted((r for r in json.load(open("json")) if r["origin"] == sys.argv[1]),
	                key=lambda r: r["run"]):
	    print(r["run"], " ".join("%s=%s" % kv for kv in sorted(r["env"].items())),
	          " ".join("%s:%s" % (t["path"], t["status"]) for t in r["tests"]))
	PY
}

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

test_expect_success 'setup' '
	make_token token maestro &&
	git init -q repo &&
	(
		cd repo &&
		configure_kcidb ../mock ../token &&
		test_commit one &&
		test_commit two &&
		test_commit three
	)
'

test_expect_success 'a KernelCI build, and tests another origin ran on it in its lab' '
	one=$(git -C repo rev-parse one) &&
	cat >one.json <<-EOF &&
	{"version": {"major": 5, "minor": 3},
	 "checkouts": [$(checkout maestro:c1 $one)],
	 "builds": [{"id": "maestro:b1", "origin": "maestro", "checkout_id": "maestro:c1",
	   "architecture": "x86_64", "config_name": "defconfig", "compiler": "gcc-12",
	   "status": "PASS", "start_time": "2026-03-01T09:00:00+00:00",
	   "log_url": "https://ci.example.org/b1/build.log"}],
	 "tests": [
	   $(test_item maestro:t1 maestro maestro:b1 boot PASS qemu-x86 lava-collabora),
	   $(test_item maestro:t2 maestro maestro:b1 kselftest.a PASS qemu-x86 lava-collabora),
	   $(test_item lab_x:t3 lab_x maestro:b1 ltp.x FAIL beagle lab_x_lava),
	   $(test_item lab_x:t4 lab_x maestro:b1 ltp.y PASS beagle lab_x_lava)]}
	EOF
	submit "$MOCK_URL" token one.json
'

test_expect_success 'tests of another origin and lab keep their own origin and device' '
	cd repo &&
	git results sync pull --origin maestro one 2>err &&
	grep "^added 2 new records of 2 found" err &&
	! grep "^warning" err &&
	records maestro one >actual &&
	echo "b1+qemu-x86+lava-collabora arch=x86_64 config=defconfig device=qemu-x86 imported=kcidb unsigned lab=lava-collabora toolchain=gcc-12 boot:PASS kselftest.a:PASS" >expect &&
	test_cmp expect actual &&
	records lab_x one >actual &&
	echo "maestro:b1+beagle+lab_x_lava arch=x86_64 config=defconfig device=beagle imported=kcidb unsigned lab=lab_x_lava toolchain=gcc-12 ltp.x:FAIL ltp.y:PASS" >expect &&
	test_cmp expect actual
'

test_expect_success 'one commit costs one request' '
	one=$(git -C repo rev-parse one) &&
	before=$(wc -l <"$TRASH_DIRECTORY/mock/requests.log") &&
	git -C repo results sync pull --origin maestro one 2>err &&
	grep "^added 0 new records of 2 found" err &&
	test "$(requests_since $before /api/)" = 1 &&
	test "$(requests_since $before /api/tree/$one/full?origin=maestro&git_url=)" = 1
'

test_expect_success 'add of the same submission gives the records sync pull gave' '
	cd repo &&
	git results add -q --ref refs/notes/added ../one.json &&
	git notes --ref=refs/notes/added show one >expect &&
	git notes --ref=results show one >actual &&
	test_cmp expect actual
'

test_expect_success 'builds that look alike are told apart by their tests listings' '
	three=$(git -C repo rev-parse three) &&
	cat >three.json <<-EOF &&
	{"version": {"major": 5, "minor": 3},
	 "checkouts": [$(checkout maestro:c3 $three)],
	 "builds": [
	   {"id": "maestro:b3", "origin": "maestro", "checkout_id": "maestro:c3",
	    "architecture": "x86_64", "config_name": "defconfig", "compiler": "clang-17",
	    "status": "PASS"},
	   {"id": "maestro:b4", "origin": "maestro", "checkout_id": "maestro:c3",
	    "architecture": "x86_64", "config_name": "defconfig", "compiler": "clang-17",
	    "status": "PASS"},
	   {"id": "maestro:b5", "origin": "maestro", "checkout_id": "maestro:c3",
	    "architecture": "arm64", "config_name": "defconfig", "compiler": "clang-17",
	    "status": "PASS"}],
	 "tests": [
	   $(test_item maestro:t6 maestro maestro:b3 kunit.a PASS p1 lava-a),
	   $(test_item maestro:t7 maestro maestro:b4 kunit.a FAIL p1 lava-a),
	   $(test_item lab_x:t8 lab_x maestro:b4 ltp.z PASS beagle lab_x_lava),
	   $(test_item maestro:t9 maestro maestro:b5 kunit.a PASS p2 lava-a)]}
	EOF
	submit "$MOCK_URL" token three.json &&
	before=$(wc -l <"$TRASH_DIRECTORY/mock/requests.log") &&
	cd repo &&
	git results sync pull --origin maestro three 2>err &&
	grep "^added 4 new records of 4 found" err &&
	test "$(requests_since $before /api/tree/)" = 1 &&
	test "$(requests_since $before /api/build/)" = 2 &&
	test "$(requests_since $before /api/build/maestro%3Ab5)" = 0 &&
	records maestro three >actual &&
	cat >expect <<-\EOF &&
	b3+p1+lava-a arch=x86_64 config=defconfig device=p1 imported=kcidb unsigned lab=lava-a toolchain=clang-17 kunit.a:PASS
	b4+p1+lava-a arch=x86_64 config=defconfig device=p1 imported=kcidb unsigned lab=lava-a toolchain=clang-17 kunit.a:FAIL
	b5+p2+lava-a arch=arm64 config=defconfig device=p2 imported=kcidb unsigned lab=lava-a toolchain=clang-17 kunit.a:PASS
	EOF
	test_cmp expect actual &&
	records lab_x three >actual &&
	echo "maestro:b4+beagle+lab_x_lava arch=x86_64 config=defconfig device=beagle imported=kcidb unsigned lab=lab_x_lava toolchain=clang-17 ltp.z:PASS" >expect &&
	test_cmp expect actual &&
	git results add -q --ref refs/notes/added ../three.json &&
	git notes --ref=refs/notes/added show three >expect &&
	git notes --ref=results show three >actual &&
	test_cmp expect actual
'

test_expect_success '"Unknown" and null are the same absence, never arch Unknown' '
	two=$(git -C repo rev-parse two) &&
	cat >two.json <<-EOF &&
	{"version": {"major": 5, "minor": 3},
	 "checkouts": [$(checkout maestro:c2 $two)],
	 "builds": [{"id": "maestro:b2", "origin": "maestro", "checkout_id": "maestro:c2",
	   "status": "PASS"}],
	 "tests": [$(test_item maestro:t10 maestro maestro:b2 kunit.b PASS qemu lava-a),
	   {"id": "maestro:t13", "origin": "maestro", "build_id": "maestro:b2", "status": "FAIL",
	    "environment": {"misc": {"platform": "qemu"}}, "misc": {"runtime": "lava-a"}}]}
	EOF
	submit "$MOCK_URL" token two.json &&
	curl -s "$MOCK_URL/api/tree/$two/full?origin=maestro&git_url=$GIT_URL&git_branch=master" >full &&
	grep "\"architecture\": \"Unknown\"" full &&
	grep "\"path\": \"Unknown\"" full &&
	cd repo &&
	git results sync pull --origin maestro two 2>err &&
	grep "^added 1 new record of 1 found" err &&
	records maestro two >actual &&
	echo "b2+qemu+lava-a device=qemu imported=kcidb unsigned lab=lava-a kunit.b:PASS unnamed:FAIL" >expect &&
	test_cmp expect actual &&
	git notes --ref=results show two >note &&
	! grep Unknown note &&
	git results add -q --ref refs/notes/added ../two.json &&
	git notes --ref=refs/notes/added show two >expect &&
	test_cmp expect note
'

test_expect_success 'a build listed with null is the one its tests list as "Unknown"' '
	cd repo &&
	test_when_finished "kill \$(cat \"$TRASH_DIRECTORY/shaped/pid\")" &&
	start_shaped ../shaped "{\"builds\": [{\"id\": \"maestro:b9\", \"origin\": \"maestro\",
	  \"architecture\": null, \"config_name\": null, \"compiler\": \"Unknown\"}],
	 \"boots\": [{\"id\": \"maestro:t11\", \"origin\": \"maestro\", \"path\": \"boot\",
	  \"status\": \"PASS\", \"architecture\": \"Unknown\", \"config\": \"Unknown\",
	  \"compiler\": null, \"environment_misc\": {\"platform\": \"qemu\"}, \"lab\": null}],
	 \"tests\": [{\"id\": \"maestro:t12\", \"origin\": \"maestro\", \"path\": \"ltp.q\",
	  \"status\": \"FAIL\", \"architecture\": \"riscv\", \"config\": \"Unknown\",
	  \"compiler\": \"Unknown\", \"environment_misc\": {\"platform\": \"qemu\"}, \"lab\": null}],
	 \"summary\": {}, \"common\": {}, \"filters\": {}}" &&
	git -c results.kcidb.dashboardUrl="$(cat ../shaped/url)" \
		results sync pull --dry-run --origin maestro two >out 2>err &&
	grep "^warning: ignoring 1 test of $(git rev-parse two) tied to no build the dashboard listed (the first: .maestro:t12.)$" err &&
	grep "^would add 1 new record of 1 found" err &&
	grep "^run b9+qemu$" out &&
	grep "^PASS boot$" out &&
	! grep "Unknown\|ltp.q" out
'

test_expect_success 'a pushed build gives its record back, and other origins their tests' '
	(
		cd repo &&
		test_commit four &&
		add_results four maestro r9 &&
		git results sync push four 2>err &&
		grep "^KCIDB processed 1 of 1 document" err
	) &&
	four=$(git -C repo rev-parse four) &&
	build=$("$PYTHON" - "$four" <<-\PY
	import json, sys
	db = json.load(open("mock/db.json"))["objects"]
	ck = [c["id"] for c in db["checkouts"].values() if c["git_commit_hash"] == sys.argv[1]]
	print(*[b["id"] for b in db["builds"].values() if b["checkout_id"] in ck])
	PY
	) &&
	test -n "$build" &&
	cat >four.json <<-EOF &&
	{"version": {"major": 5, "minor": 3},
	 "tests": [$(test_item lab_x:t20 lab_x $build ltp.w FAIL beagle lab_x_lava)]}
	EOF
	submit "$MOCK_URL" token four.json &&
	cd repo &&
	git notes --ref=results show four >before &&
	git results sync pull --origin maestro four 2>err &&
	grep "^added 1 new record of 2 found" err &&
	records maestro four >actual &&
	test $(wc -l <actual) = 1 &&
	grep "^r9 arch=x86_64 config=defconfig " actual &&
	records lab_x four >actual &&
	echo "$build+beagle+lab_x_lava arch=x86_64 config=defconfig device=beagle imported=kcidb unsigned lab=lab_x_lava ltp.w:FAIL" >expect &&
	test_cmp expect actual
'

# The shape of a busy linux-next commit: 300 builds (architecture,
# config, compiler), 100 tests and a boot on each, run on two platforms.
test_expect_success 'a commit of tens of megabytes fits the default answer size' '
	cd repo &&
	test_when_finished "kill \$(cat \"$TRASH_DIRECTORY/big/pid\")" &&
	"$PYTHON" "$TEST_DATA/kcidb/dashboard-full.py" ../big.json &&
	test $(wc -c <../big.json) -gt $((12 * 1024 * 1024)) &&
	start_shaped ../big @../big.json &&
	git -c results.kcidb.dashboardUrl="$(cat ../big/url)" \
		results sync pull --dry-run --origin maestro two >out 2>err &&
	grep "^would add 600 new records of 600 found" err &&
	test $(grep -c "^run " out) = 600 &&
	test_expect_code 128 git -c results.kcidb.dashboardUrl="$(cat ../big/url)" \
		-c results.kcidb.maxAnswerSize=8m results sync pull --dry-run --origin maestro two 2>err &&
	grep "is larger than 8388608 bytes (results.kcidb.maxAnswerSize)" err
'

test_done
