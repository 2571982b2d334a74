#!/bin/sh
# The JSON readers from the command line: detection, every corpus file
# through each of them (a record or a clear error, never a crash), and
# kunit.py as the peer for KUnit JSON.
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'auto-detection picks the JSON formats' '
	for f in "$TEST_DATA"/kunit-json/*.json "$TEST_DATA"/kunit-json/stdout-*.txt \
		"$CORPORA"/lava-tuxrun/results/[cp]*[0-9].json "$SHARED_DIR"/kcidb/samples/*tests*.json
	do
		if git results parse "$f" >out 2>err
		then
			head -1 out | grep "^results [1-9][0-9]*$" || return 1
		else
			# kunit.py found no KTAP in these logs: detected, then refused
			grep "^error: cannot parse .* as kunit-json: no test cases$" err || return 1
		fi
	done &&
	test_expect_code 1 git results parse "$TEST_DATA/kunit-json/test_is_test_passed-no_tests_run.json" 2>err &&
	grep "as kunit-json: no test cases" err &&
	git results parse --format auto "$CORPORA/lava-tuxrun/results/fail-6.json" >auto &&
	git results parse --format tuxrun "$CORPORA/lava-tuxrun/results/fail-6.json" >named &&
	test_cmp named auto
'

test_expect_success 'every corpus file, through each JSON reader: a record or a clear error' '
	find "$CORPORA" "$SHARED_DIR/kcidb/samples" "$TEST_DATA" -type f >files &&
	test $(wc -l <files) -gt 400 &&
	while read -r f
	do
		for fmt in kunit-json kcidb tuxrun
		do
			git results parse --format $fmt "$f" >out 2>err
			code=$?
			case $code in
			0)
				head -1 out | grep -q "^results [1-9][0-9]*$" || { echo "no record: $fmt $f"; return 1; } ;;
			1)
				test ! -s out &&
				grep -q -e "^error: cannot parse .* as $fmt: ." -e "^error: .* is empty$" err ||
				{ echo "unclear error: $fmt $f"; cat err; return 1; } ;;
			*)
				echo "exit $code: $fmt $f"; return 1 ;;
			esac
		done
	done <files
'

test_expect_success 'the test counts kunit.py prints agree with our KUnit JSON' '
	grep "Testing complete" "$TEST_DATA/kunit-json/stdout-test_is_test_passed-failure.txt" >summary &&
	grep "Ran 10 tests: passed: 9, failed: 1" summary &&
	git results parse --to json "$TEST_DATA/kunit-json/stdout-test_is_test_passed-failure.txt" >out.json &&
	python3 -c "import json; c = json.load(open(\"out.json\"))[\"counts\"]; assert (c[\"PASS\"], c[\"FAIL\"]) == (9, 1), c"
'

test_expect_success 'KUnit JSON and the KTAP log it came from give the same record' '
	# (KUnit JSON has no reasons: logs whose results have none)
	for name in test_is_test_passed-all_passed test_is_test_passed-failure test_pound_sign
	do
		git results parse --run r "$CORPORA/kunit/$name.log" >ktap &&
		git results parse --run r "$TEST_DATA/kunit-json/$name.json" >json &&
		test_cmp ktap json || return 1
	done
'

test_expect_success 'a name that had to change keeps its original in the reason' '
	git results parse "$TEST_DATA/kunit-json/tradefed-ext4_inode_test.json" >out &&
	grep "^PASS ext4_inode_test.inode_test_xtimestamp_decoding.1901-12-13_Lower_bound_of_32bit_0_timestamp_no_extra_bits # name \"ext4_inode_test.inode_test_xtimestamp_decoding.1901-12-13 Lower bound of 32bit < 0 timestamp, no extra bits\"$" out &&
	test $(grep -c " # name \"" out) = 16
'

test_expect_success 'JSON errors name the line and column' '
	printf "{\n  \"sub_groups\": [\n    {\"name\": }\n]}\n" >broken.json &&
	test_expect_code 1 git results parse --format kunit-json broken.json >out 2>err &&
	test ! -s out &&
	grep "^error: cannot parse .broken.json. as kunit-json: line 3 column 14: " err &&
	: >empty.json &&
	test_expect_code 1 git results parse --format kcidb empty.json 2>err &&
	grep "^error: .empty.json. is empty$" err
'

test_expect_success 'a JSON bomb of nesting is refused, not followed' '
	python3 -c "print(\"{\\\"test_cases\\\": []\" + \", \\\"x\\\": \" + \"[\" * 100000 + \"]\" * 100000 + \"}\")" >deep.json &&
	test_expect_code 1 git results parse --format kunit-json deep.json 2>err &&
	grep "^error: cannot parse .deep.json. as kunit-json: line 1 column" err
'

test_done
