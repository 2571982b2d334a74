#include "lib/metric-bisect.h"
#include "lib/commit-results.h"
#include "lib/odb/commit-walk.h"
#include "lib/record.h"
#include "lib/test-history.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

static void describe_env(struct strbuf *out, const struct record *r, char sep)
{
	size_t i;

	for (i = 0; i < r->env_nr; i++)
		strbuf_addf(out, "%s%s=%s", i ? (sep == '\n' ? "\n" : " ") : "", r->env[i].key,
			    r->env[i].value);
}

static struct metric_bisect_item *find_item(struct metric_bisect *b, const struct metric_change *c,
					    const char *env)
{
	const char *origin = c->group->record->origin;
	struct metric_bisect_item *it;
	size_t i;

	for (i = 0; i < b->nr; i++) {
		it = &b->items[i];
		if (!strcmp(it->origin, origin) && !strcmp(it->env, env) && !strcmp(it->path, c->path))
			return it;
	}
	ALLOC_GROW(b->items, b->nr + 1, b->alloc);
	it = &b->items[b->nr++];
	memset(it, 0, sizeof(*it));
	it->origin = xstrdup(origin);
	it->env = xstrdup(env);
	it->path = xstrdup(c->path);
	it->unit = c->unit ? xstrdup(c->unit) : NULL;
	it->outcome = METRIC_BISECT_NOISY;
	it->reference_value = c->old_value;
	it->last_within = b->reference;
	it->within_value = c->old_value;
	return it;
}

/* Takes the comparison of the reference with commit `oid` into account. */
static void take(struct metric_bisect *b, const git_oid *oid, const struct metrics_diff *d,
		 const char *pattern, metric_bisect_chosen_fn chosen, void *chosen_data)
{
	struct strbuf env = STRBUF_INIT, lines = STRBUF_INIT;
	size_t i;

	for (i = 0; i < d->nr; i++) {
		const struct metric_change *c = &d->items[i];
		struct metric_bisect_item *it;

		if (!test_history_matches(pattern, c->path))
			continue;
		strbuf_reset(&lines);
		describe_env(&lines, c->group->record, '\n');
		if (chosen && !chosen(c->group->record->origin, lines.buf, chosen_data))
			continue;
		strbuf_reset(&env);
		describe_env(&env, c->group->record, ' ');
		it = find_item(b, c, env.buf);
		switch (c->verdict) {
		case METRIC_NOISY:
			it->noisy++;
			break;
		case METRIC_UNCHANGED:
		case METRIC_IMPROVEMENT:
			it->outcome = METRIC_BISECT_WITHIN;
			it->last_within = *oid;
			it->within_value = c->new_value;
			break;
		case METRIC_REGRESSION:
		case METRIC_CHANGED:
			if (it->outcome == METRIC_BISECT_FOUND)
				break;
			it->outcome = METRIC_BISECT_FOUND;
			it->first_beyond = *oid;
			it->beyond_value = c->new_value;
			it->beyond_change = c->change;
			it->threshold = c->threshold;
			break;
		case METRIC__NR:
			BUG("no verdict");
		}
	}
	strbuf_release(&env);
	strbuf_release(&lines);
}

int metric_bisect_run(struct metric_bisect *b, git_repository *repo, struct notes_store *store,
		      const git_oid *good, const git_oid *bad, const char *pattern,
		      metric_bisect_chosen_fn chosen, void *chosen_data,
		      const struct metric_config *cfg)
{
	struct commit_results reference = COMMIT_RESULTS_INIT;
	struct commit_walk *walk = commit_walk_new(repo);
	git_oid *line = NULL, oid;
	size_t nr = 0, alloc = 0, i;
	int ret = -1, got;

	commit_walk_first_parent(walk);
	commit_walk_push(walk, bad);
	if (good)
		commit_walk_hide(walk, good);
	while (!commit_walk_next(walk, &oid)) {
		ALLOC_GROW(line, nr + 1, alloc);
		line[nr++] = oid;
	}
	commit_walk_free(walk);

	/* oldest first; the reference is the good commit or the first with results */
	i = nr;
	if (good) {
		got = commit_results_load_oid(&reference, store, good, git_oid_tostr_s(good));
		if (got == 1)
			commit_results_report_missing(&reference);
		if (got)
			goto out;
		b->reference = *good;
	} else {
		for (; i > 0; i--) {
			got = commit_results_load_oid(&reference, store, &line[i - 1],
						      git_oid_tostr_s(&line[i - 1]));
			if (got < 0)
				goto out;
			if (!got)
				break;
			commit_results_release(&reference);
		}
		if (!i) {
			ret = 0;
			goto out;
		}
		b->reference = line[--i];
	}
	for (; i > 0; i--) {
		struct commit_results cr = COMMIT_RESULTS_INIT;
		struct metrics_diff d = METRICS_DIFF_INIT;

		got = commit_results_load_oid(&cr, store, &line[i - 1], git_oid_tostr_s(&line[i - 1]));
		if (got < 0) {
			commit_results_release(&cr);
			goto out;
		}
		if (!got) {
			d.keep_unchanged = 1;
			metrics_diff_compute(&d, &reference, &cr, cfg);
			take(b, &line[i - 1], &d, pattern, chosen, chosen_data);
			metrics_diff_release(&d);
		}
		commit_results_release(&cr);
	}
	ret = 0;
out:
	commit_results_release(&reference);
	free(line);
	return ret;
}

void metric_bisect_release(struct metric_bisect *b)
{
	size_t i;

	for (i = 0; i < b->nr; i++) {
		free(b->items[i].origin);
		free(b->items[i].env);
		free(b->items[i].path);
		free(b->items[i].unit);
	}
	free(b->items);
	memset(b, 0, sizeof(*b));
}
