#!/bin/sh
# A write survives a crash as git's own would: core.fsync decides what
# reaches the disk before the ref names it, and what a killed write
# left behind is cleaned by the next one.
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'setup' '
	git init -q repo &&
	cd repo &&
	test_commit one &&
	printf "KTAP version 1\n1..1\nok 1 a\n" >../one.tap
'

# fsyncs <file> <test-op> <n>: the fsync calls strace saw in <file>
# compare as test(1) says; on failure, say what strace saw.
fsyncs() {
	n=$(grep -c "fsync(" "$1")
	test "$n" "$2" "$3" && return 0
	echo "$1: $n fsync calls, want $2 $3; strace saw:" >&2
	cat "$1" >&2
	return 1
}

# trace_fsync <file> <command>...: runs <command> under strace, which
# writes the fsync calls it sees to <file>.  LeakSanitizer cannot run
# under ptrace and fails the command: a sanitizer build checks its leaks
# in the other tests.
trace_fsync() {
	trace_out=$1 &&
	shift &&
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		strace -f -e trace=fsync,fdatasync -o "$trace_out" "$@"
}

# strace_sees_fsync: strace runs here and sees the fsync of sync(1).
strace_sees_fsync() {
	command -v strace >/dev/null &&
	echo probe >probe.txt &&
	strace -f -e trace=fsync,fdatasync -o probe.st sync probe.txt 2>/dev/null &&
	grep -q "fsync(" probe.st
}

if strace_sees_fsync; then
	test_expect_success 'objects and ref are fsynced as core.fsync says' '
		cd repo &&
		trace_fsync ../default.st git results add -q --origin ci --run one one ../one.tap &&
		fsyncs ../default.st -ge 4 &&
		trace_fsync ../committed.st git -c core.fsync=committed results add -q --origin ci --run two one ../one.tap &&
		fsyncs ../committed.st -ge 4 &&
		trace_fsync ../none.st git -c core.fsync=none results add -q --origin ci --run three one ../one.tap &&
		fsyncs ../none.st -eq 0 &&
		trace_fsync ../objects.st \
			git -c core.fsync=none -c core.fsyncObjectFiles=true \
			results add -q --origin ci --run four one ../one.tap &&
		fsyncs ../objects.st -ge 3 &&
		git notes --ref=results show one >note &&
		grep "^run " note >runs &&
		test_line_count = 4 runs
	'
else
	test_skip 'objects and ref are fsynced as core.fsync says' 'strace cannot see fsync calls here'
fi

# stale_tmp <path>: a temporary file a killed write left two hours ago.
stale_tmp() {
	echo partial >"$1" &&
	touch -d "2 hours ago" "$1"
}

test_expect_success 'the next write removes what a killed write left, and only that' '
	cd repo &&
	stale_tmp .git/objects/tmp_object_git2_AbC123 &&
	stale_tmp .git/objects/pack/tmp_pack_XyZ789 &&
	stale_tmp .git/objects/pack/tmp_pack_XyZ789.idx &&
	stale_tmp .git/objects/pack/tmp_idx_notours &&
	echo writing >.git/objects/pack/tmp_pack_live01 &&
	git results add -q --origin ci --run five one ../one.tap &&
	test_path_is_missing .git/objects/tmp_object_git2_AbC123 &&
	test_path_is_missing .git/objects/pack/tmp_pack_XyZ789 &&
	test_path_is_missing .git/objects/pack/tmp_pack_XyZ789.idx &&
	test -f .git/objects/pack/tmp_idx_notours &&
	test -f .git/objects/pack/tmp_pack_live01 &&
	rm .git/objects/pack/tmp_pack_live01 .git/objects/pack/tmp_idx_notours
'

test_expect_success 'prune removes them too, even with nothing to prune' '
	cd repo &&
	stale_tmp .git/objects/tmp_object_git2_DeF456 &&
	git results prune &&
	test_path_is_missing .git/objects/tmp_object_git2_DeF456
'

test_done
