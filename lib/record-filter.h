#ifndef RECORD_FILTER_H
#define RECORD_FILTER_H

#include "lib/parse-options.h"
#include "lib/record.h"

/*
 * Which records a command counts, as given on its command line:
 * `--origin <o>` (repeatable: any of them) and `--env <key>=<value>`
 * (repeatable: every key given must have one of the values given for
 * it).  An empty filter lets every record through.  The lists borrow
 * the command line's strings.
 */
struct record_filter {
	struct string_list origins;
	struct string_list envs;	/* "key=value" */
};
#define RECORD_FILTER_INIT { STRING_LIST_INIT, STRING_LIST_INIT }

/* The option table entries that fill a filter. */
#define OPT_RECORD_FILTER_ORIGIN(f) \
	OPT_STRING_LIST(0, "origin", &(f)->origins, "origin", "count only the records of this origin (repeatable)")
#define OPT_RECORD_FILTER_ENV(f) \
	OPT_STRING_LIST(0, "env", &(f)->envs, "key=value", "count only the records of this environment (repeatable)")

/*
 * Checks the origins and key=value pairs by the record's own rules.
 * Returns 0, or -1 after printing an error.
 */
int record_filter_check(const struct record_filter *f);

/* Whether the filter leaves anything out. */
int record_filter_active(const struct record_filter *f);

/* Whether `r` passes the filter (every record passes an empty one; NULL is empty). */
int record_filter_match(const struct record_filter *f, const struct record *r);

/*
 * Drops the records of `list` that do not pass `f` (NULL keeps them
 * all), keeping the order of the others.  Returns how many are left.
 */
size_t record_filter_apply(const struct record_filter *f, struct record_list *list);

/* Appends " of origin 'a' or 'b'" (nothing for an empty filter), for messages. */
void record_filter_describe(struct strbuf *out, const struct record_filter *f);

/*
 * Prints "error: no results recorded for '<name>'", with the filter's
 * origins after "results" when it has some; returns -1.
 */
int record_filter_error_none(const struct record_filter *f, const char *name);

void record_filter_release(struct record_filter *f);

#endif
