#!/bin/sh
# git results diff: two commits compared per origin and environment,
# regressions first.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-release.sh"

test_expect_success 'setup: a regression planted between two tags' '
	git init -q repo &&
	cd repo &&
	release_commit "Linux 6.0" v6.0 &&
	release_commit "Linux 6.1" v6.1 &&
	write_tap ../old.tap ok:net_a ok:net_b fail:net_c fail:net_d skip:net_e ok:net_gone ok:net_skipped &&
	write_tap ../new.tap fail:net_a ok:net_b ok:net_c fail:net_d fail:net_e fail:net_f skip:net_skipped &&
	git results add --origin ci --run o1 --env arch=x86_64 --env config=defconfig v6.0 ../old.tap &&
	git results add --origin ci --run n1 --env arch=x86_64 --env config=defconfig v6.1 ../new.tap &&
	write_tap ../arm.tap ok:boot ok:net_a &&
	git results add --origin lab --run a1 --env arch=arm64 v6.0 ../arm.tap &&
	write_tap ../riscv.tap fail:boot &&
	git results add --origin lab --run r1 --env arch=riscv v6.1 ../riscv.tap
'

test_expect_success 'diff lists regressions first, then fixes, new failures, still failing, disappeared' '
	cd repo &&
	git results diff v6.0 v6.1 >out &&
	cat >expect <<-EOF &&
	Comparing v6.0 ($(git rev-parse --short=12 v6.0^{commit})) with v6.1 ($(git rev-parse --short=12 v6.1^{commit}))

	Regressions (1):
	    ci  arch=x86_64 config=defconfig
	        FAIL  net_a  (was PASS)

	Fixes (1):
	    ci  arch=x86_64 config=defconfig
	        PASS  net_c  (was FAIL)

	New failures (3):
	    ci  arch=x86_64 config=defconfig
	        FAIL  net_e  (was SKIP)
	        FAIL  net_f
	    lab  arch=riscv
	        FAIL  boot

	Still failing (1):
	    ci  arch=x86_64 config=defconfig
	        FAIL  net_d

	Disappeared (3):
	    ci  arch=x86_64 config=defconfig
	        PASS  net_gone
	    lab  arch=arm64: not tested in v6.1 (2 tests)

	1 regression, 1 fix, 3 new failures, 1 still failing, 3 disappeared
	EOF
	test_cmp expect out
'

test_expect_success 'the planted regression is the first change reported' '
	cd repo &&
	git results diff v6.0 v6.1 >out &&
	grep -E "^ +(FAIL|PASS|ERROR|MISS|SKIP|DONE)  " out | head -1 >first &&
	grep "FAIL  net_a  (was PASS)" first
'

test_expect_success 'diff --json' '
	cd repo &&
	git results diff --json v6.0 v6.1 >out.json &&
	python3 - <<-\PY
	import json
	d = json.load(open("out.json"))
	assert list(d) == ["old", "new", "counts", "regressions", "fixes", "new_failures",
	                   "still_failing", "disappeared", "unstable", "known_issues",
	                   "possibly_fixed"], list(d)
	assert d["old"]["name"] == "v6.0" and len(d["old"]["commit"]) == 40
	assert d["counts"] == {"regressions": 1, "fixes": 1, "new_failures": 3,
	                       "still_failing": 1, "disappeared": 3, "unstable": 0,
	                       "known_issues": 0}, d["counts"]
	r = d["regressions"][0]
	assert r == {"origin": "ci", "env": {"arch": "x86_64", "config": "defconfig"},
	             "path": "net_a", "old": "PASS", "new": "FAIL",
	             "old_reason": None, "new_reason": None}, r
	gone = [e for e in d["disappeared"] if e["origin"] == "lab"]
	assert [e["path"] for e in gone] == ["boot", "net_a"] and all(e["new"] is None for e in gone)
	envs = [(e["origin"], e["env"].get("arch")) for e in d["new"]["environments"]]
	assert envs == [("ci", "x86_64"), ("lab", "riscv")], envs
	PY
'

test_expect_success 'diff of a commit with itself has nothing new' '
	cd repo &&
	git results diff v6.1 v6.1 >out &&
	tail -1 out >last &&
	echo "0 regressions, 0 fixes, 0 new failures, 5 still failing, 0 disappeared" >expect &&
	test_cmp expect last &&
	git results diff --exit-code v6.1 v6.1
'

test_expect_success '--exit-code exits 1 on regressions or new failures' '
	cd repo &&
	test_expect_code 1 git results diff --exit-code v6.0 v6.1 >/dev/null &&
	test_expect_code 128 git results diff --exit-code v6.0 no-such 2>err &&
	grep "^error: bad revision .no-such." err &&
	git results diff v6.0 v6.1 >/dev/null
'

test_expect_success 'repeated runs are merged; a test that failed in one and passed in another is unstable' '
	cd repo &&
	write_tap ../flaky.tap ok:net_a ok:net_b ok:net_c fail:net_d skip:net_e ok:net_f ok:net_gone &&
	git results add --origin ci --run n2 --env arch=x86_64 --env config=defconfig v6.1 ../flaky.tap &&
	git results diff --json v6.0 v6.1 >out.json &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
assert d[\"regressions\"] == [], d[\"regressions\"]
assert [(e[\"path\"], e[\"new\"], e[\"reruns_differ\"]) for e in d[\"unstable\"]] == [(\"net_a\", \"FAIL\", True), (\"net_f\", \"FAIL\", True)], d[\"unstable\"]
ci = d[\"new\"][\"environments\"][0]
assert ci[\"records\"] == 2 and ci[\"tests\"] == 8, ci
assert [e[\"path\"] for e in d[\"disappeared\"] if e[\"origin\"] == \"ci\"] == [], d[\"disappeared\"]
"
'

test_expect_success 'reasons are shown' '
	cd repo &&
	release_commit "Linux 6.2" v6.2 &&
	printf "TAP version 13\n1..1\nnot ok 1 net_b # timed out after 30s\n" >../reason.tap &&
	git results add --origin ci --run r --env arch=x86_64 --env config=defconfig v6.2 ../reason.tap &&
	git results diff v6.1 v6.2 >out &&
	grep "FAIL  net_b  (was PASS)  # timed out after 30s" out
'

test_expect_success 'a commit without results is an error, and nothing is printed' '
	cd repo &&
	git commit -q --allow-empty -m "same tree as its parent" &&
	git results diff HEAD^ HEAD >out &&
	grep "^HEAD: results of [0-9a-f]*, which has the same tree$" out &&
	git results diff --json HEAD^ HEAD >json &&
	grep "\"same_tree\": true" json &&
	grep "\"attached_to\": \"[0-9a-f]*\"" json &&
	test_commit untested &&
	test_expect_code 128 git results diff v6.0 HEAD >out 2>err &&
	grep "^error: no results recorded for .HEAD.$" err &&
	test_expect_code 128 git results diff no-such v6.0 >out 2>err &&
	grep "^error: bad revision .no-such." err &&
	! test -s out
'

test_expect_success 'usage errors' '
	cd repo &&
	test_expect_code 129 git results diff v6.0 2>err &&
	grep "need two commits" err &&
	test_expect_code 129 git results diff -h >out &&
	grep "^usage: git results diff" out
'

test_done
