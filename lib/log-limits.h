#ifndef LOG_LIMITS_H
#define LOG_LIMITS_H

#include <git2.h>
#include <regex.h>

#include "lib/parse-options.h"
#include "lib/record-filter.h"
#include "lib/record.h"
#include "lib/status.h"

struct commit_walk;

/*
 * git log's limiting options, and the ones that limit by results, as
 * `git results log` takes them: one table and one reading, for every
 * command that walks history and lists commits with results.
 */
struct log_limits {
	/* as given on the command line */
	int max_count;			/* -n, --max-count, -<n>; negative: no limit */
	const char *since, *until;	/* --since/--after, --until/--before */
	int first_parent, all;
	struct string_list authors;	/* --author: basic regexes, as git's, OR-ed */
	struct record_filter filter;	/* --origin, --env */
	struct string_list statuses;	/* --status FAIL,ERROR */

	/* read by log_limits_finish() */
	long long since_time, until_time;
	regex_t *author_re;
	size_t author_nr;
	unsigned status_mask;		/* bit per enum result_status; 0: any */
};
#define LOG_LIMITS_INIT { .max_count = -1, .filter = RECORD_FILTER_INIT }

#define OPT_LOG_LIMITS(l) \
	OPT_INTEGER('n', "max-count", &(l)->max_count, "n", "list at most <n> commits"), \
	OPT_STRING(0, "since", &(l)->since, "date", "commits newer than <date>"), \
	OPT_STRING(0, "after", &(l)->since, "date", "the same as --since"), \
	OPT_STRING(0, "until", &(l)->until, "date", "commits older than <date>"), \
	OPT_STRING(0, "before", &(l)->until, "date", "the same as --until"), \
	OPT_STRING_LIST(0, "author", &(l)->authors, "pattern", \
			"commits whose author matches <pattern> (repeatable: any of them)"), \
	OPT_BOOL(0, "first-parent", &(l)->first_parent, "follow only the first parent of merges"), \
	OPT_BOOL(0, "all", &(l)->all, "walk from every ref (not the notes) and HEAD"), \
	OPT_STRING_LIST(0, "origin", &(l)->filter.origins, "origin", \
			"only records of <origin> count (repeatable: any of them)"), \
	OPT_STRING_LIST(0, "env", &(l)->filter.envs, "key=value", \
			"only records with that environment count (repeatable: all of them)"), \
	OPT_STRING_LIST(0, "status", &(l)->statuses, "status[,...]", \
			"commits whose roll-up is one of these statuses")

/*
 * Takes git's "-<n>" (the same as "-n <n>") out of argv[1..argc), up to
 * a "--"; returns the new argc.  Call before parse_options().
 */
int log_limits_take_count(int argc, const char **argv, struct log_limits *l);

/*
 * Checks and reads the options once parsed: dates, patterns, environment
 * pairs and statuses.  Dies with git's usage error (129) on bad input.
 */
void log_limits_finish(struct log_limits *l, const char *const *usage,
		       const struct option *options);
void log_limits_release(struct log_limits *l);

/* Sets the walk's limits: --first-parent, --since, --until. */
void log_limits_apply(const struct log_limits *l, struct commit_walk *walk);

/*
 * For --all: calls `add` for HEAD and the commit every ref points to
 * (tags peeled), except the notes refs.  Returns 0, or -1 after an error.
 */
int log_limits_add_all(git_repository *repo, void (*add)(void *, const git_oid *, int),
		       void *data);

/* Whether record filters (--origin, --env) are given. */
int log_limits_filter_records(const struct log_limits *l);

/* Whether an author ("Name <email>") passes --author. */
int log_limits_author_matches(const struct log_limits *l, const char *author);

/* Whether a roll-up status passes --status. */
int log_limits_status_matches(const struct log_limits *l, enum result_status status);

#endif
