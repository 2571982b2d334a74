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
	test $(grep -c "^results 1$" note) = 2
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

test_done
