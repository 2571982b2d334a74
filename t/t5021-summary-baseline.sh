#!/bin/sh
# git results summary: the previous release it compares with follows
# the kernel's convention: a final release skips the -rcN tags back to
# the previous final release, an rc goes back to the previous tag.
# results.releasePattern says which tags are final releases.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-release.sh"

# previous_of <rev>: the name summary shows on its "Previous:" line.
previous_of() {
	git results summary "$@" >summary.out &&
	sed -n "s/^Previous:  \([^ ]*\) .*/\1/p" summary.out
}

# Annotated and lightweight tags both, with a merged topic branch
# between the rcs.
test_expect_success 'setup: v6.0, v6.1-rc1, v6.1-rc2, v6.1, v6.2-rc1' '
	git init -q repo &&
	cd repo &&
	release_commit "Linux 6.0" v6.0 &&
	git commit -q --allow-empty -m "Linux 6.1-rc1" &&
	git tag v6.1-rc1 &&
	git checkout -q -b net &&
	git commit -q --allow-empty -m "net: fix" &&
	git checkout -q - &&
	git commit -q --allow-empty -m "mm: fix" &&
	git merge -q --no-ff -m "Merge net" net &&
	release_commit "Linux 6.1-rc2" v6.1-rc2 &&
	release_commit "Linux 6.1" v6.1 &&
	git commit -q --allow-empty -m "Linux 6.2-rc1" &&
	git tag v6.2-rc1 &&
	write_tap ../t.tap ok:boot &&
	for t in v6.0 v6.1-rc1 v6.1-rc2 v6.1 v6.2-rc1
	do
		git results add --origin ci --run "$t" "$t" ../t.tap || return 1
	done
'

test_expect_success 'a final release is compared with the previous final release, as git describe --exclude "*-rc*"' '
	cd repo &&
	git describe --tags --abbrev=0 --exclude="*-rc*" v6.1^ >expect &&
	echo v6.0 >want &&
	test_cmp want expect &&
	previous_of v6.1 >out &&
	test_cmp expect out &&
	grep "^Range:     v6\.0\.\.v6\.1, " summary.out
'

test_expect_success 'an rc is compared with the previous tag, rc or final, lightweight or annotated' '
	cd repo &&
	for t in v6.1-rc1 v6.1-rc2 v6.2-rc1
	do
		git describe --tags --abbrev=0 "$t^" >expect &&
		previous_of "$t" >out &&
		test_cmp expect out || return 1
	done &&
	previous_of v6.1-rc2 >out &&
	echo v6.1-rc1 >expect &&
	test_cmp expect out &&
	previous_of v6.2-rc1 >out &&
	echo v6.1 >expect &&
	test_cmp expect out
'

test_expect_success 'packed tags give the same releases, peeled as packed-refs records them' '
	cd repo &&
	# a tag of a tree names no release; a tag of a tag names its commit
	git tag -a -m tree v9.9 "v6.1^{tree}" &&
	git tag -a -m nested v6.0a v6.1 &&
	for t in v6.1-rc1 v6.1-rc2 v6.1 v6.2-rc1
	do
		previous_of "$t" >"../loose-$t" || return 1
	done &&
	echo v6.0a >expect &&
	test_cmp expect ../loose-v6.2-rc1 &&
	git pack-refs --all &&
	grep "^\^" .git/packed-refs >peeled &&
	test -z "$(find .git/refs/tags -type f)" &&
	for t in v6.1-rc1 v6.1-rc2 v6.1 v6.2-rc1
	do
		previous_of "$t" >out &&
		test_cmp "../loose-$t" out || return 1
	done &&
	git tag -d v9.9 v6.0a
'

test_expect_success '--name says which kind of release an untagged commit is' '
	cd repo &&
	previous_of --name v6.1 "$(git rev-parse v6.1^{commit})" >out &&
	echo v6.0 >expect &&
	test_cmp expect out &&
	previous_of --name v6.1-rc3 "$(git rev-parse v6.1^{commit})" >out &&
	echo v6.1-rc2 >expect &&
	test_cmp expect out
'

test_expect_success '--previous overrides the convention' '
	cd repo &&
	previous_of --previous v6.1-rc2 v6.1 >out &&
	echo v6.1-rc2 >expect &&
	test_cmp expect out
'

test_expect_success 'results.releasePattern: a regex, or a glob after "glob:"' '
	cd repo &&
	test_when_finished "git config --unset results.releasePattern" &&
	git config results.releasePattern "^v[0-9.]+(-rc2)?$" &&
	previous_of v6.1 >out &&
	echo v6.1-rc2 >expect &&
	test_cmp expect out &&
	git config results.releasePattern "glob:v6.[01]" &&
	previous_of v6.1 >out &&
	echo v6.0 >expect &&
	test_cmp expect out &&
	git config results.releasePattern "glob:nothing" &&
	previous_of v6.1 >out &&
	echo v6.1-rc2 >expect &&
	test_cmp expect out
'

test_expect_success 'a bad results.releasePattern is an error' '
	cd repo &&
	test_when_finished "git config --unset results.releasePattern" &&
	git config results.releasePattern "v6(" &&
	test_expect_code 1 git results summary v6.1 >out 2>err &&
	test_must_be_empty out &&
	grep "^error: bad results.releasePattern .v6(.: " err
'

test_expect_success 'summary --origin counts only that origin, on the merged trees too' '
	cd repo &&
	write_tap ../lab.tap fail:boot &&
	git results add --origin lab --run l1 v6.1 ../lab.tap &&
	git results add --origin lab --run n1 net ../lab.tap &&
	git results summary v6.1 >all &&
	grep "lab" all &&
	grep "Merge net (tip [0-9a-f]*): FAIL, 1 test" all &&
	git results summary --origin ci v6.1 >out &&
	! grep "lab" out &&
	grep "Merge net (tip [0-9a-f]*): no results" out &&
	git results summary --json --origin lab v6.1 >out.json &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
assert [g[\"origin\"] for g in d[\"environments\"]] == [\"lab\"], d[\"environments\"]
" &&
	test_expect_code 129 git results summary --origin Bad v6.1 2>err &&
	grep "^error: bad --origin .Bad." err
'

test_expect_success 'the first release has no previous release' '
	cd repo &&
	git results summary v6.0 >out &&
	grep "^Previous:  none found$" out
'

test_done
