/*
 * A JSON document read one value at a time (see formats/json-stream.h).
 */
#include "formats/json-stream.h"
#include "formats/input-json.h"
#include "lib/unlinked-file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A value larger than this is not test results but a mistake. */
#define JSON_STREAM_MAX_VALUE (512UL << 20)

/*
 * The limit on one value: JSON_STREAM_MAX_VALUE, but for a test, which
 * reaches it without writing and reading 512 MiB by naming a smaller
 * one in bytes in GIT_TEST_JSON_MAX_VALUE.
 */
static size_t max_value(void)
{
	const char *env = getenv("GIT_TEST_JSON_MAX_VALUE");
	char *end;
	unsigned long n;

	if (!env || !*env)
		return JSON_STREAM_MAX_VALUE;
	n = strtoul(env, &end, 10);
	return *end || !n ? JSON_STREAM_MAX_VALUE : n;
}

void json_stream_init(struct json_stream *js, struct line_reader *in)
{
	js->in = in;
	js->max_value = max_value();
	strbuf_init(&js->value, 0);
	js->line = 1;
	js->column = 0;
	js->column_sep = ", ";
}

void json_stream_release(struct json_stream *js)
{
	strbuf_release(&js->value);
}

static void advance(struct json_stream *js, const char *p, size_t n)
{
	const char *end = p + n;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl) {
			js->column += (unsigned long)(end - p);
			break;
		}
		js->line++;
		js->column = 0;
		p = nl + 1;
	}
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int json_stream_peek(struct json_stream *js)
{
	const char *data;
	size_t n, i;

	while ((n = line_reader_peek(js->in, 1, &data))) {
		for (i = 0; i < n && is_space((unsigned char)data[i]); i++)
			;
		advance(js, data, i);
		line_reader_consume(js->in, i);
		if (i < n)
			return (unsigned char)data[i];
	}
	return EOF;
}

void json_stream_where(struct json_stream *js, struct strbuf *err)
{
	strbuf_addf(err, "line %lu%scolumn %lu: ", js->line, js->column_sep, js->column);
}

static int read_failed(struct json_stream *js, struct strbuf *err)
{
	if (!js->in->error)
		return 0;
	strbuf_addstr(err, strerror(js->in->error));
	return 1;
}

int json_stream_expect(struct json_stream *js, int c, struct strbuf *err)
{
	int got = json_stream_peek(js);

	if (got == c) {
		advance(js, (const char *)&(char){ (char)c }, 1);
		line_reader_consume(js->in, 1);
		return 0;
	}
	if (read_failed(js, err))
		return -1;
	json_stream_where(js, err);
	if (got == EOF)
		strbuf_addf(err, "'%c' expected, found the end of the input", c);
	else
		strbuf_addf(err, "'%c' expected near '%c'", c, got);
	return -1;
}

/*
 * Appends to js->value (or with `fd` not -1, writes to `fd` at `*off`)
 * the text of the value that starts at the next byte, and consumes it: up to the bracket or quote that closes it, or
 * for a number or literal up to the byte that ends it.  A value cut
 * short by the end of the input is left to jansson to report.
 */
static int scan_value(struct json_stream *js, int fd, uint64_t *off, struct strbuf *err)
{
	size_t depth = 0, n, i;
	int in_string = 0, escaped = 0, done = 0;
	const char *data;

	while (!done && (n = line_reader_peek(js->in, 1, &data))) {
		for (i = 0; i < n; i++) {
			char c = data[i];

			if (in_string) {
				if (escaped) {
					escaped = 0;
				} else if (c == '\\') {
					escaped = 1;
				} else if (c == '"') {
					in_string = 0;
					done = !depth;
				}
			} else if (c == '"') {
				in_string = 1;
			} else if (c == '{' || c == '[') {
				depth++;
			} else if (!depth && (c == '}' || c == ']' || c == ',' || c == ':' ||
					      is_space((unsigned char)c))) {
				done = 1;	/* the byte after a number or literal */
				break;
			} else if (c == '}' || c == ']') {
				done = !--depth;
			}
			if (done) {
				i++;
				break;
			}
		}
		if (fd < 0) {
			strbuf_add(&js->value, data, i);
		} else {
			unlinked_file_write_at(fd, data, i, *off);
			*off += i;
		}
		advance(js, data, i);
		line_reader_consume(js->in, i);
		if (js->value.len > js->max_value) {
			if (js->max_value % (1UL << 20))
				strbuf_addf(err, "more than %lu bytes of JSON in one value",
					    (unsigned long)js->max_value);
			else
				strbuf_addf(err, "more than %lu MiB of JSON in one value",
					    (unsigned long)(js->max_value >> 20));
			return -1;
		}
	}
	return read_failed(js, err) ? -1 : 0;
}

/* Skips white space; returns 0 when a value starts there, or -1 with what does in `err`. */
static int value_starts(struct json_stream *js, struct strbuf *err)
{
	int c = json_stream_peek(js);

	if (c != EOF && !(c && strchr(",:]}", c)))
		return 0;
	if (read_failed(js, err))
		return -1;
	json_stream_where(js, err);
	if (c == EOF)
		strbuf_addstr(err, "a value expected, found the end of the input");
	else
		strbuf_addf(err, "a value expected near '%c'", c);
	return -1;
}

int json_stream_copy_value(struct json_stream *js, int fd, uint64_t *len, struct strbuf *err)
{
	*len = 0;
	if (value_starts(js, err))
		return -1;
	return scan_value(js, fd, len, err);
}

json_t *json_stream_value(struct json_stream *js, struct strbuf *err)
{
	unsigned long line, column;
	json_error_t jerr;
	json_t *v;

	if (value_starts(js, err))
		return NULL;
	line = js->line;
	column = js->column;
	strbuf_reset(&js->value);
	if (scan_value(js, -1, NULL, err))
		return NULL;
	errno = 0;
	v = json_loadb(js->value.buf, js->value.len,
		       JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
	if (v)
		return v;
	if (input_json_out_of_memory(&jerr)) {
		strbuf_addstr(err, "out of memory");
		return NULL;
	}
	if (jerr.line > 1)
		line += (unsigned long)jerr.line - 1, column = 0;
	strbuf_addf(err, "line %lu%scolumn %lu: %s", line, js->column_sep,
		    column + (unsigned long)(jerr.column > 0 ? jerr.column : 0), jerr.text);
	return NULL;
}

json_t *json_stream_key(struct json_stream *js, struct name_set *seen, struct strbuf *err)
{
	json_t *key = json_stream_value(js, err);

	if (!key)
		return NULL;
	/* as jansson says these: where the key ends, and the key */
	if (!json_is_string(key)) {
		json_stream_where(js, err);
		strbuf_addf(err, "string or '}' expected near '%.64s'", js->value.buf);
	} else if (!name_set_add(seen, json_string_value(key))) {
		json_stream_where(js, err);
		strbuf_addf(err, "duplicate object key near '%.64s'", js->value.buf);
	} else if (!json_stream_expect(js, ':', err)) {
		return key;
	}
	json_decref(key);
	return NULL;
}

int json_stream_more(struct json_stream *js, int close, struct strbuf *err)
{
	if (json_stream_peek(js) == close)
		return json_stream_expect(js, close, err);
	return json_stream_expect(js, ',', err) ? -1 : 1;
}

int json_stream_expect_end(struct json_stream *js, struct strbuf *err)
{
	const char *data;
	size_t n, len = 0;

	if (json_stream_peek(js) == EOF)
		return read_failed(js, err) ? -1 : 0;
	n = line_reader_peek(js->in, 64, &data);
	while (len < n && len < 64 && !is_space((unsigned char)data[len]))
		len++;
	/* as jansson says it: where the token ends, and the token */
	strbuf_addf(err, "line %lu%scolumn %lu: end of file expected near '%.*s'",
		    js->line, js->column_sep, js->column + (unsigned long)len, (int)len, data);
	return -1;
}
