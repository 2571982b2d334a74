#!/bin/sh
# The fuzz targets (t/fuzz), built without libFuzzer by `make test`: the
# seed corpora, and every file of ../shared/corpora, through every target.
# A target aborts when an invariant fails (a bad path, a failure without
# a message, a record that does not read back), and the sanitizers of a
# `make SANITIZE=...` build watch every input.
. "$(dirname "$0")/test-lib.sh"

FUZZ=$SRC_DIR/t/fuzz
FORMATS=$(sed -n 's/^extern const struct format format_\([a-z0-9_]*\);$/\1/p' \
	"$SRC_DIR/formats/registry.c")

test_expect_success 'every registered format has a fuzz target' '
	test -n "$FORMATS" &&
	for name in $FORMATS auto record pack; do
		test -x "$FUZZ/replay-$name" || { echo "no replay-$name: run make fuzz-replay"; return 1; }
	done
'

test_expect_success 'every format has seeds' '
	for name in $FORMATS auto record pack; do
		test -n "$(ls "$FUZZ/corpus/$name")" || return 1
	done
'

for name in $FORMATS auto record pack; do
	test_expect_success "the seed corpora through the $name target" "
		timeout 300 \"$FUZZ/replay-$name\" \"$FUZZ\"/corpus/* >out &&
		grep '^replayed [1-9][0-9]* inputs$' out
	"
done

for name in $FORMATS auto; do
	test_expect_success "every corpus file through the $name target" "
		find \"\$CORPORA\" \"\$SHARED_DIR/corpora2\" -type f | sort >files &&
		test \$(wc -l <files) -ge 705 &&
		timeout 600 xargs \"$FUZZ/replay-$name\" <files >out &&
		grep '^replayed [1-9][0-9]* inputs$' out
	"
done

test_expect_success 'the record target takes good and bad records alike' '
	printf "results 1\norigin x\n" >broken &&
	"$FUZZ/replay-record" broken &&
	printf "not\0text" >nul &&
	"$FUZZ/replay-record" nul &&
	printf "results 1\norigin ci\nrun 1\ndate 2026-01-01T00:00:00Z\nstatus PASS\ncounts FAIL=0 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0\n\nPASS a\n" >good &&
	"$FUZZ/replay-record" good &&
	test_expect_code 128 "$FUZZ/replay-record" no-such-file 2>err &&
	grep "^fatal: cannot stat .no-such-file.: No such file or directory" err
'

test_done
