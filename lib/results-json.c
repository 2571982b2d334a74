#include "lib/results-json.h"
#include "lib/usage.h"

#include <stdlib.h>

json_t *counts_to_json(const size_t counts[STATUS__NR])
{
	json_t *obj = json_object();
	size_t i;

	for (i = 0; i < STATUS__NR; i++)
		json_object_set_new(obj, status_name((enum result_status)i),
				    json_integer((json_int_t)counts[i]));
	return obj;
}

json_t *group_env_to_json(const struct result_group *g)
{
	json_t *env = json_object();
	size_t i;

	for (i = 0; i < g->record->env_nr; i++)
		json_object_set_new(env, g->record->env[i].key, json_string(g->record->env[i].value));
	return env;
}

json_t *group_to_json(const struct result_group *g)
{
	json_t *obj = json_object();

	json_object_set_new(obj, "origin", json_string(g->record->origin));
	json_object_set_new(obj, "env", group_env_to_json(g));
	json_object_set_new(obj, "status", json_string(status_name(g->status)));
	json_object_set_new(obj, "counts", counts_to_json(g->counts));
	json_object_set_new(obj, "records", json_integer((json_int_t)g->records));
	json_object_set_new(obj, "tests", json_integer((json_int_t)g->tests_nr));
	return obj;
}

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *diff_entry_to_json(const struct diff_entry *e)
{
	json_t *obj = json_object();

	json_object_set_new(obj, "origin", json_string(e->group->record->origin));
	json_object_set_new(obj, "env", group_env_to_json(e->group));
	json_object_set_new(obj, "path", json_string(e->path));
	json_object_set_new(obj, "old", e->has_old ? json_string(status_name(e->old_status)) : json_null());
	json_object_set_new(obj, "new", e->has_new ? json_string(status_name(e->new_status)) : json_null());
	json_object_set_new(obj, "old_reason", string_or_null(e->has_old ? e->old_reason : NULL));
	json_object_set_new(obj, "new_reason", string_or_null(e->has_new ? e->new_reason : NULL));
	if (e->kind == DIFF_UNSTABLE)
		json_object_set_new(obj, "reruns_differ", json_boolean(e->reruns_differ));
	if (e->kind == DIFF_KNOWN_ISSUE)
		json_object_set_new(obj, "known", known_issue_to_json(e->known));
	return obj;
}

json_t *known_issue_to_json(const struct known_issue *k)
{
	json_t *obj = json_object(), *env = json_object();
	size_t i;

	json_object_set_new(obj, "pattern", json_string(k->pattern));
	for (i = 0; i < k->env_nr; i++)
		json_object_set_new(env, k->env[i].key, json_string(k->env[i].pattern));
	json_object_set_new(obj, "env", env);
	json_object_set_new(obj, "link", json_string(k->link));
	json_object_set_new(obj, "reason", string_or_null(k->reason));
	json_object_set_new(obj, "line", json_integer((json_int_t)k->line));
	return obj;
}

json_t *results_diff_to_json(const struct results_diff *d)
{
	json_t *obj = json_object(), *counts = json_object(), *lists[DIFF__NR], *fixed;
	size_t i, k;

	for (k = 0; k < DIFF__NR; k++) {
		json_object_set_new(counts, diff_kind_key((enum diff_kind)k),
				    json_integer((json_int_t)d->counts[k]));
		lists[k] = json_array();
	}
	for (i = 0; i < d->nr; i++)
		json_array_append_new(lists[d->entries[i].kind], diff_entry_to_json(&d->entries[i]));
	json_object_set_new(obj, "counts", counts);
	for (k = 0; k < DIFF__NR; k++)
		json_object_set_new(obj, diff_kind_key((enum diff_kind)k), lists[k]);
	fixed = json_array();
	for (i = 0; i < d->possibly_fixed_nr; i++)
		json_array_append_new(fixed, known_issue_to_json(d->possibly_fixed[i]));
	json_object_set_new(obj, "possibly_fixed", fixed);
	return obj;
}

void results_json_write(struct strbuf *out, json_t *json)
{
	char *text = json_dumps(json, JSON_INDENT(2) | JSON_ENSURE_ASCII);

	if (!text)
		die("cannot format JSON output");
	strbuf_addstr(out, text);
	strbuf_addch(out, '\n');
	free(text);
	json_decref(json);
}
