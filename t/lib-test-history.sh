# A history for the tests of a test's history (log --test, bisect, diff
# --regzbot), sourced after test-lib.sh.  Every commit has a tree of its
# own, so that no untested commit borrows results through the same-tree
# rule, and a committer date of its own, one tick after the last.

th_tick=1700000000

# th_commit <name> [<parent>...]: a commit on a tree of its own, tagged <name>
th_commit() {
	th_name=$1
	shift
	# the parents become "-p <parent>..." in place
	for th_p in "$@"; do
		set -- "$@" -p "$th_p"
		shift
	done
	th_tick=$((th_tick + 60))
	th_blob=$(echo "$th_name" | git hash-object -w --stdin) &&
	th_tree=$(printf "100644 blob %s\tfile\n" "$th_blob" | git mktree) &&
	th_oid=$(GIT_COMMITTER_DATE="$th_tick +0000" GIT_AUTHOR_DATE="$th_tick +0000" \
		git commit-tree "$@" -m "$th_name" "$th_tree") &&
	git tag "$th_name" "$th_oid"
}

# th_ktap <name>=<pass|fail|skip>...: KTAP of the KUnit suite "example"
th_ktap() {
	printf 'KTAP version 1\n1..1\n    KTAP version 1\n    1..%d\n' $#
	th_n=0 th_suite=ok
	for th_t in "$@"; do
		th_n=$((th_n + 1))
		case ${th_t#*=} in
		pass) printf '    ok %d %s\n' $th_n "${th_t%%=*}" ;;
		fail) printf '    not ok %d %s\n' $th_n "${th_t%%=*}"; th_suite="not ok" ;;
		skip) printf '    ok %d %s # SKIP not here\n' $th_n "${th_t%%=*}" ;;
		esac
	done
	printf '%s 1 example\n' "$th_suite"
}

# th_run <commit> <arch> <name>=<status>...: a run of origin ci on <arch>
th_run() {
	th_at=$1 th_arch=$2
	shift 2
	th_ktap "$@" >run.ktap &&
	git results add -q --origin ci --env arch="$th_arch" --env config=defconfig \
		"$th_at" run.ktap
}

# th_setup: the history
#
#   A(v6.0) - B - C ------------- M - D(v6.1-rc1) - E
#              \                 /
#               S1 - S2 - S3 - S4      (a subsystem branch, merged at M)
#
# example.regress_test starts failing at S3 on arm64 only (S2, C, M and
# E are untested on arm64); example.late_test fails from D on x86_64
# only, where M passed; example.broken_test fails on every arm64 run.
th_setup() {
	git init -q repo &&
	cd repo &&
	th_commit A && git tag v6.0 A &&
	th_commit B A &&
	th_commit C B &&
	th_commit S1 B &&
	th_commit S2 S1 &&
	th_commit S3 S2 &&
	th_commit S4 S3 &&
	th_commit M C S4 &&
	th_commit D M && git tag v6.1-rc1 D &&
	th_commit E D &&
	git update-ref refs/heads/main E &&
	git symbolic-ref HEAD refs/heads/main &&
	for c in A B S1; do
		th_run $c arm64 simple_test=pass regress_test=pass late_test=pass broken_test=fail &&
		th_run $c x86_64 simple_test=pass regress_test=pass late_test=pass || return 1
	done &&
	th_run S3 arm64 simple_test=pass regress_test=fail late_test=pass broken_test=fail &&
	th_run S3 x86_64 simple_test=pass regress_test=pass late_test=pass &&
	th_run S4 arm64 simple_test=pass regress_test=fail late_test=pass broken_test=fail &&
	th_run M x86_64 simple_test=pass regress_test=pass late_test=pass &&
	th_run D arm64 simple_test=pass regress_test=fail late_test=pass broken_test=fail &&
	th_run D x86_64 simple_test=pass regress_test=pass late_test=fail
}

# th_short <tag>...: the commits' ids abbreviated to 12 digits
th_short() {
	for th_r in "$@"; do
		git rev-parse --short=12 "$th_r" || return 1
	done
}
