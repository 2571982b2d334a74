#!/bin/sh
# Colour as git does it: on a terminal or with --color=always, decided by
# --color, color.results and color.ui, in the colours of
# color.results.<slot>; never in --json or --raw.
. "$(dirname "$0")/test-lib.sh"

ESC=$(printf '\033')
TERM=xterm
GIT_PAGER='cat'
export TERM GIT_PAGER

has_color() {
	grep "$ESC" "$1" >/dev/null
}

test_expect_success 'setup' '
	git init -q repo &&
	cd repo &&
	test_commit one &&
	git results add --origin ci "$TEST_DATA/kunit-failure.ktap" &&
	git results add --origin lab "$TEST_DATA/kunit-skip.ktap"
'
cd repo || exit 1

test_expect_success 'not a terminal: no colour' '
	git results show --all >out &&
	! has_color out &&
	git results log >out &&
	! has_color out
'

test_expect_success 'a terminal: colour' '
	test_terminal git results show >out &&
	has_color out &&
	test_terminal git results log >out &&
	has_color out
'

test_expect_success '--color: git colours, statuses by kind' '
	git results show --all --color >out &&
	grep "^${ESC}\[33mcommit [0-9a-f]*${ESC}\[m$" out &&
	grep "^status ${ESC}\[1;31mFAIL${ESC}\[m: " out &&
	grep "^    ${ESC}\[1;31mFAIL${ESC}\[m  example\.example_simple_test$" out &&
	grep "^    ${ESC}\[32mPASS${ESC}\[m  " out &&
	grep "^    ${ESC}\[33mSKIP${ESC}\[m  " out &&
	git results log --color=always >out &&
	grep "^${ESC}\[33m[0-9a-f]\{7\}${ESC}\[m ${ESC}\[1;31mFAIL${ESC}\[m  (" out
'

test_expect_success 'colour codes change nothing else' '
	git results show --all --color=always >colored &&
	sed "s/${ESC}\[[0-9;]*m//g" colored >stripped &&
	git results show --all >plain &&
	test_cmp plain stripped &&
	git results log --color=always >colored &&
	sed "s/${ESC}\[[0-9;]*m//g" colored >stripped &&
	git results log >plain &&
	test_cmp plain stripped
'

test_expect_success '--color=never, --no-color and TERM=dumb on a terminal' '
	test_terminal git results show --color=never >out &&
	! has_color out &&
	test_terminal git results log --no-color >out &&
	! has_color out &&
	TERM=dumb test_terminal git results show >out &&
	! has_color out &&
	test_terminal env -u TERM git results show >out &&
	! has_color out &&
	TERM=dumb git results show --color=always >out &&
	has_color out
'

test_expect_success 'color.ui and color.results, through git -c and the config' '
	git -c color.ui=always results show >out &&
	has_color out &&
	test_terminal git -c color.ui=never results show >out &&
	! has_color out &&
	git -c color.ui=never -c color.results=always results show >out &&
	has_color out &&
	test_terminal git -c color.ui=always -c color.results=false results show >out &&
	! has_color out &&
	git -c color.results=true results show >out &&
	! has_color out &&
	test_terminal git -c color.results=true results show >out &&
	has_color out &&
	git -c color.results=always results show --no-color >out &&
	! has_color out &&
	git config color.results always &&
	git results show >out &&
	git config --unset color.results &&
	has_color out
'

test_expect_success 'color.results.<slot> sets the colours' '
	git -c color.results.fail="reverse blue" -c color.results.commit="#ff8700" \
		results show --color >out &&
	grep "^status ${ESC}\[7;34mFAIL${ESC}\[m: " out &&
	grep "^${ESC}\[38;2;255;135;0mcommit " out &&
	git -c color.results.pass=208 results show --all --color >out &&
	grep "^    ${ESC}\[38;5;208mPASS${ESC}\[m  " out &&
	git -c color.results.skip=normal results show --all --color >out &&
	grep "^    SKIP${ESC}\[m  " out
'

test_expect_success 'the colours are the ones git writes for the same values' '
	for value in "bold red" "reverse blue" "#ff8700 ul" "208 blue" "brightgreen" "reset yellow"; do
		git config --get-color "" "$value" >want &&
		git -c color.results.fail="$value" results show --color >out &&
		grep -F "status $(cat want)FAIL" out || { echo "$value"; return 1; }
	done
'

test_expect_success '--json and --raw are never coloured' '
	git results show --json --color=always >out &&
	! has_color out &&
	git results show --raw --color=always >out &&
	! has_color out &&
	git results log --json --color=always >out &&
	! has_color out &&
	git -c color.ui=always results show --json >out &&
	! has_color out &&
	test_terminal git results show --json >out &&
	! has_color out
'

test_expect_success 'bad colour settings: usage error or fatal, as in git' '
	test_expect_code 129 git results show --color=sometimes 2>err &&
	grep "^error: option .color. expects \"always\", \"auto\", or \"never\"" err &&
	test_expect_code 128 git -c color.results.fail=purple results show --color 2>err &&
	grep "^error: invalid color value: purple" err &&
	grep "^fatal: bad config variable .color.results.fail." err &&
	test_expect_code 128 git -c color.ui=sometimes results show 2>err &&
	grep "^fatal: bad boolean config value .sometimes. for .color.ui." err &&
	git -c color.results.fail=purple results show >out
'

test_done
