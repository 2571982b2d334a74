#ifndef RESULTS_DIFF_H
#define RESULTS_DIFF_H

#include "lib/result-groups.h"

/*
 * The comparison of the results of two commits, origin and environment
 * by origin and environment, test by test: what `git results diff`
 * prints and what `git results summary` reports as regressions.
 */

enum diff_kind {
	DIFF_REGRESSION,	/* PASS or DONE before, failing now */
	DIFF_FIX,		/* failing before, PASS or DONE now */
	DIFF_NEW_FAILURE,	/* absent or SKIP before, failing now */
	DIFF_STILL_FAILING,	/* failing before and now */
	DIFF_DISAPPEARED,	/* there before, absent now */
	DIFF__NR
};

struct diff_entry {
	enum diff_kind kind;
	const struct result_group *group;	/* the new side's, or the old side's when gone */
	const char *path;
	int has_old, has_new;
	enum result_status old_status, new_status;	/* valid when has_old / has_new */
	const char *old_reason, *new_reason;	/* NULL when none */
	int group_gone;		/* the whole origin and environment is absent now */
};

/* One origin and environment, with its group on either side (NULL when absent). */
struct group_pair {
	const struct result_group *old, *new;
};

struct results_diff {
	struct diff_entry *entries;	/* by kind, then group, then path */
	size_t nr, alloc;
	size_t counts[DIFF__NR];
	struct group_pair *pairs;	/* every origin and environment, in group order */
	size_t pairs_nr, pairs_alloc;
};
#define RESULTS_DIFF_INIT { NULL, 0, 0, { 0 }, NULL, 0, 0 }

/*
 * Compares `old` with `new` into `d` (which must be empty).  Changes not
 * listed in enum diff_kind (to or from SKIP, new passing tests) are not
 * recorded.  `d` borrows from both sets of groups.
 */
void results_diff_compute(struct results_diff *d, const struct result_groups *old,
			  const struct result_groups *new);
void results_diff_release(struct results_diff *d);

/* "regression", "fix", "new failure", "still failing", "disappeared". */
const char *diff_kind_name(enum diff_kind kind);
/* The plural heading: "Regressions", "Fixes", "New failures", ... */
const char *diff_kind_title(enum diff_kind kind);
/* The JSON key: "regressions", "fixes", "new_failures", "still_failing", "disappeared". */
const char *diff_kind_key(enum diff_kind kind);

/* Appends "1 regression, 2 fixes, 0 new failures, 1 still failing, 0 disappeared". */
void results_diff_describe_counts(struct strbuf *out, const struct results_diff *d);

#endif
