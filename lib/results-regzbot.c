#include "lib/results-regzbot.h"
#include "lib/metric-bisect.h"
#include "lib/odb/commit-walk.h"
#include "lib/repo.h"
#include "lib/test-bisect.h"
#include "lib/usage.h"

#include <string.h>

/* The column of the history that is the group's origin and environment, or -1. */
static long find_column(const struct test_history *h, const struct result_group *g)
{
	struct strbuf env = STRBUF_INIT;
	size_t i;
	long found = -1;

	for (i = 0; i < g->record->env_nr; i++)
		strbuf_addf(&env, "%s%s=%s", i ? "\n" : "", g->record->env[i].key,
			    g->record->env[i].value);
	for (i = 0; i < h->columns_nr && found < 0; i++)
		if (!strcmp(h->columns[i].origin, g->record->origin) &&
		    !strcmp(h->columns[i].env, env.buf))
			found = (long)i;
	strbuf_release(&env);
	return found;
}

/* The ancestry of `new` down to `old` included: where the nearest pass is looked for. */
static struct commit_walk *walk_between(git_repository *repo, const git_oid *old,
					const git_oid *new)
{
	struct commit_walk *walk = commit_walk_new(repo);
	git_commit *commit;
	unsigned int i;

	commit_walk_push(walk, new);
	if (git_commit_lookup(&commit, repo, old) < 0)
		die("cannot read commit %s: %s", git_oid_tostr_s(old), repo_error_text());
	for (i = 0; i < git_commit_parentcount(commit); i++)
		commit_walk_hide(walk, git_commit_parent_id(commit, i));
	git_commit_free(commit);
	return walk;
}

static void append_one(struct strbuf *out, struct notes_store *store,
		       const git_oid *old, const struct commit_results *new,
		       const struct diff_entry *e)
{
	struct test_history h = TEST_HISTORY_INIT;
	struct commit_walk *walk = walk_between(store->repo, old, &new->oid);
	struct test_bisect b = { TEST_BISECT_NOT_RECORDED, 0, 0, 0 };
	struct strbuf where = STRBUF_INIT;
	long column, test = -1;
	size_t i;

	test_history_read(&h, store, walk, e->path, NULL, NULL);
	column = find_column(&h, e->group);
	for (i = 0; i < h.tests_nr && test < 0; i++)
		if (!strcmp(h.tests[i], e->path))
			test = (long)i;
	if (column >= 0 && test >= 0)
		test_bisect_find(&h, (uint32_t)column, (uint32_t)test, &b);
	if (b.outcome == TEST_BISECT_FOUND) {
		const git_oid *pass = &h.commits[b.last_pass].oid, *fail = &h.commits[b.first_fail].oid;

		test_bisect_regzbot_introduced(out, pass, fail,
					       !test_bisect_between(store->repo, pass, fail, NULL, NULL));
	} else {
		test_bisect_regzbot_introduced(out, old, &new->oid, 0);
	}
	strbuf_addf(&where, "%s", e->group->record->origin);
	if (e->group->record->env_nr) {
		strbuf_addch(&where, ' ');
		result_group_describe_env(&where, e->group);
	}
	test_bisect_regzbot_title(out, e->path, where.buf);
	strbuf_release(&where);
	commit_walk_free(walk);
	test_history_release(&h);
}

void results_regzbot_append(struct strbuf *out, struct notes_store *store,
			    const struct commit_results *old, const struct commit_results *new,
			    const struct results_diff *d)
{
	size_t i;

	for (i = 0; i < d->nr; i++)
		if (d->entries[i].kind == DIFF_REGRESSION)
			append_one(out, store, &old->oid, new, &d->entries[i]);
}

void results_regzbot_append_baseline(struct strbuf *out, struct notes_store *store,
				     const struct diff_baseline *b,
				     const struct commit_results *new,
				     const struct results_diff *d)
{
	size_t i, j;

	for (i = 0; i < d->nr; i++) {
		if (d->entries[i].kind != DIFF_REGRESSION)
			continue;
		/* a regression had an old side: its group found a baseline */
		for (j = 0; j < b->picks_nr; j++)
			if (b->picks[j].group == d->entries[i].group && b->picks[j].found)
				break;
		if (j == b->picks_nr)
			BUG("regression of '%s' without a baseline", d->entries[i].path);
		append_one(out, store, &b->picks[j].commit, new, &d->entries[i]);
	}
}

/* A run of the metric regression's own origin and environment. */
struct same_run {
	const char *origin;
	struct strbuf env;	/* "key=value\n..." */
};

static int is_same_run(const char *origin, const char *env, void *data)
{
	const struct same_run *want = data;

	return !strcmp(origin, want->origin) && !strcmp(env, want->env.buf);
}

static void append_metric(struct strbuf *out, struct notes_store *store,
			  const struct commit_results *old, const struct commit_results *new,
			  const struct metric_change *c, const struct metric_config *cfg)
{
	struct metric_bisect b = METRIC_BISECT_INIT;
	struct same_run want = { c->group->record->origin, STRBUF_INIT };
	const struct metric_bisect_item *found = NULL;
	struct strbuf where = STRBUF_INIT;
	size_t i;

	for (i = 0; i < c->group->record->env_nr; i++)
		strbuf_addf(&want.env, "%s%s=%s", i ? "\n" : "", c->group->record->env[i].key,
			    c->group->record->env[i].value);
	if (!metric_bisect_run(&b, store->repo, store, &old->oid, &new->oid, c->path,
			       is_same_run, &want, cfg))
		for (i = 0; i < b.nr && !found; i++)
			if (!strcmp(b.items[i].path, c->path) &&
			    b.items[i].outcome == METRIC_BISECT_FOUND)
				found = &b.items[i];
	if (found)
		test_bisect_regzbot_introduced(out, &found->last_within, &found->first_beyond,
					       !test_bisect_between(store->repo, &found->last_within,
								    &found->first_beyond, NULL, NULL));
	else
		test_bisect_regzbot_introduced(out, &old->oid, &new->oid, 0);
	strbuf_addstr(&where, c->group->record->origin);
	if (c->group->record->env_nr) {
		strbuf_addch(&where, ' ');
		result_group_describe_env(&where, c->group);
	}
	test_bisect_regzbot_metric_title(out, c->path, c->change, where.buf);
	strbuf_release(&where);
	strbuf_release(&want.env);
	metric_bisect_release(&b);
}

void results_regzbot_append_metrics(struct strbuf *out, struct notes_store *store,
				    const struct commit_results *old,
				    const struct commit_results *new,
				    const struct metrics_diff *md, const struct metric_config *cfg)
{
	size_t i;

	for (i = 0; i < md->nr; i++)
		if (md->items[i].verdict == METRIC_REGRESSION)
			append_metric(out, store, old, new, &md->items[i], cfg);
}
