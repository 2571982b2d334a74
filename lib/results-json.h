#ifndef RESULTS_JSON_H
#define RESULTS_JSON_H

#include <jansson.h>

#include "lib/results-diff.h"

/*
 * The JSON pieces shared by `git results diff --json` and
 * `git results summary --format json`.  Every function returns a new
 * reference; keys come in a fixed order so output is byte-for-byte
 * stable.
 */

/* {"FAIL": n, "ERROR": n, ...}: all six statuses in roll-up order. */
json_t *counts_to_json(const size_t counts[STATUS__NR]);

/* The environment of a group, as an object of strings, keys sorted. */
json_t *group_env_to_json(const struct result_group *g);

/* {"origin", "env", "status", "counts", "records", "tests"} of one group. */
json_t *group_to_json(const struct result_group *g);

/*
 * One change: {"origin", "env", "path", "old", "new", "old_reason",
 * "new_reason"}, where old and new are statuses or null; an unstable
 * test adds "reruns_differ", a known issue "known".
 */
json_t *diff_entry_to_json(const struct diff_entry *e);

/* A known-issues entry: {"pattern", "env", "link", "reason", "line"}. */
json_t *known_issue_to_json(const struct known_issue *k);

/*
 * The whole comparison: {"counts": {"regressions": n, ...}, then one
 * array per kind ("regressions", "fixes", "new_failures",
 * "still_failing", "disappeared", "unstable", "known_issues"), then
 * "possibly_fixed": the known issues that match no failure}.
 */
json_t *results_diff_to_json(const struct results_diff *d);

/* Appends `json` indented, ASCII only, with a final newline; consumes it. */
void results_json_write(struct strbuf *out, json_t *json);

#endif
