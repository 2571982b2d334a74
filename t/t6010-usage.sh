#!/bin/sh
# Usage as git's commands give it: -h on stdout with exit 129 for the
# program and every command, usage errors on stderr with 129, and
# --git-completion-helper and the documentation agreeing with the option
# tables.
. "$(dirname "$0")/test-lib.sh"

subcommands() {
	for word in $(git results --git-completion-helper); do
		case "$word" in
		-*|help) ;;
		*) echo "$word" ;;
		esac
	done
}

# The long options a command's -h lists, one per line, without --[no-].
usage_options() {
	test_expect_code 129 git results "$1" -h >"$TRASH_DIRECTORY/usage" &&
	sed -n 's/^ *\(-., \)\{0,1\}--\(\[no-\]\)\{0,1\}\([a-z][a-z0-9-]*\).*/\3/p' "$TRASH_DIRECTORY/usage"
}

test_expect_success 'the dispatch table has the foundation commands' '
	subcommands >cmds &&
	for cmd in add parse show log remove; do
		grep "^$cmd$" cmds || return 1
	done
'

test_expect_success 'git results -h: usage on stdout, exit 129' '
	test_expect_code 129 git results -h >out 2>err &&
	grep "^usage: git results " out &&
	test ! -s err &&
	for cmd in $(subcommands); do
		grep "^   $cmd " out || return 1
	done
'

test_expect_success 'git results without a command: usage on stderr, exit 129' '
	test_expect_code 129 git results >out 2>err &&
	test ! -s out &&
	grep "^usage: git results " err
'

test_expect_success 'an unknown option or command: exit 129' '
	test_expect_code 129 git results --frobnicate show 2>err &&
	grep "^error: unknown option: --frobnicate" err &&
	test_expect_code 129 git results frobnicate 2>err &&
	grep "^error: .frobnicate. is not a git results command" err
'

test_expect_success '<command> -h: usage on stdout, exit 129, for every command' '
	for cmd in $(subcommands); do
		test_expect_code 129 git results "$cmd" -h >out 2>err &&
		grep "^usage: git results $cmd" out &&
		test ! -s err || { echo "$cmd"; return 1; }
	done
'

test_expect_success 'an unknown option of a command: usage on stderr, exit 129' '
	for cmd in $(subcommands); do
		test_expect_code 129 git results "$cmd" --no-such-option >out 2>err &&
		test ! -s out &&
		grep "^error: unknown option .no-such-option." err &&
		grep "^usage: git results $cmd" err || { echo "$cmd"; return 1; }
	done
'

test_expect_success '--git-completion-helper lists exactly the options of -h' '
	for cmd in $(subcommands); do
		usage_options "$cmd" >options &&
		sort options >from-usage &&
		git results "$cmd" --git-completion-helper >helper &&
		for word in $(cat helper); do
			case "$word" in
			--no-*|--) ;;
			--*) word=${word#--} && echo "${word%=}" ;;
			esac
		done | sort >from-helper &&
		test_cmp from-usage from-helper || { echo "$cmd"; return 1; }
	done
'

test_expect_success '--git-completion-helper marks options that take a value' '
	git results show --git-completion-helper >helper &&
	grep -e " --ref= " helper &&
	grep -e "^--all " helper &&
	grep -e " -- .*--no-all" helper &&
	git results log --git-completion-helper >helper &&
	grep -e " --color " helper &&
	grep -e " --progress " helper &&
	grep -e "--no-progress" helper
'

test_expect_success 'the completion helper is only the sole argument' '
	test_expect_code 129 git results show --all --git-completion-helper 2>err &&
	grep "unknown option .git-completion-helper." err
'

test_expect_success '--version and version' '
	git results --version >out &&
	git results version >out2 &&
	test_cmp out out2 &&
	grep "^git-results version [0-9]" out
'

test_expect_success 'every option of every command is in its manual page' '
	for cmd in $(subcommands); do
		page="$SRC_DIR/Documentation/git-results-$cmd.md" &&
		test -f "$page" || { echo "no page for $cmd"; return 1; }
		usage_options "$cmd" >options || return 1
		for opt in $(cat options); do
			grep -e "--$opt\\b" "$page" >/dev/null ||
			grep -e "--\\[no-\\]$opt\\b" "$page" >/dev/null ||
			{ echo "git results $cmd --$opt is not in $page"; return 1; }
		done
	done
'

# --origin and --env select records the same way in every command that
# takes them (lib/record-filter.h): a selection no record can have is a
# usage error, with the same message, not "no results".
test_expect_success 'a bad --origin or --env is the same usage error in every command' '
	git init -q selecting &&
	(cd selecting && test_commit one) &&
	for cmd in "show" "log" "verify" "trailer" "summary HEAD" "report -o out" \
		   "diff HEAD HEAD" "bisect t" "format-patch HEAD" "remove HEAD" \
		   "patchwork push HEAD"; do
		# shellcheck disable=SC2086 # a command and its arguments
		test_expect_code 129 git -C selecting results $cmd --origin Bad >out 2>err &&
		test_must_be_empty out &&
		head -n 1 err >actual &&
		echo "error: bad --origin '"'Bad'"': invalid origin '"'Bad'"': use lower-case letters, digits and '"'_'"'" >expect &&
		test_cmp expect actual || return 1
	done &&
	for cmd in "log" "bisect t"; do
		# shellcheck disable=SC2086 # a command and its arguments
		test_expect_code 129 git -C selecting results $cmd --env arch=x --env arch=y >out 2>err &&
		head -n 1 err >actual &&
		echo "error: --env arch given twice, with different values" >expect &&
		test_cmp expect actual || return 1
	done
'

# Keys read as (repo, "section.key"), the way every config lookup here is
# called; keys built at run time (pager.results.<cmd>) are not seen.
test_expect_success 'every configuration key the code reads is documented' '
	cat "$SRC_DIR"/lib/*.c "$SRC_DIR"/git-results/*.c "$SRC_DIR"/formats/*.c |
	tr -d "\n" |
	grep -o "([a-z_]*repo, *\"[a-zA-Z]*\.[a-zA-Z.]*\"" |
	sed "s/.*\"\(.*\)\"/\1/" | sort -u >keys &&
	grep "^results\." keys &&
	sed -n "/^## CONFIGURATION/,/^## /p" "$SRC_DIR/Documentation/git-results.md" >section &&
	while read -r key; do
		grep -i -e "^- \`$key\`" -e "^- .*, \`$key\`" section >/dev/null ||
		{ echo "$key is not under CONFIGURATION in git-results.md"; return 1; }
	done <keys
'

test_done
