#ifndef DIFF_BASELINE_H
#define DIFF_BASELINE_H

#include <git2.h>
#include <jansson.h>

#include "lib/commit-results.h"

/*
 * The baseline `git results diff --baseline=last-recorded` compares a
 * commit with: for each origin and environment of the commit, the
 * results of its nearest ancestor that has results for that origin and
 * environment.  A commit is then compared with what was last measured
 * on its own line, not with a tag that had no such run.
 */

enum baseline_walk {
	BASELINE_WALK_FIRST_PARENT,	/* the first-parent line, as git log --first-parent */
	BASELINE_WALK_ALL,		/* all ancestry, newest committer date first */
};

/* Where one origin and environment of the new side found its baseline. */
struct baseline_pick {
	const struct result_group *group;	/* the new side's */
	int found;
	git_oid commit;		/* valid when found */
	size_t distance;	/* first-parent: how many commits back (1: the parent) */
};

struct diff_baseline {
	enum baseline_walk walk;
	struct commit_results *sources;	/* the ancestors that gave a baseline */
	size_t sources_nr, sources_alloc;
	/*
	 * The old side: shallow copies of the sources' records that were
	 * picked (owned by `sources`), and their groups.
	 */
	struct record_list view;
	struct result_groups groups;
	struct baseline_pick *picks;	/* one per group of the new side, in its order */
	size_t picks_nr;
};
#define DIFF_BASELINE_INIT { BASELINE_WALK_FIRST_PARENT, NULL, 0, 0, RECORD_LIST_INIT, \
			     RESULT_GROUPS_INIT, NULL, 0 }

/*
 * Reads "first-parent" or "all" into `walk`.  Returns 0, or -1 for
 * anything else.
 */
int baseline_walk_parse(const char *name, enum baseline_walk *walk);
const char *baseline_walk_name(enum baseline_walk walk);

/*
 * Walks the ancestors of `new` (b->walk says which) until every origin
 * and environment of `new` has found its baseline, or history ends.
 * Each ancestor's records are read as commit_results_load_oid() reads
 * them, through `filter`.  The groups in b->groups are the old side to
 * compare `new` with; `new` must outlive `b`.  Returns 0, or -1 after
 * printing an error (a note that is not records).
 */
int diff_baseline_find(struct diff_baseline *b, git_repository *repo, struct notes_store *store,
		       const struct commit_results *new, const struct record_filter *filter);

/* Appends one line per origin and environment: the commit it is compared with. */
void diff_baseline_describe(struct strbuf *out, const struct diff_baseline *b);

/*
 * [{"origin", "env", "commit", "distance"}], one per pick: commit null
 * when none was found, distance null then and along all ancestry.
 */
json_t *diff_baseline_to_json(const struct diff_baseline *b);

void diff_baseline_release(struct diff_baseline *b);

#endif
