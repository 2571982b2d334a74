#ifndef RELEASE_TESTED_BY_H
#define RELEASE_TESTED_BY_H

#include "lib/commit-results.h"
#include "lib/parse-options.h"
#include "lib/strbuf.h"

#include <git2.h>

/*
 * The Tested-by: trailer a tester adds to a commit whose tests passed,
 * as the stable-rc replies and patch reviews carry it.
 */

/*
 * Appends the tester's identity: results.testedBy when set, else
 * "user.name <user.email>" (GIT_COMMITTER_NAME/EMAIL first, as git).
 */
void tested_by_identity(struct strbuf *out, git_repository *repo);

/*
 * Whether the records of `cr` of the given origins (every origin when
 * `origins` is empty) all passed: at least one such record, each rolled
 * up to PASS or DONE, and no run in conflict.  Returns 1 when they did,
 * or 0 with the reasons, one per line, appended to `why`.
 */
int tested_by_passed(const struct commit_results *cr, const struct string_list *origins,
		     struct strbuf *why);

#endif
