#!/bin/sh
# Progress meters of summary, sync push and sync pull: git's format on
# stderr, ending in ", done."; none when stderr is not a terminal unless
# --progress; on a terminal by default; none with --no-progress (or -q,
# for sync, unless --progress); standard output the same with and
# without them; and a step that fails part way takes its meter down
# (no ", done.") before the message.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-kcidb.sh"

GIT_PAGER='cat'
export GIT_PAGER

# The meter lines, each "\r"-separated redraw on its own line.
meters() {
	tr '\r' '\n' <"$1" | grep -e "^Counting commits" -e "^Summarising merges" \
		-e "^Verifying signatures" -e "^Checking results" -e "^Publishing results" \
		-e "^Waiting for KCIDB" -e "^Writing KCIDB JSON" -e "^Reading KCIDB" \
		-e "^Adding results"
}

# screen <file>: what a terminal shows for <file>: each "\r" goes back to
# the start of the line, and what follows overwrites what was there.
screen() {
	awk -F '\r' '{
		line = ""
		for (i = 1; i <= NF; i++) {
			if (length($i) >= length(line))
				line = $i
			else
				line = $i substr(line, length($i) + 1)
		}
		sub(/ +$/, "", line)
		print line
	}' "$1"
}

# A release v2 with two merges since v1; side2 forks off the first-parent
# line, so that a summary from it walks twice (see lib/release/summary.c).
test_expect_success 'summary setup: two releases, merges between them' '
	git init -q repo &&
	cd repo &&
	test_commit c1 &&
	git tag -a -m v1 v1 &&
	git checkout -q -b side1 &&
	test_commit s1 &&
	git checkout -q -b side2 main &&
	test_commit s2 &&
	test_commit s3 &&
	git checkout -q main &&
	test_commit c2 &&
	git merge -q --no-ff -m "Merge side1" side1 &&
	git merge -q --no-ff -m "Merge side2" side2 &&
	test_commit c3 &&
	git tag -a -m v2 v2 &&
	git results add -q --origin ci --run r1 v1 "$TEST_DATA/kunit-skip.ktap" &&
	git results add -q --origin ci --run r2 v2 "$TEST_DATA/kunit-failure.ktap" &&
	git results add -q --origin lab --run r3 v2 "$TEST_DATA/kunit-skip.ktap" &&
	git results add -q --origin ci --run r4 side1 "$TEST_DATA/kunit-skip.ktap"
'
cd repo || exit 1

test_expect_success 'summary --progress: git-style meters, each ending in done' '
	GIT_PROGRESS_DELAY=0 git results summary --progress v2 >out 2>err &&
	meters err >meters &&
	grep "^Counting commits: 7, done\.$" meters &&
	grep "^Summarising merges: 2, done\.$" meters &&
	grep "^Verifying signatures: 100% (2/2), done\.$" meters &&
	test "$(tr "\r" "\n" <err | grep -c "done\.$")" = 3 &&
	tr "\r" "\n" <err >lines &&
	test_cmp lines meters &&
	grep "^Range:     v1\.\.v2, 7 commits, 2 merges$" out
'

test_expect_success 'summary: the merges meter counts what the summary lists, after a second walk' '
	GIT_PROGRESS_DELAY=0 git results summary --progress s2..v2 >out 2>err &&
	grep "^Merged trees (2):$" out &&
	meters err >meters &&
	test "$(grep "^Summarising merges" meters | tail -n 1)" = "Summarising merges: 2, done."
'

test_expect_success 'summary: no meter when stderr is not a terminal' '
	GIT_PROGRESS_DELAY=0 git results summary v2 >out 2>err &&
	test ! -s err &&
	GIT_PROGRESS_DELAY=0 git results summary --json v1..v2 >out 2>err &&
	test ! -s err
'

test_expect_success 'summary on a terminal: meters by default, before the summary' '
	git results summary --no-progress v2 >plain &&
	GIT_PROGRESS_DELAY=0 test_terminal git results summary v2 >tty &&
	meters tty >meters &&
	grep "^Counting commits: 7, done\.$" meters &&
	grep "^Summarising merges: 2, done\.$" meters &&
	tr "\r" "\n" <tty | grep -v -e "^Counting commits" -e "^Summarising merges" \
		-e "^Verifying signatures" >rest &&
	test_cmp plain rest
'

test_expect_success 'summary on a terminal: none with --no-progress' '
	GIT_PROGRESS_DELAY=0 test_terminal git results summary --no-progress v2 >tty &&
	! meters tty &&
	test_cmp plain tty
'

test_expect_success 'summary: no meter before GIT_PROGRESS_DELAY seconds' '
	GIT_PROGRESS_DELAY=60 git results summary --progress v2 >out 2>err &&
	test ! -s err
'

test_expect_success 'summary: standard output is the same with and without meters' '
	for f in text markdown html json; do
		git results summary --format $f --no-progress v2 >plain.$f &&
		GIT_PROGRESS_DELAY=0 git results summary --format $f --progress v2 >with.$f 2>err &&
		meters err >/dev/null &&
		test_cmp plain.$f with.$f || return 1
	done &&
	GIT_PROGRESS_DELAY=0 git results summary --progress --output file.txt v2 2>err &&
	meters err >/dev/null &&
	test_cmp plain.text file.txt
'

test_expect_success 'summary: a walk that fails part way takes its meter down' '
	git init -q ../broken &&
	(
		cd ../broken &&
		for i in 1 2 3 4 5 6; do test_commit "b$i" || exit 1; done &&
		b3=$(git rev-parse b3) &&
		# no earlier tag: the summary walks all the way down, into the hole
		git tag -d b1 b2 b3 b4 b5 >/dev/null &&
		rm ".git/objects/$(echo "$b3" | cut -c1-2)/$(echo "$b3" | cut -c3-)" &&
		GIT_PROGRESS_DELAY=0 test_expect_code 128 \
			git results summary --progress b6 >out 2>err &&
		meters err >meters &&
		grep "^Counting commits: [0-9]*$" meters &&
		! grep "done" err &&
		screen err >shown &&
		! grep "^Counting" shown &&
		grep "^fatal: cannot read commit [0-9a-f]*: object not found" shown &&
		test ! -s out &&
		GIT_PROGRESS_DELAY=0 test_expect_code 128 test_terminal \
			sh -c "git results summary b6 >/dev/null" >tty &&
		screen tty >shown &&
		test "$(grep -c . shown)" = 1 &&
		grep "^fatal: cannot read commit [0-9a-f]*: object not found" shown
	)
'

# sync: a loopback KCIDB stand-in, records on three commits, documents
# small enough that a push takes several.
start_mock ../mock || exit 1

test_expect_success 'sync setup: a stand-in, a token, records on three commits' '
	make_token ../token maintainer &&
	make_token ../wrong-token maintainer another-secret &&
	git init -q ../sync &&
	cd ../sync &&
	configure_kcidb ../mock ../token &&
	git config results.kcidb.maxDocumentSize 6k &&
	test_commit one &&
	test_commit two &&
	test_commit three &&
	add_results one local a &&
	add_results two local b &&
	add_results three local c "$TEST_DATA/kunit-skip.ktap" &&
	add_results three local d
'
cd ../sync || exit 1

test_expect_success 'sync push --progress: checking, publishing and waiting, each done' '
	GIT_PROGRESS_DELAY=0 git results sync push --all --progress one two three 2>err &&
	meters err >meters &&
	grep "^Checking results: 100% (3/3), done\.$" meters &&
	grep "^Publishing results: 100% (4/4), done\.$" meters &&
	docs=$(sed -n "s/^KCIDB processed \([0-9]*\) of \1 documents .*/\1/p" err) &&
	test "$docs" -gt 1 &&
	grep "^Waiting for KCIDB: 100% ($docs/$docs), done\.$" meters &&
	grep "^sent 4 records (.*) in $docs documents to " err &&
	test "$(tr "\r" "\n" <err | grep -c "done\.$")" = 3
'

test_expect_success 'sync push: no meter when stderr is not a terminal' '
	GIT_PROGRESS_DELAY=0 git results sync push --all one two three 2>err &&
	grep "^sent 4 records" err &&
	! meters err
'

test_expect_success 'sync push on a terminal: meters by default; none with --no-progress or -q' '
	GIT_PROGRESS_DELAY=0 test_terminal git results sync push --all one two three >tty &&
	meters tty >meters &&
	grep "^Publishing results: 100% (4/4), done\.$" meters &&
	grep "^Waiting for KCIDB: 100% .*, done\.$" meters &&
	GIT_PROGRESS_DELAY=0 test_terminal git results sync push --all --no-progress one two three >tty &&
	! meters tty &&
	grep "^sent 4 records" tty &&
	GIT_PROGRESS_DELAY=0 test_terminal git results sync push --all -q one two three >tty &&
	test ! -s tty
'

test_expect_success 'sync push -q --progress: the meters and nothing else' '
	GIT_PROGRESS_DELAY=0 git results sync push --all -q --progress one two three 2>err &&
	meters err >meters &&
	grep "^Publishing results: 100% (4/4), done\.$" meters &&
	tr "\r" "\n" <err >lines &&
	test_cmp lines meters
'

test_expect_success 'sync push --dry-run: the documents are the same with and without meters' '
	git results sync push --all --dry-run --no-progress one two three >plain 2>/dev/null &&
	GIT_PROGRESS_DELAY=0 git results sync push --all --dry-run --progress one two three >with 2>err &&
	meters err >meters &&
	grep "^Writing KCIDB JSON: 100% (3/3), done\.$" meters &&
	test_cmp plain with &&
	validate_kcidb with &&
	GIT_PROGRESS_DELAY=0 test_terminal \
		sh -c "git results sync push --all --dry-run one two three >tty-out" >tty &&
	meters tty >meters &&
	grep "^Writing KCIDB JSON: 100% (3/3), done\.$" meters &&
	test_cmp plain tty-out
'

test_expect_success 'sync push: a refused token takes the publishing meter down' '
	git config results.kcidb.tokenFile ../wrong-token &&
	GIT_PROGRESS_DELAY=0 test_expect_code 128 git results sync push --all --progress one two three 2>err &&
	git config results.kcidb.tokenFile ../token &&
	meters err >meters &&
	grep "^Checking results: 100% (3/3), done\.$" meters &&
	grep "^Publishing results: *0% (0/4)$" meters &&
	! grep "^Publishing results.*done" meters &&
	screen err >shown &&
	! grep "^Publishing" shown &&
	grep "^fatal: KCIDB at .* refused the token (HTTP 401" shown
'

test_expect_success 'sync push: a document KCIDB refuses part way takes the meter down' '
	set_faults ../mock submit:ok:1 submit:400:1 &&
	GIT_PROGRESS_DELAY=0 test_expect_code 1 git results sync push --all --progress one two three 2>err &&
	set_faults ../mock &&
	meters err >meters &&
	grep "^Publishing results: *[0-9]*% ([1-3]/4)$" meters &&
	! grep "^Publishing results.*done" meters &&
	screen err >shown &&
	! grep "^Publishing" shown &&
	grep "^error: KCIDB did not take a document (HTTP 400" shown &&
	grep "^1 of [0-9]* documents had been sent" shown &&
	! grep "^Waiting" err
'

test_expect_success 'sync push: a submission that fails ingestion takes the waiting meter down' '
	set_faults ../mock ingest:fail:1 &&
	GIT_PROGRESS_DELAY=0 test_expect_code 1 git results sync push --all --progress one two three 2>err &&
	set_faults ../mock &&
	meters err >meters &&
	grep "^Publishing results: 100% (4/4), done\.$" meters &&
	grep "^Waiting for KCIDB" meters &&
	! grep "^Waiting for KCIDB.*done" meters &&
	screen err >shown &&
	! grep "^Waiting" shown &&
	grep "^error: submission [A-Za-z0-9]* failed: KCIDB could not ingest it$" shown &&
	grep "^KCIDB processed [0-9]* of [0-9]* documents (" shown
'

test_expect_success 'sync push: a record left out is warned about once, not once per pass' '
	test_commit four &&
	git notes --ref=results show one >copied &&
	git notes --ref=results add -C "$(git hash-object -w copied)" four &&
	GIT_PROGRESS_DELAY=0 git results sync push --all --progress one four 2>err &&
	git notes --ref=results remove four 2>/dev/null &&
	screen err >shown &&
	test "$(grep -c "^warning: not publishing the record" shown)" = 1 &&
	grep "^sent 1 record " shown
'

test_expect_success 'sync pull setup: a clone without the results' '
	git clone -q . ../pull &&
	(
		cd ../pull &&
		configure_kcidb ../mock ../token
	)
'
cd ../pull || exit 1

test_expect_success 'sync pull: a dashboard that fails part way takes the meter down, adds nothing' '
	set_faults ../mock api:ok:1 api:400:1 &&
	GIT_PROGRESS_DELAY=0 test_expect_code 1 \
		git results sync pull --progress --origin maintainer one two three 2>err &&
	set_faults ../mock &&
	meters err >meters &&
	grep "^Reading KCIDB:  33% (1/3)$" meters &&
	! grep "done" err &&
	screen err >shown &&
	! grep "^Reading" shown &&
	grep "^error: the KCIDB dashboard answered HTTP 400" shown &&
	grep "^error: nothing was added$" shown &&
	test "$(notes_tip)" = none
'

test_expect_success 'sync pull --dry-run: the records are the same with and without meters' '
	git results sync pull --dry-run --no-progress --origin maintainer one two three \
		>plain 2>/dev/null &&
	GIT_PROGRESS_DELAY=0 git results sync pull --dry-run --progress --origin maintainer \
		one two three >with 2>err &&
	meters err >meters &&
	grep "^Reading KCIDB: 100% (3/3), done\.$" meters &&
	! grep "^Adding results" meters &&
	test_cmp plain with &&
	grep "^would add 4 new records of 4 found" err &&
	test "$(notes_tip)" = none
'

test_expect_success 'sync pull on a terminal: none with -q or --no-progress' '
	GIT_PROGRESS_DELAY=0 test_terminal \
		git results sync pull -q --dry-run --origin maintainer one two three >tty &&
	! meters tty &&
	GIT_PROGRESS_DELAY=0 test_terminal \
		git results sync pull --no-progress --dry-run --origin maintainer one two three >tty &&
	! meters tty &&
	grep "^would add 4 new records" tty
'

test_expect_success 'sync pull on a terminal: reading and adding, each done' '
	GIT_PROGRESS_DELAY=0 test_terminal \
		git results sync pull --origin maintainer one two three >tty &&
	meters tty >meters &&
	grep "^Reading KCIDB: 100% (3/3), done\.$" meters &&
	grep "^Adding results: 100% (4/4), done\.$" meters &&
	grep "^added 4 new records of 4 found" tty &&
	git results log --no-progress >log &&
	test_line_count = 3 log
'

test_expect_success 'sync pull: no meter when stderr is not a terminal' '
	GIT_PROGRESS_DELAY=0 git results sync pull --origin maintainer one two three 2>err &&
	grep "^added 0 new records of 4 found" err &&
	! meters err
'

test_expect_success 'sync pull -q --progress: the meters and nothing else' '
	GIT_PROGRESS_DELAY=0 git results sync pull -q --progress --origin maintainer \
		one two three 2>err &&
	meters err >meters &&
	grep "^Reading KCIDB: 100% (3/3), done\.$" meters &&
	grep "^Adding results: 100% (4/4), done\.$" meters &&
	tr "\r" "\n" <err >lines &&
	test_cmp lines meters
'

test_done
