#ifndef COMMIT_RESULTS_H
#define COMMIT_RESULTS_H

#include <git2.h>

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
	struct record_list records;
	struct result_groups groups;	/* borrows from records */
};
#define COMMIT_RESULTS_INIT { NULL, { { 0 } }, "", 0, RECORD_LIST_INIT, RESULT_GROUPS_INIT }

/*
 * Resolves `rev` to a commit and reads its records from `store`.
 * Returns 0 when it has results, 1 when it has none (`has_results` is
 * then 0), or -1 after printing an error (bad revision, a note that is
 * not made of records).
 */
int commit_results_load(struct commit_results *cr, git_repository *repo,
			struct notes_store *store, const char *rev);

/* Like commit_results_load(), for a commit already resolved. */
int commit_results_load_oid(struct commit_results *cr, struct notes_store *store,
			    const git_oid *oid, const char *name);

void commit_results_release(struct commit_results *cr);

#endif
