#ifndef FORMATS_INPUT_JSON_H
#define FORMATS_INPUT_JSON_H

#include <jansson.h>

#include "formats/format.h"

/*
 * Helpers shared by the readers of JSON formats (KUnit JSON, KCIDB,
 * tuxrun, Fuego).  input_json_read() reads a document whole; the readers
 * of large documents (kirk, KUnit JSON, tuxrun) read them one value at a
 * time instead (formats/json-stream.h).
 */

/* As in the KTAP reader: longer names and reasons are cut. */
#define INPUT_JSON_MAX_NAME 1024
#define INPUT_JSON_MAX_REASON 4096

enum input_json_flags {
	/*
	 * kunit.py prints its progress lines before the JSON and its elapsed
	 * time after it: skip lines up to the first that starts with '{',
	 * and stop at the end of the first JSON value.
	 */
	INPUT_JSON_EMBEDDED = 1 << 0,
};

/*
 * Reads the rest of `in` as one JSON document.  Returns a new reference,
 * or NULL with a message in `err` ("line 3 column 7: ...").
 */
json_t *input_json_read(struct line_reader *in, unsigned flags, struct strbuf *err);

/*
 * Where in `head` (the first bytes of an input) its JSON starts: after
 * white space, or with INPUT_JSON_EMBEDDED at the first line starting
 * with '{'.  NULL when it does not start like a JSON object.
 */
const char *input_json_start(const char *head, size_t len, unsigned flags);

/*
 * Appends what jansson's `jerr` says went wrong ("line 3 column 7: ...",
 * counting `skipped_lines` before the JSON), or "out of memory"; call it
 * right after the load, having set errno to 0 before it.
 */
void input_json_error(struct strbuf *err, const json_error_t *jerr, size_t skipped_lines);

/* Whether a load failed for want of memory; errno as for input_json_error(). */
int input_json_out_of_memory(const json_error_t *jerr);

/* The string value of `key` in `obj`; NULL when absent or not a string. */
const char *input_json_string(json_t *obj, const char *key);

struct record_metric;

/*
 * Reads `obj`'s `value_key` (a number, or a string that is one, as LAVA
 * and Fuego write them) and `unit_key` into `out`: 1 when it holds a
 * measurement, 0 when not.
 */
int input_json_measurement(struct record_metric *out, json_t *obj, const char *value_key,
			   const char *unit_key);

/*
 * A set of path components, to make sibling names unique the way the KTAP
 * reader does: a name seen before gets "_2", "_3"...
 */
struct name_set {
	char **slots;
	size_t nr, alloc;
};
#define NAME_SET_INIT { NULL, 0, 0 }

/* Makes the component in `comp` unique in `set` (appending a suffix) and adds it. */
void name_set_claim(struct name_set *set, struct strbuf *comp);
void name_set_clear(struct name_set *set);

/* Adds a copy of `s` to `set` unless there; returns whether it was added. */
int name_set_add(struct name_set *set, const char *s);

/*
 * Appends `name` as a path component to `path` (after a '.' unless `path`
 * is empty), mapped by format_path_component() when it is not one
 * already; `fallback` (a position, say) names an empty name.  Makes it
 * unique in `set` when given.  Returns whether the name had to change:
 * mapped, cut at INPUT_JSON_MAX_NAME bytes, or given a suffix that makes
 * it unique (not for an empty name that took the fallback).
 */
int input_json_add_component(struct strbuf *path, const char *name, const char *fallback,
			     struct name_set *set);

#endif
