#ifndef ODB_SHALLOW_H
#define ODB_SHALLOW_H

#include <git2.h>

/*
 * The shallow boundary of a shallow clone (`git clone --depth`): the
 * commits listed in $GIT_DIR/shallow, whose parents the clone does not
 * have.  git treats them as root commits, and so do our walks; libgit2
 * 1.5 does not know the file and would fail on the missing parents.
 */
struct shallow;

/* The boundary of `repo`, or NULL when it is not a shallow clone. */
struct shallow *shallow_read(git_repository *repo);
void shallow_free(struct shallow *s);

/* Whether `oid` is on the boundary (its parents are cut off); 0 for a NULL `s`. */
int shallow_has(const struct shallow *s, const git_oid *oid);

/* The parents of `commit` as git sees them: none on the boundary. */
unsigned shallow_parentcount(const struct shallow *s, const git_commit *commit);

#endif
