#!/bin/sh
# sync push --dry-run: records as KCIDB v5.3 JSON, checked against the
# real schema with python3-jsonschema, without any server.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-kcidb.sh"

test_expect_success 'setup' '
	git init -q repo &&
	cd repo &&
	git remote add origin git@github.com:example/linux.git &&
	test_commit one &&
	test_commit two &&
	test_commit three &&
	add_results one local r1 &&
	add_results three local r2 &&
	add_results three local r3 "$TEST_DATA/kunit-skip.ktap" &&
	add_results three lab_b b1 &&
	test_commit four &&
	{
		echo "KTAP version 1" &&
		echo "1..300" &&
		i=1 &&
		while test $i -le 300; do
			echo "ok $i case_with_a_rather_long_name_number_$i" &&
			i=$((i + 1))
		done
	} >big.ktap &&
	add_results four local big big.ktap &&
	git config results.kcidb.origin maintainer
'

test_expect_success 'dry-run writes documents that schema-v5.3.json accepts' '
	cd repo &&
	git results sync push --dry-run one three >out.json 2>err &&
	test $(wc -l <out.json) = 1 &&
	validate_kcidb out.json &&
	grep "^would publish 3 records (25 tests) in 1 document$" err &&
	grep "^left out 1 record of other origins" err
'

test_expect_success 'a checkout per commit, a build per record, a test per test line' '
	cd repo &&
	git results sync push --dry-run one three >out.json 2>/dev/null &&
	"$PYTHON" - "$(git rev-parse one)" "$(git rev-parse three)" <<-\PY
	import json, sys
	doc = json.loads(open("out.json").read())
	assert doc["version"] == {"major": 5, "minor": 3}, doc["version"]
	checkouts, builds, tests = doc["checkouts"], doc["builds"], doc["tests"]
	assert sorted(c["git_commit_hash"] for c in checkouts) == sorted(sys.argv[1:]), checkouts
	for c in checkouts:
	    assert c["git_repository_url"] == "https://github.com/example/linux.git", c
	    assert c["git_repository_branch"] == "main", c
	    assert c["patchset_hash"] == "", c
	    assert c["origin"] == "maintainer", c
	assert len(builds) == 3, builds
	assert {b["misc"]["git_results"]["run"] for b in builds} == {"r1", "r2", "r3"}
	ids = [o["id"] for o in checkouts + builds + tests]
	assert len(ids) == len(set(ids)), "ids are not unique"
	for o in checkouts + builds + tests:
	    assert o["id"].startswith("maintainer:"), o["id"]
	    assert "/" not in o["id"], o["id"]
	for b in builds:
	    assert b["checkout_id"] in {c["id"] for c in checkouts}
	    assert b["architecture"] == "x86_64" and b["config_name"] == "defconfig", b
	for t in tests:
	    assert t["build_id"] in {b["id"] for b in builds}
	assert len(tests) == 25, len(tests)
	PY
'

test_expect_success 'each record rides byte for byte in its build misc' '
	cd repo &&
	git results sync push --dry-run --origin local --origin lab_b three >out.json 2>/dev/null &&
	git notes --ref=results show three >note &&
	"$PYTHON" - <<-\PY
	import json
	doc = json.loads(open("out.json").read())
	note = open("note").read()
	records = [b["misc"]["git_results"]["record"] for b in doc["builds"]]
	assert len(records) == 3, records
	records.sort(key=note.index)
	# a note is its records, separated by one blank line
	assert "\n".join(records) == note
	PY
'

test_expect_success 'rendering twice gives the same bytes and the same ids' '
	cd repo &&
	git results sync push --dry-run one three >first.json 2>/dev/null &&
	git results sync push --dry-run one three >second.json 2>/dev/null &&
	test_cmp first.json second.json
'

test_expect_success 'another branch or repository is another checkout; the record decides the build' '
	cd repo &&
	git results sync push --dry-run one >a.json 2>/dev/null &&
	git -c results.kcidb.branch=next results sync push --dry-run one >b.json 2>/dev/null &&
	"$PYTHON" - <<-\PY
	import json
	a, b = (json.loads(open(f).read()) for f in ("a.json", "b.json"))
	assert a["checkouts"][0]["id"] != b["checkouts"][0]["id"]
	assert a["builds"][0]["id"] != b["builds"][0]["id"]
	assert b["checkouts"][0]["git_repository_branch"] == "next"
	assert [t["path"] for t in a["tests"]] == [t["path"] for t in b["tests"]]
	PY
'

test_expect_success '--origin chooses the records; imported records are left out' '
	cd repo &&
	git results sync push --dry-run --origin lab_b three >out.json 2>err &&
	grep "would publish 1 record " err &&
	grep "\"run\":\"b1\"" out.json &&
	! grep "\"run\":\"r2\"" out.json &&
	git results sync push --dry-run --origin nobody three >out.json 2>err &&
	grep "would publish 0 records" err &&
	! test -s out.json
'

test_expect_success 'a range publishes the commits in it that have results' '
	cd repo &&
	git results sync push --dry-run one..three >out.json 2>err &&
	grep "would publish 2 records" err &&
	! grep "$(git rev-parse one)" out.json &&
	grep "$(git rev-parse three)" out.json
'

test_expect_success 'large pushes are split into documents of bounded size' '
	cd repo &&
	git -c results.kcidb.maxDocumentSize=5k results sync push --dry-run one three >split.json 2>err &&
	test $(wc -l <split.json) -gt 2 &&
	validate_kcidb split.json &&
	while read -r line; do
		test ${#line} -le 5120 || return 1
	done <split.json &&
	"$PYTHON" - <<-\PY
	import json
	whole = json.loads(open("first.json").read())
	parts = [json.loads(l) for l in open("split.json")]
	for kind in ("builds", "tests"):
	    got = sorted(json.dumps(o, sort_keys=True) for p in parts for o in p[kind])
	    want = sorted(json.dumps(o, sort_keys=True) for o in whole[kind])
	    assert got == want, kind
	# a build always comes with its checkout
	for p in parts:
	    ids = {c["id"] for c in p["checkouts"]}
	    assert all(b["checkout_id"] in ids for b in p["builds"])
	PY
'

test_expect_success 'a record too large for one document is an error' '
	cd repo &&
	test_expect_code 1 git -c results.kcidb.maxDocumentSize=8k results sync push --dry-run four \
		>out.json 2>err &&
	grep "^error: the record of origin .local., run .big. on $(git rev-parse four) is too large" err &&
	git -c results.kcidb.maxDocumentSize=64k results sync push --dry-run four >out.json &&
	validate_kcidb out.json &&
	test_expect_code 128 git -c results.kcidb.maxDocumentSize=12 results sync push --dry-run one 2>err &&
	grep "^fatal: bad size .12. for .results.kcidb.maxdocumentsize." err
'

test_expect_success 'a record copied onto another commit is not published' '
	cd repo &&
	git notes --ref=results show one >copied &&
	git notes --ref=results add -C "$(git hash-object -w copied)" two &&
	git results sync push --dry-run two >out.json 2>err &&
	grep "^warning: not publishing the record of origin .local., run .r1. attached to $(git rev-parse two): it was made for commit $(git rev-parse one)$" err &&
	grep "would publish 0 records" err &&
	git notes --ref=results remove two 2>/dev/null
'

test_expect_success 'what KCIDB cannot take is refused before any JSON is written' '
	cd repo &&
	test_expect_code 128 git -c results.kcidb.origin=git-results results sync push --dry-run one \
		>out.json 2>err &&
	grep "^fatal: invalid KCIDB origin .git-results." err &&
	! test -s out.json &&
	test_expect_code 128 git -c results.kcidb.gitUrl=http://example.org/x.git \
		results sync push --dry-run one >out.json 2>err &&
	grep "^fatal: KCIDB needs the repository.s https URL" err &&
	! test -s out.json &&
	test_expect_code 128 git -c remote.origin.url=/srv/git/linux.git results sync push --dry-run one 2>err >out.json &&
	grep "^fatal: cannot tell the repository.s https URL from remote .origin.; set results.kcidb.gitUrl" err &&
	git checkout -q --detach &&
	test_expect_code 128 git results sync push --dry-run one 2>err &&
	grep "^fatal: cannot tell which branch" err &&
	git -c results.kcidb.branch=main results sync push --dry-run one >/dev/null 2>&1 &&
	git checkout -q main &&
	test_expect_code 128 git -c results.kcidb.origin= results sync push --dry-run one 2>err
'

# git names the current branch before its first commit, and through a
# symbolic ref to the branch it stands for (git branch --show-current).
branch_of_checkout() {
	"$PYTHON" -c "import json, sys; print(json.load(open(sys.argv[1]))[\"checkouts\"][0][\"git_repository_branch\"])" "$1"
}

test_expect_success 'the branch: an unborn one is current, a symbolic ref is followed' '
	cd repo &&
	test_when_finished "git symbolic-ref HEAD refs/heads/main" &&
	git symbolic-ref HEAD refs/heads/unborn &&
	git results sync push --dry-run one >out.json 2>err &&
	test "$(branch_of_checkout out.json)" = unborn &&
	git symbolic-ref refs/heads/alias refs/heads/main &&
	test_when_finished "git symbolic-ref --delete refs/heads/alias" &&
	git symbolic-ref HEAD refs/heads/alias &&
	git results sync push --dry-run one >out.json 2>err &&
	test "$(branch_of_checkout out.json)" = main
'

test_expect_success 'without results.kcidb.origin the token names the origin' '
	cd repo &&
	make_token ../token lab_c &&
	git config --unset results.kcidb.origin &&
	test_when_finished "git config results.kcidb.origin maintainer" &&
	git -c results.kcidb.tokenFile=../token results sync push --dry-run one >out.json 2>/dev/null &&
	grep "\"id\":\"lab_c:local\.r1\." out.json &&
	! grep "\"id\":\"local:" out.json
'

test_expect_success 'without an origin or a token a dry run gives each record its own' '
	cd repo &&
	git config --unset results.kcidb.origin &&
	test_when_finished "git config results.kcidb.origin maintainer" &&
	git results sync push --dry-run one >out.json 2>err &&
	validate_kcidb out.json &&
	grep "\"id\":\"local:local\.r1\." out.json &&
	! grep "\"id\":\"maintainer:" out.json &&
	git results show --to kcidb one >shown.json &&
	test_cmp out.json shown.json
'

test_expect_success 'usage' '
	cd repo &&
	test_expect_code 129 git results sync -h >out &&
	grep "^usage: git results sync push" out &&
	test_expect_code 129 git results sync push -h >out &&
	grep -- "dry-run" out &&
	test_expect_code 129 git results sync pull -h >out &&
	grep -- "--origin" out &&
	test_expect_code 129 git results sync 2>err &&
	grep "^error: name a subcommand: push or pull" err &&
	test_expect_code 129 git results sync frob 2>err &&
	grep "^error: unknown subcommand: .frob." err &&
	test_expect_code 129 git results sync push --frob 2>err &&
	test_expect_code 1 git results sync push --dry-run no-such-commit 2>err &&
	grep "^error: bad revision .no-such-commit." err &&
	test_expect_code 129 git results -h >out &&
	grep "^   sync " out
'

test_expect_success 'records added from a KCIDB file are never published as the user'"'"'s own' '
	cd repo &&
	cat >../lab_b.json <<-EOF &&
	{"version": {"major": 5, "minor": 3},
	 "checkouts": [{"id": "lab_b:ck", "origin": "lab_b", "git_commit_hash": "$(git rev-parse two)"}],
	 "builds": [{"id": "lab_b:b9", "origin": "lab_b", "checkout_id": "lab_b:ck"}],
	 "tests": [{"id": "lab_b:t1", "origin": "lab_b", "build_id": "lab_b:b9", "path": "boot",
	            "status": "PASS"}]}
	EOF
	git results add ../lab_b.json 2>err &&
	grep "^1 of 1 record added" err &&
	git results sync push --dry-run --origin lab_b two >out.json 2>err &&
	grep "would publish 0 records" err &&
	grep "^left out 1 record imported from KCIDB$" err &&
	test_must_be_empty out.json
'

test_done
