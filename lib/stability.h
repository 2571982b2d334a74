#ifndef STABILITY_H
#define STABILITY_H

#include <git2.h>

#include "lib/result-groups.h"
#include "lib/store.h"

struct commit_results;

/*
 * Unstable tests along history: a test whose verdict flips back and
 * forth between failing (FAIL, ERROR, MISS) and completed (PASS, DONE)
 * over the last few commits with results along first-parent history.
 * Such a test is neither a regression nor a fix, whatever its last two
 * statuses say.
 */

/* The window when results.unstableWindow is not set (see git-results-diff(1)). */
#define STABILITY_DEFAULT_WINDOW 10

/* Stands for "not measured there" in a test's statuses. */
#define STABILITY_ABSENT STATUS__NR

/*
 * The one decision: given a test's statuses newest first (one per
 * commit with results, STABILITY_ABSENT where the test was not run),
 * whether it is unstable.  SKIP and absent entries are ignored; the
 * others are failing or completed.  The test is unstable when its
 * verdict changes three times or more (PASS FAIL PASS FAIL): back, forth
 * and back again.  One change is a regression or a fix; two (PASS FAIL
 * PASS) are a regression and its fix, which releases tested one after
 * another show, and which must not hide a regression (FAIL PASS FAIL).
 */
int stability_is_unstable(const enum result_status *newest_first, size_t nr);

/*
 * The stability of each test of one commit's groups (the newer side of
 * a comparison), from the results of the commit and of the first-parent
 * ancestors before it, up to `window` commits with results.
 */
struct test_stability {
	const struct result_groups *groups;	/* borrowed: what it describes */
	unsigned char **unstable;		/* [group][test]: 1 when unstable */
	size_t groups_nr;
	size_t window;				/* 0: nothing was looked at */
	size_t commits;				/* commits with results it looked at */
};
#define TEST_STABILITY_INIT { NULL, NULL, 0, 0, 0 }

/*
 * Fills `st` for `groups`, the results of `tip`: walks first-parent
 * history from `tip` (its results are `groups`, they count as the
 * newest) until `window` commits with results or the root.  A test also
 * counts as unstable when reruns on any commit of the window disagree
 * (group_test.reruns_differ).  A window of 0 marks nothing.  Returns 0,
 * or -1 after printing an error (a note that is not records).
 *
 * `known` (or NULL) holds the results of one commit already loaded
 * without a filter, as the walk would load them (the older side of a
 * comparison): used when the walk reaches that commit, instead of
 * reading its note again.
 */
int stability_compute(struct test_stability *st, struct notes_store *store, const git_oid *tip,
		      const struct result_groups *groups, size_t window,
		      const struct commit_results *known);

/* Whether test `t` of group `g` (both of st->groups) is unstable along history. */
int stability_test_is_unstable(const struct test_stability *st, const struct result_group *g,
			       const struct group_test *t);

/* The window: results.unstableWindow, or STABILITY_DEFAULT_WINDOW; dies on a bad value. */
size_t stability_window_config(git_repository *repo);

void stability_release(struct test_stability *st);

#endif
