#ifndef RELEASE_TAGS_H
#define RELEASE_TAGS_H

#include <git2.h>

/*
 * The repository's tags with the commits they name, for finding releases
 * in history.  The ids a tag peels to are taken from packed-refs, where
 * `git gc` and `git pack-refs` record them, so that a thousand releases
 * cost one read of that file rather than a thousand reads of tag objects;
 * a loose tag, or a packed one without its peeled id, is read.
 */

/*
 * Calls `fn` for every tag that names a commit, with its name without
 * "refs/tags/", whether it is annotated (a tag object) and the commit;
 * tags of trees and blobs, and those whose objects cannot be read, are
 * skipped.  Stops when `fn` returns non-zero, and returns that.  No
 * particular order.
 */
typedef int (*tag_commit_fn)(const char *name, const git_oid *commit, int annotated,
			     void *data);
int tags_for_each_commit(git_repository *repo, tag_commit_fn fn, void *data);

#endif
