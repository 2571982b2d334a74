/*
 * Unit tests for formats/ktap.c: the peers' expected results on the KUnit
 * and KTAP corpora (../shared/corpora/EXPECTED.md), kselftest expansion,
 * TAP14 subtests, directives, truncation and garbage.
 */
#include "t/unit/unit.h"
#include "t/unit/format-sink.h"
#include "formats/format.h"
#include "lib/usage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

extern const struct format format_ktap;

static size_t count_prefix(const struct results *r, const char *prefix)
{
	size_t i, n = 0, len = strlen(prefix);

	for (i = 0; i < r->nr; i++)
		n += !strncmp(r->v[i].path, prefix, len);
	return n;
}

static void dump(const struct results *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		printf("#   %s %s%s%s\n", status_name(r->v[i].status), r->v[i].path,
		       r->v[i].reason ? "  # " : "", r->v[i].reason ? r->v[i].reason : "");
}

/*
 * kunit_parser's leaf counts (EXPECTED.md §1, "observed" column, and the
 * asserted ones where given), as PASS / FAIL / SKIP / ERROR+MISS.  Where
 * we deliberately differ, `note` says why.
 */
struct expected_counts {
	const char *file;
	int ret;
	size_t pass, fail, skip, crashed;
	const char *note;
};

static const struct expected_counts expected[] = {
	{ "kunit/test_config_printk_time.log", 0, 10, 0, 0, 0, NULL },
	{ "kunit/test_interrupted_tap_output.log", 0, 10, 0, 0, 0, NULL },
	{ "kunit/test_is_test_passed-all_passed.log", 0, 10, 0, 0, 0, NULL },
	{ "kunit/test_is_test_passed-all_passed_nested.log", 0, 7, 0, 0, 0, NULL },
	{ "kunit/test_is_test_passed-crash.log", 0, 9, 1, 0, 0, NULL },
	/*
	 * kunit_parser counts leaves only (failed=1); "not ok 1 subtest 1"
	 * fails although its only case passed, and we keep such a parent's
	 * own result because it is worse than its children's.
	 */
	{ "kunit/test_is_test_passed-failure-nested.log", 0, 1, 2, 0, 0,
	  "subtest_1 fails with a passing child: its own FAIL is kept" },
	{ "kunit/test_is_test_passed-failure.log", 0, 9, 1, 0, 0, NULL },
	/*
	 * kunit_parser reads only the runner's two lines (passed=2); we
	 * expand the "# "-prefixed TAP of each selftest into its two cases.
	 */
	{ "kunit/test_is_test_passed-kselftest.log", 0, 4, 0, 0, 0,
	  "kselftest's nested TAP is expanded: 2 x 2 cases instead of 2" },
	{ "kunit/test_is_test_passed-missing_plan.log", 0, 10, 0, 0, 0, NULL },
	/*
	 * Same count (passed=1), but kunit_parser calls "case" NO_TESTS and
	 * adds an error; like tradefed we report suite.case PASS, the
	 * result its parent's result line gives it.
	 */
	{ "kunit/test_is_test_passed-no_tests_no_plan.log", 0, 1, 0, 0, 0,
	  "suite.case is PASS (tradefed), not NO_TESTS (kunit_parser)" },
	{ "kunit/test_is_test_passed-no_tests_run.log", 0, 0, 2, 0, 0,
	  "the kernel panicked before any test: boot and the panic FAIL" },
	{ "kunit/test_is_test_passed-no_tests_run_no_header.log", 0, 0, 2, 0, 0, NULL },
	/* NO_TESTS in kunit_parser, which kunit.py fails: "0 tests run!" */
	{ "kunit/test_is_test_passed-no_tests_run_with_header.log", 0, 0, 0, 0, 1,
	  "no test ran: one ERROR for the run" },
	{ "kunit/test_kernel_panic_interrupt.log", 0, 8, 1, 0, 2, NULL },
	{ "kunit/test_multiple_prefixes.log", 0, 10, 0, 0, 0, NULL },
	{ "kunit/test_output_isolated_correctly.log", 0, 2, 0, 0, 0,
	  "its boot WARNING comes before the tests: not counted" },
	{ "kunit/test_output_with_prefix_isolated_correctly.log", 0, 10, 0, 0, 0, NULL },
	{ "kunit/test_parse_attributes.log", 0, 1, 0, 0, 0, NULL },
	{ "kunit/test_parse_subtest_header.log", 0, 1, 0, 0, 0, NULL },
	{ "kunit/test_pound_no_prefix.log", 0, 10, 0, 0, 0, NULL },
	{ "kunit/test_pound_sign.log", 0, 10, 0, 0, 0, NULL },
	{ "kunit/test_skip_all_tests.log", 0, 0, 0, 5, 0, NULL },
	{ "kunit/test_skip_tests.log", 0, 4, 0, 1, 0, NULL },
	{ "kunit/test_strip_hyphen.log", 0, 2, 0, 0, 0, NULL },
	{ "ktap-derived/ktap-spec-example.ktap", 0, 3, 1, 2, 0, NULL },
	{ "ktap-derived/tradefed-ext4_inode_test.ktap", 0, 16, 0, 0, 0, NULL },
	{ "ktap-derived/tradefed-fat_test.ktap", 0, 23, 0, 0, 0, NULL },
};

static const struct expected_counts *expected_for(const char *file)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(expected); i++)
		if (!strcmp(expected[i].file, file))
			return &expected[i];
	return NULL;
}

static void test_corpus_dir(const char *dir)
{
	struct strbuf path = STRBUF_INIT, rel = STRBUF_INIT;
	struct dirent *de;
	DIR *d;

	strbuf_addf(&path, "%s/%s", CORPORA, dir);
	d = opendir(path.buf);
	if (!CHECK(d != NULL))
		goto cleanup;
	while ((de = readdir(d))) {
		const struct expected_counts *want;
		struct results r = { 0 };

		if (de->d_name[0] == '.')
			continue;
		strbuf_reset(&rel);
		strbuf_addf(&rel, "%s/%s", dir, de->d_name);
		want = expected_for(rel.buf);
		printf("# %s%s%s\n", rel.buf, want && want->note ? ": " : "",
		       want && want->note ? want->note : "");
		if (!unit_check(want != NULL, __FILE__, __LINE__, "file has an expectation"))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", CORPORA, rel.buf);
		if (parse_file(&format_ktap, path.buf, &r))
			continue;
		CHECK_INT(r.ret, want->ret);
		if (!(CHECK_INT(count_status(&r, STATUS_PASS), want->pass) &
		      CHECK_INT(count_status(&r, STATUS_FAIL), want->fail) &
		      CHECK_INT(count_status(&r, STATUS_SKIP), want->skip) &
		      CHECK_INT(count_status(&r, STATUS_ERROR) + count_status(&r, STATUS_MISS),
				want->crashed)))
			dump(&r);
		results_release(&r);
	}
	closedir(d);
cleanup:
	strbuf_release(&path);
	strbuf_release(&rel);
}

static void parse_corpus(const char *rel, struct results *r)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/%s", CORPORA, rel);
	if (parse_file(&format_ktap, path.buf, r))
		memset(r, 0, sizeof(*r));
	strbuf_release(&path);
}

/* Paths named in EXPECTED.md §1. */
static void test_kunit_paths(void)
{
	struct results r = { 0 };

	parse_corpus("kunit/test_is_test_passed-failure.log", &r);
	check_status(&r, "example.example_simple_test", STATUS_FAIL, NULL);
	check_status(&r, "example.example_mock_test", STATUS_PASS, NULL);
	check_status(&r, "sysctl_test.sysctl_test_dointvec_null_tbl_data", STATUS_PASS, NULL);
	/* the failing suite adds nothing its failing case does not say */
	CHECK(!find(&r, "example"));
	results_release(&r);

	/* "ok 1 - name" and "ok 1 name" name the same */
	parse_corpus("kunit/test_strip_hyphen.log", &r);
	check_status(&r, "sysctl_test.sysctl_test_dointvec_null_tbl_data", STATUS_PASS, NULL);
	check_status(&r, "example.example_simple_test", STATUS_PASS, NULL);
	results_release(&r);

	parse_corpus("kunit/test_is_test_passed-all_passed_nested.log", &r);
	check_status(&r, "sysctl_test.example.example_simple_test", STATUS_PASS, NULL);
	check_status(&r, "example.example_mock_test", STATUS_PASS, NULL);
	results_release(&r);

	/* printk timestamps, caller ids, a leading space: all cut by pattern */
	parse_corpus("kunit/test_config_printk_time.log", &r);
	CHECK(r.nr && !strncmp(r.v[0].path, "kunit-resource-test.", 20));
	results_release(&r);
	parse_corpus("kunit/test_multiple_prefixes.log", &r);
	check_status(&r, "kunit-resource-test.kunit_resource_test_init_resources", STATUS_PASS, NULL);
	results_release(&r);
	parse_corpus("kunit/test_pound_no_prefix.log", &r);
	check_status(&r, "kunit-try-catch-test.kunit_test_try_catch_successful_try_no_catch",
		     STATUS_PASS, NULL);
	results_release(&r);

	/*
	 * The kernel panics inside string-stream-test after its first case:
	 * the case that was running crashed, the next never ran (kunit_parser:
	 * crashed=2, and sub_groups[2].test_cases[1] is ERROR).
	 */
	parse_corpus("kunit/test_kernel_panic_interrupt.log", &r);
	check_status(&r, "string-stream-test.string_stream_test_empty_on_creation", STATUS_PASS, NULL);
	check_status(&r, "string-stream-test.2", STATUS_ERROR,
		     "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(98,0)");
	check_status(&r, "string-stream-test.3", STATUS_MISS, NULL);
	CHECK(!find(&r, "string-stream-test"));
	results_release(&r);

	parse_corpus("kunit/test_skip_tests.log", &r);
	check_status(&r, "example.example_skip_test", STATUS_SKIP, "this test should be skipped");
	results_release(&r);

	parse_corpus("kunit/test_is_test_passed-no_tests_no_plan.log", &r);
	check_status(&r, "suite.case", STATUS_PASS, NULL);
	results_release(&r);

	parse_corpus("kunit/test_is_test_passed-failure-nested.log", &r);
	check_status(&r, "subtest_1.test_1", STATUS_PASS, NULL);
	check_status(&r, "subtest_1", STATUS_FAIL, NULL);
	check_status(&r, "subtest_2.subsubtest_1", STATUS_FAIL, NULL);
	CHECK(!find(&r, "subtest_2"));
	results_release(&r);

	/* no KTAP: the kernel panicked before its tests */
	parse_corpus("kunit/test_is_test_passed-no_tests_run_no_header.log", &r);
	CHECK_INT(r.ret, 0);
	check_status(&r, "boot", STATUS_FAIL,
		     "kernel panic: VFS: Unable to mount root fs on unknown-block(NUM,NUM)");
	check_status(&r, "kernel.crash.panic", STATUS_FAIL, NULL);
	results_release(&r);

	/* KTAP children without "# Subtest:" are named by their result lines */
	parse_corpus("ktap-derived/ktap-spec-example.ktap", &r);
	check_status(&r, "main_test.example_test_1.test_1", STATUS_PASS, NULL);
	check_status(&r, "main_test.example_test_2.test_1", STATUS_SKIP, "test_1 skipped");
	check_status(&r, "main_test.example_test_3.test_2", STATUS_FAIL, NULL);
	check_status(&r, "main_test.example_test_3.test_3", STATUS_SKIP, NULL);
	results_release(&r);

	/* parameterised cases: a nested level with a header and no plan */
	parse_corpus("ktap-derived/tradefed-fat_test.ktap", &r);
	check_status(&r, "fat_test.fat_checksum_test", STATUS_PASS, NULL);
	check_status(&r, "fat_test.fat_time_fat2unix_test.Earliest_possible_UTC_1980-01-01_00_00_00",
		     STATUS_PASS, NULL);
	check_status(&r, "fat_test.fat_time_unix2fat_test.VFAT_10ms_resolution_1980-01-01_00_00_00_0010",
		     STATUS_PASS, NULL);
	results_release(&r);
}

static void test_kselftest(void)
{
	static const struct {
		const char *test;
		size_t cases;
	} timens[] = {
		{ "timens.timens.", 10 }, { "timens.timerfd.", 3 }, { "timens.timer.", 3 },
		{ "timens.clock_nanosleep.", 4 }, { "timens.procfs.", 2 }, { "timens.exec.", 1 },
		{ "timens.futex.", 2 }, { "timens.vfork_exec.", 4 },
	};
	static const char last[] = "ok 8 selftests: timens: vfork_exec\n";
	struct strbuf log = STRBUF_INIT;
	struct results r = { 0 };
	const char *from, *to;
	size_t i;

	parse_corpus("kunit/test_is_test_passed-kselftest.log", &r);
	check_status(&r, "membarrier.membarrier_test_single_thread.sys_membarrier_available",
		     STATUS_PASS, NULL);
	check_status(&r, "membarrier.membarrier_test_multi_thread.sys_membarrier_available",
		     STATUS_PASS, NULL);
	CHECK_INT(count_prefix(&r, "membarrier.membarrier_test_single_thread."), 2);
	results_release(&r);

	/*
	 * The timens run of the LKFT log: 8 selftests, each with nested TAP,
	 * some with their plan printed twice, vfork_exec out of order.
	 */
	if (!CHECK(strbuf_read_file(&log, CORPORA "/console-logs/lava/kernel-lkft.txt") > 0))
		goto cleanup;
	from = strstr(log.buf, "TAP version 13\n");
	to = from ? strstr(from, last) : NULL;
	if (!CHECK(from && to))
		goto cleanup;
	parse_buf(&format_ktap, from, to + strlen(last) - from, &r);
	CHECK_INT(r.ret, 0);
	CHECK_INT(r.nr, 29);
	CHECK_INT(count_status(&r, STATUS_PASS), 29);
	for (i = 0; i < ARRAY_SIZE(timens); i++)
		if (!CHECK_INT(count_prefix(&r, timens[i].test), timens[i].cases))
			printf("#   under %s\n", timens[i].test);
	check_status(&r, "timens.timens.Passed_for_CLOCK_BOOTTIME_syscall", STATUS_PASS, NULL);
	check_status(&r, "timens.timerfd.clockid_9", STATUS_PASS, NULL);
	check_status(&r, "timens.vfork_exec.child_after_exec", STATUS_PASS, NULL);
	check_status(&r, "timens.vfork_exec.parent_after_vfork", STATUS_PASS, NULL);
	/* a repeated nested plan is not a second document */
	CHECK(!find(&r, "timens.timerfd.clockid_9_2"));
	results_release(&r);

	/*
	 * A test that forks with unflushed stdio: each child prints the
	 * version line, plan and results so far again.
	 */
	parse_str(&format_ktap, "TAP version 13\n"
		  "1..2\n"
		  "# selftests: vm: cow\n"
		  "# TAP version 13\n"
		  "# 1..3\n"
		  "# ok 1 a\n"
		  "# TAP version 13\n"
		  "# 1..3\n"
		  "# ok 1 a\n"
		  "# ok 2 b\n"
		  "# TAP version 13\n"
		  "# 1..3\n"
		  "# ok 1 a\n"
		  "# ok 2 b\n"
		  "# not ok 3 c\n"
		  "not ok 1 selftests: vm: cow # exit=1\n"
		  "# selftests: vm: two\n"
		  "# TAP version 13\n"
		  "# 1..4\n"
		  "# ok 2 # SKIP not supported\n"
		  "# TAP version 13\n"
		  "# 1..1\n"
		  "# ok 1 other program\n"
		  "ok 2 selftests: vm: two\n", &r);
	check_status(&r, "vm.cow.a", STATUS_PASS, NULL);
	check_status(&r, "vm.cow.b", STATUS_PASS, NULL);
	check_status(&r, "vm.cow.c", STATUS_FAIL, NULL);
	CHECK_INT(count_prefix(&r, "vm.cow."), 3);
	/* a different plan is another program: the first one's gaps are MISS */
	check_status(&r, "vm.two.1", STATUS_MISS, NULL);
	check_status(&r, "vm.two.2", STATUS_SKIP, "not supported");
	check_status(&r, "vm.two.3", STATUS_MISS, NULL);
	check_status(&r, "vm.two.4", STATUS_MISS, NULL);
	check_status(&r, "vm.two.other_program", STATUS_PASS, NULL);
	CHECK_INT(r.nr, 8);
	results_release(&r);

	/* the whole console log: every kselftest run in it */
	parse_corpus("console-logs/lava/kernel-lkft.txt", &r);
	CHECK_INT(r.ret, 0);
	CHECK_INT(count_prefix(&r, "timens."), 29);
	check_status(&r, "timers.posix_timers", STATUS_PASS, NULL);
	check_status(&r, "timers.nanosleep.3", STATUS_SKIP,
		     "CLOCK_PROCESS_CPUTIME_ID");
	check_status(&r, "tpm2.test_smoke_sh", STATUS_SKIP, NULL);
	check_status(&r, "vm.split_huge_page_test", STATUS_FAIL, "exit=1");
	check_status(&r, "vm.soft-dirty.Test_test_simple", STATUS_FAIL, NULL);
	check_status(&r, "vm.madv_populate.range_is_softdirty", STATUS_FAIL, NULL);
	check_status(&r, "zram.zram_sh", STATUS_SKIP, NULL);
	/* anon_cow's stdio, replayed by its forked children, counts once */
	CHECK(!find(&r, "vm.run_vmtests_sh.No_leak_from_parent_into_child_200"));
	results_release(&r);
cleanup:
	strbuf_release(&log);
}

static void test_tap14_subtests(void)
{
	struct results r = { 0 };

	parse_str(&format_ktap, "TAP version 14\n"
		  "1..3\n"
		  "# Subtest: parent\n"
		  "    1..2\n"
		  "    ok 1 - child one\n"
		  "    not ok 2 - child two\n"
		  "not ok 1 - parent\n"
		  "# Subtest: all pass\n"
		  "    ok 1 - fine\n"
		  "    1..1\n"
		  "not ok 2 - all pass\n"
		  "ok 3 - after\n", &r);
	CHECK_INT(r.ret, 0);
	check_status(&r, "parent.child_one", STATUS_PASS, NULL);
	check_status(&r, "parent.child_two", STATUS_FAIL, NULL);
	CHECK(!find(&r, "parent"));
	check_status(&r, "all_pass.fine", STATUS_PASS, NULL);
	check_status(&r, "all_pass", STATUS_FAIL, NULL);
	check_status(&r, "after", STATUS_PASS, NULL);
	CHECK_INT(r.nr, 5);
	results_release(&r);

	/* tap-parser's buffered form: the parent's line first, then a block */
	parse_str(&format_ktap, "TAP version 13\n"
		  "ok 1 - outer {\n"
		  "    1..1\n"
		  "    ok 1 - inner\n"
		  "}\n"
		  "ok 2 - next\n"
		  "1..2\n", &r);
	check_status(&r, "outer.inner", STATUS_PASS, NULL);
	check_status(&r, "next", STATUS_PASS, NULL);
	CHECK_INT(r.nr, 2);
	results_release(&r);

	/* YAML blocks are skipped, whatever they contain */
	parse_str(&format_ktap, "TAP version 13\n"
		  "1..2\n"
		  "not ok 1 - with yaml\n"
		  "  ---\n"
		  "  message: 'ok 7 - not a test'\n"
		  "  data:\n"
		  "    - ok 8 - nor this\n"
		  "  ...\n"
		  "ok 2 - after yaml\n", &r);
	CHECK_INT(r.nr, 2);
	check_status(&r, "with_yaml", STATUS_FAIL, NULL);
	check_status(&r, "after_yaml", STATUS_PASS, NULL);
	results_release(&r);
}

static void test_bail_out(void)
{
	struct results r = { 0 };

	parse_str(&format_ktap, "TAP version 13\n"
		  "1..4\n"
		  "ok 1 - a\n"
		  "Bail out! database down\n"
		  "ok 2 - too late\n", &r);
	CHECK_INT(r.ret, 0);
	check_status(&r, "a", STATUS_PASS, NULL);
	check_status(&r, "2", STATUS_MISS, "Bail out! database down");
	check_status(&r, "4", STATUS_MISS, NULL);
	CHECK(!find(&r, "too_late"));
	CHECK_INT(r.nr, 4);
	results_release(&r);

	/* at any depth it ends the whole run */
	parse_str(&format_ktap, "KTAP version 1\n"
		  "1..2\n"
		  "  KTAP version 1\n"
		  "  # Subtest: suite\n"
		  "  1..3\n"
		  "  ok 1 x\n"
		  "  Bail out!\n"
		  "ok 1 suite\n", &r);
	check_status(&r, "suite.x", STATUS_PASS, NULL);
	check_status(&r, "suite.2", STATUS_MISS, "Bail out!");
	check_status(&r, "suite.3", STATUS_MISS, NULL);
	check_status(&r, "2", STATUS_MISS, NULL);
	CHECK_INT(r.nr, 4);
	results_release(&r);
}

static void test_directives(void)
{
	struct results r = { 0 };

	parse_str(&format_ktap, "TAP version 13\n"
		  "1..12\n"
		  "ok 1 - skipped # SKIP no hardware\n"
		  "not ok 2 - skipped failing # skip not here\n"
		  "ok 3 - todo passing # TODO later\n"
		  "not ok 4 - todo failing # TODO later\n"
		  "ok 5 - xfail # XFAIL known bug\n"
		  "not ok 6 - timeout # TIMEOUT 45 seconds\n"
		  "not ok 7 # error could not open\n"
		  "not ok 8 selftests: x: y # exit=1\n"
		  "ok 9 # SKIP kselftest form\n"
		  "ok 10 - escaped \\# not a directive\n"
		  "ok 11 check return code # rcode=0\n"
		  "not ok 12 - plain failure # Skipped: tap14 spelling\n", &r);
	CHECK_INT(r.ret, 0);
	check_status(&r, "skipped", STATUS_SKIP, "no hardware");
	check_status(&r, "skipped_failing", STATUS_SKIP, "name \"skipped failing\": not here");
	check_status(&r, "todo_passing", STATUS_PASS, NULL);
	check_status(&r, "todo_failing", STATUS_SKIP, "name \"todo failing\": TODO later");
	check_status(&r, "xfail", STATUS_PASS, NULL);
	check_status(&r, "timeout", STATUS_ERROR, "TIMEOUT 45 seconds");
	check_status(&r, "7", STATUS_ERROR, "could not open");
	check_status(&r, "x.y", STATUS_FAIL, "exit=1");
	check_status(&r, "9", STATUS_SKIP, "kselftest form");
	check_status(&r, "escaped_not_a_directive", STATUS_PASS, NULL);
	check_status(&r, "check_return_code", STATUS_PASS, NULL);
	check_status(&r, "plain_failure", STATUS_SKIP,
		     "name \"plain failure\": tap14 spelling");
	CHECK_INT(r.nr, 12);
	results_release(&r);
}

/*
 * A name that had to change keeps its original in the reason, with the
 * names above it; one that did not costs nothing and says nothing.
 */
static void test_original_names(void)
{
	struct results r = { 0 };

	parse_str(&format_ktap, "KTAP version 1\n"
		  "1..5\n"
		  "    KTAP version 1\n"
		  "    # Subtest: my suite (v2)\n"
		  "    1..4\n"
		  "    ok 1 plain_case\n"
		  "    not ok 2 case.with.dots # SKIP no \"hw\" here\n"
		  "    ok 3 - \"quoted\" \\\\back\\slash \\# not a directive\n"
		  "    ok 4\n"
		  "ok 1 my suite (v2)\n"
		  "    KTAP version 1\n"
		  "    1..2\n"
		  "    ok 1 inner\n"
		  "    not ok 2 inner two # reason two\n"
		  "not ok 2 later named\n"
		  "    KTAP version 1\n"
		  "    1..1\n"
		  "    ok 1 x\n"
		  "ok 3 later_named\n"
		  "    KTAP version 1\n"
		  "    # Subtest: later_named\n"
		  "    1..2\n"
		  "    ok 1 y\n"
		  "ok 4 later_named\n"
		  "    KTAP version 1\n"
		  "    # Subtest: plain_suite\n"
		  "    1..2\n"
		  "    ok 1 z\n", &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "my_suite_v2.plain_case", STATUS_PASS,
	             "name \"my suite (v2).plain_case\"");
	check_result(&r, "my_suite_v2.case_with_dots", STATUS_SKIP,
		     "name \"my suite (v2).case.with.dots\": no \"hw\" here");
	/* TAP14's escapes are undone, the record's are added */
	check_result(&r, "my_suite_v2.quoted_back_slash_not_a_directive", STATUS_PASS,
		     "name \"my suite (v2).\\\"quoted\\\" \\\\back\\\\slash # not a directive\"");
	check_result(&r, "my_suite_v2.4", STATUS_PASS, "name \"my suite (v2).4\"");
	/* named by its result line after its children: they wait, then keep it */
	check_result(&r, "later_named.inner", STATUS_PASS, "name \"later named.inner\"");
	check_result(&r, "later_named.inner_two", STATUS_FAIL,
	             "name \"later named.inner two\": reason two");
	/* told apart from a sibling: "_2" is a change too, whatever made the first */
	check_result(&r, "later_named_2.x", STATUS_PASS, "name \"later_named.x\"");
	check_result(&r, "later_named_3.y", STATUS_PASS, "name \"later_named.y\"");
	check_result(&r, "later_named_3.2", STATUS_MISS,
	             "name \"later_named.2\": no result reported");
	/* never named by the input: its number is its name, nothing to keep */
	check_result(&r, "plain_suite.z", STATUS_PASS, NULL);
	check_result(&r, "plain_suite.2", STATUS_MISS, "no result reported");
	CHECK_INT(r.nr, 11);
	results_release(&r);

	/* tap-parser's braces, TAP14 headers, and a name spelt twice */
	parse_str(&format_ktap, "TAP version 14\n"
		  "1..4\n"
		  "ok 1 - a b {\n"
		  "    1..2\n"
		  "    ok 1 - c\n"
		  "    not ok 2 - d e # fail why\n"
		  "}\n"
		  "# Subtest: x y\n"
		  "    1..1\n"
		  "    ok 1 - z\n"
		  "ok 2 - x y\n"
		  "ok 3 - a b\n"
		  "ok 4 - a_b\n", &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "a_b.c", STATUS_PASS, "name \"a b.c\"");
	check_result(&r, "a_b.d_e", STATUS_FAIL, "name \"a b.d e\": fail why");
	check_result(&r, "x_y.z", STATUS_PASS, "name \"x y.z\"");
	check_result(&r, "a_b_2", STATUS_PASS, "name \"a b\"");
	check_result(&r, "a_b_3", STATUS_PASS, "name \"a_b\"");
	CHECK_INT(r.nr, 5);
	results_release(&r);

	/* kselftest: "selftests: dir: test" is two names, a script's dot is not a separator */
	parse_str(&format_ktap, "TAP version 13\n"
		  "1..3\n"
		  "# selftests: net: fib tests.sh\n"
		  "# TAP version 13\n"
		  "# 1..2\n"
		  "# ok 1 ipv4\n"
		  "# not ok 2 ipv6 route # SKIP no ipv6\n"
		  "ok 1 selftests: net: fib tests.sh\n"
		  "# selftests: net: plain\n"
		  "ok 2 selftests: net: plain\n"
		  "# selftests: net: crashed.sh\n"
		  "# 1..2\n"
		  "# ok 1 one\n", &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "net.fib_tests_sh.ipv4", STATUS_PASS, "name \"net.fib tests.sh.ipv4\"");
	check_result(&r, "net.fib_tests_sh.ipv6_route", STATUS_SKIP,
		     "name \"net.fib tests.sh.ipv6 route\": no ipv6");
	check_result(&r, "net.plain", STATUS_PASS, NULL);
	check_result(&r, "net.crashed_sh.one", STATUS_PASS, "name \"net.crashed.sh.one\"");
	check_result(&r, "net.crashed_sh.2", STATUS_MISS,
	             "name \"net.crashed.sh.2\": no result reported");
	CHECK_INT(r.nr, 5);
	results_release(&r);

	/* an empty name becomes its number, with nothing to keep, as a plan's missing test */
	parse_str(&format_ktap, "TAP version 13\n1..3\nok 1\nok 2 -   # SKIP why\n", &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "1", STATUS_PASS, NULL);
	check_result(&r, "2", STATUS_SKIP, "why");
	check_result(&r, "3", STATUS_MISS, "no result reported");
	CHECK_INT(r.nr, 3);
	results_release(&r);
}

static void test_truncation(void)
{
	static const char headerless[] =
		"KTAP version 1\n"
		"1..2\n"
		"  KTAP version 1\n"
		"  1..3\n"
		"  ok 1 a\n";
	struct strbuf buf = STRBUF_INIT;
	struct results r = { 0 };

	/* the child's name never came: its number stands in */
	parse_str(&format_ktap, headerless, &r);
	check_status(&r, "1.a", STATUS_PASS, NULL);
	check_status(&r, "1.2", STATUS_MISS, NULL);
	check_status(&r, "1.3", STATUS_MISS, NULL);
	check_status(&r, "2", STATUS_MISS, NULL);
	CHECK_INT(r.nr, 4);
	results_release(&r);

	/* a panic inside it: the running case crashed, the rest never ran */
	strbuf_addstr(&buf, headerless);
	strbuf_addstr(&buf, "[   12.5] Kernel panic - not syncing: Fatal exception\n"
		      "  ok 2 b\n");
	parse_buf(&format_ktap, buf.buf, buf.len, &r);
	check_status(&r, "1.2", STATUS_ERROR, "Kernel panic - not syncing: Fatal exception");
	check_status(&r, "1.3", STATUS_MISS, NULL);
	check_status(&r, "2", STATUS_MISS, NULL);
	CHECK(!find(&r, "1.b"));
	results_release(&r);

	/* an oops the kernel survives does not blame the next result */
	parse_str(&format_ktap, "KTAP version 1\n"
		  "1..2\n"
		  "Oops: general protection fault\n"
		  "not ok 1 crashed_case\n"
		  "ok 2 fine\n", &r);
	check_status(&r, "crashed_case", STATUS_FAIL, NULL);
	check_status(&r, "fine", STATUS_PASS, NULL);
	check_status(&r, "kernel.crash.general_protection_fault", STATUS_FAIL, NULL);
	CHECK_INT(r.nr, 3);
	results_release(&r);

	/* a kselftest cut short: its header names it */
	parse_str(&format_ktap, "TAP version 13\n"
		  "1..2\n"
		  "# selftests: net: tls\n"
		  "# 1..2\n"
		  "# ok 1 sendfile\n", &r);
	check_status(&r, "net.tls.sendfile", STATUS_PASS, NULL);
	check_status(&r, "net.tls.2", STATUS_MISS, NULL);
	check_status(&r, "2", STATUS_MISS, NULL);
	CHECK_INT(r.nr, 3);
	results_release(&r);
	strbuf_release(&buf);
}

static void test_prefixes_and_names(void)
{
	struct results r = { 0 };

	parse_str(&format_ktap, "<6>[    0.100000] random: crng init done\n"
		  "<6>[    1.000000] KTAP version 1\n"
		  "<6>[    1.000001][    T1] 1..1\n"
		  "[    1.000002][    T1]     KTAP version 1\n"
		  "<8>[    1.000003]     # Subtest: my suite\n"
		  "[    1.000004]     1..3\n"
		  "[    1.000005] usb 1-1: new high-speed USB device\n"
		  "[    1.000006]     ok 1 - first case\n"
		  "[   10.000007]     ok 2 - first case\n"
		  "[   10.000008]     ok 3\n"
		  "[   10.000009] ok 1 my suite\n", &r);
	CHECK_INT(r.ret, 0);
	check_status(&r, "my_suite.first_case", STATUS_PASS, NULL);
	check_status(&r, "my_suite.first_case_2", STATUS_PASS, NULL);
	check_status(&r, "my_suite.3", STATUS_PASS, NULL);
	CHECK_INT(r.nr, 3);
	results_release(&r);

	/* autotest's prefix, whose time changes from line to line */
	parse_str(&format_ktap, "18:56:57 DEBUG| [stdout] TAP version 13\n"
		  "18:56:57 DEBUG| [stdout] 1..1\n"
		  "18:56:58 DEBUG| [stdout] ok 1 autotest\n", &r);
	check_status(&r, "autotest", STATUS_PASS, NULL);
	results_release(&r);
}

static void test_garbage(void)
{
	static const char binary[] = "\x7f" "ELF\x02\x01\x01\0\0\0ok 1\0\xff\xfe\n\0\0\n\x80\x81";
	struct strbuf big = STRBUF_INIT;
	struct results r = { 0 };
	int fd;

	parse_str(&format_ktap, "hello\nworld\n", &r);
	CHECK_INT(r.ret, -1);
	CHECK_STR(r.err.buf, "no KTAP or TAP output found");
	results_release(&r);

	parse_buf(&format_ktap, binary, sizeof(binary), &r);
	CHECK(r.ret == 0 || r.ret == -1);
	results_release(&r);

	/* NUL bytes are dropped, as a terminal shows nothing for them */
	parse_buf(&format_ktap, "TAP version 13\n1..2\nok 1 a\nok 2 b\0c\n", 36, &r);
	check_status(&r, "a", STATUS_PASS, NULL);
	check_status(&r, "bc", STATUS_PASS, NULL);
	results_release(&r);

	/* a 10 MB line: read whole, named with a bounded path */
	strbuf_addstr(&big, "TAP version 13\n1..2\nok 1 ");
	strbuf_grow(&big, 10 << 20);
	memset(big.buf + big.len, 'a', 10 << 20);
	strbuf_setlen(&big, big.len + (10 << 20));
	strbuf_addstr(&big, "\nok 2 short\n");
	parse_buf(&format_ktap, big.buf, big.len, &r);
	CHECK_INT(r.ret, 0);
	CHECK_INT(r.nr, 2);
	CHECK(r.nr && strlen(r.v[0].path) <= 1024);
	check_status(&r, "short", STATUS_PASS, NULL);
	results_release(&r);
	strbuf_release(&big);

	/* a read error is reported with its errno text */
	fd = open(".", O_RDONLY);
	memset(&r, 0, sizeof(r));
	parse_fd(&format_ktap, fd, &r);
	close(fd);
	CHECK_INT(r.ret, -1);
	CHECK_STR(r.err.buf, strerror(EISDIR));
	results_release(&r);
}

static void test_sink_stop_and_duplicates(void)
{
	struct results r = { 0 };

	parse_str(&format_ktap, "TAP version 13\nok 1 - same\nok 2 - same\nok 3 - same\nok 4 - same_2\n1..4\n", &r);
	check_status(&r, "same", STATUS_PASS, NULL);
	check_status(&r, "same_2", STATUS_PASS, NULL);
	check_status(&r, "same_3", STATUS_PASS, NULL);
	check_status(&r, "same_2_2", STATUS_PASS, NULL);
	CHECK_INT(r.nr, 4);
	results_release(&r);

	memset(&r, 0, sizeof(r));
	{
		FILE *f = tmpfile();

		fputs("TAP version 13\n1..3\nok 1\nok 2\nok 3\n", f);
		fflush(f);
		fseek(f, 0, SEEK_SET);
		r.stop_after = 1;
		parse_fd(&format_ktap, fileno(f), &r);
		fclose(f);
	}
	CHECK_INT(r.ret, 7);
	CHECK_INT(r.nr, 1);
	results_release(&r);
}

static void test_detect(void)
{
	static const char ktap[] = "KTAP version 1\n1..1\nok 1 x\n";
	static const char tap[] = "TAP version 13\n1..1\n";
	static const char bare[] = "# comment\n1..2\nok 1\n";
	static const char kernel[] = "[    0.1] booting\n[    0.2] TAP version 14\n";
	static const char other[] = "<?xml version=\"1.0\"?>\n<testsuites/>\n";

	CHECK_INT(format_ktap.detect(ktap, sizeof(ktap) - 1), 100);
	CHECK_INT(format_ktap.detect(tap, sizeof(tap) - 1), 95);
	CHECK_INT(format_ktap.detect(bare, sizeof(bare) - 1), 80);
	CHECK_INT(format_ktap.detect(kernel, sizeof(kernel) - 1), 95);
	CHECK_INT(format_ktap.detect(other, sizeof(other) - 1), 0);
	CHECK_INT(format_ktap.detect("", 0), 0);
	CHECK(format_find("kselftest") == &format_ktap);
}

/* Whatever tap-parser's fixtures throw at it: a result or an error, no crash. */
static void test_tap_parser_fixtures(void)
{
	struct strbuf path = STRBUF_INIT;
	struct dirent *de;
	size_t files = 0, bad = 0;
	DIR *d = opendir(CORPORA "/tap/tap-parser");

	if (!CHECK(d != NULL))
		return;
	while ((de = readdir(d))) {
		struct results r = { 0 };

		if (de->d_name[0] == '.')
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/tap/tap-parser/%s", CORPORA, de->d_name);
		if (parse_file(&format_ktap, path.buf, &r))
			continue;
		files++;
		if (r.ret != 0 && r.ret != -1) {
			printf("# %s returned %d\n", de->d_name, r.ret);
			bad++;
		}
		results_release(&r);
	}
	closedir(d);
	CHECK(files >= 150);
	CHECK_INT(bad, 0);
	strbuf_release(&path);
}

/*
 * What kunit_tool_test.py asserts that the corpus tables above do not
 * check (EXPECTED.md §1): the first suite's name, the two logs the corpus
 * lacks (kept in t/data/kunit, from linux 6.12), and the inline late-plan
 * case of the newest kunit_tool_test.py.
 */
static void test_kunit_tool_asserts(void)
{
	static const char *const first_suite[] = {
		"kunit/test_config_printk_time.log", "kunit/test_interrupted_tap_output.log",
		"kunit/test_multiple_prefixes.log", "kunit/test_pound_no_prefix.log",
		"kunit/test_pound_sign.log", "kunit/test_kernel_panic_interrupt.log",
	};
	struct results r = { 0 };
	size_t i;

	/* subtests[0].name == "kunit-resource-test": its cases come first */
	for (i = 0; i < ARRAY_SIZE(first_suite); i++) {
		parse_corpus(first_suite[i], &r);
		if (!CHECK(r.nr && !strncmp(r.v[0].path, "kunit-resource-test.", 20)))
			printf("#   %s\n", first_suite[i]);
		results_release(&r);
	}

	/* test_parse_ktap_output: passed=3, suite "suite" with case_1, case_2... */
	if (!parse_file(&format_ktap, "t/data/kunit/test_parse_ktap_output.log", &r)) {
		CHECK_INT(r.ret, 0);
		check_status(&r, "suite.case_1", STATUS_PASS, NULL);
		check_status(&r, "suite.case_2", STATUS_PASS, NULL);
		check_status(&r, "suite.case_3", STATUS_PASS, NULL);
		CHECK_INT(r.nr, 3);
		results_release(&r);
	}
	/* test_insufficient_memory: "Could not find any KTAP output", 0 subtests */
	if (!parse_file(&format_ktap, "t/data/kunit/test_insufficient_memory.log", &r)) {
		CHECK_INT(r.ret, -1);
		CHECK_STR(r.err.buf, "no KTAP or TAP output found");
		CHECK_INT(r.nr, 0);
		results_release(&r);
	}
	/* test_parse_attributes, test_parse_subtest_header: "suite (1 subtest)" */
	parse_corpus("kunit/test_parse_attributes.log", &r);
	check_status(&r, "suite.test", STATUS_PASS, NULL);
	CHECK_INT(r.nr, 1);
	results_release(&r);
	parse_corpus("kunit/test_parse_subtest_header.log", &r);
	check_status(&r, "suite.test", STATUS_PASS, NULL);
	CHECK_INT(r.nr, 1);
	results_release(&r);
	/* test_output_isolated_correctly: the example suite and its two cases */
	parse_corpus("kunit/test_output_isolated_correctly.log", &r);
	check_status(&r, "example.example_simple_test", STATUS_PASS, NULL);
	check_status(&r, "example.example_mock_test", STATUS_PASS, NULL);
	CHECK_INT(r.nr, 2);
	results_release(&r);

	/*
	 * test_parse_late_test_plan: "ok 4" before "1..4" is TEST_CRASHED with
	 * passed=1, crashed=1 in kunit_parser, which blames one test.  We
	 * report test 4 and the three planned tests that never reported, as
	 * MISS: the crash is still counted, as MISS rather than one crashed.
	 */
	parse_str(&format_ktap, "TAP version 13\nok 4 test4\n1..4\n", &r);
	CHECK_INT(r.ret, 0);
	check_status(&r, "test4", STATUS_PASS, NULL);
	check_status(&r, "1", STATUS_MISS, "no result reported");
	check_status(&r, "3", STATUS_MISS, NULL);
	CHECK_INT(count_status(&r, STATUS_MISS) + count_status(&r, STATUS_ERROR), 3);
	CHECK_INT(r.nr, 4);
	results_release(&r);
}

int main(void)
{
	struct stat st;

	if (stat(CORPORA, &st) || !S_ISDIR(st.st_mode)) {
		printf("1..0 # SKIP corpora not found\n");
		return 0;
	}
	test_corpus_dir("kunit");
	test_corpus_dir("ktap-derived");
	test_kunit_paths();
	test_kunit_tool_asserts();
	test_kselftest();
	test_tap14_subtests();
	test_bail_out();
	test_directives();
	test_original_names();
	test_truncation();
	test_prefixes_and_names();
	test_garbage();
	test_sink_stop_and_duplicates();
	test_detect();
	test_tap_parser_fixtures();
	return unit_done();
}
