/*
 * Unit tests for measurements: the canonical number text, units, and
 * test lines that carry a measurement, in records of version 2.
 */
#include "t/unit/unit.h"
#include "lib/metric.h"
#include "lib/record.h"
#include "lib/usage.h"

#include <math.h>
#include <stdlib.h>

static const char *fmt(double v)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	metric_format_value(&sb, v);
	return sb.buf;
}

static void test_number_text(void)
{
	double v;

	CHECK_STR(fmt(0), "0");
	CHECK_STR(fmt(-0.0), "0");
	CHECK_STR(fmt(1), "1");
	CHECK_STR(fmt(-2.5), "-2.5");
	CHECK_STR(fmt(940.5), "940.5");
	CHECK_STR(fmt(0.1), "0.1");
	CHECK_STR(fmt(0.1 + 0.2), "0.30000000000000004");
	CHECK_STR(fmt(100), "100");
	CHECK_STR(fmt(123456789012345680000.0), "123456789012345680000");
	CHECK_STR(fmt(1e21), "1e+21");
	CHECK_STR(fmt(1.5e300), "1.5e+300");
	CHECK_STR(fmt(0.000001), "0.000001");
	CHECK_STR(fmt(1.6e-7), "1.6e-7");
	CHECK_STR(fmt(5e-324), "5e-324");
	CHECK_STR(fmt(9007199254740993.0), "9007199254740992");
	CHECK_STR(fmt(512000.0), "512000");

	CHECK_INT(metric_parse_value("940.50", 6, &v), 0);
	CHECK(v == 940.5);
	CHECK_INT(metric_parse_value("1E3", 3, &v), 0);
	CHECK(v == 1000);
	CHECK_INT(metric_parse_value("+1", 2, &v), -1);
	CHECK_INT(metric_parse_value("01", 2, &v), -1);
	CHECK_INT(metric_parse_value(".5", 2, &v), -1);
	CHECK_INT(metric_parse_value("1.", 2, &v), -1);
	CHECK_INT(metric_parse_value("1e999", 5, &v), -1);
	CHECK_INT(metric_parse_value("nan", 3, &v), -1);
	CHECK_INT(metric_parse_value("1,5", 3, &v), -1);
	CHECK_INT(metric_parse_value("", 0, &v), -1);
}

static void test_units(void)
{
	struct strbuf sb = STRBUF_INIT;

	CHECK(metric_unit_is_valid("Mbit/s", 6));
	CHECK(metric_unit_is_valid("\xc2\xb5s", 3));
	CHECK(!metric_unit_is_valid("a b", 3));
	CHECK(!metric_unit_is_valid("#", 1));
	CHECK(!metric_unit_is_valid("(x)", 3));
	CHECK(!metric_unit_is_valid("\xff", 1));
	CHECK(!metric_unit_is_valid("", 0));
	CHECK(metric_clean_unit(&sb, "  ops per (s)  "));
	CHECK_STR(sb.buf, "ops_per_s_");
	strbuf_reset(&sb);
	CHECK(!metric_clean_unit(&sb, " \t "));
	CHECK_STR(sb.buf, "");
	strbuf_release(&sb);
}

/*
 * metric_parse() of `tail`, from a buffer of exactly its length: a test
 * line's measurement is not NUL-terminated where it ends, and a read
 * past it is one AddressSanitizer reports.
 */
static void test_line(const char *tail, int ok, const char *again)
{
	struct record_metric m;
	struct strbuf sb = STRBUF_INIT;
	size_t len = strlen(tail);
	char *exact = xmalloc(len ? len : 1);
	int ret;

	memcpy(exact, tail, len);
	ret = metric_parse(&m, exact, len);
	free(exact);

	CHECK_INT(ret, ok ? 0 : -1);
	if (!ret) {
		metric_write(&sb, &m);
		CHECK_STR(sb.buf + 3, again);
		record_metric_release(&m);
	}
	strbuf_release(&sb);
}

static void test_metric_text(void)
{
	test_line("940.5 Mbit/s", 1, "940.5 Mbit/s");
	test_line("512000 B (binary)", 1, "512000 B (binary)");
	test_line("145000 (metric)", 1, "145000 (metric)");
	test_line("42", 1, "42");
	test_line("42.0 s", 1, "42 s");	/* read, but not canonical */
	test_line("42 s (decimal)", 0, NULL);
	test_line("42 s extra", 0, NULL);
	test_line("42 ", 0, NULL);
	test_line("42  s", 0, NULL);
	test_line("s 42", 0, NULL);
}

static const char with_metrics[] =
	"results 2\n"
	"origin lkp\n"
	"run r1\n"
	"date 2026-11-25T10:00:00Z\n"
	"status PASS\n"
	"counts FAIL=0 ERROR=0 MISS=0 PASS=2 DONE=1 SKIP=0\n"
	"\n"
	"PASS netperf.tcp\n"
	"PASS netperf.tcp = 940.5 Mbit/s # slow link\n"
	"DONE netperf.udp = 1.6e-7 s (metric)\n";

static void test_records(void)
{
	struct record_list list = RECORD_LIST_INIT;
	struct record r = RECORD_INIT;
	struct record_metric m = { 940.5, NULL, METRIC_PREFIX_NONE };
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	const char *bad[] = {
		/* a version 2 record without measurements is version 1 */
		"results 2\norigin a\nrun r\ndate 2026-11-25T10:00:00Z\nstatus PASS\n"
		"counts FAIL=0 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0\n\nPASS a\n",
		/* and version 1 has none */
		"results 1\norigin a\nrun r\ndate 2026-11-25T10:00:00Z\nstatus PASS\n"
		"counts FAIL=0 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0\n\nPASS a = 1\n",
		/* not the shortest number */
		"results 2\norigin a\nrun r\ndate 2026-11-25T10:00:00Z\nstatus PASS\n"
		"counts FAIL=0 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0\n\nPASS a = 1.0\n",
		"results 2\norigin a\nrun r\ndate 2026-11-25T10:00:00Z\nstatus PASS\n"
		"counts FAIL=0 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0\n\nPASS a = 1 s # \n",
		"results 3\norigin a\nrun r\ndate 2026-11-25T10:00:00Z\nstatus PASS\n"
		"counts FAIL=0 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0\n\nPASS a = 1\n",
	};
	size_t i;

	CHECK_INT(record_list_parse(&list, with_metrics, strlen(with_metrics), &err), 0);
	if (list.nr == 1) {
		record_list_write(&sb, &list);
		CHECK_STR(sb.buf, with_metrics);
		CHECK(list.items[0].tests[1].metric != NULL);
		CHECK_STR(list.items[0].tests[1].reason, "slow link");
		CHECK(list.items[0].tests[2].metric->prefix == METRIC_PREFIX_METRIC);
	}
	record_list_release(&list);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		strbuf_reset(&err);
		CHECK_INT(record_list_parse(&list, bad[i], strlen(bad[i]), &err), -1);
		CHECK_INT(list.nr, 0);
	}

	/* the version follows the tests */
	record_set_origin(&r, "a");
	record_set_run(&r, "r");
	record_set_date(&r, "2026-11-25T10:00:00Z");
	record_add_test(&r, "a", STATUS_PASS, NULL);
	record_normalize(&r);
	CHECK_INT(r.version, 1);
	record_add_test_metric(&r, "b", STATUS_PASS, NULL, &m);
	record_normalize(&r);
	CHECK_INT(r.version, 2);
	record_release(&r);
	strbuf_release(&sb);
	strbuf_release(&err);
}

int main(void)
{
	test_number_text();
	test_units();
	test_metric_text();
	test_records();
	return unit_done();
}
