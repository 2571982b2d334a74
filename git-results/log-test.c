/*
 * git results log --test <path-or-glob>: the history of some tests over
 * the walk `git results log` sets up: for each commit that has them,
 * newest first, their status per origin and environment and, for tests
 * with measurements, how each changed from the next older commit listed
 * (as `diff` compares two commits); then one history strip per origin,
 * environment and test, and which of those are unstable or known issues,
 * by the rules diff and summary apply.
 */
#include "git-results/builtin.h"
#include "formats/json.h"
#include "lib/color.h"
#include "lib/commit-results.h"
#include "lib/known-issues.h"
#include "lib/metric.h"
#include "lib/metrics-diff.h"
#include "lib/note-summary.h"
#include "lib/odb/object-read.h"
#include "lib/results-json.h"
#include "lib/stability.h"
#include "lib/test-history.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct strip_key {
	uint32_t column, test;
};

/* Why the failures of one strip are not regressions (see git-results-diff(1)). */
struct strip_noise {
	unsigned unstable:1;		/* flips along history, or its reruns differ */
	unsigned reruns_differ:1;
	const struct known_issue *known;	/* its newest status fails, and is listed */
};

/* The column's environment as the pairs a known-issues entry is matched with. */
static size_t column_env(const struct test_history_column *c, struct strbuf *buf,
			 struct record_env **out)
{
	struct record_env *env = NULL;
	size_t nr = 0, alloc = 0;
	char *p, *eol;

	strbuf_reset(buf);
	strbuf_addstr(buf, c->env);
	for (p = buf->buf; *p; p = eol) {
		char *eq;

		eol = strchrnul(p, '\n');
		if (*eol)
			*eol++ = '\0';
		if (!(eq = strchr(p, '=')))
			continue;
		*eq = '\0';
		ALLOC_GROW(env, nr + 1, alloc);
		env[nr].key = p;
		env[nr].value = eq + 1;
		nr++;
	}
	*out = env;
	return nr;
}

/*
 * The results of first-parent ancestors outside the listing (below its
 * range), read as diff reads them, each once for all strips.
 */
struct outside_results {
	struct notes_store *store;
	struct commit_results *items;
	size_t nr, alloc;
};

static const struct commit_results *outside_results_get(struct outside_results *o,
							 const git_oid *oid)
{
	struct commit_results *cr;
	size_t i;

	for (i = 0; i < o->nr; i++)
		if (git_oid_equal(&o->items[i].oid, oid))
			return &o->items[i];
	ALLOC_GROW(o->items, o->nr + 1, o->alloc);
	cr = &o->items[o->nr++];
	*cr = (struct commit_results)COMMIT_RESULTS_INIT;
	/* a note that is not records has said so, and has no results here */
	commit_results_load_oid(cr, o->store, oid, git_oid_tostr_s(oid));
	git_oid_cpy(&cr->oid, oid);
	return cr;
}

static void outside_results_release(struct outside_results *o)
{
	size_t i;

	for (i = 0; i < o->nr; i++)
		commit_results_release(&o->items[i]);
	free(o->items);
}

/* The test `path` in the group of `column` in `cr`, or NULL. */
static const struct group_test *outside_test(const struct commit_results *cr,
					     const struct test_history_column *column,
					     const char *path, struct strbuf *env)
{
	size_t i, j;

	for (i = 0; i < cr->groups.nr; i++) {
		const struct result_group *g = &cr->groups.items[i];

		if (strcmp(g->record->origin, column->origin))
			continue;
		strbuf_reset(env);
		for (j = 0; j < g->record->env_nr; j++)
			strbuf_addf(env, "%s%s=%s", j ? "\n" : "", g->record->env[j].key,
				    g->record->env[j].value);
		if (strcmp(env->buf, column->env))
			continue;
		for (j = 0; j < g->tests_nr; j++)
			if (!strcmp(g->tests[j].path, path))
				return &g->tests[j];
	}
	return NULL;
}

/* The first parent of `oid` as the walk saw it, or from the repository outside it. */
static int first_parent_of(struct commit_walk *walk, git_repository *repo, const git_oid *oid,
			   git_oid *parent)
{
	git_commit *c;
	int ret = commit_walk_parent(walk, oid, 0, parent);

	if (ret >= 0)
		return ret;
	if (git_commit_lookup(&c, repo, oid))
		return 1;
	ret = git_commit_parentcount(c) ? 0 : 1;
	if (!ret)
		git_oid_cpy(parent, git_commit_parent_id(c, 0));
	git_commit_free(c);
	return ret;
}

/*
 * The noise of strip `k`, decided as diff decides it for the newest
 * commit that has the test: its reruns there differ, or its verdict
 * flips over the last `window` commits with results along first-parent
 * history from there (below the listed range too); and a failure there
 * that `ki` lists is known.
 */
static void strip_noise_compute(struct strip_noise *n, const struct test_history *h,
				struct commit_walk *walk, struct outside_results *outside,
				const struct strip_key *k, size_t window, const struct known_issues *ki)
{
	enum result_status *statuses = xmalloc((window + 1) * sizeof(*statuses));
	const struct test_history_result *newest = NULL;
	struct strbuf buf = STRBUF_INIT;
	struct record_env *env;
	git_oid oid, parent;
	size_t nr = 0, i, env_nr;

	memset(n, 0, sizeof(*n));
	for (i = 0; i < h->commits_nr && !newest; i++)
		newest = test_history_result_of(h, (uint32_t)i, k->column, k->test);
	if (!newest)
		goto out;
	git_oid_cpy(&oid, &h->commits[i - 1].oid);
	/* commits a path limit left out of the listing are still walked through */
	while (nr < window) {
		long at = test_history_find(h, &oid);

		if (at >= 0 && h->commits[at].noted) {
			const struct test_history_result *r =
				test_history_result_of(h, (uint32_t)at, k->column, k->test);

			statuses[nr++] = r ? r->status : STABILITY_ABSENT;
			if (r && r->reruns_differ)
				n->reruns_differ = 1;
		} else if (at < 0) {
			const struct commit_results *cr = outside_results_get(outside, &oid);
			const struct group_test *t;

			if (cr->has_results) {
				t = outside_test(cr, &h->columns[k->column], h->tests[k->test], &buf);
				statuses[nr++] = t ? t->status : STABILITY_ABSENT;
				if (t && t->reruns_differ)
					n->reruns_differ = 1;
			}
		}
		if (first_parent_of(walk, outside->store->repo, &oid, &parent))
			break;
		git_oid_cpy(&oid, &parent);
	}
	n->reruns_differ |= newest->reruns_differ;
	n->unstable = n->reruns_differ || stability_is_unstable(statuses, nr);
	if (status_is_failing(newest->status)) {
		env_nr = column_env(&h->columns[k->column], &buf, &env);
		n->known = known_issues_match_env(ki, env, env_nr, h->tests[k->test]);
		free(env);
	}
out:
	free(statuses);
	strbuf_release(&buf);
}

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
 * the next older one, oldest first, each commit's records (those
 * `filter` keeps, as the history's) read once.
 * Only when a matching test line has a measurement: the history itself
 * is read without parsing records.
 */
static int read_metric_lines(struct metric_lines *m, const struct test_history *h,
			     struct notes_store *store, const char *pattern,
			     const struct record_filter *filter)
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
		cr.filter = filter;	/* the columns of the history */
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

/* The strips of one kind of noise, in a section of their own, as diff lists them. */
static void add_noise_section(struct strbuf *out, const struct test_history *h,
			      const struct strip_key *strips, const struct strip_noise *noise,
			      size_t nr, int known)
{
	size_t i, count = 0;

	for (i = 0; i < nr; i++)
		count += known ? !!noise[i].known : noise[i].unstable;
	if (!count)
		return;
	strbuf_addf(out, "\n%s (%zu):\n", known ? "Known issues" : "Unstable", count);
	for (i = 0; i < nr; i++) {
		if (known ? !noise[i].known : !noise[i].unstable)
			continue;
		strbuf_addstr(out, "    ");
		test_history_describe_column(out, &h->columns[strips[i].column]);
		strbuf_addf(out, "  %s", h->tests[strips[i].test]);
		if (!known)
			strbuf_addstr(out, noise[i].reruns_differ ? "  (reruns differ)" :
					   "  (flips in recent history)");
		else if (noise[i].known->reason)
			strbuf_addf(out, "  known: %s  # %s", noise[i].known->link,
				    noise[i].known->reason);
		else
			strbuf_addf(out, "  known: %s", noise[i].known->link);
		strbuf_addch(out, '\n');
	}
}

static void write_text(const struct test_history *h, struct object_reader *objects,
		       const struct strip_key *strips, const struct strip_noise *noise, size_t nr,
		       const struct metric_lines *m)
{
	struct strbuf out = STRBUF_INIT, subject = STRBUF_INIT, label = STRBUF_INIT;
	size_t i, k, width = 0;

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
	add_noise_section(&out, h, strips, noise, nr, 0);
	add_noise_section(&out, h, strips, noise, nr, 1);
	fwrite(out.buf, 1, out.len, stdout);
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
		       struct object_reader *objects, const struct strip_key *strips,
		       const struct strip_noise *noise, size_t nr, const struct metric_lines *m)
{
	json_t *top = json_object(), *commits = json_array(), *history = json_array();
	struct strbuf subject = STRBUF_INIT, strip = STRBUF_INIT;
	size_t i, k;

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
		json_object_set_new(obj, "unstable", json_boolean(noise[i].unstable));
		json_object_set_new(obj, "reruns_differ", json_boolean(noise[i].reruns_differ));
		json_object_set_new(obj, "known", noise[i].known ? known_issue_to_json(noise[i].known) :
						  json_null());
		json_array_append_new(history, obj);
	}
	json_object_set_new(top, "test", json_string(pattern));
	json_object_set_new(top, "commits", commits);
	json_object_set_new(top, "history", history);
	print_json(top);
	strbuf_release(&subject);
	strbuf_release(&strip);
}

int log_test(struct notes_store *store, struct commit_walk *walk, const char *pattern,
	     const struct record_filter *filter, int json, test_history_keep_fn keep,
	     void *keep_data)
{
	struct test_history h = TEST_HISTORY_INIT;
	struct known_issues known = KNOWN_ISSUES_INIT;
	struct metric_lines m = { NULL, NULL };
	struct strip_key *strips = NULL;
	struct strip_noise *noise = NULL;
	struct outside_results outside = { store, NULL, 0, 0 };
	struct object_reader objects;
	size_t nr, i, window;
	int ret = 0;

	h.filter = filter;
	test_history_read(&h, store, walk, pattern, keep, keep_data);
	if (!h.results_nr) {
		struct strbuf which = STRBUF_INIT;

		record_filter_describe(&which, filter);
		ret = error("no results%s recorded for test '%s' in these commits", which.buf, pattern);
		strbuf_release(&which);
		goto out;
	}
	if (read_metric_lines(&m, &h, store, pattern, filter)) {
		ret = -1;
		goto out;
	}
	/* the known issues of the newest listed commit, as diff reads its newer side's */
	if (known_issues_load(&known, store->repo, &h.commits[0].oid) < 0) {
		ret = -1;
		goto out;
	}
	window = stability_window_config(store->repo);
	nr = list_strips(&h, &strips);
	noise = xcalloc(nr + 1, sizeof(*noise));
	for (i = 0; i < nr; i++)
		strip_noise_compute(&noise[i], &h, walk, &outside, &strips[i], window, &known);
	object_reader_open(&objects, store->repo);
	if (json)
		write_json(&h, pattern, &objects, strips, noise, nr, &m);
	else
		write_text(&h, &objects, strips, noise, nr, &m);
	object_reader_release(&objects);
out:
	if (m.text)
		metric_lines_release(&m, h.commits_nr);
	free(strips);
	free(noise);
	outside_results_release(&outside);
	known_issues_release(&known);
	test_history_release(&h);
	return ret ? 1 : 0;
}
