#!/bin/sh
# git results summary --format email: the reply to a stable-rc
# announcement in LKFT's published layout (FORMATS.md, "Renderer
# references": the verdict, Tested-by:, "## Build", "## Test Regressions
# (compared to ...)", "## Metric Regressions", "## Test Fixes", "## Metric
# Fixes", "## Test result summary" with total/pass/fail/skip, the
# summaries per arch and device, "## Test suites summary"), checked line
# by line; 72 columns, deterministic; --regzbot in every format.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-release.sh"

# suites_ktap <suite>.<test>=<pass|fail|skip>...: KTAP, one nested suite
# per <suite>, in the order given (the tests of a suite given together).
suites_ktap() {
	printf 'KTAP version 1\n'
	sk_suites=$(for sk_t in "$@"; do echo "${sk_t%%.*}"; done | uniq)
	printf '1..%d\n' $(echo "$sk_suites" | wc -l)
	sk_n=0
	for sk_s in $sk_suites; do
		sk_n=$((sk_n + 1))
		printf '    KTAP version 1\n'
		sk_m=0 sk_ok=ok
		for sk_t in "$@"; do
			test "${sk_t%%.*}" = "$sk_s" || continue
			sk_m=$((sk_m + 1))
		done
		printf '    1..%d\n' $sk_m
		sk_m=0
		for sk_t in "$@"; do
			test "${sk_t%%.*}" = "$sk_s" || continue
			sk_m=$((sk_m + 1))
			sk_name=${sk_t#*.}
			case ${sk_name#*=} in
			pass) printf '    ok %d %s\n' $sk_m "${sk_name%%=*}" ;;
			fail) printf '    not ok %d %s\n' $sk_m "${sk_name%%=*}"; sk_ok="not ok" ;;
			skip) printf '    ok %d %s # SKIP not here\n' $sk_m "${sk_name%%=*}" ;;
			esac
		done
		printf '%s %d %s\n' "$sk_ok" $sk_n "$sk_s"
	done
}

# rc_commit <file-content> <message> [<tag>]: a commit on a tree of its own
rc_commit() {
	echo "$1" >file &&
	git add file &&
	git commit -q -m "$2" &&
	if test -n "$3"; then git tag -a -m "$3" "$3"; fi
}

# run <rev> <run> <arch> <device> <results>...
run() {
	rv=$1 rn=$2 ra=$3 rd=$4
	shift 4
	suites_ktap "$@" >../run.ktap &&
	git results add -q --origin lkft --run "$rn" --env arch="$ra" --env device="$rd" \
		"$rv" ../run.ktap
}

test_expect_success 'setup: a stable release and two release candidates' '
	git init -q repo &&
	cd repo &&
	rc_commit 1 "Linux 6.1.1" v6.1.1 &&
	run v6.1.1 a0 arm64 rpi4 ltp-syscalls.preadv03=pass ltp-syscalls.read01=pass \
		kselftest-seccomp.seccomp_bpf=fail perf.pmu_1=pass &&
	run v6.1.1 x0 x86_64 qemu-x86_64 ltp-syscalls.preadv03=pass ltp-syscalls.read01=pass \
		kselftest-seccomp.seccomp_bpf=pass perf.pmu_1=pass &&
	rc_commit 2 "ext4: sync the file size after O_SYNC direct IO" &&
	rc_commit 3 "Linux 6.1.2-rc1" v6.1.2-rc1 &&
	suites_ktap ltp-syscalls.preadv03=fail ltp-syscalls.read01=pass \
		kselftest-seccomp.seccomp_bpf=pass perf.pmu_1=skip >../a1.ktap &&
	git results add -q --origin lkft --run a1 --env arch=arm64 --env device=rpi4 \
		--link https://qa.example.org/lkft/a1 v6.1.2-rc1 ../a1.ktap &&
	run v6.1.2-rc1 x1 x86_64 qemu-x86_64 ltp-syscalls.preadv03=pass ltp-syscalls.read01=pass \
		kselftest-seccomp.seccomp_bpf=pass perf.pmu_1=pass &&
	git remote add origin https://stable:s3cr3t-t0ken@git.example.org/stable/linux-stable-rc.git &&
	git config results.linkTemplate "https://qa.example.org/lkft/linux-stable-rc-linux-6.1.y/build/%D"
'

test_expect_success 'the reply to an rc with a regression, line by line' '
	cd repo &&
	git results summary --format email v6.1.2-rc1 >out &&
	cat >expect <<-EOF &&
	Results from lkft.
	1 regression on arm64.

	## Build
	* kernel: 6.1.2-rc1
	* git: https://git.example.org/stable/linux-stable-rc.git
	* git commit: $(git rev-parse v6.1.2-rc1^{commit})
	* git describe: v6.1.2-rc1
	* test details:
	https://qa.example.org/lkft/linux-stable-rc-linux-6.1.y/build/v6.1.2-rc1

	## Test Regressions (compared to v6.1.1)

	* lkft arch=arm64 device=rpi4, ltp-syscalls
	  - preadv03

	## Metric Regressions (compared to v6.1.1)

	## Test Fixes (compared to v6.1.1)

	* lkft arch=arm64 device=rpi4, kselftest-seccomp
	  - seccomp_bpf

	## Metric Fixes (compared to v6.1.1)

	## Test result summary
	total: 9, pass: 7, fail: 1, skip: 1

	## Summary per arch
	* arm64: 5 total, 3 passed, 1 failed, 1 skipped
	* x86_64: 4 total, 4 passed, 0 failed, 0 skipped

	## Summary per device
	* qemu-x86_64: 4 total, 4 passed, 0 failed, 0 skipped
	* rpi4: 5 total, 3 passed, 1 failed, 1 skipped

	## Test suites summary
	* kselftest-seccomp
	* ltp-syscalls
	* perf

	Test-link: https://qa.example.org/lkft/a1
	EOF
	test_cmp expect out
'

test_expect_success 'the sections come in the order of the published LKFT reply' '
	cd repo &&
	git results summary --format email v6.1.2-rc1 >out &&
	grep "^## " out | sed "s/ (compared to .*)//" >actual &&
	cat >expect <<-\EOF &&
	## Build
	## Test Regressions
	## Metric Regressions
	## Test Fixes
	## Metric Fixes
	## Test result summary
	## Summary per arch
	## Summary per device
	## Test suites summary
	EOF
	test_cmp expect actual &&
	grep -A1 "^## Test result summary" out | tail -n 1 >line &&
	grep -E "^total: [0-9]+, pass: [0-9]+, fail: [0-9]+, skip: [0-9]+$" line
'

test_expect_success 'no regression: the verdict names the arches, then Tested-by:' '
	cd repo &&
	rc_commit 4 "Linux 6.1.2-rc2" v6.1.2-rc2 &&
	run v6.1.2-rc2 a2 arm64 rpi4 ltp-syscalls.preadv03=pass ltp-syscalls.read01=pass \
		kselftest-seccomp.seccomp_bpf=pass perf.pmu_1=pass &&
	run v6.1.2-rc2 x2 x86_64 qemu-x86_64 ltp-syscalls.preadv03=pass ltp-syscalls.read01=pass \
		kselftest-seccomp.seccomp_bpf=pass perf.pmu_1=pass &&
	git results summary --format email --previous v6.1.1 v6.1.2-rc2 >out &&
	head -n 4 out >actual &&
	cat >expect <<-\EOF &&
	Results from lkft.
	No regressions on arm64 and x86_64.

	Tested-by: C O Mitter <committer@example.com>
	EOF
	test_cmp expect actual &&
	git -c results.testedBy="Linux Kernel Functional Testing <lkft@example.org>" \
		results summary --format email --previous v6.1.1 v6.1.2-rc2 >out &&
	sed -n 4p out >actual &&
	echo "Tested-by: Linux Kernel Functional Testing <lkft@example.org>" >expect &&
	test_cmp expect actual
'

test_expect_success 'a regression, or no release to compare with, earns no Tested-by:' '
	cd repo &&
	git -c results.testedBy="LKFT <lkft@example.org>" \
		results summary --format email v6.1.2-rc1 >out &&
	! grep "Tested-by" out &&
	git -c results.testedBy="LKFT <lkft@example.org>" \
		results summary --format email v6.1.1 >out &&
	! grep "Tested-by" out &&
	sed -n 2p out >actual &&
	echo "No previous release to compare with." >expect &&
	test_cmp expect actual &&
	grep "^## Test Regressions (no previous release to compare with)$" out
'

test_expect_success 'deterministic, and no credential of the remote URL in the reply' '
	cd repo &&
	git results summary --format email --regzbot v6.1.2-rc1 >one &&
	git results summary --format email --regzbot v6.1.2-rc1 >two &&
	test_cmp one two &&
	! grep s3cr3t one &&
	! grep "stable@" one &&
	git -c results.repositoryUrl=https://git.kernel.org/stable/linux-stable-rc.git \
		results summary --format email v6.1.2-rc1 >out &&
	grep "^\* git: https://git.kernel.org/stable/linux-stable-rc.git$" out
'

test_expect_success '72 columns: long names wrap, a URL stays whole on its own line' '
	cd repo &&
	rc_commit 5 "Linux 6.1.2-rc3" v6.1.2-rc3 &&
	suites_ktap ltp-syscalls.preadv03=fail >../long.ktap &&
	git results add -q --origin lkft --run long --env arch=arm64 \
		--env device=a-rather-long-device-name-from-a-lab-far-away \
		--env config=defconfig-with-kasan-and-kfence-and-lockdep v6.1.2-rc3 ../long.ktap &&
	git -c results.linkTemplate="https://qa.example.org/lkft/linux-stable-rc-linux-6.1.y/build/%D/details" \
		-c results.testedBy="LKFT <lkft@example.org>" results summary --format email --previous v6.1.1 v6.1.2-rc3 >out &&
	awk "length(\$0) > 72 && / /" out >long-lines &&
	test_must_be_empty long-lines &&
	awk "length(\$0) > 72" out >urls &&
	echo "https://qa.example.org/lkft/linux-stable-rc-linux-6.1.y/build/v6.1.2-rc3/details" >expect &&
	test_cmp expect urls &&
	grep -A1 "^\* a-rather-long-device-name-from-a-lab-far-away: 1 total, 0 passed, 1$" out >wrapped &&
	tail -n 1 wrapped >actual &&
	echo "  failed, 0 skipped" >expect &&
	test_cmp expect actual
'

test_expect_success '--regzbot ends the reply with the lines per regression' '
	cd repo &&
	git results summary --format email v6.1.2-rc1 >plain &&
	git results summary --format email --regzbot v6.1.2-rc1 >out &&
	head -n "$(wc -l <plain)" out >head &&
	test_cmp plain head &&
	tail -n +"$(($(wc -l <plain) + 1))" out >lines &&
	cat >expect <<-EOF &&

	#regzbot introduced: $(git rev-parse --short=12 v6.1.1^{commit})..$(git rev-parse --short=12 v6.1.2-rc1^{commit})
	#regzbot title: ltp-syscalls.preadv03 fails on lkft arch=arm64 device=rpi4
	EOF
	test_cmp expect lines
'

test_expect_success '--regzbot in the text, Markdown, HTML and JSON summaries' '
	cd repo &&
	range="$(git rev-parse --short=12 v6.1.1^{commit})..$(git rev-parse --short=12 v6.1.2-rc1^{commit})" &&
	title="ltp-syscalls.preadv03 fails on lkft arch=arm64 device=rpi4" &&
	printf "#regzbot introduced: %s\n#regzbot title: %s\n" "$range" "$title" >lines &&
	git results summary --regzbot v6.1.2-rc1 >out &&
	tail -n 2 out >actual &&
	test_cmp lines actual &&
	git results summary --format markdown --regzbot v6.1.2-rc1 >out &&
	{ echo "\`\`\`" && cat lines && echo "\`\`\`"; } >expect &&
	tail -n 4 out >actual &&
	test_cmp expect actual &&
	git results summary --format html --regzbot v6.1.2-rc1 >out &&
	grep "^<pre><code>#regzbot introduced: $range$" out &&
	git results summary --json --regzbot v6.1.2-rc1 >out &&
	jq -c .regzbot out >actual &&
	printf "[{\"introduced\":\"%s\",\"title\":\"%s\"}]\n" "$range" "$title" >expect &&
	test_cmp expect actual &&
	git results summary --json v6.1.2-rc1 >out &&
	jq -e "has(\"regzbot\") | not" out
'

test_expect_success '--regzbot without a regression adds nothing' '
	cd repo &&
	git results summary --format email --previous v6.1.1 v6.1.2-rc2 >plain &&
	git results summary --format email --regzbot --previous v6.1.1 v6.1.2-rc2 >out &&
	test_cmp plain out
'

test_expect_success 'a link template that cannot be expanded: an error and no reply' '
	cd repo &&
	test_expect_code 1 git -c results.linkTemplate="https://x/%Q" \
		results summary --format email v6.1.2-rc1 >out 2>err &&
	test_must_be_empty out &&
	grep "^error: results.linkTemplate: unknown placeholder" err &&
	test_expect_code 129 git results summary --format mail v6.1.2-rc1 2>err &&
	grep "use text, markdown, html, json or email" err
'

test_expect_success 'a release without results: says so, with its build, and no Tested-by:' '
	cd repo &&
	rc_commit 6 "Linux 6.1.2-rc4" v6.1.2-rc4 &&
	git -c results.testedBy="LKFT <lkft@example.org>" \
		results summary --format email v6.1.2-rc4 >out 2>err &&
	grep "^warning: no results recorded for .v6.1.2-rc4.$" err &&
	cat >expect <<-EOF &&
	No results recorded for v6.1.2-rc4.

	## Build
	* kernel: 6.1.2-rc4
	* git: https://git.example.org/stable/linux-stable-rc.git
	* git commit: $(git rev-parse v6.1.2-rc4^{commit})
	* git describe: v6.1.2-rc4
	* test details:
	https://qa.example.org/lkft/linux-stable-rc-linux-6.1.y/build/v6.1.2-rc4
	EOF
	test_cmp expect out
'

test_expect_success 'a run in conflict earns no Tested-by: either' '
	cd repo &&
	suites_ktap ltp-syscalls.preadv03=pass >../one.ktap &&
	suites_ktap ltp-syscalls.preadv03=pass ltp-syscalls.read01=pass >../two.ktap &&
	git results add -q --origin lkft --run dup --env arch=arm64 v6.1.2-rc2 ../one.ktap &&
	git results add -q --ref side --origin lkft --run dup --env arch=arm64 v6.1.2-rc2 ../two.ktap &&
	git results merge -q side 2>/dev/null &&
	git results summary --previous v6.1.1 v6.1.2-rc2 >text &&
	grep "in conflict" text &&
	git results summary --format email --previous v6.1.1 v6.1.2-rc2 >out &&
	sed -n 2p out >actual &&
	echo "No regressions on arm64 and x86_64." >expect &&
	test_cmp expect actual &&
	! grep "Tested-by" out
'

test_expect_success 'the suites summary names each suite once, a prefix of another too' '
	cd repo &&
	rc_commit 7 "Linux 6.1.3-rc1" v6.1.3-rc1 &&
	run v6.1.3-rc1 s1 arm64 rpi4 kunit.d=pass ltp-fs.c=pass ltp.a=pass ltp.b=fail &&
	run v6.1.3-rc1 s2 x86_64 qemu-x86_64 kunit-mm.e=pass ltp-fs.c=skip ltp-fs.f=pass &&
	git results summary --format email v6.1.3-rc1 >out &&
	sed -n "/^## Test suites summary/,\$p" out | grep -e "^## " -e "^\* " >actual &&
	cat >expect <<-\EOF &&
	## Test suites summary
	* kunit
	* kunit-mm
	* ltp
	* ltp-fs
	EOF
	test_cmp expect actual
'

test_done
