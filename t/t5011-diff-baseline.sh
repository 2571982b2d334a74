#!/bin/sh
# git results diff: ranges "a..b" and "a...b" as git diff reads them,
# --origin, and --baseline=last-recorded: each origin and environment
# compared with its nearest ancestor that has results for it.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-release.sh"

# at <seconds> <command>...: runs a git command committing at that time.
at() {
	when=$1
	shift
	GIT_COMMITTER_DATE="$when +0000" GIT_AUTHOR_DATE="$when +0000" "$@"
}

# change <seconds> <name>: a commit of its own file (each tree differs,
# so no commit has another's results by the same-tree rule).
change() {
	echo "$2" >"$2.t" &&
	git add "$2.t" &&
	at "$1" git commit -q -m "$2"
}

# Two subsystem branches, net and mm, merged into the mainline:
#
#   v6.0 - a1 - M1 (merges net) - M2 (merges mm)
#      \- n1 (net) ------/        /
#      \- m1 (mm) ---------------/
#
# ci/x86_64 ran on v6.0, a1, n1 (off the first-parent line) and M2;
# lab/arm64 ran on v6.0 and M2 only.
test_expect_success 'setup: two subsystem branches merged, results on some commits' '
	git init -q repo &&
	cd repo &&
	change 1700000000 v6.0 &&
	git tag -a -m v6.0 v6.0 &&
	trunk=$(git symbolic-ref --short HEAD) &&
	git branch net &&
	git branch mm &&
	change 1700000100 a1 &&
	git tag a1 &&
	git checkout -q net &&
	change 1700000200 n1 &&
	git checkout -q mm &&
	change 1700000300 m1 &&
	git checkout -q "$trunk" &&
	at 1700000400 git merge -q --no-ff -m "Merge net" net &&
	at 1700000500 git merge -q --no-ff -m "Merge mm" mm &&
	git tag M2 &&
	write_tap ../pass.tap ok:boot ok:net_a ok:mm_a &&
	write_tap ../netfail.tap ok:boot fail:net_a ok:mm_a &&
	write_tap ../m2.tap ok:boot fail:net_a fail:mm_a &&
	write_tap ../arm-pass.tap ok:boot &&
	write_tap ../arm-fail.tap fail:boot &&
	git results add --origin ci --run c0 --env arch=x86_64 v6.0 ../pass.tap &&
	git results add --origin ci --run c1 --env arch=x86_64 a1 ../pass.tap &&
	git results add --origin ci --run c2 --env arch=x86_64 net ../netfail.tap &&
	git results add --origin ci --run c3 --env arch=x86_64 M2 ../m2.tap &&
	git results add --origin lab --run l0 --env arch=arm64 v6.0 ../arm-pass.tap &&
	git results add --origin lab --run l1 --env arch=arm64 M2 ../arm-fail.tap
'

test_expect_success 'a..b compares the same commits as a b' '
	cd repo &&
	git results diff v6.0 M2 >expect &&
	git results diff v6.0..M2 >out &&
	test_cmp expect out &&
	git results diff --json a1..M2 >out.json &&
	git results diff --json a1 M2 >expect.json &&
	test_cmp expect.json out.json
'

test_expect_success 'a...b compares b with the merge base, as git diff a...b' '
	cd repo &&
	base=$(git merge-base a1 net) &&
	test "$base" = "$(git rev-parse v6.0^{commit})" &&
	git results diff "$base" net >expect.body &&
	git results diff a1...net >out &&
	head -1 out >head &&
	echo "Comparing merge base of a1 and net ($(git rev-parse --short=12 "$base")) with net ($(git rev-parse --short=12 net))" >expect &&
	test_cmp expect head &&
	tail -n +2 expect.body >expect &&
	tail -n +2 out >body &&
	test_cmp expect body &&
	grep "FAIL  net_a  (was PASS)" out
'

test_expect_success 'a...b without a merge base is an error' '
	cd repo &&
	git checkout -q --orphan lone &&
	git commit -q --allow-empty -m lone &&
	git checkout -q - &&
	test_expect_code 128 git results diff lone...M2 >out 2>err &&
	test_must_be_empty out &&
	grep "^error: lone\.\.\.M2: no merge base$" err
'

test_expect_success '--origin counts only the records of that origin' '
	cd repo &&
	git results diff --origin lab v6.0 M2 >out &&
	grep "^    lab  arch=arm64$" out &&
	! grep "ci  " out &&
	grep "^1 regression, 0 fixes" out &&
	git results diff --origin lab --origin ci v6.0 M2 >both &&
	git results diff v6.0 M2 >all &&
	test_cmp all both
'

test_expect_success '--origin with no such records is an error' '
	cd repo &&
	test_expect_code 128 git results diff --origin nosuch v6.0 M2 >out 2>err &&
	test_must_be_empty out &&
	grep "^error: no results of origin .nosuch. recorded for .v6.0.$" err &&
	test_expect_code 129 git results diff --origin Bad v6.0 M2 2>err &&
	grep "^error: bad --origin .Bad." err
'

# The peer: git log --first-parent lists the line; the nearest commit on
# it whose note has a record of the origin is the baseline.
nearest_with() {
	git log --first-parent --format=%H "$1^" >line &&
	while read -r c
	do
		if git notes --ref=results show "$c" >note 2>/dev/null &&
		   grep -q "^origin $2$" note
		then
			echo "$c"
			return 0
		fi
	done <line
}

test_expect_success '--baseline=last-recorded: each environment against its own last results' '
	cd repo &&
	ci=$(nearest_with M2 ci) &&
	lab=$(nearest_with M2 lab) &&
	test "$ci" = "$(git rev-parse a1)" &&
	test "$lab" = "$(git rev-parse v6.0^{commit})" &&
	git results diff --baseline=last-recorded M2 >out &&
	cat >expect <<-EOF &&
	Comparing M2 ($(git rev-parse --short=12 M2)) with the last results recorded on its first-parent line
	    ci  arch=x86_64: $ci (2 commits back)
	    lab  arch=arm64: $lab (3 commits back)

	Regressions (3):
	    ci  arch=x86_64
	        FAIL  mm_a  (was PASS)
	        FAIL  net_a  (was PASS)
	    lab  arch=arm64
	        FAIL  boot  (was PASS)

	3 regressions, 0 fixes, 0 new failures, 0 still failing, 0 disappeared
	EOF
	test_cmp expect out
'

test_expect_success '--baseline-walk=all takes the newest ancestor, off the first-parent line too' '
	cd repo &&
	git results diff --baseline=last-recorded --baseline-walk=all M2 >out &&
	grep "^    ci  arch=x86_64: $(git rev-parse net)$" out &&
	grep "^    lab  arch=arm64: $(git rev-parse v6.0^{commit})$" out &&
	grep "^Still failing (1):" out &&
	grep "^2 regressions, 0 fixes, 0 new failures, 1 still failing" out
'

test_expect_success '--baseline --json says what each environment was compared with' '
	cd repo &&
	git results diff --json --baseline=last-recorded M2 >out.json &&
	python3 - "$(git rev-parse a1)" "$(git rev-parse v6.0^{commit})" <<-\PY
	import json, sys
	d = json.load(open("out.json"))
	old = d["old"]
	assert old["baseline"] == "last-recorded", old
	assert old["walk"] == "first-parent", old
	got = [(b["origin"], b["env"], b["commit"], b["distance"]) for b in old["compared_with"]]
	assert got == [("ci", {"arch": "x86_64"}, sys.argv[1], 2),
	               ("lab", {"arch": "arm64"}, sys.argv[2], 3)], got
	assert d["counts"]["regressions"] == 3, d["counts"]
	PY
'

test_expect_success '--baseline: an environment never measured before has no baseline' '
	cd repo &&
	write_tap ../riscv.tap fail:boot &&
	git results add --origin lab --run r1 --env arch=riscv M2 ../riscv.tap &&
	test_when_finished "git results remove --origin lab --run r1 M2" &&
	git results diff --baseline=last-recorded --origin lab M2 >out &&
	grep "^    lab  arch=riscv: no earlier results$" out &&
	grep -A2 "^New failures (1):" out >new &&
	grep "lab  arch=riscv" new &&
	! grep "ci  " out
'

test_expect_success '--baseline follows results to a rewritten commit with the same tree' '
	cd repo &&
	git checkout -q -b topic M2 &&
	test_when_finished "git checkout -q --detach M2 && git branch -D topic >/dev/null" &&
	echo one >f && git add f && git commit -q -m t1 &&
	git results add --origin ci --run t1 --env arch=x86_64 HEAD ../pass.tap &&
	git commit -q --amend -m "t1, reworded" &&
	test "$(git rev-parse HEAD^{tree})" = "$(git rev-parse HEAD@{1}^{tree})" &&
	t1=$(git rev-parse HEAD) &&
	echo two >f && git commit -q -am t2 &&
	git results add --origin ci --run t2 --env arch=x86_64 HEAD ../m2.tap &&
	# the earlier tests made these tests flip along this line: not what is tested here
	git -c results.unstableWindow=0 results diff --baseline=last-recorded --origin ci HEAD >out &&
	grep "^    ci  arch=x86_64: $t1 (1 commit back)$" out &&
	grep "^2 regressions" out
'

test_expect_success '--baseline usage errors' '
	cd repo &&
	test_expect_code 129 git results diff --baseline=nearest M2 2>err &&
	grep "unknown baseline .nearest." err &&
	test_expect_code 129 git results diff --baseline=last-recorded v6.0 M2 2>err &&
	test_expect_code 129 git results diff --baseline=last-recorded v6.0..M2 2>err &&
	test_expect_code 129 git results diff --baseline-walk=all v6.0 M2 2>err &&
	test_expect_code 129 git results diff --baseline=last-recorded --baseline-walk=some M2 2>err &&
	test_expect_code 129 git results diff v6.0 2>err
'

test_done
