#ifndef SHARING_H
#define SHARING_H

#include <git2.h>

#include "../lib/strbuf.h"

/*
 * What fetch, pull, push, merge and setup share: which remote, where its
 * results are tracked, running `git fetch` and `git push` for the notes
 * ref, and reporting a merge.
 */

/* Options passed on to git fetch and git push. */
struct transport_options {
	int quiet;
	int progress;	/* -1: let git decide (when stderr is a terminal) */
};
#define TRANSPORT_OPTIONS_INIT { 0, -1 }

/*
 * The remote to use when none is named, as git chooses it: for a push,
 * branch.<name>.pushRemote and remote.pushDefault first; then
 * branch.<name>.remote of the current branch; then "origin".  A new
 * string.
 */
char *default_remote(git_repository *repo, int for_push);

/* Whether the ref `name` exists (read afresh: git may just have moved it). */
int ref_exists(git_repository *repo, const char *name);

/* Whether `remote` is a configured remote (one with a URL). */
int remote_exists(git_repository *repo, const char *remote);

/* 0 when `remote` is a configured remote; -1 with an error otherwise. */
int check_remote(git_repository *repo, const char *remote);

/*
 * Where `remote`'s copy of the notes ref `ref` is kept:
 * refs/notes/results -> refs/notes/remotes/<remote>/results.  New string.
 */
char *tracking_ref_name(const char *remote, const char *ref);

/*
 * The fetch refspec for `ref` from `remote`.  It is a pattern
 * (+refs/notes/results*:refs/notes/remotes/<remote>/results*) because git
 * fails on an exact refspec the remote does not have, and a remote has no
 * results before someone pushes some.  New string.
 */
char *fetch_refspec(const char *remote, const char *ref);

/*
 * Runs `git fetch` for `ref` from `remote` into its tracking ref.  Returns
 * 0, or -1 with an error printed (the remote cannot be reached, say);
 * nothing local changes then.
 */
int fetch_results(const char *remote, const char *ref, const struct transport_options *opts);

/*
 * Runs `git push` of the commit `tip` to `ref` on `remote`, without force.
 * Returns 0 when pushed (or already there), 1 when the remote refused it
 * (usually because someone else pushed first), -1 on any other failure,
 * with an error printed.  `summary` gets git's summary of the update
 * ("1234567..89abcde", "[up to date]", "[rejected] (fetch first)").
 */
int push_results(const char *remote, const char *ref, const git_oid *tip,
		 const struct transport_options *opts, struct strbuf *summary);

/*
 * Merges the notes ref `theirs` into `ours` and reports the outcome on
 * stderr (only conflicts and notes that are not records when `quiet`).
 * Returns 0, or -1 with an error printed.
 */
int merge_notes_ref(git_repository *repo, const char *ours, const char *theirs, int quiet);

#endif
