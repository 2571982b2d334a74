#!/bin/sh
# The limits the readers keep (git-results-formats(7), LIMITS): an input
# at each limit reads whole, and one past it says what happened; none of
# them turns a failure into a quieter record.
. "$(dirname "$0")/test-lib.sh"

# ktap_nested <levels>: a failing leaf inside <levels> nested subtests.
ktap_nested() {
	echo 'KTAP version 1' &&
	echo '1..1' &&
	for i in $(seq "$1"); do
		echo "# Subtest: s$i" &&
		echo '1..1' || return 1
	done &&
	echo 'not ok 1 leaf' &&
	for i in $(seq "$1" -1 1); do
		echo "not ok 1 s$i" || return 1
	done
}

# junit_nested <suites> [<element>]: one passing case, then a failing one
# inside <suites> nested <element>s (testsuite by default).
junit_nested() {
	el=${2:-testsuite} &&
	echo '<testsuites><testsuite name="top"><testcase name="ok1"/></testsuite>' &&
	for i in $(seq "$1"); do
		printf '<%s name="s%d">' "$el" "$i" || return 1
	done &&
	echo '<testsuite name="in"><testcase name="deep_fail"><failure message="boom"/></testcase></testsuite>' &&
	for i in $(seq "$1"); do
		printf '</%s>' "$el" || return 1
	done &&
	echo '</testsuites>'
}

test_expect_success 'KTAP nested 64 deep reads whole' '
	ktap_nested 64 >k64 &&
	git results parse --format ktap k64 >out &&
	grep "^FAIL s1\.s2\..*\.s63\.s64\.leaf$" out &&
	grep "^status FAIL" out
'

test_expect_success 'KTAP nested 65 deep is an error, not a shorter path' '
	ktap_nested 65 >k65 &&
	test_must_fail git results parse --format ktap k65 >out 2>err &&
	test_must_be_empty out &&
	grep "line 131: tests nested deeper than 64 levels" err &&
	test_must_fail git results parse k65 2>err &&
	grep "nested deeper than 64 levels" err
'

test_expect_success 'JUnit suites nested 64 deep read whole' '
	junit_nested 63 >j64 &&
	git results parse --format junit j64 >out &&
	grep "^FAIL s1\.s2\..*\.s63\.in\.deep_fail # boom$" out &&
	grep "^PASS top\.ok1$" out
'

test_expect_success 'JUnit suites nested 65 deep are an error, not a PASS' '
	junit_nested 64 >j65 &&
	test_must_fail git results parse --format junit j65 >out 2>err &&
	test_must_be_empty out &&
	grep "<testsuite> nested deeper than 64" err
'

test_expect_success 'JUnit nested 300 deep (issue 21) is an error, not a PASS' '
	junit_nested 300 >j300 &&
	test_must_fail git results parse --format junit j300 >out 2>err &&
	test_must_be_empty out &&
	grep "nested deeper than" err
'

test_expect_success 'JUnit elements nested 256 deep read whole' '
	junit_nested 252 testsuites >e256 &&
	git results parse --format junit e256 >out &&
	grep "^FAIL in\.deep_fail # boom$" out
'

test_expect_success 'JUnit elements nested 257 deep are an error' '
	junit_nested 253 testsuites >e257 &&
	test_must_fail git results parse --format junit e257 >out 2>err &&
	test_must_be_empty out &&
	grep "elements nested deeper than 256" err
'

test_expect_success 'deep elements that cannot hold results are skipped' '
	{
		echo "<testsuite name=\"a\"><properties>" &&
		for i in $(seq 300); do printf "<p>" || return 1; done &&
		for i in $(seq 300); do printf "</p>" || return 1; done &&
		echo "</properties><testcase name=\"x\"><failure/></testcase></testsuite>"
	} >props &&
	git results parse --format junit props >out &&
	grep "^FAIL a\.x$" out
'

# junit_message <bytes>: a failing case whose message is <bytes> of "m".
junit_message() {
	printf '<testsuite name="a"><testcase name="x"><failure message="' &&
	head -c "$1" /dev/zero | tr "\0" m &&
	printf '"/></testcase></testsuite>\n'
}

test_expect_success 'a JUnit reason of 512 bytes is kept whole' '
	junit_message 512 >m512 &&
	git results parse --format junit m512 >out &&
	grep "^FAIL a\.x # m\{512\}$" out
'

test_expect_success 'a JUnit reason of 513 bytes is cut, and says so' '
	junit_message 513 >m513 &&
	git results parse --format junit m513 >out &&
	grep "^FAIL a\.x # m\{512\} \[cut at 512 bytes\]$" out
'

# expat 2.5 took 40 s for this, scanning the attribute again at every
# 64 KiB read; a bound of 15 s leaves a tenfold margin for a busy machine.
test_expect_success 'a 64 MB JUnit attribute takes linear time' '
	junit_message 67108864 >m64M &&
	timeout 15 git results parse --format junit m64M >out &&
	grep "^FAIL a\.x # m\{512\} \[cut at 512 bytes\]$" out
'

test_expect_success 'a LAVA job log too deep for JSON says why it has no entries' '
	{
		printf "%s" "- {\"dt\": \"2024-01-01T00:00:00\", \"lvl\": \"results\", \"msg\": " &&
		for i in $(seq 3000); do printf "{\"a\": " || return 1; done &&
		printf 1 &&
		for i in $(seq 3001); do printf "}" || return 1; done &&
		echo
	} >lava-deep &&
	test_must_fail git results parse lava-deep 2>err &&
	grep "no LAVA job log entries found (line 1: maximum parsing depth reached" err
'

# json_long_log <format> <bytes>: one failing test whose log is <bytes>
# of "x", in kirk's JSON or KUnit's.
json_long_log() {
	case $1 in
	ltp) printf '{"results": [{"test_fqn": "a", "status": "fail", "test": {"log": "' ;;
	kunit-json) printf '{"name": "top", "sub_groups": [], "test_cases": [{"name": "a", "status": "FAIL", "log": "' ;;
	esac &&
	head -c "$2" /dev/zero | tr "\0" x &&
	case $1 in
	ltp) echo '"}}]}' ;;
	kunit-json) echo '"}]}' ;;
	esac
}

# Whether a 160 MB address space limit holds the reader of a small input
# (not with a sanitizer, which reserves terabytes of shadow memory).
small_limit_holds() {
	json_long_log ltp 16 >small.json &&
	(ulimit -v 163840 && git results parse --format ltp small.json >/dev/null 2>&1)
}

# jansson 2.14 read past its buffer when memory ran out in a long string
# (a crash); where it cannot go on, the program dies saying why.
if small_limit_holds; then
	test_expect_success 'a JSON reader out of memory says so, and does not crash' '
		for f in ltp kunit-json; do
			json_long_log $f 67108864 >long.json &&
			(
				ulimit -v 163840 &&
				test_expect_code 128 git results parse --format $f long.json >out 2>err
			) &&
			test_must_be_empty out &&
			grep "^fatal: out of memory, malloc failed (tried to allocate [0-9]* bytes)\$" err || return 1
		done
	'
else
	test_skip 'a JSON reader out of memory says so, and does not crash' \
		'ulimit -v does not hold a small parse here'
fi

# kirk_report <entries>: a kirk report of <entries> results, one failing
# in the middle, each with a log as kirk writes it.
kirk_report() {
	awk -v n="$1" -v q='"' '
	function str(s) { return q s q }
	BEGIN {
		print "{" str("results") ": ["
		for (i = 1; i <= n; i++) {
			fail = i == int(n / 2)
			printf "{%s: %s, %s: %s, %s: {%s: %s, %s: [%s], %s: 0.5}}%s\n",
				str("test_fqn"), str("t" i), str("status"), str(fail ? "fail" : "pass"),
				str("test"), str("log"), str("t" i " 1 " (fail ? "TFAIL" : "TPASS") " : step " i "\\n"),
				str("retval"), str("0"), str("duration"), i < n ? "," : ""
		}
		print "], " str("stats") ": {}, " str("environment") ": {}}"
	}'
}

# Read whole, a 50 MB report took 600 MB; one entry at a time, a few MB.
if small_limit_holds; then
	test_expect_success 'a large kirk report is read in the memory of one entry' '
		kirk_report 400000 >kirk.json &&
		test $(wc -c <kirk.json) -gt 40000000 &&
		(
			ulimit -v 163840 &&
			git results parse --format ltp kirk.json >out
		) &&
		grep "^counts FAIL=1 ERROR=0 MISS=0 PASS=399999 DONE=0 SKIP=0\$" out &&
		grep "^FAIL ltp.t200000 # TFAIL : step 200000\$" out
	'
else
	test_skip 'a large kirk report is read in the memory of one entry' \
		'ulimit -v does not hold a small parse here'
fi

test_expect_success 'a kirk report cut after a failure is an error, not a record' '
	kirk_report 3 | head -n 3 >cut.json &&
	test_must_fail git results parse --format ltp cut.json >out 2>err &&
	test_must_be_empty out &&
	grep "^error: cannot parse .cut.json. as ltp: line 4, column 0: a value expected, found the end of the input\$" err
'

# kunit_report <suites> <cases>: KUnit JSON as kunit.py writes it (its
# groups first, the run's architecture last), one case failing in the
# middle suite.
kunit_report() {
	awk -v suites="$1" -v cases="$2" -v q='"' '
	function str(s) { return q s q }
	BEGIN {
		print "{\n    " str("name") ": " str("KUnit Test Group") ",\n    " str("sub_groups") ": ["
		for (s = 1; s <= suites; s++) {
			print "        {\n            " str("name") ": " str("suite" s) ","
			print "            " str("sub_groups") ": [],\n            " str("test_cases") ": ["
			for (c = 1; c <= cases; c++)
				printf "                {\n                    %s: %s,\n                    %s: %s\n                }%s\n",
					str("name"), str("case" c), str("status"),
					str(s == int(suites / 2) && c == cases ? "FAIL" : "PASS"), c < cases ? "," : ""
			printf "            ],\n            %s: %s\n        }%s\n", str("arch"), str("UM"), s < suites ? "," : ""
		}
		print "    ],\n    " str("test_cases") ": [],\n    " str("arch") ": " str("UM") ",\n    " str("defconfig") ": " str("") "\n}"
	}'
}

# tuxrun_report <suites> <cases>: a results.json of LAVA's own actions and
# <suites> suites, one case failing in the middle one.
tuxrun_report() {
	awk -v suites="$1" -v cases="$2" -v q='"' '
	function str(s) { return q s q }
	BEGIN {
		printf "{%s: {%s: {%s: %s}}", str("lava"), str("job"), str("result"), str("pass")
		for (s = 1; s <= suites; s++) {
			printf ", %s: {", str(s "_suite" s)
			for (c = 1; c <= cases; c++)
				printf "%s%s: {%s: %s, %s: %s, %s: %s}", (c > 1 ? ", " : ""), str("case" c),
					str("result"), str(s == int(suites / 2) && c == cases ? "fail" : "pass"),
					str("starttc"), str("1234"), str("endtc"), str("1240")
			print "}"
		}
		print "}"
	}'
}

# Read whole, each took 12 times its size; one suite at a time, a few MB.
if small_limit_holds; then
	test_expect_success 'a large KUnit JSON file is read in the memory of one suite' '
		kunit_report 400 1000 >kunit.json &&
		test $(wc -c <kunit.json) -gt 40000000 &&
		(
			ulimit -v 163840 &&
			git results parse --format kunit-json kunit.json >out
		) &&
		grep "^env arch UM\$" out &&
		grep "^counts FAIL=1 ERROR=0 MISS=0 PASS=399999 DONE=0 SKIP=0\$" out &&
		grep "^FAIL suite200.case1000\$" out
	'

	test_expect_success 'a large tuxrun results.json is read in the memory of one suite' '
		tuxrun_report 600 1000 >tuxrun.json &&
		test $(wc -c <tuxrun.json) -gt 40000000 &&
		(
			ulimit -v 163840 &&
			git results parse --format tuxrun tuxrun.json >out
		) &&
		grep "^counts FAIL=1 ERROR=0 MISS=0 PASS=600000 DONE=0 SKIP=0\$" out &&
		grep "^FAIL suite300.case1000\$" out
	'
else
	test_skip 'a large KUnit JSON file is read in the memory of one suite' \
		'ulimit -v does not hold a small parse here'
	test_skip 'a large tuxrun results.json is read in the memory of one suite' \
		'ulimit -v does not hold a small parse here'
fi

test_expect_success 'KUnit JSON and tuxrun cut short are an error, not a record' '
	kunit_report 3 2 | head -n 20 >cut-kunit.json &&
	test_must_fail git results parse --format kunit-json cut-kunit.json >out 2>err &&
	test_must_be_empty out &&
	grep "^error: cannot parse .cut-kunit.json. as kunit-json: line 21 column 0: .,. expected, found the end of the input\$" err &&
	tuxrun_report 3 2 | head -n 2 >cut-tuxrun.json &&
	test_must_fail git results parse --format tuxrun cut-tuxrun.json >out 2>err &&
	test_must_be_empty out &&
	grep "^error: cannot parse .cut-tuxrun.json. as tuxrun: line 3 column 0: .,. expected, found the end of the input\$" err
'

# A note too large for the file-size limit: a full disk, without root.
test_expect_success 'a write that fails says the system'"'"'s reason' '
	git init -q repo &&
	(cd repo && test_commit one) &&
	awk "BEGIN { srand(1); print \"KTAP version 1\"; print \"1..3000\";
		for (i = 1; i <= 3000; i++) printf \"ok %d t%08x%08x%08x\\n\", i,
			rand() * 4294967295, rand() * 4294967295, rand() * 4294967295 }" >big &&
	(
		cd repo &&
		trap "" XFSZ &&
		ulimit -f 40 &&
		test_must_fail git results add --origin one ../big 2>err &&
		grep "^fatal: cannot write note: File too large$" err &&
		echo "HEAD ../big" >list &&
		test_must_fail git results add --batch --origin two <list 2>err &&
		grep "File too large" err
	)
'

test_done
