#!/bin/sh
# The hooks and contrib scripts are POSIX sh and shellcheck-clean.
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'the hooks and scripts are executable POSIX sh' '
	for f in "$SRC_DIR"/hooks/* "$SRC_DIR"/contrib/*.sh; do
		test -x "$f" &&
		head -1 "$f" | grep -qx "#!/bin/sh" &&
		sh -n "$f" || { echo "not a POSIX sh script: $f"; return 1; }
	done
'

if command -v shellcheck >/dev/null; then
	test_expect_success 'shellcheck finds nothing in hooks/ and contrib/' '
		shellcheck --shell=sh --severity=style "$SRC_DIR"/hooks/* "$SRC_DIR"/contrib/*.sh
	'
	test_expect_success 'shellcheck would catch a mistake (the check is live)' '
		printf "#!/bin/sh\necho \$1\n" >bad.sh &&
		test_must_fail shellcheck --shell=sh --severity=style bad.sh >/dev/null
	'
else
	test_skip 'shellcheck finds nothing in hooks/ and contrib/' 'shellcheck is not installed (make deps)'
fi

test_done
