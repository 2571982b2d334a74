#!/bin/sh
# LAVA: the job logs in ../shared/corpora/lava-tuxrun against the
# results.json tuxrun's own tests expect of them, and the signals of
# console logs, as LAVA itself would record them.
. "$(dirname "$0")/test-lib.sh"

LAVA=$CORPORA/lava-tuxrun

# flatten.py <tuxrun results.json>: "<path> <STATUS>" per result, named
# as we name them (tuxrun already drops the N_ prefixes; downloads are one
# level deeper, by label; other characters are made path-safe).
cat >flatten.py <<'PY'
import json, re, sys
status = {"pass": "PASS", "fail": "FAIL", "skip": "SKIP", "unknown": "DONE"}
def comp(name):
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_") or "unnamed"
def path(*names):
    return ".".join(comp(p) for n in names for p in n.split(".") if p)
for suite, cases in json.load(open(sys.argv[1])).items():
    for case, v in cases.items():
        if "result" in v:
            print(path(suite, case), status[v["result"]])
        else:
            for label, w in v.items():
                print(path(suite, case) + "." + comp(label), status[w["result"]])
PY

cat >ours.py <<'PY'
import json, sys
for t in json.load(sys.stdin)["tests"]:
    print(t["path"], t["status"])
PY

for log in $(cd "$LAVA/logs" && ls *.yaml | grep -v fail-empty); do
	name=${log%.yaml}
	test_expect_success "$name: every result tuxrun expects, no other" "
		python3 flatten.py \"\$LAVA/results/$name.json\" | sort >expect &&
		test -s expect &&
		git results parse --json \"\$LAVA/logs/$log\" >ours.json &&
		python3 ours.py <ours.json | sort >actual &&
		test_cmp expect actual
	"
done

test_expect_success 'the roll-up fails where tuxrun returns 1, passes where it returns 0' '
	for name in canceled-1 fail-1 fail-2 fail-3 fail-4 fail-5 fail-6; do
		git results parse "$LAVA/logs/$name.yaml" >out &&
		grep "^status FAIL$" out || return 1
	done &&
	for name in pass-1 pass-2; do
		git results parse "$LAVA/logs/$name.yaml" >out &&
		grep "^status PASS$" out || return 1
	done
'

test_expect_success 'a failed LAVA action keeps its reason' '
	git results parse "$LAVA/logs/canceled-1.yaml" >out &&
	grep "^FAIL lava.job # The job was canceled$" out
'

# tuxrun reads an empty log as no results ({}); there is nothing to attach.
test_expect_success 'an empty job log is an error' '
	test_must_fail git results parse "$LAVA/logs/fail-empty.yaml" 2>err &&
	grep "^error: .*fail-empty.yaml.* is empty$" err
'

test_expect_success 'a job log whose results entries are not results has no tests' '
	git results parse "$LAVA/squad-example-lava-log.yaml" >out &&
	grep "^counts FAIL=0 ERROR=0 MISS=0 PASS=0 DONE=0 SKIP=0$" out
'

test_expect_success 'console signals: results LAVA refuses are not results' '
	git results parse --format=lava "$CORPORA/console-logs/lava/kernel-lkft.txt" >out &&
	grep "^counts FAIL=2 ERROR=0 MISS=0 PASS=52 DONE=0 SKIP=15$" out &&
	grep "^PASS kselftest-timens.timens.timerfd.clockid_7 # name \"kselftest-timens.timens.timerfd.clockid=7\"$" out &&
	grep "^SKIP kselftest-timens.breakpoints_breakpoint_test_arm64 # name \"kselftest-timens.breakpoints:breakpoint_test_arm64\"$" out &&
	! grep "Passed" out &&
	# 600 test case signals, of which 69 say pass, fail or skip
	test $(grep -c "<LAVA_SIGNAL_TESTCASE" "$CORPORA/console-logs/lava/kernel-lkft.txt") = 600 &&
	test $(grep -c -E "RESULT=(pass|fail|skip|unknown)>" "$CORPORA/console-logs/lava/kernel-lkft.txt") = 69
'

test_expect_success 'a run that never finished is a MISS, from a file or a pipe' '
	git results parse "$CORPORA/console-logs/squad/kfence.log" >out &&
	grep "^MISS ltp-controllers # test run did not finish$" out &&
	git results parse - <"$CORPORA/console-logs/squad/kfence.log" >out &&
	grep "^MISS ltp-controllers # test run did not finish$" out
'

test_expect_success 'signals megabytes into a log are found, from a pipe too' '
	awk "BEGIN { for (i = 0; i < 100000; i++) printf \"[%6d.000000] boot message %d\n\", i, i }" >log &&
	echo "<LAVA_SIGNAL_STARTRUN 0_ltp-smoke 1_1.1.3.1>" >>log &&
	awk "BEGIN { for (i = 0; i < 50000; i++) print \"ltp output\", i }" >>log &&
	cat >>log <<-\EOF &&
	<8>[  400.1] <LAVA_SIGNAL_TESTCASE TEST_CASE_ID=access01 RESULT=pass>
	<8>[  400.2] <LAVA_SIGNAL_TESTCASE TEST_CASE_ID=chdir01 RESULT=fail>
	<LAVA_SIGNAL_ENDRUN 0_ltp-smoke 1_1.1.3.1>
	EOF
	test $(wc -c <log) -gt 3000000 &&
	git results parse log >out &&
	grep "^PASS ltp-smoke.access01$" out &&
	grep "^FAIL ltp-smoke.chdir01$" out &&
	cat log | git results parse - >out2 &&
	test_cmp out out2
'

test_expect_success 'a crashed run deep in a log read from a pipe cannot be told' '
	echo "<LAVA_SIGNAL_STARTRUN 0_ltp-smoke 1_1.1.3.1>" >crashed &&
	awk "BEGIN { for (i = 0; i < 100000; i++) printf \"[%6d.000000] boot message %d\n\", i, i }" >>crashed &&
	git results parse crashed >out &&
	grep "^MISS ltp-smoke # test run did not finish$" out &&
	cat crashed | test_must_fail git results parse - 2>err &&
	grep "^error: cannot tell the format of standard input; name it with --format$" err &&
	cat crashed | git results parse --format=lava - >out2 &&
	test_cmp out out2
'

test_expect_success 'names that had to change keep their original, as LAVA spelt them' '
	cat >names.log <<-\EOF &&
	<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=early(1) RESULT=pass MEASUREMENT=3 UNITS=ms>
	<LAVA_SIGNAL_ENDRUN 0_my.tests 1>
	<LAVA_SIGNAL_STARTRUN 1_smoke 1>
	<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=boot.dmesg[err] RESULT=fail>
	<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=a..b RESULT=pass>
	<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=... RESULT=skip>
	<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=q"x\y RESULT=pass>
	<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=q"x\y RESULT=fail>
	<LAVA_SIGNAL_TESTSET START set(1)>
	<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=in-set RESULT=pass>
	<LAVA_SIGNAL_TESTSET STOP>
	<LAVA_SIGNAL_ENDRUN 1_smoke 1>
	<LAVA_SIGNAL_STARTRUN 2_crash:me 1>
	EOF
	git results parse names.log >out &&
	sed "1,/^\$/d" out >actual &&
	cat >expect <<-\EOF &&
	MISS crash_me # name "crash:me": test run did not finish
	PASS my_tests.early_1 = 3 ms # name "my.tests.early(1)"
	PASS smoke.a.b
	FAIL smoke.boot.dmesg_err # name "smoke.boot.dmesg[err]"
	FAIL smoke.q_x_y # name "smoke.q\"x\\y"
	PASS smoke.q_x_y # name "smoke.q\"x\\y"
	PASS smoke.set_1.in-set # name "smoke.set(1).in-set"
	SKIP smoke.unnamed # name "smoke."
	EOF
	test_cmp expect actual
'

# kernel-lkft.txt holds kselftest's TAP and the LAVA signals a parser made
# of it: for the tests both report, the two readers give the same path
# and keep the same original name, once LAVA's definition is taken off
# the front.  (Their reasons differ: the TAP says more.)
test_expect_success 'the KTAP and LAVA readers of one log agree on the names they share' '
	log=$CORPORA/console-logs/lava/kernel-lkft.txt &&
	git results parse --json --format=ktap "$log" >ktap.json &&
	git results parse --json --format=lava "$log" >lava.json &&
	python3 - <<-\PY
	import json, re
	def names(file, strip):
	    out = {}
	    for t in json.load(open(file))["tests"]:
	        m = re.match(r"name \"((?:[^\"\\\\]|\\\\.)*)\"", t.get("reason", ""))
	        original = m.group(1) if m else None
	        path = t["path"]
	        if strip:
	            path = path.split(".", 1)[1]
	            original = original and original.split(".", 1)[1]
	        out.setdefault(path, set()).add(original)
	    return out
	ktap, lava = names("ktap.json", False), names("lava.json", True)
	both = sorted(set(ktap) & set(lava))
	for path in both:
	    assert ktap[path] == lava[path], (path, ktap[path], lava[path])
	renamed = [p for p in both if None not in lava[p]]
	assert len(both) >= 30 and len(renamed) >= 6, (len(both), len(renamed))
	assert lava["timens.timerfd.clockid_7"] == {"timens.timerfd.clockid=7"}
	PY
'

test_done
