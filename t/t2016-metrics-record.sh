#!/bin/sh
# Measurements in records: readers that keep them (KCIDB number, LAVA
# measurement in signals, job logs and tuxrun's results.json, Fuego
# measure), version 2 records, and records written
# before measurements existed still reading, verifying and keeping their
# run ids byte for byte.
. "$(dirname "$0")/test-lib.sh"

FIXTURE=$TEST_DATA/record-v1
CORPORA2=$SHARED_DIR/corpora2
SQ="'"

test_expect_success 'setup: the commit the version 1 fixture was made on' '
	git init -q repo &&
	(
		cd repo &&
		echo one >one.t &&
		git add one.t &&
		git commit -q -m one &&
		git rev-parse HEAD >../head
	) &&
	sed -n "s/^commit //p" "$FIXTURE/note" | sort -u >expect &&
	test_cmp expect head
'

test_expect_success 'a signed version 1 record of the previous version verifies and reads identically' '
	(
		cd repo &&
		git notes --ref=results add -F "$FIXTURE/note" HEAD &&
		git config gpg.format ssh &&
		git config gpg.ssh.allowedSignersFile "$FIXTURE/allowed_signers" &&
		test_expect_code 1 git results verify -v HEAD >../verify.out &&
		git results show --to record HEAD >../record.out &&
		git results show --json HEAD >../show.json
	) &&
	cat >expect <<-\EOF &&
	good ef1a09602d0ca2129cc8acc622991584f4c7415b ci v1-fixture key SHA256:YgThOq/SNEWAwmTXb2FRiY6gqjqqJ2HfWIiz/91sB54 "ci@example.com"
	unsigned ef1a09602d0ca2129cc8acc622991584f4c7415b lab 4dc023aaa033
	EOF
	test_cmp expect verify.out &&
	test_cmp "$FIXTURE/note" record.out &&
	test_cmp "$FIXTURE/show.json" show.json
'

test_expect_success 'adding the same results again derives the same run id, and the note does not change' '
	(
		cd repo &&
		git notes --ref=results show HEAD >../before &&
		git results add -q --origin lab --date 2026-11-25T11:00:00Z --env arch=arm64 \
			"$TEST_DATA/kunit-skip.ktap" &&
		git notes --ref=results show HEAD >../after
	) &&
	grep "^run 4dc023aaa033$" after &&
	test_cmp before after
'

test_expect_success 'KCIDB: a test number keeps its value, unit and prefix' '
	git results parse "$CORPORA2/kcidb/comprehensive.json" >out &&
	head -n 1 out >version &&
	echo "results 2" >expect &&
	test_cmp expect version &&
	grep "^FAIL ltp = 1.6e-7 s (metric)$" out
'

test_expect_success 'KCIDB: values are written in their one canonical form' '
	cat >numbers.json <<-\EOF &&
	{"version": {"major": 5, "minor": 3},
	 "checkouts": [{"id": "o:c", "origin": "o", "git_commit_hash": "0123456789abcdef0123456789abcdef01234567"}],
	 "builds": [{"id": "o:b", "origin": "o", "checkout_id": "o:c", "architecture": "x86_64"}],
	 "tests": [
	  {"id": "o:1", "origin": "o", "build_id": "o:b", "path": "a", "status": "DONE", "number": {"value": 940.50, "unit": "Mbit/s"}},
	  {"id": "o:2", "origin": "o", "build_id": "o:b", "path": "b", "status": "DONE", "number": {"value": 512000.0, "unit": "B", "prefix": "binary"}},
	  {"id": "o:3", "origin": "o", "build_id": "o:b", "path": "c", "status": "DONE", "number": {"value": 145000, "prefix": "metric"}},
	  {"id": "o:4", "origin": "o", "build_id": "o:b", "path": "d", "status": "DONE", "number": {"value": 1E21}},
	  {"id": "o:5", "origin": "o", "build_id": "o:b", "path": "e", "status": "DONE", "number": {"value": -0.000001, "unit": "ops per (s)"}},
	  {"id": "o:6", "origin": "o", "build_id": "o:b", "path": "f", "status": "PASS"}
	 ]}
	EOF
	git results parse numbers.json >out &&
	sed "1,/^\$/d" out >actual &&
	cat >expect <<-\EOF &&
	DONE a = 940.5 Mbit/s
	DONE b = 512000 B (binary)
	DONE c = 145000 (metric)
	DONE d = 1e+21
	DONE e = -0.000001 ops_per_s_
	PASS f
	EOF
	test_cmp expect actual
'

test_expect_success 'LAVA: measurements and units of signals are kept; a non-number stays a reason' '
	cat >lava.log <<-\EOF &&
	<LAVA_SIGNAL_STARTRUN 1_netperf 1>
	<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=throughput RESULT=pass MEASUREMENT=940.50 UNITS=Mbit/s>
	<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=latency RESULT=pass MEASUREMENT=n/a UNITS=ms>
	<LAVA_SIGNAL_ENDRUN 1_netperf 1>
	EOF
	git results parse --format lava lava.log >out &&
	sed "1,/^\$/d" out >actual &&
	cat >expect <<-\EOF &&
	PASS netperf.latency # n/a ms
	PASS netperf.throughput = 940.5 Mbit/s
	EOF
	test_cmp expect actual
'

test_expect_success 'LAVA job log: measurement and units of a results line, string or number' '
	cat >job.yaml <<-\EOF &&
	- {"dt": "2026-11-25T10:00:00.000000", "lvl": "results", "msg": {"case": "validate", "definition": "lava", "result": "pass"}}
	- {"dt": "2026-11-25T10:00:01.000000", "lvl": "results", "msg": {"case": "throughput", "definition": "1_netperf", "measurement": "940.50", "result": "pass", "units": "Mbit/s"}}
	- {"dt": "2026-11-25T10:00:02.000000", "lvl": "results", "msg": {"case": "latency", "definition": "1_netperf", "measurement": 0.25, "result": "pass", "units": "ms"}}
	- {"dt": "2026-11-25T10:00:03.000000", "lvl": "results", "msg": {"case": "jitter", "definition": "1_netperf", "measurement": "n/a", "result": "pass", "units": "ms"}}
	EOF
	git results parse --format lava job.yaml >out &&
	sed "1,/^\$/d" out >actual &&
	cat >expect <<-\EOF &&
	PASS lava.validate
	PASS netperf.jitter # n/a ms
	PASS netperf.latency = 0.25 ms
	PASS netperf.throughput = 940.5 Mbit/s
	EOF
	test_cmp expect actual
'

test_expect_success 'tuxrun results.json: measurement and units of a case, string or number' '
	cat >results.json <<-\EOF &&
	{"lava": {"job": {"result": "pass"}, "validate": {"result": "pass"}},
	 "netperf": {"throughput": {"result": "pass", "measurement": "940.50", "units": "Mbit/s"},
	             "latency": {"result": "pass", "measurement": 0.25, "units": "ms"},
	             "score": {"result": "pass", "measurement": 1E3},
	             "jitter": {"result": "pass", "measurement": "n/a", "units": "ms"},
	             "crashed": {"result": "fail", "measurement": "n/a", "error_msg": "timed out"}}}
	EOF
	git results parse --format tuxrun results.json >out &&
	head -n 1 out >version &&
	echo "results 2" >expect &&
	test_cmp expect version &&
	sed "1,/^\$/d" out >actual &&
	cat >expect <<-\EOF &&
	PASS lava.job
	PASS lava.validate
	FAIL netperf.crashed # timed out
	PASS netperf.jitter # n/a ms
	PASS netperf.latency = 0.25 ms
	PASS netperf.score = 1000
	PASS netperf.throughput = 940.5 Mbit/s
	EOF
	test_cmp expect actual
'

test_expect_success 'added and read back: a record with measurements is version 2 and canonical' '
	(
		cd repo &&
		git results add -q --origin lava --run m1 --date 2026-11-25T12:00:00Z ../lava.log &&
		git results show --to record HEAD >../all &&
		git notes --ref=results show HEAD >../note
	) &&
	test_cmp note all &&
	grep -c "^results 1$" all >count &&
	echo 2 >expect &&
	test_cmp expect count &&
	grep "^results 2$" all &&
	grep "^PASS netperf.throughput = 940.5 Mbit/s$" all
'

test_expect_success 'a version 2 record saved by show --to record is put back as it is' '
	(
		cd repo &&
		git results show --to record --origin lava HEAD >../saved &&
		head -n 1 ../saved >../version &&
		git results add -q --ref restored ../saved &&
		git notes --ref=restored show HEAD >../restored &&
		sed "s/^results 2\$/results 9/" ../saved >../future &&
		test_must_fail git results add --ref future ../future 2>../err
	) &&
	echo "results 2" >expect &&
	test_cmp expect version &&
	test_cmp saved restored &&
	echo "error: ${SQ}../future${SQ} is not a valid record: line 1: unsupported record version" >expect &&
	test_cmp expect err
'

test_expect_success 'JSON keeps the measurement as KCIDB number, streamed or not' '
	git results parse --to json numbers.json >streamed.json &&
	(
		cd repo &&
		sed "s/0123456789abcdef0123456789abcdef01234567/$(git rev-parse HEAD)/" \
			../numbers.json >../numbers-here.json &&
		git results add -q --origin o --run n1 --date 2026-11-25T12:00:00Z ../numbers-here.json &&
		git results show --json HEAD >../shown.json
	) &&
	python3 - streamed.json shown.json <<-\EOF
	import json, sys
	one = json.load(open(sys.argv[1]))
	[two] = [r for r in json.load(open(sys.argv[2])) if r["origin"] == "o"]
	for rec in one, two:
	    numbers = {t["path"]: t.get("number") for t in rec["tests"]}
	    assert numbers["a"] == {"value": 940.5, "unit": "Mbit/s"}, numbers
	    assert numbers["b"] == {"value": 512000, "unit": "B", "prefix": "binary"}, numbers
	    assert numbers["c"] == {"value": 145000, "prefix": "metric"}, numbers
	    assert numbers["f"] is None, numbers
	assert one["tests"] == two["tests"], (one["tests"], two["tests"])
	EOF
'

test_expect_success 'show --to kcidb writes the measurement as the test number, valid KCIDB v5.3' '
	(
		cd repo &&
		git config results.kcidb.origin maintainer &&
		git config results.kcidb.gitUrl https://git.example.org/linux.git &&
		git config results.kcidb.branch master &&
		git results show --to kcidb >../kcidb.json
	) &&
	python3 - "$SHARED_DIR/kcidb/schema-v5.3.json" kcidb.json <<-\EOF
	import json, sys, jsonschema
	schema = json.load(open(sys.argv[1]))
	doc = json.load(open(sys.argv[2]))
	jsonschema.Draft7Validator(schema).validate(doc)
	numbers = [t["number"] for t in doc["tests"] if "number" in t]
	assert {"unit": "Mbit/s", "value": 940.5} in numbers, numbers
	assert {"prefix": "binary", "unit": "B", "value": 512000} in numbers, numbers
	assert {"value": 1e21} in numbers, numbers
	EOF
'

test_expect_success 'JUnit: --to junit writes the measurement as test case properties, read back unchanged' '
	git results parse --date 2026-11-25T10:00:00Z numbers.json >expect &&
	git results parse --date 2026-11-25T10:00:00Z --to junit numbers.json >numbers.xml &&
	grep -A4 "<testcase name=\"b\">" numbers.xml >actual &&
	cat >expect-xml <<-\EOF &&
	    <testcase name="b">
	      <properties>
	        <property name="status" value="DONE"/>
	        <property name="value" value="512000"/>
	        <property name="unit" value="B"/>
	EOF
	test_cmp expect-xml actual &&
	grep -F "<property name=\"prefix\" value=\"binary\"/>" numbers.xml &&
	git results parse numbers.xml >actual &&
	test_cmp expect actual &&
	git results parse --date 2026-11-25T10:00:00Z --origin lava --to junit lava.log >lava.xml &&
	git results parse --date 2026-11-25T10:00:00Z --origin lava lava.log >expect &&
	git results parse --format junit lava.xml >actual &&
	test_cmp expect actual &&
	# a failure with a measurement: the properties come before <failure>
	git results parse --date 2026-11-25T10:00:00Z "$CORPORA2/kcidb/comprehensive.json" >expect &&
	git results parse --date 2026-11-25T10:00:00Z --to junit \
		"$CORPORA2/kcidb/comprehensive.json" >comprehensive.xml &&
	git results parse comprehensive.xml >actual &&
	test_cmp expect actual &&
	grep "^FAIL ltp = 1.6e-7 s (metric)$" actual
'

test_expect_success 'JUnit from other tools: test case properties that name a value and unit' '
	cat >other.xml <<-\EOF &&
	<?xml version="1.0" encoding="UTF-8"?>
	<testsuites>
	  <testsuite name="netperf">
	    <properties><property name="value" value="1"/></properties>
	    <testcase name="throughput">
	      <properties>
	        <property name="host" value="lab-1"/>
	        <property name="value" value="940.50"/>
	        <property name="unit" value="Mbit/s"/>
	      </properties>
	    </testcase>
	    <testcase name="size">
	      <properties><property name="value" value="2048"/><property name="unit" value="B"/>
	        <property name="prefix" value="binary"/></properties>
	      <failure message="too big"/>
	    </testcase>
	    <testcase name="latency">
	      <properties><property name="value" value="fast"/><property name="unit" value="ms"/></properties>
	    </testcase>
	    <testcase name="jitter">
	      <properties><property name="unit" value="ms"/></properties>
	      <system-out><properties><property name="value" value="3"/></properties></system-out>
	    </testcase>
	  </testsuite>
	</testsuites>
	EOF
	git results parse other.xml >out &&
	sed "1,/^\$/d" out >actual &&
	cat >expect <<-\EOF &&
	PASS netperf.jitter
	PASS netperf.latency
	FAIL netperf.size = 2048 B (binary) # too big
	PASS netperf.throughput = 940.5 Mbit/s
	EOF
	test_cmp expect actual
'

test_expect_success 'a signed record with measurements verifies; a changed value does not' '
	ssh-keygen -q -t ed25519 -N "" -C ci -f ci &&
	echo "ci@example.com namespaces=\"git-results\" $(cat ci.pub)" >allowed &&
	git init -q signed &&
	(
		cd signed &&
		test_commit s1 &&
		git config gpg.format ssh &&
		git config gpg.ssh.allowedSignersFile ../allowed &&
		git -c user.signingKey="$PWD/../ci" results add -q --sign --origin ci --run m1 \
			--date 2026-11-25T12:00:00Z s1 ../lava.log &&
		git results verify -v s1 >../verify.out &&
		git notes --ref=results show s1 >../signed-note &&
		sed "s/^PASS netperf.throughput = 940.5 Mbit\/s$/PASS netperf.throughput = 990.5 Mbit\/s/" \
			../signed-note >../tampered &&
		! test_cmp ../signed-note ../tampered &&
		git notes --ref=results add -f -F ../tampered s1 &&
		test_expect_code 1 git results verify -v s1 >../verify-bad.out
	) &&
	grep "^results 2$" signed-note &&
	grep "^good [0-9a-f]* ci m1 key " verify.out &&
	grep "^bad [0-9a-f]* ci m1 key .* (the signature does not match the record)$" verify-bad.out
'

test_expect_success 'a record that is not canonical about its measurement is refused' '
	(
		cd repo &&
		git notes --ref=results show HEAD >../good &&
		sed "s/= 940.5 Mbit/= 940.50 Mbit/" ../good >../bad &&
		git notes --ref=results add -f -F ../bad HEAD &&
		test_must_fail git results show HEAD 2>../err &&
		git notes --ref=results add -f -F ../good HEAD
	) &&
	grep "not in canonical form" err
'

test_done
