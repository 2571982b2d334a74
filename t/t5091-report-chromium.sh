#!/bin/sh
# git results report in a real browser: Debian's chromium, headless,
# opens the front page, a release page and a commit page of the report
# of a generated history.  No page may log anything to the console (a
# script error, a missing style sheet); the front page's script shows
# its filter; the numbers the browser's DOM holds are summary --json's.
# A screenshot of each page kind is kept, as a test artifact, in
# t/artifacts/t5091-report-chromium/ (REPORT_ARTIFACTS overrides it),
# since the trash directory goes when the tests pass.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-report.sh"

ARTIFACTS=${REPORT_ARTIFACTS:-$TEST_DIRECTORY/artifacts/t5091-report-chromium}

# browse <page> <name> [<option>...]: opens <page> (a path) in headless
# chromium with <option>s; its console and log in <name>.log
browse() {
	browse_page=$1 browse_name=$2
	shift 2
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--user-data-dir="$TRASH_DIRECTORY/chromium" --window-size=1280,1024 \
		--virtual-time-budget=5000 --enable-logging=stderr --v=0 \
		"$@" "file://$TRASH_DIRECTORY/$browse_page" 2>"$browse_name.log"
}

# no_console <name>: the page logged nothing to the console
no_console() {
	if grep ":CONSOLE" "$1.log"; then
		echo "console messages from $1" >&4
		return 1
	fi
}

if ! command -v chromium >/dev/null; then
	test_skip 'the report in a headless browser' 'chromium is not installed (make deps installs it)'
	test_done
fi

test_expect_success 'setup: the report of a generated history' '
	(report_history) &&
	git -C repo results report -o ../out &&
	rm -rf "$ARTIFACTS" &&
	mkdir -p "$ARTIFACTS"
'

test_expect_success 'the console check is live: a script error is caught' '
	printf "<!DOCTYPE html>\n<html><body><script>no_such_function();</script></body></html>\n" \
		>broken.html &&
	browse broken.html broken --dump-dom >dom &&
	test_must_fail no_console broken
'

test_expect_success 'the front page: no console message, the filter shown, the numbers' '
	browse out/index.html index --screenshot="$ARTIFACTS/index.png" &&
	no_console index &&
	test_path_is_file "$ARTIFACTS/index.png" &&
	browse out/index.html index-dom --dump-dom >index.dom &&
	no_console index-dom &&
	# the script ran: the filter is no longer hidden
	grep "<p class=\"filter\" id=\"filter-box\">" index.dom &&
	! grep "id=\"filter-box\" hidden" index.dom &&
	git -C repo results summary --json v3 >json &&
	jq -r "[.totals.tests, .totals.counts.FAIL, .totals.counts.PASS,
		.changes.counts.regressions] | map(tostring) | join(\" \")" json >expect &&
	for key in tests FAIL PASS regressions; do
		sed -n "s/.*<tr id=\"r-v3\".*<td class=\"n c-$key\">\([0-9]*\)<.*/\1/p" index.dom || return 1
	done | tr "\n" " " | sed "s/ \$//" >actual &&
	echo >>actual &&
	test_cmp expect actual
'

test_expect_success 'a release page: no console message, the strips' '
	browse out/release/v3.html release --screenshot="$ARTIFACTS/release.png" &&
	no_console release &&
	test_path_is_file "$ARTIFACTS/release.png" &&
	browse out/release/v3.html release-dom --dump-dom >release.dom &&
	no_console release-dom &&
	grep "class=\"strip\"" release.dom
'

test_expect_success 'a commit page: no console message, the hostile strings as text' '
	c=$(git -C repo rev-parse HEAD) &&
	browse out/commit/$c.html commit --screenshot="$ARTIFACTS/commit.png" &&
	no_console commit &&
	test_path_is_file "$ARTIFACTS/commit.png" &&
	browse out/commit/$c.html commit-dom --dump-dom >commit.dom &&
	no_console commit-dom &&
	# the browser read them as text, not as elements
	! grep "<script>alert" commit.dom &&
	grep "&lt;script&gt;alert(1)&lt;/script&gt;" commit.dom
'

test_done
