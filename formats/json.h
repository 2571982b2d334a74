#ifndef FORMATS_JSON_H
#define FORMATS_JSON_H

#include <jansson.h>
#include <stdio.h>

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

/* record_to_json() with "tests" an empty array. */
json_t *record_header_to_json(const struct record *r);

/* Prints `json` to stdout, indented, with a final newline; consumes it. */
void print_json(json_t *json);

/*
 * A JSON array of records written one element at a time, byte for byte
 * as print_json() prints the array of their objects, without building
 * the tree of every test (a commit of 150 records of 2,200 tests is
 * 330,000 tests).
 */
struct json_records {
	FILE *out;
	size_t nr;	/* elements written */
};
#define JSON_RECORDS_INIT(out) { (out), 0 }

/*
 * Writes the element for `obj`, made by record_header_to_json(r) and
 * given more members after it if wanted, with r's tests; consumes
 * `obj`.  Dies when it cannot write.
 */
void json_records_add(struct json_records *w, json_t *obj, const struct record *r);

/* Ends the array (an empty one when nothing was added). */
void json_records_end(struct json_records *w);

#endif
