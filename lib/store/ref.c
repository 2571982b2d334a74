/*
 * Moving a ref among concurrent writers (see lib/store/ref.h).
 */
#include "lib/store/ref.h"
#include "lib/repo.h"
#include "lib/strbuf.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* How long one lock file may stay before we stop waiting for it. */
#define STALE_LOCK_MS 2000

void ref_backoff(int attempt)
{
	struct timespec ts;
	long max_us = 1000L << (attempt < 6 ? attempt : 6);
	long us = (long)(rand() % max_us) + 200;

	ts.tv_sec = us / 1000000;
	ts.tv_nsec = (us % 1000000) * 1000;
	nanosleep(&ts, NULL);
}

/*
 * Dies with libgit2's last error, after releasing the transaction: a
 * death that kept it would leave the ref's lock file behind, and every
 * later write would stop at it.
 */
__attribute__((noreturn))
static void die_unlocking(git_transaction *tx, const char *what)
{
	char *why = xstrdup(repo_error_text());

	git_transaction_free(tx);
	die("%s: %s", what, why);
}

/*
 * A test's way to fail the read of the ref under its lock, as an I/O
 * error would: GIT_TEST_REF_READ_ERROR names the ref.
 */
static int read_locked_ref(git_oid *out, git_repository *repo, const char *ref)
{
	const char *fail = getenv("GIT_TEST_REF_READ_ERROR");

	if (fail && !strcmp(fail, ref)) {
		git_error_set_str(GIT_ERROR_OS, "injected read error");
		return GIT_ERROR;
	}
	return git_reference_name_to_id(out, repo, ref);
}

enum ref_cas ref_compare_and_swap(git_repository *repo, const char *ref, const git_oid *old,
				  const git_oid *new_id, const git_signature *sig,
				  const char *reflog)
{
	enum ref_cas ret = REF_CAS_RACED;
	git_transaction *tx;
	git_oid current;
	int got, exists;

	check(git_transaction_new(&tx, repo), "cannot update notes ref");
	got = git_transaction_lock_ref(tx, ref);
	if (got == GIT_ELOCKED) {
		ret = REF_CAS_LOCKED;
		goto out;
	}
	if (got < 0)
		die_unlocking(tx, "cannot lock notes ref");
	got = read_locked_ref(&current, repo, ref);
	if (got < 0 && got != GIT_ENOTFOUND)
		die_unlocking(tx, "cannot read notes ref");
	exists = !got;
	if (exists != !!old || (old && !git_oid_equal(&current, old)))
		goto out;
	if (git_transaction_set_target(tx, ref, new_id, sig, reflog) < 0)
		die_unlocking(tx, "cannot update notes ref");
	got = git_transaction_commit(tx);
	if (got == GIT_ELOCKED) {
		ret = REF_CAS_LOCKED;
	} else if (got != GIT_EMODIFIED) {
		if (got < 0)
			die_unlocking(tx, "cannot update notes ref");
		ret = REF_CAS_MOVED;
	}
out:
	git_transaction_free(tx);
	return ret;
}

void ref_lock_watch(struct ref_lock_watch *w, git_repository *repo, const char *ref)
{
	struct strbuf path = STRBUF_INIT;
	struct timespec now;
	struct stat st;
	long waited_ms;

	strbuf_addf(&path, "%s%s.lock", git_repository_commondir(repo), ref);
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (stat(path.buf, &st)) {
		w->seen = 0;
		goto out;
	}
	if (!w->seen || st.st_dev != w->st.st_dev || st.st_ino != w->st.st_ino ||
	    st.st_mtim.tv_sec != w->st.st_mtim.tv_sec ||
	    st.st_mtim.tv_nsec != w->st.st_mtim.tv_nsec) {
		w->seen = 1;
		w->st = st;
		w->since = now;
		goto out;
	}
	waited_ms = (now.tv_sec - w->since.tv_sec) * 1000 +
		    (now.tv_nsec - w->since.tv_nsec) / 1000000;
	if (waited_ms >= STALE_LOCK_MS) {
		fprintf(stderr, "fatal: cannot lock ref '%s': unable to create '%s': File exists\n",
			ref, path.buf);
		fprintf(stderr, "hint: another git process seems to be running in this repository;\n"
			"hint: if none is, one was killed while it held the lock.  Check that no\n"
			"hint: git or git results process uses this repository (e.g. 'ps -ef | grep git'),\n"
			"hint: then remove the lock file to continue:\n"
			"hint:   rm '%s'\n", path.buf);
		exit(EXIT_FATAL);
	}
out:
	strbuf_release(&path);
}
