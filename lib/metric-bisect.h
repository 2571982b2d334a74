#ifndef METRIC_BISECT_H
#define METRIC_BISECT_H

#include "lib/metrics-diff.h"
#include "lib/store.h"

#include <git2.h>

/*
 * Where a measurement went beyond its threshold (`git results bisect
 * --metric`), from recorded results alone.  Along the first-parent line
 * of the bad commit, each commit's measurements are compared with those
 * of the reference, as `diff` compares two commits (medians of repeated
 * runs, the threshold and direction of results.metric*): the reference
 * is the good commit, or the oldest commit of the line with results.  In
 * each origin, environment and test, the first commit beyond is the
 * oldest of those after the newest commit within the threshold (or
 * better), which is the last within; a commit whose runs are noisy is no
 * verdict, and neither is one without the measurement.
 */

enum metric_bisect_outcome {
	METRIC_BISECT_FOUND,
	METRIC_BISECT_WITHIN,	/* the newest verdict is within the threshold */
	METRIC_BISECT_NOISY,	/* no verdict but noisy ones */
};

struct metric_bisect_item {
	char *origin, *env;	/* env: "arch=x86_64 config=defconfig"; "" when none */
	char *path, *unit;	/* unit NULL when none */
	enum metric_bisect_outcome outcome;
	double reference_value;
	git_oid last_within;	/* the reference when no later commit was within */
	double within_value;
	git_oid first_beyond;	/* FOUND */
	double beyond_value, beyond_change, threshold;
	size_t noisy;		/* commits whose runs spread too wide */
};

struct metric_bisect {
	git_oid reference;
	struct metric_bisect_item *items;	/* in the order first compared */
	size_t nr, alloc;
};
#define METRIC_BISECT_INIT { { { 0 } }, NULL, 0, 0 }

/* Whether the origin and environment ("key=value\n...") of a run count. */
typedef int (*metric_bisect_chosen_fn)(const char *origin, const char *env, void *data);

/*
 * Bisects the measurements of the tests `pattern` matches (as `log
 * --test` matches them) from `good` (NULL: the oldest commit with
 * results) to `bad`, in the runs `chosen` accepts.  Returns 0, or -1
 * after printing an error (no results on `good`, a note that is not made
 * of records).
 */
int metric_bisect_run(struct metric_bisect *b, git_repository *repo, struct notes_store *store,
		      const git_oid *good, const git_oid *bad, const char *pattern,
		      metric_bisect_chosen_fn chosen, void *chosen_data,
		      const struct metric_config *cfg);
void metric_bisect_release(struct metric_bisect *b);

#endif
