#ifndef KCIDB_PUBLISHED_H
#define KCIDB_PUBLISHED_H

#include "lib/strbuf.h"

#include <git2.h>
#include <stddef.h>

/*
 * What KCIDB has accepted from this repository: the ids of the builds
 * `sync push` saw ingested, so that the next push sends only new ones.
 * Build ids name their record's bytes (kcidb_build_id()), so a changed
 * record is a new build and is sent again.  They are kept per submission
 * URL, in <common git dir>/git-results/kcidb-published, one line
 * "<submit URL> <build id> <commit> <unix time>" each.  The file only grows; it is rewritten
 * whole under "<file>.lock", so runs at the same time wait for each
 * other and neither loses what the other added.
 */
struct kcidb_published {
	char *path;
	char *url;	/* the submission URL whose builds these are */
	char **ids;	/* sorted */
	size_t nr, alloc;
	struct {
		char commit[GIT_OID_HEXSZ + 1];
		long long when;
	} *pushes;	/* when a build of which commit was taken */
	size_t pushes_nr, pushes_alloc;
};

/* A build KCIDB took, and the commit (40 hex) it is of. */
struct kcidb_published_build {
	const char *id;
	const char *commit;
};

#define KCIDB_PUBLISHED_INIT { NULL }

/*
 * Reads the build ids published to `url` (no credentials).  A missing
 * file holds none.  Returns 0, or -1 with a message in `err`.
 */
int kcidb_published_read(struct kcidb_published *p, git_repository *repo, const char *url,
			 struct strbuf *err);

/* Whether build `id` is among those read. */
int kcidb_published_has(const struct kcidb_published *p, const char *id);

/*
 * When KCIDB last took a build of `commit` (40 hex) from this URL, in
 * seconds since the epoch; -1 when it never did.
 */
long long kcidb_published_last(const struct kcidb_published *p, const char *commit);

/*
 * Adds `nr` builds to the file, taken now, under its lock: what another
 * run added meanwhile is kept.  Waits up to `timeout` seconds for a lock
 * another run holds.  Returns 0, or -1 with a message in `err`.
 */
int kcidb_published_add(struct kcidb_published *p, const struct kcidb_published_build *builds,
			size_t nr, double timeout, struct strbuf *err);

/* Frees `p`; accepts a KCIDB_PUBLISHED_INIT one. */
void kcidb_published_release(struct kcidb_published *p);

#endif
