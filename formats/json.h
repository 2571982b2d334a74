#ifndef FORMATS_JSON_H
#define FORMATS_JSON_H

#include <jansson.h>

#include "lib/record.h"

/*
 * The stable JSON shape of a record (Documentation/git-results.md,
 * "JSON output"): an object with commit, tree, origin, run, date, env,
 * tester, links, status, counts (every status, in roll-up order), signed
 * (whether a signature follows the record) and tests
 * ([{path, status[, reason]}]).  Returns a new reference.
 */
json_t *record_to_json(const struct record *r);
/* A measurement as KCIDB's test "number": {"value", "unit", "prefix"}. */
json_t *metric_to_json(const struct record_metric *m);

/* Prints `json` to stdout, indented, with a final newline; consumes it. */
void print_json(json_t *json);

#endif
