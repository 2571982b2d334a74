#!/bin/sh
# diff and summary on measurements: a planted throughput drop is a metric
# regression with its percentage, a metric whose runs spread is noisy,
# medians of repeated runs, directions and thresholds from the unit and
# from git config.
. "$(dirname "$0")/test-lib.sh"

# run <commit> <run> <throughput> <latency> <jitter> <boot>: one LAVA run
# of netperf on x86_64, added to <commit>.
run() {
	printf "%s\n" "<LAVA_SIGNAL_STARTRUN 1_netperf 1>" \
		"<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=throughput RESULT=pass MEASUREMENT=$3 UNITS=Mbit/s>" \
		"<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=latency RESULT=pass MEASUREMENT=$4 UNITS=ms>" \
		"<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=jitter RESULT=pass MEASUREMENT=$5 UNITS=ms>" \
		"<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=boot RESULT=pass MEASUREMENT=$6 UNITS=s>" \
		"<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=score RESULT=pass MEASUREMENT=$7>" \
		"<LAVA_SIGNAL_ENDRUN 1_netperf 1>" >in.log &&
	git results add -q --origin lab --run "$2" --env arch=x86_64 \
		--date 2026-11-25T10:00:00Z "$1" in.log
}

test_expect_success 'setup: three runs on each of two commits' '
	git init -q repo &&
	cd repo &&
	test_commit c1 &&
	test_commit c2 &&
	# throughput: median 1000 -> 820 (-18%); latency 2% worse, within 5%;
	# jitter spreads 80% on c1; boot 20 -> 15 s; score has no unit
	run c1 a 1000 10 5 20 100 &&
	run c1 b 1010 10 8 20 100 &&
	run c1 c 990 10 4 20.1 100 &&
	run c2 a 820 10.2 5.1 15 150 &&
	run c2 b 822 10.2 5 15 150 &&
	run c2 c 818 10.2 5.05 15 150 &&
	git results show --to record c2 >records &&
	grep -c "^results 2$" records >count &&
	echo 3 >expect &&
	test_cmp expect count
'

test_expect_success 'diff: the drop as a metric regression with its percentage, the noisy one as noisy' '
	(cd repo && git results diff c1 c2 >../out) &&
	sed -n "/^Metric/,\$p" out >actual &&
	cat >expect <<-\EOF &&
	Metric regressions (1):
	    lab  arch=x86_64
	        netperf.throughput: 1000 -> 820 Mbit/s (-18.0%)

	Metric improvements (1):
	    lab  arch=x86_64
	        netperf.boot: 20 -> 15 s (-25.0%)

	Noisy metrics (1):
	    lab  arch=x86_64
	        netperf.jitter: 5 -> 5.05 ms (+1.0%; old runs spread 80.0% over 3 runs)

	Changed metrics (1):
	    lab  arch=x86_64
	        netperf.score: 100 -> 150 (+50.0%)

	1 metric regression, 1 metric improvement, 1 noisy metric, 1 changed metric
	EOF
	test_cmp expect actual
'


test_expect_success 'diff --baseline=last-recorded compares the measurements of the ancestor it picked' '
	(cd repo && git -c results.unstableWindow=0 results diff --baseline=last-recorded c2 >../out-base) &&
	sed -n "/^Metric/,\$p" out-base >actual-base &&
	sed -n "/^Metric/,\$p" out >expect-base &&
	test_cmp expect-base actual-base
'
test_expect_success 'diff --exit-code fails on a metric regression' '
	(cd repo && test_expect_code 1 git results diff --exit-code c1 c2 >/dev/null) &&
	(cd repo && git results diff --exit-code c1 c1 >../same) &&
	! grep "^Metric regressions" same &&
	grep "netperf.jitter: 5 -> 5 ms (+0.0%; old runs spread 80.0% over 3 runs; new runs spread 80.0% over 3 runs)" same
'

test_expect_success 'diff --json: old and new medians, the change, threshold and direction' '
	(cd repo && git results diff --json c1 c2 >../out.json) &&
	python3 - out.json <<-\EOF
	import json, sys
	d = json.load(open(sys.argv[1]))
	[r] = d["metric_regressions"]
	assert r["path"] == "netperf.throughput", r
	assert (r["old"], r["new"], r["unit"]) == (1000, 820, "Mbit/s"), r
	assert round(r["change_percent"], 6) == -18.0, r
	assert (r["threshold_percent"], r["better"]) == (5, "higher"), r
	assert (r["old_runs"], r["new_runs"]) == (3, 3), r
	assert (r["origin"], r["env"]) == ("lab", {"arch": "x86_64"}), r
	[n] = d["noisy_metrics"]
	assert n["path"] == "netperf.jitter" and round(n["old_spread_percent"], 6) == 80, n
	assert [m["path"] for m in d["metric_improvements"]] == ["netperf.boot"], d
	assert [m["path"] for m in d["changed_metrics"]] == ["netperf.score"], d
	EOF
'

test_expect_success 'summary: the metric changes since the previous release, in every format' '
	(
		cd repo &&
		git results summary c1..c2 >../summary.txt &&
		git results summary --format markdown c1..c2 >../summary.md &&
		git results summary --format html c1..c2 >../summary.html &&
		git results summary --json c1..c2 >../summary.json
	) &&
	sed -n "/^Metric regressions/,/^\$/p" summary.txt >actual &&
	cat >expect <<-\EOF &&
	Metric regressions (1):
	    lab  arch=x86_64
	        netperf.throughput: 1000 -> 820 Mbit/s (-18.0%)

	EOF
	test_cmp expect actual &&
	grep "^1 metric regression, 1 metric improvement, 1 noisy metric, 1 changed metric$" summary.txt &&
	grep "^### Metric regressions$" summary.md &&
	grep -F -x -e "- \`lab arch=x86_64\`: netperf\.throughput\: 1000 \-\> 820 Mbit\/s \(\-18\.0\%\)" summary.md &&
	grep "<h3>Noisy metrics</h3>" summary.html &&
	grep -F -x "<li><code>lab arch=x86_64</code>: netperf.jitter: 5 -&gt; 5.05 ms (+1.0%; old runs spread 80.0% over 3 runs)</li>" summary.html &&
	python3 - summary.json <<-\EOF
	import json, sys
	d = json.load(open(sys.argv[1]))["metric_changes"]
	[r] = d["metric_regressions"]
	assert r["path"] == "netperf.throughput" and round(r["change_percent"], 6) == -18.0, r
	assert [n["path"] for n in d["noisy_metrics"]] == ["netperf.jitter"], d
	EOF
'

test_expect_success 'results.metricThreshold and per-path threshold and direction' '
	(
		cd repo &&
		git config results.metricThreshold 20% &&
		git results diff c1 c2 >../out20 &&
		git config results.metric.netperf.latency.threshold 1 &&
		git config "results.metric.*.score.better" lower &&
		git results diff c1 c2 >../out-rules
	) &&
	! grep "Metric regressions" out20 &&
	grep "netperf.jitter" out20 &&
	sed -n "/^Metric regressions/,/^\$/p" out-rules >actual &&
	cat >expect <<-\EOF &&
	Metric regressions (2):
	    lab  arch=x86_64
	        netperf.latency: 10 -> 10.2 ms (+2.0%)
	        netperf.score: 100 -> 150 (+50.0%)

	EOF
	test_cmp expect actual
'

test_expect_success 'a bad threshold or direction is an error' '
	(
		cd repo &&
		test_must_fail git -c results.metricThreshold=lots results diff c1 c2 2>../err1 &&
		git config results.metric.x.better sideways &&
		test_must_fail git results diff c1 c2 2>../err2 &&
		git config --unset results.metric.x.better
	) &&
	grep "bad results.metricThreshold value .lots." err1 &&
	grep "bad results.metric.x.better value .sideways." err2
'

test_expect_success 'git -c overrides thresholds and directions, global and per path' '
	(
		cd repo &&
		# the configuration has results.metricThreshold 20%
		git -c results.metricThreshold=5 results diff c1 c2 >../out-c5 &&
		git -c results.metric.netperf.throughput.threshold=25 \
			-c results.metricThreshold=5 results diff c1 c2 >../out-c25 &&
		git -c results.metric.netperf.boot.better=higher results diff c1 c2 >../out-boot
	) &&
	sed -n "/^Metric regressions/,/^\$/p" out-c5 >actual &&
	grep "^        netperf.throughput: 1000 -> 820 Mbit/s (-18.0%)$" actual &&
	! grep "netperf.throughput" out-c25 &&
	grep "netperf.boot" out-c5 &&
	sed -n "/^Metric regressions/,/^\$/p" out-boot >actual &&
	grep "^        netperf.boot: 20 -> 15 s (-25.0%)$" actual &&
	(
		cd repo &&
		GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=results.metric.netperf.boot.better \
			GIT_CONFIG_VALUE_0=higher git results diff c1 c2 >../out-env &&
		test_must_fail git -c results.metric.netperf.boot.better=sideways \
			results diff c1 c2 2>../err
	) &&
	test_cmp out-boot out-env &&
	grep "^error: bad results.metric.netperf.boot.better value .sideways.: expected .higher. or .lower.$" err
'

test_expect_success 'a run in conflict counts once, not once per record' '
	git clone -q repo other &&
	(
		cd other &&
		run c2 a 821 10.2 5.1 15 150
	) &&
	(
		cd repo &&
		git fetch -q ../other refs/notes/results:refs/notes/other &&
		git results merge refs/notes/other 2>../merge.err &&
		git results conflicts c2 >../conflicts &&
		git -c results.metricThreshold=5 results diff --json c1 c2 >../conflict.json
	) &&
	grep "lab a: 2 records" conflicts &&
	python3 - conflict.json <<-\EOF
	import json, sys
	d = json.load(open(sys.argv[1]))
	[r] = [m for m in d["metric_regressions"] if m["path"] == "netperf.throughput"]
	# run a is 820 and 821 in its two records: one run of 820.5
	assert (r["new"], r["new_runs"]) == (820.5, 3), r
	EOF
'

test_done
