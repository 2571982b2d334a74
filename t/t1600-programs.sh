#!/bin/sh
# `sync` lives in its own program, git-results-sync, so that only it
# loads libcurl: git-results finds it beside itself, through
# GIT_RESULTS_EXEC_PATH, or in the installed exec path.

. "$(dirname "$0")/test-lib.sh"

BIN=$SRC_DIR/bin

test_expect_success 'git-results itself does not load libcurl' '
	ldd "$BIN/git-results" >libs &&
	! grep libcurl libs &&
	ldd "$BIN/git-results-sync" >sync-libs &&
	grep libcurl sync-libs
'

# The sync program links libgit2 and its libraries statically and libcurl
# shared: libcurl and what it loads (libssl, libcrypto, libssh2, GSSAPI)
# must call their own functions, never the program's copies or the
# start-up replacements of compat/.  (The libraries' own variables, as
# glibc's stdout or GSSAPI's GSS_C_NT_HOSTBASED_SERVICE, are copied into
# any program built without -fpie, as into git: they carry their
# library's symbol version; and a sanitizer's runtime reads the flags the
# compiler put in the program.)
test_expect_success 'libcurl and its libraries bind to themselves, not to the program' '
	LD_DEBUG=bindings LD_DEBUG_OUTPUT=$PWD/bindings \
		test_expect_code 129 "$BIN/git-results-sync" push -h >out &&
	cat bindings.* >all &&
	grep "binding file .*libcurl" all >curl &&
	grep "gss_init_sec_context" curl &&
	grep "libssh2_init" curl &&
	{ grep " to [^ ]*git-results-sync \\[0\\]" all || true; } >to-program &&
	{ grep -v -e "\\]\$" -e "binding file [^ ]*/lib[a-z]*san\\.so" to-program || true; } >ours &&
	test_line_count = 0 ours
'

test_expect_success 'git results sync runs the program beside git-results' '
	test_expect_code 129 git results sync -h >out &&
	grep "git results sync push" out
'

test_expect_success 'GIT_RESULTS_EXEC_PATH names where the programs are' '
	mkdir alone &&
	cp "$BIN/git-results" alone/ &&
	GIT_RESULTS_EXEC_PATH=$BIN test_expect_code 129 alone/git-results sync -h >out &&
	grep "git results sync push" out
'

test_expect_success 'a missing program is a fatal error, not a crash' '
	{
		test_expect_code 128 env GIT_RESULTS_EXEC_PATH=$PWD/nowhere alone/git-results sync -h 2>err ||
		{ cat err; false; }
	} &&
	grep "^fatal: cannot run git-results-sync" err
'

test_done
