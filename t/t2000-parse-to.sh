#!/bin/sh
# parse --to and show --to: the renderer table, the default record text,
# JSON, and inputs that hold several runs.
. "$(dirname "$0")/test-lib.sh"

KCIDB=$TEST_DATA/kcidb

test_expect_success 'parse prints the record text by default, --to record the same' '
	git results parse --date 2026-11-25T10:00:00Z "$TEST_DATA/kunit-skip.ktap" >default &&
	git results parse --to record --date 2026-11-25T10:00:00Z "$TEST_DATA/kunit-skip.ktap" >record &&
	test_cmp default record &&
	head -1 default >first &&
	echo "results 1" >expect &&
	test_cmp expect first &&
	grep "^run 9ad20fb7a054$" default &&
	grep "^SKIP example.example_skip_test # this test should be skipped$" default
'

test_expect_success 'parse --to json is --json, and matches the record' '
	git results parse --to json "$TEST_DATA/kunit-failure.ktap" >to.json &&
	git results parse --json "$TEST_DATA/kunit-failure.ktap" >json &&
	test_cmp to.json json &&
	git results parse --to JSON --json "$TEST_DATA/kunit-failure.ktap" >both &&
	test_cmp json both &&
	git results parse "$TEST_DATA/kunit-failure.ktap" >record &&
	python3 - <<-\PY
	import json
	r = json.load(open("json"))
	lines = open("record").read().split("\n")
	assert lines[2] == "run " + r["run"], lines[2]
	tests = [l for l in lines[lines.index("") + 1:] if l]
	assert len(tests) == len(r["tests"]) == 10
	for line, t in zip(tests, r["tests"]):
	    want = t["status"] + " " + t["path"] + (" # " + t["reason"] if "reason" in t else "")
	    assert line == want, (line, want)
	assert r["counts"]["FAIL"] == 1 and r["counts"]["PASS"] == 9
	PY
'

test_expect_success 'parse: an unknown --to, or --to with --json, is refused' '
	test_expect_code 1 git results parse --to yaml "$TEST_DATA/kunit-skip.ktap" >out 2>err &&
	test ! -s out &&
	grep "^error: unknown output format .yaml. (known: record, json" err &&
	test_expect_code 129 git results parse --json --to record "$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "^error: --json and --to record cannot be used together" err &&
	test_expect_code 129 git results parse -h >usage &&
	grep -- "--to <format>" usage
'

test_expect_success 'parse of a KCIDB submission prints one record per run' '
	git results parse "$KCIDB/two-commits-v5.json" >out &&
	test $(test_count_records out) = 4 &&
	grep "^run b-x86+qemu-x86+lava-collabora$" out &&
	grep "^run b-x86+rk3288-rock2-square+lava-collabora$" out &&
	grep "^run b-arm64+bcm2711-rpi-4-b+lava-baylibre$" out &&
	grep "^run b-elsewhere$" out &&
	grep "^origin kernelci$" out &&
	grep "^env toolchain gcc-14$" out &&
	grep "^date 2026-11-20T09:00:00Z$" out &&
	grep "^FAIL kunit.example.example_simple_test # EXPECTATION FAILED" out &&
	grep "^MISS boot # auto-login-action timed out after 360 seconds$" out &&
	# parse has no repository: the commits stay out of the text
	! grep "^commit" out &&
	# records are separated by one blank line, as in a note
	awk "/^results 1\$/ && NR > 1 && prev != \"\" { bad = 1 } { prev = \$0 } END { exit bad }" out
'

test_expect_success 'parse --to json of several runs prints one object per run' '
	git results parse --to json "$KCIDB/two-commits-v5.json" >out.json &&
	python3 - <<-\PY
	import json
	text = open("out.json").read()
	dec = json.JSONDecoder()
	objs, i = [], 0
	while i < len(text):
	    o, i = dec.raw_decode(text, i)
	    objs.append(o)
	    while i < len(text) and text[i] in " \n":
	        i += 1
	assert [o["run"] for o in objs] == ["b-x86+qemu-x86+lava-collabora",
	    "b-x86+rk3288-rock2-square+lava-collabora",
	    "b-arm64+bcm2711-rpi-4-b+lava-baylibre", "b-elsewhere"], objs
	x86 = objs[0]
	assert x86["commit"] is None
	assert x86["env"] == {"arch": "x86_64", "config": "defconfig", "device": "qemu-x86",
	                      "imported": "kcidb unsigned", "lab": "lava-collabora",
	                      "toolchain": "gcc-14"}, x86["env"]
	# the build is in the submission: its log_url (none), as sync pull has it
	assert x86["links"] == [], x86["links"]
	assert x86["counts"]["FAIL"] == 1 and x86["counts"]["SKIP"] == 1 and x86["counts"]["PASS"] == 1
	PY
'

test_expect_success 'options override the input: --origin, --env, --date; --link adds' '
	git results parse --origin lab_b --env arch=riscv64 --env board=qemu \
		--date 2026-01-02T03:04:05+01:00 --link https://example.org/mine \
		"$KCIDB/two-commits-v5.json" >out &&
	test $(grep -c "^origin lab_b$" out) = 4 &&
	! grep "^origin kernelci" out &&
	test $(grep -c "^env arch riscv64$" out) = 4 &&
	test $(grep -c "^env board qemu$" out) = 4 &&
	grep "^env toolchain gcc-14$" out &&
	test $(grep -c "^date 2026-01-02T02:04:05Z$" out) = 4 &&
	test $(grep -c "^link https://example.org/mine$" out) = 4
'

test_expect_success '--run names one run: refused for an input that holds several' '
	test_expect_code 1 git results parse --run mine "$KCIDB/two-commits-v5.json" >out 2>err &&
	test ! -s out &&
	grep "^error: --run names one run, but .*two-commits-v5.json. holds several; leave --run out$" err &&
	git results parse --run mine "$TEST_DATA/kunit-json/test_skip_tests.json" >out &&
	grep "^run mine$" out
'

test_expect_success 'parse reads standard input with every format' '
	git results parse - <"$KCIDB/redhat-v4.json" >out &&
	grep "^origin redhat$" out &&
	grep "^run build_1_x86_64$" out &&
	grep "^FAIL ltp.syscalls.write01 # name \"ltp..syscalls.write01.\": waived$" out &&
	git results parse --format kunit-json - <"$TEST_DATA/kunit-json/tradefed-fat_test.json" >out &&
	test $(grep -c "^PASS fat_test" out) = 23
'

test_expect_success 'setup a repository with results' '
	git init -q repo &&
	(
		cd repo &&
		test_commit one &&
		test_commit two &&
		git results add --origin ci --run r1 --env arch=x86_64 HEAD "$TEST_DATA/kunit-failure.ktap" &&
		git results add --origin ci --run r2 HEAD "$TEST_DATA/kunit-skip.ktap" &&
		git results add --origin ci --run r3 HEAD~1 "$TEST_DATA/kunit-skip.ktap"
	)
'

test_expect_success 'show --to record prints the notes as stored' '
	cd repo &&
	git results show --to record HEAD >out &&
	git notes --ref=results show HEAD >expect &&
	test_cmp expect out &&
	git results show --to record HEAD HEAD~1 >both &&
	{ cat expect && echo && git notes --ref=results show HEAD~1; } >expect.both &&
	test_cmp expect.both both
'

test_expect_success 'show --to json is show --json' '
	cd repo &&
	git results show --json HEAD HEAD~1 >json &&
	git results show --to json HEAD HEAD~1 >to &&
	test_cmp json to &&
	python3 -c "import json; d = json.load(open(\"to\")); assert [r[\"run\"] for r in d] == [\"r1\", \"r2\", \"r3\"]; assert all(\"attached_to\" in r for r in d)"
'

test_expect_success 'show --to: unknown formats and --raw are refused' '
	cd repo &&
	test_expect_code 1 git results show --to yaml >out 2>err &&
	test ! -s out &&
	grep "^error: unknown output format .yaml." err &&
	test_expect_code 129 git results show --to record --raw 2>err &&
	grep "^error: --raw cannot be used with --json or --to" err &&
	test_expect_code 129 git results show --json --to record 2>err &&
	grep "^error: --json and --to record cannot be used together" err
'

test_expect_success 'show --to still reports commits without results' '
	cd repo &&
	test_commit three &&
	test_expect_code 1 git results show --to record HEAD HEAD~1 >out 2>err &&
	grep "^error: no results recorded for .HEAD.$" err &&
	git notes --ref=results show HEAD~1 >expect &&
	test_cmp expect out
'

test_expect_success 'parse and show --to junit: XML that a real parser reads' '
	git results parse --to junit "$TEST_DATA/kunit-failure.ktap" >parsed.xml &&
	python3 - parsed.xml <<-\PY &&
	import sys, xml.etree.ElementTree as ET
	root = ET.parse(sys.argv[1]).getroot()
	cases = root.iter("testcase")
	n = sum(1 for c in root.iter("testcase"))
	failed = sum(1 for c in root.iter("failure"))
	assert n == 10 and failed == 1, (n, failed)
	PY
	git init -q repo &&
	(
		cd repo &&
		git commit -q --allow-empty -m one &&
		git results add -q --origin ci "$TEST_DATA/kunit-failure.ktap" &&
		git results show --to junit >../shown.xml
	) &&
	python3 -c "import xml.etree.ElementTree as ET; ET.parse(\"shown.xml\")"
'

test_expect_success 'show --to kcidb writes what sync push would send, valid KCIDB v5.3' '
	(
		cd repo &&
		git config results.kcidb.gitUrl https://git.example.org/linux.git &&
		git config results.kcidb.branch master &&
		git results show --to kcidb >../own.json &&
		git config results.kcidb.origin maintainer &&
		git results show --to kcidb >../shown.json &&
		git results sync push --dry-run --origin ci HEAD >../dry.json
	) &&
	test_cmp dry.json shown.json &&
	python3 - "$SHARED_DIR/kcidb/schema-v5.3.json" shown.json <<-\PY &&
	import json, sys, jsonschema
	schema = json.load(open(sys.argv[1]))
	doc = json.loads(open(sys.argv[2]).read())
	jsonschema.Draft7Validator(schema).validate(doc)
	assert len(doc["tests"]) == 10, len(doc["tests"])
	PY
	grep "\"id\":\"ci:ci\." own.json &&
	! grep "\"id\":\"maintainer:" own.json
'

test_expect_success 'parse --to kcidb outside a repository says what it needs' '
	mkdir -p outside &&
	(
		cd outside &&
		test_must_fail env GIT_CEILING_DIRECTORIES="$TRASH_DIRECTORY" \
			git results parse --to kcidb "$TEST_DATA/kunit-failure.ktap" 2>../err
	) &&
	grep "^error: --to kcidb needs a repository" err
'

test_expect_success 'KTAP: names that had to change keep their original, in the record and in JSON' '
	cat >names.ktap <<-\EOF &&
	KTAP version 1
	1..3
	    KTAP version 1
	    # Subtest: my suite (v2)
	    1..4
	    ok 1 plain_case
	    not ok 2 case.with.dots # SKIP no "hw" here
	    ok 3 - "quoted" \\back\slash \# not a directive
	    ok 4
	ok 1 my suite (v2)
	# selftests: net: fib tests.sh
	# TAP version 13
	# 1..2
	# ok 1 ipv4
	# ok 1 ipv4
	ok 2 selftests: net: fib tests.sh
	# selftests: net: plain
	# 1..1
	# ok 1 one
	EOF
	git results parse names.ktap >out &&
	sed "1,/^\$/d" out >actual &&
	cat >expect <<-\EOF &&
	PASS my_suite_v2.4 # name "my suite (v2).4"
	SKIP my_suite_v2.case_with_dots # name "my suite (v2).case.with.dots": no "hw" here
	PASS my_suite_v2.plain_case # name "my suite (v2).plain_case"
	PASS my_suite_v2.quoted_back_slash_not_a_directive # name "my suite (v2).\"quoted\" \\back\\slash # not a directive"
	PASS net.fib_tests_sh.ipv4 # name "net.fib tests.sh.ipv4"
	PASS net.fib_tests_sh.ipv4_2 # name "net.fib tests.sh.ipv4"
	MISS net.fib_tests_sh.2 # name "net.fib tests.sh.2": no result reported
	PASS net.plain.one
	MISS net.plain # no result reported
	EOF
	sort actual >actual.sorted &&
	sort expect >expect.sorted &&
	test_cmp expect.sorted actual.sorted &&
	git results parse --json names.ktap >json &&
	python3 - <<-\PY
	import json
	tests = {t["path"]: t.get("reason") for t in json.load(open("json"))["tests"]}
	assert tests["my_suite_v2.case_with_dots"] == "name \"my suite (v2).case.with.dots\": no \"hw\" here"
	assert tests["net.plain.one"] is None
	PY
'

test_done
