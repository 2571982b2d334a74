#ifndef APPROXIDATE_H
#define APPROXIDATE_H

/*
 * Dates as `git log --since` and `--until` take them, for the forms git
 * reads the same way every time (git's approxidate reads anything, and
 * turns what it cannot read into "now": here that is an error instead):
 *
 *  - "@<unix time>", or a bare number of nine digits or more;
 *  - RFC 3339 and ISO 8601 dates: "2026-11-25", "2026-11-25 10:00",
 *    "2026-11-25T10:00:00", with an optional "Z" or "+hhmm"/"+hh:mm"
 *    offset; without one the local time zone applies, and a date alone
 *    keeps the current time of day, as git's does;
 *  - relative dates: "2 weeks ago", "3.days.ago", "1 day 2 hours ago",
 *    "yesterday", "now", in seconds, minutes, hours, days, weeks, months
 *    or years ("ago" may be left out, as git allows).
 *
 * Stores the time (seconds since the epoch) in `*out` and returns 0, or
 * returns -1 when `s` is none of these.  `now` is the time relative
 * dates count back from.
 */
int approxidate_parse(const char *s, long long now, long long *out);

#endif
