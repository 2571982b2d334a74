#!/bin/sh
# fetch, pull and push: three clones and a bare remote exchange results,
# nothing is lost, and an unreachable remote changes nothing.
. "$(dirname "$0")/test-lib.sh"

KTAP_FAIL=$TEST_DATA/kunit-failure.ktap
KTAP_SKIP=$TEST_DATA/kunit-skip.ktap

# origins <repo> <commit>: the origin and run of each record, one per line.
origins() {
	git -C "$1" results show "$2" >"$TRASH_DIRECTORY/shown" &&
	sed -n "s/^origin \([^ ]*\)  run \([^ ]*\).*/\1 \2/p" "$TRASH_DIRECTORY/shown"
}

test_expect_success 'setup: a bare remote and three clones' '
	git init -q --bare remote.git &&
	git init -q seed &&
	(
		cd seed &&
		test_commit one &&
		test_commit two &&
		git push -q --tags ../remote.git main
	) &&
	for clone in alice bob carol; do
		git clone -q remote.git $clone || return 1
	done
'

test_expect_success 'fetch from a remote without results says so and changes nothing' '
	git -C alice results fetch 2>err &&
	grep "^no results on .origin. yet$" err &&
	test "$(cd alice && notes_tip refs/notes/remotes/origin/results)" = none
'

test_expect_success 'pull from a remote without results says so, unless -q, and changes nothing' '
	git -C alice results pull 2>err &&
	grep "^no results on .origin. yet$" err &&
	test "$(cd alice && notes_tip)" = none &&
	git -C alice results fetch -q 2>err &&
	git -C alice results pull -q 2>>err &&
	! test -s err &&
	test "$(cd alice && notes_tip)" = none
'

test_expect_success 'push creates the remote ref' '
	cd alice &&
	git results add -q --origin ci --run a1 one "$KTAP_SKIP" &&
	git results push 2>err &&
	grep "^refs/notes/results -> origin: \[new reference\]$" err &&
	test $(git -C ../remote.git rev-parse refs/notes/results) = $(git rev-parse refs/notes/results) &&
	test $(git rev-parse refs/notes/remotes/origin/results) = $(git rev-parse refs/notes/results)
'

test_expect_success 'fetch brings them to the tracking ref only' '
	cd bob &&
	git results fetch 2>err &&
	test $(git rev-parse refs/notes/remotes/origin/results) = \
		$(git -C ../remote.git rev-parse refs/notes/results) &&
	test "$(notes_tip)" = none &&
	git results show --ref remotes/origin/results one >out &&
	grep "^origin ci  run a1" out
'

test_expect_success 'push after someone else pushed merges theirs first' '
	cd bob &&
	git results add -q --origin lab --run b1 one "$KTAP_FAIL" &&
	git results add -q --origin lab --run b2 two "$KTAP_SKIP" &&
	git results push 2>err &&
	grep "^Merged refs/notes/remotes/origin/results into refs/notes/results" err &&
	origins ../remote.git one >actual &&
	printf "ci a1\nlab b1\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'pull merges into ours' '
	cd carol &&
	git results add -q --origin lkft --run c1 one "$KTAP_SKIP" &&
	git results pull 2>err &&
	grep "^Merged refs/notes/remotes/origin/results into refs/notes/results: 1 note added, 1 merged$" err &&
	origins . one >actual &&
	printf "ci a1\nlab b1\nlkft c1\n" >expect &&
	test_cmp expect actual &&
	git rev-list --no-walk --merges refs/notes/results >merges &&
	test $(wc -l <merges) = 1
'

test_expect_success 'pull when up to date, then a fast-forward' '
	cd carol &&
	git results pull 2>err &&
	grep "^Already up to date.$" err &&
	git results push -q &&
	git -C ../alice results pull 2>err &&
	grep "^Fast-forward refs/notes/results" err &&
	test $(git -C ../alice rev-parse refs/notes/results) = $(git rev-parse refs/notes/results)
'

test_expect_success 'everyone ends with every record, and plain git log shows them' '
	git -C bob results pull -q &&
	for clone in alice bob carol; do
		origins $clone one >actual &&
		printf "ci a1\nlab b1\nlkft c1\n" >expect &&
		test_cmp expect actual &&
		origins $clone two >actual &&
		echo "lab b2" >expect &&
		test_cmp expect actual || return 1
	done &&
	git -C alice log --notes=results -1 one >log &&
	grep "^    origin lkft$" log &&
	grep "^    origin lab$" log &&
	git -C remote.git fsck --strict &&
	git -C carol fsck --strict
'

test_expect_success 'push does not force: history on the remote is kept' '
	git -C remote.git rev-list refs/notes/results >before &&
	cd alice &&
	git results add -q --origin ci --run a2 two "$KTAP_SKIP" &&
	git results push -q &&
	git -C ../remote.git rev-list refs/notes/results >after &&
	test $(comm -23 ../before after | wc -l) = 0
'

test_expect_success 'the default remote follows the branch, like git' '
	git clone -q remote.git erin &&
	cd erin &&
	git remote rename origin upstream &&
	git results fetch 2>err &&
	test $(git rev-parse refs/notes/remotes/upstream/results) = \
		$(git -C ../remote.git rev-parse refs/notes/results)
'

test_expect_success 'a configured notes ref travels under its own name' '
	cd alice &&
	test_when_finished "git config --unset results.notesRef" &&
	git config results.notesRef ci &&
	git results add -q --origin ci --run own one "$KTAP_SKIP" &&
	git results push -q &&
	git -C ../remote.git rev-parse -q --verify refs/notes/ci
'

test_expect_success 'an unreachable remote leaves everything unchanged' '
	cd carol &&
	git remote add gone "$TRASH_DIRECTORY/does-not-exist.git" &&
	git results add -q --origin ci --run lost one "$KTAP_SKIP" &&
	git for-each-ref >refs.before &&
	cp .git/config config.before &&
	test_must_fail git results fetch gone 2>err &&
	grep "^error: cannot fetch results from .gone.$" err &&
	test_must_fail git results pull gone 2>err &&
	test_must_fail git results push gone 2>err &&
	git for-each-ref >refs.after &&
	test_cmp refs.before refs.after &&
	test_cmp config.before .git/config
'

test_expect_success 'an unreachable remote over the network too' '
	cd carol &&
	git remote add closed http://127.0.0.1:9/nothing.git &&
	git for-each-ref >refs.before &&
	test_must_fail git results push closed 2>err &&
	git for-each-ref >refs.after &&
	test_cmp refs.before refs.after
'

test_expect_success 'a push the remote refuses is not retried for ever' '
	cd carol &&
	mkdir -p ../remote.git/hooks &&
	test_when_finished "rm -f \"$TRASH_DIRECTORY/remote.git/hooks/pre-receive\"" &&
	printf "#!/bin/sh\necho no results today >&2\nexit 1\n" >../remote.git/hooks/pre-receive &&
	chmod +x ../remote.git/hooks/pre-receive &&
	before=$(git -C ../remote.git rev-parse refs/notes/results) &&
	test_must_fail git results push 2>err &&
	grep "^error: .origin. refused refs/notes/results: \[remote rejected\]" err &&
	test $(git -C ../remote.git rev-parse refs/notes/results) = $before &&
	rm ../remote.git/hooks/pre-receive &&
	git results push -q &&
	origins ../remote.git one >actual &&
	grep "^ci lost$" actual
'

test_expect_success 'fetch, pull and push take a URL or a path, as git fetch does' '
	git clone -q remote.git by-url &&
	cd by-url &&
	git remote remove origin &&
	url="file://$TRASH_DIRECTORY/remote.git" &&
	git results fetch "$url" 2>err &&
	test $(git rev-parse refs/notes/fetch-head/results) = \
		$(git -C ../remote.git rev-parse refs/notes/results) &&
	test "$(notes_tip)" = none &&
	git results pull -q ../remote.git &&
	test $(git rev-parse refs/notes/results) = \
		$(git -C ../remote.git rev-parse refs/notes/results) &&
	git results add -q --origin erin --run e1 one "$KTAP_SKIP" &&
	git results push "$url" 2>err &&
	grep "^refs/notes/results -> file://.*/remote.git: " err &&
	origins ../remote.git one >actual &&
	grep "^erin e1$" actual &&
	test_must_fail git results setup "$url" 2>err &&
	grep "is no remote.s name" err
'

test_expect_success 'push holds back the results of commits the remote does not have' '
	git clone -q remote.git grace &&
	cd grace &&
	git checkout -q -b embargo &&
	test_commit secret-fix &&
	git results add -q --origin ci --run s1 secret-fix "$KTAP_SKIP" &&
	git results add -q --origin ci --run g1 two "$KTAP_SKIP" &&
	git results push 2>err &&
	grep "^held back the results of 1 commit that .origin. does not have:$" err &&
	grep "^  $(git rev-parse --short=7 secret-fix) secret-fix$" err &&
	grep "^hint: .*git results push --all" err &&
	origins ../remote.git two >actual &&
	grep "^ci g1$" actual &&
	test_must_fail git -C ../remote.git notes --ref results show $(git rev-parse secret-fix) &&
	git -C ../remote.git rev-list --objects refs/notes/results >objects &&
	! grep "$(git notes --ref results list secret-fix)" objects &&
	test $(git rev-parse refs/notes/remotes/origin/results) = \
		$(git -C ../remote.git rev-parse refs/notes/results)
'

test_expect_success 'held-back results follow their commit once it is pushed' '
	cd grace &&
	git results push 2>err &&
	grep "^held back the results of 1 commit" err &&
	git push -q origin embargo &&
	git fetch -q origin &&
	git results push 2>err &&
	! grep "held back" err &&
	origins ../remote.git $(git rev-parse secret-fix) >actual &&
	grep "^ci s1$" actual &&
	origins ../remote.git two >actual &&
	grep "^ci g1$" actual
'

test_expect_success 'push --published counts a commit about to be pushed; --all sends everything' '
	cd grace &&
	test_commit next-fix &&
	git results add -q --origin ci --run n1 next-fix "$KTAP_SKIP" &&
	git results push --published next-fix 2>err &&
	! grep "held back" err &&
	git -C ../remote.git notes --ref results show $(git rev-parse next-fix) >actual &&
	grep "^run n1$" actual &&
	test_commit later-fix &&
	git results add -q --origin ci --run l1 later-fix "$KTAP_SKIP" &&
	git results push --all 2>err &&
	! grep "held back" err &&
	test $(git -C ../remote.git rev-parse refs/notes/results) = $(git rev-parse refs/notes/results)
'

test_expect_success 'bad input: unknown remote, usage errors' '
	cd alice &&
	test_expect_code 1 git results fetch nowhere 2>err &&
	grep "^error: no such remote .nowhere.$" err &&
	test_expect_code 1 git results push nowhere 2>err &&
	test_expect_code 1 git results pull nowhere 2>err &&
	test_expect_code 1 git results fetch "bad name" 2>err &&
	grep "^error: .bad name. is not a valid remote name$" err &&
	test_expect_code 129 git results push origin extra 2>err &&
	test_expect_code 129 git results pull -h >out &&
	grep "^usage: git results pull" out &&
	test_expect_code 129 git results fetch --bogus 2>err
'

test_expect_success 'a clone without results yet gets a hint from show and log' '
	git clone -q remote.git fresh &&
	test_must_fail git -C fresh results show one 2>err &&
	grep "^hint: .git results pull origin. gets those of .origin., if it has any$" err &&
	git -C fresh results log 2>err &&
	grep "^hint: there are no results in this repository yet" err &&
	git -C fresh -c advice.resultsFetch=false results log 2>err &&
	test_must_be_empty err &&
	git -C fresh results pull -q &&
	git -C fresh results log 2>err &&
	test_must_be_empty err &&
	git init -q lonely &&
	test_must_fail git -C lonely results show HEAD 2>err &&
	! grep "^hint:" err
'

test_done
