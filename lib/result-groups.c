#include "lib/result-groups.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

static int env_cmp(const struct record *a, const struct record *b)
{
	size_t i;
	int c;

	for (i = 0; i < a->env_nr && i < b->env_nr; i++) {
		if ((c = strcmp(a->env[i].key, b->env[i].key)) ||
		    (c = strcmp(a->env[i].value, b->env[i].value)))
			return c;
	}
	return a->env_nr < b->env_nr ? -1 : a->env_nr > b->env_nr;
}

static int record_group_cmp(const struct record *a, const struct record *b)
{
	int c = strcmp(a->origin, b->origin);

	return c ? c : env_cmp(a, b);
}

int result_group_cmp(const struct result_group *a, const struct result_group *b)
{
	return record_group_cmp(a->record, b->record);
}

static int cmp_record_ptr(const void *va, const void *vb)
{
	const struct record *a = *(const struct record *const *)va;
	const struct record *b = *(const struct record *const *)vb;
	int c = record_group_cmp(a, b);

	/* The list is in canonical order; keep it within a group. */
	return c ? c : (a < b ? -1 : a > b);
}

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

/* By path, then worst status first, then reason: the first of a path wins. */
static int cmp_group_test(const void *va, const void *vb)
{
	const struct group_test *a = va, *b = vb;
	int c = strcmp(a->path, b->path);

	if (c)
		return c;
	if (a->status != b->status)
		return a->status < b->status ? -1 : 1;
	return strcmp_null(a->reason, b->reason);
}

static void merge_tests(struct result_group *g, const struct record *const *records, size_t nr)
{
	size_t i, j, k;

	for (i = 0; i < nr; i++) {
		const struct record *r = records[i];

		ALLOC_GROW(g->tests, g->tests_nr + r->tests_nr, g->tests_alloc);
		for (j = 0; j < r->tests_nr; j++) {
			struct group_test *t = &g->tests[g->tests_nr++];

			t->path = r->tests[j].path;
			t->reason = r->tests[j].reason;
			t->run = r->run;
			t->status = r->tests[j].status;
			t->reruns_differ = 0;
		}
	}
	/* Canonical records are sorted already, but a path may repeat. */
	if (nr > 1 && g->tests_nr > 1)
		qsort(g->tests, g->tests_nr, sizeof(*g->tests), cmp_group_test);
	for (i = k = 0; i < g->tests_nr; i++) {
		struct group_test *kept = k ? &g->tests[k - 1] : NULL;

		if (kept && !strcmp(kept->path, g->tests[i].path)) {
			/*
			 * The worst comes first.  Two records of one run are a
			 * conflict, not a rerun: only another run's pass counts.
			 */
			if (status_is_failing(kept->status) && status_is_completed(g->tests[i].status) &&
			    strcmp(kept->run, g->tests[i].run))
				kept->reruns_differ = 1;
			continue;
		}
		g->tests[k++] = g->tests[i];
	}
	g->tests_nr = k;

	g->status = STATUS_DONE;
	memset(g->counts, 0, sizeof(g->counts));
	for (i = 0; i < g->tests_nr; i++) {
		g->counts[g->tests[i].status]++;
		g->status = i ? status_worse(g->status, g->tests[i].status) : g->tests[i].status;
	}
}

void result_groups_build(struct result_groups *out, const struct record_list *list)
{
	const struct record **sorted;
	size_t i, j;

	if (out->nr)
		BUG("result_groups_build() into a non-empty set");
	if (!list->nr)
		return;
	sorted = xmalloc(list->nr * sizeof(*sorted));
	for (i = 0; i < list->nr; i++)
		sorted[i] = &list->items[i];
	qsort(sorted, list->nr, sizeof(*sorted), cmp_record_ptr);

	for (i = 0; i < list->nr; i = j) {
		struct result_group *g;

		for (j = i + 1; j < list->nr; j++)
			if (record_group_cmp(sorted[i], sorted[j]))
				break;
		ALLOC_GROW(out->items, out->nr + 1, out->alloc);
		g = &out->items[out->nr++];
		memset(g, 0, sizeof(*g));
		g->record = sorted[i];
		g->records = j - i;
		merge_tests(g, sorted + i, j - i);
	}
	free(sorted);
}

void result_groups_release(struct result_groups *groups)
{
	size_t i;

	for (i = 0; i < groups->nr; i++)
		free(groups->items[i].tests);
	free(groups->items);
	groups->items = NULL;
	groups->nr = groups->alloc = 0;
}

void result_group_describe_env(struct strbuf *out, const struct result_group *g)
{
	size_t i;

	for (i = 0; i < g->record->env_nr; i++)
		strbuf_addf(out, "%s%s=%s", i ? " " : "", g->record->env[i].key,
			    g->record->env[i].value);
}

enum result_status result_group_add_counts(const struct result_group *g,
					   size_t totals[STATUS__NR],
					   enum result_status status)
{
	size_t i;

	for (i = 0; i < STATUS__NR; i++)
		totals[i] += g->counts[i];
	return status_worse(status, g->status);
}
