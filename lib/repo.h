#ifndef REPO_H
#define REPO_H

#include <git2.h>

#include "lib/strbuf.h"

#include <stdint.h>
#include <string.h>

/* A hash-table key for an object id: its first bytes are already uniform. */
static inline uint32_t oid_hash(const git_oid *oid)
{
	uint32_t h;

	memcpy(&h, oid->id, sizeof(h));
	return h;
}

/*
 * The repository the command runs in, found the way git finds it
 * (GIT_DIR, GIT_WORK_TREE, GIT_CEILING_DIRECTORIES, the current
 * directory), and git's own configuration including `git -c` overrides.
 */

/*
 * The last libgit2 error as text, never NULL; the system's (errno) when
 * libgit2 left none.
 */
const char *repo_error_text(void);

/*
 * Forgets the last libgit2 error and errno, which libgit2 leaves as they
 * were when it succeeds: called before a write whose failure must say
 * its own reason, not one left by an earlier lookup that was allowed to
 * fail.
 */
void repo_error_reset(void);

/*
 * Checks a libgit2 return value: dies with "fatal: <what>: <libgit2's
 * message>" when it is negative, returns it otherwise.
 */
int check(int ret, const char *what);

/*
 * Opens the repository for this process, or dies with git's message when
 * there is none.
 */
git_repository *repo_open(void);

/*
 * Opens the repository as repo_open() does, or returns NULL when there
 * is none: for settings read before a command starts (the pager).
 */
git_repository *repo_open_gently(void);

/*
 * Configuration lookups that honour `git -c` (GIT_CONFIG_PARAMETERS) and
 * GIT_CONFIG_COUNT, which libgit2 does not read, before the files.  The
 * string returned by config_get_string is the caller's to free; NULL when
 * unset.
 */
char *config_get_string(git_repository *repo, const char *key);
/* Returns `def` when unset; dies on a value that is not a boolean. */
int config_get_bool(git_repository *repo, const char *key, int def);

/*
 * Calls `fn` for each setting of `git -c` and GIT_CONFIG_COUNT, in the
 * order git applies them (after the files: the last one wins), with "true"
 * for a bare `git -c key`: for keys a reader lists rather than looks up
 * (results.metric.<glob>.threshold).  Stops at the first call that returns
 * non-zero, and returns that; 0 when none did.
 */
typedef int (*config_override_fn)(const char *key, const char *value, void *data);
int config_for_each_override(config_override_fn fn, void *data);

/*
 * A boolean as git reads one: true, yes, on or a non-zero number is 1;
 * false, no, off, 0 or the empty string is 0 (any case); anything else
 * is -1.  Needs no libgit2 initialisation.
 */
int config_parse_bool(const char *value);

/*
 * The committer for notes commits: GIT_COMMITTER_NAME/EMAIL/DATE, then
 * user.name/user.email, as git does.  Dies when no identity can be found.
 */
git_signature *repo_committer(git_repository *repo);

/*
 * Resolves a revision (as git rev-parse does) to a commit id; 0, or -1
 * with an error printed.
 */
int repo_resolve_commit(git_repository *repo, const char *rev, git_oid *out);

/*
 * The current branch, as git finds it: where HEAD points, through
 * symbolic refs, when that is under refs/heads/, whether or not the
 * branch has commits yet (an unborn branch is the current one, as for
 * `git branch --show-current`).  Appends its short name ("main") to
 * `out` and returns 0; returns 1, appending nothing, when HEAD is
 * detached or points outside refs/heads/; -1 when HEAD cannot be read.
 */
int repo_current_branch(git_repository *repo, struct strbuf *out);

/*
 * The value of "branch.<branch>.<key>" (remote, pushRemote, merge) as
 * config_get_string() reads it: the caller's to free, NULL when unset.
 */
char *repo_branch_config(git_repository *repo, const char *branch, const char *key);

#endif
