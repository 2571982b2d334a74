#include "lib/date.h"

#include <string.h>

#define SECONDS_PER_DAY 86400LL

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads exactly `n` decimal digits; the caller has checked that `n` bytes are there. */
static int digits(const char *s, size_t n, int *out)
{
	size_t i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return 0;
		*out = *out * 10 + (s[i] - '0');
	}
	return 1;
}

static int is_leap_year(int year)
{
	return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

static int days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

/*
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar, and
 * back: Howard Hinnant's algorithms, exact for every year, with no
 * time_t or time zone in the way.
 */
static long long days_from_civil(int year, int month, int day)
{
	long long y = year - (month <= 2), era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, int *year, int *month, int *day)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(yoe + era * 400 + (*month <= 2));
}

/*
 * "YYYY-MM-DD" <separator> "hh:mm:ss", the first 19 bytes of every form
 * read here, with each field in its range.
 */
static int parse_date_time(const char *s, size_t len, const char *separators, long long *out)
{
	int year, month, day, hour, minute, second;

	if (len < 19 || !digits(s, 4, &year) || s[4] != '-' || !digits(s + 5, 2, &month) ||
	    s[7] != '-' || !digits(s + 8, 2, &day) || !s[10] || !strchr(separators, s[10]) ||
	    !digits(s + 11, 2, &hour) || s[13] != ':' || !digits(s + 14, 2, &minute) ||
	    s[16] != ':' || !digits(s + 17, 2, &second))
		return -1;
	if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) ||
	    hour > 23 || minute > 59 || second > 60)
		return -1;
	*out = days_from_civil(year, month, day) * SECONDS_PER_DAY + hour * 3600 +
		minute * 60 + second;
	return 0;
}

static int parse_rfc3339(const char *s, size_t len, const char *separators, long long *out)
{
	long long t;
	size_t i = 19;
	int hours, minutes;

	if (parse_date_time(s, len, separators, &t))
		return -1;
	if (i < len && s[i] == '.') {
		size_t start = ++i;

		while (i < len && is_digit(s[i]))
			i++;
		if (i == start)
			return -1;
	}
	if (i + 1 == len && (s[i] == 'Z' || s[i] == 'z')) {
		;
	} else if (i + 6 == len && (s[i] == '+' || s[i] == '-') && digits(s + i + 1, 2, &hours) &&
		   s[i + 3] == ':' && digits(s + i + 4, 2, &minutes) && hours <= 23 && minutes <= 59) {
		long long offset = hours * 3600 + minutes * 60;

		t -= s[i] == '+' ? offset : -offset;
	} else {
		return -1;
	}
	if (out)
		*out = t;
	return 0;
}

int date_parse_rfc3339(const char *s, size_t len, long long *out)
{
	return parse_rfc3339(s, len, "Tt", out);
}

int date_is_rfc3339(const char *s, size_t len)
{
	return !parse_rfc3339(s, len, "Tt", NULL);
}

int date_parse_utc(const char *s, long long *out)
{
	long long t;

	if (strlen(s) != 20 || parse_date_time(s, 20, "T", &t) || s[19] != 'Z')
		return -1;
	if (out)
		*out = t;
	return 0;
}

int date_parse_user(const char *s, long long *out)
{
	if (*s == '@') {
		const char *p = s + 1;
		int negative = *p == '-';
		long long t = 0;

		if (*p == '-' || *p == '+')
			p++;
		if (!*p)
			return -1;
		/* 15 digits are far past year 9999, and far from overflowing */
		for (; *p; p++) {
			if (!is_digit(*p) || t >= 100000000000000LL)
				return -1;
			t = t * 10 + (*p - '0');
		}
		*out = negative ? -t : t;
		return 0;
	}
	return parse_rfc3339(s, strlen(s), "Tt ", out);
}

/* Splits `t` into its date and time of day; -1 outside the years 0000-9999. */
static int split_time(long long t, int *year, int *month, int *day, long long *days, int *second_of_day)
{
	long long first = days_from_civil(0, 1, 1) * SECONDS_PER_DAY;
	long long last = days_from_civil(9999, 12, 31) * SECONDS_PER_DAY + SECONDS_PER_DAY - 1;

	if (t < first || t > last)
		return -1;
	*days = t / SECONDS_PER_DAY;
	*second_of_day = (int)(t % SECONDS_PER_DAY);
	if (*second_of_day < 0) {
		*second_of_day += SECONDS_PER_DAY;
		(*days)--;
	}
	civil_from_days(*days, year, month, day);
	return 0;
}

int date_format_utc(struct strbuf *out, long long t)
{
	int year, month, day, second_of_day;
	long long days;

	if (split_time(t, &year, &month, &day, &days, &second_of_day))
		return -1;
	strbuf_addf(out, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, second_of_day / 3600,
		    second_of_day / 60 % 60, second_of_day % 60);
	return 0;
}

int date_format_rfc2822(struct strbuf *out, long long t)
{
	static const char *const weekdays[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int year, month, day, second_of_day, weekday;
	long long days;

	if (split_time(t, &year, &month, &day, &days, &second_of_day))
		return -1;
	/* 1970-01-01 was a Thursday */
	weekday = (int)((days % 7 + 11) % 7);
	strbuf_addf(out, "%s, %d %s %04d %02d:%02d:%02d +0000", weekdays[weekday], day,
		    months[month - 1], year, second_of_day / 3600, second_of_day / 60 % 60,
		    second_of_day % 60);
	return 0;
}
