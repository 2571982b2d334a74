#!/bin/sh
# A generated history of 5,000 commits with results on every one, ten
# releases, planted regressions, flaky tests, reruns that disagree, a
# superseded run and known issues: every diff between two releases must
# report exactly the planted regressions, and never an unstable or known
# test among them.
. "$(dirname "$0")/test-lib.sh"

# The plan, by test number t of suite.tNN, at commit i (1..5000); tags
# v1..v10 at commits 500, 1000, ... 5000:
#   t00-t08  regress at 500 * (t + 1) + 250: between v(t+1) and v(t+2)
#   t10-t18  even ones regress at 500 * (t - 9) + 100, the same way
#   t20-t24  flaky: FAIL when (i + t) % 3 == 0, on every commit
#   t26      FAIL at a release in its run, PASS in a rerun there: unstable
#   t27      FAIL at a release in a run a rerun supersedes: never reported
#   t30 t32 t33  fail from 2700, 1200, 4100; listed as known issues
#   t31      fails from 3200; listed for arm64 only, so a regression here
#   t35      always SKIP; t39 always PASS, listed: possibly fixed, as are
#            t30 and t33 until they fail
# The known-issues file is in the tree from commit 2000 on.
plan='
function status(t, i, tag) {
	if (t <= 8) return i >= 500 * (t + 1) + 250 ? "FAIL" : "PASS"
	if (t >= 10 && t <= 18 && t % 2 == 0) return i >= 500 * (t - 9) + 100 ? "FAIL" : "PASS"
	if (t >= 20 && t <= 24) return (i + t) % 3 == 0 ? "FAIL" : "PASS"
	if (t == 26 || t == 27) return tag ? "FAIL" : "PASS"
	if (t == 30) return i >= 2700 ? "FAIL" : "PASS"
	if (t == 31) return i >= 3200 ? "FAIL" : "PASS"
	if (t == 32) return i >= 1200 ? "FAIL" : "PASS"
	if (t == 33) return i >= 4100 ? "FAIL" : "PASS"
	if (t == 35) return "SKIP"
	return "PASS"
}
'

test_expect_success 'setup: 5,000 commits by fast-import, a record on each, ten tags' '
	git init -q repo &&
	cd repo &&
	cat >../known-issues <<-\EOF &&
	# Known issues of the generated history
	suite.t30  https://lore.kernel.org/r/t30@example.org  fails since commit 2700
	suite.t31  arch=arm64  https://bugs.example.org/31  arm64 only
	suite.t32  maestro:t32
	suite.t33  arch=x86_*  https://lore.kernel.org/r/t33@example.org
	suite.t39  https://bugs.example.org/39  fixed long ago
	EOF
	awk -v n=5000 -v known="$(cat ../known-issues)" "BEGIN {
		for (i = 1; i <= n; i++) {
			printf \"commit refs/heads/main\ncommitter gen <gen@example.com> %d +0000\n\", 1600000000 + i
			msg = \"commit \" i
			printf \"data %d\n%s\n\", length(msg), msg
			printf \"M 644 inline file\ndata %d\n%d\n\", length(i \"\") + 1, i
			if (i == 2000)
				printf \"M 644 inline Documentation/results/known-issues\ndata %d\n%s\n\", length(known) + 1, known
			print \"\"
		}
	}" >../commits.fi &&
	git fast-import --quiet <../commits.fi &&
	git log --reverse --format="%H %T" main >../commits &&
	test_line_count = 5000 ../commits &&
	awk "$plan""
	function record(i, commit, tree, run, tag, which,    r, t, s, c, line, tests) {
		split(\"\", c)
		tests = \"\"
		for (t = 0; t < 40; t++) {
			if (which == \"t26\" && t != 26)
				continue
			s = which == \"t26\" || (which == \"rerun\" && t == 27) ? \"PASS\" : status(t, i, tag)
			c[s]++
			tests = tests sprintf(\"%s suite.t%02d\n\", s, t)
		}
		r = \"results 1\ncommit \" commit \"\ntree \" tree \"\norigin ci\nrun \" run \"\n\" \
		    \"date 2026-11-25T10:00:00Z\nenv arch x86_64\n\"
		if (which == \"rerun\")
			r = r \"supersedes c\" i \"\n\"
		s = c[\"FAIL\"] ? \"FAIL\" : c[\"PASS\"] ? \"PASS\" : \"SKIP\"
		r = r \"status \" s \"\ncounts FAIL=\" c[\"FAIL\"] + 0 \" ERROR=0 MISS=0 PASS=\" c[\"PASS\"] + 0 \
		    \" DONE=0 SKIP=\" c[\"SKIP\"] + 0 \"\n\n\" tests
		return r
	}
	BEGIN { print \"commit refs/notes/results\"
		print \"committer gen <gen@example.com> 1700000000 +0000\"; print \"data 0\" }
	{
		i = NR; tag = i % 500 == 0
		note = record(i, \$1, \$2, \"c\" i, tag, \"\")
		if (tag)
			note = note \"\n\" record(i, \$1, \$2, \"c\" i \"-rerun\", tag, \"rerun\") \
			       \"\n\" record(i, \$1, \$2, \"c\" i \"-t26\", tag, \"t26\")
		print \"N inline \" \$1
		printf \"data %d\n%s\n\", length(note), note
		if (tag)
			tags = tags sprintf(\"create refs/tags/v%d %s\n\", i / 500, \$1)
	}
	END { printf \"%s\", tags > \"../tags\" }" ../commits >../notes.fi &&
	git fast-import --quiet <../notes.fi &&
	git update-ref --stdin <../tags &&
	git tag >tags &&
	test_line_count = 10 tags &&
	git results show v5 >show &&
	grep "c2500-rerun" show
'

test_expect_success 'every release diff reports exactly the planted regressions' '
	cd repo &&
	for j in 1 2 3 4 5 6 7 8 9; do
		git results diff --json v$j v$((j + 1)) >../diff-$j.json || return 1
	done &&
	python3 - <<-\PY
	import json
	problems = []
	for j in range(1, 10):
	    d = json.load(open("../diff-%d.json" % j))
	    new = 500 * (j + 1)
	    got = lambda k: sorted(e["path"] for e in d[k])
	    t = lambda *n: sorted("suite.t%02d" % x for x in n)
	    # t0r and the even t1r regress between v(r+1) and v(r+2).
	    want = t(j - 1) + (t(9 + j) if (j - 1) % 2 == 0 else [])
	    want += t(32) if j == 2 else []          # before the known-issues file
	    want += t(31) if j == 6 else []          # listed for arm64 only
	    want = sorted(want)
	    known = t(*[x for x, since in ((30, 2700), (32, 1200), (33, 4100))
	                if new >= 2000 and since <= new])
	    unstable = t(20, 21, 22, 23, 24, 26)
	    # Entries that match only passing tests: possibly fixed.
	    fixed = [p for p, since in (("suite.t30", 2700), ("suite.t33", 4100), ("suite.t39", 10000))
	             if new >= 2000 and new < since]
	    for key, w in (("regressions", want), ("known_issues", known), ("unstable", unstable)):
	        if got(key) != w:
	            problems.append("v%d..v%d %s: got %s, want %s" % (j, j + 1, key, got(key), w))
	    if [e["pattern"] for e in d["possibly_fixed"]] != fixed:
	        problems.append("v%d..v%d possibly_fixed: %s" % (j, j + 1, d["possibly_fixed"]))
	    if got("fixes") != []:
	        problems.append("v%d..v%d fixes: %s" % (j, j + 1, got("fixes")))
	    noise = set(got("unstable")) | set(got("known_issues"))
	    if noise & set(got("regressions")):
	        problems.append("v%d..v%d noise among regressions" % (j, j + 1))
	    if any(e["path"] == "suite.t27" for k in d["counts"] for e in d[k]):
	        problems.append("v%d..v%d: the superseded run counts" % (j, j + 1))
	assert not problems, "\n".join(problems)
	PY
'

test_expect_success 'the summary of a release splits them the same way' '
	cd repo &&
	git results summary --json --previous v6 v7 >summary.json &&
	python3 - <<-\PY
	import json
	c = json.load(open("summary.json"))["changes"]
	paths = lambda k: sorted(e["path"] for e in c[k])
	assert paths("regressions") == ["suite.t05", "suite.t31"], paths("regressions")
	assert paths("known_issues") == ["suite.t30", "suite.t32"], paths("known_issues")
	assert paths("unstable") == ["suite.t%d" % n for n in (20, 21, 22, 23, 24, 26)], paths("unstable")
	PY
'

test_expect_success 'log --test over a release range splits them the same way' '
	cd repo &&
	git results log --json --test "suite.*" v6..v7 >log.json &&
	python3 - <<-\PY
	import json
	h = json.load(open("log.json"))["history"]
	names = lambda f: sorted(e["test"] for e in h if f(e))
	assert names(lambda e: e["unstable"]) == ["suite.t%d" % n for n in (20, 21, 22, 23, 24, 26)], \
	    names(lambda e: e["unstable"])
	assert names(lambda e: e["known"]) == ["suite.t30", "suite.t32"], names(lambda e: e["known"])
	assert names(lambda e: e["reruns_differ"]) == ["suite.t26"], names(lambda e: e["reruns_differ"])
	t27 = [e for e in h if e["test"] == "suite.t27"]
	assert t27 and "F" not in t27[0]["strip"], t27
	PY
'

test_done
