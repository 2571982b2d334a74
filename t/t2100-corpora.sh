#!/bin/sh
# Every file under ../shared/corpora, parsed with --format=auto and with
# the format it is in: none may crash or hang, and each gives either a
# record or one clear error line.  Files of a known format must parse as
# that format, and --format=auto must pick it.  (Every file through every
# format, in one process per format, is t2190-fuzz-replay.sh.)
. "$(dirname "$0")/test-lib.sh"

# The registered formats, as the command lists them.
known_formats() {
	test_expect_code 1 git results parse --format=no-such-format /dev/null 2>"$TRASH_DIRECTORY/formats" &&
	sed -n 's/.*(known: \(.*\))$/\1/p' "$TRASH_DIRECTORY/formats" | tr -d ',' | tr ' ' '\n'
}

# check_parse <format> <file>: a record, or exactly one "error: " line
# naming the file; never a crash, a hang or a fatal error.
check_parse() {
	timeout 30 git results parse --format="$1" "$2" >out 2>err
	rc=$?
	case $rc in
	0)
		# version 2 when a test carries a measurement (KCIDB numbers)
		first=$(head -n 1 out)
		if test "$first" != "results 1" && test "$first" != "results 2" || test -s err; then
			echo "--format=$1 $2: exit 0 but no record, or a message"
			return 1
		fi ;;
	1)
		if test -s out || test "$(wc -l <err)" != 1 ||
		   ! grep -q "^error: .*'$2'" err; then
			echo "--format=$1 $2: unclear failure:"
			cat err
			return 1
		fi ;;
	*)
		echo "--format=$1 $2: exit $rc (crash, hang or fatal error)"
		cat err
		return 1 ;;
	esac
}

# The format a corpus file is in, by where it is: nothing for the files
# that are no test output (peer results, renderer references, notes).
named_format() {
	case $1 in
	*.md|*.results.json|*.exception) ;;
	junit/*) echo junit ;;
	kunit/*|ktap-derived/*|tap/*) echo ktap ;;
	console-logs/*|lava-tuxrun/logs/*|lava-tuxrun/*.yaml) echo lava ;;
	ltp-kirk/*) echo ltp ;;
	esac
}

# check_dir <dir>: every file in it, auto and its own format
check_dir() {
	failed=0
	for f in $(cd "$CORPORA" && find "$1" -type f | sort); do
		for fmt in auto $(named_format "$f"); do
			check_parse "$fmt" "$CORPORA/$f" || failed=1
		done
	done
	return $failed
}

# expect_format <format> <file>...: parses as <format>, and auto agrees
expect_format() {
	fmt=$1
	shift
	failed=0
	for f in "$@"; do
		if ! git results parse --format="$fmt" "$f" >named 2>err; then
			echo "$f does not parse as $fmt:"
			cat err
			failed=1
		elif ! git results parse "$f" >auto 2>&1 || ! cmp -s named auto; then
			echo "--format=auto does not read $f as $fmt"
			failed=1
		fi
	done
	return $failed
}

FORMATS=$(known_formats)

test_expect_success 'the formats of this branch are registered' '
	for fmt in ktap junit lava ltp; do
		echo "$FORMATS" | grep -qx "$fmt" || { echo "no $fmt"; return 1; }
	done
'

test_expect_success 'the corpora are there' '
	test $(find "$CORPORA" -type f | wc -l) -ge 399
'

for dir in $(cd "$CORPORA" && find . -mindepth 1 -maxdepth 1 -type d | sort); do
	dir=${dir#./}
	test_expect_success "every file in $dir: a record or a clear error" "
		check_dir $dir
	"
done

test_expect_success 'files at the top of the corpora, too' '
	failed=0 &&
	for f in $(find "$CORPORA" -maxdepth 1 -type f | sort); do
		check_parse auto "$f" || failed=1
	done &&
	test $failed = 0
'

test_expect_success 'KUnit and KTAP logs are read as ktap' '
	expect_format ktap $(find "$CORPORA/kunit" "$CORPORA/ktap-derived" -type f |
		grep -v -e no_tests_run_no_header -e "passed-no_tests_run\.log")
'

test_expect_success 'KUnit logs without any KTAP: the kernel panicked, the boot failed' '
	for f in "$CORPORA"/kunit/test_is_test_passed-no_tests_run_no_header.log \
		 "$CORPORA"/kunit/test_is_test_passed-no_tests_run.log; do
		git results parse --format=ktap "$f" >out &&
		grep "^FAIL boot # [Kk]ernel panic" out &&
		grep "^FAIL kernel.crash.panic # " out || return 1
	done &&
	test_must_fail git results parse --format=ktap "$CORPORA/junit/jenkins/testXxe-xxe.xml" 2>err &&
	grep "no KTAP or TAP output found" err
'

# Known-broken inputs: each peer expects an error for these too.
BROKEN_JUNIT="enricomi/non-junit.xml enricomi/pytest/corrupt-xml.xml jenkins/testXxe-xxe.xml
mikepenz/corrupt-junit/e2e-tests/corrupt/target/sf-reports/TEST-test.CorruptTest.xml
mikepenz/junit-web-test/expected.xml mikepenz/junit-web-test/expectedRetries.xml"

test_expect_success 'every JUnit file is read as junit, but the broken ones' '
	files=$(cd "$CORPORA/junit" && find . -name "*.xml" | sed "s|^\./||" | sort) &&
	for b in $BROKEN_JUNIT; do
		files=$(echo "$files" | grep -vx "$b")
	done &&
	test $(echo "$files" | wc -l) = 111 &&
	expect_format junit $(echo "$files" | sed "s|^|$CORPORA/junit/|")
'

test_expect_success 'the broken JUnit files give their reason' '
	cat >expect <<-EOF &&
	error: cannot parse '\''$CORPORA/junit/enricomi/non-junit.xml'\'' as junit: the root element is <suites>, not <testsuites> or <testsuite>
	error: cannot parse '\''$CORPORA/junit/enricomi/pytest/corrupt-xml.xml'\'' as junit: line 11, column 22: no element found
	error: cannot parse '\''$CORPORA/junit/jenkins/testXxe-xxe.xml'\'' as junit: the document declares the entity '\''sp'\''; entity declarations are refused
	error: cannot parse '\''$CORPORA/junit/mikepenz/corrupt-junit/e2e-tests/corrupt/target/sf-reports/TEST-test.CorruptTest.xml'\'' as junit: line 18, column 26: unclosed CDATA section
	error: cannot parse '\''$CORPORA/junit/mikepenz/junit-web-test/expected.xml'\'' as junit: line 9, column 59: not well-formed (invalid token)
	error: cannot parse '\''$CORPORA/junit/mikepenz/junit-web-test/expectedRetries.xml'\'' as junit: line 9, column 59: not well-formed (invalid token)
	EOF
	for b in $BROKEN_JUNIT; do
		test_must_fail git results parse --format=junit "$CORPORA/junit/$b" 2>>actual
	done &&
	test_cmp expect actual
'

test_expect_success 'LAVA job logs, and a console log with only LAVA in it, are read as lava' '
	expect_format lava $(ls "$CORPORA"/lava-tuxrun/logs/*.yaml | grep -v fail-empty) \
		"$CORPORA/lava-tuxrun/squad-example-lava-log.yaml" \
		"$CORPORA/console-logs/squad/kfence.log"
'

# LAVA frames these kselftest runs; the KTAP inside has the results.
test_expect_success 'console logs whose kselftest TAP comes first are read as ktap' '
	expect_format ktap "$CORPORA/console-logs/lava/kernel-lkft.txt" \
		"$CORPORA/console-logs/squad/kernel_bug_and_invalid_opcode.log" \
		"$CORPORA/console-logs/squad/rcu_warning.log"
'

test_expect_success 'the kirk report is read as ltp' '
	expect_format ltp "$CORPORA/ltp-kirk/lkp-fs-00-results.json"
'

test_expect_success 'a console log without any test output is read as console: its crashes' '
	expect_format console "$CORPORA/console-logs/lava/kernel-bug.txt" &&
	git results parse "$CORPORA/console-logs/lava/kernel-bug.txt" >out &&
	grep "^FAIL kernel.crash.spinlock # BUG: spinlock lockup suspected in " out &&
	git results parse "$CORPORA/console-logs/lava/kernel-1.txt" >out &&
	grep "^PASS boot$" out &&
	printf "[    1.000000] random: crng init done\n" >quiet.log &&
	test_must_fail git results parse quiet.log 2>err &&
	grep "as console: no kernel boot or crash found" err &&
	test_must_fail git results parse --format=lava "$CORPORA/ltp-kirk/lkp-fs-00-results.json" 2>err &&
	grep "as lava: it is LTP results as reported by kirk (JSON); use --format=ltp" err
'

# ../shared/corpora2: 306 newer real files.  Every one gives a record
# without --format, or a clear refusal; these hold no test result (build
# failures, output that is not TAP, a KCIDB v3 or empty submission, an
# XXE attack, the corpus's own manifest), and only these are refused.
CORPORA2=$SHARED_DIR/corpora2
REFUSED2="jenkins/testXxe-oob.xml kcidb/test_monitor-1-line351.json kcidb/upgrade-V4_0.json
lkp-tests/kselftests/bpf-02 lkp-tests/kselftests/clone3-02 lkp-tests/kselftests/core
lkp-tests/kselftests/exec-02 lkp-tests/kselftests/make-fail lkp-tests/kselftests/memory-hotplug-04
lkp-tests/kselftests/mount-01 lkp-tests/kselftests/mount-02 lkp-tests/kselftests/mount-03
lkp-tests/kselftests/vmalloc-01 lkp-tests/kselftests/x86-01 lkp-tests/kselftests/x86-05
manifest.json tap-xunit/bad/junk.tap tap-xunit/bad/upstream-failure.tap"

# is_refused2 <file>: whether corpora2/<file> is one of those
is_refused2() {
	echo "$REFUSED2" | tr " " "\n" | grep -qx "$1"
}

# check_dir2 <dir>: every file in it, auto only: a record, or a refusal
# for exactly the files listed
check_dir2() {
	failed=0
	for f in $(cd "$CORPORA2" && find "$1" -maxdepth "$2" -type f ! -name "*.md" | sed "s|^\./||" | sort); do
		check_parse auto "$CORPORA2/$f" || failed=1
		if test -s out && is_refused2 "$f"; then
			echo "$f: a record, though it holds no test result"
			failed=1
		elif test -s err && ! is_refused2 "$f"; then
			echo "$f: refused:"
			cat err
			failed=1
		fi
	done
	return $failed
}

test_expect_success 'the second corpora are there' '
	test $(find "$CORPORA2" -type f ! -name "*.md" | wc -l) -ge 306
'

for dir in $(cd "$CORPORA2" && find . -mindepth 1 -maxdepth 1 -type d | sort); do
	dir=${dir#./}
	test_expect_success "corpora2/$dir: a record for every file without --format, or a clear refusal" "
		check_dir2 $dir 100
	"
done

test_expect_success 'files at the top of corpora2, too' '
	check_dir2 . 1
'

test_done
