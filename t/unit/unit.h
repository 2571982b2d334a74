#ifndef UNIT_H
#define UNIT_H

/*
 * A minimal TAP producer for the C unit tests, run by prove.  Each check
 * prints one "ok"/"not ok" line; unit_done() prints the plan and returns
 * the exit code.
 */

#include <stdio.h>
#include <string.h>

static int unit_count, unit_failed;

static inline int unit_check(int cond, const char *file, int line, const char *expr)
{
	unit_count++;
	if (cond) {
		printf("ok %d - %s\n", unit_count, expr);
	} else {
		unit_failed++;
		printf("not ok %d - %s\n#   at %s:%d\n", unit_count, expr, file, line);
	}
	return cond;
}

#define CHECK(cond) unit_check(!!(cond), __FILE__, __LINE__, #cond)
static inline int unit_streq(const char *got, const char *want)
{
	return got && want ? !strcmp(got, want) : got == want;
}

static inline const char *unit_str(const char *s)
{
	return s ? s : "(null)";
}

/*
 * The checks of a value against the one wanted are functions, so that
 * each argument is evaluated once, also when the check fails and both
 * are printed.
 */
static inline int unit_check_str(const char *got, const char *want, const char *file, int line,
				 const char *expr)
{
	if (unit_check(unit_streq(got, want), file, line, expr))
		return 1;
	printf("#   got:  '%s'\n#   want: '%s'\n", unit_str(got), unit_str(want));
	return 0;
}

static inline int unit_check_int(long long got, long long want, const char *file, int line,
				 const char *expr)
{
	if (unit_check(got == want, file, line, expr))
		return 1;
	printf("#   got:  %lld\n#   want: %lld\n", got, want);
	return 0;
}

#define CHECK_STR(got, want) unit_check_str((got), (want), __FILE__, __LINE__, #got " == " #want)
#define CHECK_INT(got, want) \
	unit_check_int((long long)(got), (long long)(want), __FILE__, __LINE__, #got " == " #want)

static inline int unit_done(void)
{
	printf("1..%d\n", unit_count);
	return unit_failed ? 1 : 0;
}

#endif
