#ifndef REMOTE_H
#define REMOTE_H

#include <git2.h>

#include "lib/parse-options.h"
#include "lib/revision.h"
#include "lib/store.h"
#include "lib/strbuf.h"

/*
 * What fetch, pull, push, merge and setup share: the transport options,
 * which remote, where its results are tracked, running `git fetch` and
 * `git push` for the notes ref, and reporting a merge.
 */

/* Options passed on to git fetch and git push. */
struct transport_options {
	int quiet;
	int progress;	/* -1: let git decide (when stderr is a terminal) */
	int no_verify;	/* push only: skip our pre-push hook (it is what runs us) */
};
#define TRANSPORT_OPTIONS_INIT { 0, -1, 0 }

/*
 * The options of the commands that fetch or push results: --ref into
 * `ref` (a const char *), -q and --[no-]progress into `o`, a struct
 * transport_options.  Each command says what --ref and -q do for it.
 */
#define OPT_TRANSPORT_OPTIONS(ref, o, ref_help, quiet_help) \
	OPT_STRING(0, "ref", (ref), "notes-ref", (ref_help)), \
	OPT_BOOL('q', "quiet", &(o)->quiet, (quiet_help)), \
	OPT_BOOL(0, "progress", &(o)->progress, "show progress (default: when stderr is a terminal)")

/*
 * The remote to use when none is named, as git chooses it: for a push,
 * branch.<name>.pushRemote and remote.pushDefault first; then
 * branch.<name>.remote of the current branch; then "origin".  A new
 * string.
 */
char *default_remote(git_repository *repo, int for_push);

/*
 * For a reader that found no results: when the notes ref of `s` does not
 * exist at all and the repository has a remote to fetch them from (a
 * fresh clone: git does not fetch notes), says how to get them, once per
 * process.  advice.resultsFetch=false turns it off, as git's advice.*.
 */
void remote_hint_fetch(git_repository *repo, const struct notes_store *s);

/* Whether the ref `name` exists (read afresh: git may just have moved it). */
int ref_exists(git_repository *repo, const char *name);

/* Whether `remote` is a configured remote (one with a URL). */
int remote_exists(git_repository *repo, const char *remote);

/*
 * Whether `remote` is a URL or a path rather than a remote's name, as
 * `git fetch <url>` takes one: no configured remote has that name, and
 * it has a ':' or a '/' or names a directory.
 */
int remote_is_url(git_repository *repo, const char *remote);

/*
 * 0 when `remote` is a configured remote or a URL; -1 with an error
 * otherwise.
 */
int check_remote(git_repository *repo, const char *remote);

/*
 * Where `remote`'s copy of the notes ref `ref` is kept:
 * refs/notes/results -> refs/notes/remotes/<remote>/results.  New string.
 */
char *tracking_ref_name(const char *remote, const char *ref);

/*
 * Where fetch, pull and push keep `remote`'s copy of `ref`: its tracking
 * ref for a remote's name; for a URL, which has none, as for git's
 * FETCH_HEAD, refs/notes/fetch-head/results, which the next fetch of a
 * URL replaces.  A new string.
 */
char *remote_tracking_ref(git_repository *repo, const char *remote, const char *ref);

/*
 * The fetch refspec for `ref` from `remote`.  It is a pattern
 * (+refs/notes/results*:refs/notes/remotes/<remote>/results*) because git
 * fails on an exact refspec the remote does not have, and a remote has no
 * results before someone pushes some.  New string.
 */
char *fetch_refspec(const char *remote, const char *ref);

/*
 * Runs `git fetch` for `ref` from `remote` (a name or a URL) into
 * `tracking`.  Returns 0, or -1 with an error printed (the remote cannot
 * be reached, say); nothing local changes then.
 */
int fetch_results(const char *remote, const char *ref, const char *tracking,
		  const struct transport_options *opts);

/* A remote's results, as remote_results_fetch() brought them in. */
struct remote_results {
	char *remote;
	char *ref;		/* the notes ref fetched, ours by the same name */
	char *tracking;		/* where the remote's copy of `ref` is kept */
};
#define REMOTE_RESULTS_INIT { NULL, NULL, NULL }

/*
 * What fetch and pull share: fetches the notes ref `ref` (NULL: the one
 * store_ref_name() picks) from `remote` (NULL: the default remote; or a
 * URL) into remote_tracking_ref(), and says on stderr, unless quiet, when the remote
 * has no results yet.  Returns 1 when it has, 0 when not, or -1 with an
 * error printed.  `rr` is filled in either way; release it after.
 */
int remote_results_fetch(struct remote_results *rr, git_repository *repo, const char *remote,
			 const char *ref, const struct transport_options *opts);
void remote_results_release(struct remote_results *rr);

/*
 * Runs `git push` of the commit `tip` to `ref` on `remote`, without force.
 * Returns 0 when pushed (or already there), 1 when the remote refused it
 * (usually because someone else pushed first), -1 on any other failure,
 * with an error printed.  `summary` gets git's summary of the update
 * ("1234567..89abcde", "[up to date]", "[rejected] (fetch first)").
 */
int push_results(const char *remote, const char *ref, const git_oid *tip,
		 const struct transport_options *opts, struct strbuf *summary);

/*
 * Appends to `out` the commits `remote` has, as far as we know: the tips
 * of its remote-tracking branches (refs/remotes/<remote>/..., as of the
 * last `git fetch`) for a remote's name; for a URL, what `git ls-remote`
 * lists that we have.  Tags are peeled; objects we do not have are left
 * out.  Returns 0, or -1 with an error printed.
 */
int remote_published_tips(git_repository *repo, const char *remote, struct oid_list *out);

/*
 * Merges the notes ref `theirs` into `ours` and reports the outcome on
 * stderr (only conflicts and notes that are not records when `quiet`).
 * Returns 0, or -1 with an error printed.
 */
int merge_notes_ref(git_repository *repo, const char *ours, const char *theirs, int quiet);

#endif
