#!/bin/sh
# add with real KCIDB data: the 500 production submissions of the KernelCI
# dashboard's own fixture (../shared/kcidb/samples/dashboard-submissions.zip).
# Every file either becomes records or is refused with its reason; a run
# whose submission ties it to no commit is never put on HEAD; the records
# written back as KCIDB are valid schema v5.3.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-kcidb.sh"

ZIP=$SHARED_DIR/kcidb/samples/dashboard-submissions.zip

# add_each <list> [<commit>]: adds every file of subs/ named in <list>,
# alone, and files its name under what became of it, in out/<outcome>.
add_each() {
	mkdir -p out &&
	while read -r f; do
		if git -C repo results add -q ${2:+"$2"} "../subs/$f" 2>err; then
			echo "$f" >>out/attached
		elif grep -q "^error: nothing added from .*: no commit for its [0-9]* KCIDB run" err; then
			echo "$f" >>out/no-commit
		elif grep -q "^error: cannot parse .* as kcidb: the submission has no test results$" err; then
			echo "$f" >>out/no-results
		elif grep -q "^error: the input names commit [0-9a-f]*, which is not in this repository$" err; then
			echo "$f" >>out/not-here
		elif grep -q "^error: [0-9a-f]* already has a different record for origin" err; then
			echo "$f" >>out/conflict
		else
			cat err >&2 && echo "$f" >>out/other
		fi || return 1
	done <"$1" &&
	for o in attached no-commit no-results not-here conflict other; do
		printf "%s %s\n" "$o" "$(cat "out/$o" 2>/dev/null | wc -l)" || return 1
	done >counts
}

test_expect_success 'setup: the 500 submissions, and what they hold' '
	unzip -q "$ZIP" -d subs &&
	ls subs >all &&
	test $(wc -l <all) = 500 &&
	git init -q repo &&
	(cd repo && test_commit one) &&
	python3 - subs <<-\PY
	import json, os, sys
	d = sys.argv[1]
	tests = files = resolvable = 0
	for name in sorted(os.listdir(d)):
	    doc = json.load(open(os.path.join(d, name)))
	    done = [t for t in doc.get("tests", []) if t.get("status")]
	    if not done:
	        continue
	    files += 1
	    tests += len(done)
	    builds = {b["id"]: b for b in doc.get("builds", [])}
	    checkouts = {c["id"]: c for c in doc.get("checkouts", [])}
	    if any(checkouts.get(builds.get(t["build_id"], {}).get("checkout_id"), {}).get("git_commit_hash")
	           for t in done):
	        resolvable += 1
	assert (files, tests, resolvable) == (361, 15955, 1), (files, tests, resolvable)
	PY
'

test_expect_success 'without a commit: nothing goes to HEAD, and every refusal says why' '
	add_each all &&
	cat >expect <<-\EOF &&
	attached 0
	no-commit 360
	no-results 139
	not-here 1
	conflict 0
	other 0
	EOF
	test_cmp expect counts &&
	test "$(git -C repo for-each-ref refs/notes/)" = ""
'

test_expect_success 'with a commit named: every test of every importable file is there' '
	rm -rf out &&
	add_each all one &&
	cat >expect <<-\EOF &&
	attached 360
	no-commit 0
	no-results 139
	not-here 1
	conflict 0
	other 0
	EOF
	test_cmp expect counts &&
	git -C repo results show --json one >shown.json &&
	python3 - subs out/attached shown.json <<-\PY
	import collections, json, sys
	d, attached, shown = sys.argv[1:]
	# KCIDB gathers a build'"'"'s tests from many submissions (274 tests
	# are even sent twice): a test line an earlier piece of its run gave
	# is there once, so a run holds each line as often as the piece that
	# holds it most often
	best = collections.Counter()
	for name in open(attached).read().split():
	    doc = json.load(open(d + "/" + name))
	    piece = collections.Counter()
	    for t in doc.get("tests", []):
	        if not t.get("status"):
	            continue
	        misc = t.get("misc") or {}
	        env = (t.get("environment") or {}).get("misc") or {}
	        piece[(t["origin"], t["build_id"], env.get("platform"), misc.get("runtime"),
	               t.get("path"), t["status"], misc.get("error_msg"))] += 1
	    for k, v in piece.items():
	        best[k] = max(best[k], v)
	records = json.load(open(shown))
	assert all(r["env"].get("imported") == "kcidb unsigned" for r in records)
	got = sum(len(r["tests"]) for r in records)
	assert (got, len(records)) == (sum(best.values()), 330), (got, len(records))
	PY
'

test_expect_success 'the records written back as KCIDB are valid schema v5.3' '
	git -C repo config results.kcidb.gitUrl https://git.example.org/pub/linux.git &&
	git -C repo config results.kcidb.branch master &&
	git -C repo results show --to kcidb one >kcidb.json &&
	validate_kcidb kcidb.json &&
	"$PYTHON" - kcidb.json <<-\PY
	import json, sys
	doc = json.load(open(sys.argv[1]))
	assert (len(doc["builds"]), len(doc["tests"])) == (330, 15627), (len(doc["builds"]), len(doc["tests"]))
	PY
'

test_done
