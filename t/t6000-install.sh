#!/bin/sh
# make install and make uninstall into a DESTDIR: git finds the installed
# git-results on PATH, every man page renders and opens with git help,
# and uninstall takes everything away again.
. "$(dirname "$0")/test-lib.sh"

# Only the installed copy, not the build tree's bin/.
PATH=${PATH#"$SRC_DIR/bin:"}
DEST=$TRASH_DIRECTORY/dest
MANWIDTH=80
export MANWIDTH
unset MANPATH MANPAGER

# Installs what the test run built (NO_BUILD), whatever flags built it.
run_make() {
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
		make -s --no-print-directory -C "$SRC_DIR" NO_BUILD=1 "$@"
}

# The subcommands, from the dispatch table.
subcommands() {
	for word in $(git-results --git-completion-helper); do
		case "$word" in
		-*|help) ;;
		*) echo "$word" ;;
		esac
	done
}

test_expect_success 'make install into a DESTDIR' '
	run_make install DESTDIR="$DEST" prefix=/usr >install.log &&
	test -x "$DEST/usr/bin/git-results" &&
	test -f "$DEST/usr/share/man/man1/git-results.1" &&
	test -f "$DEST/usr/share/man/man5/git-results-record.5" &&
	test -f "$DEST/usr/share/bash-completion/completions/git-results" &&
	test -f "$DEST/usr/share/zsh/site-functions/_git-results" &&
	test -d "$DEST/usr/share/git-results/hooks"
'

PATH=$DEST/usr/bin:$PATH

test_expect_success 'git runs the installed git-results found on PATH' '
	test "$(command -v git-results)" = "$DEST/usr/bin/git-results" &&
	git results --version >out &&
	grep "^git-results version " out &&
	git init -q repo &&
	(
		cd repo &&
		test_commit one &&
		git results add --origin ci "$TEST_DATA/kunit-skip.ktap" &&
		git results show >../out
	) &&
	grep "^origin ci " out
'

test_expect_success 'every hook in hooks/ is installed, executable' '
	for hook in "$SRC_DIR"/hooks/*; do
		test -e "$hook" || continue
		test -x "$DEST/usr/share/git-results/hooks/${hook##*/}" || return 1
	done
'

test_expect_success 'every page renders with man -l, without a warning' '
	for page in "$DEST"/usr/share/man/man*/*; do
		man -l "$page" >rendered 2>err &&
		test ! -s err &&
		grep "^NAME" rendered &&
		grep "^SYNOPSIS" rendered || { echo "bad: $page"; cat err; return 1; }
	done
'

test_expect_success 'lexgrog reads the NAME section of every page' '
	for page in "$DEST"/usr/share/man/man*/*; do
		name=${page##*/} &&
		name=${name%.*} &&
		lexgrog "$page" >whatis &&
		grep ": \"$name - [A-Z]" whatis || { echo "bad: $page"; cat whatis; return 1; }
	done
'

test_expect_success 'groff -ww and mandoc -Tlint find nothing to say' '
	for page in "$DEST"/usr/share/man/man*/*; do
		groff -man -ww -z "$page" >err 2>&1 &&
		test ! -s err || { cat err; return 1; }
		if command -v mandoc >/dev/null; then
			mandoc -Tlint -W warning "$page" >err 2>&1 ||
			{ cat err; return 1; }
		fi
	done
'

test_expect_success 'every command has its page, listed in git-results(1)' '
	for cmd in $(subcommands); do
		test -f "$DEST/usr/share/man/man1/git-results-$cmd.1" &&
		man -l "$DEST/usr/share/man/man1/git-results.1" >main &&
		grep "git-results-$cmd(1)" main || { echo "no page: $cmd"; return 1; }
	done
'

test_expect_success 'git help results and git results --help open git-results(1)' '
	git help results >out 2>err &&
	grep "^NAME" out &&
	grep "git-results - Attach test results" out &&
	git results --help >out2 2>err &&
	test_cmp out out2 &&
	git-results --help >out3 2>err &&
	test_cmp out out3
'

test_expect_success 'help <command> and <command> --help open the command page' '
	for cmd in $(subcommands); do
		git results help "$cmd" >out 2>err &&
		grep -E "git-results-$cmd +- " out &&
		git results "$cmd" --help >out2 2>err &&
		test_cmp out out2 || { echo "$cmd"; return 1; }
	done &&
	git results help record >out &&
	grep -E "git-results-record +- Format" out
'

test_expect_success '--help after other arguments prints the usage, as in git' '
	test_expect_code 129 git results show HEAD --help >out &&
	grep "^usage: git results show" out
'

test_expect_success 'the build tree opens its own pages from bin/ on PATH' '
	PATH=$SRC_DIR/bin:${PATH#"$DEST/usr/bin:"} git results help log >out &&
	grep "git-results-log - List commits" out
'

test_expect_success 'make uninstall removes everything it installed' '
	run_make uninstall DESTDIR="$DEST" prefix=/usr >uninstall.log &&
	find "$DEST" ! -type d >left &&
	test_cmp /dev/null left &&
	test ! -d "$DEST/usr/share/git-results" &&
	test "$(command -v git-results)" != "$DEST/usr/bin/git-results"
'

test_expect_success 'prefix and the directory variables are honoured' '
	run_make install DESTDIR="$TRASH_DIRECTORY/d2" prefix=/opt/results \
		mandir=/opt/man >install.log &&
	test -x d2/opt/results/bin/git-results &&
	test -f d2/opt/man/man1/git-results-show.1 &&
	test -f d2/opt/results/share/bash-completion/completions/git-results &&
	test ! -d d2/opt/results/share/man &&
	run_make uninstall DESTDIR="$TRASH_DIRECTORY/d2" prefix=/opt/results \
		mandir=/opt/man >uninstall.log &&
	find d2 ! -type d >left &&
	test_cmp /dev/null left
'

test_expect_success 'hooks are installed from hooks/ and uninstalled' '
	mkdir hooks &&
	printf "#!/bin/sh\nexit 0\n" >hooks/pre-push &&
	printf "#!/bin/sh\nexit 0\n" >hooks/post-rewrite &&
	hooks="$TRASH_DIRECTORY/hooks/pre-push $TRASH_DIRECTORY/hooks/post-rewrite" &&
	run_make install DESTDIR="$TRASH_DIRECTORY/d3" HOOKS="$hooks" >install.log &&
	test -x d3/usr/local/share/git-results/hooks/pre-push &&
	test -x d3/usr/local/share/git-results/hooks/post-rewrite &&
	run_make uninstall DESTDIR="$TRASH_DIRECTORY/d3" HOOKS="$hooks" >uninstall.log &&
	test ! -d d3/usr/local/share/git-results
'

test_done
