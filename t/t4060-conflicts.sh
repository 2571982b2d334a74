#!/bin/sh
# Conflicts: two different records for one (origin, run), as a merge of
# two clones keeps them, are one run to every reader: counted once, as
# the worse of the two, and shown as a conflict until someone resolves it.
. "$(dirname "$0")/test-lib.sh"

# ktap <fails>: a five-test KTAP run with <fails> failing tests.
ktap() {
	echo "KTAP version 1" &&
	echo "1..5" &&
	for i in 1 2 3 4 5; do
		if test $i -le $1; then
			echo "not ok $i case_$i"
		else
			echo "ok $i case_$i"
		fi || return 1
	done
}

test_expect_success 'setup: two clones record different results for one run' '
	git init -q --bare remote.git &&
	git init -q seed &&
	(
		cd seed &&
		test_commit one &&
		test_commit two &&
		git push -q --tags ../remote.git main
	) &&
	git clone -q remote.git alice &&
	git clone -q remote.git bob &&
	ktap 0 >pass.ktap &&
	ktap 1 >fail.ktap &&
	git -C alice results add -q --origin ci --run r1 --date @1700000000 two ../pass.ktap &&
	git -C alice results push -q &&
	git -C bob results add -q --origin ci --run r1 --date @1700000000 two ../fail.ktap &&
	git -C bob results add -q --origin ci --run r2 --date @1700000000 one ../pass.ktap &&
	git -C bob results pull 2>err &&
	grep "^warning: conflict on $(git -C bob rev-parse two): different records for origin .ci., run .r1.; both kept$" err &&
	git -C bob notes --ref=results show two >note &&
	test $(test_count_records note) = 2
'

test_expect_success 'log counts a run in conflict once, as its worse record' '
	git -C bob results log --json >json &&
	python3 - json <<-\PY &&
	import json, sys
	entries = {e["subject"]: e for e in json.load(open(sys.argv[1]))}
	two = entries["two"]
	assert two["records"] == 1 and two["conflicts"] == 1, two
	assert two["status"] == "FAIL", two
	assert sum(two["counts"].values()) == 5, two
	assert two["counts"]["FAIL"] == 1 and two["counts"]["PASS"] == 4, two
	assert entries["one"]["conflicts"] == 0, entries["one"]
	PY
	git -C bob results log --color=never >out &&
	grep "^[0-9a-f]* FAIL  (1 FAIL, 4 PASS; 1 in conflict) two$" out
'

test_expect_success 'diff and summary count it once and say so' '
	git -C bob results diff one two >out &&
	grep "^two: 1 run in conflict, each counted once as its worse record" out &&
	git -C bob results diff --json one two >json &&
	grep "\"conflicts\": 1" json &&
	git -C bob results summary two >summary &&
	grep "^two: 1 run in conflict" summary &&
	grep "1 FAIL, 4 PASS" summary &&
	! grep "2 FAIL\|9 PASS\|10 tests" summary
'

test_expect_success 'conflicts lists each run in conflict with its records' '
	two=$(git -C bob rev-parse two) &&
	git -C bob results conflicts >out &&
	{
		echo "$two ci r1: 2 records" &&
		printf "\tFAIL  (1 FAIL, 4 PASS) 2023-11-14T22:13:20Z\n" &&
		printf "\tPASS  (5 PASS) 2023-11-14T22:13:20Z\n"
	} >expect &&
	test_cmp expect out &&
	git -C bob results conflicts one..two >ranged &&
	test_cmp expect ranged &&
	git -C bob results conflicts one >none &&
	test_must_be_empty none &&
	git -C bob results conflicts --json >json &&
	python3 - json "$two" <<-\PY &&
	import json, sys
	[c] = json.load(open(sys.argv[1]))
	assert c["commit"] == sys.argv[2] and c["origin"] == "ci" and c["run"] == "r1", c
	assert [r["status"] for r in c["records"]] == ["FAIL", "PASS"], c
	assert not any(r["signed"] for r in c["records"]), c
	PY
	test_expect_code 1 git -C bob results conflicts --exit-code >/dev/null &&
	test_expect_code 128 git -C bob results conflicts no-such-rev 2>err &&
	grep "no-such-rev" err
'

test_expect_success 'every later pull and push says the conflict is still there' '
	git -C bob results pull 2>err &&
	grep "^warning: 1 run in conflict on 1 commit ($(git -C bob rev-parse --short=7 two)) in refs/notes/results; .git results conflicts. lists them$" err &&
	git -C bob results push 2>err &&
	grep "^warning: 1 run in conflict on 1 commit" err &&
	git -C alice results pull 2>err &&
	grep "^warning: 1 run in conflict on 1 commit" err
'

test_expect_success 'format-patch refuses a conflict, which am would refuse' '
	test_must_fail git -C bob results format-patch --stdout two >mbox 2>err &&
	grep "^error: .two. has different records for origin .ci., run .r1., which git results am would refuse" err &&
	test_must_fail git -C bob results format-patch --stdout one..two >mbox 2>err &&
	grep "^error: .$(git -C bob rev-parse two). has different records" err &&
	git -C bob results format-patch --stdout one >mbox &&
	git -C alice results am ../mbox
'

test_expect_success 'add --force with one side resolves the conflict to it' '
	git -C bob results show --to record two >both &&
	test $(test_count_records both) = 2 &&
	awk "/^results 1\$/ { n++ } n == 2" both >pass.record &&
	grep "^status PASS$" pass.record &&
	git -C bob results add ../pass.record &&
	test_expect_code 1 git -C bob results conflicts --exit-code >/dev/null &&
	git -C bob results add --force ../pass.record &&
	git -C bob notes --ref=results show two >resolved &&
	test_cmp pass.record resolved &&
	git -C bob results conflicts --exit-code &&
	git -C bob results log --json >json &&
	grep "\"conflicts\": 0" json &&
	git -C bob results push 2>err &&
	! grep "in conflict" err &&
	git -C bob results format-patch --stdout two >mbox &&
	git -C alice results am ../mbox
'

test_expect_success 'a record file is attached as it is, or not at all' '
	test_must_fail git -C bob results add --origin other ../pass.record 2>err &&
	grep "holds records, which are attached as they are" err &&
	test_must_fail git -C bob results add one ../pass.record 2>err &&
	grep "names commit $(git -C bob rev-parse two), not" err &&
	git -C bob fsck --strict
'

test_done
