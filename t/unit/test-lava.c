/*
 * Unit tests for formats/lava.c (console signals and job logs) and for
 * the detection of formats embedded deep in a log (formats/input.c).
 */
#include "t/unit/format-sink.h"
#include "lib/record.h"

extern const struct format format_lava;
extern const struct format format_ktap;

static void test_console(void)
{
	struct results r = { 0 };

	parse_str(&format_lava,
		  "boot noise\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=outside RESULT=pass>\n"
		  "<8>[    4.291919] <LAVA_SIGNAL_STARTRUN 0_ltp-smoke 1_1.1.3.1>\n"
		  "<8>[    8.208468] <LAVA_SIGNAL_TESTCASE TEST_CASE_ID=access01 RESULT=pass>\n"
		  "[    8.3][    T1] <LAVA_SIGNAL_TESTCASE TEST_CASE_ID=chdir01 RESULT=fail>\r\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=ping01 RESULT=skip>\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=bw RESULT=unknown MEASUREMENT=12.5 UNITS=MB/s>\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=timens.timerfd.clockid=7 RESULT=pass>\n"
		  /* what a parser that split names on spaces sent; LAVA refuses it */
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=timens.Passed RESULT=for>\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=vm.Longterm RESULT=R/O>\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=noresult>\n"
		  "<LAVA_SIGNAL_TESTCASE RESULT=pass>\n"
		  /* a shell trace of the command that printed a signal */
		  "+ echo '<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=traced RESULT=pass>'\n"
		  /* cut by a kernel message: no closing '>' on the line */
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=cut RESU[   9.1] random: crng init done\n"
		  "<LAVA_SIGNAL_TESTSET START net>\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=ping RESULT=pass>"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=pong RESULT=fail>\n"
		  "<LAVA_SIGNAL_TESTSET STOP>\n"
		  "<LAVA_SIGNAL_STARTTC shell-case>\n"
		  "<LAVA_SIGNAL_ENDTC shell-case>\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=shell-case RESULT=pass>\n"
		  "<LAVA_SIGNAL_STARTTC killed>\n"
		  "<LAVA_SIGNAL_ENDRUN 0_ltp-smoke 1_1.1.3.1>\n"
		  "<LAVA_SIGNAL_STARTRUN 1_kselftest-timers 1_1.1.3.5>\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=timers:posix_timers RESULT=pass>\n"
		  "<LAVA_SIGNAL_STARTTC nanosleep>\n"
		  "[  100.0] Kernel panic - not syncing: Fatal exception\n", &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "outside", STATUS_PASS, NULL);
	check_result(&r, "ltp-smoke.access01", STATUS_PASS, NULL);
	check_result(&r, "ltp-smoke.chdir01", STATUS_FAIL, NULL);
	check_result(&r, "ltp-smoke.ping01", STATUS_SKIP, NULL);
	check_result(&r, "ltp-smoke.bw", STATUS_DONE, NULL);
	check_metric(&r, "ltp-smoke.bw", "12.5 MB/s");
	check_metric(&r, "ltp-smoke.access01", NULL);
	check_result(&r, "ltp-smoke.timens.timerfd.clockid_7", STATUS_PASS,
		     "name \"ltp-smoke.timens.timerfd.clockid=7\"");
	CHECK(!find(&r, "ltp-smoke.timens.Passed"));
	CHECK(!find(&r, "ltp-smoke.vm.Longterm"));
	CHECK(!find(&r, "ltp-smoke.noresult"));
	CHECK(!find(&r, "ltp-smoke.traced"));
	CHECK(!find(&r, "ltp-smoke.cut"));
	check_result(&r, "ltp-smoke.net.ping", STATUS_PASS, NULL);
	check_result(&r, "ltp-smoke.net.pong", STATUS_FAIL, NULL);
	check_result(&r, "ltp-smoke.shell-case", STATUS_PASS, NULL);
	check_result(&r, "ltp-smoke.killed", STATUS_MISS, "no result reported");
	check_result(&r, "kselftest-timers.timers_posix_timers", STATUS_PASS,
		     "name \"kselftest-timers.timers:posix_timers\"");
	/* the kernel died in the middle of a run */
	check_result(&r, "kselftest-timers.nanosleep", STATUS_ERROR,
		     "Kernel panic - not syncing: Fatal exception");
	check_result(&r, "kselftest-timers", STATUS_MISS, "test run did not finish");
	check_result(&r, "kernel.crash.panic", STATUS_FAIL, "kernel panic: Fatal exception");
	CHECK_INT(r.nr, 14);
	results_release(&r);

	parse_str(&format_lava, "[    0.000000] Linux version 6.1\nlogin:\n", &r);
	CHECK_INT(r.ret, -1);
	CHECK_STR(r.err.buf, "no LAVA signals found");
	results_release(&r);

	/* a run with no test cases is a result too */
	parse_str(&format_lava, "<LAVA_SIGNAL_STARTRUN 0_boot 1>\n<LAVA_SIGNAL_ENDRUN 0_boot 1>\n", &r);
	CHECK_INT(r.ret, 0);
	CHECK_INT(r.nr, 0);
	results_release(&r);

	r.stop_after = 1;
	parse_str(&format_lava, "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=a RESULT=pass>\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=b RESULT=pass>\n", &r);
	CHECK_INT(r.ret, 7);
	CHECK_INT(r.nr, 1);
	results_release(&r);
}

static void test_job_log(void)
{
	struct results r = { 0 };

	parse_str(&format_lava,
		  "- {\"dt\": \"2022-06-03T05:38:46.97\", \"lvl\": \"info\", \"msg\": \"lava-dispatcher\"}\n"
		  "- {\"dt\": \"2022-06-03T05:38:47.36\", \"lvl\": \"results\", \"msg\": "
		  "{\"case\": \"validate\", \"definition\": \"lava\", \"result\": \"pass\"}}\n"
		  "- {\"dt\": \"x\", \"lvl\": \"results\", \"msg\": {\"case\": \"http-download\", "
		  "\"definition\": \"lava\", \"extra\": {\"label\": \"rootfs.modules\", \"size\": ! \"191344\"}, "
		  "\"result\": \"pass\"}}\n"
		  "- {\"dt\": \"x\", \"lvl\": \"results\", \"msg\": {\"case\": \"http-download\", "
		  "\"definition\": \"lava\", \"extra\": {\"label\": \"kernel\"}, \"result\": \"pass\"}}\n"
		  "- {\"dt\": \"x\", \"lvl\": \"target\", \"msg\": \"<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=a RESULT=pass>\"}\n"
		  "- {\"dt\": \"x\", \"lvl\": \"results\", \"msg\": {\"case\": \"aio02\", \"definition\": \"0_ltp-io\", "
		  "\"endtc\": ! \"1267\", \"result\": \"fail\", \"starttc\": ! \"1267\"}}\n"
		  "- {\"dt\": \"x\", \"lvl\": \"results\", \"msg\": {\"case\": \"t\", \"definition\": \"1_d\", "
		  "\"set\": \"s1\", \"result\": \"skip\"}}\n"
		  "- {\"dt\": \"x\", \"lvl\": \"results\", \"msg\": {\"case\": \"m\", \"definition\": \"1_d\", "
		  "\"measurement\": \"3.5\", \"units\": \"s\", \"result\": \"unknown\"}}\n"
		  "- {\"dt: \"broken\", \"lvl\": \"results\"}\n"
		  "- {\"dt\": \"x\", \"lvl\": \"results\", \"msg\": \"results message\"}\n"
		  "- {\"dt\": \"x\", \"lvl\": \"results\", \"msg\": {\"case\": \"x\", \"definition\": \"1_d\", "
		  "\"result\": \"bogus\"}}\n"
		  "- {\"dt\": \"x\", \"lvl\": \"results\", \"msg\": {\"case\": \"job\", \"definition\": \"lava\", "
		  "\"error_msg\": \"The job was canceled\", \"error_type\": \"Canceled\", \"result\": \"fail\"}}\n",
		  &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "lava.validate", STATUS_PASS, NULL);
	check_result(&r, "lava.http-download.modules", STATUS_PASS, NULL);
	check_result(&r, "lava.http-download.kernel", STATUS_PASS, NULL);
	check_result(&r, "ltp-io.aio02", STATUS_FAIL, NULL);
	check_result(&r, "d.s1.t", STATUS_SKIP, NULL);
	check_result(&r, "d.m", STATUS_DONE, NULL);
	check_metric(&r, "d.m", "3.5 s");
	check_result(&r, "lava.job", STATUS_FAIL, "The job was canceled");
	/* the console lines of a job log are not read: its results say it all */
	CHECK(!find(&r, "a"));
	CHECK_INT(r.nr, 7);
	results_release(&r);

	parse_str(&format_lava, "- {\"dt: \"2018\", \"lvl\": \"debug\", \"msg\": \"x\"}\n", &r);
	CHECK_INT(r.ret, -1);
	/* with why the line was refused */
	CHECK_STR(r.err.buf, "no LAVA job log entries found (line 1: ':' expected near '2018')");
	results_release(&r);
}

/*
 * A name that had to change keeps its original in the reason: the
 * definition and the set are one name each, a test case id is split at
 * its dots, and empty parts between them are no names.
 */
static void test_original_names(void)
{
	static const char nul_names[] =
		"<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=a\0b RESULT=pass>\n"
		"<LAVA_SIGNAL_STARTRUN 0_x 1>\n"
		"<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=c\0d RESULT=pass>\n";
	struct results r = { 0 };

	parse_str(&format_lava,
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=early(1) RESULT=pass MEASUREMENT=3 UNITS=ms>\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=plain RESULT=pass>\n"
		  "<LAVA_SIGNAL_ENDRUN 0_my.tests 1>\n"
		  "<LAVA_SIGNAL_STARTRUN 1_smoke 1>\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=boot.dmesg[err] RESULT=fail>\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=a..b RESULT=pass>\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=... RESULT=skip>\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=q\"x\\y RESULT=pass>\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=q\"x\\y RESULT=fail>\n"
		  "<LAVA_SIGNAL_TESTSET START set(1)>\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=in-set RESULT=pass>\n"
		  "<LAVA_SIGNAL_TESTSET STOP>\n"
		  "<LAVA_SIGNAL_ENDRUN 1_smoke 1>\n"
		  "<LAVA_SIGNAL_STARTRUN 2_crash:me 1>\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=ok RESULT=pass>\n", &r);
	CHECK_INT(r.ret, 0);
	/* held until the ENDRUN named their run, then named with it */
	check_result(&r, "my_tests.early_1", STATUS_PASS, "name \"my.tests.early(1)\"");
	/* a held case keeps its measurement too */
	check_metric(&r, "my_tests.early_1", "3 ms");
	check_metric(&r, "my_tests.plain", NULL);
	check_result(&r, "my_tests.plain", STATUS_PASS, "name \"my.tests.plain\"");
	check_result(&r, "smoke.boot.dmesg_err", STATUS_FAIL, "name \"smoke.boot.dmesg[err]\"");
	check_result(&r, "smoke.a.b", STATUS_PASS, NULL);
	check_result(&r, "smoke.unnamed", STATUS_SKIP, "name \"smoke.\"");
	check_result(&r, "smoke.set_1.in-set", STATUS_PASS, "name \"smoke.set(1).in-set\"");
	check_result(&r, "crash_me.ok", STATUS_PASS, "name \"crash:me.ok\"");
	check_result(&r, "crash_me", STATUS_MISS, "name \"crash:me\": test run did not finish");
	/* the same name twice: two lines, as LAVA keeps both */
	if (CHECK_INT(r.nr, 10)) {
		CHECK_STR(r.v[5].path, "smoke.q_x_y");
		CHECK_STR(r.v[5].reason, "name \"smoke.q\\\"x\\\\y\"");
		CHECK_STR(r.v[6].path, "smoke.q_x_y");
		CHECK_STR(r.v[6].reason, "name \"smoke.q\\\"x\\\\y\"");
	}
	results_release(&r);

	parse_str(&format_lava,
		  "- {\"dt\": \"x\", \"lvl\": \"results\", \"msg\": {\"case\": \"a.b (c)\", "
		  "\"definition\": \"1_my def\", \"set\": \"s 1\", \"result\": \"fail\", "
		  "\"error_msg\": \"broke\"}}\n"
		  "- {\"dt\": \"x\", \"lvl\": \"results\", \"msg\": {\"case\": \"http-download\", "
		  "\"definition\": \"lava\", \"extra\": {\"label\": \"rootfs.my label\"}, \"result\": \"pass\"}}\n"
		  "- {\"dt\": \"x\", \"lvl\": \"results\", \"msg\": {\"case\": \"plain\", "
		  "\"definition\": \"0_ltp\", \"result\": \"pass\"}}\n", &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "my_def.s_1.a.b_c", STATUS_FAIL, "name \"my def.s 1.a.b (c)\": broke");
	check_result(&r, "lava.http-download.my_label", STATUS_PASS,
		     "name \"lava.http-download.my label\"");
	check_result(&r, "ltp.plain", STATUS_PASS, NULL);
	CHECK_INT(r.nr, 3);
	results_release(&r);

	/* a NUL in a name cannot end its original early, held or not */
	parse_buf(&format_lava, nul_names, sizeof(nul_names) - 1, &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "a_b", STATUS_PASS, "name \"a b\"");
	check_result(&r, "x.c_d", STATUS_PASS, "name \"x.c d\"");
	CHECK_INT(r.nr, 3);
	results_release(&r);
}

/* The tuxrun oracle: results/<log>.json, flattened the way our paths are. */
static void test_tuxrun_corpus(void)
{
	struct results r = { 0 };

	parse_file(&format_lava, CORPORA "/lava-tuxrun/logs/fail-1.yaml", &r);
	CHECK_INT(r.ret, 0);
	CHECK_INT(r.nr, 67);
	CHECK_INT(count_status(&r, STATUS_PASS), 62);
	CHECK_INT(count_status(&r, STATUS_FAIL), 4);
	CHECK_INT(count_status(&r, STATUS_SKIP), 1);
	check_result(&r, "lava.file-download.rootfs", STATUS_PASS, NULL);
	results_release(&r);
}

static void test_detect(void)
{
	const char *job = "- {\"dt\": \"2022\", \"lvl\": \"info\", \"msg\": \"x\"}\n";
	const char *frame = "x\n<8>[ 4.2] <LAVA_SIGNAL_STARTRUN 0_smoke 1>\n";
	const char *sig = "<LAVA_SIGNAL_STARTRUN 0_smoke 1>\n<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=a RESULT=pass>";
	const char *quoted = "+ echo '<LAVA_SIGNAL_STARTRUN 0_smoke 1>'\n";

	CHECK_INT(format_lava.detect(job, strlen(job)), 100);
	CHECK_INT(format_lava.detect(frame, strlen(frame)), 60);
	CHECK_INT(format_lava.detect(sig, strlen(sig)), 90);
	CHECK_INT(format_lava.detect(quoted, strlen(quoted)), 0);
	CHECK_INT(format_lava.detect("<LAVA_SIGNAL_FOO x>", 19), 0);
	CHECK_INT(format_lava.detect("<LAVA_SIGNAL_TESTCASE x\n>", 25), 0);
}

/* Parses `text` from a file with --format=auto; returns the record's tests. */
static int parse_auto(const struct strbuf *text, struct record *rec, struct strbuf *err)
{
	char path[] = "/tmp/git-results-lava-XXXXXX";
	int fd = mkstemp(path), ret;

	if (fd < 0 || write(fd, text->buf, text->len) != (ssize_t)text->len)
		die_errno("cannot write %s", path);
	close(fd);
	record_init(rec);
	ret = format_parse_file_to_record(rec, path, "auto", err);
	unlink(path);
	return ret;
}

static const struct record_test *find_test(const struct record *rec, const char *path)
{
	size_t i;

	for (i = 0; i < rec->tests_nr; i++)
		if (!strcmp(rec->tests[i].path, path))
			return &rec->tests[i];
	return NULL;
}

static void add_noise(struct strbuf *sb, size_t bytes)
{
	size_t i;

	for (i = 0; sb->len < bytes; i++)
		strbuf_addf(sb, "[%5zu.%06zu] ok, some boot message %zu\n", i / 1000, i % 1000000, i);
}

/* Formats that start megabytes into a console log are still found. */
static void test_detect_deep(void)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	struct record rec;
	size_t i;

	/*
	 * LAVA test cases 400 KB in, their run started 100 KB before them:
	 * the ENDRUN names it
	 */
	add_noise(&text, 300000);
	strbuf_addstr(&text, "<LAVA_SIGNAL_STARTRUN 0_ltp-smoke 1_1.1.3.1>\n");
	add_noise(&text, 400000);
	strbuf_addstr(&text, "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=access01 RESULT=pass>\n"
		      "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=chdir01 RESULT=fail>\n"
		      "<LAVA_SIGNAL_STARTTC hung>\n"
		      "<LAVA_SIGNAL_ENDRUN 0_ltp-smoke 1_1.1.3.1>\n"
		      "<LAVA_SIGNAL_STARTRUN 1_next 1_1.1.3.5>\n"
		      "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=t RESULT=skip>\n"
		      "<LAVA_SIGNAL_ENDRUN 1_next 1_1.1.3.5>\n");
	CHECK_INT(parse_auto(&text, &rec, &err), 0);
	CHECK(find_test(&rec, "ltp-smoke.access01"));
	CHECK(find_test(&rec, "ltp-smoke.chdir01"));
	CHECK(find_test(&rec, "ltp-smoke.hung"));
	CHECK(find_test(&rec, "next.t"));
	CHECK_INT(rec.tests_nr, 4);
	record_release(&rec);

	/* KTAP first, then LAVA's test cases: the results that start first win */
	strbuf_reset(&text);
	add_noise(&text, 300000);
	strbuf_addstr(&text, "<LAVA_SIGNAL_STARTRUN 1_kselftest-timens 5710146_2.1.4.5>\n"
		      "[  102.978412] kselftest: Running tests in timens\n"
		      "TAP version 13\n1..1\nok 1 selftests: timens: timens\n"
		      "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=timens.timens RESULT=pass>\n");
	CHECK_INT(parse_auto(&text, &rec, &err), 0);
	CHECK(find_test(&rec, "timens.timens"));
	CHECK_INT(rec.tests_nr, 1);
	record_release(&rec);

	/* within the first window, too, either way round */
	strbuf_reset(&text);
	strbuf_addstr(&text, "<LAVA_SIGNAL_STARTRUN 0_kunit 1>\nKTAP version 1\n1..1\nok 1 a\n"
		      "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=a RESULT=pass>\n");
	CHECK_INT(parse_auto(&text, &rec, &err), 0);
	CHECK(find_test(&rec, "a"));
	record_release(&rec);
	strbuf_reset(&text);
	strbuf_addstr(&text, "<LAVA_SIGNAL_STARTRUN 0_kunit 1>\n"
		      "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=a RESULT=pass>\nKTAP version 1\n1..1\nok 1 a\n");
	CHECK_INT(parse_auto(&text, &rec, &err), 0);
	CHECK(find_test(&rec, "kunit.a"));
	record_release(&rec);

	/* a line longer than a window, then KTAP */
	strbuf_reset(&text);
	add_noise(&text, 100000);
	for (i = 0; i < 200000; i++)
		strbuf_addch(&text, 'x');
	strbuf_addstr(&text, " TAP version 13 in a long line\nKTAP version 1\n1..1\nnot ok 1 deep\n");
	CHECK_INT(parse_auto(&text, &rec, &err), 0);
	CHECK(find_test(&rec, "deep"));
	record_release(&rec);

	/*
	 * A run that crashed before any result, and no KTAP anywhere: only
	 * LAVA's framing says what happened, read again from the start
	 */
	strbuf_reset(&text);
	strbuf_addstr(&text, "<LAVA_SIGNAL_STARTRUN 1_ltp-controllers 5709759_2.1.4.5>\n");
	add_noise(&text, 300000);
	strbuf_addstr(&text, "[  100.0] Kernel panic - not syncing: Fatal exception\n");
	CHECK_INT(parse_auto(&text, &rec, &err), 0);
	if (CHECK(find_test(&rec, "ltp-controllers")))
		CHECK_STR(find_test(&rec, "ltp-controllers")->reason, "test run did not finish");
	record_release(&rec);

	/* nothing sure enough: "ok" lines in a log prove nothing */
	strbuf_reset(&text);
	add_noise(&text, 300000);
	strbuf_addstr(&text, "ok 1 something\n");
	CHECK_INT(parse_auto(&text, &rec, &err), -1);
	CHECK(strstr(err.buf, "as console: no kernel boot or crash found"));
	record_release(&rec);

	/*
	 * The LKFT console log: its kselftest TAP starts before LAVA's test
	 * cases (which a parser splitting names on spaces made)
	 */
	strbuf_reset(&err);
	record_init(&rec);
	CHECK_INT(format_parse_file_to_record(&rec, CORPORA "/console-logs/lava/kernel-lkft.txt", NULL, &err), 0);
	CHECK(find_test(&rec, "timens.timerfd.clockid_9"));
	CHECK(find_test(&rec, "vm.split_huge_page_test"));
	CHECK(!find_test(&rec, "kselftest-timens.timens.timerfd.clockid_7"));
	record_release(&rec);

	/* ... and as LAVA, when asked: refused results are not results */
	record_init(&rec);
	CHECK_INT(format_parse_file_to_record(&rec, CORPORA "/console-logs/lava/kernel-lkft.txt", "lava", &err), 0);
	record_normalize(&rec);
	CHECK_INT(rec.counts[STATUS_PASS], 52);
	CHECK_INT(rec.counts[STATUS_FAIL], 2);
	CHECK_INT(rec.counts[STATUS_SKIP], 15);
	CHECK_INT(rec.tests_nr, 69);
	CHECK(find_test(&rec, "kselftest-timens.timens.timerfd.clockid_7"));
	CHECK(!find_test(&rec, "kselftest-timens.timens.timens.Passed"));
	record_release(&rec);

	strbuf_release(&text);
	strbuf_release(&err);
}

int main(void)
{
	test_console();
	test_job_log();
	test_original_names();
	test_tuxrun_corpus();
	test_detect();
	test_detect_deep();
	return unit_done();
}
