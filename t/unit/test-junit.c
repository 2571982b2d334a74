/*
 * Unit tests for formats/junit.c and formats/junit-write.c: JUnit
 * structure and statuses, Surefire reruns, reasons, entity attacks,
 * broken documents, chunked input; the writer's output read back by
 * python3's xml.etree and by our own reader.
 */
#include "t/unit/format-sink.h"
#include "formats/junit-write.h"
#include "lib/record.h"

#include <sys/wait.h>

extern const struct format format_junit;

#define J(body) "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" body

static void test_structure(void)
{
	struct results r = { 0 };

	parse_str(&format_junit, J(
		"<testsuites name=\"all\">\n"
		"  <testsuite name=\"pkg.Suite\">\n"
		"    <testcase classname=\"pkg.Suite\" name=\"same class\"/>\n"
		"    <testcase classname=\"pkg.Suite.Inner\" name=\"inner\"/>\n"
		"    <testcase classname=\"other.Class\" name=\"t[1.5]\"/>\n"
		"    <testsuite name=\"pkg.Suite.nested\">\n"
		"      <testcase name=\"deep\"/>\n"
		"    </testsuite>\n"
		"    <testcase classname=\"pkg.Suite\" name=\"after nested\"/>\n"
		"    <properties><property name=\"testcase\" value=\"x\"/></properties>\n"
		"    <system-out><testcase name=\"not a test\"/></system-out>\n"
		"  </testsuite>\n"
		"  <testsuite><testcase classname=\"c\" name=\"\"/></testsuite>\n"
		"</testsuites>\n"), &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "pkg.Suite.same_class", STATUS_PASS, "name \"pkg.Suite.same class\"");
	check_result(&r, "pkg.Suite.Inner.inner", STATUS_PASS, NULL);
	check_result(&r, "pkg.Suite.other.Class.t_1_5", STATUS_PASS,
		     "name \"pkg.Suite.other.Class.t[1.5]\"");
	check_result(&r, "pkg.Suite.nested.deep", STATUS_PASS, NULL);
	check_result(&r, "pkg.Suite.after_nested", STATUS_PASS, "name \"pkg.Suite.after nested\"");
	check_result(&r, "c.unnamed", STATUS_PASS, "name \"c.\"");
	CHECK_INT(r.nr, 6);
	results_release(&r);

	/* no suite at all */
	parse_str(&format_junit, "<testsuites><testcase classname=\"k\" name=\"t\"/>"
		  "<properties><testcase name=\"no\"/></properties></testsuites>", &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "k.t", STATUS_PASS, NULL);
	CHECK_INT(r.nr, 1);
	results_release(&r);

	/* a <testsuite> root, no classname */
	parse_str(&format_junit, "<testsuite name=\"s\"><testcase name=\"a\"/></testsuite>", &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "s.a", STATUS_PASS, NULL);
	results_release(&r);
}

static void test_statuses(void)
{
	struct results r = { 0 };

	parse_str(&format_junit, J(
		"<testsuite name=\"s\">\n"
		"  <testcase name=\"fail\"><failure message=\"expected 1\" type=\"AssertionError\">trace</failure></testcase>\n"
		"  <testcase name=\"error\"><error message=\"boom\"/></testcase>\n"
		"  <testcase name=\"skip\"><skipped message=\"not here\"/></testcase>\n"
		"  <testcase name=\"skip-bare\"><skipped/></testcase>\n"
		"  <testcase name=\"disabled\" status=\"disabled\"/>\n"
		"  <testcase name=\"notrun\" status=\"notrun\"/>\n"
		"  <testcase name=\"gtest-skip\" status=\"run\" result=\"skipped\"/>\n"
		"  <testcase name=\"ran\" status=\"run\"/>\n"
		"  <testcase name=\"all\"><skipped/><failure message=\"f\"/><error message=\"e\"/></testcase>\n"
		"  <testcase name=\"text\"><failure>\n\n   java.lang.NullPointerException: x  \n\tat A.b(A.java:1)\n</failure></testcase>\n"
		"  <testcase name=\"cdata\"><error><![CDATA[first <line>\nsecond]]></error></testcase>\n"
		"  <testcase name=\"type-only\"><error type=\"java.lang.OutOfMemoryError\"/></testcase>\n"
		"  <testcase name=\"spaces\"><failure message=\"&#10;Expected: a&#10;\t but: b \"/></testcase>\n"
		"</testsuite>\n"), &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "s.fail", STATUS_FAIL, "expected 1");
	check_result(&r, "s.error", STATUS_ERROR, "boom");
	check_result(&r, "s.skip", STATUS_SKIP, "not here");
	check_result(&r, "s.skip-bare", STATUS_SKIP, NULL);
	check_result(&r, "s.disabled", STATUS_SKIP, NULL);
	check_result(&r, "s.notrun", STATUS_SKIP, NULL);
	check_result(&r, "s.gtest-skip", STATUS_SKIP, NULL);
	check_result(&r, "s.ran", STATUS_PASS, NULL);
	/* KCIDB's order: a failure outranks an error */
	check_result(&r, "s.all", STATUS_FAIL, "f");
	check_result(&r, "s.text", STATUS_FAIL, "java.lang.NullPointerException: x");
	check_result(&r, "s.cdata", STATUS_ERROR, "first <line>");
	check_result(&r, "s.type-only", STATUS_ERROR, "java.lang.OutOfMemoryError");
	check_result(&r, "s.spaces", STATUS_FAIL, "Expected: a but: b");
	results_release(&r);
}

static void test_reruns(void)
{
	struct results r = { 0 };

	parse_str(&format_junit, J(
		"<testsuite name=\"com.example.T\">\n"
		"  <testcase classname=\"com.example.T\" name=\"flaky\">\n"
		"    <flakyFailure message=\"first try\" type=\"AssertionError\">\n"
		"      <stackTrace>AssertionError: first try</stackTrace>\n"
		"      <system-out>noise</system-out>\n"
		"    </flakyFailure>\n"
		"    <flakyError type=\"IOException\"><stackTrace>\n  java.io.IOException: second\n</stackTrace></flakyError>\n"
		"  </testcase>\n"
		"  <testcase classname=\"com.example.T\" name=\"flaky-trace\">\n"
		"    <flakyError type=\"IOException\"><stackTrace>\n  java.io.IOException: reset\n</stackTrace>"
		"<system-err>not the reason</system-err></flakyError>\n"
		"  </testcase>\n"
		"  <testcase classname=\"com.example.T\" name=\"always\">\n"
		"    <failure message=\"built to fail\" type=\"AssertionFailedError\">trace</failure>\n"
		"    <rerunFailure message=\"rerun 1\"><stackTrace>t</stackTrace></rerunFailure>\n"
		"    <rerunFailure message=\"rerun 2\"><stackTrace>t</stackTrace></rerunFailure>\n"
		"  </testcase>\n"
		"  <testcase classname=\"com.example.T\" name=\"reruns-only\">\n"
		"    <rerunError type=\"E\"><stackTrace>E: gone wrong\n at x</stackTrace><system-out>o</system-out></rerunError>\n"
		"  </testcase>\n"
		"  <testcase classname=\"com.example.T\" name=\"failed-and-flaky\">\n"
		"    <flakyFailure message=\"f\"/><failure message=\"for real\"/>\n"
		"  </testcase>\n"
		"</testsuite>\n"), &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "com.example.T.flaky", STATUS_PASS, "flaky: first try");
	check_result(&r, "com.example.T.flaky-trace", STATUS_PASS, "flaky: java.io.IOException: reset");
	check_result(&r, "com.example.T.always", STATUS_FAIL, "built to fail");
	check_result(&r, "com.example.T.reruns-only", STATUS_ERROR, "E: gone wrong");
	check_result(&r, "com.example.T.failed-and-flaky", STATUS_FAIL, "for real");
	CHECK_INT(r.nr, 5);
	results_release(&r);
}

/*
 * A name that had to change keeps its original in the reason: suite and
 * class names split at their dots, the test's name whole.
 */
static void test_original_names(void)
{
	struct results r = { 0 };

	parse_str(&format_junit, J(
		"<testsuites name=\"root is not used\">\n"
		"  <testsuite name=\"tests.unit\">\n"
		"    <testcase classname=\"tests.unit.test_x\" name=\"test_plain\"/>\n"
		"    <testcase classname=\"tests.unit.test_x\" name=\"test_param[1.5-a b]\">"
		"<failure message=\"boom\"/></testcase>\n"
		"    <testcase classname=\"tests.unit.Test Class\" name=\"quote &quot;q&quot; back\\slash\"/>\n"
		"    <testcase classname=\"tests.unit.test_x\" name=\"\"/>\n"
		"    <testcase classname=\"tests.unit.test_x\" name=\"twice (rerun)\">"
		"<failure message=\"first\"/></testcase>\n"
		"    <testcase classname=\"tests.unit.test_x\" name=\"twice (rerun)\"/>\n"
		"    <testcase classname=\"tests.unit.test_x\" name=\"flaky one\">"
		"<flakyFailure message=\"once\"/></testcase>\n"
		"  </testsuite>\n"
		"  <testsuite name=\"My Suite (linux)\">\n"
		"    <testcase classname=\"My Suite (linux)\" name=\"ok_name\"/>\n"
		"    <testsuite name=\"My Suite (linux).inner\"><testcase name=\"deep\"/></testsuite>\n"
		"    <error message=\"teardown failed\"/>\n"
		"  </testsuite>\n"
		"</testsuites>\n"), &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "tests.unit.test_x.test_plain", STATUS_PASS, NULL);
	/* a test's name is one component: its dot is not a separator */
	check_result(&r, "tests.unit.test_x.test_param_1_5-a_b", STATUS_FAIL,
		     "name \"tests.unit.test_x.test_param[1.5-a b]\": boom");
	check_result(&r, "tests.unit.Test_Class.quote_q_back_slash", STATUS_PASS,
		     "name \"tests.unit.Test Class.quote \\\"q\\\" back\\\\slash\"");
	check_result(&r, "tests.unit.test_x.unnamed", STATUS_PASS, "name \"tests.unit.test_x.\"");
	check_result(&r, "tests.unit.test_x.flaky_one", STATUS_PASS,
		     "name \"tests.unit.test_x.flaky one\": flaky: once");
	/* a suite's name changed: all its tests, and its own error, say so */
	check_result(&r, "My_Suite_linux.ok_name", STATUS_PASS, "name \"My Suite (linux).ok_name\"");
	check_result(&r, "My_Suite_linux.inner.deep", STATUS_PASS,
		     "name \"My Suite (linux).inner.deep\"");
	check_result(&r, "My_Suite_linux", STATUS_ERROR, "name \"My Suite (linux)\": teardown failed");
	/* a rerun is a second line for the same path, each with its name */
	if (CHECK_INT(r.nr, 10)) {
		CHECK_STR(r.v[4].path, "tests.unit.test_x.twice_rerun");
		CHECK_STR(r.v[4].reason, "name \"tests.unit.test_x.twice (rerun)\": first");
		CHECK_STR(r.v[5].path, "tests.unit.test_x.twice_rerun");
		CHECK_STR(r.v[5].reason, "name \"tests.unit.test_x.twice (rerun)\"");
	}
	results_release(&r);
}

static void test_suite_errors(void)
{
	struct results r = { 0 };

	/* junit-report-6700.xml: a class that could not even load */
	parse_file(&format_junit, CORPORA "/junit/jenkins/junit-report-6700.xml", &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "gda.device.detector.XHDetectorTest", STATUS_ERROR,
		     "gda/device/detector/DAServer");
	CHECK_INT(r.nr, 1);
	results_release(&r);

	parse_file(&format_junit, CORPORA "/junit/jenkins/junit-report-nested-testsuites.xml", &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "test.AutomatedTests.test.db.DatabaseTest.test.3rdlevel", STATUS_ERROR,
		     "bla bla");
	check_result(&r, "test.AutomatedTests.test.db.DatabaseTest.testTable", STATUS_PASS, NULL);
	check_result(&r, "test.AutomatedTests.test.fs.FileSystemTest.testPrefix", STATUS_PASS, NULL);
	CHECK_INT(r.nr, 3);
	results_release(&r);

	parse_str(&format_junit, "<testsuites><testsuite><error message=\"setup\"/></testsuite></testsuites>", &r);
	check_result(&r, "unnamed", STATUS_ERROR, "name \"\": setup");
	results_release(&r);
}

static void test_reason_limits(void)
{
	struct results r = { 0 };
	struct strbuf doc = STRBUF_INIT;
	size_t i;

	/* 300 two-byte characters: the cut must not split one */
	strbuf_addstr(&doc, "<testsuite name=\"s\"><testcase name=\"long\"><failure message=\"a");
	for (i = 0; i < 300; i++)
		strbuf_addstr(&doc, "\xc3\xa9");
	strbuf_addstr(&doc, "\"/></testcase></testsuite>");
	parse_buf(&format_junit, doc.buf, doc.len, &r);
	CHECK_INT(r.ret, 0);
	if (CHECK_INT(r.nr, 1)) {
		/* cut on a character boundary, and saying so */
		CHECK_INT(strlen(r.v[0].reason), 530);
		CHECK(strstr(r.v[0].reason, "[cut at 512 bytes]") != NULL);
		CHECK(record_is_utf8(r.v[0].reason));
	}
	results_release(&r);
	strbuf_release(&doc);
}

/* Entity attacks are refused before anything is read or expanded. */
static void test_entities(void)
{
	struct results r = { 0 };
	struct strbuf doc = STRBUF_INIT;
	char secret[] = "/tmp/git-results-xxe-XXXXXX";
	int fd = mkstemp(secret);

	if (!CHECK(fd >= 0))
		return;
	if (write(fd, "TOPSECRET\n", 10) != 10)
		die_errno("cannot write %s", secret);
	close(fd);

	strbuf_addf(&doc, "<?xml version=\"1.0\"?>\n"
		    "<!DOCTYPE testsuites [<!ENTITY xxe SYSTEM \"file://%s\">]>\n"
		    "<testsuites><testsuite name=\"s\"><testcase name=\"&xxe;\">"
		    "<failure message=\"&xxe;\"/></testcase></testsuite></testsuites>\n", secret);
	parse_buf(&format_junit, doc.buf, doc.len, &r);
	CHECK_INT(r.ret, -1);
	CHECK_INT(r.nr, 0);
	CHECK(strstr(r.err.buf, "declares the entity 'xxe'"));
	CHECK(!strstr(r.err.buf, "TOPSECRET"));
	results_release(&r);

	/* a parameter entity from outside, used inside the DTD (testXxe-xxe.xml) */
	strbuf_reset(&doc);
	strbuf_addf(&doc, "<!DOCTYPE testsuite [<!ENTITY %% sp SYSTEM \"file://%s\"> %%sp;]>\n"
		    "<testsuite name=\"s\"><testcase name=\"a\"/></testsuite>\n", secret);
	parse_buf(&format_junit, doc.buf, doc.len, &r);
	CHECK_INT(r.ret, -1);
	CHECK(strstr(r.err.buf, "declares the entity 'sp'"));
	results_release(&r);

	/* billion laughs */
	parse_str(&format_junit,
		  "<!DOCTYPE lolz [\n"
		  " <!ENTITY lol \"lol\">\n"
		  " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		  " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
		  " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		  "]>\n<testsuite name=\"s\"><testcase name=\"&lol3;\"/></testsuite>\n", &r);
	CHECK_INT(r.ret, -1);
	CHECK_INT(r.nr, 0);
	results_release(&r);

	/* a DTD that declares no entity is harmless; an external one is never fetched */
	parse_str(&format_junit,
		  "<!DOCTYPE testsuite SYSTEM \"http://127.0.0.1:1/junit.dtd\" [<!ELEMENT testsuite ANY>]>\n"
		  "<testsuite name=\"s\"><testcase name=\"a&amp;b&#65;\"/></testsuite>\n", &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "s.a_bA", STATUS_PASS, "name \"s.a&bA\"");
	results_release(&r);

	unlink(secret);
	strbuf_release(&doc);
}

static void test_bad_documents(void)
{
	struct results r = { 0 };

	parse_str(&format_junit, J("<suites><suite name=\"x\"/></suites>"), &r);
	CHECK_INT(r.ret, -1);
	CHECK_STR(r.err.buf, "the root element is <suites>, not <testsuites> or <testsuite>");
	results_release(&r);

	parse_str(&format_junit, J("<testsuite name=\"s\">\n<testcase name=\"a\"/>\n<testcase name=\"b\">"), &r);
	CHECK_INT(r.ret, -1);
	CHECK_STR(r.err.buf, "line 4, column 20: no element found");
	results_release(&r);

	parse_str(&format_junit, "not xml at all", &r);
	CHECK_INT(r.ret, -1);
	CHECK(strstr(r.err.buf, "line 1, column 1: "));
	results_release(&r);

	parse_str(&format_junit, "", &r);
	CHECK_INT(r.ret, -1);
	results_release(&r);

	/* the sink's value stops the parse and comes back */
	r.stop_after = 2;
	parse_str(&format_junit, "<testsuite><testcase name=\"a\"/><testcase name=\"b\"/>"
		  "<testcase name=\"c\"/></testsuite>", &r);
	CHECK_INT(r.ret, 7);
	CHECK_INT(r.nr, 2);
	results_release(&r);

	/* ISO-8859-1 is read as such; the name is made safe */
	parse_str(&format_junit, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
		  "<testsuite name=\"s\"><testcase name=\"caf\xe9 ok\"><failure message=\"caf\xe9\"/>"
		  "</testcase></testsuite>", &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "s.caf_ok", STATUS_FAIL, "name \"s.caf\xc3\xa9 ok\": caf\xc3\xa9");
	results_release(&r);
}

/* Far more than one read: chunk boundaries land everywhere. */
static void test_large(void)
{
	struct results r = { 0 };
	struct strbuf doc = STRBUF_INIT;
	size_t i;

	strbuf_addstr(&doc, "<testsuites><testsuite name=\"big\">");
	for (i = 0; i < 20000; i++) {
		strbuf_addf(&doc, "<testcase classname=\"c%zu\" name=\"t%zu\">", i % 7, i);
		if (i % 1000 == 999)
			strbuf_addf(&doc, "<failure message=\"m%zu\"><![CDATA[%*s]]></failure>",
				    i, 70000, "x");
		strbuf_addstr(&doc, "</testcase>\n");
	}
	strbuf_addstr(&doc, "<system-out>");
	for (i = 0; i < 100000; i++)
		strbuf_addstr(&doc, "output &amp; more output\n");
	strbuf_addstr(&doc, "</system-out></testsuite></testsuites>\n");
	parse_buf(&format_junit, doc.buf, doc.len, &r);
	CHECK_INT(r.ret, 0);
	CHECK_INT(r.nr, 20000);
	CHECK_INT(count_status(&r, STATUS_FAIL), 20);
	check_result(&r, "big.c0.t19999", STATUS_FAIL, "m19999");
	check_result(&r, "big.c5.t999", STATUS_FAIL, "m999");
	check_result(&r, "big.c0.t0", STATUS_PASS, NULL);
	results_release(&r);
	strbuf_release(&doc);
}

static void test_detect(void)
{
	CHECK_INT(format_junit.detect(J("<testsuites>"), strlen(J("<testsuites>"))), 100);
	CHECK_INT(format_junit.detect("\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- made by x -->\n"
				      "<!DOCTYPE t [<!ELEMENT t ANY>]>\n<testsuite name=\"s\">", 94), 100);
	CHECK_INT(format_junit.detect("<testsuite/>", 12), 100);
	CHECK_INT(format_junit.detect(J("<suites>"), strlen(J("<suites>"))), 20);
	CHECK_INT(format_junit.detect("<testsuitesX>", 13), 0);
	CHECK_INT(format_junit.detect("TAP version 13\n", 15), 0);
	CHECK(format_detect(J("<testsuites>"), strlen(J("<testsuites>"))) == &format_junit);
}

/* What a sink that takes runs saw: each run's header, then the tests. */
struct run_log {
	struct results results;
	struct strbuf headers[8];
	size_t nr;
	size_t stop_at_run;	/* >0: the run callback returns 8 at that run */
};

static int log_test(struct result_sink *sink, const char *path,
		    enum result_status status, const char *reason)
{
	struct run_log *log = sink->data;
	struct result_sink inner = { collect, NULL, &log->results };

	return collect(&inner, path, status, reason);
}

/* Keeps the header as one line, and how many tests came before it. */
static int log_run(struct result_sink *sink, const struct record *h)
{
	struct run_log *log = sink->data;
	struct strbuf *sb;
	size_t i;

	if (log->nr == ARRAY_SIZE(log->headers))
		return 9;
	sb = &log->headers[log->nr++];
	strbuf_init(sb, 0);
	if (*h->commit)
		strbuf_addf(sb, "commit=%s ", h->commit);
	strbuf_addf(sb, "origin=%s run=%s date=%s", unit_str(h->origin), unit_str(h->run),
		    unit_str(h->date));
	for (i = 0; i < h->env_nr; i++)
		strbuf_addf(sb, " env.%s=%s", h->env[i].key, h->env[i].value);
	if (h->tester)
		strbuf_addf(sb, " tester=%s", h->tester);
	for (i = 0; i < h->links_nr; i++)
		strbuf_addf(sb, " link=%s", h->links[i]);
	strbuf_addf(sb, " tests=%zu", log->results.nr);
	return log->stop_at_run == log->nr ? 8 : 0;
}

/* `log` may carry stop_at_run and results.stop_after. */
static void parse_runs(const char *buf, size_t len, struct run_log *log)
{
	FILE *f = tmpfile();
	struct line_reader lr;
	struct result_sink sink = { log_test, log_run, log };

	if (!f || fwrite(buf, 1, len, f) != len || fflush(f) || fseek(f, 0, SEEK_SET))
		die_errno("cannot write a temporary file");
	strbuf_init(&log->results.err, 0);
	line_reader_init(&lr, fileno(f));
	log->results.ret = format_junit.parse(&lr, &sink, &log->results.err);
	line_reader_release(&lr);
	fclose(f);
}

static void parse_runs_str(const char *doc, struct run_log *log)
{
	parse_runs(doc, strlen(doc), log);
}

static void run_log_release(struct run_log *log)
{
	size_t i;

	results_release(&log->results);
	for (i = 0; i < log->nr; i++)
		strbuf_release(&log->headers[i]);
	memset(log, 0, sizeof(*log));
}

/*
 * Every test of `list` (but the reason of `except`) was read back exactly,
 * in order, and no other.
 */
static void check_same_tests(const struct results *r, const struct record_list *list,
			     const char *except)
{
	size_t i, j, n = 0;

	for (i = 0; i < list->nr; i++) {
		for (j = 0; j < list->items[i].tests_nr; j++, n++) {
			const struct record_test *t = &list->items[i].tests[j];

			if (n >= r->nr)
				continue;
			CHECK_STR(r->v[n].path, t->path);
			CHECK_STR(status_name(r->v[n].status), status_name(t->status));
			if (!except || strcmp(t->path, except))
				CHECK_STR(r->v[n].reason, t->reason);
		}
	}
	CHECK_INT(r->nr, n);
}

static void build_records(struct record_list *list)
{
	struct record r = RECORD_INIT;
	size_t i;

	record_set_origin(&r, "kernelci");
	record_set_run(&r, "x86-1");
	record_set_date(&r, "2026-11-25T10:00:00Z");
	memset(r.commit, 'a', RECORD_HEXSZ);
	memset(r.tree, 'b', RECORD_HEXSZ);
	record_set_env(&r, "arch", "x86_64");
	record_set_tester(&r, "Jane \"JD\" Doe <jane@example.org>");
	record_add_link(&r, "https://example.org/logs?a=1&b=2");
	record_add_test(&r, "kunit.example.simple", STATUS_FAIL, "expected 1 < 2 && \"x\" > 'y' ]]>");
	record_add_test(&r, "kunit.example.timeout", STATUS_ERROR, "test timed out");
	record_add_test(&r, "kunit.example.crashed", STATUS_MISS, NULL);
	record_add_test(&r, "kunit.example.skipped", STATUS_SKIP, "not on \xc3\xa9 arch");
	record_add_test(&r, "kunit.example.ok", STATUS_PASS, NULL);
	record_add_test(&r, "kunit.example.ok-with-reason", STATUS_PASS, "took <1ms");
	record_add_test(&r, "bench", STATUS_DONE, "42 ms");
	record_add_test(&r, "kunit.example.raw", STATUS_FAIL, "raw");
	record_normalize(&r);
	/* what record_add_test() would have cleaned: the writer copes anyway */
	for (i = 0; i < r.tests_nr; i++) {
		if (strcmp(r.tests[i].path, "kunit.example.raw"))
			continue;
		/* the record frees its test strings as a pool: a literal will do */
		r.tests[i].reason = "bad \x01 byte \xff and \xed\xa0\x80 surrogate\tand\nline";
	}
	record_list_take(list, &r);

	record_init(&r);
	record_set_origin(&r, "lkft");
	record_set_run(&r, "arm64");
	record_set_date(&r, "2026-11-25T11:00:00Z");
	record_add_test(&r, "ltp.proc01", STATUS_PASS, NULL);
	record_normalize(&r);
	record_list_take(list, &r);
}

/*
 * Reads `xml` with python3's xml.etree and prints one line per suite,
 * property and test case, with every attribute and text decoded.
 */
static const char etree_script[] =
	"import sys, xml.etree.ElementTree as ET\n"
	"root = ET.parse(sys.stdin.buffer).getroot()\n"
	"print(root.tag, root.get('tests'), root.get('failures'), root.get('errors'), root.get('skipped'))\n"
	"for s in root:\n"
	"    print('suite', s.get('name'), s.get('tests'), s.get('failures'), s.get('errors'),\n"
	"          s.get('skipped'), s.get('timestamp'))\n"
	"    for p in s.find('properties'):\n"
	"        print('property', p.get('name'), repr(p.get('value')))\n"
	"    for c in s.findall('testcase'):\n"
	"        print('case', c.get('classname'), c.get('name'))\n"
	"        for k in c:\n"
	"            if k.tag == 'properties':\n"
	"                for p in k:\n"
	"                    print('  property', p.get('name'), p.get('value'))\n"
	"            else:\n"
	"                print('  ' + k.tag, k.get('type'),\n"
	"                      ascii(k.text if k.tag == 'system-out' else k.get('message')))\n";

static int run_etree(const struct strbuf *xml, struct strbuf *out)
{
	char in_path[] = "/tmp/git-results-junit-XXXXXX";
	struct strbuf cmd = STRBUF_INIT;
	FILE *p;
	int fd = mkstemp(in_path), status;
	char buf[4096];
	size_t n;

	if (fd < 0 || write(fd, xml->buf, xml->len) != (ssize_t)xml->len)
		die_errno("cannot write %s", in_path);
	close(fd);
	strbuf_addf(&cmd, "python3 -c \"$ETREE_SCRIPT\" <%s", in_path);
	setenv("ETREE_SCRIPT", etree_script, 1);
	p = popen(cmd.buf, "r");
	if (!p)
		die_errno("cannot run python3");
	while ((n = fread(buf, 1, sizeof(buf), p)))
		strbuf_add(out, buf, n);
	status = pclose(p);
	unlink(in_path);
	strbuf_release(&cmd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_writer(void)
{
	struct record_list list = RECORD_LIST_INIT, empty = RECORD_LIST_INIT;
	struct strbuf xml = STRBUF_INIT, got = STRBUF_INIT;
	struct run_log log = { 0 };

	build_records(&list);
	junit_write_list(&xml, &list);
	CHECK_INT(run_etree(&xml, &got), 0);
	CHECK_STR(got.buf,
		  "testsuites 9 2 2 1\n"
		  "suite kernelci/x86-1 8 2 2 1 2026-11-25T10:00:00Z\n"
		  "property commit 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'\n"
		  "property tree 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'\n"
		  "property origin 'kernelci'\n"
		  "property run 'x86-1'\n"
		  "property date '2026-11-25T10:00:00Z'\n"
		  "property env.arch 'x86_64'\n"
		  "property tester 'Jane \"JD\" Doe <jane@example.org>'\n"
		  "property link 'https://example.org/logs?a=1&b=2'\n"
		  "property status 'FAIL'\n"
		  "case None bench\n"
		  "  property status DONE\n"
		  "  system-out None '42 ms'\n"
		  "case kunit.example crashed\n"
		  "  error MISS None\n"
		  "case kunit.example ok\n"
		  "case kunit.example ok-with-reason\n"
		  "  system-out None 'took <1ms'\n"
		  "case kunit.example raw\n"
		  "  failure FAIL 'bad ? byte ? and ??? surrogate\\tand\\nline'\n"
		  "case kunit.example simple\n"
		  "  failure FAIL 'expected 1 < 2 && \"x\" > \\'y\\' ]]>'\n"
		  "case kunit.example skipped\n"
		  "  skipped None 'not on \\xe9 arch'\n"
		  "case kunit.example timeout\n"
		  "  error ERROR 'test timed out'\n"
		  "suite lkft/arm64 1 0 0 0 2026-11-25T11:00:00Z\n"
		  "property origin 'lkft'\n"
		  "property run 'arm64'\n"
		  "property date '2026-11-25T11:00:00Z'\n"
		  "property status 'PASS'\n"
		  "case ltp proc01\n");

	/*
	 * our own reader gives back every run and test as they were, but for
	 * the reason the writer had to make well-formed
	 */
	parse_runs(xml.buf, xml.len, &log);
	CHECK_INT(log.results.ret, 0);
	if (CHECK_INT(log.nr, 2)) {
		CHECK_STR(log.headers[0].buf,
			  "commit=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa origin=kernelci run=x86-1"
			  " date=2026-11-25T10:00:00Z env.arch=x86_64"
			  " tester=Jane \"JD\" Doe <jane@example.org>"
			  " link=https://example.org/logs?a=1&b=2 tests=0");
		CHECK_STR(log.headers[1].buf,
			  "origin=lkft run=arm64 date=2026-11-25T11:00:00Z tests=8");
	}
	check_same_tests(&log.results, &list, "kunit.example.raw");
	check_result(&log.results, "kunit.example.raw", STATUS_FAIL,
		     "bad ? byte ? and ??? surrogate\tand\nline");
	run_log_release(&log);

	/* one record; and none */
	strbuf_reset(&xml);
	strbuf_reset(&got);
	junit_write_record(&xml, &list.items[1]);
	CHECK_INT(run_etree(&xml, &got), 0);
	CHECK(strstr(got.buf, "testsuites 1 0 0 0\nsuite lkft/arm64 1 0 0 0"));
	strbuf_reset(&xml);
	strbuf_reset(&got);
	junit_write_list(&xml, &empty);
	CHECK_STR(xml.buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<testsuites name=\"git results\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\"/>\n");
	CHECK_INT(run_etree(&xml, &got), 0);

	record_list_release(&list);
	strbuf_release(&xml);
	strbuf_release(&got);
}

/* A record of every status, as git results writes one. */
static void own_record(struct record *r)
{
	record_init(r);
	memcpy(r->commit, "07b5a7b4af6e76dbdb0c183200b1b597d9f8b380", RECORD_HEXSZ + 1);
	memcpy(r->tree, "a5eb48bb75dc26863afb58cd3fc71f8ccf957b94", RECORD_HEXSZ + 1);
	record_set_origin(r, "ci");
	record_set_run(r, "r1");
	record_set_date(r, "2026-11-25T10:00:00Z");
	record_set_env(r, "arch", "x86_64");
	record_set_env(r, "toolchain", "gcc (Debian 14.2.0-19) 14.2.0");
	record_set_tester(r, "Jane Doe <jane@example.org>");
	record_add_link(r, "https://example.org/logs/r1");
	record_add_link(r, "https://example.org/reports/r1.html");
	record_add_test(r, "bench.done", STATUS_DONE, "42 ms");
	record_add_test(r, "bench.quiet", STATUS_DONE, NULL);
	record_add_test(r, "suite.err", STATUS_ERROR, NULL);
	record_add_test(r, "suite.sub.fail", STATUS_FAIL, "boom");
	record_add_test(r, "suite.sub.miss", STATUS_MISS, "gone");
	record_add_test(r, "suite.sub.pass", STATUS_PASS, NULL);
	record_add_test(r, "suite.sub.said", STATUS_PASS, "name \"suite.sub.said it\": took 1 ms");
	record_add_test(r, "skip", STATUS_SKIP, "not here");
	record_add_test(r, "skip", STATUS_SKIP, NULL);
	record_normalize(r);
}

static void own_document(struct strbuf *xml)
{
	struct record r;

	own_record(&r);
	junit_write_record(xml, &r);
	record_release(&r);
}

#define OWN_HEADER "commit=07b5a7b4af6e76dbdb0c183200b1b597d9f8b380 origin=ci run=r1" \
	" date=2026-11-25T10:00:00Z env.arch=x86_64 env.toolchain=gcc (Debian 14.2.0-19) 14.2.0" \
	" tester=Jane Doe <jane@example.org> link=https://example.org/logs/r1" \
	" link=https://example.org/reports/r1.html tests=0"

/* The writer's document, with the first `from` replaced by `to`. */
static void own_edited(struct strbuf *xml, const char *from, const char *to)
{
	struct strbuf doc = STRBUF_INIT;
	const char *at;

	own_document(&doc);
	at = strstr(doc.buf, from);
	if (!at)
		BUG("'%s' is not in the document", from);
	strbuf_reset(xml);
	strbuf_add(xml, doc.buf, (size_t)(at - doc.buf));
	strbuf_addstr(xml, to);
	strbuf_addstr(xml, at + strlen(from));
	strbuf_release(&doc);
}

/* Every status, every header field, both kinds of reason, read back. */
static void test_own_round_trip(void)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf xml = STRBUF_INIT;
	struct run_log log = { 0 };
	struct record r;

	own_record(&r);
	record_list_take(&list, &r);
	junit_write_list(&xml, &list);
	parse_runs(xml.buf, xml.len, &log);
	CHECK_INT(log.results.ret, 0);
	if (CHECK_INT(log.nr, 1))
		CHECK_STR(log.headers[0].buf, OWN_HEADER);
	check_same_tests(&log.results, &list, NULL);
	/* a test that appears twice keeps both lines, in order */
	if (CHECK_INT(log.results.nr, 9)) {
		CHECK_STR(log.results.v[2].path, "skip");
		CHECK_STR(log.results.v[2].reason, NULL);
		CHECK_STR(log.results.v[3].path, "skip");
		CHECK_STR(log.results.v[3].reason, "not here");
	}
	run_log_release(&log);

	/* a sink without runs still gets every test, under its own path */
	{
		struct results res = { 0 };

		parse_buf(&format_junit, xml.buf, xml.len, &res);
		CHECK_INT(res.ret, 0);
		check_same_tests(&res, &list, NULL);
		results_release(&res);
	}
	record_list_release(&list);
	strbuf_release(&xml);
}

/*
 * Only the root <testsuites name="git results"> marks a document git
 * results wrote; anything else is foreign JUnit, read as before.
 */
static void test_own_recognition(void)
{
	static const char *const foreign[] = {
		"<testsuites name=\"Git Results\"",
		"<testsuites name=\"git results \"",
		"<testsuites name=\"git-results\"",
		"<testsuites",
		"<testsuites nom=\"git results\"",
	};
	struct strbuf xml = STRBUF_INIT;
	struct run_log log = { 0 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(foreign); i++) {
		own_edited(&xml, "<testsuites name=\"git results\"", foreign[i]);
		parse_runs(xml.buf, xml.len, &log);
		CHECK_INT(log.results.ret, 0);
		CHECK_INT(log.nr, 0);
		check_result(&log.results, "ci_r1.suite.sub.pass", STATUS_PASS,
			     "name \"ci/r1.suite.sub.pass\"");
		check_result(&log.results, "ci_r1.suite.sub.miss", STATUS_ERROR,
			     "name \"ci/r1.suite.sub.miss\": gone");
		run_log_release(&log);
	}

	/* a <testsuite> root named so, and one below another root */
	parse_runs_str(J("<testsuite name=\"git results\"><testcase classname=\"a\" name=\"b\"/></testsuite>"),
		       &log);
	CHECK_INT(log.nr, 0);
	check_result(&log.results, "git_results.a.b", STATUS_PASS, "name \"git results.a.b\"");
	run_log_release(&log);
	parse_runs_str("<testsuites><testsuites name=\"git results\"><testsuite name=\"s\">"
		       "<testcase name=\"t\"/></testsuite></testsuites></testsuites>", &log);
	CHECK_INT(log.results.ret, 0);
	CHECK_INT(log.nr, 0);
	check_result(&log.results, "s.t", STATUS_PASS, NULL);
	run_log_release(&log);

	/* what may come before the root: a byte order mark, comments, a DTD */
	own_edited(&xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
		   "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- CI -->\n"
		   "<!DOCTYPE testsuites [<!ELEMENT testsuites ANY>]>\n");
	parse_runs(xml.buf, xml.len, &log);
	CHECK_INT(log.results.ret, 0);
	if (CHECK_INT(log.nr, 1))
		CHECK_STR(log.headers[0].buf, OWN_HEADER);
	CHECK_INT(log.results.nr, 9);
	run_log_release(&log);

	/* no records at all; a record without tests */
	parse_runs_str(J("<testsuites name=\"git results\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\"/>"),
		       &log);
	CHECK_INT(log.results.ret, 0);
	CHECK_INT(log.nr + log.results.nr, 0);
	run_log_release(&log);
	{
		struct record empty;

		record_init(&empty);
		record_set_origin(&empty, "lkft");
		record_set_run(&empty, "boot-4711");
		record_set_date(&empty, "2026-11-25T11:30:00Z");
		record_normalize(&empty);
		strbuf_reset(&xml);
		junit_write_record(&xml, &empty);
		record_release(&empty);
	}
	parse_runs(xml.buf, xml.len, &log);
	CHECK_INT(log.results.ret, 0);
	if (CHECK_INT(log.nr, 1))
		CHECK_STR(log.headers[0].buf, "origin=lkft run=boot-4711 date=2026-11-25T11:30:00Z tests=0");
	CHECK_INT(log.results.nr, 0);
	run_log_release(&log);
	strbuf_release(&xml);
}

/*
 * What other tools add to a document, and what the writer writes but
 * nobody needs back, changes nothing.
 */
static void test_own_additions(void)
{
	static const struct {
		const char *from, *to;
	} edits[] = {
		/* the suite's name and timestamp are not read: the properties say it */
		{ "<testsuite name=\"ci/r1\"", "<testsuite name=\"renamed by CI\" hostname=\"h\" time=\"1.5\"" },
		{ "timestamp=\"2026-11-25T10:00:00Z\"", "timestamp=\"yesterday\"" },
		{ "<property name=\"tree\" value=\"a5eb48bb75dc26863afb58cd3fc71f8ccf957b94\"/>",
		  "<property name=\"tree\" value=\"not read\"/><property name=\"ci.job\" value=\"42\"/>" },
		{ "<testsuite ", "<properties><property name=\"x\" value=\"y\"/></properties>\n<testsuite " },
		{ "<testcase classname=\"suite.sub\" name=\"pass\"/>",
		  "<testcase classname=\"suite.sub\" name=\"pass\" time=\"0.1\"><system-err>noise</system-err>"
		  "<flakyFailure message=\"once\"/><rerunFailure/></testcase>" },
		{ "<system-out>42 ms</system-out>",
		  "<system-out><![CDATA[42]]>&#32;m<x>not this</x>s</system-out>" },
		{ "</testsuite>", "<system-out>suite output</system-out><unknown><testcase name=\"no\"/></unknown></testsuite>" },
	};
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf xml = STRBUF_INIT;
	struct run_log log = { 0 };
	struct record r;
	size_t i;

	own_record(&r);
	record_list_take(&list, &r);
	for (i = 0; i < ARRAY_SIZE(edits); i++) {
		own_edited(&xml, edits[i].from, edits[i].to);
		parse_runs(xml.buf, xml.len, &log);
		if (!CHECK_INT(log.results.ret, 0))
			printf("#   with '%s': %s\n", edits[i].to, log.results.err.buf);
		if (CHECK_INT(log.nr, 1))
			CHECK_STR(log.headers[0].buf, OWN_HEADER);
		check_same_tests(&log.results, &list, NULL);
		run_log_release(&log);
	}

	/* a commit is taken only where there is one */
	own_edited(&xml, "<property name=\"commit\" value=\"07b5a7b4af6e76dbdb0c183200b1b597d9f8b380\"/>", "");
	parse_runs(xml.buf, xml.len, &log);
	CHECK_INT(log.results.ret, 0);
	if (CHECK_INT(log.nr, 1))
		CHECK_STR(log.headers[0].buf, OWN_HEADER + strlen("commit=07b5a7b4af6e76dbdb0c183200b1b597d9f8b380 "));
	run_log_release(&log);
	record_list_release(&list);
	strbuf_release(&xml);
}

/* Reasons come back verbatim: no white space folded, nothing cut. */
static void test_own_reasons(void)
{
	struct record r;
	struct strbuf xml = STRBUF_INIT, long_reason = STRBUF_INIT;
	struct run_log log = { 0 };
	size_t i;

	for (i = 0; i < 300; i++)
		strbuf_addstr(&long_reason, "\xc3\xa9 ");
	strbuf_addstr(&long_reason, "end");
	record_init(&r);
	record_set_origin(&r, "ci");
	record_set_run(&r, "r");
	record_set_date(&r, "2026-11-25T10:00:00Z");
	record_add_test(&r, "a.spaces", STATUS_FAIL, "two  spaces,\xc2\xa0nbsp & <tags>");
	record_add_test(&r, "a.long", STATUS_SKIP, long_reason.buf);
	record_add_test(&r, "a.out", STATUS_PASS, "line  with  \"quotes\" and ]]> end");
	record_add_test(&r, "a.type", STATUS_ERROR, "ERROR");
	record_normalize(&r);
	junit_write_record(&xml, &r);
	parse_runs(xml.buf, xml.len, &log);
	CHECK_INT(log.results.ret, 0);
	check_result(&log.results, "a.spaces", STATUS_FAIL, "two  spaces,\xc2\xa0nbsp & <tags>");
	check_result(&log.results, "a.long", STATUS_SKIP, long_reason.buf);
	check_result(&log.results, "a.out", STATUS_PASS, "line  with  \"quotes\" and ]]> end");
	check_result(&log.results, "a.type", STATUS_ERROR, "ERROR");
	run_log_release(&log);
	record_release(&r);
	strbuf_release(&xml);
	strbuf_release(&long_reason);
}

/* A document that says git results wrote it, but is not as it writes one. */
static void test_own_damaged(void)
{
	static const struct {
		const char *from, *to, *err;
	} damage[] = {
		{ "<property name=\"origin\" value=\"ci\"/>", "",
		  "line 16: testsuite 'ci/r1' of a git results document has no origin property" },
		{ "<property name=\"run\" value=\"r1\"/>", "",
		  "line 16: testsuite 'ci/r1' of a git results document has no run property" },
		{ "<property name=\"date\" value=\"2026-11-25T10:00:00Z\"/>", "",
		  "line 16: testsuite 'ci/r1' of a git results document has no date property" },
		{ "<property name=\"status\" value=\"FAIL\"/>", "",
		  "line 16: testsuite 'ci/r1' of a git results document has no status property" },
		{ "<property name=\"run\" value=\"r1\"/>",
		  "<property name=\"run\" value=\"r1\"/><property name=\"run\" value=\"r2\"/>",
		  "line 8: testsuite 'ci/r1' has two run properties" },
		{ "<property name=\"env.arch\" value=\"x86_64\"/>",
		  "<property name=\"env.arch\" value=\"x86_64\"/><property name=\"env.arch\" value=\"arm64\"/>",
		  "line 10: testsuite 'ci/r1' has two env.arch properties" },
		{ "value=\"07b5a7b4af6e76dbdb0c183200b1b597d9f8b380\"", "value=\"07B5A7B4AF6E76DBDB0C183200B1B597D9F8B380\"",
		  "line 5: property commit '07B5A7B4AF6E76DBDB0C183200B1B597D9F8B380' of testsuite 'ci/r1' is not a commit id" },
		{ "<property name=\"status\" value=\"FAIL\"/>", "<property name=\"status\" value=\"fail\"/>",
		  "line 15: property status 'fail' of testsuite 'ci/r1' is not a status" },
		{ "<property name=\"link\" value=\"https://example.org/logs/r1\"/>", "<property name=\"link\"/>",
		  "line 13: a property without a name or a value in testsuite 'ci/r1'" },
		{ "</properties>", "</properties><properties/>",
		  "line 16: testsuite 'ci/r1' has a second <properties>" },
		{ "<testcase classname=\"bench\" name=\"done\">",
		  "<testsuite name=\"inner\"/><testcase classname=\"bench\" name=\"done\">",
		  "line 17: <testsuite> in <testsuite> is not where git results writes it" },
		{ "  <testsuite name=\"ci/r1\"", "<testcase name=\"loose\"/><testsuite name=\"ci/r1\"",
		  "line 3: <testcase> in <testsuites> is not where git results writes it" },
		{ "</testsuite>", "<error message=\"teardown\"/></testsuite>",
		  "line 47: <error> in <testsuite> is not where git results writes it" },
		{ "<testcase classname=\"suite.sub\" name=\"pass\"/>",
		  "<testcase classname=\"suite.sub\" name=\"pass\"><testcase name=\"x\"/></testcase>",
		  "line 43: <testcase> in <testcase> is not where git results writes it" },
		{ "<testcase classname=\"suite.sub\" name=\"pass\"/>", "<testcase classname=\"suite.sub\" name=\"pass it\"/>",
		  "line 43: testcase 'suite.sub.pass it' in testsuite 'ci/r1' is not a record path" },
		{ "<testcase classname=\"suite.sub\" name=\"pass\"/>", "<testcase classname=\"suite.sub\"/>",
		  "line 43: testcase 'suite.sub.' in testsuite 'ci/r1' is not a record path" },
		{ "<testcase classname=\"suite.sub\" name=\"pass\"/>", "<testcase classname=\"\" name=\"pass\"/>",
		  "line 43: testcase '.pass' in testsuite 'ci/r1' is not a record path" },
		{ "<failure type=\"FAIL\" message=\"boom\"/>", "<failure type=\"FAIL\" message=\"boom\"/><skipped/>",
		  "line 38: testcase 'suite.sub.fail' has more than one result" },
		{ "<failure type=\"FAIL\" message=\"boom\"/>", "<failure message=\"boom\"/>",
		  "line 38: testcase 'suite.sub.fail' has a <failure> of type '', not FAIL" },
		{ "<error type=\"MISS\"", "<error type=\"java.io.IOException\"",
		  "line 41: testcase 'suite.sub.miss' has a <error> of type 'java.io.IOException', not ERROR or MISS" },
		{ "<failure type=\"FAIL\" message=\"boom\"/>",
		  "<properties><property name=\"status\" value=\"DONE\"/></properties><failure type=\"FAIL\" message=\"boom\"/>",
		  "line 39: testcase 'suite.sub.fail' has the status property DONE and a result element" },
		{ "<property name=\"status\" value=\"DONE\"/>\n      </properties>\n      <system-out>42",
		  "<property name=\"status\" value=\"PASS\"/>\n      </properties>\n      <system-out>42",
		  "line 19: testcase 'bench.done' has the status property 'PASS', not DONE" },
		/* a test case deleted, a status changed, a count missing */
		{ "<testcase classname=\"suite.sub\" name=\"pass\"/>", "",
		  "line 47: the status or counts of testsuite 'ci/r1' do not match its test cases" },
		{ "<failure type=\"FAIL\" message=\"boom\"/>", "<skipped message=\"boom\"/>",
		  "line 47: the status or counts of testsuite 'ci/r1' do not match its test cases" },
		{ "<testsuite name=\"ci/r1\" tests=\"9\"", "<testsuite name=\"ci/r1\"",
		  "line 47: the status or counts of testsuite 'ci/r1' do not match its test cases" },
		{ "<testsuite name=\"ci/r1\" tests=\"9\"", "<testsuite name=\"ci/r1\" tests=\"09\"",
		  "line 47: the status or counts of testsuite 'ci/r1' do not match its test cases" },
		{ "<testsuites name=\"git results\" tests=\"9\"", "<testsuites name=\"git results\" tests=\"10\"",
		  "line 48: the counts of <testsuites> do not match its test cases" },
	};
	struct strbuf xml = STRBUF_INIT;
	struct run_log log = { 0 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(damage); i++) {
		own_edited(&xml, damage[i].from, damage[i].to);
		parse_runs(xml.buf, xml.len, &log);
		CHECK_INT(log.results.ret, -1);
		if (!CHECK_STR(log.results.err.buf, damage[i].err))
			printf("#   with '%s'\n", damage[i].to);
		run_log_release(&log);
	}

	/* no properties at all; properties after the tests */
	parse_runs_str(J("<testsuites name=\"git results\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
			 "<testsuite name=\"s\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
			 "<testcase name=\"a\"/></testsuite></testsuites>"), &log);
	CHECK_INT(log.results.ret, -1);
	CHECK_STR(log.results.err.buf, "line 4: testsuite 's' of a git results document has no origin property");
	run_log_release(&log);
	parse_runs_str(J("<testsuites name=\"git results\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
			 "<testsuite name=\"s\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
			 "<testcase name=\"a\"/>\n"
			 "<properties><property name=\"origin\" value=\"ci\"/><property name=\"run\" value=\"s\"/>"
			 "<property name=\"date\" value=\"2026-11-25T10:00:00Z\"/>"
			 "<property name=\"status\" value=\"PASS\"/></properties>\n"
			 "</testsuite></testsuites>"), &log);
	CHECK_INT(log.results.ret, -1);
	CHECK_STR(log.results.err.buf, "line 4: testsuite 's' of a git results document has no origin property");
	CHECK_INT(log.nr + log.results.nr, 0);
	run_log_release(&log);

	/* a reason longer than any a reader makes */
	{
		struct strbuf big = STRBUF_INIT;

		strbuf_addstr(&big, "<system-out>");
		strbuf_grow(&big, (1 << 20) + 16);
		memset(big.buf + big.len, 'x', (1 << 20) + 1);
		strbuf_setlen(&big, big.len + (1 << 20) + 1);
		own_edited(&xml, "<system-out>", big.buf);
		parse_runs(xml.buf, xml.len, &log);
		CHECK_INT(log.results.ret, -1);
		CHECK_STR(log.results.err.buf,
			  "line 21: the reason of testcase 'bench.done' is longer than 1 MiB");
		run_log_release(&log);
		strbuf_reset(&big);
		strbuf_addstr(&big, "message=\"");
		strbuf_grow(&big, (1 << 20) + 16);
		memset(big.buf + big.len, 'x', (1 << 20) + 1);
		strbuf_setlen(&big, big.len + (1 << 20) + 1);
		strbuf_addch(&big, '"');
		own_edited(&xml, "message=\"boom\"", big.buf);
		parse_runs(xml.buf, xml.len, &log);
		CHECK_INT(log.results.ret, -1);
		CHECK_STR(log.results.err.buf,
			  "line 38: the reason of testcase 'suite.sub.fail' is longer than 1 MiB");
		run_log_release(&log);
		strbuf_release(&big);
	}
	strbuf_release(&xml);
}

/* A sink's non-zero return stops the parse, from a run as from a test. */
static void test_own_sink_stops(void)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf xml = STRBUF_INIT;
	struct run_log log = { 0 };
	struct record r;

	own_record(&r);
	record_list_take(&list, &r);
	own_record(&r);
	record_set_run(&r, "r2");
	record_list_take(&list, &r);
	junit_write_list(&xml, &list);

	log.stop_at_run = 2;
	parse_runs(xml.buf, xml.len, &log);
	CHECK_INT(log.results.ret, 8);
	CHECK_INT(log.nr, 2);
	CHECK_INT(log.results.nr, 9);
	run_log_release(&log);

	log.results.stop_after = 3;
	parse_runs(xml.buf, xml.len, &log);
	CHECK_INT(log.results.ret, 7);
	CHECK_INT(log.results.nr, 3);
	run_log_release(&log);

	parse_runs(xml.buf, xml.len, &log);
	CHECK_INT(log.results.ret, 0);
	if (CHECK_INT(log.nr, 2))
		CHECK(strstr(log.headers[1].buf, " run=r2 ") && strstr(log.headers[1].buf, " tests=9"));
	check_result(&log.results, "suite.sub.fail", STATUS_FAIL, "boom");
	CHECK_INT(log.results.nr, 18);
	run_log_release(&log);
	record_list_release(&list);
	strbuf_release(&xml);
}

int main(void)
{
	test_structure();
	test_statuses();
	test_reruns();
	test_original_names();
	test_suite_errors();
	test_reason_limits();
	test_entities();
	test_bad_documents();
	test_large();
	test_detect();
	test_writer();
	test_own_round_trip();
	test_own_recognition();
	test_own_additions();
	test_own_reasons();
	test_own_damaged();
	test_own_sink_stops();
	return unit_done();
}
