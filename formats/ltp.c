/*
 * The JSON report of kirk, the LTP runner (libkirk/export.py):
 *
 *   {"results": [{"test_fqn": "proc01", "status": "fail",
 *                 "test": {"log": ..., "retval": ["1"], "result": "fail", ...}}],
 *    "stats": {...}, "environment": {...}}
 *
 * Each result becomes "ltp.<test_fqn>".  kirk's stats count assertions
 * (TPASS, TFAIL lines), not tests, so they are not checked against the
 * results.  The "results" array is read one entry at a time
 * (formats/json-stream.h), so memory does not grow with the report.
 */
#include "formats/format.h"
#include "formats/input-json.h"
#include "formats/json-stream.h"
#include "lib/usage.h"

#include <jansson.h>
#include <string.h>

#define LTP_MAX_REASON 512

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
	format_add_cut(out, hit, len, LTP_MAX_REASON);
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

/*
 * The "results" array, one entry at a time: a report of any size is
 * read in the memory of its largest entry.
 */
static int read_results(struct json_stream *js, struct result_sink *sink, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT, reason = STRBUF_INIT;
	size_t i;
	int ret = 0;

	if (json_stream_peek(js) != '[') {
		strbuf_addstr(err, "not a kirk report: no \"results\" array");
		return -1;
	}
	json_stream_expect(js, '[', err);
	if (json_stream_peek(js) == ']')
		return json_stream_expect(js, ']', err);
	for (i = 0; !ret; i++) {
		json_t *entry = json_stream_value(js, err);

		if (!entry) {
			ret = -1;
			break;
		}
		if (!json_is_object(entry)) {
			strbuf_addf(err, "results[%zu] is not an object", i);
			ret = -1;
		} else {
			ret = one_result(entry, sink, &path, &reason, err, i);
		}
		json_decref(entry);
		if (!ret && json_stream_peek(js) == ']')
			break;
		if (!ret)
			ret = json_stream_expect(js, ',', err);
	}
	if (!ret)
		ret = json_stream_expect(js, ']', err);
	strbuf_release(&path);
	strbuf_release(&reason);
	return ret;
}

static int ltp_parse(struct line_reader *in, struct result_sink *sink, struct strbuf *err)
{
	struct json_stream js;
	int seen_results = 0, ret;

	json_stream_init(&js, in);
	if (json_stream_peek(&js) != '{' && !in->error) {
		strbuf_addstr(err, "not a kirk report: no \"results\" array");
		json_stream_release(&js);
		return -1;
	}
	ret = json_stream_expect(&js, '{', err);
	if (!ret && json_stream_peek(&js) == '}')
		ret = json_stream_expect(&js, '}', err);
	else
		while (!ret) {
			json_t *key = json_stream_value(&js, err), *value;

			if (!key) {
				ret = -1;
				break;
			}
			if (!json_is_string(key)) {
				strbuf_addstr(err, "not a kirk report: an object key is not a string");
				ret = -1;
			} else if ((ret = json_stream_expect(&js, ':', err))) {
				;
			} else if (!strcmp(json_string_value(key), "results")) {
				if (seen_results) {
					strbuf_addstr(err, "not a kirk report: two \"results\" arrays");
					ret = -1;
				} else {
					seen_results = 1;
					ret = read_results(&js, sink, err);
				}
			} else if ((value = json_stream_value(&js, err))) {
				json_decref(value);	/* stats, environment: not results */
			} else {
				ret = -1;
			}
			json_decref(key);
			if (!ret && json_stream_peek(&js) == '}') {
				ret = json_stream_expect(&js, '}', err);
				break;
			}
			if (!ret)
				ret = json_stream_expect(&js, ',', err);
		}
	if (!ret)
		ret = json_stream_expect_end(&js, err);
	if (!ret && !seen_results) {
		strbuf_addstr(err, "not a kirk report: no \"results\" array");
		ret = -1;
	}
	json_stream_release(&js);
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
