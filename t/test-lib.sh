# Behaviour tests, in the style of git's t/test-lib.sh: a script sources
# this file, runs test_expect_success blocks and ends with test_done.
# Output is TAP, run by prove.  Every script gets a fresh trash directory
# as its HOME, fixed identities and dates, and bin/ first on PATH so that
# `git results` runs the program just built.

TEST_DIRECTORY=$(cd "$(dirname "$0")" && pwd)
SRC_DIR=$(cd "$TEST_DIRECTORY/.." && pwd)
SHARED_DIR=$(cd "$SRC_DIR/.." && pwd)/shared
CORPORA=$SHARED_DIR/corpora
TEST_DATA=$TEST_DIRECTORY/data
test_name=$(basename "$0" .sh)
TRASH_DIRECTORY=$TEST_DIRECTORY/trash.$test_name

rm -rf "$TRASH_DIRECTORY"
mkdir -p "$TRASH_DIRECTORY" || exit 1
cd "$TRASH_DIRECTORY" || exit 1

PATH=$SRC_DIR/bin:$PATH
HOME=$TRASH_DIRECTORY
GNUPGHOME=$TRASH_DIRECTORY/.gnupg
XDG_CONFIG_HOME=$TRASH_DIRECTORY/.config
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME='A U Thor'
GIT_AUTHOR_EMAIL=author@example.com
GIT_COMMITTER_NAME='C O Mitter'
GIT_COMMITTER_EMAIL=committer@example.com
GIT_AUTHOR_DATE='1700000000 +0000'
GIT_COMMITTER_DATE='1700000000 +0000'
SOURCE_DATE_EPOCH=1700000000
TZ=UTC
LC_ALL=C
# leaks of the libraries we link, not ours (see t/lsan.supp)
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$TEST_DIRECTORY/lsan.supp:print_suppressions=0}
export LSAN_OPTIONS
export PATH HOME GNUPGHOME XDG_CONFIG_HOME GIT_CONFIG_NOSYSTEM TZ LC_ALL SOURCE_DATE_EPOCH
export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
export GIT_AUTHOR_DATE GIT_COMMITTER_DATE
unset GIT_DIR GIT_WORK_TREE GIT_CONFIG_PARAMETERS GIT_NOTES_REF GIT_PAGER PAGER
git config --global init.defaultBranch main
git config --global advice.detachedHead false

test_count=0
test_failed=0

# TEST_CHAIN_LINT=0 turns off the check of each test body's && chain
# (as GIT_TEST_CHAIN_LINT does for git's tests).
TEST_CHAIN_LINT=${TEST_CHAIN_LINT:-1}

# Test bodies run with their standard output and error in a file that is
# shown when the test fails; the helpers below write their complaints to
# descriptor 4, which goes there too, so that "test_must_fail cmd 2>err"
# does not hide why it failed.  Outside a test it is our standard error.
exec 4>&2

say() {
	printf '# %s\n' "$*"
}

# test_chain_lint_ <description> <body>: whether every top-level command
# of <body> is joined to the next by &&.  The body is run once behind a
# command that fails with 117: when the chain is whole, nothing else
# runs and 117 is what comes out; a command left off the chain runs and
# its exit code comes out instead.  A loop, an if or a { } block is one
# command, so inside one a failure has to be passed on ("|| return 1"),
# and a top-level "a || b" has to be put in a { } block.
test_chain_lint_() {
	(eval "(exit 117) && $2
") >/dev/null 2>&1 4>&1 </dev/null
	test $? = 117
}

# test_run_body_ <description> <body>: runs <body>, in the subshell the
# caller made, in a function of its own with the positional parameters
# of the test, so that a "return" in it ends the body and nothing more;
# then, in the same shell, the cleanups that test_when_finished
# registered, last first.  Its exit code is the body's, or that of a
# cleanup that failed.
test_run_body_() {
	test_cleanup_=:
	test_get_shell_id_
	test_in_body_=$test_shell_id_
	test_eval_body_ "$@"
	test_eval_ret_=$?
	test_in_body_=
	test_run_cleanup_ "$test_cleanup_"
	return $test_eval_ret_
}

test_eval_body_() {
	eval "$2"
}

test_run_cleanup_() {
	eval "$1"
}

# test_get_shell_id_: sets test_shell_id_ to what tells this shell from
# a subshell of it: its process id, which the shell itself reads from
# /proc/self/stat ($$ is the same in subshells), or bash's BASH_SUBSHELL
# where there is no /proc.
test_get_shell_id_() {
	if test -r /proc/self/stat; then
		read -r test_shell_id_ test_shell_rest_ </proc/self/stat
	else
		test_shell_id_=${BASH_SUBSHELL:-t}
	fi
}

# test_expect_success <description> <script>
test_expect_success() {
	test_count=$((test_count + 1))
	if test "$TEST_CHAIN_LINT" != 0 && ! test_chain_lint_ "$@"; then
		test_failed=$((test_failed + 1))
		printf 'not ok %d - %s\n' "$test_count" "$1"
		{
			printf '#	broken && chain (or a syntax error) in the test body:\n'
			printf '%s\n' "$2" | sed -e 's/^/#	/'
		} >&2
		return
	fi
	if (test_run_body_ "$@") >"$TRASH_DIRECTORY/.out" 2>&1 4>&1 </dev/null; then
		printf 'ok %d - %s\n' "$test_count" "$1"
	else
		test_failed=$((test_failed + 1))
		printf 'not ok %d - %s\n' "$test_count" "$1"
		# on stderr, which prove shows, so that a CI log says why
		{
			sed -e 's/^/#	/' "$TRASH_DIRECTORY/.out"
			printf '#	--- script:\n'
			printf '%s\n' "$2" | sed -e 's/^/#	/'
		} >&2
	fi
}

# test_when_finished <command>...: in a test body, runs <command> (as
# eval runs its arguments) when the body ends, whether it succeeded or
# not, in the same shell: it sees the body's variables and its current
# directory.  Cleanups run last registered first; one that fails fails
# the test.  A body that uses it must stop early with "return", not
# "exit", which would leave the cleanups out.  In a subshell of the body
# it is refused, as what it registered there would be lost.
test_when_finished() {
	if test -z "$test_in_body_"; then
		echo "test_when_finished: only in a test body: $*" >&4
		return 1
	fi
	test_get_shell_id_
	if test "$test_in_body_" != "$test_shell_id_"; then
		echo "test_when_finished: would do nothing in a subshell: $*" >&4
		return 1
	fi
	test_cleanup_="{ $*
	} && (exit \"\$test_eval_ret_\"); test_eval_ret_=\$?; $test_cleanup_"
}

# test_skip <description> <reason>
test_skip() {
	test_count=$((test_count + 1))
	printf 'ok %d - %s # SKIP %s\n' "$test_count" "$1" "$2"
}

test_done() {
	printf '1..%d\n' "$test_count"
	test_gpg_stop_agents
	if test "$test_failed" = 0 && test -z "$KEEP_TRASH"; then
		cd "$TEST_DIRECTORY" && rm -rf "$TRASH_DIRECTORY"
	fi
	test "$test_failed" = 0
	exit $?
}

# test_must_fail <command>...: runs a command that must fail the way git
# commands fail, with exit 1 to 125 or 128 (die()).  Not exit 0; not
# 129, a usage error, which a test asks for with test_expect_code 129;
# not a death by a signal (130 to 192: 128 + the signal); not 126 or
# 127, a command that cannot be run or is not there; and not 193 to 255,
# which no command of ours gives.
test_must_fail() {
	"$@"
	test_mf_code_=$?
	if test $test_mf_code_ = 0; then
		echo "test_must_fail: command succeeded: $*" >&4
		return 1
	elif test $test_mf_code_ = 129; then
		echo "test_must_fail: usage error (exit 129; use test_expect_code 129 if meant): $*" >&4
		return 1
	elif test $test_mf_code_ -gt 129 && test $test_mf_code_ -le 192; then
		echo "test_must_fail: died by signal $((test_mf_code_ - 128)): $*" >&4
		return 1
	elif test $test_mf_code_ = 127; then
		echo "test_must_fail: command not found: $*" >&4
		return 1
	elif test $test_mf_code_ = 126; then
		echo "test_must_fail: command not executable: $*" >&4
		return 1
	elif test $test_mf_code_ -gt 192; then
		echo "test_must_fail: unexpected exit code $test_mf_code_: $*" >&4
		return 1
	fi
	return 0
}

# test_expect_code <code> <command>...: runs <command>, which must exit
# with <code>.
test_expect_code() {
	test_ec_want_=$1
	shift
	"$@"
	test_ec_code_=$?
	if test "$test_ec_code_" != "$test_ec_want_"; then
		echo "test_expect_code: want $test_ec_want_, got $test_ec_code_: $*" >&4
		return 1
	fi
}

test_cmp() {
	diff -u "$@"
}

test_path_is_file() {
	test -f "$1" || { echo "missing file: $1" >&2; return 1; }
}

# test_must_be_empty <file>: the file exists and is empty, as in git.
test_must_be_empty() {
	test_path_is_file "$1" &&
	if test -s "$1"; then
		echo "'$1' is not empty, it contains:" >&2 &&
		cat "$1" >&2 &&
		return 1
	fi
}

test_path_is_missing() {
	! test -e "$1" || { echo "should not exist: $1" >&2; return 1; }
}

# test_line_count <op> <n> <file>
test_line_count() {
	test "$(wc -l <"$3")" "$1" "$2" || { echo "$3: want $1 $2 lines, got $(wc -l <"$3")" >&2; return 1; }
}

# test_count_records <file>: how many records the note in <file> holds,
# of any version: each starts with a line "results <version>" (version 2
# is a record with measurements, and later versions will come).
test_count_records() {
	awk '/^results [1-9][0-9]*$/ { n++ } END { print n + 0 }' "$1"
}

# test_commit <message> [<file> <contents>]
test_commit() {
	file=${2:-$1.t}
	printf '%s\n' "${3:-$1}" >"$file" &&
	git add "$file" &&
	git commit -q -m "$1" &&
	git tag "$1"
}

# The notes ref's value, or "none".
notes_tip() {
	git rev-parse -q --verify "${1:-refs/notes/results}" || echo none
}

# test_gpg_key <user id> [<expiry>]: makes a passphrase-less ed25519
# signing key in $GNUPGHOME (a new one is set up for loopback pinentry,
# so nothing ever prompts) and prints its fingerprint.  <expiry> is as
# for gpg --quick-gen-key ("never" when not given).  test_done stops the
# agents of every GNUPGHOME set up here.
test_gpg_key() {
	if ! test -d "$GNUPGHOME"; then
		mkdir -p "$GNUPGHOME" && chmod 700 "$GNUPGHOME" &&
		echo pinentry-mode loopback >"$GNUPGHOME/gpg.conf" || return 1
	fi
	echo "$GNUPGHOME" >>"$TRASH_DIRECTORY/.gnupg-homes" &&
	gpg --batch --passphrase '' --quick-gen-key "$1" ed25519 sign "${2:-never}" 2>/dev/null &&
	gpg --with-colons --list-keys "=$1" | awk -F: '/^fpr/ { print $10; exit }'
}

test_gpg_stop_agents() {
	test -f "$TRASH_DIRECTORY/.gnupg-homes" || return 0
	sort -u "$TRASH_DIRECTORY/.gnupg-homes" | while read -r home; do
		GNUPGHOME=$home gpgconf --kill all 2>/dev/null
	done
}

# test_terminal <command> [<args>...]: runs the command with standard
# input, output and error on a pseudo-terminal (script(1) from
# bsdutils), prints what the terminal showed with its "\r\n" line ends
# turned back into "\n" (a lone "\r", as progress meters write, stays),
# and returns the command's exit code.
test_terminal() {
	cmd=
	for arg in "$@"; do
		cmd="$cmd '$(printf '%s' "$arg" | sed "s/'/'\\\\''/g")'"
	done
	SHELL=/bin/sh script -qec "$cmd" /dev/null >"$TRASH_DIRECTORY/.terminal" </dev/null
	code=$?
	sed "s/$(printf '\r')\$//" <"$TRASH_DIRECTORY/.terminal"
	return $code
}
