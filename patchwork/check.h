#ifndef PATCHWORK_CHECK_H
#define PATCHWORK_CHECK_H

#include "lib/result-groups.h"
#include "lib/strbuf.h"

#include <jansson.h>

/*
 * What a commit's results become on Patchwork: one check per group of
 * records (one origin, one environment) on the patch the commit came
 * from, as Patchwork's REST API takes it (POST
 * /api/<version>/patches/<id>/checks/).  Nothing here speaks HTTP.
 */

struct patchwork_check {
	const char *state;	/* "success", "warning" or "fail" (static) */
	char *context;		/* a slug: origin and environment values */
	char *description;	/* the counts */
	char *target_url;	/* the record's first link, or NULL */
};
#define PATCHWORK_CHECK_INIT { NULL, NULL, NULL, NULL }

/*
 * Patchwork's state for a roll-up: FAIL and ERROR are "fail", MISS (a
 * test that should have run did not) and SKIP (nothing ran) "warning",
 * PASS and DONE "success".
 */
const char *patchwork_state(enum result_status status);

/* Fills `c` (initialised) from one group of a commit's results. */
void patchwork_check_from_group(struct patchwork_check *c, const struct result_group *g);
void patchwork_check_release(struct patchwork_check *c);

/* The JSON body of the POST that creates the check (a new reference). */
json_t *patchwork_check_json(const struct patchwork_check *c);

/*
 * Whether `existing`, one check as Patchwork lists it, says the same as
 * `c`: state, context, description and target_url all equal (a missing
 * or null description or URL equal to none).
 */
int patchwork_check_same(const struct patchwork_check *c, json_t *existing);

/*
 * The patch a commit message names: an "X-Patchwork-Id: <n>" trailer, or
 * the Message-ID in a "Link:" trailer pointing at lore.kernel.org
 * (https://lore.kernel.org/r/<msgid>, .../<list>/<msgid>/) or
 * https://patch.msgid.link/<msgid>, percent-decoded and without angle
 * brackets.  Returns 0 with `id` (0 when only a Message-ID was found) or
 * `msgid` set, 1 when the message names no patch, or -1 with a message in
 * `err` for a malformed X-Patchwork-Id.
 */
int patchwork_patch_ref(const char *message, long *id, struct strbuf *msgid,
			struct strbuf *err);

#endif
