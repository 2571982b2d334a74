#!/bin/sh
# test-lib.sh itself: small test scripts run on it, each in a directory
# of its own, and what they print and how they exit, as git's
# t0000-basic.sh checks its test-lib.sh.
. "$(dirname "$0")/test-lib.sh"

# write_sub_test <name>: the test script <name>/<name>.sh, which sources
# our test-lib.sh, runs the tests on standard input and ends with
# test_done.
write_sub_test() {
	mkdir "$1" &&
	{
		printf '#!/bin/sh\n. "$TEST_LIB"\n' &&
		cat &&
		printf 'test_done\n'
	} >"$1/$1.sh"
}

# run_sub_test <name> <exit code> [<variable>=<value>...]: runs
# <name>/<name>.sh, which must exit with <exit code>; its output goes to
# <name>/out, its TAP lines ("ok", "not ok", the plan) to <name>/tap.
run_sub_test() {
	sub_name=$1 &&
	sub_want=$2 &&
	shift 2 &&
	(
		cd "$sub_name" &&
		test_expect_code "$sub_want" env TEST_LIB="$TEST_DIRECTORY/test-lib.sh" \
			TEST_CHAIN_LINT=1 "$@" sh "$sub_name.sh" >out 2>err
	) &&
	grep -E "^(not )?ok |^1\.\." "$sub_name/out" >"$sub_name/tap"
}

# First, outside any test, as a test cannot judge the code that judges
# it: a failing test is "not ok", and fails the script.
write_sub_test sanity <<\EOF
test_expect_success 'fails' 'false'
EOF
(cd sanity && TEST_LIB="$TEST_DIRECTORY/test-lib.sh" sh sanity.sh >out 2>&1)
if test $? != 1 || ! grep "^not ok 1 - fails\$" sanity/out >/dev/null; then
	echo "Bail out! test-lib.sh passes a failing test"
	exit 1
fi

write_sub_test pass-fail <<\EOF
test_expect_success 'passes' 'true'
test_expect_success 'fails' 'false'
test_expect_success 'fails before the last command' '
	false &&
	true
'
EOF

write_sub_test chain <<\EOF
test_expect_success 'a whole chain, with every kind of compound command' '
	numbers () {
		echo "$1"
	} &&
	for i in 1 2 3
	do
		numbers $i >>loop || return 1
	done &&
	i=0 &&
	while test $i -lt 2
	do
		i=$((i + 1)) || exit 1
	done &&
	case $i in
	2) echo two >case ;;
	*) false ;;
	esac &&
	if test -f case
	then
		echo yes >if
	else
		false
	fi &&
	cat >doc <<-\DOC &&
	a here-doc
	DOC
	{ grep "a here-doc" doc || { echo "no here-doc"; false; }; } &&
	printf "1\n2\n3\n" >expect &&
	test_cmp expect loop
'
test_expect_success 'a command left off the chain' '
	echo ran >>"$TRASH_DIRECTORY/body-ran" &&
	true
	true
'
test_expect_success 'the exit code asked for the old way' '
	false &&
	false; test $? = 1
'
test_expect_success 'a top-level || fallback outside { }' '
	true || { echo never; false; } &&
	true
'
test_expect_success 'a syntax error' '
	if true; then
'
test_expect_success 'the broken body was not run for real' '
	test_path_is_missing body-ran
'
EOF

write_sub_test must-fail <<\EOF
printf '#!/bin/sh\nexit 1\n' >not-executable
test_expect_success 'exit 1' 'test_must_fail false'
test_expect_success 'exit 128' 'test_must_fail sh -c "exit 128"'
test_expect_success 'exit 0' 'test_must_fail true 2>err'
test_expect_success 'exit 129' 'test_must_fail sh -c "exit 129"'
test_expect_success 'a signal' 'test_must_fail sh -c "kill -TERM \$\$"'
test_expect_success 'not found' 'test_must_fail no-such-command-here'
test_expect_success 'not executable' 'test_must_fail ./not-executable'
test_expect_success 'exit 200' 'test_must_fail sh -c "exit 200"'
test_expect_success 'test_expect_code, right' 'test_expect_code 129 sh -c "exit 129"'
test_expect_success 'test_expect_code, wrong' 'test_expect_code 1 sh -c "exit 129" 2>err'
test_expect_success 'test_expect_code, a failure before it' '
	false &&
	test_expect_code 1 false
'
EOF

write_sub_test when-finished <<\EOF
test_when_finished "echo outside >>log" || echo refused >outside
test_expect_success 'cleanups run last first, in the body'"'"'s shell' '
	mkdir dir &&
	cd dir &&
	value=seen &&
	test_when_finished "echo first >>\"$TRASH_DIRECTORY/order\"" &&
	test_when_finished "echo second >>\"$TRASH_DIRECTORY/order\"" &&
	test_when_finished "echo \$value >here"
'
test_expect_success 'the order, the variable and the directory' '
	printf "second\nfirst\n" >expect &&
	test_cmp expect order &&
	echo seen >expect &&
	test_cmp expect dir/here
'
test_expect_success 'a failing body still runs its cleanups' '
	test_when_finished "echo failed >>log" &&
	false
'
test_expect_success 'a body that returns still runs its cleanups' '
	test_when_finished "echo returned >>log" &&
	for i in 1
	do
		false || return 1
	done
'
test_expect_success 'a failing cleanup fails the test, and the others run' '
	test_when_finished "echo after >>log" &&
	test_when_finished false &&
	test_when_finished "echo before >>log"
'
test_expect_success 'in a subshell of the body it is refused' '
	(test_when_finished "echo sub >>log")
'
test_expect_success 'what ran' '
	printf "failed\nreturned\nbefore\nafter\n" >expect &&
	test_cmp expect log &&
	test_path_is_file outside
'
EOF

test_expect_success 'ok, not ok, and the exit code' '
	run_sub_test pass-fail 1 &&
	cat >expect <<-\EOF &&
	ok 1 - passes
	not ok 2 - fails
	not ok 3 - fails before the last command
	1..3
	EOF
	test_cmp expect pass-fail/tap
'

test_expect_success 'a broken && chain fails the test, which does not run' '
	run_sub_test chain 1 &&
	cat >expect <<-\EOF &&
	ok 1 - a whole chain, with every kind of compound command
	not ok 2 - a command left off the chain
	not ok 3 - the exit code asked for the old way
	not ok 4 - a top-level || fallback outside { }
	not ok 5 - a syntax error
	ok 6 - the broken body was not run for real
	1..6
	EOF
	test_cmp expect chain/tap &&
	test $(grep -c "^#	broken && chain (or a syntax error) in the test body:\$" chain/err) = 4
'

test_expect_success 'TEST_CHAIN_LINT=0 turns the check off' '
	run_sub_test chain 1 TEST_CHAIN_LINT=0 &&
	cat >expect <<-\EOF &&
	ok 1 - a whole chain, with every kind of compound command
	ok 2 - a command left off the chain
	ok 3 - the exit code asked for the old way
	ok 4 - a top-level || fallback outside { }
	not ok 5 - a syntax error
	not ok 6 - the broken body was not run for real
	1..6
	EOF
	test_cmp expect chain/tap &&
	! grep "broken && chain" chain/err
'

test_expect_success 'test_must_fail takes a failure, not a crash, a usage error or a missing command' '
	run_sub_test must-fail 1 &&
	cat >expect <<-\EOF &&
	ok 1 - exit 1
	ok 2 - exit 128
	not ok 3 - exit 0
	not ok 4 - exit 129
	not ok 5 - a signal
	not ok 6 - not found
	not ok 7 - not executable
	not ok 8 - exit 200
	ok 9 - test_expect_code, right
	not ok 10 - test_expect_code, wrong
	not ok 11 - test_expect_code, a failure before it
	1..11
	EOF
	test_cmp expect must-fail/tap &&
	grep "^#	test_must_fail: command succeeded: true\$" must-fail/err &&
	grep "^#	test_must_fail: usage error (exit 129; use test_expect_code 129 if meant): sh -c exit 129\$" must-fail/err &&
	grep "^#	test_must_fail: died by signal 15: sh -c kill -TERM \\$\\$\$" must-fail/err &&
	grep "^#	test_must_fail: command not found: no-such-command-here\$" must-fail/err &&
	grep "^#	test_must_fail: command not executable: ./not-executable\$" must-fail/err &&
	grep "^#	test_must_fail: unexpected exit code 200: sh -c exit 200\$" must-fail/err &&
	grep "^#	test_expect_code: want 1, got 129: sh -c exit 129\$" must-fail/err
'

test_expect_success 'test_when_finished: last first, on failure too, and a failed cleanup fails' '
	run_sub_test when-finished 1 &&
	cat >expect <<-\EOF &&
	ok 1 - cleanups run last first, in the body'"'"'s shell
	ok 2 - the order, the variable and the directory
	not ok 3 - a failing body still runs its cleanups
	not ok 4 - a body that returns still runs its cleanups
	not ok 5 - a failing cleanup fails the test, and the others run
	not ok 6 - in a subshell of the body it is refused
	ok 7 - what ran
	1..7
	EOF
	test_cmp expect when-finished/tap &&
	grep "test_when_finished: only in a test body: echo outside >>log" when-finished/err
'

test_done
