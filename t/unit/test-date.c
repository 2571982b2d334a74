/*
 * Unit tests for lib/date: the one reading of RFC 3339 in git results,
 * the record's canonical UTC form, the user's --date, and the mail date.
 * Expected times were checked against `date -u -d ... +%s` (GNU date).
 */
#include "t/unit/unit.h"
#include "lib/date.h"

static long long rfc3339(const char *s)
{
	long long t = -1;

	if (date_parse_rfc3339(s, strlen(s), &t)) {
		printf("#   not read: '%s'\n", s);
		return -1;
	}
	return t;
}

static void check_bad(const char *s)
{
	long long t;

	if (!CHECK(date_parse_rfc3339(s, strlen(s), &t) < 0))
		printf("#   read: '%s'\n", s);
	else if (!CHECK(!date_is_rfc3339(s, strlen(s))))
		printf("#   valid: '%s'\n", s);
}

static const char *utc(long long t)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	if (date_format_utc(&sb, t))
		return NULL;
	return sb.buf;
}

static void test_rfc3339(void)
{
	CHECK_INT(rfc3339("1970-01-01T00:00:00Z"), 0);
	CHECK_INT(rfc3339("2026-11-25T10:00:00Z"), 1795600800);
	CHECK_INT(rfc3339("1969-12-31T23:59:59Z"), -1);
	CHECK_INT(rfc3339("0000-01-01T00:00:00Z"), -62167219200LL);
	CHECK_INT(rfc3339("9999-12-31T23:59:59Z"), 253402300799LL);

	/* lower-case "t" and "z" (RFC 3339 section 5.6, NOTE) */
	CHECK_INT(rfc3339("2026-11-25t10:00:00z"), 1795600800);

	/* offsets: the time is local, the offset says how far from UTC */
	CHECK_INT(rfc3339("2026-11-25T11:00:00+01:00"), 1795600800);
	CHECK_INT(rfc3339("2026-11-25T04:30:00-05:30"), 1795600800);
	CHECK_INT(rfc3339("2026-11-25T10:00:00-00:00"), 1795600800);
	CHECK_INT(rfc3339("2026-11-26T09:59:00+23:59"), 1795600800);
	CHECK_INT(rfc3339("2026-11-25T00:30:00+01:00"), 1795564800 - 1800);
	check_bad("2026-11-25T10:00:00+24:00");
	check_bad("2026-11-25T10:00:00+01:60");
	check_bad("2026-11-25T10:00:00+0100");
	check_bad("2026-11-25T10:00:00+01");
	check_bad("2026-11-25T10:00:00+1:00");
	check_bad("2026-11-25T10:00:00 +01:00");
	check_bad("2026-11-25T10:00:00");

	/* fractions are dropped, and need a digit */
	CHECK_INT(rfc3339("2026-11-25T10:00:00.5Z"), 1795600800);
	CHECK_INT(rfc3339("2026-11-25T10:00:00.999999999+01:00"), 1795600800 - 3600);
	CHECK_INT(rfc3339("2026-11-25t10:00:00.1-05:30"), 1795600800 + 19800);
	check_bad("2026-11-25T10:00:00.Z");
	check_bad("2026-11-25T10:00:00,5Z");
	check_bad("2026-11-25T10:00:00.5");

	/* leap years: every 4, not every 100, every 400 */
	CHECK_INT(rfc3339("2024-02-29T00:00:00Z"), 1709164800);
	CHECK_INT(rfc3339("2000-02-29T00:00:00Z"), 951782400);
	check_bad("2023-02-29T00:00:00Z");
	check_bad("1900-02-29T00:00:00Z");
	check_bad("2024-02-30T00:00:00Z");
	CHECK_INT(rfc3339("2024-03-01T00:00:00Z"), 1709164800 + 86400);

	/* a leap second is the first second of the next minute, as in POSIX time */
	CHECK_INT(rfc3339("2016-12-31T23:59:60Z"), 1483228800);
	CHECK_INT(rfc3339("2024-02-29T23:59:60Z"), 1709251200);
	check_bad("2016-12-31T23:59:61Z");

	/* out-of-range fields */
	check_bad("2026-00-25T10:00:00Z");
	check_bad("2026-13-01T00:00:00Z");
	check_bad("2026-11-00T10:00:00Z");
	check_bad("2026-11-31T10:00:00Z");
	check_bad("2026-01-32T10:00:00Z");
	check_bad("2026-11-25T24:00:00Z");
	check_bad("2026-11-25T10:60:00Z");

	/* shapes: exact digits, the right separators */
	check_bad("2026-1-25T10:00:00Z");
	check_bad("26-11-25T10:00:00Z");
	check_bad("+2026-11-25T10:00:00Z");
	check_bad("2026/11/25T10:00:00Z");
	check_bad("2026-11-25 10:00:00Z");	/* strict: only --date takes a space */
	check_bad("2026-11-25_10:00:00Z");
	check_bad("2026-11-25T10.00.00Z");
	check_bad("2026-11-25T1:00:00Z");
	check_bad("2026-11-25T10:00:00ZZ");
	check_bad("2026-11-25T10:00:00Z ");
	check_bad(" 2026-11-25T10:00:00Z");
	check_bad("2026-11-2aT10:00:00Z");
	check_bad("");
	check_bad("yesterday");
	check_bad("2026-11-25");

	/* truncated: no prefix of a date-time is one */
	{
		static const char full[] = "2026-11-25T10:00:00.25+01:00";
		size_t len;
		int bad = 0;

		for (len = 0; len < sizeof(full) - 1; len++)
			bad += date_is_rfc3339(full, len);
		CHECK_INT(bad, 0);
		CHECK(date_is_rfc3339(full, sizeof(full) - 1));
	}
	/* the length is the end, not a NUL: a NUL inside is garbage */
	CHECK(!date_is_rfc3339("2026-11-25T10:00:00Z\0", 21));
	CHECK(!date_is_rfc3339("2026-11-25\0" "10:00:00Z", 20));
	CHECK(date_parse_rfc3339("2026-11-25T10:00:00Z", 20, NULL) == 0);
}

static void test_utc_form(void)
{
	long long t = 0;

	CHECK_INT(date_parse_utc("2026-11-25T10:00:00Z", &t), 0);
	CHECK_INT(t, 1795600800);
	CHECK_INT(date_parse_utc("2024-02-29T23:59:60Z", NULL), 0);
	CHECK_INT(date_parse_utc("2026-11-25t10:00:00Z", NULL), -1);
	CHECK_INT(date_parse_utc("2026-11-25T10:00:00z", NULL), -1);
	CHECK_INT(date_parse_utc("2026-11-25T10:00:00.5Z", NULL), -1);
	CHECK_INT(date_parse_utc("2026-11-25T10:00:00+00:00", NULL), -1);
	CHECK_INT(date_parse_utc("2026-11-25T10:00:00Zjunk", NULL), -1);
	CHECK_INT(date_parse_utc("2026-11-25T10:00:00", NULL), -1);
	CHECK_INT(date_parse_utc("2026-13-45T99:99:99Z", NULL), -1);
	CHECK_INT(date_parse_utc("2023-02-29T10:00:00Z", NULL), -1);
	CHECK_INT(date_parse_utc("", NULL), -1);

	CHECK_STR(utc(0), "1970-01-01T00:00:00Z");
	CHECK_STR(utc(1795600800), "2026-11-25T10:00:00Z");
	CHECK_STR(utc(-1), "1969-12-31T23:59:59Z");
	CHECK_STR(utc(951868799), "2000-02-29T23:59:59Z");
	CHECK_STR(utc(-62167219200LL), "0000-01-01T00:00:00Z");
	CHECK_STR(utc(253402300799LL), "9999-12-31T23:59:59Z");
	CHECK_STR(utc(-62167219201LL), NULL);
	CHECK_STR(utc(253402300800LL), NULL);

	/* every day of four centuries survives the round trip */
	{
		long long day, got;
		int bad = 0;

		for (day = -200000; day < 200000; day += 7) {
			const char *s = utc(day * 86400 + 86399);

			if (!s || date_parse_utc(s, &got) || got != day * 86400 + 86399)
				bad++;
		}
		CHECK_INT(bad, 0);
	}
}

static void test_user(void)
{
	long long t = 0;

	CHECK_INT(date_parse_user("@0", &t), 0);
	CHECK_INT(t, 0);
	CHECK_INT(date_parse_user("@1795600800", &t), 0);
	CHECK_INT(t, 1795600800);
	CHECK_INT(date_parse_user("@-86400", &t), 0);
	CHECK_INT(t, -86400);
	CHECK_INT(date_parse_user("@+5", &t), 0);
	CHECK_INT(t, 5);
	CHECK_INT(date_parse_user("@", &t), -1);
	CHECK_INT(date_parse_user("@-", &t), -1);
	CHECK_INT(date_parse_user("@12x", &t), -1);
	CHECK_INT(date_parse_user("@ 12", &t), -1);
	CHECK_INT(date_parse_user("@99999999999999999999999", &t), -1);

	CHECK_INT(date_parse_user("2026-11-25T10:00:00Z", &t), 0);
	CHECK_INT(t, 1795600800);
	CHECK_INT(date_parse_user("2026-11-25 11:00:00+01:00", &t), 0);
	CHECK_INT(t, 1795600800);
	CHECK_INT(date_parse_user("2026-11-25t10:00:00.5z", &t), 0);
	CHECK_INT(t, 1795600800);
	CHECK_INT(date_parse_user("2026-02-30T10:00:00Z", &t), -1);
	CHECK_INT(date_parse_user("2026-1-5T10:00:00Z", &t), -1);
	CHECK_INT(date_parse_user("2026-11-25  10:00:00Z", &t), -1);
	CHECK_INT(date_parse_user("yesterday", &t), -1);
	CHECK_INT(date_parse_user("", &t), -1);
}

static void test_rfc2822(void)
{
	struct strbuf sb = STRBUF_INIT;

	CHECK_INT(date_format_rfc2822(&sb, 1795600800), 0);
	CHECK_STR(sb.buf, "Wed, 25 Nov 2026 10:00:00 +0000");
	strbuf_reset(&sb);
	CHECK_INT(date_format_rfc2822(&sb, 0), 0);
	CHECK_STR(sb.buf, "Thu, 1 Jan 1970 00:00:00 +0000");
	strbuf_reset(&sb);
	CHECK_INT(date_format_rfc2822(&sb, -1), 0);
	CHECK_STR(sb.buf, "Wed, 31 Dec 1969 23:59:59 +0000");
	strbuf_reset(&sb);
	CHECK_INT(date_format_rfc2822(&sb, 951782400), 0);
	CHECK_STR(sb.buf, "Tue, 29 Feb 2000 00:00:00 +0000");
	strbuf_reset(&sb);
	CHECK_INT(date_format_rfc2822(&sb, 253402300800LL), -1);
	CHECK_STR(sb.buf, "");
	strbuf_release(&sb);
}

int main(void)
{
	test_rfc3339();
	test_utc_form();
	test_user();
	test_rfc2822();
	return unit_done();
}
