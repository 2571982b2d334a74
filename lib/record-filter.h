#ifndef RECORD_FILTER_H
#define RECORD_FILTER_H

#include <stdint.h>

#include "lib/parse-options.h"
#include "lib/record.h"

/*
 * Which records a command counts, as given on its command line:
 * `--origin <o>` (repeatable: any of them) and `--env <key>=<value>`
 * (repeatable: all of them; the same pair twice is once, two values of
 * one key are a usage error, as no record has both).  An empty filter
 * lets every record through.
 *
 * This is the one decision every reader makes, whether it holds parsed
 * records (show, diff, summary...), scans note text (log's roll-ups) or
 * keeps each origin and environment as a column (bisect, log --test):
 * record_filter_keeps() below, fed by each reader's own way of going
 * through a record's env pairs.
 */
struct record_filter {
	struct string_list origins;	/* --origin, as given */
	struct string_list envs;	/* --env "key=value", as given */

	/* read by record_filter_read() */
	struct record_env *env;		/* the pairs of envs, each once */
	size_t env_nr;			/* at most RECORD_FILTER_MAX_ENV */
	int read;
};
#define RECORD_FILTER_INIT { STRING_LIST_INIT, STRING_LIST_INIT, NULL, 0, 0 }
#define RECORD_FILTER_MAX_ENV 32

/* The option table entries that fill a filter. */
#define OPT_RECORD_FILTER_ORIGIN(f) \
	OPT_STRING_LIST(0, "origin", &(f)->origins, "origin", "count only the records of this origin (repeatable)")
#define OPT_RECORD_FILTER_ENV(f) \
	OPT_STRING_LIST(0, "env", &(f)->envs, "key=value", "count only the records of this environment (repeatable: all of them)")

/*
 * Checks the origins and key=value pairs by the record's own rules and
 * reads the pairs.  Returns 0, or -1 with the reason in `err` (without
 * "error: ").  Call it once the options are parsed, before any match.
 */
int record_filter_read(struct record_filter *f, struct strbuf *err);

/*
 * record_filter_read(), dying with git's usage error (129) on bad input,
 * as every command does: a selection no record can match is a mistake
 * on the command line, not an empty answer.
 */
void record_filter_read_or_usage(struct record_filter *f, const char *const *usage,
				 const struct option *options);

/* Whether the filter leaves anything out (NULL leaves nothing out). */
int record_filter_active(const struct record_filter *f);

/*
 * The bit of the pair `key` `value` among the filter's env pairs, 0 when
 * it is none of them.  A reader ORs the bits of a record's env pairs and
 * passes them to record_filter_keeps().
 */
uint32_t record_filter_env_bit(const struct record_filter *f, const char *key, size_t key_len,
			       const char *value, size_t value_len);

/*
 * The decision: whether a record of `origin` whose env pairs gave the
 * bits `env_bits` passes the filter (every record passes an empty one;
 * NULL is empty).
 */
int record_filter_keeps(const struct record_filter *f, const char *origin, size_t origin_len,
			uint32_t env_bits);

/* Whether the parsed record `r` passes the filter. */
int record_filter_match(const struct record_filter *f, const struct record *r);

/*
 * Whether a record of `origin` (`origin_len` bytes) with the environment
 * `env_lines` ("key=value\n...", "" when none, as lib/test-history.h
 * keeps a column's) passes the filter.
 */
int record_filter_match_env_lines(const struct record_filter *f, const char *origin,
				  size_t origin_len, const char *env_lines);

/*
 * Drops the records of `list` that do not pass `f` (NULL keeps them
 * all), keeping the order of the others.  Returns how many are left.
 */
size_t record_filter_apply(const struct record_filter *f, struct record_list *list);

/*
 * Appends " of origin 'a' or 'b'", " and environment 'k=v'" (nothing for
 * an empty filter), for messages.
 */
void record_filter_describe(struct strbuf *out, const struct record_filter *f);

/*
 * Prints "error: no results recorded for '<name>'", with the filter's
 * origins after "results" when it has some; returns -1.
 */
int record_filter_error_none(const struct record_filter *f, const char *name);

void record_filter_release(struct record_filter *f);

#endif
