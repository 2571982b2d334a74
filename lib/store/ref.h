#ifndef STORE_REF_H
#define STORE_REF_H

#include <git2.h>
#include <sys/stat.h>
#include <time.h>

/*
 * Moving a ref safely among concurrent writers: a compare-and-swap under
 * the ref's lock, a wait between attempts, and a watch on a lock file
 * that stays.  The store's updates and merge's fast-forward share them.
 */

/* What a compare-and-swap did. */
enum ref_cas {
	REF_CAS_MOVED,		/* the ref now holds the new value */
	REF_CAS_RACED,		/* another writer moved it first: re-read and retry */
	REF_CAS_LOCKED,		/* another writer holds its lock: wait and retry */
};

/*
 * Moves `ref` to `new_id` if it still holds `old` (NULL: if it still does
 * not exist).  The ref is locked before its value is compared, so the
 * check and the update are one step; libgit2's own create and
 * create_matching check a missing ref before taking the lock, which lets
 * two writers both create it and one of them lose its notes.  `sig` may
 * be NULL (the repository's default identity).  Dies on other errors.
 */
enum ref_cas ref_compare_and_swap(git_repository *repo, const char *ref, const git_oid *old,
				  const git_oid *new_id, const git_signature *sig,
				  const char *reflog);

/* Waits a random while, longer after each lost race, so that racers spread out. */
void ref_backoff(int attempt);

/*
 * Another writer holds a ref's lock for milliseconds.  A lock file that
 * stays (the same file, for two seconds) was left by a process that
 * crashed, or is held by one that will not let go soon: retrying would
 * only end in "it keeps changing under us".  An update that found `ref`
 * locked calls this before it retries: it dies as git does ("cannot lock
 * ref ...: File exists", with a hint) once the same lock has stayed that
 * long.  Start `w` zeroed, and zero it again when an attempt fails
 * for another reason.
 */
struct ref_lock_watch {
	int seen;
	struct stat st;
	struct timespec since;
};

void ref_lock_watch(struct ref_lock_watch *w, git_repository *repo, const char *ref);

#endif
