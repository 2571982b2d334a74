#ifndef RELEASE_DESCRIBE_H
#define RELEASE_DESCRIBE_H

#include <git2.h>

#include "lib/strbuf.h"

/*
 * Names for commits, as `git describe` gives them: what release scripts
 * put in URLs.
 * Only annotated tags count, as in plain `git describe`.
 */

/*
 * Appends `git describe <commit>`: the nearest annotated tag, followed by
 * "-<n>-g<abbrev>" unless the tag points at the commit.  With
 * `tag_only`, appends the tag alone (`git describe --abbrev=0`) and puts
 * the tagged commit in `tagged` when it is not NULL.  Returns 0, or -1
 * with a message in `err` when no annotated tag is reachable.
 */
int describe_commit(git_repository *repo, const git_oid *commit, int tag_only,
		    struct strbuf *out, git_oid *tagged, struct strbuf *err);

/*
 * Appends the name of a tag that points at `commit` (annotated tags
 * first, then lightweight ones, each in name order).  Returns 0, or -1
 * with a message in `err` when none does.
 */
int describe_exact_tag(git_repository *repo, const git_oid *commit, struct strbuf *out,
		       struct strbuf *err);

/*
 * Appends the short name of the current branch (`git branch --show-current`).
 * Returns 0, or -1 with a message in `err` on a detached or unborn HEAD.
 */
int describe_current_branch(git_repository *repo, struct strbuf *out, struct strbuf *err);

#endif
