#include "lib/approxidate.h"
#include "lib/date.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *skip_separators(const char *p)
{
	while (*p == ' ' || *p == '.' || *p == ',' || *p == '\t')
		p++;
	return p;
}

/* Reads `n` digits exactly; returns the end, or NULL. */
static const char *read_digits(const char *p, int n, int *out)
{
	*out = 0;
	while (n--) {
		if (!isdigit((unsigned char)*p))
			return NULL;
		*out = *out * 10 + (*p++ - '0');
	}
	return p;
}

/* "Z", "+hhmm", "+hh:mm" or "+hh" (and '-'): the offset east of UTC in seconds. */
static const char *read_offset(const char *p, long long *out)
{
	int sign, hh, mm = 0;

	if (*p == 'Z' || *p == 'z') {
		*out = 0;
		return p + 1;
	}
	if (*p != '+' && *p != '-')
		return NULL;
	sign = *p++ == '-' ? -1 : 1;
	if (!(p = read_digits(p, 2, &hh)))
		return NULL;
	if (*p == ':')
		p++;
	if (isdigit((unsigned char)*p) && !(p = read_digits(p, 2, &mm)))
		return NULL;
	if (hh > 23 || mm > 59)
		return NULL;
	*out = sign * (hh * 3600LL + mm * 60);
	return p;
}

/*
 * An ISO date with an optional time and offset.  A missing time of day
 * is the current one and a missing offset the local zone, as in git.
 */
static int parse_iso(const char *s, long long now, long long *out)
{
	int year, month, day, hour = 0, minute = 0, second = 0, have_time = 0;
	long long offset = 0;
	int have_offset = 0;
	const char *p;
	struct tm tm;
	time_t t;

	if (!(p = read_digits(s, 4, &year)) || *p++ != '-' || !(p = read_digits(p, 2, &month)) ||
	    *p++ != '-' || !(p = read_digits(p, 2, &day)))
		return -1;
	if ((*p == ' ' || *p == 'T' || *p == 't') && isdigit((unsigned char)p[1])) {
		p++;
		if (!(p = read_digits(p, 2, &hour)) || *p++ != ':' || !(p = read_digits(p, 2, &minute)))
			return -1;
		if (*p == ':' && !(p = read_digits(p + 1, 2, &second)))
			return -1;
		if (*p == '.')	/* fractions of a second are dropped */
			for (p++; isdigit((unsigned char)*p); p++)
				;
		have_time = 1;
	}
	if (*p == ' ' && (p[1] == '+' || p[1] == '-'))
		p++;
	if (*p && have_time) {
		if (!(p = read_offset(p, &offset)))
			return -1;
		have_offset = 1;
	}
	if (*p || month < 1 || month > 12 || day < 1 || day > 31 ||
	    (have_time && (hour > 23 || minute > 59 || second > 60)))
		return -1;

	if (!have_time) {
		time_t n = (time_t)now;

		localtime_r(&n, &tm);
		hour = tm.tm_hour;
		minute = tm.tm_min;
		second = tm.tm_sec;
	}
	if (have_offset) {
		struct strbuf buf = STRBUF_INIT;
		int ret;

		strbuf_addf(&buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour, minute, second);
		ret = date_parse_rfc3339(buf.buf, buf.len, out);
		strbuf_release(&buf);
		*out -= offset;
		return ret;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = minute;
	tm.tm_sec = second;
	tm.tm_isdst = -1;
	if ((t = mktime(&tm)) == (time_t)-1)
		return -1;
	*out = (long long)t;
	return 0;
}

struct unit {
	const char *name;
	long long seconds;	/* 0: months, -1: years, counted on the calendar */
};

static const struct unit units[] = {
	{ "second", 1 }, { "minute", 60 }, { "hour", 3600 }, { "day", 86400 },
	{ "week", 7 * 86400 }, { "month", 0 }, { "year", -1 }, { NULL, 0 }
};

/* "<n> <unit>[s] ... [ago]", "yesterday", "now", in the local calendar. */
static int parse_relative(const char *s, long long now, long long *out)
{
	time_t n = (time_t)now;
	long long seconds = 0;
	int months = 0, any = 0;
	const char *p = skip_separators(s);
	struct tm tm;
	time_t t;

	while (*p) {
		const struct unit *u;
		char *end;
		long count = 1;
		size_t len;

		if (!strncmp(p, "ago", 3) && !isalpha((unsigned char)p[3])) {
			p = skip_separators(p + 3);
			if (*p || !any)
				return -1;
			break;
		}
		if (!strncmp(p, "now", 3) && !isalpha((unsigned char)p[3])) {
			p = skip_separators(p + 3);
			any = 1;
			continue;
		}
		if (!strncmp(p, "yesterday", 9) && !isalpha((unsigned char)p[9])) {
			seconds += 86400;
			p = skip_separators(p + 9);
			any = 1;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return -1;
		count = strtol(p, &end, 10);
		if (count < 0 || count > 100000)
			return -1;
		p = skip_separators(end);
		for (u = units; u->name; u++) {
			len = strlen(u->name);
			if (!strncmp(p, u->name, len))
				break;
		}
		if (!u->name)
			return -1;
		p += len;
		if (*p == 's')
			p++;
		if (isalpha((unsigned char)*p))
			return -1;
		if (u->seconds > 0)
			seconds += count * u->seconds;
		else
			months += (int)count * (u->seconds ? 12 : 1);
		p = skip_separators(p);
		any = 1;
	}
	if (!any)
		return -1;
	if (months) {
		localtime_r(&n, &tm);
		tm.tm_mon -= months;
		tm.tm_isdst = -1;
		if ((t = mktime(&tm)) == (time_t)-1)
			return -1;
		now = (long long)t;
	}
	*out = now - seconds;
	return 0;
}

int approxidate_parse(const char *s, long long now, long long *out)
{
	const char *p;

	if (!*s)
		return -1;
	if (*s == '@')
		return date_parse_user(s, out);
	for (p = s; isdigit((unsigned char)*p); p++)
		;
	if (!*p && p - s >= 9 && p - s <= 15) {
		*out = strtoll(s, NULL, 10);
		return 0;
	}
	if (!parse_iso(s, now, out))
		return 0;
	return parse_relative(s, now, out);
}
