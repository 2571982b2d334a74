#include "lib/stability.h"
#include "lib/commit-results.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int stability_is_unstable(const enum result_status *newest_first, size_t nr)
{
	size_t i, changes = 0;
	int last = -1;	/* the verdict seen last: 1 failing, 0 completed */

	for (i = 0; i < nr; i++) {
		enum result_status s = newest_first[i];
		int failing;

		if (s == STABILITY_ABSENT || s == STATUS_SKIP)
			continue;
		failing = status_is_failing(s);
		if (last >= 0 && failing != last && ++changes >= 3)
			return 1;
		last = failing;
	}
	return 0;
}

/* The statuses of every test of the tip's groups, one column per commit with results. */
struct history {
	const struct result_groups *groups;
	size_t *first;			/* [group]: index of its first test in `statuses` */
	size_t tests, window, columns;
	unsigned char *statuses;	/* [test][column] */
	unsigned char *reruns_differ;	/* [test] */
};

static int cmp_group(const void *a, const void *b)
{
	return result_group_cmp(a, b);
}

static void record_column(struct history *h, const struct result_groups *col)
{
	size_t i;

	for (i = 0; i < col->nr; i++) {
		const struct result_group *g = &col->items[i], *tg;
		size_t a = 0, b = 0, base;

		tg = bsearch(g, h->groups->items, h->groups->nr, sizeof(*g), cmp_group);
		if (!tg)
			continue;
		base = h->first[tg - h->groups->items];
		/* Both sides are sorted by path. */
		while (a < g->tests_nr && b < tg->tests_nr) {
			int c = strcmp(g->tests[a].path, tg->tests[b].path);

			if (c < 0) {
				a++;
			} else if (c > 0) {
				b++;
			} else {
				size_t t = base + b;

				h->statuses[t * h->window + h->columns] = (unsigned char)g->tests[a].status;
				h->reruns_differ[t] |= g->tests[a].reruns_differ;
				a++;
				b++;
			}
		}
	}
	h->columns++;
}

static int first_parent(git_repository *repo, const git_oid *oid, git_oid *parent)
{
	git_commit *c;
	int ret = -1;

	if (git_commit_lookup(&c, repo, oid))
		return -1;
	if (git_commit_parentcount(c)) {
		git_oid_cpy(parent, git_commit_parent_id(c, 0));
		ret = 0;
	}
	git_commit_free(c);
	return ret;
}

int stability_compute(struct test_stability *st, struct notes_store *store, const git_oid *tip,
		      const struct result_groups *groups, size_t window,
		      const struct commit_results *known)
{
	struct history h = { groups, NULL, 0, window, 0, NULL, NULL };
	git_oid oid;
	size_t i, j, t;
	int ret = 0;

	memset(st, 0, sizeof(*st));
	st->groups = groups;
	st->groups_nr = groups->nr;
	st->window = window;
	st->unstable = xcalloc(groups->nr ? groups->nr : 1, sizeof(*st->unstable));
	for (i = 0; i < groups->nr; i++)
		st->unstable[i] = xcalloc(groups->items[i].tests_nr + 1, 1);
	if (!window || !groups->nr)
		return 0;

	h.first = xmalloc(groups->nr * sizeof(*h.first));
	for (i = 0; i < groups->nr; i++) {
		h.first[i] = h.tests;
		h.tests += groups->items[i].tests_nr;
	}
	h.statuses = xmalloc(h.tests * window + 1);
	memset(h.statuses, STABILITY_ABSENT, h.tests * window + 1);
	h.reruns_differ = xcalloc(h.tests + 1, 1);
	record_column(&h, groups);

	git_oid_cpy(&oid, tip);
	while (h.columns < window && !first_parent(store->repo, &oid, &oid)) {
		struct commit_results cr = COMMIT_RESULTS_INIT;
		int got;

		if (known && git_oid_equal(&oid, &known->oid)) {
			if (known->has_results)
				record_column(&h, &known->groups);
			continue;
		}
		got = commit_results_load_oid(&cr, store, &oid, git_oid_tostr_s(&oid));

		if (got < 0)
			ret = -1;
		else if (!got)
			record_column(&h, &cr.groups);
		commit_results_release(&cr);
		if (ret)
			break;
	}
	st->commits = h.columns;

	for (i = 0, t = 0; i < groups->nr; i++) {
		for (j = 0; j < groups->items[i].tests_nr; j++, t++) {
			enum result_status s[64], *statuses = window <= 64 ? s :
				xmalloc(window * sizeof(*statuses));
			size_t k;

			for (k = 0; k < h.columns; k++)
				statuses[k] = (enum result_status)h.statuses[t * window + k];
			st->unstable[i][j] = h.reruns_differ[t] ||
				stability_is_unstable(statuses, h.columns);
			if (statuses != s)
				free(statuses);
		}
	}
	free(h.first);
	free(h.statuses);
	free(h.reruns_differ);
	return ret;
}

int stability_test_is_unstable(const struct test_stability *st, const struct result_group *g,
			       const struct group_test *t)
{
	if (!st || !st->unstable || g < st->groups->items || g >= st->groups->items + st->groups->nr)
		return 0;
	return st->unstable[g - st->groups->items][t - g->tests];
}

size_t stability_window_config(git_repository *repo)
{
	char *value = config_get_string(repo, "results.unstableWindow"), *end;
	unsigned long n;

	if (!value)
		return STABILITY_DEFAULT_WINDOW;
	errno = 0;
	n = strtoul(value, &end, 10);
	if (!*value || *end || errno || *value == '-' || n > 10000)
		die("bad results.unstableWindow '%s': expected a number of commits from 0 to 10000",
		    value);
	free(value);
	return n;
}

void stability_release(struct test_stability *st)
{
	size_t i;

	if (st->unstable) {
		for (i = 0; i < st->groups_nr; i++)
			free(st->unstable[i]);
		free(st->unstable);
	}
	memset(st, 0, sizeof(*st));
}
