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
		elif grep -q "^error: cannot parse .* as kcidb: the submission has no test results" err; then
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

test_expect_success 'add --batch of every attached file (389 runs) gives the note adding them one by one gave' '
	sed "s|^|one ../subs/|" out/attached >list &&
	(cd repo && git results add --batch --ref batch) <list 2>err &&
	echo "388 of 389 records added to refs/notes/batch" >expect &&
	test_cmp expect err &&
	git -C repo notes --ref=results show one >one-by-one.note &&
	git -C repo notes --ref=batch show one >batch.note &&
	test_cmp one-by-one.note batch.note
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

# Three submissions that hold the tests of one run (a linaro build on
# qemu-arm64), as the dashboard received them, and a maestro submission of
# 72 tests of one run.
PIECES="8vV8tT9slzClaiv8iGS0vE6aQpRH49Rr BMjNPnEm40xdUtGE18RNqYjWzLZyQWlT gpwc8yHZccqGr1a89qaWEU35X8QphUhV"
WHOLE=CUdAp5zy5BdmsCnNxnopyDODnSceDBYX
SQ="'"

test_expect_success 'add --batch: the submissions of one run are one record, as added one by one' '
	git init -q pieces &&
	(cd pieces && test_commit one) &&
	for f in $PIECES; do
		echo "one ../subs/submission-$f.json" || return 1
	done >list &&
	(cd pieces && git results add -q --batch) <list &&
	git -C pieces notes --ref=results show one >batch.note &&
	test_count_records batch.note >count &&
	echo 1 >expect &&
	test_cmp expect count &&
	git -C pieces update-ref -d refs/notes/results &&
	for f in $PIECES; do
		git -C pieces results add -q one "../subs/submission-$f.json" || return 1
	done &&
	git -C pieces notes --ref=results show one >one-by-one.note &&
	test_cmp one-by-one.note batch.note &&
	git -C pieces update-ref -d refs/notes/results &&
	awk "{ l[NR] = \$0 } END { for (i = NR; i; i--) print l[i] }" list >reversed &&
	(cd pieces && git results add --batch) <reversed 2>err &&
	echo "3 of 3 records added to refs/notes/results" >expect &&
	test_cmp expect err &&
	git -C pieces notes --ref=results show one >actual &&
	test_cmp batch.note actual
'

test_expect_success 'add --batch: a submission split into pieces gives the record of the whole' '
	git -C pieces update-ref -d refs/notes/results &&
	git -C pieces results add -q one "../subs/submission-$WHOLE.json" &&
	git -C pieces notes --ref=results show one >whole.note &&
	test_count_records whole.note >count &&
	echo 1 >expect &&
	test_cmp expect count &&
	git -C pieces update-ref -d refs/notes/results &&
	python3 - "subs/submission-$WHOLE.json" <<-\PY &&
	import json, sys
	doc = json.load(open(sys.argv[1]))
	tests = doc["tests"]
	cut = [0, 30, 31, 72]
	assert len(tests) == 72 and not doc.get("builds") and not doc.get("checkouts")
	for i in range(3):
	    part = dict(doc, tests=tests[cut[i]:cut[i + 1]])
	    json.dump(part, open("piece%d.json" % i, "w"))
	PY
	printf "one ../piece%d.json\n" 0 1 2 >list &&
	(cd pieces && git results add -q --batch) <list &&
	git -C pieces notes --ref=results show one >actual &&
	test_cmp whole.note actual
'

test_expect_success 'add --batch: pieces that describe their run differently are refused, and nothing is written' '
	git -C pieces update-ref -d refs/notes/results &&
	python3 - piece0.json <<-\PY &&
	import json, sys
	doc = json.load(open(sys.argv[1]))
	t = doc["tests"][0]
	doc["builds"] = [{"id": t["build_id"], "origin": t["origin"],
	                  "checkout_id": "maestro:unknown", "architecture": "arm64",
	                  "config_name": "defconfig", "compiler": "gcc-12"}]
	json.dump(doc, open("piece0-build.json", "w"))
	PY
	printf "one ../piece%s.json\n" 0-build 1 >list &&
	test_must_fail git -C pieces results add --batch <list 2>err &&
	git -C pieces results parse ../piece1.json >parsed &&
	run=$(sed -n "s/^run //p" parsed) &&
	cat >expect <<-EOF &&
	error: two pieces of KCIDB run $SQ$run$SQ of origin ${SQ}maestro$SQ on $(git -C pieces rev-parse one) describe the run differently (its build, checkout or environment); give every file of the run its build, or join them into one submission
	EOF
	test_cmp expect err &&
	test_must_fail git -C pieces rev-parse -q --verify refs/notes/results &&
	git -C pieces results add -q one ../piece0-build.json &&
	git -C pieces rev-parse refs/notes/results >before &&
	test_must_fail git -C pieces results add one ../piece1.json 2>err &&
	test_cmp expect err &&
	git -C pieces rev-parse refs/notes/results >after &&
	test_cmp before after
'

test_expect_success 'add --batch: a piece that holds only the build says what to do, and nothing is written' '
	git -C pieces update-ref -d refs/notes/results &&
	printf "one ../subs/submission-%s.json\n" ETtrmzUI45bCJTembs22Hm4O6zPKa4A6 \
		N7vLXcAd5rCr9qWQL8XB79eqVUzm3LiR >list &&
	test_must_fail git -C pieces results add --batch <list 2>err &&
	cat >expect <<-EOF &&
	error: cannot parse ${SQ}../subs/submission-ETtrmzUI45bCJTembs22Hm4O6zPKa4A6.json${SQ} as kcidb: the submission has no test results, only 0 checkouts and 1 build; add the files of their tests naming the commit, or join them with this one into one submission
	error: batch line 1: nothing added
	EOF
	test_cmp expect err &&
	test_must_fail git -C pieces rev-parse -q --verify refs/notes/results
'

test_done
