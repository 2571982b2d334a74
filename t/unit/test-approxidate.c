/*
 * Unit tests for lib/approxidate: the dates `git results log --since`
 * and `--until` read.  Expected times are what `git rev-parse --since=...`
 * (git 2.39, TZ=UTC) printed for the same text at the same "now".
 */
#include "t/unit/unit.h"
#include "lib/approxidate.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOW 1796615393LL	/* 2026-12-07T03:49:53Z */

static long long approx(const char *s)
{
	long long t = -1;

	if (approxidate_parse(s, NOW, &t)) {
		printf("#   not read: '%s'\n", s);
		return -1;
	}
	return t;
}

static void check_bad(const char *s)
{
	long long t;

	if (!CHECK(approxidate_parse(s, NOW, &t) < 0))
		printf("#   read: '%s' as %lld\n", s, t);
}

static void test_absolute(void)
{
	CHECK_INT(approx("@1600000000"), 1600000000);
	CHECK_INT(approx("1600000000"), 1600000000);
	CHECK_INT(approx("2026-01-01T10:00:00Z"), 1767261600);
	CHECK_INT(approx("2026-01-01 10:00:00"), 1767261600);
	CHECK_INT(approx("2026-01-01T10:00:00"), 1767261600);
	CHECK_INT(approx("2026-01-01 10:00"), 1767261600);
	CHECK_INT(approx("2026-01-01 10:00:00 +0200"), 1767254400);
	CHECK_INT(approx("2026-01-01 10:00:00+02:00"), 1767254400);
	CHECK_INT(approx("2026-01-01T10:00:00.5-01:30"), 1767261600 + 5400);
	/* a date alone keeps the time of day of "now", as git's does */
	CHECK_INT(approx("2026-01-01"), 1767239393);
}

static void test_relative(void)
{
	CHECK_INT(approx("2 weeks ago"), NOW - 14 * 86400);
	CHECK_INT(approx("2.weeks"), NOW - 14 * 86400);
	CHECK_INT(approx("3.days.ago"), NOW - 3 * 86400);
	CHECK_INT(approx("1 day 2 hours ago"), NOW - 86400 - 7200);
	CHECK_INT(approx("1 hour ago"), NOW - 3600);
	CHECK_INT(approx("90 seconds ago"), NOW - 90);
	CHECK_INT(approx("yesterday"), NOW - 86400);
	CHECK_INT(approx("now"), NOW);
	/* months and years on the calendar: 2026-11-07, 2024-12-07, 2025-10-07 */
	CHECK_INT(approx("1 month ago"), 1794023393);
	CHECK_INT(approx("2 years ago"), 1733543393);
	CHECK_INT(approx("1 year 2 months ago"), 1759808993);
}

static void test_bad(void)
{
	check_bad("");
	check_bad("garbage");
	check_bad("12345678");
	check_bad("@");
	check_bad("@12x");
	check_bad("2026-13-01");
	check_bad("2026-01-32");
	check_bad("2026-01-01 25:00");
	check_bad("2026-01-01 10:60");
	check_bad("2026-01-01 10:00:00 +2500");
	check_bad("2026-01-01 junk");
	check_bad("2 fortnights ago");
	check_bad("2 weeksago");
	check_bad("ago");
	check_bad("2 weeks ago ago");
	check_bad("last friday");
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_absolute();
	test_relative();
	test_bad();
	return unit_done();
}
