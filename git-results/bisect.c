/*
 * git results bisect: where a test started failing, from recorded
 * results alone: the last commit where it passed, the first where it
 * failed, and the untested commits between them, where a real `git
 * bisect` must run (--start begins it).  With --metric, where a
 * measurement went beyond its threshold (lib/metric-bisect.h).
 */
#include "git-results/builtin.h"
#include "lib/metric-bisect.h"
#include "lib/metric.h"
#include "lib/metrics-diff.h"
#include "lib/note-summary.h"
#include "lib/odb/commit-walk.h"
#include "lib/odb/object-read.h"
#include "lib/parse-options.h"
#include "lib/record-filter.h"
#include "lib/repo.h"
#include "lib/run-command.h"
#include "lib/store.h"
#include "lib/test-bisect.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const bisect_usage[] = {
	"git results bisect [--metric] [--origin <origin>...] [--env <key=value>...] [--start] [--regzbot]\n"
	"                          [--ref <notes-ref>] <test> [<good> [<bad>]]",
	NULL
};

struct found {
	uint32_t column, test;
	struct test_bisect b;
};

/* Whether a run's origin and environment ("key=value\n...") are chosen by the filter. */
static int run_chosen(const char *origin, const char *env, void *data)
{
	return record_filter_match_env_lines(data, origin, strlen(origin), env);
}

static void add_commit_line(struct strbuf *out, struct object_reader *objects, const git_oid *oid)
{
	char *err = NULL;

	if (object_read(objects, oid, GIT_OBJECT_COMMIT, &err))
		die("%s", err);
	strbuf_addf(out, "%.12s ", git_oid_tostr_s(oid));
	commit_subject(out, objects->data.buf, objects->data.len);
	strbuf_addch(out, '\n');
}

struct untested {
	const struct test_history *h;
	const struct found *f;
	struct object_reader *objects;
	struct strbuf list;
	size_t nr;
};

static void note_untested(const git_oid *oid, void *data)
{
	struct untested *u = data;
	long at = test_history_find(u->h, oid);
	enum result_status st;

	if (at >= 0 && !test_history_status(u->h, (uint32_t)at, u->f->column, u->f->test, &st) &&
	    st != STATUS_SKIP)
		return;
	u->nr++;
	strbuf_addstr(&u->list, "    ");
	add_commit_line(&u->list, u->objects, oid);
}

/*
 * Reports one regression: its ends, the untested commits between, the
 * regzbot line, and with `regzbot` its title line too.
 */
static void report(struct strbuf *out, const struct test_history *h, const struct found *f,
		   git_repository *repo, struct object_reader *objects, int regzbot)
{
	const git_oid *pass = &h->commits[f->b.last_pass].oid;
	const git_oid *fail = &h->commits[f->b.first_fail].oid;
	struct untested u = { h, f, objects, STRBUF_INIT, 0 };
	struct strbuf env = STRBUF_INIT;
	size_t inside;

	test_history_describe_column(&env, &h->columns[f->column]);
	strbuf_addf(out, "%s  %s\n", h->tests[f->test], env.buf);
	strbuf_addstr(out, "last pass:  ");
	add_commit_line(out, objects, pass);
	strbuf_addstr(out, "first fail: ");
	add_commit_line(out, objects, fail);
	inside = test_bisect_between(repo, pass, fail, note_untested, &u);
	if (inside)
		strbuf_addf(out, "untested between them: %zu of %zu commit%s\n", u.nr, inside,
			    inside == 1 ? "" : "s");
	strbuf_addbuf(out, &u.list);
	test_bisect_regzbot_introduced(out, pass, fail, !inside);
	if (regzbot)
		test_bisect_regzbot_title(out, h->tests[f->test], env.buf);
	strbuf_release(&u.list);
	strbuf_release(&env);
}

/* Why nothing was found, from the most telling of the outcomes. */
static void explain(const struct test_history *h, const char *test, const char *bad,
		    const struct record_filter *filter, const struct found *all, size_t nr)
{
	static const enum test_bisect_outcome order[] = {
		TEST_BISECT_NEVER_PASSED, TEST_BISECT_NOT_FAILING
	};
	struct strbuf env = STRBUF_INIT;
	size_t k, i;

	for (k = 0; k < sizeof(order) / sizeof(*order); k++)
		for (i = 0; i < nr; i++) {
			const struct found *f = &all[i];

			if (f->b.outcome != order[k])
				continue;
			test_history_describe_column(&env, &h->columns[f->column]);
			if (order[k] == TEST_BISECT_NEVER_PASSED)
				error("'%s' never passed on %s before it failed at %.12s: "
				      "nothing to bisect", h->tests[f->test], env.buf,
				      git_oid_tostr_s(&h->commits[f->b.first_fail].oid));
			else
				error("'%s' passes in its latest result on %s (%.12s, in the "
				      "history of %s): nothing to bisect", h->tests[f->test],
				      env.buf, git_oid_tostr_s(&h->commits[f->b.newest].oid), bad);
			strbuf_release(&env);
			return;
		}
	record_filter_describe(&env, filter);
	error("no results%s recorded for test '%s' in the history of %s", env.buf, test, bad);
	strbuf_release(&env);
}

static int start_bisect_on(const git_oid *bad, const git_oid *good)
{
	char fail[GIT_OID_HEXSZ + 1], pass[GIT_OID_HEXSZ + 1];
	const char *argv[] = { "git", "bisect", "start", fail, pass, NULL };

	git_oid_tostr(fail, sizeof(fail), bad);
	git_oid_tostr(pass, sizeof(pass), good);
	fflush(stdout);
	return run_command(argv, NULL) ? 1 : 0;
}

static int start_git_bisect(const struct test_history *h, const struct found *f)
{
	return start_bisect_on(&h->commits[f->b.first_fail].oid, &h->commits[f->b.last_pass].oid);
}

static void note_between(const git_oid *oid, void *data)
{
	struct untested *u = data;

	u->nr++;
	strbuf_addstr(&u->list, "    ");
	add_commit_line(&u->list, u->objects, oid);
}

/* "940.5 Mbit/s" */
static void add_value(struct strbuf *out, double value, const char *unit)
{
	metric_format_value(out, value);
	if (unit)
		strbuf_addf(out, " %s", unit);
}

/* Reports where one measurement went beyond its threshold. */
static void report_metric(struct strbuf *out, const struct metric_bisect_item *it,
			  git_repository *repo, struct object_reader *objects, int regzbot)
{
	struct untested u = { NULL, NULL, objects, STRBUF_INIT, 0 };
	size_t inside;

	strbuf_addf(out, "%s  %s%s%s\n", it->path, it->origin, *it->env ? " " : "", it->env);
	strbuf_addstr(out, "last within:  ");
	add_value(out, it->within_value, it->unit);
	strbuf_addstr(out, "  ");
	add_commit_line(out, objects, &it->last_within);
	strbuf_addstr(out, "first beyond: ");
	add_value(out, it->beyond_value, it->unit);
	strbuf_addstr(out, " (");
	metric_add_percent(out, it->beyond_change);
	strbuf_addstr(out, " from ");
	add_value(out, it->reference_value, it->unit);
	strbuf_addf(out, ", threshold %g%%)  ", it->threshold);
	add_commit_line(out, objects, &it->first_beyond);
	inside = test_bisect_between(repo, &it->last_within, &it->first_beyond, note_between, &u);
	if (inside)
		strbuf_addf(out, "not measured between them: %zu commit%s\n", inside,
			    inside == 1 ? "" : "s");
	strbuf_addbuf(out, &u.list);
	test_bisect_regzbot_introduced(out, &it->last_within, &it->first_beyond, !inside);
	if (regzbot) {
		struct strbuf where = STRBUF_INIT;

		strbuf_addf(&where, "%s%s%s", it->origin, *it->env ? " " : "", it->env);
		test_bisect_regzbot_metric_title(out, it->path, it->beyond_change, where.buf);
		strbuf_release(&where);
	}
	strbuf_release(&u.list);
}

static int bisect_metric(const char *test, const char *good, const char *bad,
			 struct record_filter *filter, int start, int regzbot, const char *ref)
{
	struct metric_bisect b = METRIC_BISECT_INIT;
	struct strbuf out = STRBUF_INIT;
	struct object_reader objects;
	struct metric_config cfg;
	struct notes_store store;
	git_oid good_oid, bad_oid;
	git_repository *repo = repo_open();
	size_t i, found = 0, noisy = 0;
	char *ref_name;
	int ret = 1;

	if (repo_resolve_commit(repo, bad, &bad_oid) ||
	    (good && repo_resolve_commit(repo, good, &good_oid)))
		exit(128);
	if (metric_config_read(&cfg, repo)) {
		metric_config_release(&cfg);
		git_repository_free(repo);
		return 1;
	}
	ref_name = store_ref_name(repo, ref);
	store_open(&store, repo, ref_name);
	if (metric_bisect_run(&b, repo, &store, good ? &good_oid : NULL, &bad_oid, test,
			      run_chosen, filter, &cfg))
		goto out;
	for (i = 0; i < b.nr; i++) {
		found += b.items[i].outcome == METRIC_BISECT_FOUND;
		noisy += b.items[i].outcome == METRIC_BISECT_NOISY;
	}
	if (!found) {
		if (!b.nr)
			error("no measurement of '%s' to compare in the history of %s", test, bad);
		else if (noisy == b.nr)
			error("'%s' is noisy on every commit compared with %.12s: nothing to bisect",
			      test, git_oid_tostr_s(&b.reference));
		else
			error("'%s' is within its threshold in its latest result in the history of %s: "
			      "nothing to bisect", test, bad);
		goto out;
	}
	if (start && found > 1) {
		error("%zu metric regressions found: choose one with --origin, --env or the test's full path",
		      found);
		goto out;
	}
	object_reader_open(&objects, repo);
	for (i = 0; i < b.nr; i++) {
		if (b.items[i].outcome != METRIC_BISECT_FOUND)
			continue;
		if (out.len)
			strbuf_addch(&out, '\n');
		report_metric(&out, &b.items[i], repo, &objects, regzbot);
	}
	object_reader_release(&objects);
	fwrite(out.buf, 1, out.len, stdout);
	ret = 0;
	for (i = 0; start && i < b.nr; i++)
		if (b.items[i].outcome == METRIC_BISECT_FOUND)
			ret = start_bisect_on(&b.items[i].first_beyond, &b.items[i].last_within);
out:
	metric_bisect_release(&b);
	metric_config_release(&cfg);
	strbuf_release(&out);
	store_release(&store);
	free(ref_name);
	git_repository_free(repo);
	return ret;
}

int cmd_bisect(int argc, const char **argv)
{
	int start = 0, metric = 0, regzbot = 0, ret = 1;
	const char *ref = NULL, *bad;
	struct record_filter filter = RECORD_FILTER_INIT;
	struct option options[] = {
		OPT_BOOL(0, "metric", &metric, "where a measurement went beyond its threshold"),
		OPT_RECORD_FILTER_ORIGIN(&filter),
		OPT_RECORD_FILTER_ENV(&filter),
		OPT_BOOL(0, "start", &start, "start git bisect on the range found"),
		OPT_BOOL(0, "regzbot", &regzbot, "add regzbot's title line to each range"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to read"),
		OPT_END()
	};
	struct test_history h = TEST_HISTORY_INIT;
	struct strbuf out = STRBUF_INIT;
	struct object_reader objects;
	struct notes_store store;
	struct commit_walk *walk;
	struct found *all = NULL;
	size_t nr = 0, alloc = 0, regressions = 0, i, c, t;
	git_repository *repo;
	git_oid good_oid, bad_oid;
	char *ref_name;

	argc = parse_options(argc, argv, options, bisect_usage);
	if (argc < 1 || argc > 3)
		usage_msg_opt(bisect_usage, options, "need a test and at most two revisions");
	record_filter_read_or_usage(&filter, bisect_usage, options);
	bad = argc > 2 ? argv[2] : "HEAD";
	if (metric) {
		ret = bisect_metric(argv[0], argc > 1 ? argv[1] : NULL, bad, &filter, start, regzbot, ref);
		record_filter_release(&filter);
		return ret;
	}
	repo = repo_open();
	if (repo_resolve_commit(repo, bad, &bad_oid) ||
	    (argc > 1 && repo_resolve_commit(repo, argv[1], &good_oid)))
		exit(128);
	ref_name = store_ref_name(repo, ref);
	store_open(&store, repo, ref_name);
	walk = commit_walk_new(repo);
	commit_walk_push(walk, &bad_oid);
	if (argc > 1)
		commit_walk_hide(walk, &good_oid);
	h.filter = &filter;
	test_history_read(&h, &store, walk, argv[0], NULL, NULL);
	commit_walk_free(walk);

	for (c = 0; c < h.columns_nr; c++) {
		for (t = 0; t < h.tests_nr; t++) {
			struct found *f;

			ALLOC_GROW(all, nr + 1, alloc);
			f = &all[nr];
			f->column = (uint32_t)c;
			f->test = (uint32_t)t;
			test_bisect_find(&h, f->column, f->test, &f->b);
			if (f->b.outcome == TEST_BISECT_NOT_RECORDED)
				continue;
			nr++;
			regressions += f->b.outcome == TEST_BISECT_FOUND;
		}
	}
	if (!regressions) {
		explain(&h, argv[0], bad, &filter, all, nr);
		goto out;
	}
	if (start && regressions > 1) {
		error("%zu regressions found: choose one with --origin, --env or the test's full path",
		      regressions);
		goto out;
	}
	object_reader_open(&objects, repo);
	for (i = 0; i < nr; i++) {
		if (all[i].b.outcome != TEST_BISECT_FOUND)
			continue;
		if (out.len)
			strbuf_addch(&out, '\n');
		report(&out, &h, &all[i], repo, &objects, regzbot);
	}
	object_reader_release(&objects);
	fwrite(out.buf, 1, out.len, stdout);
	ret = 0;
	for (i = 0; start && i < nr; i++)
		if (all[i].b.outcome == TEST_BISECT_FOUND)
			ret = start_git_bisect(&h, &all[i]);
out:
	free(all);
	test_history_release(&h);
	strbuf_release(&out);
	record_filter_release(&filter);
	store_release(&store);
	free(ref_name);
	git_repository_free(repo);
	return ret;
}
