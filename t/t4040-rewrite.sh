#!/bin/sh
# Rewritten commits: the post-rewrite hook copies results to a commit
# whose tree did not change, and only then; git results show on a commit
# without results shows those of the same tree elsewhere, marked.
. "$(dirname "$0")/test-lib.sh"

KTAP_SKIP=$TEST_DATA/kunit-skip.ktap

# runs <commit>: the origin and run of each record shown, one per line.
runs() {
	git results show "$1" >"$TRASH_DIRECTORY/shown" &&
	sed -n "s/^origin \([^ ]*\)  run \([^ ]*\).*/\1 \2/p" "$TRASH_DIRECTORY/shown"
}

test_expect_success 'setup: hooks installed, results on two commits' '
	git init -q repo &&
	cd repo &&
	git results setup -q --hooks &&
	test_commit one &&
	test_commit two &&
	test_commit three &&
	git results add -q --origin ci --run r2 two "$KTAP_SKIP" &&
	git results add -q --origin ci --run r3 three "$KTAP_SKIP"
'

test_expect_success 'amending only the message carries the results over' '
	cd repo &&
	old=$(git rev-parse HEAD) &&
	git commit -q --amend -m "three, reworded" 2>err &&
	grep "^results copied to 1 rewritten commit$" err &&
	test $(git rev-parse HEAD^{tree}) = $(git rev-parse $old^{tree}) &&
	git notes --ref=results show HEAD >copied &&
	git notes --ref=results show $old >original &&
	test_cmp original copied &&
	git results show HEAD >out &&
	grep "^warning: this record was made for commit $old$" out
'

test_expect_success 'amending the code does not: the new commit is untested' '
	cd repo &&
	echo changed >three.t &&
	git commit -q -a --amend -m "three, changed" 2>err &&
	grep "^1 rewritten commit with results changed the tree: results not copied$" err &&
	test_must_fail git results show HEAD 2>err &&
	grep "^error: no results recorded for .HEAD.$" err
'

test_expect_success 'a rebase that keeps trees carries results; one that changes them does not' '
	cd repo &&
	git reset -q --hard three &&
	git checkout -q -b side one &&
	test_commit side &&
	git checkout -q - &&
	git tag before-rebase &&
	GIT_COMMITTER_DATE="1700000100 +0000" git rebase -q --force-rebase one 2>err &&
	grep "^results copied to 2 rewritten commits$" err &&
	test $(git rev-parse HEAD) != $(git rev-parse before-rebase) &&
	test $(git rev-parse HEAD^{tree}) = $(git rev-parse before-rebase^{tree}) &&
	runs HEAD >actual &&
	echo "ci r3" >expect &&
	test_cmp expect actual &&
	runs HEAD^ >actual &&
	echo "ci r2" >expect &&
	test_cmp expect actual &&
	git reset -q --hard before-rebase &&
	git rebase -q side 2>err &&
	grep "rewritten commits\? with results changed the tree" err &&
	test_must_fail git notes --ref=results show HEAD
'

test_expect_success 'show falls back to results of the same tree on another commit, marked' '
	cd repo &&
	twin=$(git commit-tree two^{tree} -p one -m "same code as two") &&
	git results show $twin >out &&
	grep "^commit $twin$" out &&
	grep "^results of $(git rev-parse two), which has the same tree$" out &&
	grep "^origin ci  run r2" out &&
	! grep "^warning: this record was made" out &&
	git results show --json $twin >json &&
	grep "\"same_tree\": true" json &&
	grep "\"attached_to\": \"$(git rev-parse two)\"" json &&
	git results show --json two >json &&
	grep "\"same_tree\": false" json &&
	test_must_fail git results show --raw $twin
'

test_expect_success 'log, diff and summary find them too, marked' '
	cd repo &&
	twin=$(git commit-tree two^{tree} -p two -m "same code as two, again") &&
	git results log --color=never $twin >out &&
	head -1 out >first &&
	grep "^$(git rev-parse --short=7 $twin) PASS  (4 PASS, 1 SKIP; same tree as $(git rev-parse --short=7 two)) same code as two, again$" first &&
	git results log --json $twin >json &&
	grep "\"attached_to\": \"$(git rev-parse two)\"" json &&
	git results diff two $twin >out &&
	grep "^$twin: results of $(git rev-parse two), which has the same tree$" out &&
	git results summary $twin >out &&
	grep "^Commit:    $twin same code as two, again$" out &&
	grep "^           results of $(git rev-parse two), which has the same tree$" out &&
	git results summary --json $twin >json &&
	python3 - "$(git rev-parse two)" <<-\PY
	import json, sys
	r = json.load(open("json"))["release"]
	assert r["same_tree"] is True and r["attached_to"] == sys.argv[1], r
	PY
'

test_expect_success 'the tree index follows the notes ref, and a damaged one is made again' '
	cd repo &&
	code=$(git commit-tree HEAD~1^{tree} -m "code first tested later") &&
	twin=$(git commit-tree HEAD~1^{tree} -m "its twin") &&
	test_must_fail git results show $twin 2>err &&
	ls .git/git-results/tree-index-* >index-files &&
	test_line_count = 1 index-files &&
	git results add -q --origin lab --run late $code "$KTAP_SKIP" &&
	git results show $twin >out &&
	grep "^results of $code, which has the same tree$" out &&
	index=$(cat index-files) &&
	echo garbage >"$index" &&
	git results show $twin >out &&
	grep "^results of $code, which has the same tree$" out &&
	test $(wc -c <"$index") -gt 40
'

test_expect_success 'copy by hand; and only for the same tree' '
	cd repo &&
	twin=$(git commit-tree two^{tree} -p one -m "twin") &&
	git results copy two $twin 2>err &&
	grep "^results copied to 1 rewritten commit$" err &&
	git notes --ref=results show $twin >copied &&
	git notes --ref=results show two >original &&
	test_cmp original copied &&
	before=$(notes_tip) &&
	test_expect_code 1 git results copy two three 2>err &&
	grep "^error: .two. and .three. have different trees: results not copied$" err &&
	test_expect_code 1 git results copy one two 2>err &&
	grep "^error: no results recorded for .one.$" err &&
	test $(notes_tip) = $before
'

test_expect_success 'copying onto a commit with results of its own merges them' '
	cd repo &&
	twin=$(git commit-tree two^{tree} -p one -m "another twin") &&
	git results add -q --origin lab --run own $twin "$KTAP_SKIP" &&
	git results copy two $twin &&
	runs $twin >actual &&
	printf "ci r2\nlab own\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'copy follows the attach policy: a signed record replaces its payload' '
	cd repo &&
	test_gpg_key "CI Bot <ci@example.com>" >/dev/null &&
	twin=$(git commit-tree two^{tree} -p one -m "signed twin") &&
	git results copy two $twin &&
	git results add -q --force --sign -u ci@example.com --origin ci --run r2 two "$KTAP_SKIP" &&
	git notes --ref=results show two >signed &&
	grep "^-----BEGIN PGP SIGNATURE-----$" signed &&
	git results copy two $twin &&
	git notes --ref=results show $twin >copied &&
	test_cmp signed copied &&
	git results copy two $twin &&
	git notes --ref=results show $twin >again &&
	test_cmp signed again
'

test_expect_success 'copy: an imported copy of a record already there adds nothing' '
	cd repo &&
	twin=$(git commit-tree two^{tree} -p one -m "imported twin") &&
	git results copy two $twin &&
	git notes --ref=results show two >original &&
	sed -e "/^-----BEGIN PGP SIGNATURE-----$/,\$d" -e "/^date /a\\
env imported kcidb unsigned" original >imported &&
	! test_cmp original imported &&
	git notes --ref=results add -f -F imported two &&
	git results copy two $twin &&
	git notes --ref=results show $twin >actual &&
	test_cmp original actual
'

test_expect_success 'verify checks the records of an identical tree on their own commit' '
	cd repo &&
	twin=$(git commit-tree two^{tree} -p one -m "verified twin") &&
	git results verify -v $twin >out &&
	grep "^good $twin ci r2 .*(results of [0-9a-f]*, which has the same tree)$" out &&
	git results verify --json $twin >json &&
	grep "\"same_tree\": true" json
'

test_expect_success 'copy --stdin writes nothing when a line is bad' '
	cd repo &&
	twin=$(git commit-tree two^{tree} -p one -m "third twin") &&
	before=$(notes_tip) &&
	printf "%s %s\nnot-a-commit %s\n" $(git rev-parse two) $twin $twin >input &&
	test_expect_code 1 git results copy --stdin <input 2>err &&
	grep "^error: line 2: nothing copied$" err &&
	test $(notes_tip) = $before &&
	printf "%s\n" $(git rev-parse two) >input &&
	test_expect_code 1 git results copy --stdin <input 2>err &&
	grep "^error: line 1: expected .<old> <new>.$" err &&
	test_expect_code 129 git results copy --stdin extra 2>err &&
	test_expect_code 129 git results copy two 2>err &&
	test $(notes_tip) = $before &&
	git fsck --strict
'

test_done
