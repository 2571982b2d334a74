#!/bin/sh
# KTAP and TAP as consoles, CI runners and excerpts deliver them (issue
# 16): a prefix cut only from the lines that carry it, so that "not ok"
# never becomes "ok"; excerpts that start inside a nested level; kernel
# messages inside a result line; runs in which no test reported; and
# detection of TAP without a version line.
. "$(dirname "$0")/test-lib.sh"

# tests <file> [<parse option>...]: the test lines of its record
tests() {
	f=$1
	shift
	git results parse "$@" "$f" >record &&
	sed -n "/^$/,\$p" record | sed 1d
}

test_expect_success 'a byte-order mark in front of the first line cuts nothing else' '
	printf "\357\273\277TAP version 13\n1..2\nok 1 - a\nnot ok 2 - example\n" >bom.tap &&
	tests bom.tap >actual &&
	printf "PASS a\nFAIL example\n" >expect &&
	test_cmp expect actual &&
	grep "^status FAIL" record
'

test_expect_success "GitLab's section marker in front of the first line cuts nothing else" '
	printf "\033[0KTAP version 13\n1..2\nok 1 - a\nnot ok 2 - example\n" >esc.tap &&
	tests esc.tap >actual &&
	printf "PASS a\nFAIL example\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'another console line that lost its newline cuts nothing else' '
	printf "random: crng init doneKTAP version 1\n1..2\nok 1 a\nnot ok 2 example\n" >crng.tap &&
	tests crng.tap >actual &&
	printf "PASS a\nFAIL example\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a short unknown prefix on the first line cuts nothing else' '
	printf "[0KTAP version 13\n1..2\nok 1 - a\nnot ok 2 - example\n" >bracket.tap &&
	tests bracket.tap >actual &&
	printf "PASS a\nFAIL example\n" >expect &&
	test_cmp expect actual &&
	grep "^status FAIL" record
'

test_expect_success 'a long lost line cuts nothing from the long lines after it' '
	printf "random: crng init doneKTAP version 1\n1..2\nok 1 a_test_with_a_long_name\nnot ok 2 another_test_with_a_long_name\n" >crng-long.tap &&
	tests crng-long.tap >actual &&
	printf "PASS a_test_with_a_long_name\nFAIL another_test_with_a_long_name\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'decorations are cut from each line that carries them' '
	cat >decorated.log <<-\EOF &&
	<6>[    0.060000][    T1] KTAP version 1
	[    0.060000] 1..3
	2024-05-01T12:00:00.1234567Z ok 1 runner_date
	[2024-05-01T12:00:00.000Z] not ok 2 jenkins_timestamper
	18:56:58 DEBUG| [stdout] ok 3 autotest
	EOF
	tests decorated.log >actual &&
	printf "PASS autotest\nFAIL jenkins_timestamper\nPASS runner_date\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'colours inside a line are no part of it' '
	printf "TAP version 13\n1..2\n\033[32mok\033[0m 1 - green\n\033[31mnot ok\033[0m 2 - red\n" >colour.tap &&
	tests colour.tap >actual &&
	printf "PASS green\nFAIL red\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'an excerpt that starts at an indented "# Subtest:" keeps its suites' '
	printf "    # Subtest: foo\n    1..2\n    ok 1 a\n    not ok 2 b\nnot ok 1 foo\n    # Subtest: bar\n    1..1\n    ok 1 c\nok 2 bar\n" >subtest.log &&
	tests subtest.log --format=ktap >actual &&
	printf "PASS bar.c\nPASS foo.a\nFAIL foo.b\n" >expect &&
	test_cmp expect actual
'

test_expect_success "an excerpt that starts at a kselftest script's own TAP keeps it" '
	cat >selftest.log <<-\EOF &&
	# selftests: net: tls
	# TAP version 13
	# 1..2
	# ok 1 a
	# not ok 2 b
	not ok 1 selftests: net: tls # exit=1
	# selftests: net: udp
	# TAP version 13
	# 1..1
	# ok 1 c
	ok 2 selftests: net: udp
	EOF
	tests selftest.log >actual &&
	printf "PASS net.tls.a\nFAIL net.tls.b\nPASS net.udp.c\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a script excerpt without its runner: its tests, no test named by number' '
	printf "# TAP version 13\n# 1..2\n# ok 1 a\n# not ok 2 b\n" >script.log &&
	tests script.log >actual &&
	printf "PASS a\nFAIL b\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a kernel message inside a result line is no part of its name' '
	cat >cut.log <<-\EOF &&
	TAP version 13
	1..1
	# selftests: mm: run_vmtests.sh
	# TAP version 13
	# 1..2
	# not ok 1 2GB mremap - S[  725.957536] __vm_enough_memory: no enough memory
	[  725.957682] __vm_enough_memory: no enough memory
	ource PUD-aligned
	# ok 2 futex[  347.411307] ------------[ cut here ]------------
	-wait-wouldblock[  347.423535] invalid opcode: 0000 [#1] SMP PTI
	not ok 1 selftests: mm: run_vmtests.sh # exit=1
	EOF
	tests cut.log >actual &&
	cat >expect <<-\EOF &&
	FAIL kernel.crash.invalid_opcode # invalid opcode in corrupted
	FAIL mm.run_vmtests_sh.2GB_mremap_-_Source_PUD-aligned # name "mm.run_vmtests.sh.2GB mremap - Source PUD-aligned"
	PASS mm.run_vmtests_sh.futex-wait-wouldblock # name "mm.run_vmtests.sh.futex-wait-wouldblock"
	EOF
	test_cmp expect actual
'

test_expect_success 'the same test keeps one name in the LKFT console log' '
	tests "$CORPORA/console-logs/lava/kernel-lkft.txt" >actual &&
	grep "2GB_mremap_-_Source_PUD-aligned_Destination_PMD-aligned " actual &&
	! grep "mremap_-_S " actual
'

test_expect_success "KUnit's 1..0 is no success" '
	printf "KTAP version 1\n1..0\n" >zero.ktap &&
	tests zero.ktap >actual &&
	echo "ERROR unnamed # no tests run" >expect &&
	test_cmp expect actual &&
	grep "^status ERROR" record
'

test_expect_success 'a plan and no result is no success' '
	printf "TAP version 13\n1..3\n" >plan-only.tap &&
	tests plan-only.tap >actual &&
	echo "ERROR unnamed # no tests run: 3 planned, none reported" >expect &&
	test_cmp expect actual
'

test_expect_success 'a bail-out before any result says why' '
	printf "TAP version 13\n1..3\nBail out! no database\n" >bail.tap &&
	tests bail.tap >actual &&
	echo "ERROR unnamed # no tests run: Bail out! no database" >expect &&
	test_cmp expect actual
'

test_expect_success 'a run that says all was skipped is skipped' '
	printf "TAP version 13\n1..0 # SKIP no hardware\n" >skip-all.tap &&
	tests skip-all.tap >actual &&
	echo "SKIP unnamed # no hardware" >expect &&
	test_cmp expect actual
'

test_expect_success 'TAP without a version line, after junk, is detected' '
	printf "make: Entering directory\nsome output\n1..2\nok 1 a\nnot ok 2 b\n" >junk.tap &&
	tests junk.tap >actual &&
	printf "PASS a\nFAIL b\n" >expect &&
	test_cmp expect actual
'

test_expect_success '"TAP Version 13" is detected' '
	printf "# preamble\nTAP Version 13\n1..1\nnot ok 1 x\n" >capital.tap &&
	tests capital.tap >actual &&
	echo "FAIL x" >expect &&
	test_cmp expect actual
'

test_expect_success 'a kselftest excerpt after build output is detected' '
	printf "make: Entering directory x\ngcc -o y y.c\nok 1 selftests: bpf: test_verifier\nnot ok 3 selftests: bpf: test_maps # exit=1\n" >lkp.log &&
	tests lkp.log >actual &&
	printf "FAIL bpf.test_maps # exit=1\nPASS bpf.test_verifier\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a named format that sees another format is refused with a hint' '
	test_must_fail git results parse --format=lava \
		"$CORPORA/lava-tuxrun/results/fail-1.json" 2>err &&
	grep "as lava: it is tuxrun .*; use --format=tuxrun" err &&
	git results parse --format=tuxrun "$CORPORA/lava-tuxrun/results/fail-1.json" >out &&
	grep "^status FAIL" out
'

test_expect_success 'a YAML block after a result is skipped whole among kernel lines' '
	printf "TAP version 13\n1..2\n[    1.0] boot\nnot ok 1 - first\n---\nList of all partitions: in YAML\n...\n[    2.0] on\nok 2 - second\n" >yaml.tap &&
	tests yaml.tap >actual &&
	printf "FAIL first\nPASS second\n" >expect &&
	test_cmp expect actual
'

test_done
