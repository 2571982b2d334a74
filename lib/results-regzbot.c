#include "lib/results-regzbot.h"
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
