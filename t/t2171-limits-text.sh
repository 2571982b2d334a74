#!/bin/sh
# The limits of the text readers (git-results-formats(7), LIMITS): a
# name, a reason, a plan, the results held for a name and one JSON value
# at each limit read whole, and one past it ends in an error or says what
# was cut; a cut never merges two tests or moves one.
. "$(dirname "$0")/test-lib.sh"

# repeat <char> <n>: <n> times <char>, no newline
repeat() {
	head -c "$2" /dev/zero | tr "\0" "$1"
}

# record <parse option>... <file>: the status, counts and test lines of its record
record() {
	git results parse "$@" >out &&
	sed -n "/^status /,\$p" out
}

SQ="'"
A1024=$(repeat a 1024)
R4096=$(repeat r 4096)

test_expect_success 'KTAP names of 1024 bytes are kept whole' '
	printf "KTAP version 1\n1..2\nok 1 %s\nnot ok 2 %s\n" "$A1024" "${A1024%a}b" >k1024 &&
	record --format ktap k1024 >actual 2>err &&
	cat >expect <<-EOF &&
	status FAIL
	counts FAIL=1 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0

	PASS $A1024
	FAIL ${A1024%a}b
	EOF
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success 'KTAP names cut at 1024 bytes say so and stay two tests' '
	printf "KTAP version 1\n1..2\nok 1 %sx\nnot ok 2 %sy\n" "$A1024" "$A1024" >k1025 &&
	record --format ktap k1025 >actual 2>err &&
	cat >expect <<-EOF &&
	status FAIL
	counts FAIL=1 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0

	PASS $A1024 # name "$A1024 [cut at 1024 bytes]"
	FAIL ${A1024}_2 # name "$A1024 [cut at 1024 bytes]"
	EOF
	test_cmp expect actual &&
	cat >expect <<-EOF &&
	warning: line 3: a test name longer than 1024 bytes, cut there
	warning: line 4: a test name longer than 1024 bytes, cut there
	EOF
	test_cmp expect err
'

# ktap_header <name>: a subtest without a plan that only its name ends,
# then a failing test after it.
ktap_header() {
	printf "TAP version 14\n1..2\n# Subtest: %s\nok 1 x\nok 1 %s\nnot ok 2 y\n" "$1" "$1"
}

test_expect_success 'a KTAP subtest named by 1024 bytes ends at its result' '
	ktap_header "$A1024" >h1024 &&
	record --format ktap h1024 >actual &&
	cat >expect <<-EOF &&
	status FAIL
	counts FAIL=1 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0

	PASS $A1024.x
	FAIL y
	EOF
	test_cmp expect actual
'

test_expect_success 'a KTAP subtest whose name is cut still ends at its result' '
	ktap_header "$A1024$A1024$A1024" >h3072 &&
	record --format ktap h3072 >actual 2>err &&
	cat >expect <<-EOF &&
	status FAIL
	counts FAIL=1 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0

	PASS $A1024.x # name "$A1024 [cut at 1024 bytes].x"
	FAIL y
	EOF
	test_cmp expect actual &&
	grep -c "a test name longer than 1024 bytes" err >count &&
	echo 2 >expect &&
	test_cmp expect count
'

test_expect_success 'a KTAP reason of 4096 bytes is kept whole' '
	printf "KTAP version 1\n1..1\nok 1 x # SKIP %s\n" "$R4096" >r4096 &&
	record --format ktap r4096 >actual &&
	printf "status SKIP\ncounts FAIL=0 ERROR=0 MISS=0 PASS=0 DONE=0 SKIP=1\n\nSKIP x # %s\n" \
		"$R4096" >expect &&
	test_cmp expect actual
'

test_expect_success 'a KTAP reason cut at 4096 bytes says so' '
	printf "KTAP version 1\n1..2\nok 1 x # SKIP %sq\nBail out! %s\n" "$R4096" "$R4096" >r4097 &&
	record --format ktap r4097 >actual &&
	cat >expect <<-EOF &&
	status MISS
	counts FAIL=0 ERROR=0 MISS=1 PASS=0 DONE=0 SKIP=1

	MISS 2 # Bail out! $(repeat r 4086) [cut at 4096 bytes]
	SKIP x # $R4096 [cut at 4096 bytes]
	EOF
	test_cmp expect actual
'

# ktap_prefix <bytes>: KTAP whose every line follows <bytes> of unknown text
ktap_prefix() {
	p=$(repeat p "$1") &&
	printf "%sKTAP version 1\n%s1..2\n%sok 1 a\n%snot ok 2 b\n" "$p" "$p" "$p" "$p"
}

test_expect_success 'KTAP after 128 bytes of unknown text on every line reads whole' '
	ktap_prefix 128 >pre128 &&
	record --format ktap pre128 >actual &&
	printf "status FAIL\ncounts FAIL=1 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0\n\nPASS a\nFAIL b\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'KTAP after 129 bytes of unknown text on every line is an error' '
	ktap_prefix 129 >pre129 &&
	test_must_fail git results parse --format ktap pre129 >out 2>err &&
	test_must_be_empty out &&
	cat >expect <<-EOF &&
	error: cannot parse ${SQ}pre129${SQ} as ktap: no KTAP or TAP output found (line 1: a version line behind more than 128 bytes of other text, which is not read as a prefix)
	EOF
	test_cmp expect err
'

# ktap_plan <plan>: a plan, one test passing and one failing
ktap_plan() {
	printf "KTAP version 1\n1..%s\nok 1 a\nnot ok 2 b\n" "$1"
}

test_expect_success 'a KTAP plan of 1,048,576 tests is kept: the rest are MISS' '
	ktap_plan 1048576 >p1M &&
	git results parse --format ktap p1M >out &&
	grep "^counts FAIL=1 ERROR=0 MISS=1048574 PASS=1 DONE=0 SKIP=0\$" out &&
	grep "^MISS 1048576 # no result reported\$" out &&
	grep "^FAIL b\$" out
'

test_expect_success 'a KTAP plan of more tests is an error, not a record without them' '
	ktap_plan 1048577 >p1M1 &&
	test_must_fail git results parse --format ktap p1M1 >out 2>err &&
	test_must_be_empty out &&
	echo "error: cannot parse ${SQ}p1M1${SQ} as ktap: line 2: a plan of more than 1048576 tests; git results reads no more" >expect &&
	test_cmp expect err
'

# ktap_held <results>: a KUnit suite without a plan, named only by its
# result line, after <results> results of 16 bytes each as held
# ("case_%08d", its status, flags and end), one failing.
ktap_held() {
	awk -v n="$1" 'BEGIN {
		print "KTAP version 1"; print "1..1"; print "    KTAP version 1"
		for (i = 1; i <= n; i++)
			printf "    %s %d case_%08d\n", i == 3 ? "not ok" : "ok", i, i
		print "not ok 1 big_suite"
	}'
}

test_expect_success 'KTAP results held up to 16 MiB for a name get it' '
	ktap_held 1048576 >held16M &&
	git results parse --format ktap held16M >out 2>err &&
	test_must_be_empty err &&
	grep "^counts FAIL=1 ERROR=0 MISS=0 PASS=1048575 DONE=0 SKIP=0\$" out &&
	grep "^FAIL big_suite.case_00000003\$" out &&
	grep "^PASS big_suite.case_01048576\$" out &&
	! grep "^[A-Z]* 1[. ]" out
'

test_expect_success 'KTAP results past 16 MiB are named by number, and say so' '
	ktap_held 1048577 >held16M1 &&
	git results parse --format ktap held16M1 >out 2>err &&
	grep "^counts FAIL=2 ERROR=0 MISS=0 PASS=1048576 DONE=0 SKIP=0\$" out &&
	grep "^FAIL 1.case_00000003\$" out &&
	grep "^PASS 1.case_01048577\$" out &&
	grep "^FAIL 1 # name \"big_suite\": named by its number: more than 16 MiB of results came before its name\$" out &&
	! grep big_suite\\. out &&
	echo "warning: line 1048580: more than 16 MiB of results before the name of test 1; they are named by its number" >expect &&
	test_cmp expect err
'

# lava_signals <case id> <case id> <measurement>: a run whose first case
# starts, passes and ends, and whose second fails with <measurement>.
lava_signals() {
	printf "<LAVA_SIGNAL_STARTRUN 0_smoke uuid>\n" &&
	printf "<LAVA_SIGNAL_STARTTC %s>\n<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=%s RESULT=pass>\n<LAVA_SIGNAL_ENDTC %s>\n" \
		"$1" "$1" "$1" &&
	printf "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=%s RESULT=fail MEASUREMENT=%s>\n" "$2" "$3" &&
	printf "<LAVA_SIGNAL_ENDRUN 0_smoke uuid>\n"
}

M512=$(repeat m 512)

test_expect_success 'LAVA names of 1024 bytes and reasons of 512 are kept whole' '
	lava_signals "$A1024" "${A1024%a}b" "$M512" >lava1024 &&
	record --format lava lava1024 >actual &&
	cat >expect <<-EOF &&
	status FAIL
	counts FAIL=1 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0

	PASS smoke.$A1024
	FAIL smoke.${A1024%a}b # $M512
	EOF
	test_cmp expect actual
'

test_expect_success 'LAVA names and reasons past them say so, and stay two tests' '
	lava_signals "${A1024}xyz" "${A1024}y" "${M512}n" >lava1025 &&
	record --format lava lava1025 >actual &&
	A1015=$(repeat a 1015) &&
	cat >expect <<-EOF &&
	status FAIL
	counts FAIL=1 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0

	FAIL smoke.${A1015}_76c6caf4 # name "smoke.$A1024 [cut at 1024 bytes]": $M512 [cut at 512 bytes]
	PASS smoke.${A1015}_f236c4e0 # name "smoke.$A1024 [cut at 1024 bytes]"
	EOF
	test_cmp expect actual
'

test_expect_success 'a LAVA case past the name limit that never reports keeps its path' '
	{
		printf "<LAVA_SIGNAL_STARTRUN 0_smoke uuid>\n" &&
		printf "<LAVA_SIGNAL_STARTTC %s>\n" "${A1024}xyz" &&
		printf "<LAVA_SIGNAL_ENDRUN 0_smoke uuid>\n"
	} >lava-started &&
	record --format lava lava-started >actual &&
	A1015=$(repeat a 1015) &&
	cat >expect <<-EOF &&
	status MISS
	counts FAIL=0 ERROR=0 MISS=1 PASS=0 DONE=0 SKIP=0

	MISS smoke.${A1015}_f236c4e0 # name "smoke.$A1024 [cut at 1024 bytes]": no result reported
	EOF
	test_cmp expect actual
'

# lava_held <cases>: <cases> test cases before the ENDRUN that names their
# run, each held in 1024 bytes (its 1019-byte id, status, flags and ends),
# the second failing.
lava_held() {
	awk -v n="$1" 'BEGIN {
		for (i = 1; i <= n; i++) {
			printf "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=c%05d", i
			for (j = 0; j < 1013; j++)
				printf "x"
			printf " RESULT=%s>\n", i == 2 ? "fail" : "pass"
		}
		print "<LAVA_SIGNAL_ENDRUN 0_smoke uuid>"
	}'
}

test_expect_success 'LAVA cases held up to 16 MiB for their run get its name' '
	lava_held 16384 >lh16M &&
	git results parse --format lava lh16M >out 2>err &&
	test_must_be_empty err &&
	grep "^counts FAIL=1 ERROR=0 MISS=0 PASS=16383 DONE=0 SKIP=0\$" out &&
	grep -c "^[A-Z]* smoke\.c[0-9]*x*\$" out >count &&
	echo 16384 >expect &&
	test_cmp expect count
'

test_expect_success 'LAVA cases past 16 MiB are reported without it, and say so' '
	lava_held 16385 >lh16M1 &&
	git results parse --format lava lh16M1 >out 2>err &&
	grep "^counts FAIL=1 ERROR=0 MISS=0 PASS=16384 DONE=0 SKIP=0\$" out &&
	grep -c "^[A-Z]* c[0-9]*x*\$" out >count &&
	echo 16385 >expect &&
	test_cmp expect count &&
	echo "warning: line 16385: more than 16 MiB of test cases before the name of their run; they are reported without it" >expect &&
	test_cmp expect err
'

# ltp_reason <bytes>: a failing kirk result whose TFAIL line is <bytes> long
ltp_reason() {
	printf '{"results": [{"test_fqn": "a", "status": "fail", "test": {"log": "a 1 %s\\n"}}]}\n' \
		"TFAIL: $(repeat t $(($1 - 7)))"
}

test_expect_success 'an LTP reason of 512 bytes is kept whole' '
	ltp_reason 512 >l512 &&
	record --format ltp l512 >actual &&
	printf "status FAIL\ncounts FAIL=1 ERROR=0 MISS=0 PASS=0 DONE=0 SKIP=0\n\nFAIL ltp.a # TFAIL: %s\n" \
		"$(repeat t 505)" >expect &&
	test_cmp expect actual
'

test_expect_success 'an LTP reason cut at 512 bytes says so' '
	ltp_reason 513 >l513 &&
	record --format ltp l513 >actual &&
	printf "status FAIL\ncounts FAIL=1 ERROR=0 MISS=0 PASS=0 DONE=0 SKIP=0\n\nFAIL ltp.a # TFAIL: %s [cut at 512 bytes]\n" \
		"$(repeat t 505)" >expect &&
	test_cmp expect actual
'

# tuxrun_reason <bytes>: a failing case whose error_msg is <bytes> long
tuxrun_reason() {
	printf '{"1_s": {"c": {"result": "fail", "error_msg": "%s"}}}\n' "$(repeat e "$1")"
}

test_expect_success 'a tuxrun reason of 4096 bytes is kept whole, one more is cut and says so' '
	tuxrun_reason 4096 >t4096 &&
	record --format tuxrun t4096 >actual &&
	printf "status FAIL\ncounts FAIL=1 ERROR=0 MISS=0 PASS=0 DONE=0 SKIP=0\n\nFAIL s.c # %s\n" \
		"$(repeat e 4096)" >expect &&
	test_cmp expect actual &&
	tuxrun_reason 4097 >t4097 &&
	record --format tuxrun t4097 >actual &&
	printf "status FAIL\ncounts FAIL=1 ERROR=0 MISS=0 PASS=0 DONE=0 SKIP=0\n\nFAIL s.c # %s [cut at 4096 bytes]\n" \
		"$(repeat e 4096)" >expect &&
	test_cmp expect actual
'

# kcidb_reason <bytes>: a failing KCIDB test whose error_msg is <bytes> long
kcidb_reason() {
	printf '{"version": {"major": 4, "minor": 2}, %s, %s, %s}\n' \
		'"checkouts": [{"id": "o:c", "origin": "o", "git_commit_hash": "0123456789abcdef0123456789abcdef01234567", "valid": true}]' \
		'"builds": [{"id": "o:b", "origin": "o", "checkout_id": "o:c", "valid": true}]' \
		"\"tests\": [{\"id\": \"o:t\", \"origin\": \"o\", \"build_id\": \"o:b\", \"path\": \"s.c\", \"status\": \"FAIL\", \"misc\": {\"error_msg\": \"$(repeat e "$1")\"}}]"
}

test_expect_success 'a KCIDB reason of 4096 bytes is kept whole, one more is cut and says so' '
	kcidb_reason 4096 >k4096 &&
	record --format kcidb k4096 >actual &&
	printf "status FAIL\ncounts FAIL=1 ERROR=0 MISS=0 PASS=0 DONE=0 SKIP=0\n\nFAIL s.c # %s\n" \
		"$(repeat e 4096)" >expect &&
	test_cmp expect actual &&
	kcidb_reason 4097 >k4097 &&
	record --format kcidb k4097 >actual &&
	printf "status FAIL\ncounts FAIL=1 ERROR=0 MISS=0 PASS=0 DONE=0 SKIP=0\n\nFAIL s.c # %s [cut at 4096 bytes]\n" \
		"$(repeat e 4096)" >expect &&
	test_cmp expect actual
'

# fuego_reason <bytes>: a failing Fuego measurement that is not a number, <bytes> long
fuego_reason() {
	printf '{"test_sets": [{"name": "s", "test_cases": [{"name": "c", "status": "FAIL", "measurements": [{"name": "m", "measure": "%s", "status": "FAIL"}]}]}]}\n' \
		"$(repeat e "$1")"
}

test_expect_success 'a Fuego reason of 4096 bytes is kept whole, one more is cut and says so' '
	fuego_reason 4096 >f4096 &&
	record --format fuego f4096 >actual &&
	printf "status FAIL\ncounts FAIL=1 ERROR=0 MISS=0 PASS=0 DONE=0 SKIP=0\n\nFAIL s.c.m # %s\n" \
		"$(repeat e 4096)" >expect &&
	test_cmp expect actual &&
	fuego_reason 4097 >f4097 &&
	record --format fuego f4097 >actual &&
	printf "status FAIL\ncounts FAIL=1 ERROR=0 MISS=0 PASS=0 DONE=0 SKIP=0\n\nFAIL s.c.m # %s [cut at 4096 bytes]\n" \
		"$(repeat e 4096)" >expect &&
	test_cmp expect actual
'

# kunit_names <name> <name>: a failing case and a passing one
kunit_names() {
	printf '{"name": "top", "sub_groups": [{"name": "s", "test_cases": [%s, %s]}], "test_cases": []}\n' \
		"{\"name\": \"$1\", \"status\": \"FAIL\"}" "{\"name\": \"$2\", \"status\": \"PASS\"}"
}

test_expect_success 'KUnit JSON names of 1024 bytes are kept whole' '
	kunit_names "$A1024" "${A1024%a}b" >kn1024 &&
	record --format kunit-json kn1024 >actual &&
	cat >expect <<-EOF &&
	status FAIL
	counts FAIL=1 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0

	FAIL s.$A1024
	PASS s.${A1024%a}b
	EOF
	test_cmp expect actual
'

test_expect_success 'KUnit JSON names cut at 1024 bytes keep their whole name, and stay two tests' '
	kunit_names "${A1024}x" "${A1024}y" >kn1025 &&
	record --format kunit-json kn1025 >actual &&
	cat >expect <<-EOF &&
	status FAIL
	counts FAIL=1 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0

	FAIL s.$A1024 # name "s.${A1024}x"
	PASS s.${A1024}_2 # name "s.${A1024}y"
	EOF
	test_cmp expect actual
'

# kunit_nested <groups>: a failing case <groups> groups below the top one
kunit_nested() {
	printf "{\"name\": \"top\", \"sub_groups\": [" &&
	for i in $(seq $(($1 - 1))); do
		printf "{\"name\": \"g%d\", \"sub_groups\": [" "$i" || return 1
	done &&
	printf "{\"name\": \"leaf\", \"sub_groups\": [], \"test_cases\": [{\"name\": \"c\", \"status\": \"FAIL\"}]}" &&
	for i in $(seq $(($1 - 1))); do
		printf "], \"test_cases\": []}" || return 1
	done &&
	echo "], \"test_cases\": [{\"name\": \"ok1\", \"status\": \"PASS\"}]}"
}

test_expect_success 'KUnit JSON groups nested 64 deep read whole' '
	kunit_nested 64 >kj64 &&
	record --format kunit-json kj64 >actual &&
	cat >expect <<-EOF &&
	status FAIL
	counts FAIL=1 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0

	FAIL $(seq -f g%.0f -s . 63).leaf.c
	PASS ok1
	EOF
	test_cmp expect actual
'

test_expect_success 'KUnit JSON groups nested 65 deep are an error' '
	kunit_nested 65 >kj65 &&
	test_must_fail git results parse --format kunit-json kj65 >out 2>err &&
	test_must_be_empty out &&
	echo "error: cannot parse ${SQ}kj65${SQ} as kunit-json: groups nested too deep in $(seq -f g%.0f -s . 64).leaf" >expect &&
	test_cmp expect err
'

# json_value <format> <bytes>: a document whose one value the reader holds
# (kirk's entry of "results", KUnit's suite, tuxrun's suite) is <bytes>
# long, a failing test's log padding it.
json_value() {
	case $1 in
	ltp)
		head='{"results": [' pre='{"test_fqn": "a", "status": "fail", "test": {"log": "'
		post='"}}' tail=']}' ;;
	kunit-json)
		head='{"name": "top", "sub_groups": [' pre='{"name": "s", "test_cases": [{"name": "c", "status": "FAIL", "log": "'
		post='"}]}' tail='], "test_cases": []}' ;;
	tuxrun)
		head='{"1_s": ' pre='{"c": {"result": "fail", "log": "'
		post='"}}' tail='}' ;;
	esac &&
	printf "%s%s" "$head" "$pre" &&
	repeat x $(($2 - ${#pre} - ${#post})) &&
	printf "%s%s\n" "$post" "$tail"
}

# The limit is 512 MiB; writing and reading that much takes half a
# minute, so these tests lower it to 4096 bytes, the same code path.
for f in ltp kunit-json tuxrun; do
	test_expect_success "$f: one JSON value at the limit is read whole" "
		json_value $f 4096 >v4096 &&
		GIT_TEST_JSON_MAX_VALUE=4096 git results parse --format $f v4096 >out &&
		grep '^counts FAIL=1 ERROR=0 MISS=0 PASS=0 DONE=0 SKIP=0\$' out
	"

	test_expect_success "$f: one JSON value past the limit is an error" "
		json_value $f 4097 >v4097 &&
		test_must_fail env GIT_TEST_JSON_MAX_VALUE=4096 git results parse --format $f v4097 >out 2>err &&
		test_must_be_empty out &&
		echo \"error: cannot parse \${SQ}v4097\${SQ} as $f: more than 4096 bytes of JSON in one value\" >expect &&
		test_cmp expect err
	"
done

test_done
