#!/bin/sh
# git results report: the metric changes of each release on its page, from
# the summary's own comparison: a planted 18% throughput drop as a metric
# regression with the numbers of summary --json, a noisy metric as noisy,
# per-path thresholds, hostile units escaped, and the same bytes twice.
. "$(dirname "$0")/test-lib.sh"

HOSTILE_ENV='<script>alert(1)</script>&"'\''x'
HOSTILE_UNIT='pts&"'\''<x'

# run <commit> <run> <throughput> <latency> <jitter> <boot> <score>: one
# LAVA run of netperf, added to <commit>
run() {
	printf "%s\n" "<LAVA_SIGNAL_STARTRUN 1_netperf 1>" \
		"<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=throughput RESULT=pass MEASUREMENT=$3 UNITS=Mbit/s>" \
		"<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=latency RESULT=pass MEASUREMENT=$4 UNITS=ms>" \
		"<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=jitter RESULT=pass MEASUREMENT=$5 UNITS=ms>" \
		"<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=boot RESULT=pass MEASUREMENT=$6 UNITS=s>" \
		"<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=score RESULT=pass MEASUREMENT=$7 UNITS=$HOSTILE_UNIT>" \
		"<LAVA_SIGNAL_ENDRUN 1_netperf 1>" >../in.log &&
	git results add -q --origin lab --run "$2" --env arch=x86_64 --env "device=$HOSTILE_ENV" \
		--date 2026-11-25T10:00:00Z "$1" ../in.log
}

test_expect_success 'setup: three releases, three runs on each' '
	git init -q repo &&
	cd repo &&
	for i in 1 2 3 4 5 6; do
		echo $i >file &&
		git add file &&
		GIT_COMMITTER_DATE="$((1700000000 + i * 60)) +0000" git commit -q -m "commit $i" || return 1
	done &&
	git tag v1 HEAD~4 &&
	git tag v2 HEAD~2 &&
	git tag v3 HEAD &&
	# v1 -> v2: throughput 1000 -> 820 (-18%), boot 20 -> 15 s (better),
	# jitter spreads 80% on v2, latency 2% worse (within 5%), score the same
	run v1 a 1000 10 5 20 100 &&
	run v1 b 1010 10 5.1 20 100 &&
	run v1 c 990 10 4.9 20.1 100 &&
	run v2 a 820 10.2 5 15 100 &&
	run v2 b 822 10.2 8 15 100 &&
	run v2 c 818 10.2 4 15 100 &&
	# v2 -> v3: score 100 -> 150 in a unit without a direction
	run v3 a 820 10.2 5 15 150 &&
	run v3 b 820 10.2 5 15 150 &&
	run v3 c 820 10.2 5 15 150 &&
	# and one run on a commit between releases, which no release compares
	run HEAD~3 a 1 1 1 1 1 &&
	# v4: results, but no measurement to compare
	echo 7 >file &&
	git commit -q -a -m "commit 7" &&
	git tag v4 &&
	printf "TAP version 13\n1..1\nok 1 netperf\n" >../run.tap &&
	git results add -q --origin ci v4 ../run.tap &&
	git results report -o ../out 2>err &&
	test_must_be_empty err &&
	for f in ../out/index.html ../out/release/*.html; do
		xmllint --noout "$f" || return 1
	done
'

# metric_rows <page> <verdict key>: a line per change listed under the
# heading <verdict key>, its cells separated by "|"
metric_rows() {
	xmllint --xpath "//table[preceding-sibling::h2[1][@id=\"$2\"]]/tbody/tr" "$1" >rows.xml &&
	sed -e "s,</td><td[^>]*>,|,g" -e "s/<[^>]*>//g" -e "s/&lt;/</g" -e "s/&gt;/>/g" \
		-e "s/&quot;/\"/g" -e "s/&#39;/'\''/g" -e "s/&amp;/\\&/g" rows.xml |
	sed -e "/^\$/d"
}

# json_rows <summary.json> <verdict key>: the same lines from summary --json
json_rows() {
	jq -r ".metric_changes.$2[] | [\"\(.origin) arch=\(.env.arch) device=\(.env.device)\",
		.path, (.old | tostring), (.new | tostring), .unit,
		.change_percent, (.threshold_percent | tostring), .better,
		\"\(.old_runs) -> \(.new_runs)\", .old_spread_percent, .new_spread_percent] |
		map(tostring) | join(\"|\")" "$1" >json.rows &&
	while IFS="|" read -r env path old new unit change threshold better runs os ns; do
		spread= &&
		if test "$2" = noisy_metrics; then
			if awk -v a="$os" -v b="$threshold" "BEGIN { exit !(a > b) }"; then
				spread=$(printf "old runs spread %.1f%% over %s runs" "$os" "${runs%% -> *}")
			fi &&
			if awk -v a="$ns" -v b="$threshold" "BEGIN { exit !(a > b) }"; then
				spread="${spread:+$spread; }$(printf "new runs spread %.1f%% over %s runs" "$ns" "${runs##* -> }")"
			fi
		fi &&
		printf "%s|%s|%s|%s|%s|%+.1f%%|%s%%|%s|%s|%s\n" "$env" "$path" "$old" "$new" \
			"$unit" "$change" "$threshold" "$better" "$runs" "$spread" || return 1
	done <json.rows
}

test_expect_success 'the planted drop is a metric regression with summary --json numbers' '
	git -C repo results summary --json v2 >v2.json &&
	json_rows v2.json metric_regressions >expect &&
	metric_rows out/release/v2.html metric_regressions >actual &&
	test_cmp expect actual &&
	cat >expect <<-EOF &&
	lab arch=x86_64 device=$HOSTILE_ENV|netperf.throughput|1000|820|Mbit/s|-18.0%|5%|higher|3 -> 3|
	EOF
	test_cmp expect actual &&
	grep "<h2 id=\"metric_regressions\">Metric regressions (1)</h2>" out/release/v2.html
'

test_expect_success 'the noisy metric is noisy, the better one an improvement, as summary says' '
	json_rows v2.json noisy_metrics >expect &&
	metric_rows out/release/v2.html noisy_metrics >actual &&
	test_cmp expect actual &&
	grep "|netperf.jitter|5|5|ms|+0.0%|5%|lower|3 -> 3|new runs spread 80.0% over 3 runs\$" actual &&
	json_rows v2.json metric_improvements >expect &&
	metric_rows out/release/v2.html metric_improvements >actual &&
	test_cmp expect actual &&
	grep "|netperf.boot|20|15|s|-25.0%|5%|lower|" actual &&
	# latency and score are within their threshold; no direction, no change: no list
	grep "<p>5 metrics compared, 2 within their threshold.</p>" out/release/v2.html &&
	! grep "changed_metrics" out/release/v2.html
'

test_expect_success 'a change without a direction is listed as changed, its unit escaped' '
	git -C repo results summary --json v3 >v3.json &&
	json_rows v3.json changed_metrics >expect &&
	metric_rows out/release/v3.html changed_metrics >actual &&
	test_cmp expect actual &&
	grep "|netperf.score|100|150|$HOSTILE_UNIT|+50.0%|5%|unknown|" actual &&
	grep "<td class=\"m-unit\">pts&amp;&quot;&#39;&lt;x</td>" out/release/v3.html &&
	! grep -F "$HOSTILE_UNIT" out/release/v3.html &&
	! grep "<script>alert" out/release/*.html &&
	grep "<h2 id=\"metric_regressions\">Metric regressions (0)</h2>" out/release/v3.html
'

test_expect_success 'the front page counts the metric regressions of each release' '
	>actual &&
	for tag in v1 v2 v3 v4; do
		git -C repo results summary --json $tag >json &&
		jq -r "if .metric_changes then .metric_changes.metric_regressions | length else \"-\" end" \
			json &&
		xmllint --xpath "string(//tr[@id=\"r-$tag\"]/td[contains(concat(\" \", @class, \" \"), \" c-metric_regressions \")])" \
			out/index.html >>actual || return 1
	done >expect &&
	printf "%s\n" - 1 0 - >expect.numbers &&
	test_cmp expect.numbers expect &&
	test_cmp expect actual &&
	# v1 has no previous release, v4 no measurement: no metric section
	! grep "id=\"metric_" out/release/v1.html &&
	grep "<h2 id=\"regressions\">" out/release/v4.html &&
	! grep "id=\"metric_" out/release/v4.html
'

test_expect_success 'a per-path threshold is the one the page shows' '
	git -C repo config "results.metric.*.boot.threshold" 30 &&
	git -C repo config results.metric.netperf.throughput.threshold 2.5 &&
	test_when_finished "git -C repo config --remove-section results.metric.*.boot &&
		git -C repo config --remove-section results.metric.netperf.throughput" &&
	git -C repo results report -o ../thresholds &&
	metric_rows thresholds/release/v2.html metric_regressions >actual &&
	grep "|netperf.throughput|1000|820|Mbit/s|-18.0%|2.5%|higher|" actual &&
	test_line_count = 1 actual &&
	grep "<h2 id=\"metric_improvements\">Metric improvements (0)</h2>" thresholds/release/v2.html
'

test_expect_success 'the report is deterministic: the same notes give the same bytes' '
	git -C repo results report -o ../again &&
	diff -r out again
'

test_done
