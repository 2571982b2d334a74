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
 * "<submit URL> <build id>" each.  The file only grows; it is rewritten
 * whole under "<file>.lock", so runs at the same time wait for each
 * other and neither loses what the other added.
 */
struct kcidb_published {
	char *path;
	char *url;	/* the submission URL whose builds these are */
	char **ids;	/* sorted */
	size_t nr, alloc;
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
 * Adds `nr` build ids to the file, under its lock: what another run
 * added meanwhile is kept.  Waits up to `timeout` seconds for a lock
 * another run holds.  Returns 0, or -1 with a message in `err`.
 */
int kcidb_published_add(struct kcidb_published *p, const char *const *ids, size_t nr,
			double timeout, struct strbuf *err);

/* Frees `p`; accepts a KCIDB_PUBLISHED_INIT one. */
void kcidb_published_release(struct kcidb_published *p);

#endif
