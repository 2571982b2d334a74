#ifndef RELEASE_REPORT_H
#define RELEASE_REPORT_H

#include <git2.h>

#include "lib/release/summary.h"

/*
 * The static HTML report of a range (`git results report`): a front page
 * with plots and the matrix of environments by release, a page per
 * release (its summary, lists of changes with each test's history
 * strip) and a page per commit with results (its records, signatures
 * and links).  The releases are the tags on the range's commits, each
 * summarised exactly as `git results summary <tag>` summarises it, so
 * every number in the report is the summary's.  The pages are a
 * function of the repository alone: the same notes give the same bytes.
 */

struct report_release {
	char *tag;			/* the tag's short name */
	char *stem;			/* its file name without ".html", safe on disk and in URLs */
	struct summary summary;
};

struct report {
	git_repository *repo;		/* borrowed */
	struct notes_store *store;	/* borrowed */
	const struct record_filter *filter;	/* borrowed: the records that count */
	struct report_release *releases;	/* oldest first */
	size_t releases_nr, releases_alloc;
	git_oid *commits;		/* with results in the range, newest first */
	size_t commits_nr, commits_alloc;
	size_t walked;			/* commits in the range */
	struct release_tags *tags;	/* the repository's, read once */
};
#define REPORT_INIT { NULL, NULL, NULL, NULL, 0, 0, NULL, 0, 0, 0, NULL }

struct report_options {
	const char *match;		/* --match: the tags that are releases (glob); NULL: all */
	const struct record_filter *filter;	/* --origin: the records that count */
};
#define REPORT_OPTIONS_INIT { NULL, NULL }

/*
 * Walks the range `revs` (as git log reads its arguments; HEAD when
 * `revs_nr` is 0), finds its releases and commits with results, and
 * summarises each release.  Returns 0, or -1 after printing an error.
 */
int report_build(struct report *r, git_repository *repo, struct notes_store *store,
		 const char **revs, size_t revs_nr, const struct report_options *opts);

/*
 * Writes the report into directory `dir` (created if needed): index.html,
 * report.css, release/<tag>.html and commit/<id>.html.  Other files in
 * the directory are left alone.  Returns 0, or -1 after printing an error.
 */
int report_write(struct report *r, const char *dir);

void report_release(struct report *r);

/* The pages, for report_write(); each appends one whole document. */
void report_write_index(struct strbuf *out, const struct report *r);
void report_write_release_page(struct strbuf *out, const struct report *r, size_t i);
/*
 * The page of commit `oid`; -1 after printing an error (a note that is
 * not records).
 */
int report_write_commit_page(struct strbuf *out, struct report *r, const git_oid *oid);

/* The plots of the front page, as inline SVG (report-svg.c). */
void report_add_pass_rate_plot(struct strbuf *out, const struct report *r);
void report_add_counts_plot(struct strbuf *out, const struct report *r);
void report_add_origin_plot(struct strbuf *out, const struct report *r);

/*
 * The pass rate of some counts, in tenths of a percent: PASS and DONE
 * among the tests that ran (all but SKIP); -1 when none ran.
 */
long report_pass_rate(const size_t counts[STATUS__NR]);

#endif
