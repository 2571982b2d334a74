#include "lib/results-diff.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name, *plural, *title, *key;
} kinds[DIFF__NR] = {
	[DIFF_REGRESSION] = { "regression", "regressions", "Regressions", "regressions" },
	[DIFF_FIX] = { "fix", "fixes", "Fixes", "fixes" },
	[DIFF_NEW_FAILURE] = { "new failure", "new failures", "New failures", "new_failures" },
	[DIFF_STILL_FAILING] = { "still failing", "still failing", "Still failing", "still_failing" },
	[DIFF_DISAPPEARED] = { "disappeared", "disappeared", "Disappeared", "disappeared" },
	[DIFF_UNSTABLE] = { "unstable", "unstable", "Unstable", "unstable" },
	[DIFF_KNOWN_ISSUE] = { "known issue", "known issues", "Known issues", "known_issues" },
};

const char *diff_kind_name(enum diff_kind kind)
{
	return kinds[kind].name;
}

const char *diff_kind_title(enum diff_kind kind)
{
	return kinds[kind].title;
}

const char *diff_kind_key(enum diff_kind kind)
{
	return kinds[kind].key;
}

/* The kind of change from one test's old state to its new one; -1 for none we list. */
static int classify(const struct group_test *old, const struct group_test *new)
{
	if (old && new) {
		if (status_is_completed(old->status) && status_is_failing(new->status))
			return DIFF_REGRESSION;
		if (status_is_failing(old->status) && status_is_completed(new->status))
			return DIFF_FIX;
		if (status_is_failing(old->status) && status_is_failing(new->status))
			return DIFF_STILL_FAILING;
		if (old->status == STATUS_SKIP && status_is_failing(new->status))
			return DIFF_NEW_FAILURE;
		return -1;
	}
	if (new)
		return status_is_failing(new->status) ? DIFF_NEW_FAILURE : -1;
	return DIFF_DISAPPEARED;
}

static void add_entry(struct results_diff *d, const struct diff_noise *noise,
		      const struct result_group *group, const struct group_test *old,
		      const struct group_test *new, int group_gone)
{
	const struct known_issue *known = NULL;
	struct diff_entry *e;
	int kind;

	/* A known issue has a link that says more than "unstable". */
	if (new && status_is_failing(new->status) && noise && noise->has_known &&
	    (known = known_issues_match(&noise->known, group, new->path)))
		kind = DIFF_KNOWN_ISSUE;
	else if (new && (new->reruns_differ ||
			 (noise && stability_test_is_unstable(&noise->stability, group, new))))
		kind = DIFF_UNSTABLE;
	else
		kind = classify(old, new);
	if (kind < 0)
		return;
	ALLOC_GROW(d->entries, d->nr + 1, d->alloc);
	e = &d->entries[d->nr++];
	memset(e, 0, sizeof(*e));
	e->kind = (enum diff_kind)kind;
	e->group = group;
	e->path = new ? new->path : old->path;
	if (old) {
		e->has_old = 1;
		e->old_status = old->status;
		e->old_reason = old->reason;
	}
	if (new) {
		e->has_new = 1;
		e->new_status = new->status;
		e->new_reason = new->reason;
	}
	e->group_gone = group_gone;
	e->reruns_differ = new && new->reruns_differ;
	e->known = known;
	d->counts[kind]++;
}

/* Walks the sorted tests of both sides of one origin and environment. */
static void compare_pair(struct results_diff *d, const struct diff_noise *noise,
			 const struct result_group *old, const struct result_group *new)
{
	const struct result_group *group = new ? new : old;
	size_t i = 0, j = 0, old_nr = old ? old->tests_nr : 0, new_nr = new ? new->tests_nr : 0;

	while (i < old_nr || j < new_nr) {
		int c = i >= old_nr ? 1 : j >= new_nr ? -1 :
			strcmp(old->tests[i].path, new->tests[j].path);

		if (c < 0)
			add_entry(d, noise, group, &old->tests[i++], NULL, !new);
		else if (c > 0)
			add_entry(d, noise, group, NULL, &new->tests[j++], 0);
		else
			add_entry(d, noise, group, &old->tests[i++], &new->tests[j++], 0);
	}
}

void results_diff_compute(struct results_diff *d, const struct result_groups *old,
			  const struct result_groups *new)
{
	results_diff_compute_noise(d, old, new, NULL);
}

void results_diff_compute_noise(struct results_diff *d, const struct result_groups *old,
				const struct result_groups *new, const struct diff_noise *noise)
{
	struct diff_entry *by_kind;
	size_t i = 0, j = 0, k, start[DIFF__NR + 1];

	if (d->nr || d->pairs_nr)
		BUG("results_diff_compute() into a non-empty diff");
	while (i < old->nr || j < new->nr) {
		int c = i >= old->nr ? 1 : j >= new->nr ? -1 :
			result_group_cmp(&old->items[i], &new->items[j]);
		struct group_pair *p;

		ALLOC_GROW(d->pairs, d->pairs_nr + 1, d->pairs_alloc);
		p = &d->pairs[d->pairs_nr++];
		p->old = c <= 0 ? &old->items[i++] : NULL;
		p->new = c >= 0 ? &new->items[j++] : NULL;
		compare_pair(d, noise, p->old, p->new);
	}
	for (k = 0; noise && noise->has_known && k < noise->known.nr; k++) {
		if (!known_issue_possibly_fixed(&noise->known.items[k]))
			continue;
		ALLOC_GROW(d->possibly_fixed, d->possibly_fixed_nr + 1, d->possibly_fixed_alloc);
		d->possibly_fixed[d->possibly_fixed_nr++] = &noise->known.items[k];
	}

	/* Regroup by kind, keeping the walk order (group, then path) within each. */
	if (!d->nr)
		return;
	start[0] = 0;
	for (k = 0; k < DIFF__NR; k++)
		start[k + 1] = start[k] + d->counts[k];
	by_kind = xmalloc(d->nr * sizeof(*by_kind));
	for (i = 0; i < d->nr; i++)
		by_kind[start[d->entries[i].kind]++] = d->entries[i];
	free(d->entries);
	d->entries = by_kind;
	d->alloc = d->nr;
}

void results_diff_release(struct results_diff *d)
{
	free(d->entries);
	free(d->pairs);
	free(d->possibly_fixed);
	memset(d, 0, sizeof(*d));
}

void results_diff_describe_counts(struct strbuf *out, const struct results_diff *d)
{
	size_t k;

	for (k = 0; k < DIFF__NR; k++) {
		/* Only where there is something, so reports without any read as before. */
		if (k > DIFF_DISAPPEARED && !d->counts[k])
			continue;
		strbuf_addf(out, "%s%zu %s", k ? ", " : "", d->counts[k],
			    d->counts[k] == 1 ? kinds[k].name : kinds[k].plural);
	}
}

int diff_noise_load(struct diff_noise *n, struct notes_store *store, const git_oid *new_commit,
		    const struct result_groups *new_groups, const struct commit_results *old)
{
	int got = known_issues_load(&n->known, store->repo, new_commit);

	if (got < 0)
		return -1;
	n->has_known = !got;
	if (n->has_known)
		known_issues_tally(&n->known, new_groups);
	return stability_compute(&n->stability, store, new_commit, new_groups,
				 stability_window_config(store->repo), old);
}

void diff_noise_release(struct diff_noise *n)
{
	stability_release(&n->stability);
	known_issues_release(&n->known);
	n->has_known = 0;
}
