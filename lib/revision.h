#ifndef REVISION_H
#define REVISION_H

#include <git2.h>

/*
 * Revision arguments as `git log` takes them: "a..b" walks b without a,
 * "^a" hides a, "a" starts a walk at a.  ("a...b" is not supported.)
 */

/* Whether `arg` is a range or a negation, i.e. asks for a walk. */
int revision_is_range(const char *arg);

/*
 * Adds one argument to `walk`.  Returns 0, or -1 after printing an
 * error for a bad revision or range.
 */
int revision_push(git_repository *repo, git_revwalk *walk, const char *arg);

#endif
