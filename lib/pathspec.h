#ifndef PATHSPEC_H
#define PATHSPEC_H

#include <git2.h>

struct shallow;

/*
 * Paths that limit a walk, as `git log -- <path>...` takes them: relative
 * to the current directory inside the work tree, matched as libgit2's
 * diff matches a pathspec (a directory stands for what is under it,
 * wildcards as in git).
 */
struct pathspec {
	git_strarray paths;	/* from the top of the work tree */
	int all;		/* a path named the whole tree: nothing is left out */
	struct shallow *shallow;	/* a shallow clone's boundary, or NULL */
	int first_parent;	/* compare a merge with its first parent only */
};

/*
 * Turns `args` into paths from the top of the work tree.  Dies, as git
 * does, on a path outside the repository.  Release with pathspec_release().
 */
void pathspec_init(struct pathspec *ps, git_repository *repo, const char **args, size_t nr);

/*
 * How many of the `nr` arguments left after the options are revisions,
 * the rest being paths, as git log and git show split them: those
 * before "--" (`dashdash`, from parse_options_dashdash(); -1 without
 * one), or else up to the first that is no revision but names a file.
 * Dies when an argument is both, as git refuses to guess.
 */
int pathspec_revisions_nr(git_repository *repo, const char **args, int nr, int dashdash);
void pathspec_release(struct pathspec *ps);

/*
 * Whether the commit changes what the paths match compared with at least
 * one of its parents (with the empty tree, for a root commit): what
 * `git log --full-history -- <path>...` lists.  With `first_parent`, a
 * merge is compared with its first parent only, as with git log's
 * --first-parent.
 */
int pathspec_commit_touches(const struct pathspec *ps, git_repository *repo,
			    const git_oid *commit);

#endif
