#!/bin/sh
# git's environment, beyond t1400: `git -c` for every kind of value and
# over the config files, GIT_CONFIG_COUNT, and GIT_WORK_TREE honoured
# (libgit2 1.5 refuses it) as git honours it.
. "$(dirname "$0")/test-lib.sh"

ESC=$(printf '\033')
TERM=xterm
export TERM

test_expect_success 'setup' '
	git init -q repo &&
	(
		cd repo &&
		test_commit one &&
		git results add --origin ci "$TEST_DATA/kunit-failure.ktap"
	)
'

test_expect_success 'git -c beats the repository config, the last -c wins' '
	test_when_finished "git -C repo config --unset color.results" &&
	git -C repo config color.results never &&
	git -C repo -c color.results=always results show >out &&
	grep "$ESC" out &&
	git -C repo -c color.results=always -c color.results=never results show >out &&
	! grep "$ESC" out
'

test_expect_success 'git -c: keys in any case, a bare key is true, key= is empty' '
	git -C repo -c Color.Results=always results show >out &&
	grep "$ESC" out &&
	GIT_PAGER=cat test_terminal git -C repo -c color.results results show >out &&
	grep "$ESC" out &&
	git -C repo -c color.results results show >out &&
	! grep "$ESC" out &&
	GIT_PAGER=cat test_terminal git -C repo -c color.ui=always -c color.results= results show >out &&
	! grep "$ESC" out
'

test_expect_success 'git -c: values with spaces, quotes, = and >' '
	test_terminal git -C repo \
		-c pager.results.show="sed \"s/^/[it'\''s paged] /\" >paged=1" results show &&
	grep "^\[it.s paged\] origin ci" repo/paged=1
'

# git itself refuses a bad GIT_CONFIG_COUNT before it runs us: the last
# check runs git-results on its own.
test_expect_success 'GIT_CONFIG_COUNT, with git -c over it' '
	GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=results.origin GIT_CONFIG_VALUE_0=from_env \
	GIT_CONFIG_KEY_1=color.results GIT_CONFIG_VALUE_1=always \
		git -C repo results add --run env "$TEST_DATA/kunit-skip.ktap" &&
	git -C repo notes --ref=results show >note &&
	grep "^origin from_env$" note &&
	GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=color.results GIT_CONFIG_VALUE_0=always \
		git -C repo results show >out &&
	grep "$ESC" out &&
	GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=color.results GIT_CONFIG_VALUE_0=always \
		git -C repo -c color.results=never results show >out &&
	! grep "$ESC" out &&
	(
		cd repo &&
		GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=color.results GIT_CONFIG_VALUE_0=always \
			test_expect_code 128 git-results show 2>../err
	) &&
	grep "^fatal: missing config key GIT_CONFIG_KEY_1" err
'

test_expect_success 'GIT_WORK_TREE with GIT_DIR, relative and absolute' '
	GIT_DIR=repo/.git GIT_WORK_TREE=repo git results show >out &&
	grep "^origin ci" out &&
	GIT_DIR="$TRASH_DIRECTORY/repo/.git" GIT_WORK_TREE="$TRASH_DIRECTORY/repo" \
		git results log >out &&
	test $(wc -l <out) = 1
'

test_expect_success 'GIT_WORK_TREE alone, from inside the repository' '
	mkdir elsewhere &&
	(cd repo && GIT_WORK_TREE=../elsewhere git results show) >out &&
	grep "^origin ci" out
'

test_expect_success 'a bare repository with a work tree, as git --work-tree gives' '
	git clone -q --bare repo bare.git &&
	git -C repo push -q ../bare.git refs/notes/results &&
	git --git-dir=bare.git --work-tree=elsewhere results show >out &&
	grep "^origin ci" out
'

test_expect_success 'core.worktree in the config' '
	test_when_finished "git -C repo config --unset core.worktree" &&
	git -C repo config core.worktree "$TRASH_DIRECTORY/repo" &&
	git -C repo results show >out &&
	grep "^origin ci" out
'

test_expect_success 'a GIT_WORK_TREE that cannot exist is fatal, as in git' '
	(cd repo && test_expect_code 128 env GIT_WORK_TREE=/nonexistent/dir git log) &&
	(cd repo && test_expect_code 128 env GIT_WORK_TREE=/nonexistent/dir git results show 2>../err) &&
	grep "^fatal: invalid path ./nonexistent/dir." err
'

test_expect_success 'the programs we run see GIT_WORK_TREE as we got it' '
	(
		cd repo &&
		GIT_WORK_TREE=../elsewhere \
		GIT_PAGER="echo \"\$GIT_WORK_TREE\" >../pager-env; cat >/dev/null" \
			test_terminal git results show
	) &&
	echo ../elsewhere >expect &&
	test_cmp expect pager-env
'

test_done
