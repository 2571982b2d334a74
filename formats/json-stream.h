#ifndef FORMATS_JSON_STREAM_H
#define FORMATS_JSON_STREAM_H

#include <jansson.h>
#include <stdint.h>

#include "formats/input-json.h"
#include "lib/line-reader.h"
#include "lib/strbuf.h"

/*
 * A JSON document read one value at a time, for readers of documents
 * that hold a long array (kirk's "results"): the punctuation around the
 * values is read here, each value is loaded by jansson alone, so memory
 * grows with the largest value, not with the document.
 *
 * Errors are "line N, column M: <what>", counted from the start of the
 * input (lines from 1, columns from 0 as jansson counts them).
 */
struct json_stream {
	struct line_reader *in;
	struct strbuf value;	/* the text of the value being read */
	unsigned long line;	/* where the next byte is */
	unsigned long column;
	/*
	 * Between the line and the column in messages: ", " (kirk's reader)
	 * unless a reader keeps input_json_error()'s " " by setting it.
	 */
	const char *column_sep;
	size_t max_value;	/* JSON_STREAM_MAX_VALUE, or the test's own */
};

void json_stream_init(struct json_stream *js, struct line_reader *in);
void json_stream_release(struct json_stream *js);

/* Appends "line N, column M: " for the byte after the last one read. */
void json_stream_where(struct json_stream *js, struct strbuf *err);

/* Skips white space; returns the next byte, not consumed, or EOF. */
int json_stream_peek(struct json_stream *js);

/*
 * Skips white space and consumes `c`.  Returns 0, or -1 with what was
 * found instead in `err`.
 */
int json_stream_expect(struct json_stream *js, int c, struct strbuf *err);

/*
 * Skips white space and reads the next value whole: an object, array,
 * string, number or literal.  Returns a new reference, or NULL with a
 * message in `err`.
 */
json_t *json_stream_value(struct json_stream *js, struct strbuf *err);

/*
 * Copies the text of the next value as it is to the file `fd` from
 * offset 0, instead of loading it: for a value to read later, when what
 * comes after it has been read.  Sets `*len` to the bytes copied.
 * Returns 0, or -1 with a message in `err`.
 */
int json_stream_copy_value(struct json_stream *js, int fd, uint64_t *len, struct strbuf *err);

/*
 * Reads an object's key and the ':' after it.  A key that is not a
 * string, or that `seen` holds already, is an error, said as jansson
 * says it; the others are added to `seen`.  Returns a new reference, or
 * NULL with a message in `err`.
 */
json_t *json_stream_key(struct json_stream *js, struct name_set *seen, struct strbuf *err);

/*
 * After a member of an object or an element of an array: consumes a ','
 * and returns 1 when another follows, or `close` ('}' or ']') and
 * returns 0 when none does; -1 with a message in `err`.
 */
int json_stream_more(struct json_stream *js, int close, struct strbuf *err);

/*
 * Skips white space and checks that the input ends there.  Returns 0, or
 * -1 with what comes instead in `err`.
 */
int json_stream_expect_end(struct json_stream *js, struct strbuf *err);

#endif
