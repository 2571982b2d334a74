#include "formats/json.h"
#include "lib/metric.h"
#include "formats/render.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *metric_to_json(const struct record_metric *m)
{
	json_t *number = json_object();

	json_object_set_new(number, "value", json_real(m->value));
	if (m->unit)
		json_object_set_new(number, "unit", json_string(m->unit));
	if (m->prefix != METRIC_PREFIX_NONE)
		json_object_set_new(number, "prefix", json_string(metric_prefix_name(m->prefix)));
	return number;
}

json_t *record_header_to_json(const struct record *r)
{
	json_t *obj = json_object(), *env = json_object(), *links = json_array();
	json_t *counts = json_object();
	size_t i;

	json_object_set_new(obj, "commit", *r->commit ? json_string(r->commit) : json_null());
	json_object_set_new(obj, "tree", *r->tree ? json_string(r->tree) : json_null());
	json_object_set_new(obj, "origin", string_or_null(r->origin));
	json_object_set_new(obj, "run", string_or_null(r->run));
	json_object_set_new(obj, "date", string_or_null(r->date));
	for (i = 0; i < r->env_nr; i++)
		json_object_set_new(env, r->env[i].key, json_string(r->env[i].value));
	json_object_set_new(obj, "env", env);
	json_object_set_new(obj, "tester", string_or_null(r->tester));
	for (i = 0; i < r->links_nr; i++)
		json_array_append_new(links, json_string(r->links[i]));
	json_object_set_new(obj, "links", links);
	json_object_set_new(obj, "status", json_string(status_name(r->status)));
	for (i = 0; i < STATUS__NR; i++)
		json_object_set_new(counts, status_name((enum result_status)i),
				    json_integer((json_int_t)r->counts[i]));
	json_object_set_new(obj, "counts", counts);
	json_object_set_new(obj, "signed", json_boolean(r->signature != NULL));
	json_object_set_new(obj, "tests", json_array());
	return obj;
}

json_t *record_to_json(const struct record *r)
{
	json_t *obj = record_header_to_json(r), *tests = json_object_get(obj, "tests");
	size_t i;

	for (i = 0; i < r->tests_nr; i++) {
		json_t *t = json_object();

		json_object_set_new(t, "path", json_string(r->tests[i].path));
		json_object_set_new(t, "status", json_string(status_name(r->tests[i].status)));
		if (r->tests[i].reason)
			json_object_set_new(t, "reason", json_string(r->tests[i].reason));
		if (r->tests[i].metric)
			json_object_set_new(t, "number", metric_to_json(r->tests[i].metric));
		json_array_append_new(tests, t);
	}
	return obj;
}

/* Whether jansson prints `s` as it is between quotes (JSON_ENSURE_ASCII). */
static int json_plain(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c > 0x7f || c == '"' || c == '\\')
			return 0;
	}
	return 1;
}

/* Appends `s` as a JSON string, as jansson prints it; -1 when it is no valid UTF-8. */
static int add_json_string(struct strbuf *sb, const char *s, size_t len)
{
	json_t *str;
	char *quoted;

	if (json_plain(s, len)) {
		strbuf_addch(sb, '"');
		strbuf_add(sb, s, len);
		strbuf_addch(sb, '"');
		return 0;
	}
	str = json_stringn(s, len);
	quoted = str ? json_dumps(str, JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;
	json_decref(str);
	if (!quoted)
		return -1;
	strbuf_addstr(sb, quoted);
	free(quoted);
	return 0;
}

/* Appends a newline and `indent` spaces. */
static void add_newline_indent(struct strbuf *sb, int indent)
{
	static const char spaces[] = "\n                ";

	if (indent < 0 || (size_t)indent >= sizeof(spaces) - 1)
		BUG("JSON indent %d", indent);
	strbuf_add(sb, spaces, (size_t)indent + 1);
}

/*
 * Appends ",\n<indent>\"number\": {...}" as print_json() prints a test's
 * measurement whose members are `indent` spaces in.  Returns 0, or -1.
 */
static int add_json_number(struct strbuf *sb, int indent, const struct record_metric *m)
{
	json_t *number = metric_to_json(m);
	char *dumped = json_dumps(number, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	const char *p;

	json_decref(number);
	if (!dumped)
		return -1;
	strbuf_addf(sb, ",\n%*s\"number\": ", indent, "");
	for (p = dumped; *p; p++) {
		strbuf_addch(sb, *p);
		if (*p == '\n')
			strbuf_addf(sb, "%*s", indent, "");
	}
	free(dumped);
	return 0;
}

/*
 * Appends the `nth` element of a "tests" array as print_json() prints
 * it, its braces `indent` spaces in.
 */
static int add_json_test(struct strbuf *sb, int indent, size_t nth, const char *path, size_t path_len,
			 enum result_status status, const char *reason, size_t reason_len,
			 const struct record_metric *metric)
{
	/* once a test, a few hundred thousand times a note: no printf */
	if (nth)
		strbuf_addch(sb, ',');
	add_newline_indent(sb, indent);
	strbuf_addch(sb, '{');
	add_newline_indent(sb, indent + 2);
	strbuf_addstr(sb, "\"path\": ");
	if (add_json_string(sb, path, path_len) < 0)
		return -1;
	strbuf_addch(sb, ',');
	add_newline_indent(sb, indent + 2);
	strbuf_addstr(sb, "\"status\": \"");
	strbuf_addstr(sb, status_name(status));
	strbuf_addch(sb, '"');
	if (reason) {
		strbuf_addch(sb, ',');
		add_newline_indent(sb, indent + 2);
		strbuf_addstr(sb, "\"reason\": ");
		if (add_json_string(sb, reason, reason_len) < 0)
			return -1;
	}
	if (metric && add_json_number(sb, indent + 2, metric) < 0)
		return -1;
	add_newline_indent(sb, indent);
	strbuf_addch(sb, '}');
	return 0;
}

static void flush_json(struct strbuf *sb, FILE *out)
{
	if (fwrite(sb->buf, 1, sb->len, out) != sb->len)
		die_errno("cannot write JSON output");
	strbuf_reset(sb);
}

void json_records_add(struct json_records *w, json_t *obj, const struct record *r)
{
	static const char empty_tests[] = "\n    \"tests\": []";
	json_t *wrap = json_array();
	struct strbuf sb = STRBUF_INIT;
	const char *tail;
	char *text;
	size_t i, len;

	json_array_append_new(wrap, obj);
	text = json_dumps(wrap, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(wrap);
	if (!text)
		die("cannot write JSON output");
	/* the element, between the wrapping array's "[\n" and "\n]" */
	len = strlen(text) - 2;
	tail = strstr(text, empty_tests);
	if (!tail)
		BUG("a record's JSON without its tests");
	strbuf_addstr(&sb, w->nr++ ? ",\n" : "[\n");
	strbuf_add(&sb, text + 2, (size_t)(tail - text) + sizeof(empty_tests) - 4);
	tail += sizeof(empty_tests) - 2;
	for (i = 0; i < r->tests_nr; i++) {
		const struct record_test *t = &r->tests[i];

		if (add_json_test(&sb, 6, i, t->path, strlen(t->path), t->status,
				  t->reason, t->reason ? strlen(t->reason) : 0, t->metric) < 0)
			die("cannot write JSON output");
		if (sb.len >= 65536)
			flush_json(&sb, w->out);
	}
	if (r->tests_nr)
		strbuf_addstr(&sb, "\n    ");
	strbuf_add(&sb, tail, (size_t)(text + len - tail));
	flush_json(&sb, w->out);
	strbuf_release(&sb);
	free(text);
}

void json_records_end(struct json_records *w)
{
	fputs(w->nr ? "\n]\n" : "[]\n", w->out);
	w->nr = 0;
}

void print_json(json_t *json)
{
	if (json_dumpf(json, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII) < 0)
		die("cannot write JSON output");
	putchar('\n');
	json_decref(json);
}

/*
 * Writes the object record_to_json() would make, byte for byte as
 * print_json() prints it, but with the tests read from the spool one by
 * one instead of built into one large JSON tree.
 */
int render_json_stream(FILE *out, const struct record *header, struct result_spool *tests,
		       size_t nth, struct strbuf *err)
{
	static const char empty_tests[] = "\"tests\": []";
	json_t *obj = record_to_json(header);
	char *text = json_dumps(obj, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	struct strbuf sb = STRBUF_INIT;
	const char *block, *tail;
	size_t len, n = 0;
	int ret = -1;

	json_decref(obj);
	if (!text)
		goto out;
	tail = strstr(text, empty_tests);
	if (!tests->nr || !tail) {
		strbuf_addf(&sb, "%s\n", text);
		ret = fwrite(sb.buf, 1, sb.len, out) == sb.len ? 0 : -1;
		goto out;
	}
	strbuf_add(&sb, text, (size_t)(tail - text) + sizeof(empty_tests) - 2);
	result_spool_rewind(tests);
	while ((block = result_spool_read(tests, &len))) {
		const char *end = block + len;

		while (block < end) {
			const char *nl = memchr(block, '\n', (size_t)(end - block));
			struct spool_test t;

			spool_test_parse(&t, block, (size_t)(nl - block));
			if (t.metric) {
				struct record_metric m;
				int bad;

				if (metric_parse(&m, t.metric, t.metric_len))
					goto out;
				bad = add_json_test(&sb, 4, n++, t.path, t.path_len, t.status,
						    t.reason, t.reason_len, &m) < 0;
				record_metric_release(&m);
				if (bad)
					goto out;
			} else if (add_json_test(&sb, 4, n++, t.path, t.path_len, t.status,
						 t.reason, t.reason_len, NULL) < 0) {
				goto out;
			}
			block = nl + 1;
			if (sb.len >= 65536) {
				if (fwrite(sb.buf, 1, sb.len, out) != sb.len)
					goto out;
				strbuf_reset(&sb);
			}
		}
	}
	strbuf_addstr(&sb, "\n  ]\n}\n");
	if (fwrite(sb.buf, 1, sb.len, out) == sb.len)
		ret = 0;
out:
	if (ret)
		strbuf_addstr(err, "cannot write the JSON output");
	free(text);
	strbuf_release(&sb);
	return ret;
}
