#!/bin/sh
# The pager, as git runs one: only on a terminal (script(1) gives one),
# chosen from GIT_PAGER, pager.results, core.pager and PAGER, never with
# --no-pager or under a pager git already started.
. "$(dirname "$0")/test-lib.sh"

# Each pager records that it ran, then saves what it was given.
PAGER_CMD='echo ran >>pager-runs; cat >paged'
TERM=xterm
export TERM

test_expect_success 'setup' '
	git init -q repo &&
	cd repo &&
	test_commit one &&
	git results add --origin ci "$TEST_DATA/kunit-failure.ktap" &&
	git results show >../expect-show &&
	git results log >../expect-log &&
	git config color.ui never
'
cd repo || exit 1

reset_pager() {
	rm -f paged pager-runs other-paged
}

test_expect_success 'not a terminal: no pager' '
	reset_pager &&
	GIT_PAGER=$PAGER_CMD git results show >out &&
	test_cmp ../expect-show out &&
	test ! -e pager-runs
'

test_expect_success 'a terminal: show and log go through the pager' '
	reset_pager &&
	GIT_PAGER=$PAGER_CMD test_terminal git results show >out &&
	test_cmp ../expect-show paged &&
	test ! -s out &&
	reset_pager &&
	GIT_PAGER=$PAGER_CMD test_terminal git results log >out &&
	test_cmp ../expect-log paged &&
	test ! -s out
'

test_expect_success 'a terminal: parse is not paged unless asked' '
	reset_pager &&
	GIT_PAGER=$PAGER_CMD test_terminal git results parse "$TEST_DATA/kunit-skip.ktap" >out &&
	test ! -e pager-runs &&
	grep "^origin local" out &&
	GIT_PAGER=$PAGER_CMD test_terminal git results -p parse "$TEST_DATA/kunit-skip.ktap" >out &&
	grep "^origin local" paged &&
	reset_pager &&
	GIT_PAGER=$PAGER_CMD test_terminal git results --paginate parse "$TEST_DATA/kunit-skip.ktap" >out &&
	grep "^origin local" paged
'

test_expect_success '--no-pager, git --no-pager and GIT_PAGER=cat: no pager' '
	reset_pager &&
	GIT_PAGER=$PAGER_CMD test_terminal git results --no-pager show >out &&
	GIT_PAGER=$PAGER_CMD test_terminal git results -P show >out &&
	GIT_PAGER=$PAGER_CMD test_terminal git --no-pager results show >out &&
	GIT_PAGER=cat test_terminal git results show >out &&
	GIT_PAGER= test_terminal git results show >out &&
	test ! -e pager-runs &&
	grep "^origin ci" out
'

test_expect_success 'pager.results and pager.results.<cmd>' '
	reset_pager &&
	GIT_PAGER=$PAGER_CMD test_terminal git -c pager.results=false results show >out &&
	GIT_PAGER=$PAGER_CMD test_terminal git -c pager.results.show=false results show >out &&
	GIT_PAGER=$PAGER_CMD test_terminal git -c pager.results.log=false results log >out &&
	test ! -e pager-runs &&
	GIT_PAGER=$PAGER_CMD test_terminal git -c pager.results.parse=true \
		results parse "$TEST_DATA/kunit-skip.ktap" >out &&
	grep "^origin local" paged &&
	reset_pager &&
	GIT_PAGER=$PAGER_CMD test_terminal git -c pager.results.show=false \
		results --paginate show >out &&
	test_cmp ../expect-show paged
'

test_expect_success 'pager.results set: git starts the pager, we start none' '
	reset_pager &&
	GIT_PAGER=$PAGER_CMD test_terminal git -c pager.results=true \
		results parse "$TEST_DATA/kunit-skip.ktap" >out &&
	test $(wc -l <pager-runs) = 1 &&
	grep "^origin local" paged &&
	reset_pager &&
	GIT_PAGER=$PAGER_CMD test_terminal git -c pager.results=true results show >out &&
	test $(wc -l <pager-runs) = 1 &&
	test_cmp ../expect-show paged
'

test_expect_success 'GIT_PAGER_IN_USE on a terminal: no second pager' '
	reset_pager &&
	GIT_PAGER_IN_USE=true GIT_PAGER=$PAGER_CMD test_terminal git results show >out &&
	test ! -e pager-runs &&
	grep "^origin ci" out
'

test_expect_success 'which pager: GIT_PAGER, pager.results.<cmd>, core.pager, PAGER' '
	reset_pager &&
	OTHER="cat >other-paged" &&
	GIT_PAGER=$PAGER_CMD test_terminal git -c core.pager="$OTHER" results show &&
	test -e paged && test ! -e other-paged && reset_pager &&
	test_terminal git -c core.pager="$OTHER" -c pager.results.show="$PAGER_CMD" results show &&
	test -e paged && test ! -e other-paged && reset_pager &&
	PAGER="$OTHER" test_terminal git -c core.pager="$PAGER_CMD" results show &&
	test -e paged && test ! -e other-paged && reset_pager &&
	PAGER="$PAGER_CMD" test_terminal git results show &&
	test_cmp ../expect-show paged
'

test_expect_success 'the pager gets LESS=FRX and LV=-c unless they are set' '
	reset_pager &&
	GIT_PAGER="echo \"\$LESS \$LV \${GIT_PAGER_IN_USE-unset}\" >pager-env; cat >/dev/null" \
		test_terminal git results show &&
	echo "FRX -c unset" >expect &&
	test_cmp expect pager-env &&
	LESS=-S LV=x GIT_PAGER="echo \"\$LESS \$LV\" >pager-env; cat >/dev/null" \
		test_terminal git results show &&
	echo "-S x" >expect &&
	test_cmp expect pager-env
'

test_expect_success 'colour in the pager unless color.pager is false' '
	reset_pager &&
	GIT_PAGER=$PAGER_CMD test_terminal git -c color.ui=auto results show &&
	grep "$(printf "\033")" paged &&
	reset_pager &&
	GIT_PAGER=$PAGER_CMD test_terminal git -c color.ui=auto -c color.pager=false results show &&
	test_cmp ../expect-show paged
'

test_expect_success 'errors go to the pager too, and the exit code is kept' '
	reset_pager &&
	GIT_PAGER=$PAGER_CMD test_expect_code 1 test_terminal git results show one nosuch >out &&
	grep "^error: bad revision .nosuch." paged &&
	grep "^origin ci" paged
'

test_expect_success 'we wait for the pager before exiting' '
	reset_pager &&
	GIT_PAGER="sleep 1; cat >paged" test_terminal git results show &&
	test_cmp ../expect-show paged
'

test_expect_success 'a pager that quits at once ends us quietly' '
	reset_pager &&
	{ GIT_PAGER="true" test_terminal git results show --all >out || test $? = 141; } &&
	test ! -s out
'

test_done
