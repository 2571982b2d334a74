#ifndef ODB_PROMISOR_H
#define ODB_PROMISOR_H

#include <git2.h>

/*
 * A partial clone (`git clone --filter=blob:none`) leaves out objects
 * that its promisor remote promises to send when asked; git fetches them
 * lazily, libgit2 does not know how.  These ask git to.
 */

/*
 * The promisor remote of `repo` (extensions.partialClone), or NULL when
 * it is no partial clone.  A new string.
 */
char *promisor_remote(git_repository *repo);

/*
 * Fetches the `nr` objects `oids` from `remote` the way git's own lazy
 * fetch does (`git fetch` of the ids with no negotiation), so that the
 * next read finds them.  Safe to call from several threads: one fetch
 * runs at a time.  Returns 0, or -1 when git could not fetch them (it
 * has said why).
 */
int promisor_fetch(const char *remote, const git_oid *oids, size_t nr);

#endif
