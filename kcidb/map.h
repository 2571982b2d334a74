#ifndef KCIDB_MAP_H
#define KCIDB_MAP_H

#include "lib/record.h"
#include "lib/status.h"
#include "lib/strbuf.h"

#include <jansson.h>
#include <stddef.h>

/*
 * Which field of a record is which field of KCIDB: the one place that
 * says it, for the submission reader (kcidb/read.c), the writer of `sync
 * push` and `--to kcidb` (kcidb/write.c) and the dashboard import of
 * `sync pull` (kcidb/dashboard.c).  git-results-formats(7) ("KCIDB") and
 * git-results-sync(1) ("KCIDB MAPPING") describe it for users.
 *
 *   record                    KCIDB
 *   commit                    checkout git_commit_hash
 *   date                      read from the earliest test start_time (a
 *                             submission) or build start_time (the
 *                             dashboard); written to every start_time
 *   link                      read from the log_url all of a run's tests
 *                             share (a submission) or build log_url (the
 *                             dashboard); the first URI link is written
 *                             as every test's log_url
 *   test reason               read from test misc.error_msg (a submission);
 *                             written to test comment
 *   env arch                  build architecture (test misc.arch without the build)
 *   env config                build config_name  (test misc.config)
 *   env toolchain             build compiler     (test misc.compiler); written
 *                             from an older record's env compiler too
 *   env device                test environment.misc.platform; written from
 *                             env platform too
 *   env lab                   read from test misc.runtime (a submission) or
 *                             build misc.lab (the dashboard); written to
 *                             build misc.lab
 *   status, test statuses     status: KCIDB's six are the record's; none is
 *                             a test still running
 *   test path                 test path (see the two rules below)
 *   run                       build id (see the two rules below)
 *   the whole record          build misc.git_results.record (KCIDB_MISC_KEY)
 */

/* The key of build misc under which `sync push` puts a record. */
#define KCIDB_MISC_KEY "git_results"

/*
 * The environment key of a record `sync pull` made from KCIDB objects,
 * or an unsigned record it recovered, and its value.  `sync push` never
 * publishes such a record again.
 */
#define KCIDB_ENV_IMPORTED RECORD_ENV_IMPORTED
#define KCIDB_IMPORTED_VALUE "kcidb unsigned"

/*
 * A fact about the environment that a KCIDB build holds in a field of
 * its own.
 */
struct kcidb_build_env {
	const char *env;	/* the record's environment key */
	const char *field;	/* the build's field */
	const char *test_misc;	/* the key of a test's misc that says it when the build is absent */
	const char *old_env;	/* an older record key the writer still reads, or NULL */
	int (*accepts)(const char *value);	/* whether KCIDB takes a value; NULL: any */
};

/* arch, config and toolchain, in the writer's order; ends with a NULL env. */
extern const struct kcidb_build_env kcidb_build_envs[];

/*
 * What `m` is for a run of `build` (either may be NULL): the build's
 * field, else the test's misc.  Borrowed from the JSON; NULL when neither
 * holds a non-empty string other than the dashboard's "Unknown".
 */
const char *kcidb_build_env_value(json_t *build, json_t *test, const struct kcidb_build_env *m);

/* The value of environment key `key` in `r` (borrowed), or NULL. */
const char *kcidb_env_value(const struct record *r, const char *key);

/*
 * The value the build field of `m` gets from `r` (borrowed): its key, or
 * else its older key; NULL when there is none or KCIDB would refuse it.
 */
const char *kcidb_build_env_of(const struct record *r, const struct kcidb_build_env *m);

/* Whether `r` came from KCIDB through `sync pull` (KCIDB_ENV_IMPORTED). */
int kcidb_record_is_imported(const struct record *r);

/* The record's environment keys for where a test ran, and who ran it. */
#define KCIDB_ENV_DEVICE "device"
#define KCIDB_ENV_LAB "lab"

/* The platform `test` ran on, the record's env device; NULL when none. */
const char *kcidb_test_platform(json_t *test);

/* The record's env device, else its env platform; or NULL. */
const char *kcidb_record_platform(const struct record *r);

/* The lab that ran `test`, by its misc.runtime; NULL when none. */
const char *kcidb_test_lab(json_t *test);

/*
 * The lab the dashboard says a build of `origin` came from (its
 * misc.lab); NULL when none, or when it only names the origin, as the
 * KCIDB server writes it for every submission.
 */
const char *kcidb_build_lab(json_t *build, const char *origin);

/* The record's env lab, for the build's misc.lab; or NULL. */
const char *kcidb_record_lab(const struct record *r);

/*
 * The first of the record's links that KCIDB takes as a URI, for its
 * tests' log_url; NULL when none.
 */
const char *kcidb_record_log_url(const struct record *r);

/*
 * A KCIDB status as a record's (the six are the same, matched as
 * status_parse() does).  Returns 0; 1 when `status` is NULL, a test still
 * running, which has no result yet; -1 when it is none of the six.
 */
int kcidb_status_parse(const char *status, enum result_status *out);

/*
 * Test paths.  A v5 path is a valid record path, except the empty root
 * path (all the tests of a build); v4 allowed empty components.  The
 * reader and the dashboard import map the others differently, and both
 * rules are kept as they were so that a record read or imported again
 * stays the same bytes.
 */

/*
 * A path in a submission as a record path, in `out` (reset first): a
 * component that is not one is mapped by format_path_component(), an
 * empty one included (it becomes "unnamed"), and one longer than
 * INPUT_JSON_MAX_NAME is cut.  Returns whether the path changed, for the
 * reader to keep the original name.
 */
int kcidb_submission_path(struct strbuf *out, const char *path);

/*
 * A path the dashboard lists as a record path, appended to `out`: a
 * valid one as it is; otherwise the empty components are dropped and the
 * others mapped by format_path_component(), and nothing is cut.  NULL, or
 * a path without a component, becomes "unnamed".
 */
void kcidb_dashboard_path(struct strbuf *out, const char *path);

/*
 * Run ids.  A run id is 1 to 256 of [A-Za-z0-9_.:+-]; any other
 * character of a build id becomes '_'.
 */
#define KCIDB_MAX_RUN_LEN 256

/*
 * The run id of the tests a submission holds for `build_id` on
 * `platform` in `lab` (either NULL), appended to `out`:
 * "<build id>[+<platform>][+<lab>]", the parts cut when they reach
 * KCIDB_MAX_RUN_LEN.
 */
void kcidb_submission_run_id(struct strbuf *out, const char *build_id, const char *platform,
			     const char *lab);

/*
 * The run id of a build the dashboard lists for `origin`, appended to
 * `out`: its id without the "<origin>:" prefix ("build" when nothing is
 * left); a longer one than KCIDB_MAX_RUN_LEN keeps its start and a hash
 * of the whole id.
 */
void kcidb_dashboard_run_id(struct strbuf *out, const char *build_id, const char *origin);

#endif
