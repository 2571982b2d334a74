#!/bin/sh
# A generated history of measurements: 30 commits, three runs of netperf
# on each, an 18% throughput drop planted at C23, a jitter whose runs
# always spread, two commits without results before the drop.  diff
# reports the drop as a metric regression with its percentage and the
# jitter as noisy; log --test shows each commit's change; bisect --metric
# finds the last commit within the threshold and the first beyond it.
. "$(dirname "$0")/test-lib.sh"

# run <commit> <run> <throughput> <jitter>: one LAVA run of netperf
run() {
	printf "%s\n" "<LAVA_SIGNAL_STARTRUN 1_netperf 1>" \
		"<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=throughput RESULT=pass MEASUREMENT=$3 UNITS=Mbit/s>" \
		"<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=latency RESULT=pass MEASUREMENT=10 UNITS=ms>" \
		"<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=jitter RESULT=pass MEASUREMENT=$4 UNITS=ms>" \
		"<LAVA_SIGNAL_ENDRUN 1_netperf 1>" >in.log &&
	git results add -q --origin lab --run "$2" --env arch=x86_64 \
		--date 2026-11-25T10:00:00Z "$1" in.log
}

test_expect_success 'setup: 30 commits, the throughput drops 18% at C23' '
	git init -q repo &&
	cd repo &&
	for i in $(seq 1 30)
	do
		test_commit C$i || return 1
		case $i in 21|22) continue ;; esac
		# medians move within 1% before the drop and after it
		if test $i -lt 23
		then
			set -- 1000 1004 998
		else
			set -- 822 820 819
		fi &&
		case $((i % 3)) in
		1) tp=$1 ;;
		2) tp=$3 ;;
		0) tp=$2 ;;
		esac &&
		run C$i a$i $((tp - 5)) 2 &&
		run C$i b$i $tp 5 &&
		run C$i c$i $((tp + 5)) 9 || return 1
	done &&
	git results show --to record C23 >records &&
	grep -c "^PASS netperf.throughput = 81[49] Mbit/s$" records >count &&
	echo 2 >expect &&
	test_cmp expect count
'

test_expect_success 'diff over the history: the drop with its percentage, the jitter as noisy' '
	(cd repo && git results diff C1 C30 >../out) &&
	sed -n "/^Metric/,\$p" out >actual &&
	cat >expect <<-\EOF &&
	Metric regressions (1):
	    lab  arch=x86_64
	        netperf.throughput: 1000 -> 820 Mbit/s (-18.0%)

	Noisy metrics (1):
	    lab  arch=x86_64
	        netperf.jitter: 5 -> 5 ms (+0.0%; old runs spread 140.0% over 3 runs; new runs spread 140.0% over 3 runs)

	1 metric regression, 1 noisy metric
	EOF
	test_cmp expect actual
'

test_expect_success 'bisect --metric: the last commit within the threshold, the first beyond it' '
	cd repo &&
	git results bisect --metric netperf.throughput >out &&
	cat >expect <<-EOF &&
	netperf.throughput  lab arch=x86_64
	last within:  998 Mbit/s  $(git rev-parse --short=12 C20) C20
	first beyond: 819 Mbit/s (-18.1% from 1000 Mbit/s, threshold 5%)  $(git rev-parse --short=12 C23) C23
	not measured between them: 2 commits
	    $(git rev-parse --short=12 C22) C22
	    $(git rev-parse --short=12 C21) C21
	#regzbot introduced: $(git rev-parse --short=12 C20)..$(git rev-parse --short=12 C23)
	EOF
	test_cmp expect out
'

test_expect_success 'bisect --metric --regzbot: the title line names the measurement and where' '
	cd repo &&
	git results bisect --metric --regzbot netperf.throughput >out &&
	tail -n 2 out >actual &&
	cat >expect <<-EOF &&
	#regzbot introduced: $(git rev-parse --short=12 C20)..$(git rev-parse --short=12 C23)
	#regzbot title: netperf.throughput -18.1% regression on lab arch=x86_64
	EOF
	test_cmp expect actual
'

test_expect_success 'bisect --metric from a good commit, and to a bad one right after the drop' '
	cd repo &&
	git results bisect --metric netperf.throughput C10 C24 >out &&
	grep "^last within:  998 Mbit/s  $(git rev-parse --short=12 C20) C20$" out &&
	grep "^first beyond: 819 Mbit/s (-18.1% from 1000 Mbit/s, threshold 5%)  $(git rev-parse --short=12 C23) C23$" out &&
	test_expect_code 1 git results bisect --metric netperf.throughput C23 C30 2>err &&
	grep "^error: .netperf.throughput. is within its threshold in its latest result in the history of C30: nothing to bisect$" err
'

test_expect_success 'diff --regzbot --baseline: no metric lines, and a warning says so' '
	cd repo &&
	git results diff --regzbot --baseline=last-recorded C23 >out 2>err &&
	! grep "regression on" out &&
	grep "^warning: no regzbot lines for metric regressions with --baseline" err
'

test_expect_success 'diff --regzbot: the range bisect --metric finds, the percentage in the title' '
	cd repo &&
	git results diff --regzbot C1 C30 >out &&
	tail -n 2 out >actual &&
	cat >expect <<-EOF &&
	#regzbot introduced: $(git rev-parse --short=12 C20)..$(git rev-parse --short=12 C23)
	#regzbot title: netperf.throughput -18.0% regression on lab arch=x86_64
	EOF
	test_cmp expect actual &&
	git results diff --regzbot C23 C24 >out &&
	! grep "#regzbot" out
'

test_expect_success 'bisect --metric: a noisy metric is no regression, nor one within its threshold' '
	cd repo &&
	test_expect_code 1 git results bisect --metric netperf.jitter 2>err &&
	grep "^error: .netperf.jitter. is noisy on every commit compared with $(git rev-parse --short=12 C1): nothing to bisect$" err &&
	test_expect_code 1 git results bisect --metric netperf.latency 2>err &&
	grep "within its threshold in its latest result" err &&
	test_expect_code 1 git -c results.metric.netperf.throughput.threshold=20 \
		results bisect --metric netperf.throughput 2>err &&
	grep "within its threshold in its latest result" err &&
	test_expect_code 1 git results bisect --metric --origin ci netperf.throughput 2>err &&
	grep "^error: no measurement of .netperf.throughput. to compare in the history of HEAD$" err
'

test_expect_success 'log --test: each commit'"'"'s measurement against the next older one listed' '
	cd repo &&
	git results log --test netperf.throughput C19..C24 >out &&
	cat >expect <<-EOF &&
	$(git rev-parse --short=12 C24) C24
	    PASS  netperf.throughput  lab arch=x86_64
	    metric within      netperf.throughput: 819 -> 820 Mbit/s (+0.1%)  lab arch=x86_64
	$(git rev-parse --short=12 C23) C23
	    PASS  netperf.throughput  lab arch=x86_64
	    metric regression  netperf.throughput: 998 -> 819 Mbit/s (-17.9%)  lab arch=x86_64
	$(git rev-parse --short=12 C20) C20
	    PASS  netperf.throughput  lab arch=x86_64

	History, oldest to newest (F fail, E error, M miss, P pass, D done, S skip, . no result):
	    lab arch=x86_64  PPP  netperf.throughput
	EOF
	test_cmp expect out &&
	git results log --test "netperf.j*" C22..C24 >out &&
	grep "^    metric noisy       netperf.jitter: 5 -> 5 ms (+0.0%; old runs spread 140.0% over 3 runs; new runs spread 140.0% over 3 runs)  lab arch=x86_64$" out &&
	! grep "throughput" out
'

test_expect_success 'log --test --json: the changes under each commit' '
	cd repo &&
	git results log --json --test netperf C19..C23 >out.json &&
	python3 - out.json <<-\EOF
	import json, sys
	d = json.load(open(sys.argv[1]))
	c, old = d["commits"]
	assert c["subject"] == "C23" and "metrics" not in old, d
	m = {x["test"]: x for x in c["metrics"]}
	assert sorted(m) == ["netperf.jitter", "netperf.latency", "netperf.throughput"], m
	t = m["netperf.throughput"]
	assert (t["verdict"], t["old"], t["new"], t["unit"]) == ("regression", 998, 819, "Mbit/s"), t
	assert round(t["change_percent"], 6) == round((819 - 998) / 998 * 100, 6), t
	assert (t["origin"], t["env"], t["threshold_percent"]) == ("lab", {"arch": "x86_64"}, 5), t
	assert m["netperf.jitter"]["verdict"] == "noisy", m
	assert m["netperf.latency"]["verdict"] == "within", m
	EOF
'

test_expect_success 'bisect --metric --start begins git bisect on the range found' '
	cd repo &&
	git results bisect --metric --start netperf.throughput >out &&
	git bisect log >log &&
	grep "^# bad: \[$(git rev-parse C23)\] C23$" log &&
	grep "^# good: \[$(git rev-parse C20)\] C20$" log &&
	git bisect reset >/dev/null 2>&1
'

test_done
