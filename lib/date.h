#ifndef DATE_H
#define DATE_H

#include "lib/strbuf.h"

#include <stddef.h>

/*
 * Dates as RFC 3339 writes them: the one reading of them in git results.
 * A time is a number of seconds since the Unix epoch, in UTC, as POSIX
 * counts them (no leap seconds); no time zone, locale or time_t limit
 * applies.  Years run from 0000 to 9999, as RFC 3339's four digits allow.
 */

/*
 * Parses `s[0..len)` as an RFC 3339 date-time (its section 5.6), strictly:
 * "2026-11-25T10:00:00Z", "2026-11-25t10:00:00.25-05:30".  "T" and "Z"
 * may be lower case; fractions of a second need a digit and are dropped;
 * the offset is "Z" or +hh:mm / -hh:mm up to 23:59.  The date must exist
 * (February 29 only in leap years), hours run to 23, minutes to 59 and
 * seconds to 60: a leap second counts as the first second of the next
 * minute.  Stores the time in `*out` (which may be NULL, to only check)
 * and returns 0, or returns -1 when `s` is not such a date-time.
 */
int date_parse_rfc3339(const char *s, size_t len, long long *out);

/* Whether `s[0..len)` is an RFC 3339 date-time, as date_parse_rfc3339() reads it. */
int date_is_rfc3339(const char *s, size_t len);

/*
 * Parses a date in the canonical form a record stores: RFC 3339 in UTC,
 * to the second, upper case, "2026-11-25T10:00:00Z", and nothing else
 * (no fraction, no offset, no lower case).  Ranges are checked as
 * date_parse_rfc3339() checks them.  Stores the time in `*out` (which may
 * be NULL) and returns 0, or returns -1.
 */
int date_parse_utc(const char *s, long long *out);

/*
 * Parses a date as a user gives one (`--date`) or an input states one:
 * "@<unix time>" (seconds, optionally signed), or an RFC 3339 date-time as
 * date_parse_rfc3339() reads it, where a space may also stand for the
 * "T" (RFC 3339's note in section 5.6 allows it for readability).  Stores
 * the time in `*out` and returns 0, or returns -1.
 */
int date_parse_user(const char *s, long long *out);

/*
 * Appends `t` in the canonical form a record stores, "2026-11-25T10:00:00Z".
 * Returns 0, or -1 without appending when `t` lies outside the years
 * 0000 to 9999.
 */
int date_format_utc(struct strbuf *out, long long t);

/*
 * Appends `t` as an RFC 2822 date in UTC, "Wed, 25 Nov 2026 10:00:00 +0000",
 * with English names whatever the locale (a mail's Date: header).  Returns
 * 0, or -1 without appending when `t` lies outside the years 0000 to 9999.
 */
int date_format_rfc2822(struct strbuf *out, long long t);

#endif
