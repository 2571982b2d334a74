#ifndef RECORD_OPTIONS_H
#define RECORD_OPTIONS_H

#include "../lib/parse-options.h"
#include "../lib/record.h"

#include <git2.h>

/*
 * The options that describe a test run, shared by `add` and `parse`:
 * --origin, --run, --env, --link, --date, --tester, --format.
 */
struct record_options {
	const char *origin;
	const char *run;
	const char *date;
	const char *tester;
	const char *format;
	struct string_list env;
	struct string_list links;
};
#define RECORD_OPTIONS_INIT { NULL, NULL, NULL, NULL, NULL, STRING_LIST_INIT, STRING_LIST_INIT }

#define OPT_RECORD_OPTIONS(o) \
	OPT_STRING(0, "format", &(o)->format, "name", "input format (default: auto)"), \
	OPT_STRING(0, "origin", &(o)->origin, "origin", "who ran the tests ([a-z0-9_]; default: results.origin or 'local')"), \
	OPT_STRING(0, "run", &(o)->run, "id", "run id, unique within the origin (default: derived from the results)"), \
	OPT_STRING_LIST(0, "env", &(o)->env, "key=value", "describe the environment (arch, config, toolchain, device...)"), \
	OPT_STRING_LIST(0, "link", &(o)->links, "url", "link to the full log or report"), \
	OPT_STRING(0, "date", &(o)->date, "date", "when the run happened (RFC 3339 or @<unix time>; default: now)"), \
	OPT_STRING(0, "tester", &(o)->tester, "ident", "who tested, e.g. 'Name <email>'")

/*
 * Fills the run description of `r` from the options (and, with a
 * repository, results.origin).  Returns 0, or -1 after printing an error.
 */
int record_options_apply(struct record *r, const struct record_options *opts,
			 git_repository *repo);

/*
 * Parses one input into `r` and completes it: commit and tree (when
 * `commit` is given), the default run id, normalisation.  Returns 0 or -1
 * after printing an error.
 */
int record_options_build(struct record *r, const struct record_options *opts,
			 git_repository *repo, git_commit *commit, const char *input);

void record_options_release(struct record_options *opts);

#endif
