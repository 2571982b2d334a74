/*
 * The release summary as JSON for scripts and dashboards: the same
 * facts as the text, in a stable shape (Documentation/git-results-summary.md).
 */
#include "lib/release/summary.h"
#include "lib/results-json.h"

#include <string.h>

static json_t *commit_ref(const char *name, const struct commit_results *cr)
{
	json_t *obj = json_object();

	json_object_set_new(obj, "name", json_string(name));
	json_object_set_new(obj, "commit", json_string(cr->hex));
	commit_results_source_json(obj, cr);
	return obj;
}

static json_t *signatures_json(const struct summary *s)
{
	json_t *array = json_array();
	size_t i;

	for (i = 0; i < s->release.records.nr; i++) {
		const struct record *r = &s->release.records.items[i];
		const struct record_signature_check *c = &s->signatures[i];
		json_t *obj = json_object();

		json_object_set_new(obj, "origin", json_string(r->origin));
		json_object_set_new(obj, "run", json_string(r->run));
		json_object_set_new(obj, "signature", json_string(record_signature_state_name(c->state)));
		json_object_set_new(obj, "signer", c->signer ? json_string(c->signer) : json_null());
		json_object_set_new(obj, "detail", json_string(c->detail));
		json_array_append_new(array, obj);
	}
	return array;
}

static json_t *failing_json(const struct summary *s)
{
	json_t *array = json_array();
	size_t i, j;

	for (i = 0; i < s->release.groups.nr; i++) {
		const struct result_group *g = &s->release.groups.items[i];

		for (j = 0; j < g->tests_nr; j++) {
			const struct group_test *t = &g->tests[j];
			json_t *obj;

			if (!status_is_failing(t->status))
				continue;
			obj = json_object();
			json_object_set_new(obj, "origin", json_string(g->record->origin));
			json_object_set_new(obj, "env", group_env_to_json(g));
			json_object_set_new(obj, "path", json_string(t->path));
			json_object_set_new(obj, "status", json_string(status_name(t->status)));
			json_object_set_new(obj, "reason", t->reason ? json_string(t->reason) : json_null());
			json_array_append_new(array, obj);
		}
	}
	return array;
}

static json_t *merges_json(const struct summary *s)
{
	json_t *array = json_array();
	size_t i, k;

	for (i = 0; i < s->merges_nr; i++) {
		const struct summary_merge *m = &s->merges[i];
		json_t *obj = json_object(), *heads = json_array();
		int tested = m->records && !m->bad_note;

		json_object_set_new(obj, "commit", json_string(m->commit));
		json_object_set_new(obj, "subject", json_string(m->subject));
		for (k = 0; k < m->heads_nr; k++)
			json_array_append_new(heads, json_string(m->heads[k]));
		json_object_set_new(obj, "merged", heads);
		json_object_set_new(obj, "status", tested ? json_string(status_name(m->status)) : json_null());
		json_object_set_new(obj, "counts", counts_to_json(m->counts));
		json_object_set_new(obj, "records", json_integer((json_int_t)m->records));
		json_object_set_new(obj, "bad_note", json_boolean(m->bad_note));
		json_array_append_new(array, obj);
	}
	return array;
}

/*
 * The regzbot lines as objects, {"introduced": ..., "title": ...}: the
 * lines come in that pair for each regression.
 */
static json_t *regzbot_json(const struct summary *s)
{
	static const char introduced[] = "#regzbot introduced: ", title[] = "#regzbot title: ";
	json_t *list = json_array(), *item = NULL;
	const char *p = s->regzbot.buf, *end = s->regzbot.buf + s->regzbot.len;

	while (p < end) {
		const char *eol = memchr(p, '\n', end - p);
		size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);

		if (len > strlen(introduced) && !strncmp(p, introduced, strlen(introduced))) {
			item = json_object();
			json_array_append_new(list, item);
			json_object_set_new(item, "introduced",
					    json_stringn(p + strlen(introduced), len - strlen(introduced)));
		} else if (item && len > strlen(title) && !strncmp(p, title, strlen(title))) {
			json_object_set_new(item, "title",
					    json_stringn(p + strlen(title), len - strlen(title)));
		}
		p += len + 1;
	}
	return list;
}

void summary_write_json(struct strbuf *out, const struct summary *s)
{
	json_t *obj = json_object(), *range = json_object(), *groups = json_array();
	json_t *totals = json_object(), *metrics;
	size_t i;

	json_object_set_new(obj, "release", commit_ref(s->name, &s->release));
	json_object_set_new(obj, "subject", json_string(s->subject));
	json_object_set_new(obj, "previous", s->has_previous ?
			    commit_ref(s->previous.name, &s->previous) : json_null());
	json_object_set_new(range, "spec", json_string(s->range));
	json_object_set_new(range, "commits", json_integer((json_int_t)s->commits));
	json_object_set_new(range, "merges", json_integer((json_int_t)s->merges_nr));
	json_object_set_new(obj, "range", range);
	json_object_set_new(obj, "signatures", signatures_json(s));
	for (i = 0; i < s->release.groups.nr; i++)
		json_array_append_new(groups, group_to_json(&s->release.groups.items[i]));
	json_object_set_new(obj, "environments", groups);
	json_object_set_new(totals, "status", s->release.has_results ?
			    json_string(status_name(s->status)) : json_null());
	json_object_set_new(totals, "counts", counts_to_json(s->totals));
	json_object_set_new(totals, "tests", json_integer((json_int_t)s->tests));
	json_object_set_new(totals, "records", json_integer((json_int_t)s->release.records.nr));
	json_object_set_new(totals, "origins", json_integer((json_int_t)s->origins));
	json_object_set_new(obj, "totals", totals);
	json_object_set_new(obj, "changes", s->has_diff ? results_diff_to_json(&s->diff) : json_null());
	metrics = metrics_diff_to_json(&s->metrics);
	/* only when the two releases have measurements to compare */
	if (json_object_size(metrics))
		json_object_set(obj, "metric_changes", metrics);
	json_decref(metrics);
	json_object_set_new(obj, "failing", failing_json(s));
	json_object_set_new(obj, "merges", merges_json(s));
	if (s->regzbot.len)
		json_object_set_new(obj, "regzbot", regzbot_json(s));
	results_json_write(out, obj);
}
