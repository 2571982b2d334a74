#ifndef KCIDB_VERIFY_H
#define KCIDB_VERIFY_H

#include "lib/strbuf.h"

#include <git2.h>

/*
 * What `sync pull` does with a signed record it recovered from a build's
 * misc: the seam where signature verification plugs in (kcidb/verify.c).
 */
enum pulled_signature {
	PULLED_SIGNATURE_GOOD,		/* verified: attach it */
	PULLED_SIGNATURE_BAD,		/* does not verify: refuse it */
	PULLED_SIGNATURE_UNCHECKED,	/* cannot be checked here: attach it as it is */
};

struct record;

/*
 * Checks the signature of `r`, whose exact text (payload and armour) is
 * `text`, as recovered from KCIDB.  Puts the reason for anything but
 * PULLED_SIGNATURE_GOOD in `why`.
 */
enum pulled_signature kcidb_verify_pulled(git_repository *repo, const struct record *r,
					  const char *text, size_t len, struct strbuf *why);

#endif
