#!/bin/sh
# Unstable tests and known issues are not regressions: reruns that
# disagree, verdicts that flip along first-parent history, failures the
# tree's known-issues file lists, and reruns that supersede a run.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-release.sh"

# add_run <commit> <run> <result>...: one ci x86_64 run of TAP results.
add_run() {
	add_commit=$1 add_id=$2 &&
	shift 2 &&
	write_tap ../run.tap "$@" &&
	git results add -q --origin ci --run "$add_id" --env arch=x86_64 "$add_commit" ../run.tap
}

test_expect_success 'setup: six commits with results, a regression, two flaky tests and a known issue' '
	git init -q repo &&
	cd repo &&
	for i in 1 2 3 4 5; do test_commit c$i || return 1; done &&
	add_run c1 r1 ok:net_stable ok:net_flaky ok:net_flaky2 ok:net_known ok:kunit_old &&
	add_run c2 r2 ok:net_stable fail:net_flaky fail:net_flaky2 ok:net_known ok:kunit_old &&
	add_run c3 r3 ok:net_stable ok:net_flaky ok:net_flaky2 ok:net_known ok:kunit_old &&
	add_run c4 r4 ok:net_stable fail:net_flaky fail:net_flaky2 ok:net_known fail:kunit_old &&
	add_run c5 r5 ok:net_stable ok:net_flaky fail:net_flaky2 ok:net_known fail:kunit_old &&
	mkdir -p Documentation/results &&
	cat >Documentation/results/known-issues <<-\EOF &&
	# Known failures: <test-pattern> [<key>=<value>...] <link> [<reason>]
	net_kno*  arch=x86_*  https://lore.kernel.org/r/known@example.org  hangs under KASAN
	kunit_old  maestro:deadbeef
	boot.*  arch=riscv  https://bugs.example.org/7
	EOF
	git add Documentation/results/known-issues &&
	git commit -q -m "known issues" &&
	git tag c6 &&
	add_run c6 r6 fail:net_stable fail:net_flaky ok:net_flaky2 fail:net_known ok:kunit_old
'

test_expect_success 'diff: one regression; flaky tests unstable; the listed failure known' '
	cd repo &&
	git results diff --json c5 c6 >out.json &&
	python3 - <<-\PY
	import json
	d = json.load(open("out.json"))
	paths = lambda k: [e["path"] for e in d[k]]
	assert paths("regressions") == ["net_stable"], d["regressions"]
	assert paths("fixes") == ["kunit_old"], d["fixes"]
	assert paths("unstable") == ["net_flaky", "net_flaky2"], d["unstable"]
	assert [e["reruns_differ"] for e in d["unstable"]] == [False, False]
	assert paths("known_issues") == ["net_known"], d["known_issues"]
	k = d["known_issues"][0]["known"]
	assert k == {"pattern": "net_kno*", "env": {"arch": "x86_*"},
	             "link": "https://lore.kernel.org/r/known@example.org",
	             "reason": "hangs under KASAN", "line": 2}, k
	assert [e["pattern"] for e in d["possibly_fixed"]] == ["kunit_old"], d["possibly_fixed"]
	assert d["counts"]["unstable"] == 2 and d["counts"]["known_issues"] == 1, d["counts"]
	PY
'

test_expect_success 'diff text: own sections, the link, and the counts' '
	cd repo &&
	git results diff c5 c6 >out &&
	sed -n "/^Regressions/,/^\$/p" out >regressions &&
	grep "net_stable" regressions &&
	test_line_count = 4 regressions &&
	grep -A3 "^Unstable (2):" out >unstable &&
	grep "FAIL  net_flaky  (was PASS)  (flips in recent history)" unstable &&
	grep "PASS  net_flaky2  (was FAIL)  (flips in recent history)" unstable &&
	grep -A2 "^Known issues (1):" out >known &&
	grep "FAIL  net_known  (was PASS)  known: https://lore.kernel.org/r/known@example.org" known &&
	grep -A1 "^Known issues possibly fixed (1):" out >fixed &&
	grep "kunit_old  maestro:deadbeef  (line 3)" fixed &&
	tail -1 out >counts &&
	echo "1 regression, 1 fix, 0 new failures, 0 still failing, 0 disappeared, 2 unstable, 1 known issue" >expect &&
	test_cmp expect counts &&
	test_expect_code 1 git results diff --exit-code c5 c6 >/dev/null
'

test_expect_success 'log --test: the same split, in sections of their own' '
	cd repo &&
	git results log --test "net_*" >out &&
	sed -n "/^Unstable/,\$p" out >sections &&
	cat >expect <<-\EOF &&
	Unstable (2):
	    ci arch=x86_64  net_flaky  (flips in recent history)
	    ci arch=x86_64  net_flaky2  (flips in recent history)

	Known issues (1):
	    ci arch=x86_64  net_known  known: https://lore.kernel.org/r/known@example.org  # hangs under KASAN
	EOF
	test_cmp expect sections &&
	grep "^    ci arch=x86_64  PPPPPF  net_stable\$" out &&
	git results log --json --test "net_*" >out.json &&
	python3 - <<-\PY
	import json
	h = {e["test"]: e for e in json.load(open("out.json"))["history"]}
	assert [t for t in sorted(h) if h[t]["unstable"]] == ["net_flaky", "net_flaky2"], h
	assert not any(e["reruns_differ"] for e in h.values()), h
	assert [t for t in sorted(h) if h[t]["known"]] == ["net_known"], h
	assert h["net_known"]["known"]["link"] == "https://lore.kernel.org/r/known@example.org"
	assert h["net_stable"]["strip"] == "PPPPPF" and not h["net_stable"]["unstable"], h
	PY
'

test_expect_success 'log --test: the window is results.unstableWindow; known issues of the newest commit' '
	cd repo &&
	git -c results.unstableWindow=2 results log --test "net_*" >out &&
	! grep "^Unstable" out &&
	git -c results.unstableWindow=0 results log --json --test "net_*" >out.json &&
	! grep "\"unstable\": true" out.json &&
	git results log --test "net_*" c5 >out &&
	! grep "^Known issues" out &&
	grep "^Unstable (2):" out
'

test_expect_success 'log --test of a range looks below it for flips, as diff c5 c6 does' '
	cd repo &&
	git results log --test "net_*" c5..c6 >out &&
	grep "^    ci arch=x86_64  F  net_flaky\$" out &&
	sed -n "/^Unstable/,/^\$/p" out >unstable &&
	cat >expect <<-\EOF &&
	Unstable (2):
	    ci arch=x86_64  net_flaky  (flips in recent history)
	    ci arch=x86_64  net_flaky2  (flips in recent history)

	EOF
	test_cmp expect unstable &&
	git results log --test net_flaky c6 -- Documentation >out &&
	grep "^Unstable (1):" out
'

test_expect_success 'results.unstableWindow: how many commits with results are looked at' '
	cd repo &&
	git -c results.unstableWindow=2 results diff --json c5 c6 >two.json &&
	git -c results.unstableWindow=4 results diff --json c5 c6 >four.json &&
	git -c results.unstableWindow=0 results diff --json c5 c6 >none.json &&
	python3 - <<-\PY
	import json
	paths = lambda f, k: [e["path"] for e in json.load(open(f))[k]]
	# c6 and c5 alone: one change each, a regression and a fix.
	assert paths("two.json", "regressions") == ["net_flaky", "net_stable"]
	assert paths("two.json", "fixes") == ["kunit_old", "net_flaky2"]
	assert paths("two.json", "unstable") == []
	# c4 and c3 too: net_flaky went FAIL, PASS, FAIL, PASS: unstable;
	# net_flaky2 PASS, FAIL, FAIL, PASS: a regression and its fix.
	assert paths("four.json", "unstable") == ["net_flaky"]
	assert paths("four.json", "fixes") == ["kunit_old", "net_flaky2"]
	assert paths("none.json", "unstable") == []
	PY
'

test_expect_success 'a bad results.unstableWindow is an error' '
	cd repo &&
	test_expect_code 128 git -c results.unstableWindow=many results diff c5 c6 >out 2>err &&
	grep "^fatal: bad results.unstableWindow .many." err &&
	test_must_be_empty out
'

test_expect_success 'known issues come from the tree of the newer commit, not the work tree' '
	cd repo &&
	test_when_finished "git checkout -q Documentation/results/known-issues" &&
	: >Documentation/results/known-issues &&
	git results diff --json c5 c6 >out.json &&
	python3 -c "import json; assert [e[\"path\"] for e in json.load(open(\"out.json\"))[\"known_issues\"]] == [\"net_known\"]" &&
	git results diff --json c4 c5 >older.json &&
	python3 -c "import json; d = json.load(open(\"older.json\")); assert d[\"known_issues\"] == [] and d[\"possibly_fixed\"] == [], d"
'

test_expect_success 'results.knownIssues names another file; a bad line is a warning' '
	cd repo &&
	printf "net_stable https://example.org/1\nnot-a-link-line\n" >other &&
	git add other &&
	git commit -q -m other &&
	git tag c7 &&
	add_run c7 r7 fail:net_stable fail:net_flaky ok:net_flaky2 fail:net_known ok:kunit_old &&
	git -c results.knownIssues=other results diff --json c5 c7 >out.json 2>err &&
	grep "^warning: other:2: ignoring a line" err &&
	python3 - <<-\PY
	import json
	d = json.load(open("out.json"))
	assert [e["path"] for e in d["regressions"]] == ["net_known"], d["regressions"]
	assert [e["path"] for e in d["known_issues"]] == ["net_stable"], d["known_issues"]
	PY
'

test_expect_success 'reruns that disagree make a test unstable, not a regression' '
	cd repo &&
	add_run c6 r6b ok:net_stable fail:net_flaky ok:net_flaky2 fail:net_known ok:kunit_old &&
	git results diff --json c5 c6 >out.json &&
	python3 - <<-\PY
	import json
	d = json.load(open("out.json"))
	assert d["regressions"] == [], d["regressions"]
	u = [(e["path"], e["reruns_differ"]) for e in d["unstable"]]
	assert u == [("net_flaky", False), ("net_flaky2", False), ("net_stable", True)], u
	PY
'

test_expect_success 'log --test: reruns that disagree are unstable there too' '
	cd repo &&
	git results log --test net_stable >out &&
	sed -n "/^Unstable/,\$p" out >sections &&
	cat >expect <<-\EOF &&
	Unstable (1):
	    ci arch=x86_64  net_stable  (reruns differ)
	EOF
	test_cmp expect sections
'

test_expect_success 'add --supersedes: the rerun replaces the runs it names' '
	cd repo &&
	write_tap ../rerun.tap fail:net_stable fail:net_flaky ok:net_flaky2 fail:net_known ok:kunit_old &&
	git results add -q --origin ci --run r6c --env arch=x86_64 \
		--supersedes r6b --supersedes r6 c6 ../rerun.tap &&
	git notes --ref=results show c6 >note &&
	grep -c "^supersedes " note >count &&
	echo 2 >expect &&
	test_cmp expect count &&
	sed -n "/^run r6c/,/^status/p" note >header &&
	grep -x "supersedes r6" header &&
	grep -x "supersedes r6b" header &&
	git results diff --json c5 c6 >out.json &&
	python3 - <<-\PY
	import json
	d = json.load(open("out.json"))
	assert [e["path"] for e in d["regressions"]] == ["net_stable"], d["regressions"]
	assert all(not e["reruns_differ"] for e in d["unstable"]), d["unstable"]
	assert d["new"]["environments"][0]["records"] == 1, d["new"]["environments"]
	PY
'

test_expect_success 'log --test leaves out the superseded runs, as diff does' '
	cd repo &&
	git results log --test net_stable c6 >out &&
	! grep "^Unstable" out &&
	grep "^    ci arch=x86_64  PPPPPF  net_stable\$" out &&
	git results log --json --test "net_*" c6 >out.json &&
	python3 - <<-\PY
	import json
	d = json.load(open("out.json"))
	h = {e["test"]: e for e in d["history"]}
	assert not any(e["reruns_differ"] for e in h.values()), h
	assert [t for t in sorted(h) if h[t]["unstable"]] == ["net_flaky", "net_flaky2"], h
	c6 = d["commits"][0]["results"]
	assert {r["test"]: r["status"] for r in c6} == {"net_flaky": "FAIL",
	    "net_flaky2": "PASS", "net_known": "FAIL", "net_stable": "FAIL"}, c6
	PY
'

test_expect_success '--supersedes lines are sorted; a bad run id is refused' '
	git results parse --origin ci --run b --supersedes a --supersedes 0 \
		--date 2026-11-25T10:00:00Z "$TEST_DIRECTORY/data/kunit-skip.ktap" >rec &&
	sed -n "/^supersedes/p" rec >lines &&
	printf "supersedes 0\nsupersedes a\n" >expect &&
	test_cmp expect lines &&
	test_must_fail git results parse --supersedes "a b" "$TEST_DIRECTORY/data/kunit-skip.ktap" 2>err &&
	grep "^error: .*run" err
'

test_expect_success 'summary: the same split in text, Markdown, HTML and JSON' '
	cd repo &&
	git results summary --previous c5 c6 >summary.txt &&
	sed -n "/^Regressions since c5/,/^\$/p" summary.txt >regressions &&
	grep "net_stable" regressions &&
	! grep "net_flaky\|net_known" regressions &&
	grep -A3 "^Unstable tests (2):" summary.txt >unstable &&
	grep "net_flaky2  (was FAIL)  # flips in recent history" unstable &&
	grep -A2 "^Known issues (1):" summary.txt >known &&
	grep "net_known  (was PASS)  # known issue: https://lore.kernel.org/r/known@example.org, hangs under KASAN" known &&
	grep -A1 "^Known issues possibly fixed (1):" summary.txt | grep "kunit_old" &&
	git results summary --format markdown --previous c5 c6 >summary.md &&
	grep "^## Unstable tests (2)" summary.md &&
	grep "^## Known issues (1)" summary.md &&
	grep "^## Known issues possibly fixed (1)" summary.md &&
	git results summary --format html --previous c5 c6 >summary.html &&
	grep "<h2>Unstable tests (2)</h2>" summary.html &&
	git results summary --json --previous c5 c6 >summary.json &&
	python3 - <<-\PY
	import json
	c = json.load(open("summary.json"))["changes"]
	assert [e["path"] for e in c["regressions"]] == ["net_stable"], c["regressions"]
	assert [e["path"] for e in c["unstable"]] == ["net_flaky", "net_flaky2"], c["unstable"]
	assert [e["path"] for e in c["known_issues"]] == ["net_known"], c["known_issues"]
	assert [e["pattern"] for e in c["possibly_fixed"]] == ["kunit_old"], c["possibly_fixed"]
	PY
'

test_expect_success 'a signature covers the supersedes line' '
	cd repo &&
	test_gpg_key "CI Bot <ci@example.com>" >../ci.fpr &&
	write_tap ../signed.tap ok:net_stable &&
	git results add -q -u ci@example.com --origin ci --run s7 --env arch=x86_64 \
		--supersedes r7 c7 ../signed.tap &&
	# r7, which it supersedes, is unsigned
	test_expect_code 1 git results verify -v c7 >out &&
	grep "^good $(git rev-parse c7) ci s7 " out &&
	git notes --ref=results show c7 >note &&
	sed "s/^supersedes r7\$/supersedes r6/" note >tampered &&
	! test_cmp note tampered &&
	git notes --ref=results add -f -F tampered c7 &&
	test_expect_code 1 git results verify -v c7 >out &&
	grep "^bad $(git rev-parse c7) ci s7" out
'

test_expect_success 'add warns when the superseded run is not on the commit' '
	cd repo &&
	write_tap ../other.tap ok:net_stable &&
	git results add -q --origin lab --run l1 --supersedes r5 c5 ../other.tap 2>err &&
	grep "^warning: $(git rev-parse c5) has no run .r5. of origin .lab. for run .l1. to supersede" err &&
	git results add -q --origin ci --run r5b --supersedes r5 c5 ../other.tap 2>err &&
	test_must_be_empty err
'

test_expect_success 'log --test: a known-issues entry matches only its environment' '
	cd repo &&
	git checkout -q c6 &&
	cat >Documentation/results/known-issues <<-\EOF &&
	net_flaky  arch=arm64  https://bugs.example.org/arm64-only
	net_stab*  arch=x86_*  https://bugs.example.org/x86
	EOF
	git commit -q -a -m "known issues by architecture" &&
	git tag c8 &&
	add_run c8 r8 fail:net_stable fail:net_flaky &&
	git results log --test "net_*" c8 >out &&
	sed -n "/^Known issues/,\$p" out >known &&
	cat >expect <<-\EOF &&
	Known issues (1):
	    ci arch=x86_64  net_stable  known: https://bugs.example.org/x86
	EOF
	test_cmp expect known
'

test_done
