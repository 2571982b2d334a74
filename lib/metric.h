#ifndef METRIC_H
#define METRIC_H

#include "lib/strbuf.h"

/*
 * A measurement a test produced: a value, its unit and KCIDB's prefix
 * (how the value scales for display).  Its text form, the tail of a test
 * line (" = 940.5 Mbit/s"), is specified in git-results-record(5).
 */

enum metric_prefix {
	METRIC_PREFIX_NONE,
	METRIC_PREFIX_METRIC,	/* 1000-based: k, M, G */
	METRIC_PREFIX_BINARY,	/* 1024-based: Ki, Mi, Gi */
};

#define METRIC_UNIT_MAX 64

struct record_metric {
	double value;		/* finite; never -0 */
	char *unit;		/* NULL when dimensionless */
	enum metric_prefix prefix;
};

void record_metric_release(struct record_metric *m);
/* A copy of `m` in new memory. */
struct record_metric *record_metric_dup(const struct record_metric *m);

/* "metric", "binary", or NULL for none. */
const char *metric_prefix_name(enum metric_prefix prefix);
/* 0 and the prefix for "metric" or "binary" (`len` bytes), -1 otherwise. */
int metric_prefix_parse(const char *s, size_t len, enum metric_prefix *out);

/*
 * Appends the canonical text of a finite number: the fewest significant
 * digits that read back as the same double, laid out as ECMAScript's
 * Number::toString lays them out ("0.25", "940.5", "1e+21", "1.6e-7").
 * Never depends on the locale.
 */
void metric_format_value(struct strbuf *out, double value);

/*
 * Reads a decimal number (`len` bytes: an optional '-', digits, an
 * optional fraction and exponent, as in JSON) into `out`.  Returns 0, or
 * -1 when it is not one or is not finite.  Does not insist on the
 * canonical form; callers that must compare the text again.
 */
int metric_parse_value(const char *s, size_t len, double *out);

/*
 * Whether `unit` (`len` bytes) may stand in a record: 1 to
 * METRIC_UNIT_MAX bytes of printable ASCII other than space, '#', '('
 * and ')', or valid UTF-8 beyond ASCII.
 */
int metric_unit_is_valid(const char *unit, size_t len);
/*
 * Appends `unit` as a record keeps it: white space at either end is
 * dropped, runs of white space, control characters, '#', '(' and ')' in
 * it become one '_', invalid UTF-8 bytes '?'; cut to METRIC_UNIT_MAX
 * bytes at a character boundary.  Returns whether anything was appended.
 */
int metric_clean_unit(struct strbuf *out, const char *unit);

/*
 * Fills `m` from what an input format gave: a value, an optional unit
 * (cleaned) and an optional prefix name.  Returns 0, or -1 when the
 * value is not finite.  `m` must be released.
 */
int metric_from_input(struct record_metric *m, double value, const char *unit,
		      enum metric_prefix prefix);

/* Appends the tail of a test line: " = <value>[ <unit>][ (<prefix>)]". */
void metric_write(struct strbuf *out, const struct record_metric *m);

/*
 * Parses what follows " = " on a test line (`len` bytes, up to the
 * reason or the end of the line) into `m`.  Returns 0, or -1.
 */
int metric_parse(struct record_metric *m, const char *s, size_t len);

/* Orders metrics by their text form. */
int metric_cmp(const struct record_metric *a, const struct record_metric *b);

#endif
