#ifndef COMMIT_RESULTS_H
#define COMMIT_RESULTS_H

#include <git2.h>
#include <jansson.h>

#include "lib/record-filter.h"
#include "lib/result-groups.h"
#include "lib/store.h"

/*
 * The results of one revision, read once and grouped by origin and
 * environment: what `diff` compares and `summary` reports.
 */
struct commit_results {
	char *name;			/* the revision as the user gave it */
	git_oid oid;
	char hex[GIT_OID_HEXSZ + 1];
	int has_results;
	int same_tree;			/* the results are those of another commit... */
	git_oid same_tree_source;	/* ...this one, with the same tree */
	size_t conflicts;		/* runs with different records (counted once) */
	struct record_list records;
	struct result_groups groups;	/* borrows from records */
	const struct record_filter *filter;	/* set before loading: the records that count */
};
#define COMMIT_RESULTS_INIT { NULL, { { 0 } }, "", 0, 0, { { 0 } }, 0, RECORD_LIST_INIT, RESULT_GROUPS_INIT, NULL }

/*
 * Resolves `rev` to a commit and reads its records from `store`.  A
 * commit without a note of its own has the results of another commit
 * with the same tree, if there is one (`same_tree` and its source set),
 * as every reader finds them (lib/store/same-tree.h).  A record that
 * names another commit than the one whose note holds it is left out,
 * with a warning, and so is one that does not pass `filter` (when
 * set), silently: the commit has no results when none is left.  Returns 0 when it
 * has results, 1 when it has none (`has_results` is then 0), or -1 after
 * printing an error (bad revision, a note that is not made of records).
 */
int commit_results_load(struct commit_results *cr, git_repository *repo,
			struct notes_store *store, const char *rev);

/*
 * Prints "error: no results recorded for '<name>'", naming the filter's
 * origins when it has some, for a side that has no results.
 */
void commit_results_report_missing(const struct commit_results *cr);

/* Like commit_results_load(), for a commit already resolved. */
int commit_results_load_oid(struct commit_results *cr, struct notes_store *store,
			    const git_oid *oid, const char *name);

/*
 * Appends "results of <commit>, which has the same tree", the words every
 * reader marks borrowed results with; nothing when they are the commit's own.
 */
void commit_results_describe_source(struct strbuf *out, const struct commit_results *cr);

/*
 * Appends "<name>: N runs in conflict ...", the line every report gives a
 * side with conflicts (its runs count once, as their worse record);
 * nothing when it has none.
 */
void commit_results_describe_conflicts(struct strbuf *out, const struct commit_results *cr);

/* Adds "same_tree" and, when set, "attached_to" to a JSON object. */
void commit_results_source_json(json_t *obj, const struct commit_results *cr);

/*
 * Leaves out, with a warning, the records of the note on `attached`
 * (40 hex) that name another commit: copied there from another note,
 * they are not this commit's results (a signed one is wrong-commit to
 * `verify`), unless they name `tree` (when not NULL), the tree of the
 * commit asked about: then they were made for the same code, as `git
 * results copy` carries them, and count.  Returns how many are left.  For readers that read a note
 * without commit_results_load(), which does this itself.
 */
size_t commit_results_leave_out_foreign(struct record_list *list, const char *attached,
					const char *tree);

void commit_results_release(struct commit_results *cr);

#endif
