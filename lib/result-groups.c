#include "lib/result-groups.h"
#include "lib/huge-pages.h"
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

/*
 * One path of a group while its records are merged: the test that
 * represents it (the worst status, then the least reason, then the
 * earliest record) and the run of its record, and up to two runs in
 * which it completed (PASS or DONE): enough to know whether one of them
 * is not the kept test's run.
 */
struct merge_item {
	struct group_test t;
	const char *run;
	const char *done[2];
};

struct merge_list {
	struct merge_item *items;
	size_t nr;
	unsigned level;		/* how many records' lists it merges: about 2^level */
};

/* Whether `b` represents a path before `a`: worse status, or the same and a lesser reason. */
static int represents_before(const struct group_test *b, const struct group_test *a)
{
	if (a->status != b->status)
		return b->status < a->status;
	return strcmp_null(b->reason, a->reason) < 0;
}

static void add_done(struct merge_item *m, const char *run)
{
	if (!run || (m->done[0] && !strcmp(m->done[0], run)) ||
	    (m->done[1] && !strcmp(m->done[1], run)))
		return;
	if (!m->done[0])
		m->done[0] = run;
	else if (!m->done[1])
		m->done[1] = run;
}

/* Folds `b`, of the same path and a later record (or the same), into `a`. */
static void absorb(struct merge_item *a, const struct merge_item *b)
{
	if (represents_before(&b->t, &a->t)) {
		a->t = b->t;
		a->run = b->run;
	}
	add_done(a, b->done[0]);
	add_done(a, b->done[1]);
}

/* The tests of one record, one item a path. */
static void list_from_record(struct merge_list *l, const struct record *r)
{
	size_t j;

	l->items = xmalloc((r->tests_nr ? r->tests_nr : 1) * sizeof(*l->items));
	l->nr = 0;
	l->level = 0;
	for (j = 0; j < r->tests_nr; j++) {
		struct merge_item m;

		m.t.path = r->tests[j].path;
		m.t.reason = r->tests[j].reason;
		m.run = r->run;
		m.t.status = r->tests[j].status;
		m.t.reruns_differ = 0;
		m.done[0] = status_is_completed(m.t.status) ? r->run : NULL;
		m.done[1] = NULL;
		/* a record is sorted by path, but a path may repeat */
		if (l->nr && !strcmp(l->items[l->nr - 1].t.path, m.t.path))
			absorb(&l->items[l->nr - 1], &m);
		else
			l->items[l->nr++] = m;
	}
}

/* Merges `b` (of later records) into `a`, both sorted by path, one item a path. */
static void merge_lists(struct merge_list *a, struct merge_list *b)
{
	struct merge_item *out = xmalloc((a->nr + b->nr ? a->nr + b->nr : 1) * sizeof(*out));
	size_t i = 0, j = 0, n = 0;

	while (i < a->nr || j < b->nr) {
		int c = i >= a->nr ? 1 : j >= b->nr ? -1 :
			strcmp(a->items[i].t.path, b->items[j].t.path);

		if (c < 0) {
			out[n++] = a->items[i++];
		} else if (c > 0) {
			out[n++] = b->items[j++];
		} else {
			out[n] = a->items[i++];
			absorb(&out[n++], &b->items[j++]);
		}
	}
	free(a->items);
	free(b->items);
	a->items = out;
	a->nr = n;
	a->level++;
}

/*
 * The tests of the group's records (each sorted by path, as a
 * normalised record is), one a path: the worst status wins, and a test
 * that failed in one run and completed in another is marked unstable.
 * Two records of one run are a conflict, not a rerun: only another
 * run's pass counts.  The records' lists are merged pairwise, as a
 * binary counter carries, so that the merges cost the tests times the
 * log of the number of records, and little more than the tests when
 * the records run the same tests.
 */
static void merge_tests(struct result_group *g, const struct record *const *records, size_t nr,
			struct group_test *out)
{
	struct merge_list *stack = xmalloc((nr + 1) * sizeof(*stack));
	size_t i, depth = 0;

	for (i = 0; i < nr; i++) {
		list_from_record(&stack[depth++], records[i]);
		while (depth > 1 && stack[depth - 2].level == stack[depth - 1].level) {
			merge_lists(&stack[depth - 2], &stack[depth - 1]);
			depth--;
		}
	}
	while (depth > 1) {
		merge_lists(&stack[depth - 2], &stack[depth - 1]);
		depth--;
	}

	g->tests_nr = depth ? stack[0].nr : 0;
	g->tests = out;
	g->status = STATUS_DONE;
	memset(g->counts, 0, sizeof(g->counts));
	for (i = 0; i < g->tests_nr; i++) {
		const struct merge_item *m = &stack[0].items[i];
		struct group_test *t = &g->tests[i];

		*t = m->t;
		t->reruns_differ = status_is_failing(t->status) &&
			((m->done[0] && strcmp(m->done[0], m->run)) ||
			 (m->done[1] && strcmp(m->done[1], m->run)));
		g->counts[t->status]++;
		g->status = i ? status_worse(g->status, t->status) : t->status;
	}
	if (depth)
		free(stack[0].items);
	free(stack);
}

void result_groups_build(struct result_groups *out, const struct record_list *list)
{
	const struct record **sorted;
	size_t i, j, tests = 0, used = 0;

	if (out->nr)
		BUG("result_groups_build() into a non-empty set");
	if (!list->nr)
		return;
	sorted = xmalloc(list->nr * sizeof(*sorted));
	for (i = 0; i < list->nr; i++) {
		sorted[i] = &list->items[i];
		tests += list->items[i].tests_nr;
	}
	/*
	 * A group has at most the tests of its records: one block holds
	 * every group's, filled once (a stable-rc's are 330,000, 8 MB).
	 */
	out->block = xmalloc_huge((tests ? tests : 1) * sizeof(*out->block));
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
		merge_tests(g, sorted + i, j - i, out->block + used);
		used += g->tests_nr;
		if (used > tests)
			BUG("merged groups have more tests than their records");
	}
	free(sorted);
}

void result_groups_release(struct result_groups *groups)
{
	free(groups->block);
	free(groups->items);
	groups->items = NULL;
	groups->block = NULL;
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
