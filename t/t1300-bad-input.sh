#!/bin/sh
# Bad input gets a clear message and a non-zero exit, and the notes ref
# is left exactly as it was.
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'setup' '
	git init -q repo &&
	cd repo &&
	test_commit one &&
	git results add --origin ci "$TEST_DATA/kunit-skip.ktap" &&
	notes_tip >../tip
'

# refused <description> <input-file>: add must fail cleanly and change nothing.
refused() {
	test_expect_success "$1 is refused and changes nothing" "
		cd repo &&
		test_must_fail git results add --origin ci2 \"$2\" 2>err &&
		grep -E '^(error|fatal): ' err &&
		test \"\$(notes_tip)\" = \"\$(cat ../tip)\" &&
		git fsck --strict
	"
}

: >empty
refused 'empty input' "$TRASH_DIRECTORY/empty"

head -c 65536 /dev/urandom >garbage
refused 'binary garbage' "$TRASH_DIRECTORY/garbage"

printf 'KTAP version 1\n1..2\nok 1 a\0b\n\0\0\0\n' >nul
test_expect_success 'NUL bytes in a KTAP log do not crash the parser' '
	cd repo &&
	git results parse "$TRASH_DIRECTORY/nul" >out 2>err &&
	test "$(head -n 1 out)" = "results 1"
'

printf 'KTAP version 1\n1..1\nnot ok 1 bad \377\376 name # \377reason\n' >badutf8
test_expect_success 'invalid UTF-8 is cleaned into a valid record' '
	cd repo &&
	git results add --origin utf "$TRASH_DIRECTORY/badutf8" &&
	git results show --json >out.json &&
	python3 -c "import json; json.load(open(\"out.json\"))" &&
	git results show >out &&
	git notes --ref=results show >note &&
	python3 -c "open(\"note\", encoding=\"utf-8\").read()" &&
	notes_tip >../tip
'

printf 'KTAP version 1\n1..2\nnot ok 1 evil\302\233 2J # SKIP a\342\200\256b\033[2J\nok 2 abc\342\200\256gpj.exe\n' >bidi
test_expect_success 'terminal and bidirectional controls in names are shown escaped' '
	cd repo &&
	git results parse "$TRASH_DIRECTORY/bidi" >out &&
	grep "^PASS abc_gpj_exe # name \"abc<U+202E>gpj.exe\"$" out &&
	grep "^SKIP evil_2J # name \"evil<U+009B> 2J\": a<U+202E>b$" out &&
	! grep "$(printf "\342\200\256")" out &&
	! grep "$(printf "\302\233")" out &&
	! grep "$(printf "\033")" out
'

test_expect_success 'a 10 MB line is handled' '
	{ echo "KTAP version 1"; echo "1..1"; head -c 10485760 /dev/zero | tr "\0" x; echo; echo "ok 1 long"; } >longline &&
	cd repo &&
	git results parse "$TRASH_DIRECTORY/longline" >out &&
	grep "^PASS long$" out
'

test_expect_success 'a missing file is an error' '
	cd repo &&
	test_must_fail git results add --origin ci2 HEAD /nonexistent/file 2>err &&
	grep "cannot open" err &&
	test "$(notes_tip)" = "$(cat ../tip)"
'

test_expect_success 'a missing file named alone is no revision either, and nothing is read' '
	cd repo &&
	echo "ok 1 nothing" >stdin-input &&
	test_expect_code 128 git results add --origin ci2 nosuch.ktap <stdin-input 2>err &&
	grep "^fatal: .nosuch.ktap. is neither a file nor a revision$" err &&
	test "$(notes_tip)" = "$(cat ../tip)"
'

test_expect_success 'standard input on a terminal is not read unless named' '
	cd repo &&
	test_must_fail test_terminal git results add --origin ci2 >out &&
	grep "fatal: no results file named; name one, or .-. to read standard input" out &&
	test_must_fail test_terminal git results add --origin ci2 HEAD >out &&
	grep "fatal: no results file named" out &&
	test "$(notes_tip)" = "$(cat ../tip)"
'

SQ="'"
test_expect_success 'a record that names no commit says so, and changes nothing' '
	cd repo &&
	git results parse --origin ci2 "$TEST_DATA/kunit-skip.ktap" >../no-commit.record &&
	test_must_fail git results add HEAD ../no-commit.record 2>err &&
	echo "error: a record in ${SQ}../no-commit.record${SQ} names no commit: records are attached as they are; add the test output it was parsed from instead" >expect &&
	test_cmp expect err &&
	test "$(notes_tip)" = "$(cat ../tip)"
'

test_expect_success 'an unknown commit is an error' '
	cd repo &&
	test_must_fail git results add --origin ci2 no-such-commit "$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "bad revision .no-such-commit." err &&
	test "$(notes_tip)" = "$(cat ../tip)" &&
	test_must_fail git results show no-such-commit 2>err &&
	grep "bad revision" err
'

test_expect_success 'a tree or blob is not a commit' '
	cd repo &&
	test_must_fail git results add --origin ci2 HEAD^{tree} "$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "is not a commit" err
'

test_expect_success 'invalid origin, run, env and date are refused' '
	cd repo &&
	test_must_fail git results add --origin "Bad Origin" "$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "invalid origin" err &&
	test_must_fail git results add --run "a/b" "$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "invalid run id" err &&
	test_must_fail git results add --env noequals "$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "key=value" err &&
	test_must_fail git results add --env "Arch=x" "$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "invalid environment key" err &&
	test_must_fail git results add --date yesterday "$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "invalid date" err &&
	test "$(notes_tip)" = "$(cat ../tip)"
'

# Each of these was once read by one copy of the date code and refused
# by another: February 30 became March 2, +24:00 a day's shift.
test_expect_success 'a date that does not exist is refused, not moved to another one' '
	cd repo &&
	for date in 2026-02-30T10:00:00Z 2023-02-29T10:00:00Z 2026-11-25T24:00:00Z \
		2026-11-25T10:00:00+24:00 2026-1-5T10:00:00Z 2026-11-25T10:00:00.Z
	do
		test_must_fail git results add --date "$date" "$TEST_DATA/kunit-skip.ktap" 2>err &&
		grep "^error: invalid date .$date." err || return 1
	done &&
	test "$(notes_tip)" = "$(cat ../tip)"
'

test_expect_success 'a stored record whose date does not exist is not a record' '
	git init -q baddate &&
	cd baddate &&
	test_commit one &&
	git results add --origin ci "$TEST_DATA/kunit-skip.ktap" &&
	git notes --ref=results show >note &&
	sed "s/^date .*/date 2026-02-30T10:00:00Z/" note >bad &&
	git notes --ref=results add -f -F bad &&
	test_must_fail git results show 2>err &&
	grep "invalid date .2026-02-30T10:00:00Z." err
'

test_expect_success 'an unknown format is refused with the list of known ones' '
	cd repo &&
	test_must_fail git results add --format nosuch "$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "unknown format .nosuch. (known: ktap" err
'

# As root, permissions do not stop writes: run the command as nobody.
as_reader() {
	if test "$(id -u)" = 0; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
	else
		"$@"
	fi
}

test_expect_success 'a read-only repository: clear error, ref unchanged' '
	git config --global safe.directory "$TRASH_DIRECTORY/repo" &&
	test_when_finished "chmod -R u+w \"$TRASH_DIRECTORY/repo/.git/objects\" \"$TRASH_DIRECTORY/repo/.git/refs\"" &&
	chmod -R a-w repo/.git/objects repo/.git/refs &&
	chmod -R a+rX . &&
	cd repo &&
	as_reader git results show >/dev/null &&
	test_must_fail as_reader git results add --origin ro "$TEST_DATA/kunit-failure.ktap" 2>err &&
	cat err &&
	grep -E "^(error|fatal): " err &&
	test "$(notes_tip)" = "$(cat ../tip)" &&
	git fsck --strict
'

test_expect_success 'outside a repository: git-style fatal message' '
	mkdir -p norepo &&
	cd norepo &&
	GIT_CEILING_DIRECTORIES=$TRASH_DIRECTORY test_expect_code 128 git results show 2>err &&
	grep "^fatal: not a git repository" err
'

test_expect_success 'a tampered note is reported, not trusted' '
	cd repo &&
	git notes --ref=results show >note &&
	sed "s/^counts FAIL=0/counts FAIL=9/" note >tampered &&
	git notes --ref=tampered add -F tampered HEAD &&
	test_expect_code 1 git results show --ref tampered 2>err &&
	grep "status or counts do not match" err
'

test_expect_success 'usage errors exit 129, -h prints usage to stdout' '
	test_expect_code 129 git results add -h >out &&
	grep "^usage: git results add" out &&
	test_expect_code 129 git results -h >out &&
	grep "^usage: git results" out &&
	test_expect_code 129 git results add --no-such-option 2>err &&
	grep "unknown option" err &&
	test_expect_code 129 git results nosuchcommand 2>err &&
	test_expect_code 129 git results 2>err &&
	test_expect_code 129 git results parse 2>err
'

test_done
