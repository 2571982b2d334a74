#!/bin/sh
# add with inputs that say what they tested: a KCIDB submission's runs go
# to the commits of their checkouts, all or none; KUnit JSON and tuxrun
# results are attached like any log.
. "$(dirname "$0")/test-lib.sh"

KCIDB=$TEST_DATA/kcidb

# kcidb_for <fixture> <one> <two>: the fixture with its commits filled in
kcidb_for() {
	sed -e "s/@ONE@/$2/" -e "s/@TWO@/$3/" "$KCIDB/$1"
}

test_expect_success 'setup' '
	git init -q repo &&
	cd repo &&
	test_commit one &&
	test_commit two &&
	test_commit three &&
	kcidb_for two-commits-v5.json $(git rev-parse one) $(git rev-parse two) >../sub.json &&
	kcidb_for redhat-v4.json $(git rev-parse one) >../v4.json
'

test_expect_success 'the fixtures are valid KCIDB (python3-jsonschema)' '
	python3 - "$SHARED_DIR/kcidb" <<-\PY
	import json, sys, jsonschema
	schemas = sys.argv[1]
	for name, schema in (("sub.json", "schema-v5.3.json"), ("v4.json", "schema-v4.5.json")):
	    validator = jsonschema.Draft7Validator(json.load(open(schemas + "/" + schema)),
	                                           format_checker=jsonschema.FormatChecker())
	    validator.validate(json.load(open(name)))
	PY
'

test_expect_success 'add attaches each run to the commit its checkout names' '
	cd repo &&
	git results add ../sub.json 2>err &&
	grep "^3 of 3 records added to refs/notes/results$" err &&
	git notes --ref=results show one >one.note &&
	test $(test_count_records one.note) = 2 &&
	grep "^commit $(git rev-parse one)$" one.note &&
	grep "^tree $(git rev-parse one^{tree})$" one.note &&
	grep "^run b-x86+qemu-x86+lava-collabora$" one.note &&
	grep "^run b-x86+rk3288-rock2-square+lava-collabora$" one.note &&
	git notes --ref=results show two >two.note &&
	grep "^run b-arm64+bcm2711-rpi-4-b+lava-baylibre$" two.note &&
	grep "^env config defconfig+kselftest$" two.note &&
	# a build whose checkout is not in the submission: left out, and said so
	grep "^warning: left out 1 of the 4 KCIDB runs of .\.\./sub\.json. (1 test): no commit for them" err &&
	test_must_fail git notes --ref=results show three &&
	git results show --json one two >all.json &&
	python3 -c "import json; d = json.load(open(\"all.json\")); assert len(d) == 3 and all(r[\"origin\"] == \"kernelci\" for r in d)"
'

test_expect_success 'runs that name no commit go only to a commit named on the command line' '
	cd repo &&
	python3 - ../sub.json >../elsewhere.json <<-\PY &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	d["tests"] = [t for t in d["tests"] if t["build_id"] == "kernelci:b-elsewhere"]
	json.dump(d, sys.stdout)
	PY
	before=$(notes_tip) &&
	test_expect_code 1 git results add ../elsewhere.json 2>err &&
	grep "^error: nothing added from .\.\./elsewhere\.json.: no commit for its 1 KCIDB run (1 test): " err &&
	test "$(notes_tip)" = "$before" &&
	git results add three ../elsewhere.json 2>err &&
	grep "^1 of 1 record added" err &&
	git notes --ref=results show three >three.note &&
	grep "^run b-elsewhere$" three.note &&
	grep "^env arch riscv$" three.note
'

test_expect_success 'the tests of a build sent in pieces join its one record' '
	cd repo &&
	python3 - ../elsewhere.json <<-\PY &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	t = d["tests"][0]
	more = dict(t, id="kernelci:t9", path="ltp.a", status="FAIL", start_time="2026-11-21T09:00:00+00:00")
	d["tests"] = [t, more]
	json.dump(d, open("../piece2.json", "w"))
	d["tests"] = [dict(t, id="kernelci:t10", path="ltp.b", status="SKIP")]
	json.dump(d, open("../piece3.json", "w"))
	PY
	git results add --ref refs/notes/pieces three ../elsewhere.json &&
	git results add --ref refs/notes/pieces three ../piece2.json 2>err &&
	grep "^1 of 1 record added" err &&
	git results add --ref refs/notes/pieces three ../piece3.json &&
	git notes --ref=refs/notes/pieces show three >note &&
	test $(test_count_records note) = 1 &&
	grep "^date 2026-11-21T09:00:00Z$" note &&
	grep "^counts FAIL=1 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=1$" note &&
	before=$(git rev-parse refs/notes/pieces) &&
	git results add --ref refs/notes/pieces three ../piece2.json 2>err &&
	grep "^0 of 1 record added" err &&
	test "$(git rev-parse refs/notes/pieces)" = "$before"
'

test_expect_success 'records read from KCIDB are marked imported, and never signed' '
	cd repo &&
	git notes --ref=results show one >one.note &&
	test $(grep -c "^env imported kcidb unsigned$" one.note) = 2 &&
	git results parse --format kcidb ../elsewhere.json >parsed &&
	grep "^env imported kcidb unsigned$" parsed &&
	git config results.sign true &&
	test_when_finished "git config --unset results.sign" &&
	git results add --ref refs/notes/signing three ../elsewhere.json &&
	git notes --ref=refs/notes/signing show three >note &&
	! grep "BEGIN" note
'

test_expect_success 'adding the submission again changes nothing' '
	cd repo &&
	before=$(notes_tip) &&
	git results add ../sub.json &&
	test "$(notes_tip)" = "$before"
'

test_expect_success 'a named commit must be the one the input names' '
	cd repo &&
	before=$(notes_tip) &&
	test_expect_code 1 git results add --origin other three ../sub.json 2>err &&
	grep "^error: the input names commit $(git rev-parse one), not $(git rev-parse three) (.three.)$" err &&
	test "$(notes_tip)" = "$before" &&
	# the same commit, named: fine
	git results add --origin v4 one ../v4.json &&
	git notes --ref=results show one >note &&
	grep "^origin v4$" note
'

test_expect_success 'a commit the repository lacks: nothing is added at all' '
	cd repo &&
	before=$(notes_tip) &&
	kcidb_for two-commits-v5.json $(git rev-parse one) 0123456789abcdef0123456789abcdef01234567 >../missing.json &&
	test_expect_code 1 git results add --origin again ../missing.json 2>err &&
	grep "^error: the input names commit 0123456789abcdef0123456789abcdef01234567, which is not in this repository$" err &&
	test "$(notes_tip)" = "$before" &&
	git notes --ref=results show one >note &&
	! grep "^origin again$" note
'

test_expect_success 'add --batch takes submissions too' '
	cd repo &&
	printf "%s %s\n" one ../v4.json HEAD "$TEST_DATA/kunit-json/test_skip_tests.json" >list &&
	git results add --batch --origin batch <list 2>err &&
	grep "^2 of 2 records added" err &&
	git notes --ref=results show one >note &&
	grep "^origin batch$" note &&
	git notes --ref=results show HEAD >note &&
	grep "^SKIP example.example_skip_test$" note
'

test_expect_success 'KUnit JSON: the environment kunit.py knew, then --env' '
	cd repo &&
	cat >kunit.json <<-\EOF &&
	{"name": "KUnit Test Group", "arch": "x86_64", "defconfig": ".kunitconfig",
	 "sub_groups": [{"name": "example", "sub_groups": [],
	   "test_cases": [{"name": "example_simple_test", "status": "FAIL"}]}],
	 "test_cases": []}
	EOF
	git results add --origin kunit --run k1 --env config=allmodconfig two kunit.json &&
	git notes --ref=results show two >note &&
	grep "^env arch x86_64$" note &&
	grep "^env config allmodconfig$" note &&
	grep "^FAIL example.example_simple_test$" note
'

test_expect_success 'tuxrun results, named by --env' '
	cd repo &&
	git results add --origin lkft --run tux1 --env arch=arm \
		three "$CORPORA/lava-tuxrun/results/fail-6.json" &&
	git notes --ref=results show three >note &&
	grep "^FAIL ltp-smoke.chdir01$" note &&
	grep "^PASS lava.http-download.kernel$" note &&
	grep "^counts FAIL=1 ERROR=0 MISS=0 PASS=24 DONE=0 SKIP=2$" note
'

test_expect_success 'a bad input adds nothing and says why' '
	cd repo &&
	before=$(notes_tip) &&
	echo "{\"version\": {\"major\": 5}, \"tests\": [{\"origin\": \"x\", \"status\": \"BROKEN\"}]}" >bad.json &&
	test_expect_code 1 git results add bad.json 2>err &&
	grep "^error: cannot parse .bad.json. as kcidb: tests\[0\] has an unknown status .BROKEN.$" err &&
	echo "{\"version\": {\"major\": 5}, \"tests\": [" >cut.json &&
	test_expect_code 1 git results add --format kcidb cut.json 2>err &&
	grep "^error: cannot parse .cut.json. as kcidb: line 2 column 0: " err &&
	test_expect_code 1 git results add --format tuxrun "$CORPORA/lava-tuxrun/results/fail-empty.json" 2>err &&
	grep "no test results" err &&
	test "$(notes_tip)" = "$before"
'

test_expect_success 'git fsck is happy with the notes' '
	cd repo &&
	git fsck --strict
'

test_done
