/*
 * Moving a ref among concurrent writers (see lib/store/ref.h).
 */
#include "lib/store/ref.h"
#include "lib/repo.h"
#include "lib/strbuf.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
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
	check(got, "cannot lock notes ref");
	got = git_reference_name_to_id(&current, repo, ref);
	if (got < 0 && got != GIT_ENOTFOUND)
		check(got, "cannot read notes ref");
	exists = !got;
	if (exists != !!old || (old && !git_oid_equal(&current, old)))
		goto out;
	check(git_transaction_set_target(tx, ref, new_id, sig, reflog),
	      "cannot update notes ref");
	got = git_transaction_commit(tx);
	if (got == GIT_ELOCKED) {
		ret = REF_CAS_LOCKED;
	} else if (got != GIT_EMODIFIED) {
		check(got, "cannot update notes ref");
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
		fprintf(stderr, "hint: another git process seems to be running in this repository;\n"
			"hint: if none is, one crashed earlier: remove the file to continue\n");
		die("cannot lock ref '%s': unable to create '%s': File exists", ref, path.buf);
	}
out:
	strbuf_release(&path);
}
