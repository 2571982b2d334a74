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

/* Commits named on a command line, each once, in the order found. */
struct oid_list {
	git_oid *oids;
	size_t nr, alloc;
};
#define OID_LIST_INIT { NULL, 0, 0 }

/* Frees the list and leaves it empty. */
void oid_list_release(struct oid_list *list);

/*
 * Resolves the command line's commits: "a..b" ranges are walked (newest
 * first), anything else names one commit; no argument means HEAD.
 * Returns 0, or -1 after printing an error.
 */
int revision_collect(git_repository *repo, int argc, const char **argv,
		     struct oid_list *out);

#endif
