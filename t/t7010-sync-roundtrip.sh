#!/bin/sh
# sync push then sync pull against the loopback KCIDB stand-in: records
# come back identical (signed ones byte for byte, signatures valid),
# pulling twice adds nothing, other origins' results become records.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-kcidb.sh"

start_mock mock || exit 1
MOCK_URL=$(cat mock/url)

test_expect_success 'setup' '
	make_token token maintainer &&
	make_gpg_key &&
	git init -q repo &&
	cd repo &&
	configure_kcidb ../mock ../token &&
	test_commit one &&
	test_commit two &&
	test_commit three &&
	add_results one local r1 &&
	add_results two local r2 &&
	add_results three local r3 &&
	add_results three local r4 "$TEST_DATA/kunit-skip.ktap" &&
	sign_note one local r1 &&
	sign_note two local r2 &&
	git results show --json one >json &&
	grep "\"signed\": true" json
'

test_expect_success 'push sends the records and waits until KCIDB has them' '
	cd repo &&
	git results sync push one..three one 2>err &&
	grep "^sent 4 records (35 tests) in 1 document to $MOCK_URL$" err &&
	grep "^KCIDB processed 1 of 1 document (4 records, 35 tests)$" err &&
	! grep "^submission" err &&
	test $(count_requests ../mock POST /submit) = 1 &&
	test $(db_count ../mock checkouts) = 3 &&
	test $(db_count ../mock builds) = 4 &&
	test $(db_count ../mock tests) = 35
'

test_expect_success 'the server added its misc keys beside ours' '
	"$PYTHON" - <<-\PY
	import json
	db = json.load(open("mock/db.json"))["objects"]
	for b in db["builds"].values():
	    assert b["misc"]["lab"] == "maintainer", b["misc"]
	    assert "record" in b["misc"]["git_results"]
	for t in db["tests"].values():
	    assert t["misc"]["runtime"] == "maintainer", t
	PY
'

test_expect_success 'every request carried a User-Agent the dashboard lets through' '
	"$PYTHON" - <<-\PY
	import json
	for line in open("mock/requests.log"):
	    e = json.loads(line)
	    if "method" in e:
	        assert e["user_agent"].startswith("curl/"), e
	        assert " git-results/" in e["user_agent"], e
	PY
'

test_expect_success 'pushing again sends nothing: KCIDB has it all' '
	cd repo &&
	n=$(count_requests ../mock POST /submit) &&
	git results sync push one..three one 2>err &&
	grep "^left out 4 records KCIDB took before (--all sends them again)$" err &&
	grep "^nothing to publish$" err &&
	test $(count_requests ../mock POST /submit) = $n &&
	git results sync push --dry-run one..three one >out.json 2>err &&
	test_must_be_empty out.json
'

test_expect_success 'pushing everything again with --all changes nothing' '
	cp mock/db.json db-before.json &&
	(cd repo && git results sync push -q --all one..three one) &&
	"$PYTHON" - <<-\PY
	import json
	def objects(path):
	    db = json.load(open(path))["objects"]
	    for kind in db.values():
	        for o in kind.values():
	            o.pop("_timestamp", None)
	    return db
	before, after = objects("db-before.json"), objects("mock/db.json")
	assert before == after
	received = json.load(open("mock/db.json"))["received"]
	assert set(received["tests"].values()) == {2}, received["tests"]
	PY
'

test_expect_success 'a fresh clone pulls back identical signed records, signatures valid' '
	git clone -q repo clone &&
	cd clone &&
	configure_kcidb ../mock ../token &&
	git results sync pull one two three 2>err &&
	grep "^added 4 new records of 4 found at $MOCK_URL$" err &&
	! grep "without checking" err &&
	for c in one two; do
		git -C ../repo notes --ref=results show $c >expect &&
		git notes --ref=results show $c >actual &&
		test_cmp expect actual || return 1
	done &&
	git notes --ref=results show one >record &&
	sed -n "/^-----BEGIN PGP SIGNATURE-----$/,\$p" record >sig &&
	sed "/^-----BEGIN PGP SIGNATURE-----$/,\$d" record >payload &&
	gpg --batch --verify sig payload &&
	git results verify one two
'

test_expect_success 'unsigned records come back marked as imported and unsigned' '
	cd clone &&
	git notes --ref=results show three >actual &&
	test $(grep -c "^env imported kcidb unsigned$" actual) = 2 &&
	grep -v "^env imported kcidb unsigned$" actual >stripped &&
	git -C ../repo notes --ref=results show three >expect &&
	test_cmp expect stripped
'

test_expect_success 'the pull is one notes commit, and pulling twice adds nothing' '
	cd clone &&
	test $(git rev-list --count refs/notes/results) = 1 &&
	before=$(notes_tip) &&
	git results sync pull one two three 2>err &&
	grep "^added 0 new records of 4 found" err &&
	test "$(notes_tip)" = "$before"
'

test_expect_success 'pulling into the repository that pushed adds nothing' '
	cd repo &&
	before=$(notes_tip) &&
	git results sync pull one..three one 2>err &&
	grep "^added 0 new records of 4" err &&
	test "$(notes_tip)" = "$before"
'

test_expect_success 'imported records are not published again' '
	cd clone &&
	git results sync push --dry-run three >out.json 2>err &&
	grep "^left out 2 records imported from KCIDB$" err &&
	grep "^would publish 0 records" err
'

test_expect_success 'the originals replace their imported copies, by email too' '
	cd clone &&
	git -C ../repo results format-patch --stdout three >three.mbox &&
	git results am three.mbox &&
	git -C ../repo notes --ref=results show three >expect &&
	git notes --ref=results show three >actual &&
	test_cmp expect actual &&
	git results sync pull three 2>err &&
	grep "^added 0 new records of 2 found" err &&
	git notes --ref=results show three >again &&
	test_cmp expect again
'

test_expect_success 'the originals replace their imported copies by git results pull too' '
	git clone -q repo clone2 &&
	cd clone2 &&
	configure_kcidb ../mock ../token &&
	git results sync pull three 2>err &&
	git notes --ref=results show three >imported &&
	test $(grep -c "^env imported kcidb unsigned$" imported) = 2 &&
	git results pull 2>err &&
	! grep "conflict" err &&
	git -C ../repo notes --ref=results show three >expect &&
	git notes --ref=results show three >actual &&
	test_cmp expect actual &&
	git results log --json three >json &&
	grep "\"conflicts\": 0" json
'

test_expect_success 'pull --dry-run shows what it would add and adds nothing' '
	git init -q empty &&
	cd empty &&
	git fetch -q ../repo main &&
	git checkout -q FETCH_HEAD &&
	configure_kcidb ../mock ../token &&
	git results sync pull --dry-run $(git rev-parse HEAD) >out 2>err &&
	grep "^would add 2 new records of 2 found" err &&
	test $(test_count_records out) = 2 &&
	grep "^commit $(git rev-parse HEAD)$" out &&
	test "$(notes_tip)" = none
'

# Another CI's results for commit three, in KCIDB's own terms.
test_expect_success 'another origin submits to KCIDB directly' '
	make_token lab_token lab_b &&
	commit=$(git -C repo rev-parse three) &&
	cat >lab.json <<-EOF &&
	{"version": {"major": 5, "minor": 3},
	 "checkouts": [{"id": "lab_b:ck1", "origin": "lab_b", "git_commit_hash": "$commit",
	   "git_repository_url": "https://git.example.org/pub/linux.git",
	   "git_repository_branch": "master", "patchset_hash": ""}],
	 "builds": [{"id": "lab_b:build/42", "origin": "lab_b", "checkout_id": "lab_b:ck1",
	   "architecture": "arm64", "config_name": "defconfig+kselftest", "compiler": "clang 17",
	   "start_time": "2026-01-02T03:04:05.678+01:00", "status": "PASS",
	   "log_url": "https://lab.example.org/42/build.log"},
	  {"id": "lab_b:build-only", "origin": "lab_b", "checkout_id": "lab_b:ck1", "status": "FAIL"}],
	 "tests": [
	   {"id": "lab_b:t1", "origin": "lab_b", "build_id": "lab_b:build/42", "path": "boot", "status": "PASS"},
	   {"id": "lab_b:t2", "origin": "lab_b", "build_id": "lab_b:build/42", "path": "kselftest.net.ping", "status": "FAIL"},
	   {"id": "lab_b:t3", "origin": "lab_b", "build_id": "lab_b:build/42", "path": "ltp.sem01", "status": "SKIP"},
	   {"id": "lab_b:t4", "origin": "lab_b", "build_id": "lab_b:build/42", "path": "ltp.running"}]}
	EOF
	curl -s -f -H "Authorization: Bearer $(cat lab_token)" --data-binary @lab.json \
		"$MOCK_URL/submit" >answer &&
	grep "\"status\": \"ok\"" answer &&
	tries=0 &&
	until test "$(db_count mock builds)" = 6; do
		tries=$((tries + 1)) && test $tries -lt 100 && sleep 0.05 || return 1
	done
'

test_expect_success 'its builds become records of its origin, marked imported' '
	cd clone &&
	before=$(notes_tip) &&
	git results sync pull --origin lab_b three 2>err &&
	grep "^added 1 new record of 1 found" err &&
	git results show --json three >json &&
	"$PYTHON" - <<-\PY &&
	import json
	records = [r for r in json.load(open("json")) if r["origin"] == "lab_b"]
	assert len(records) == 1, records
	r = records[0]
	assert r["run"] == "build_42", r["run"]
	assert r["date"] == "2026-01-02T02:04:05Z", r["date"]
	assert r["env"] == {"arch": "arm64", "config": "defconfig+kselftest", "imported": "kcidb unsigned",
	                    "toolchain": "clang 17"}, r["env"]
	assert r["links"] == ["https://lab.example.org/42/build.log"], r["links"]
	assert r["signed"] is False
	assert [(t["path"], t["status"]) for t in r["tests"]] == [
	    ("boot", "PASS"), ("kselftest.net.ping", "FAIL"), ("ltp.sem01", "SKIP")], r["tests"]
	assert r["status"] == "FAIL"
	PY
	test "$(git rev-list --count $before..refs/notes/results)" = 1 &&
	git results sync pull --origin lab_b three 2>err &&
	grep "^added 0 new records of 1 found" err
'

# One mapping of KCIDB fields: the submission read as a file gives the
# record sync pull gave, byte for byte, so that log counts the run once.
test_expect_success 'add of the same submission gives the record sync pull gave' '
	cd clone &&
	git results add -q --ref refs/notes/added ../lab.json &&
	git notes --ref=refs/notes/added show three >added &&
	git notes --ref=results show three >pulled &&
	sed -n "/^origin lab_b\$/,/^results 1\$/p" pulled | sed "/^results 1\$/d; /^\$/d" >lab_b &&
	sed -n "/^origin lab_b\$/,\$p" added | sed "/^\$/d" >expect &&
	test_cmp expect lab_b &&
	grep "^run build_42\$" added &&
	grep "^env toolchain clang 17\$" added &&
	grep "^link https://lab.example.org/42/build.log\$" added &&
	before=$(git rev-parse refs/notes/results) &&
	git results add ../lab.json 2>err &&
	grep "^0 of 1 record added" err &&
	test "$(git rev-parse refs/notes/results)" = "$before"
'

test_expect_success 'records in build misc that do not belong are ignored' '
	make_token e_token lab_e &&
	three=$(git -C repo rev-parse three) &&
	git -C repo notes --ref=results show one >one-note &&
	"$PYTHON" - "$three" <<-\PY &&
	import json, sys
	three = sys.argv[1]
	record_of_one = open("one-note").read()
	lines = record_of_one.split("-----BEGIN")[0].splitlines(True)
	first = lines.index("\n") + 1
	lines[first], lines[first + 1] = lines[first + 1], lines[first]
	canonical_but_reordered = "".join(lines)
	builds = [("lab_e:other-commit", record_of_one), ("lab_e:garbage", "not a record\n"),
	          ("lab_e:reordered", canonical_but_reordered)]
	doc = {"version": {"major": 5, "minor": 3},
	       "checkouts": [{"id": "lab_e:ck", "origin": "lab_e", "git_commit_hash": three,
	                      "git_repository_url": "https://git.example.org/pub/linux.git",
	                      "git_repository_branch": "master", "patchset_hash": ""}],
	       "builds": [{"id": i, "origin": "lab_e", "checkout_id": "lab_e:ck",
	                   "misc": {"git_results": {"record": r}}} for i, r in builds]}
	json.dump(doc, open("lab_e.json", "w"))
	PY
	curl -s -f -H "Authorization: Bearer $(cat e_token)" --data-binary @lab_e.json \
		"$MOCK_URL/submit" >answer &&
	tries=0 &&
	until test "$(db_count mock builds)" = 9; do
		tries=$((tries + 1)) && test $tries -lt 100 && sleep 0.05 || return 1
	done &&
	cd clone &&
	before=$(notes_tip) &&
	git results sync pull --origin lab_e three 2>err &&
	grep "^warning: ignoring build .lab_e:other-commit.: its record was made for commit $(git rev-parse one)$" err &&
	grep "^warning: ignoring build .lab_e:garbage.: its record does not parse" err &&
	grep "^warning: ignoring build .lab_e:reordered.: its record does not parse (line [0-9]*: .*canonical" err &&
	grep "^added 0 new records of 0 found" err &&
	test "$(notes_tip)" = "$before"
'

test_expect_success '--no-wait reports the submission as queued' '
	cd repo &&
	add_results two lab_c c1 &&
	n=$(count_requests ../mock GET /status) &&
	git results sync push --no-wait --origin lab_c two 2>err &&
	grep "^submission [A-Za-z0-9]*: queued$" err &&
	test $(count_requests ../mock GET /status) = $n
'

test_expect_success 'a submission the ingester refuses is an error' '
	cd repo &&
	add_results two lab_d d1 &&
	set_faults ../mock ingest:fail:1 &&
	test_expect_code 1 git results sync push --origin lab_d two 2>err &&
	grep "^error: submission [A-Za-z0-9]* failed: KCIDB could not ingest it$" err &&
	ls ../mock/spool/failed | grep submission-
'

test_expect_success 'a commit KCIDB knows nothing about adds nothing' '
	cd clone &&
	test_commit four &&
	before=$(notes_tip) &&
	git results sync pull four 2>err &&
	grep "^added 0 new records of 0 found" err &&
	test "$(notes_tip)" = "$before"
'

test_expect_success 'a signed record changed before it reached KCIDB is refused on pull' '
	(
		cd repo &&
		test_commit four &&
		add_results four local r5 &&
		sign_note four local r5 &&
		git results sync push --dry-run four >../four.json
	) &&
	"$PYTHON" - four.json <<-\PY &&
	import json, sys
	path = sys.argv[1]
	doc = json.loads(open(path).readline())
	n = 0
	for build in doc["builds"]:
	    rec = build["misc"]["git_results"]
	    rec["record"] = rec["record"].replace("ci.example.org/r5/log", "ci.example.org/r6/log")
	    n += 1
	assert n == 1, n
	json.dump(doc, open(path, "w"))
	PY
	builds=$(db_count mock builds) &&
	curl -s -f -H "Authorization: Bearer $(cat token)" --data-binary @four.json \
		"$MOCK_URL/submit" >answer &&
	tries=0 &&
	until test "$(db_count mock builds)" = $((builds + 1)); do
		tries=$((tries + 1)) && test $tries -lt 100 && sleep 0.05 || return 1
	done &&
	(cd repo && git results sync push four 2>err) &&
	cd clone &&
	git fetch -q origin four:refs/tags/four &&
	git results sync pull four 2>err &&
	grep "^warning: refusing the record of origin .local., run .r5. on $(git rev-parse four): bad signature" err &&
	test_must_fail git notes --ref=results show four
'

test_expect_success 'a signed record changed after signing is not published' '
	cd repo &&
	test_commit five &&
	add_results five local r7 &&
	sign_note five local r7 &&
	git notes --ref=results show five >note &&
	sed "s|ci.example.org/r7/log|ci.example.org/r8/log|" note >changed &&
	! test_cmp note changed &&
	git notes --ref=results add -f -F changed five &&
	posts=$(count_requests ../mock POST /submit) &&
	test_expect_code 1 git results sync push one five 2>err &&
	grep "^error: the record of origin .local., run .r7. on $(git rev-parse five) does not verify (bad signature.*); nothing was sent\$" err &&
	test $(count_requests ../mock POST /submit) = $posts
'

# The tests of one build that ran on several platforms and in several
# labs: the dashboard import splits them as the reader does.
test_expect_success 'sync pull and add split a build by platform and lab alike' '
	make_token f_token lab_f &&
	commit=$(git -C repo rev-parse two) &&
	cat >lab_f.json <<-EOF &&
	{"version": {"major": 5, "minor": 3},
	 "checkouts": [{"id": "lab_f:ck", "origin": "lab_f", "git_commit_hash": "$commit",
	   "git_repository_url": "https://git.example.org/pub/linux.git",
	   "git_repository_branch": "master", "patchset_hash": ""}],
	 "builds": [{"id": "lab_f:b1", "origin": "lab_f", "checkout_id": "lab_f:ck",
	   "compiler": "gcc-14", "start_time": "2026-01-02T00:00:00+00:00",
	   "status": "PASS"}],
	 "tests": [
	   {"id": "lab_f:t1", "origin": "lab_f", "build_id": "lab_f:b1", "path": "boot", "status": "PASS",
	    "start_time": "2026-01-02T01:00:00+00:00",
	    "environment": {"misc": {"platform": "rpi4"}}, "misc": {"runtime": "lava-a"}},
	   {"id": "lab_f:t2", "origin": "lab_f", "build_id": "lab_f:b1", "path": "boot", "status": "FAIL",
	    "environment": {"misc": {"platform": "qemu"}}, "misc": {"runtime": "shell"}},
	   {"id": "lab_f:t3", "origin": "lab_f", "build_id": "lab_f:b1", "path": "ltp.a", "status": "PASS",
	    "start_time": "2026-01-02T00:30:00+00:00",
	    "environment": {"misc": {"platform": "rpi4"}}, "misc": {"runtime": "lava-a"}},
	   {"id": "lab_f:t4", "origin": "lab_f", "build_id": "lab_f:b1", "path": "", "status": "PASS"}]}
	EOF
	builds=$(db_count mock builds) &&
	curl -s -f -H "Authorization: Bearer $(cat f_token)" --data-binary @lab_f.json \
		"$MOCK_URL/submit" >answer &&
	tries=0 &&
	until test "$(db_count mock builds)" = $((builds + 1)); do
		tries=$((tries + 1)) && test $tries -lt 100 && sleep 0.05 || return 1
	done &&
	cd clone &&
	git results sync pull --origin lab_f two 2>err &&
	grep "^added 3 new records of 3 found" err &&
	git results add -q --ref refs/notes/added-f ../lab_f.json &&
	git notes --ref=refs/notes/added-f show two >added &&
	git notes --ref=results show two >pulled &&
	sed -n "/^origin lab_f\$/,/^results 1\$/p" pulled | sed "/^results 1\$/d; /^\$/d" >actual &&
	sed -n "/^origin lab_f\$/,/^results 1\$/p" added | sed "/^results 1\$/d; /^\$/d" >expect &&
	test_cmp expect actual &&
	grep "^run b1+rpi4+lava-a\$" actual &&
	grep "^run b1+qemu\$" actual &&
	grep "^run b1\$" actual &&
	grep "^date 2026-01-02T00:30:00Z\$" actual &&
	! grep "^env arch" actual &&
	grep "^PASS unnamed\$" actual
'

test_done
