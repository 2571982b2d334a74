#ifndef FORMATS_READ_RUN_H
#define FORMATS_READ_RUN_H

#include "lib/parse-options.h"
#include "lib/record.h"
#include "lib/result-spool.h"

#include <git2.h>

/*
 * The options that describe a test run, shared by `add` and `parse`:
 * --origin, --run, --env, --link, --date, --tester, --supersedes, --format.
 */
struct record_options {
	const char *origin;
	const char *run;
	const char *date;
	const char *tester;
	const char *format;
	struct string_list env;
	struct string_list links;
	struct string_list supersedes;
};
#define RECORD_OPTIONS_INIT { NULL, NULL, NULL, NULL, NULL, STRING_LIST_INIT, STRING_LIST_INIT, \
			      STRING_LIST_INIT }

#define OPT_RECORD_OPTIONS(o) \
	OPT_STRING(0, "format", &(o)->format, "name", "input format (default: auto)"), \
	OPT_STRING(0, "origin", &(o)->origin, "origin", "who ran the tests ([a-z0-9_]; default: the input's, results.origin or 'local')"), \
	OPT_STRING(0, "run", &(o)->run, "id", "run id, unique within the origin (default: the input's, or derived from the results)"), \
	OPT_STRING_LIST(0, "env", &(o)->env, "key=value", "describe the environment (arch, config, toolchain, device...)"), \
	OPT_STRING_LIST(0, "link", &(o)->links, "url", "link to the full log or report"), \
	OPT_STRING(0, "date", &(o)->date, "date", "when the run happened (RFC 3339 or @<unix time>; default: now)"), \
	OPT_STRING(0, "tester", &(o)->tester, "ident", "who tested, e.g. 'Name <email>'"), \
	OPT_STRING_LIST(0, "supersedes", &(o)->supersedes, "run", "this run replaces that earlier run of the origin")

/*
 * One run read from an input: its header, made from what the input says
 * and the options, and its tests.  The header has no tests of its own
 * (they are in `tests`) and no run id when none was given: set the
 * commit first, then call parsed_run_finish().
 */
struct parsed_run {
	struct record header;
	struct result_spool tests;
	int derived_run;	/* the run id was made from the results */
};

/* Receives each run of an input, complete; a non-zero return stops reading. */
typedef int (*parsed_run_fn)(struct parsed_run *run, void *data);

/*
 * Parses `input` ("-" for standard input) and hands each run it holds to
 * `fn`, in input order: one run for most formats, one per build and
 * environment for a KCIDB submission.  Options override what the input
 * says (origin, run, date, tester, environment by key); links add up;
 * the defaults (results.origin when `repo` is given, 'local', the date)
 * fill in what neither says.  `fn` may take what it wants from the run;
 * the rest is released after it returns.  Returns 0, or -1 after
 * printing an error (fn's own non-zero return is passed on, as -1).
 */
int record_options_read(const struct record_options *opts, git_repository *repo,
			const char *input, parsed_run_fn fn, void *data);

/*
 * Gives the run its default id, when it has none: a hash of its canonical
 * payload (commit and tree included, so set them first), as
 * git-results-record(5) specifies.
 */
void parsed_run_finish(struct parsed_run *run);

/*
 * Moves the run into `out` (initialised), tests included, normalised.
 * Call parsed_run_finish() first.
 */
void parsed_run_to_record(struct parsed_run *run, struct record *out);

void record_options_release(struct record_options *opts);

#endif
