#ifndef RESULTS_DIFF_H
#define RESULTS_DIFF_H

#include "lib/known-issues.h"
#include "lib/result-groups.h"
#include "lib/stability.h"

/*
 * The comparison of the results of two commits, origin and environment
 * by origin and environment, test by test: what `git results diff`
 * prints and what `git results summary` reports as regressions.
 *
 * Unstable tests and known issues are set aside in kinds of their own,
 * never regressions or fixes: a test whose reruns on the newer commit
 * disagree, or (given a struct diff_noise) whose verdict flips along
 * history, is unstable whatever its two statuses; a failure the newer
 * commit's known-issues file lists is a known issue.
 */

enum diff_kind {
	DIFF_REGRESSION,	/* PASS or DONE before, failing now */
	DIFF_FIX,		/* failing before, PASS or DONE now */
	DIFF_NEW_FAILURE,	/* absent or SKIP before, failing now */
	DIFF_STILL_FAILING,	/* failing before and now */
	DIFF_DISAPPEARED,	/* there before, absent now */
	DIFF_UNSTABLE,		/* reruns disagree, or flips along history */
	DIFF_KNOWN_ISSUE,	/* failing now, and listed as a known issue */
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
	int reruns_differ;	/* DIFF_UNSTABLE: the new commit's runs disagree */
	const struct known_issue *known;	/* DIFF_KNOWN_ISSUE: the entry it matches */
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
	/* Known issues that match no failure of the new side, but a pass. */
	const struct known_issue **possibly_fixed;
	size_t possibly_fixed_nr, possibly_fixed_alloc;
};
#define RESULTS_DIFF_INIT { NULL, 0, 0, { 0 }, NULL, 0, 0, NULL, 0, 0 }

/*
 * What sets tests aside from regressions and fixes, for the newer side
 * of a comparison: its known issues and the stability of its tests.
 */
struct diff_noise {
	struct test_stability stability;
	int has_known;			/* the tree has a known-issues file */
	struct known_issues known;
};
#define DIFF_NOISE_INIT { TEST_STABILITY_INIT, 0, KNOWN_ISSUES_INIT }

/*
 * Reads the known issues from the tree of `new_commit` and the stability
 * of the tests of `new_groups` (its results) along first-parent history,
 * as configured (results.knownIssues, results.unstableWindow).  `old`
 * (or NULL), the older side of the comparison, is not read again when
 * the history reaches it (see stability_compute()).  Returns 0, or -1
 * after printing an error.
 */
int diff_noise_load(struct diff_noise *n, struct notes_store *store, const git_oid *new_commit,
		    const struct result_groups *new_groups, const struct commit_results *old);
void diff_noise_release(struct diff_noise *n);

/*
 * Compares `old` with `new` into `d` (which must be empty).  Changes not
 * listed in enum diff_kind (to or from SKIP, new passing tests) are not
 * recorded.  `d` borrows from both sets of groups.
 */
void results_diff_compute(struct results_diff *d, const struct result_groups *old,
			  const struct result_groups *new);
/*
 * The same, setting aside the unstable tests and known issues `noise`
 * (loaded for `new`) describes; NULL for none but disagreeing reruns.
 */
void results_diff_compute_noise(struct results_diff *d, const struct result_groups *old,
				const struct result_groups *new, const struct diff_noise *noise);
void results_diff_release(struct results_diff *d);

/* "regression", "fix", "new failure", "still failing", "disappeared", "unstable", "known issue". */
const char *diff_kind_name(enum diff_kind kind);
/* The plural heading: "Regressions", "Fixes", "New failures", ... */
const char *diff_kind_title(enum diff_kind kind);
/*
 * The JSON key: "regressions", "fixes", "new_failures", "still_failing",
 * "disappeared", "unstable", "known_issues".
 */
const char *diff_kind_key(enum diff_kind kind);

/*
 * Appends "1 regression, 2 fixes, 0 new failures, 1 still failing, 0
 * disappeared", then ", 2 unstable, 1 known issue" for those that are not 0.
 */
void results_diff_describe_counts(struct strbuf *out, const struct results_diff *d);

#endif
