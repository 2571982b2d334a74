#ifndef STORE_PUBLISH_H
#define STORE_PUBLISH_H

#include <git2.h>

#include "lib/revision.h"

/*
 * What `git results push` may publish: the notes of commits the remote
 * has.  Results of a commit nobody else can see yet (an embargoed fix, a
 * branch not pushed) are held back, without rewriting our notes history:
 * the commit pushed is built for the remote, on top of its notes.
 */

/*
 * The commits that reach `published` (`nr` tips, commits the remote has)
 * among the `noted` ones: sets `reached[i]` for each `noted[i]` that is a
 * tip or an ancestor of one.  Stops walking once every noted commit is
 * found.
 */
void publish_find_reached(git_repository *repo, const git_oid *published, size_t nr,
			  const git_oid *noted, size_t noted_nr, char *reached);

/*
 * Builds the notes commit to push from our notes ref `ours` (already
 * merged with the remote's notes, whose commit is `theirs`, or NULL when
 * the remote has none): when every note annotates a commit the remote
 * has, `*out` is our tip itself and 0 is returned.  Otherwise `*out` is a
 * new commit whose only parent is `theirs`, with the remote's notes and
 * ours of the published commits (a note the remote has on a held-back
 * commit stays as the remote has it), so that neither its tree nor its
 * history carries the held-back notes, and no note of the remote's on a
 * commit it does not have is dropped; `held` gets those commits, and
 * their number is returned.  `scratch` names a ref the commit is built
 * on; it is deleted after.  -1 with an error printed on failure.
 */
int publish_build(git_repository *repo, const char *ours, const git_oid *theirs,
		  const git_oid *published, size_t published_nr, const char *scratch,
		  git_oid *out, struct oid_list *held);

#endif
