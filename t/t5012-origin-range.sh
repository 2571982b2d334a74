#!/bin/sh
# --origin on show, trailer and verify (only the records of those
# origins count), and show of a range "a..b": each commit of it with
# results, newest first, as git show a..b shows each commit.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-release.sh"

test_expect_success 'setup: a mainline with a merged branch, two origins' '
	git init -q repo &&
	cd repo &&
	release_commit "Linux 6.0" v6.0 &&
	git checkout -q -b net &&
	test_commit n1 &&
	git checkout -q - &&
	test_commit m1 &&
	test_commit untested &&
	git merge -q --no-ff -m "Merge net" net &&
	git tag M &&
	write_tap ../ok.tap ok:boot &&
	write_tap ../bad.tap fail:boot &&
	git results add --origin ci --run c0 --link https://ci.example/c0 v6.0 ../ok.tap &&
	git results add --origin lab --run l0 --link https://lab.example/l0 v6.0 ../bad.tap &&
	git results add --origin ci --run c1 n1 ../ok.tap &&
	git results add --origin lab --run l1 m1 ../bad.tap &&
	git results add --origin ci --run c2 M ../bad.tap
'

test_expect_success 'show --origin shows only the records of that origin' '
	cd repo &&
	git results show --origin lab v6.0 >out &&
	grep "^origin lab  run l0" out &&
	! grep "^origin ci" out &&
	git results show --origin lab --origin ci v6.0 >both &&
	git results show v6.0 >all &&
	test_cmp all both &&
	git results show --json --origin ci v6.0 >out.json &&
	python3 -c "
import json
assert [r[\"origin\"] for r in json.load(open(\"out.json\"))] == [\"ci\"]
"
'

test_expect_success 'show --origin: a commit without records of it has no results' '
	cd repo &&
	test_expect_code 1 git results show --origin lab n1 >out 2>err &&
	test_must_be_empty out &&
	grep "^error: no results of origin .lab. recorded for .n1.$" err &&
	test_expect_code 129 git results show --raw --origin lab v6.0 2>err &&
	test_expect_code 129 git results show --origin "no such" v6.0 2>err &&
	grep "^error: bad --origin" err
'

test_expect_success 'show a..b: each commit of the range with results, newest first' '
	cd repo &&
	git rev-list v6.0..M >range &&
	: >expect &&
	while read -r c
	do
		if git notes --ref=results show "$c" >/dev/null 2>&1
		then
			echo "$c" >>expect
		fi
	done <range &&
	test_line_count = 3 expect &&
	git results show v6.0..M >out &&
	sed -n "s/^commit //p" out >got &&
	test_cmp expect got &&
	git results show --origin lab v6.0..M >out &&
	sed -n "s/^commit //p" out >got &&
	git rev-parse m1 >expect &&
	test_cmp expect got
'

test_expect_success 'show of a range without results shows nothing, as git log' '
	cd repo &&
	git results show M..M >out &&
	test_must_be_empty out &&
	test_expect_code 1 git results show v6.0...M 2>err &&
	grep "symmetric" err
'

test_expect_success 'trailer --origin: the links of that origin only' '
	cd repo &&
	git results trailer --origin lab v6.0 >out &&
	echo "Test-link: https://lab.example/l0" >expect &&
	test_cmp expect out &&
	git results trailer v6.0 >out &&
	test_line_count = 2 out &&
	git config results.linkTemplate "https://dash.example/%H" &&
	git results trailer --origin ci v6.0 >out &&
	echo "Test-link: https://ci.example/c0" >expect &&
	test_cmp expect out &&
	test_expect_code 129 git results trailer --origin ci --template "x/%H" v6.0 2>err &&
	test_expect_code 1 git results trailer --origin lab n1 2>err &&
	grep "^error: no results of origin .lab. recorded for .n1.$" err
'

test_expect_success 'verify --origin verifies only the records of that origin' '
	cd repo &&
	test_expect_code 1 git results verify -v v6.0 >out &&
	test_line_count = 2 out &&
	test_expect_code 1 git results verify -v --origin lab v6.0 >out &&
	test_line_count = 1 out &&
	grep " lab l0" out &&
	test_expect_code 1 git results verify -v --origin ci v6.0..M >out &&
	test_line_count = 2 out &&
	! grep " lab " out &&
	test_expect_code 128 git results verify --origin lab n1 2>err &&
	grep "^error: no results of origin .lab. recorded for .n1.$" err
'

test_done
