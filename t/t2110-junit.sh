#!/bin/sh
# JUnit XML: agreement with the peer (EnricoMi's publish-unit-test-result
# action) whose .results.json sit beside the corpus files, entity attacks
# from the command line, and JUnit results attached to a commit.
. "$(dirname "$0")/test-lib.sh"

JUNIT=$CORPORA/junit

# compare.py <peer .results.json> <our --json>: the peer counts every
# <testcase> as a run; so do we (one test line per testcase element).
cat >compare.py <<'EOF'
import json, sys
peer = json.load(open(sys.argv[1]))["stats"]
ours = json.load(open(sys.argv[2]))["counts"]
want = {"PASS": peer["runs_succ"], "SKIP": peer["runs_skip"],
        "FAIL": peer["runs_fail"], "ERROR": peer["runs_error"]}
for k, v in json.loads(sys.argv[3]).items():
    want[k] = v
got = {k: ours[k] for k in want}
if got != want or ours["MISS"] or ours["DONE"]:
    print("%s: peer %s, ours %s" % (sys.argv[1], want, ours))
    sys.exit(1)
EOF

# Where we differ from the peer, on purpose.  The counts given replace
# the peer's.
difference() {
	case $1 in
	# One testcase holds <skipped>, <failure> and <error>.  The peer counts
	# three runs (and a negative success count, runs_succ = -2) and ranks
	# error above failure; we record one test with KCIDB's priority, where
	# FAIL outranks ERROR.
	enricomi/junit.multiresult.results.json)
		echo '{"PASS": 1, "SKIP": 1, "FAIL": 2, "ERROR": 0}' ;;
	# A suite with tests="6" failures="1" skipped="2" and no <testcase>:
	# the peer makes up six runs from the counters; we record only tests
	# that have a name, so none.
	enricomi/no-cases-but-tests.results.json)
		echo '{"PASS": 0, "SKIP": 0, "FAIL": 0}' ;;
	# tst's status="disabled" test cases: the peer counts them as skipped
	# tests (tests_skip = 5) but successful runs; we say SKIP, as its
	# tests_* counts do.
	enricomi/tst/disabled.results.json)
		echo '{"PASS": 6, "SKIP": 5}' ;;
	*)
		echo '{}' ;;
	esac
}

test_expect_success 'the counts agree with the peer on every file it has results for' '
	failed=0 &&
	for r in $(cd "$JUNIT" && find . -name "*.results.json" | sed "s|^\./||" | sort); do
		xml=$JUNIT/${r%.results.json}.xml
		test -f "$JUNIT/${r%.results.json}.exception" && continue
		git results parse --json "$xml" >ours.json &&
		python3 compare.py "$JUNIT/$r" ours.json "$(difference "$r")" || failed=1
	done &&
	test $failed = 0
'

test_expect_success 'where the peer raised an exception, we give an error' '
	for e in $(cd "$JUNIT" && find . -name "*.exception" | sed "s|^\./||"); do
		test_must_fail git results parse "$JUNIT/${e%.exception}.xml" 2>err &&
		grep "^error: cannot parse .* as junit: " err || return 1
	done
'

test_expect_success 'the peer names the tests as we do, but for the characters paths cannot hold' '
	git results parse --json "$JUNIT/enricomi/testsuite-in-testsuite.xml" >parsed.json &&
	python3 -c "import json, sys; print(\"\n\".join(t[\"path\"] for t in json.load(sys.stdin)[\"tests\"]))" <parsed.json >actual &&
	cat >expect <<-\EOF &&
	Project_Test_Suite.TestSuite1.someName.TestCase1
	Project_Test_Suite.TestSuite1.someName.TestCase2
	Project_Test_Suite.TestSuite2.1.someName.TestCase3
	Project_Test_Suite.TestSuite2.someName.TestCase4
	Project_Test_Suite.someName.TestCase5
	EOF
	test_cmp expect actual
'

# names.py <peer .results.json> <our --json>: every test name the peer
# lists ("class - name") ends the path or the original name we kept.
cat >names.py <<'EOF'
import json, re, sys
peer = json.load(open(sys.argv[1]))
names = [line.split(" \u2011 ", 1)[-1]
         for a in peer.get("annotations", []) if "found" in a.get("title", "")
         for line in a.get("raw_details", "").split("\n") if line]
# the peer writes characters beyond the BMP as Python escapes
names = [re.sub(r"\\U([0-9a-f]{8})", lambda m: chr(int(m.group(1), 16)), n) for n in names]
ours = []
for t in json.load(open(sys.argv[2]))["tests"]:
    m = re.match(r'name "((?:[^"\\]|\\.)*)"', t.get("reason", ""))
    ours.append(re.sub(r"\\(.)", r"\1", m.group(1)) if m else t["path"])
lost = [n for n in names if not any(o == n or o.endswith("." + n) for o in ours)]
if lost:
    print("%s: names lost: %s" % (sys.argv[1], lost))
    sys.exit(1)
print(len(names))
EOF

test_expect_success 'every test name the peer lists is kept, in the path or as the original name' '
	total=0 &&
	for r in $(cd "$JUNIT" && find . -name "*.results.json" | sed "s|^\./||" | sort); do
		test -f "$JUNIT/${r%.results.json}.xml" || continue
		git results parse --json "$JUNIT/${r%.results.json}.xml" >ours.json 2>/dev/null || continue
		n=$(python3 names.py "$JUNIT/$r" ours.json) || return 1
		total=$((total + n))
	done &&
	echo "# $total names" &&
	test "$total" -gt 500
'

test_expect_success 'names that had to change keep their original, as the document spells them' '
	cat >names.xml <<-\EOF &&
	<?xml version="1.0" encoding="UTF-8"?>
	<testsuites name="not used">
	  <testsuite name="tests.unit">
	    <testcase classname="tests.unit.test_x" name="test_plain"/>
	    <testcase classname="tests.unit.test_x" name="test_param[1.5-a b]"><failure message="boom"/></testcase>
	    <testcase classname="tests.unit.Test Class" name="quote &quot;q&quot; back\slash"/>
	    <testcase classname="tests.unit.test_x" name=""/>
	    <testcase classname="tests.unit.test_x" name="twice (rerun)"><failure message="first"/></testcase>
	    <testcase classname="tests.unit.test_x" name="twice (rerun)"/>
	  </testsuite>
	  <testsuite name="My Suite (linux)">
	    <testcase classname="My Suite (linux)" name="ok_name"/>
	    <error message="teardown failed"/>
	  </testsuite>
	</testsuites>
	EOF
	git results parse names.xml >out &&
	sed "1,/^\$/d" out >actual &&
	cat >expect <<-\EOF &&
	ERROR My_Suite_linux # name "My Suite (linux)": teardown failed
	PASS My_Suite_linux.ok_name # name "My Suite (linux).ok_name"
	PASS tests.unit.Test_Class.quote_q_back_slash # name "tests.unit.Test Class.quote \"q\" back\\slash"
	FAIL tests.unit.test_x.test_param_1_5-a_b # name "tests.unit.test_x.test_param[1.5-a b]": boom
	PASS tests.unit.test_x.test_plain
	FAIL tests.unit.test_x.twice_rerun # name "tests.unit.test_x.twice (rerun)": first
	PASS tests.unit.test_x.twice_rerun # name "tests.unit.test_x.twice (rerun)"
	PASS tests.unit.test_x.unnamed # name "tests.unit.test_x."
	EOF
	test_cmp expect actual
'

test_expect_success 'Surefire: a flaky test passed, a rerun test failed' '
	git results parse "$JUNIT/mikepenz/maven_surefire_flaky/surefire-report.xml" >out &&
	grep "^PASS io.sodadata.dependson.soda.integrations.msteams.MicrosoftTeamsCrudTest.createWebhook # flaky: Expected: <false> but: was <true>$" out &&
	git results parse "$JUNIT/jenkins/gh-237/TEST-io.olamy.AlwaysFailTest.xml" >out &&
	grep "^FAIL io.olamy.AlwaysFailTest.testApp # built to fail$" out &&
	grep "^counts FAIL=1 ERROR=0 MISS=0 PASS=0 DONE=0 SKIP=0$" out
'

# An external entity pointing at a FIFO: opening it would block for ever,
# so the parse finishing at all shows nothing tried to read it.
test_expect_success 'external entities are never read' '
	mkfifo secret &&
	cat >xxe.xml <<-EOF &&
	<?xml version="1.0"?>
	<!DOCTYPE testsuites [<!ENTITY xxe SYSTEM "file://$PWD/secret">]>
	<testsuites><testsuite name="s"><testcase name="&xxe;"/></testsuite></testsuites>
	EOF
	test_expect_code 1 timeout 20 git results parse xxe.xml 2>err &&
	echo "error: cannot parse '\''xxe.xml'\'' as junit: the document declares the entity '\''xxe'\''; entity declarations are refused" >expect &&
	test_cmp expect err &&
	cat >param.xml <<-EOF &&
	<!DOCTYPE testsuite [<!ENTITY % p SYSTEM "file://$PWD/secret"> %p;]>
	<testsuite name="s"/>
	EOF
	test_expect_code 1 timeout 20 git results parse --format=junit param.xml 2>err &&
	grep "declares the entity '\''p'\''" err &&
	cat >dtd.xml <<-EOF &&
	<!DOCTYPE testsuite SYSTEM "file://$PWD/secret">
	<testsuite name="s"><testcase name="a"/></testsuite>
	EOF
	timeout 20 git results parse dtd.xml >out &&
	grep "^PASS s.a$" out
'

test_expect_success 'entity expansion bombs are refused before they start' '
	{
		echo "<?xml version=\"1.0\"?>" &&
		echo "<!DOCTYPE testsuite [<!ENTITY a \"aaaaaaaaaa\">" &&
		for n in b c d e f g h i j; do
			prev=$(printf "%s" abcdefghij | sed "s/.*\(.\)$n.*/\1/") &&
			printf "<!ENTITY %s \"%s\">\n" $n "$(printf "&$prev;%.0s" 1 2 3 4 5 6 7 8 9 10)" ||
			return 1
		done &&
		echo "]><testsuite name=\"s\"><testcase name=\"&j;\"/></testsuite>"
	} >bomb.xml &&
	test_expect_code 1 timeout 20 git results parse bomb.xml 2>err &&
	grep "declares the entity '\''a'\''" err
'

test_expect_success 'a huge captured output is read in constant memory' '
	{
		echo "<testsuites><testsuite name=\"big\"><testcase name=\"a\"><failure message=\"boom\">" &&
		awk "BEGIN { for (i = 0; i < 400000; i++) print \"at frame\", i, \"of a very long &amp; useless stack trace\" }" &&
		echo "</failure><system-out><![CDATA[" &&
		awk "BEGIN { for (i = 0; i < 400000; i++) print \"log line\", i, \"<with> markup that is not markup\" }" &&
		echo "]]></system-out></testcase><testcase name=\"b\"/></testsuite></testsuites>"
	} >big.xml &&
	test $(wc -c <big.xml) -gt 30000000 &&
	/usr/bin/time -f %M -o rss git results parse big.xml >out &&
	grep "^FAIL big.a # boom$" out &&
	grep "^PASS big.b$" out &&
	if grep -q fsanitize "$SRC_DIR/GIT-CFLAGS"; then
		say "peak RSS $(cat rss) kB (sanitizer build: not checked)"
	else
		test $(cat rss) -lt 16384
	fi
'

test_expect_success 'JUnit results attached to a commit' '
	git init -q repo &&
	(
		cd repo &&
		test_commit one &&
		git results add --origin ci --run junit-1 HEAD "$JUNIT/dorny/python-xunit-unittest.xml" &&
		git results show >out &&
		grep "^status FAIL: 8 tests, 1 FAIL, 1 ERROR, 4 PASS, 2 SKIP$" out &&
		git notes --ref=results show HEAD >note &&
		grep "^ERROR " note &&
		git results show --json >show.json &&
		python3 -c "import json, sys; d = json.load(sys.stdin); print(d[0][\"counts\"][\"FAIL\"])" <show.json >fails &&
		echo 1 >expect &&
		test_cmp expect fails
	)
'

test_expect_success 'a broken JUnit file leaves the notes as they were' '
	(
		cd repo &&
		before=$(git rev-parse refs/notes/results) &&
		test_expect_code 1 git results add --origin ci --run broken HEAD \
			"$JUNIT/enricomi/pytest/corrupt-xml.xml" 2>err &&
		grep "^error: cannot parse .*corrupt-xml.xml.* as junit: line 11, column 22: no element found$" err &&
		test "$(git rev-parse refs/notes/results)" = "$before" &&
		test_expect_code 1 git results add --origin ci --run xxe HEAD \
			"$JUNIT/jenkins/testXxe-xxe.xml" &&
		test "$(git rev-parse refs/notes/results)" = "$before"
	)
'

test_done
