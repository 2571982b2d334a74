#include "json.h"
#include "../lib/usage.h"

#include <stdio.h>

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
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
		json_array_append_new(tests, t);
	}
	json_object_set_new(obj, "tests", tests);
	return obj;
}

void json_print(json_t *json)
{
	if (json_dumpf(json, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII) < 0)
		die("cannot write JSON output");
	putchar('\n');
	json_decref(json);
}
