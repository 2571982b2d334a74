#ifndef ODB_COMMIT_WALK_H
#define ODB_COMMIT_WALK_H

#include <git2.h>

/*
 * A walk over history in git log's default order: newest committer date
 * first, commits with equal dates in the order they were reached, as
 * git's date-sorted commit list gives them.  Commits come from git's
 * commit-graph file when there is one (no object reads at all) and from
 * the object store otherwise.  Hidden commits (`^a`, `a..b`) hide their
 * ancestry, with git's "limited" walk.  A shallow clone's walks end at
 * its boundary, as git's do.
 */

struct commit_walk;

struct commit_walk *commit_walk_new(git_repository *repo);
void commit_walk_free(struct commit_walk *w);

/* Starting points; hidden ones exclude everything they reach. */
void commit_walk_push(struct commit_walk *w, const git_oid *oid);
void commit_walk_hide(struct commit_walk *w, const git_oid *oid);

/*
 * git log's limits, set before the first commit_walk_next().  With
 * first_parent, a shown commit leads only to its first parent
 * (`--first-parent`; hidden commits still hide all their ancestry).
 * A commit older than `since` (committer date) is not shown and its
 * parents are not walked from it (`--since`: in a limited walk it is
 * hidden, as git's limit_list() does); a commit newer than `until` is
 * not shown, but leads to its parents (`--until`).
 */
void commit_walk_first_parent(struct commit_walk *w);
void commit_walk_since(struct commit_walk *w, long long since);
void commit_walk_until(struct commit_walk *w, long long until);

/*
 * The next commit in `out`: returns 0, or 1 once the walk is over.  Dies
 * on a missing or corrupt commit.
 */
int commit_walk_next(struct commit_walk *w, git_oid *out);

/*
 * Whether commit_walk_next() has returned `commit`: once the walk is
 * over, whether it is in the range walked (`a..b` and the like).
 */
int commit_walk_shown(struct commit_walk *w, const git_oid *commit);

/*
 * The tree of a commit the walk has returned, without another read:
 * from the commit-graph, or kept when the commit was read.  Returns 0,
 * or -1 for a commit the walk has not read.
 */
int commit_walk_tree(struct commit_walk *w, const git_oid *commit, git_oid *tree);

/*
 * The `nth` parent (from 0) of a commit the walk has returned, as the
 * walk saw it (a shallow clone's boundary has none).  Returns 0, 1 when
 * it has no such parent, or -1 for a commit the walk has not read.
 */
int commit_walk_parent(struct commit_walk *w, const git_oid *commit, size_t nth, git_oid *out);

#endif
