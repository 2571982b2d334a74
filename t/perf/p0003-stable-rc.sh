#!/bin/sh
# One stable-rc (issue 19): a commit with the results of 150 builds, each
# a record of 2,200 tests (330,000 results, an 18 MB note), as LKFT
# reports for one stable release candidate, and a second such commit.
# Each build is its own run, told apart by its environment (device,
# architecture, toolchain, kernel configuration), as LKFT's are: not
# 150 reruns of one.
# Side by side with git's own `git notes show` of the same notes:
#   - show                 beside git notes show of the note
#   - show --json          beside the same (and its peak memory)
#   - diff of the two      beside git notes show of both notes
#   - summary of the one   beside git notes show of its note
#   - the stable-rc reply  beside git notes show of both notes
#     (summary --format email of the second against the first)
# Targets: show within 1.0x, show --json within 2x and under 64 MB, diff,
# summary and the reply within 2x.  Each row is followed by the peak
# memory of one run, beside that of git notes show of one note.
#
# Usage: t/perf/p0003-stable-rc.sh [builds] [rounds]
set -e

BUILDS=${1:-150}
ROUNDS=${2:-3}
PERF_NAME=p0003
. "$(dirname "$0")/perf-lib.sh"

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

# build <seed>: one build's KTAP, 22 suites of 100 tests named as LTP,
# kselftest and KUnit name theirs; about 1.5% fail and 3% are skipped
build() {
	awk -v b="$1" 'BEGIN {
		n = split("ltp-syscalls ltp-fs ltp-mm ltp-sched ltp-math ltp-containers " \
			  "ltp-controllers ltp-cve ltp-dio ltp-fcntl-locktests kselftest-net " \
			  "kselftest-timers kselftest-seccomp kselftest-bpf kselftest-cgroup " \
			  "kselftest-memfd kselftest-ftrace kunit-lib kunit-mm kunit-drivers " \
			  "libhugetlbfs perf", suites, " ")
		split("with_invalid_flags_returns_einval on_tmpfs_with_hugepages_enabled " \
		      "after_fork_in_child_process for_each_cpu_in_online_mask " \
		      "under_memory_pressure", tails, " ")
		split("accept open fcntl mmap read write clone madvise ioctl statx epoll " \
		      "futex mremap pipe setrlimit sendmsg", bases, " ")
		srand(b)
		print "KTAP version 1"
		printf "1..%d\n", n
		for (s = 1; s <= n; s++) {
			printf "    KTAP version 1\n    # Subtest: %s\n    1..100\n", suites[s]
			for (c = 1; c <= 100; c++) {
				name = bases[(c * 7 + s) % 16 + 1] sprintf("%02d", c) "_" tails[c % 5 + 1]
				r = rand()
				if (r < 0.015)
					printf "    not ok %d %s\n", c, name
				else if (r < 0.045)
					printf "    ok %d %s # SKIP not supported on this platform\n", c, name
				else
					printf "    ok %d %s\n", c, name
			}
			printf "ok %d %s\n", s, suites[s]
		}
	}'
}

echo "# building two commits with $BUILDS records of 2,200 tests each" >&2
git init -q -b main repo
cd repo
linear_history 2
rc1=$(git rev-parse main~1)
rc2=$(git rev-parse main)
# env <n>: the environment of build <n>, as LKFT's builds differ: a
# device (and its architecture), a toolchain and a kernel configuration
# (10 x 3 x 5 = 150 builds, each its own run)
env() {
	set -- $(( ($1 - 1) % 10 )) $(( ($1 - 1) / 10 % 3 )) $(( ($1 - 1) / 30 % 5 ))
	set -- "$(echo "qemu-x86_64:x86_64 x86:x86_64 qemu-i386:i386 i386:i386 qemu-arm64:arm64 \
		juno-r2:arm64 rk3399-rock-pi-4b:arm64 e850-96:arm64 qemu-armv7:arm x15:arm" |
		tr -s ' \t' '\n\n' | sed -n "$(($1 + 1))p")" \
		"$(echo gcc-13 clang-19 clang-nightly | cut -d' ' -f$(($2 + 1)))" \
		"$(echo defconfig defconfig-kasan defconfig-compat lkftconfig lkftconfig-debug | cut -d' ' -f$(($3 + 1)))"
	echo "--env device=${1%%:*} --env arch=${1#*:} --env toolchain=$2 --env kconfig=$3"
}

mkdir ../builds
b=1
while test $b -le "$BUILDS"; do
	for rc in 1 2; do
		f=../builds/$rc-$b
		build $((b + (rc - 1) * 1000)) >$f.ktap
		eval commit=\$rc$rc
		# the record of the build, made for its commit: add --batch
		# takes one file per line, and options for the whole batch
		# shellcheck disable=SC2046 # env prints separate options
		git results parse --origin lkft $(env $b) --date @1700000000 $f.ktap |
			sed "1a commit $commit\\
tree $(git rev-parse "$commit^{tree}")" >$f.record
		echo "$commit $f.record"
	done
	b=$((b + 1))
done >../batch
git results add -q --batch <../batch
rm -rf ../builds
git gc -q
git notes --ref=results show "$rc1" >../note
echo "p0003-stable-rc: $BUILDS records of 2,200 tests on one commit ($(wc -c <../note) bytes of note)"

# peak <label> <command...>: the peak memory of one run of a command
# and of the anchor's, "(peak memory: N MB, git notes show M MB)"
peak() {
	label=$1
	shift
	/usr/bin/time -f %M -o ../rss "$@" >/dev/null
	ours=$(($(tail -1 ../rss) / 1024))
	/usr/bin/time -f %M -o ../rss git notes --ref=results show "$rc1" >/dev/null
	echo "  ($label peak memory: $ours MB, git notes show $(($(tail -1 ../rss) / 1024)) MB)"
}

set -- $(time_pair "$ROUNDS" 3 "git results show $rc1" "git notes --ref=results show $rc1")
report "show" "$1" "$2" "git notes show"
peak show git results show "$rc1"
set -- $(time_pair "$ROUNDS" 3 "git results show --json $rc1" "git notes --ref=results show $rc1")
report "show --json" "$1" "$2" "git notes show"
peak "show --json" git results show --json "$rc1"
set -- $(time_pair "$ROUNDS" 3 "git results diff $rc1 $rc2" \
	"git notes --ref=results show $rc1 && git notes --ref=results show $rc2")
report "diff of two" "$1" "$2" "git notes show of both"
peak diff git results diff "$rc1" "$rc2"
set -- $(time_pair "$ROUNDS" 3 "git results summary $rc1" "git notes --ref=results show $rc1")
report "summary" "$1" "$2" "git notes show"
peak summary git results summary "$rc1"
set -- $(time_pair "$ROUNDS" 3 "git results summary --format email --previous $rc1 $rc2" \
	"git notes --ref=results show $rc1 && git notes --ref=results show $rc2")
report "summary --format email" "$1" "$2" "git notes show of both"
peak "summary --format email" git results summary --format email --previous "$rc1" "$rc2"
