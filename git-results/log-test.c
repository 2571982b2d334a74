/*
 * git results log --test <path-or-glob>: the history of some tests over
 * the walk `git results log` sets up: for each commit that has them,
 * newest first, their status per origin and environment, then one
 * history strip per origin, environment and test.
 */
#include "git-results/builtin.h"
#include "formats/json.h"
#include "lib/color.h"
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

static void read_subject(struct object_reader *objects, const git_oid *oid, struct strbuf *out)
{
	char *err = NULL;

	strbuf_reset(out);
	if (object_read(objects, oid, GIT_OBJECT_COMMIT, &err))
		die("%s", err);
	commit_subject(out, objects->data.buf, objects->data.len);
}

static void write_text(const struct test_history *h, struct object_reader *objects)
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
		       struct object_reader *objects)
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
	struct object_reader objects;
	int ret = 0;

	test_history_read(&h, store, walk, pattern, keep, keep_data);
	if (!h.results_nr) {
		ret = error("no results recorded for test '%s' in these commits", pattern);
		goto out;
	}
	object_reader_open(&objects, store->repo);
	if (json)
		write_json(&h, pattern, &objects);
	else
		write_text(&h, &objects);
	object_reader_release(&objects);
out:
	test_history_release(&h);
	return ret ? 1 : 0;
}
