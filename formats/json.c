#include "formats/json.h"
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

json_t *record_to_json(const struct record *r)
{
	json_t *obj = json_object(), *env = json_object(), *links = json_array();
	json_t *counts = json_object(), *tests = json_array();
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
	json_object_set_new(obj, "tests", tests);
	return obj;
}

void print_json(json_t *json)
{
	if (json_dumpf(json, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII) < 0)
		die("cannot write JSON output");
	putchar('\n');
	json_decref(json);
}

/*
 * Appends ",\n      \"number\": {...}" as json_dumps() indents it inside
 * a test, from the measurement text of a test line.  Returns 0, or -1.
 */
static int add_number(struct strbuf *sb, const char *text, size_t len)
{
	struct record_metric m;
	json_t *wrap;
	char *dumped;
	const char *inner;

	if (metric_parse(&m, text, len))
		return -1;
	/* dumped at the depth it has in the record: the record, "tests", a test */
	wrap = json_pack("{s:[{s:o}]}", "tests", "number", metric_to_json(&m));
	record_metric_release(&m);
	dumped = wrap ? json_dumps(wrap, JSON_INDENT(2) | JSON_ENSURE_ASCII) : NULL;
	json_decref(wrap);
	if (!dumped)
		return -1;
	inner = strstr(dumped, "\"number\"");
	strbuf_addstr(sb, ",\n      ");
	/* up to the end of the number object: the test's closing lines follow */
	strbuf_add(sb, inner, (size_t)(strstr(inner, "\n      }") - inner) + 8);
	free(dumped);
	return 0;
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
			strbuf_addf(&sb, "%s\n    {\n      \"path\": \"%.*s\",\n      \"status\": \"%s\"",
				    n++ ? "," : "", (int)t.path_len, t.path, status_name(t.status));
			if (t.reason) {
				json_t *reason = json_stringn(t.reason, t.reason_len);
				char *quoted = reason ? json_dumps(reason, JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;

				json_decref(reason);
				if (!quoted)
					goto out;
				strbuf_addf(&sb, ",\n      \"reason\": %s", quoted);
				free(quoted);
			}
			if (t.metric && add_number(&sb, t.metric, t.metric_len))
				goto out;
			strbuf_addstr(&sb, "\n    }");
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
