#ifndef STORE_CONFLICTS_H
#define STORE_CONFLICTS_H

#include "lib/store.h"

/*
 * Conflicts: two or more different records of one (origin, run) on a
 * commit, which a merge keeps until someone resolves them (see the attach
 * policy in lib/store/attach.h).  Every reader counts such a run once.
 */

/* What a scan of the notes found. */
struct conflict_scan {
	size_t runs;		/* runs in conflict */
	size_t commits;		/* commits with at least one */
	git_oid first[3];	/* the first commits, in object id order */
};

/*
 * Looks at every note of `s` (the fast roll-up, not a full parse) that is
 * in the repository: a partial clone's notes not fetched yet are left out.
 */
void store_scan_conflicts(struct notes_store *s, struct conflict_scan *out);

/*
 * Warns, as every later pull and push does, when the notes ref `ref`
 * holds unresolved conflicts: how many and where, and how to see them.
 */
void store_warn_conflicts(git_repository *repo, const char *ref);

#endif
