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
 * Reading, a submission (`add`) and the dashboard (`sync pull`) give
 * the same record for the same tests: one run is the tests of one build
 * that one origin ran on one platform in one lab.
 *
 *   record                    KCIDB
 *   commit                    checkout git_commit_hash
 *   date                      read from the earliest test start_time, else
 *                             the build start_time (the dashboard: else the
 *                             commit's date); written to every start_time
 *   link                      read from the build log_url when the build is
 *                             known, else from the log_url all of a run's
 *                             tests share; the first URI link is written
 *                             as every test's log_url
 *   test reason               read from test misc.error_msg (a submission
 *                             only: no dashboard listing has it), or the
 *                             original of a changed path; written to test
 *                             comment
 *   env arch                  build architecture (test misc.arch without the build)
 *   env config                build config_name  (test misc.config)
 *   env toolchain             build compiler     (test misc.compiler); written
 *                             from an older record's env compiler too
 *   env device                test environment.misc.platform; written from
 *                             env platform too
 *   env lab                   read from test misc.runtime, else build
 *                             misc.lab (kcidb_run_lab()); written to build
 *                             misc.lab
 *   env imported              "kcidb unsigned" on every record read
 *   status, test statuses     status: KCIDB's six are the record's; none is
 *                             a test still running
 *   test path                 test path (kcidb_test_path())
 *   test measurement          test number: value, unit, prefix
 *                             (kcidb_test_number(); written by
 *                             kcidb/write.c with the record's number text)
 *   run                       build id, platform and lab (kcidb_run_id())
 *   the whole record          build misc.git_results.record (KCIDB_MISC_KEY)
 */

/*
 * The measurement of a test's "number" into `m` (released by the caller):
 * 1 when it has one, 0 when not, -1 when its value is not a finite number.
 */
int kcidb_test_number(json_t *test, struct record_metric *m);

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
 * The non-empty string `obj` holds at `key` (borrowed), or NULL: also
 * for the "Unknown" the KernelCI dashboard writes for a build's
 * architecture, compiler or config it does not know.
 */
const char *kcidb_dashboard_value(json_t *obj, const char *key);

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

/* The platform a test of a dashboard listing ran on (environment_misc.platform); or NULL. */
const char *kcidb_listed_test_platform(json_t *item);

/* The lab `test` names in its misc.runtime, as it is; NULL when none. */
const char *kcidb_test_lab(json_t *test);

/*
 * The lab of a run of `origin`: the lab its tests name (`test_lab`, a
 * submission's misc.runtime or a dashboard listing's "lab"), else its
 * build's misc.lab; neither when it only names the origin (the ingester
 * writes the origin where a submission names no lab) or is the "shell"
 * or "k8s*" runtime the ingester moves to misc.automatic_lab.  Borrowed;
 * NULL when none.
 */
const char *kcidb_run_lab(const char *test_lab, json_t *build, const char *origin);

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
 * A KCIDB test path as a record path, in `out` (reset first), for a
 * submission and the dashboard alike: a valid one as it is; otherwise
 * empty components (v4 allowed them) are dropped, the others mapped by
 * format_path_component(), and one longer than INPUT_JSON_MAX_NAME is
 * cut.  The empty root path (all the tests of a build), NULL, or a path
 * without a component becomes "unnamed".  Returns whether a name changed,
 * for the caller to keep the original (the root is no name).
 */
int kcidb_test_path(struct strbuf *out, const char *path);

/*
 * Run ids.  A run id is 1 to 256 of [A-Za-z0-9_.:+-]; any other
 * character of a build id becomes '_'.
 */
#define KCIDB_MAX_RUN_LEN 256

/*
 * The run id of the tests of `build_id` that `origin` ran on `platform`
 * in `lab` (either NULL), appended to `out`, for a submission and the
 * dashboard alike: "<build id>[+<platform>][+<lab>]" with the build id's
 * "<origin>:" prefix left out ("build" when nothing is left of it); a
 * longer one than KCIDB_MAX_RUN_LEN keeps its start and a hash of the
 * whole.
 */
void kcidb_run_id(struct strbuf *out, const char *build_id, const char *origin,
		  const char *platform, const char *lab);

#endif
