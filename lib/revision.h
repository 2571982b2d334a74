#ifndef REVISION_H
#define REVISION_H

#include <git2.h>

#include "lib/strbuf.h"

/*
 * Revision arguments as `git log` takes them: "a..b" walks b without a,
 * "^a" hides a, "a" starts a walk at a.  "a...b" is read only where
 * git diff reads it: the merge base of a and b, against b.
 */

/* Whether `arg` is a range or a negation, i.e. asks for a walk. */
int revision_is_range(const char *arg);

/*
 * Whether `arg` is written as a range "a..b" (or as "a...b", which
 * revision_range() refuses), as opposed to one revision.
 */
int revision_is_dotted(const char *arg);

/*
 * Splits a range "a..b" into the names of its ends, appended to `from`
 * and `to`; an empty end is "HEAD", as in git ("a.." is "a..HEAD").
 * Returns 0, or -1 after printing an error: a symmetric range "a...b"
 * is not supported, and neither is ".." alone (git reads it as a path),
 * nor an argument without "..".
 */
int revision_range_split(const char *arg, struct strbuf *from, struct strbuf *to);

/*
 * As revision_range_split(), and also splits a symmetric range "a...b",
 * setting *symmetric (0 for "a..b").  "..." alone is no range.
 */
int revision_range_split_symmetric(const char *arg, struct strbuf *from, struct strbuf *to,
				   int *symmetric);

/*
 * The two commits `git diff` compares for a range: "a..b" is a against
 * b, "a...b" the merge base of a and b against b.  Returns 0, or -1
 * after printing an error (a bad end, or no merge base: "a...b: no
 * merge base", as git says).
 */
int revision_diff_range(git_repository *repo, const char *arg, git_oid *from, git_oid *to);

/*
 * Resolves a range "a..b" to the commits at its ends: `from`, whose
 * history is left out, and `to`.  Each end is read as
 * repo_resolve_commit() reads a revision, with its messages.  Returns 0,
 * or -1 after printing an error.
 */
int revision_range(git_repository *repo, const char *arg, git_oid *from, git_oid *to);

/*
 * Reads one argument as `git log` does ("a..b", "^a", "a") and calls
 * `add` for each commit it names, with `hide` set for a commit whose
 * history is left out.  Returns 0, or -1 after printing an error for a
 * bad revision or range (nothing added then).
 */
typedef void (*revision_add_fn)(void *data, const git_oid *commit, int hide);
int revision_read(git_repository *repo, const char *arg, revision_add_fn add, void *data);

/*
 * Adds one argument to `walk`, as revision_read() reads it.  Returns 0,
 * or -1 after printing an error for a bad revision or range.
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
