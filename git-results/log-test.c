/*
 * git results log --test <path-or-glob>: the history of some tests over
 * the walk `git results log` sets up: for each commit that has them,
 * newest first, their status per origin and environment and, for tests
 * with measurements, how each changed from the next older commit listed
 * (as `diff` compares two commits); then one history strip per origin,
 * environment and test.
 */
#include "git-results/builtin.h"
#include "formats/json.h"
#include "lib/color.h"
#include "lib/commit-results.h"
#include "lib/metric.h"
#include "lib/metrics-diff.h"
#include "lib/results-json.h"
#include "lib/note-summary.h"
#include "lib/odb/object-read.h"
#include "lib/test-history.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct strip_key {
	uint32_t column, test;
};

/* Which (column, test) pairs have any result, in column then test order. */
static size_t list_strips(const struct test_history *h, struct strip_key **out)
{
	unsigned char *seen = xcalloc(h->columns_nr * h->tests_nr + 1, 1);
	struct strip_key *keys = NULL;
	size_t nr = 0, alloc = 0, i, c, t;

	for (i = 0; i < h->results_nr; i++)
		seen[h->results[i].column * h->tests_nr + h->results[i].test] = 1;
	for (c = 0; c < h->columns_nr; c++)
		for (t = 0; t < h->tests_nr; t++) {
			if (!seen[c * h->tests_nr + t])
				continue;
			ALLOC_GROW(keys, nr + 1, alloc);
			keys[nr].column = (uint32_t)c;
			keys[nr].test = (uint32_t)t;
			nr++;
		}
	free(seen);
	*out = keys;
	return nr;
}

static int has_results(const struct test_history *h, size_t i)
{
	size_t end = i + 1 < h->commits_nr ? h->commits[i + 1].first_result : h->results_nr;

	return end > h->commits[i].first_result;
}

/* One character per commit with results, oldest first. */
static void add_strip(struct strbuf *out, const struct test_history *h, const struct strip_key *k)
{
	size_t i;

	for (i = h->commits_nr; i--;) {
		enum result_status st = STATUS_DONE;
		int has;

		if (!has_results(h, i))
			continue;
		has = !test_history_status(h, (uint32_t)i, k->column, k->test, &st);
		strbuf_addch(out, test_history_status_char(has, st));
	}
}

/* The measurements of each listed commit against the next older one listed. */
struct metric_lines {
	struct strbuf *text;	/* per commit: its lines, "    metric ..." */
	json_t **json;		/* per commit: an array, or NULL */
};

static const char *verdict_word(enum metric_verdict v)
{
	static const char *const words[] = {
		"regression", "improvement", "noisy", "changed", "within"
	};

	return words[v];
}

static void add_metric_changes(struct metric_lines *m, size_t i, const struct metrics_diff *d,
			       const char *pattern)
{
	struct strbuf line = STRBUF_INIT, env = STRBUF_INIT;
	size_t k;

	for (k = 0; k < d->nr; k++) {
		const struct metric_change *c = &d->items[k];
		json_t *obj;

		if (!test_history_matches(pattern, c->path))
			continue;
		strbuf_reset(&line);
		metric_change_describe(&line, c);
		strbuf_reset(&env);
		result_group_describe_env(&env, c->group);
		strbuf_addf(&m->text[i], "    metric %-11s %s  %s%s%s\n", verdict_word(c->verdict),
			    line.buf, c->group->record->origin, env.len ? " " : "", env.buf);
		obj = json_object();
		json_object_set_new(obj, "origin", json_string(c->group->record->origin));
		json_object_set_new(obj, "env", group_env_to_json(c->group));
		json_object_set_new(obj, "test", json_string(c->path));
		json_object_set_new(obj, "verdict", json_string(verdict_word(c->verdict)));
		json_object_set_new(obj, "old", json_real(c->old_value));
		json_object_set_new(obj, "new", json_real(c->new_value));
		if (c->unit)
			json_object_set_new(obj, "unit", json_string(c->unit));
		json_object_set_new(obj, "change_percent", json_real(c->change));
		json_object_set_new(obj, "threshold_percent", json_real(c->threshold));
		if (!m->json[i])
			m->json[i] = json_array();
		json_array_append_new(m->json[i], obj);
	}
	strbuf_release(&line);
	strbuf_release(&env);
}

/*
 * Compares the measurements of each commit with results with those of
 * the next older one, oldest first, each commit's records read once.
 * Only when a matching test line has a measurement: the history itself
 * is read without parsing records.
 */
static int read_metric_lines(struct metric_lines *m, const struct test_history *h,
			     struct notes_store *store, const char *pattern)
{
	struct commit_results older = COMMIT_RESULTS_INIT;
	struct metric_config cfg;
	int have_older = 0, ret = 0;
	size_t i;

	m->text = xcalloc(h->commits_nr + 1, sizeof(*m->text));
	m->json = xcalloc(h->commits_nr + 1, sizeof(*m->json));
	for (i = 0; i < h->commits_nr; i++)
		strbuf_init(&m->text[i], 0);
	if (!h->has_metrics)
		return 0;
	if (metric_config_read(&cfg, store->repo)) {
		metric_config_release(&cfg);
		return -1;
	}
	for (i = h->commits_nr; i--;) {
		struct commit_results cr = COMMIT_RESULTS_INIT;
		struct metrics_diff d = METRICS_DIFF_INIT;
		int got;

		if (!has_results(h, i))
			continue;
		got = commit_results_load_oid(&cr, store, &h->commits[i].oid,
					      git_oid_tostr_s(&h->commits[i].oid));
		if (got < 0) {
			commit_results_release(&cr);
			ret = -1;
			break;
		}
		if (got) {
			commit_results_release(&cr);
			continue;
		}
		if (have_older) {
			d.keep_unchanged = 1;
			metrics_diff_compute(&d, &older, &cr, &cfg);
			add_metric_changes(m, i, &d, pattern);
			metrics_diff_release(&d);
			commit_results_release(&older);
		}
		older = cr;
		have_older = 1;
	}
	if (have_older)
		commit_results_release(&older);
	metric_config_release(&cfg);
	return ret;
}

static void metric_lines_release(struct metric_lines *m, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		strbuf_release(&m->text[i]);
		json_decref(m->json[i]);
	}
	free(m->text);
	free(m->json);
}

static void read_subject(struct object_reader *objects, const git_oid *oid, struct strbuf *out)
{
	char *err = NULL;

	strbuf_reset(out);
	if (object_read(objects, oid, GIT_OBJECT_COMMIT, &err))
		die("%s", err);
	commit_subject(out, objects->data.buf, objects->data.len);
}

static void write_text(const struct test_history *h, struct object_reader *objects,
		       const struct metric_lines *m)
{
	struct strbuf out = STRBUF_INIT, subject = STRBUF_INIT, label = STRBUF_INIT;
	struct strip_key *strips;
	size_t nr = list_strips(h, &strips), i, k, width = 0;

	for (i = 0; i < h->commits_nr; i++) {
		const struct test_history_commit *c = &h->commits[i];
		size_t end = i + 1 < h->commits_nr ? h->commits[i + 1].first_result : h->results_nr;

		if (!has_results(h, i))
			continue;
		read_subject(objects, &c->oid, &subject);
		strbuf_addf(&out, "%s%.12s%s %s", color_get(COLOR_COMMIT), git_oid_tostr_s(&c->oid),
			    color_reset(), subject.buf);
		if (c->same_tree)
			strbuf_addstr(&out, " (results of a commit with the same tree)");
		strbuf_addch(&out, '\n');
		for (k = c->first_result; k < end; k++) {
			const struct test_history_result *r = &h->results[k];

			strbuf_addf(&out, "    %s%-5s%s %s  ", color_status(r->status),
				    status_name(r->status), color_reset(), h->tests[r->test]);
			test_history_describe_column(&out, &h->columns[r->column]);
			strbuf_addch(&out, '\n');
		}
		strbuf_addbuf(&out, &m->text[i]);
		fwrite(out.buf, 1, out.len, stdout);
		strbuf_reset(&out);
	}

	for (i = 0; i < nr; i++) {
		strbuf_reset(&label);
		test_history_describe_column(&label, &h->columns[strips[i].column]);
		if (label.len > width)
			width = label.len;
	}
	strbuf_addstr(&out, "\nHistory, oldest to newest (F fail, E error, M miss, P pass,"
		      " D done, S skip, . no result):\n");
	for (i = 0; i < nr; i++) {
		strbuf_reset(&label);
		test_history_describe_column(&label, &h->columns[strips[i].column]);
		strbuf_addf(&out, "    %-*s  ", (int)width, label.buf);
		add_strip(&out, h, &strips[i]);
		strbuf_addf(&out, "  %s\n", h->tests[strips[i].test]);
	}
	fwrite(out.buf, 1, out.len, stdout);
	free(strips);
	strbuf_release(&out);
	strbuf_release(&subject);
	strbuf_release(&label);
}

static json_t *column_json(const struct test_history *h, uint32_t column, uint32_t test)
{
	json_t *obj = json_object();

	json_object_set_new(obj, "origin", json_string(h->columns[column].origin));
	json_object_set_new(obj, "env", test_history_env_json(&h->columns[column]));
	json_object_set_new(obj, "test", json_string(h->tests[test]));
	return obj;
}

static void write_json(const struct test_history *h, const char *pattern,
		       struct object_reader *objects, const struct metric_lines *m)
{
	json_t *top = json_object(), *commits = json_array(), *history = json_array();
	struct strbuf subject = STRBUF_INIT, strip = STRBUF_INIT;
	struct strip_key *strips;
	size_t nr = list_strips(h, &strips), i, k;

	for (i = 0; i < h->commits_nr; i++) {
		const struct test_history_commit *c = &h->commits[i];
		size_t end = i + 1 < h->commits_nr ? h->commits[i + 1].first_result : h->results_nr;
		json_t *obj, *results;

		if (!has_results(h, i))
			continue;
		obj = json_object();
		results = json_array();
		read_subject(objects, &c->oid, &subject);
		json_object_set_new(obj, "commit", json_string(git_oid_tostr_s(&c->oid)));
		json_object_set_new(obj, "subject", json_string(subject.buf));
		json_object_set_new(obj, "same_tree", json_boolean(c->same_tree));
		for (k = c->first_result; k < end; k++) {
			const struct test_history_result *r = &h->results[k];
			json_t *res = column_json(h, r->column, r->test);

			json_object_set_new(res, "status", json_string(status_name(r->status)));
			json_array_append_new(results, res);
		}
		json_object_set_new(obj, "results", results);
		if (m->json[i])
			json_object_set(obj, "metrics", m->json[i]);
		json_array_append_new(commits, obj);
	}
	for (i = 0; i < nr; i++) {
		json_t *obj = column_json(h, strips[i].column, strips[i].test);

		strbuf_reset(&strip);
		add_strip(&strip, h, &strips[i]);
		json_object_set_new(obj, "strip", json_string(strip.buf));
		json_array_append_new(history, obj);
	}
	json_object_set_new(top, "test", json_string(pattern));
	json_object_set_new(top, "commits", commits);
	json_object_set_new(top, "history", history);
	print_json(top);
	free(strips);
	strbuf_release(&subject);
	strbuf_release(&strip);
}

int log_test(struct notes_store *store, struct commit_walk *walk, const char *pattern,
	     int json, test_history_keep_fn keep, void *keep_data)
{
	struct test_history h = TEST_HISTORY_INIT;
	struct metric_lines m = { NULL, NULL };
	struct object_reader objects;
	int ret = 0;

	test_history_read(&h, store, walk, pattern, keep, keep_data);
	if (!h.results_nr) {
		ret = error("no results recorded for test '%s' in these commits", pattern);
		goto out;
	}
	if (read_metric_lines(&m, &h, store, pattern)) {
		ret = -1;
		goto out;
	}
	object_reader_open(&objects, store->repo);
	if (json)
		write_json(&h, pattern, &objects, &m);
	else
		write_text(&h, &objects, &m);
	object_reader_release(&objects);
out:
	if (m.text)
		metric_lines_release(&m, h.commits_nr);
	test_history_release(&h);
	return ret ? 1 : 0;
}
