#!/bin/sh
# git results trailer: Test-link trailers from record links and URL
# templates, read back by git interpret-trailers.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-release.sh"

test_expect_success 'setup' '
	git init -q repo &&
	cd repo &&
	release_commit "Linux 6.0" v6.0 &&
	git commit -q --allow-empty -m "fix things" &&
	release_commit "Linux 6.1" v6.1 &&
	write_tap ../pass.tap ok:a ok:b &&
	git results add --origin ci --run x86 --link https://ci.example/x86 \
		--link https://ci.example/shared v6.1 ../pass.tap &&
	git results add --origin lab --run arm --link https://lab.example/arm?a=1 \
		--link https://ci.example/shared v6.1 ../pass.tap &&
	git results add --origin ci --run bare HEAD~1 ../pass.tap
'

test_expect_success 'trailer prints the links of the records, sorted, once each' '
	cd repo &&
	git results trailer v6.1 >out &&
	cat >expect <<-\EOF &&
	Test-link: https://ci.example/shared
	Test-link: https://ci.example/x86
	Test-link: https://lab.example/arm?a=1
	EOF
	test_cmp expect out &&
	git checkout -q v6.1 &&
	git results trailer >out &&
	test_cmp expect out
'

test_expect_success 'the trailers read back unchanged through git interpret-trailers --parse' '
	cd repo &&
	git results trailer v6.1 >trailers &&
	{ echo "Release v6.1"; echo; cat trailers; } >msg &&
	git interpret-trailers --parse msg >parsed &&
	test_cmp trailers parsed &&
	{ echo "Release v6.1"; echo; echo "Some text."; echo; echo "Signed-off-by: A U Thor <a@example.com>"; cat trailers; } >msg2 &&
	git interpret-trailers --parse msg2 >parsed2 &&
	{ echo "Signed-off-by: A U Thor <a@example.com>"; cat trailers; } >expect2 &&
	test_cmp expect2 parsed2
'

test_expect_success 'results.linkTemplate expands every placeholder' '
	cd repo &&
	git checkout -q -B main v6.1 &&
	git config results.linkTemplate "https://dash.example/%H/%h/%D/%T/%B/100%%" &&
	git results trailer v6.1 >out &&
	echo "Test-link: https://dash.example/$(git rev-parse v6.1^{commit})/$(git rev-parse --short v6.1^{commit})/$(git describe v6.1^{commit})/v6.1/main/100%" >expect &&
	test_cmp expect out &&
	git config --unset results.linkTemplate &&
	git results trailer --template "https://dash.example/%D" HEAD~1 >out &&
	echo "Test-link: https://dash.example/$(git describe HEAD~1)" >expect &&
	test_cmp expect out
'

test_expect_success 'the template gives a link even without records; --template overrides the config' '
	cd repo &&
	git -c results.linkTemplate=https://dash.example/%h results trailer v6.0 >out &&
	echo "Test-link: https://dash.example/$(git rev-parse --short v6.0^{commit})" >expect &&
	test_cmp expect out &&
	git -c results.linkTemplate=https://dash.example/%h results trailer --template "https://other.example/%D" v6.0 >out &&
	echo "Test-link: https://other.example/v6.0" >expect &&
	test_cmp expect out
'

test_expect_success '--links uses the records even when a template is set' '
	cd repo &&
	git -c results.linkTemplate=https://dash.example/%h results trailer --links v6.1 >out &&
	grep "^Test-link: https://ci.example/x86$" out &&
	! grep dash.example out
'

test_expect_success '--tag names the release for %T, percent-encoded' '
	cd repo &&
	git results trailer --template "https://dash.example/%T" --tag "v6.2-rc1+fix #1" HEAD >out &&
	echo "Test-link: https://dash.example/v6.2-rc1%2Bfix%20%231" >expect &&
	test_cmp expect out &&
	git tag "next/2026+1" HEAD~1 &&
	git results trailer --template "https://dash.example/%T" HEAD~1 >out &&
	echo "Test-link: https://dash.example/next/2026%2B1" >expect &&
	test_cmp expect out
'

test_expect_success 'placeholders that cannot be filled are errors' '
	cd repo &&
	test_expect_code 1 git results trailer --template "https://x/%Q" 2>err &&
	grep "^error: .*unknown placeholder .%Q." err &&
	test_expect_code 1 git results trailer --template "https://x/%" 2>err &&
	grep "^error: .*lone" err &&
	git commit -q --allow-empty -m untagged &&
	test_expect_code 1 git results trailer --template "https://x/%T" 2>err &&
	grep "^error: .*no tag points at" err &&
	git checkout -q --detach &&
	test_expect_code 1 git results trailer --template "https://x/%B" 2>err &&
	grep "^error: .*HEAD is not on a branch" err &&
	git checkout -q main
'

test_expect_success '%B follows a symbolic ref to the branch, as git branch --show-current does' '
	cd repo &&
	git symbolic-ref refs/heads/alias refs/heads/main &&
	test_when_finished "git symbolic-ref --delete refs/heads/alias" &&
	git symbolic-ref HEAD refs/heads/alias &&
	test_when_finished "git symbolic-ref HEAD refs/heads/main" &&
	git results trailer --template "https://x/%B" >out &&
	echo "Test-link: https://x/main" >expect &&
	test_cmp expect out
'

test_expect_success 'no results, or results without links, are errors' '
	cd repo &&
	test_expect_code 1 git results trailer v6.0 2>err &&
	grep "^error: no results recorded for .v6.0.$" err &&
	test_expect_code 1 git results trailer HEAD~2 2>err &&
	grep "^error: the results of .HEAD~2. have no links" err &&
	test_expect_code 1 git results trailer no-such-rev 2>err &&
	grep "^error: bad revision" err
'

test_expect_success 'usage errors exit 129, -h prints usage on stdout' '
	cd repo &&
	test_expect_code 129 git results trailer -h >out &&
	grep "^usage: git results trailer" out &&
	test_expect_code 129 git results trailer a b 2>err &&
	grep "too many arguments" err &&
	test_expect_code 129 git results trailer --links --template x 2>err &&
	test_expect_code 129 git results trailer --bogus 2>err
'

# check_in_place <name> <message text>: --in-place gives what
# git interpret-trailers --if-exists addIfDifferent gives.
check_in_place() {
	test_expect_success "--in-place matches git interpret-trailers: $1" "
		cd repo &&
		printf '$2' >msg &&
		git results trailer v6.1 >trailers &&
		set -- &&
		while read -r line; do set -- \"\$@\" --trailer \"\$line\"; done <trailers &&
		git interpret-trailers --if-exists addIfDifferent \"\$@\" msg >expect &&
		git results trailer --in-place msg v6.1 &&
		test_cmp expect msg
	"
}

check_in_place 'subject only' 'Release v6.1\n'
check_in_place 'subject and body' 'Release v6.1\n\nThe body.\n'
check_in_place 'existing trailer block' 'Release v6.1\n\nBody.\n\nSigned-off-by: A <a@example.com>\nReviewed-by: B <b@example.com>\n'
check_in_place 'one link already there' 'Release v6.1\n\nBody.\n\nTest-link: https://ci.example/x86\n'
check_in_place 'key in another case' 'Release v6.1\n\ntest-link: https://ci.example/shared\n'
check_in_place 'mixed block with Signed-off-by' 'Release\n\nSigned-off-by: A <a@example.com>\nnot a trailer\n'
check_in_place 'comments after the message' 'Release v6.1\n\nBody.\n# Please enter the commit message\n#\n'
check_in_place 'empty message with comments' '\n# Please enter the commit message\n'
check_in_place 'trailing blank lines' 'Release v6.1\n\nBody.\n\n\n'
check_in_place 'a patch after ---' 'Release v6.1\n\nBody.\n---\n file | 1 +\n'
check_in_place 'scissors' 'Release v6.1\n\n# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n'
check_in_place 'continuation line' 'Release v6.1\n\nFoo: a\n  continued\n'

test_expect_success '--in-place never adds a trailer twice and leaves a complete file alone' '
	cd repo &&
	printf "Release v6.1\n" >msg &&
	git results trailer --in-place msg v6.1 &&
	cp msg once &&
	git results trailer --in-place msg v6.1 &&
	test_cmp once msg &&
	test $(grep -c "^Test-link: " msg) = 3
'

test_expect_success '--in-place honours core.commentChar' '
	cd repo &&
	printf "Release\n\nBody.\n; a comment\n" >msg &&
	git -c core.commentChar=";" results trailer --in-place msg v6.1 &&
	printf "Release\n\nBody.\n\nTest-link: https://ci.example/shared\nTest-link: https://ci.example/x86\nTest-link: https://lab.example/arm?a=1\n; a comment\n" >expect &&
	test_cmp expect msg
'

test_expect_success '--in-place on a message without a final newline' '
	cd repo &&
	printf "Release v6.1" >msg &&
	git results trailer --in-place msg --template https://x/%h v6.1 &&
	printf "Release v6.1\n\nTest-link: https://x/%s\n" "$(git rev-parse --short v6.1^{commit})" >expect &&
	test_cmp expect msg
'

test_expect_success '--in-place failures leave the file as it was' '
	cd repo &&
	printf "Release\n" >msg &&
	test_expect_code 1 git results trailer --in-place msg v6.0 2>err &&
	printf "Release\n" >expect &&
	test_cmp expect msg &&
	test_expect_code 1 git results trailer --in-place missing-file v6.1 2>err &&
	grep "^error: cannot read .missing-file." err &&
	! test -e missing-file &&
	! ls missing-file.tmp-* 2>/dev/null
'

test_expect_success 'trailer --tested-by: every record of the origins passed' '
	cd repo &&
	git results trailer --tested-by v6.1 >out &&
	echo "Tested-by: C O Mitter <committer@example.com>" >expect &&
	test_cmp expect out &&
	git -c results.testedBy="Lab Bot <bot@lab.example>" results trailer --tested-by \
		--origin lab v6.1 >out &&
	echo "Tested-by: Lab Bot <bot@lab.example>" >expect &&
	test_cmp expect out &&
	{ echo "Release v6.1"; echo; cat out; } >msg &&
	git interpret-trailers --parse msg >parsed &&
	test_cmp expect parsed
'

test_expect_success 'trailer --tested-by says why not when a record of the origins did not pass' '
	cd repo &&
	write_tap ../fail.tap ok:a fail:b &&
	git results add -q --origin lab --run riscv --env arch=riscv v6.1 ../fail.tap &&
	test_expect_code 1 git results trailer --tested-by v6.1 >out 2>err &&
	test_must_be_empty out &&
	echo "error: not adding Tested-by: to '\''v6.1'\'': origin lab, run riscv: FAIL (1 FAIL, 1 PASS)" >expect &&
	test_cmp expect err &&
	test_expect_code 1 git results trailer --tested-by --origin lab v6.1 2>err &&
	test_cmp expect err &&
	git results trailer --tested-by --origin ci v6.1 >out &&
	grep "^Tested-by: C O Mitter" out &&
	test_expect_code 1 git results trailer --tested-by --origin nobody v6.1 2>err &&
	grep "^error: not adding Tested-by: to .v6.1.: no results of origin nobody$" err &&
	write_tap ../skip.tap skip:a &&
	git results add -q --origin skipper --run s1 v6.1 ../skip.tap &&
	test_expect_code 1 git results trailer --tested-by --origin skipper v6.1 2>err &&
	grep "origin skipper, run s1: SKIP (1 SKIP)" err &&
	echo new >file && git add file && git commit -q -m untested && git tag untested &&
	git checkout -q v6.1 &&
	test_expect_code 1 git results trailer --tested-by untested 2>err &&
	grep "^error: not adding Tested-by: to .untested.: no results$" err
'

test_expect_success 'trailer --tested-by --in-place adds the trailer once' '
	cd repo &&
	printf "Fix a thing\n\nSigned-off-by: A U Thor <author@example.com>\n" >msg &&
	git results trailer --tested-by --origin ci --in-place msg v6.1 &&
	git results trailer --tested-by --origin ci --in-place msg v6.1 &&
	git interpret-trailers --parse msg >parsed &&
	cat >expect <<-\EOF &&
	Signed-off-by: A U Thor <author@example.com>
	Tested-by: C O Mitter <committer@example.com>
	EOF
	test_cmp expect parsed &&
	test_expect_code 129 git results trailer --tested-by --links v6.1 2>err &&
	grep "tested-by cannot be used with --links" err
'

test_done
