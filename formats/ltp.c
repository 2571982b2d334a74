/*
 * The JSON report of kirk, the LTP runner (libkirk/export.py):
 *
 *   {"results": [{"test_fqn": "proc01", "status": "fail",
 *                 "test": {"log": ..., "retval": ["1"], "result": "fail", ...}}],
 *    "stats": {...}, "environment": {...}}
 *
 * Each result becomes "ltp.<test_fqn>".  kirk's stats count assertions
 * (TPASS, TFAIL lines), not tests, so they are not checked against the
 * results.  The report is small (one entry per test, with its log), so it
 * is read whole with jansson.
 */
#include "formats/format.h"
#include "formats/input-json.h"
#include "lib/usage.h"

#include <errno.h>
#include <jansson.h>
#include <string.h>

#define LTP_MAX_REASON 512

struct reader {
	struct line_reader *in;
};

/* jansson's callback: the input, chunk by chunk. */
static size_t read_chunk(void *buffer, size_t size, void *data)
{
	struct reader *r = data;
	const char *chunk;
	size_t n;

	n = line_reader_peek(r->in, 1, &chunk);
	if (n > size)
		n = size;
	memcpy(buffer, chunk, n);
	line_reader_consume(r->in, n);
	return r->in->error ? (size_t)-1 : n;
}

static const struct {
	const char *word;
	enum result_status status;
	const char *token;	/* the LTP log token that explains it */
} statuses[] = {
	{ "pass", STATUS_PASS, NULL },
	{ "fail", STATUS_FAIL, "TFAIL" },
	/* TBROK: the test itself broke (setup failed, killed, timed out) */
	{ "brok", STATUS_ERROR, "TBROK" },
	/* TWARN: something went wrong around the test, typically its cleanup */
	{ "warn", STATUS_ERROR, "TWARN" },
	/* TCONF: not applicable to this kernel or machine */
	{ "conf", STATUS_SKIP, "TCONF" },
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * The first log line carrying `token` ("TFAIL"), from the token on:
 * "TFAIL: read(/proc/...) failed" says why.
 */
static void reason_from_log(struct strbuf *out, const char *log, const char *token)
{
	const char *hit = log ? strstr(log, token) : NULL;
	size_t len;

	if (!hit)
		return;
	len = strcspn(hit, "\n");
	while (len && is_space(hit[len - 1]))
		len--;
	if (len > LTP_MAX_REASON) {
		len = LTP_MAX_REASON;
		while (len && ((unsigned char)hit[len] & 0xc0) == 0x80)
			len--;
	}
	strbuf_add(out, hit, len);
}

/* Puts "name \"ltp.<test_fqn>\"" in front of the reason of a renamed test. */
static void keep_original_name(struct strbuf *reason, const char *name)
{
	struct strbuf original = STRBUF_INIT, why = STRBUF_INIT;

	strbuf_addf(&original, "ltp.%s", name);
	strbuf_addbuf(&why, reason);
	strbuf_reset(reason);
	format_original_name(reason, original.buf, why.buf);
	strbuf_release(&original);
	strbuf_release(&why);
}

static int one_result(json_t *entry, struct result_sink *sink, struct strbuf *path,
		      struct strbuf *reason, struct strbuf *err, size_t index)
{
	json_t *test = json_object_get(entry, "test");
	const char *name = json_string_value(json_object_get(entry, "test_fqn"));
	const char *status = json_string_value(json_object_get(entry, "status"));
	const char *token = NULL;
	enum result_status st = STATUS_PASS;
	size_t i, len;
	int renamed;

	if (!status && json_is_object(test))
		status = json_string_value(json_object_get(test, "result"));
	if (!name || !status) {
		strbuf_addf(err, "results[%zu] has no %s", index, name ? "status" : "test_fqn");
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(statuses); i++)
		if (!strcmp(status, statuses[i].word))
			break;
	if (i == ARRAY_SIZE(statuses)) {
		strbuf_addf(err, "results[%zu] has the unknown status '%.64s'", index, status);
		return -1;
	}
	st = statuses[i].status;
	token = statuses[i].token;

	strbuf_reset(path);
	strbuf_addstr(path, "ltp.");
	/* the test's name is one component, dots and all */
	len = strlen(name);
	renamed = !format_is_path_component(name, len);
	if (renamed)
		format_path_component(path, name, len);
	else
		strbuf_add(path, name, len);
	strbuf_reset(reason);
	if (token && json_is_object(test)) {
		json_t *retval = json_object_get(test, "retval");

		reason_from_log(reason, json_string_value(json_object_get(test, "log")), token);
		if (!reason->len && json_is_array(retval) &&
		    json_is_string(json_array_get(retval, 0)))
			strbuf_addf(reason, "exit code %.32s",
				    json_string_value(json_array_get(retval, 0)));
	}
	if (renamed)
		keep_original_name(reason, name);
	return sink->test(sink, path->buf, st, reason->len ? reason->buf : NULL);
}

static int ltp_parse(struct line_reader *in, struct result_sink *sink, struct strbuf *err)
{
	struct reader r = { in };
	struct strbuf path = STRBUF_INIT, reason = STRBUF_INIT;
	json_error_t jerr;
	json_t *root, *results;
	size_t i;
	int ret = 0;

	errno = 0;
	root = json_load_callback(read_chunk, &r, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		if (in->error)
			strbuf_addstr(err, strerror(in->error));
		else if (input_json_out_of_memory(&jerr))
			strbuf_addstr(err, "out of memory");
		else
			strbuf_addf(err, "line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
		return -1;
	}
	results = json_object_get(root, "results");
	if (!json_is_array(results)) {
		strbuf_addstr(err, "not a kirk report: no \"results\" array");
		ret = -1;
		goto cleanup;
	}
	for (i = 0; i < json_array_size(results) && !ret; i++) {
		json_t *entry = json_array_get(results, i);

		if (!json_is_object(entry)) {
			strbuf_addf(err, "results[%zu] is not an object", i);
			ret = -1;
			break;
		}
		ret = one_result(entry, sink, &path, &reason, err, i);
	}
cleanup:
	strbuf_release(&path);
	strbuf_release(&reason);
	json_decref(root);
	return ret;
}

/* A JSON object whose keys include kirk's. */
static int ltp_detect(const char *head, size_t len)
{
	size_t i = 0;

	while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r'))
		i++;
	if (i == len || head[i] != '{')
		return 0;
	if (memmem(head, len, "\"results\"", 9) && memmem(head, len, "\"test_fqn\"", 10))
		return 95;
	return 0;
}

const struct format format_ltp = {
	.name = "ltp",
	.description = "LTP results as reported by kirk (JSON)",
	.detect = ltp_detect,
	.parse = ltp_parse,
};
