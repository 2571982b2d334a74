#include "lib/odb/commit-walk.h"
#include "lib/odb/commit-graph.h"
#include "lib/odb/shallow.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

#define SEEN		(1u << 0)	/* queued once, never again */
#define PARSED		(1u << 1)	/* date and parents known */
#define HIDDEN		(1u << 2)	/* reachable from a hidden commit */
#define SHOWN		(1u << 3)	/* returned by commit_walk_next() */

struct walk_node {
	git_oid oid;
	int64_t date;
	uint32_t graph_pos;
	uint32_t seq;		/* order of queueing, to break date ties */
	uint32_t flags;
	uint32_t parents_nr;
	uint32_t *parents;	/* node indices */
	git_oid tree;		/* read with the commit when there is no graph position */
};

struct commit_walk {
	git_repository *repo;
	struct commit_graph *graph;
	struct shallow *shallow;

	struct walk_node *nodes;
	size_t nodes_nr, nodes_alloc;
	uint32_t *index;	/* open addressing: slot -> node index + 1 */
	size_t index_size;

	uint32_t *queue;	/* binary heap of node indices */
	size_t queue_nr, queue_alloc;
	uint32_t seq;

	/* git log's limits */
	int first_parent, has_since, has_until;
	int64_t since, until;

	/* a limited walk (some commit hidden) is computed up front */
	int limited, prepared;
	uint32_t *result;
	size_t result_nr, result_alloc, result_next;
};

struct commit_walk *commit_walk_new(git_repository *repo)
{
	struct commit_walk *w = xcalloc(1, sizeof(*w));

	w->repo = repo;
	w->graph = commit_graph_open(repo);
	w->shallow = shallow_read(repo);
	return w;
}

void commit_walk_free(struct commit_walk *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->nodes_nr; i++)
		free(w->nodes[i].parents);
	free(w->nodes);
	free(w->index);
	free(w->queue);
	free(w->result);
	commit_graph_free(w->graph);
	shallow_free(w->shallow);
	free(w);
}

/* The index slot of `oid` in a table of `size` (a power of two) slots. */
static size_t oid_slot(const git_oid *oid, size_t size)
{
	return oid_hash(oid) & (size - 1);
}

static void grow_index(struct commit_walk *w)
{
	size_t i;

	free(w->index);
	w->index_size = w->index_size ? w->index_size * 2 : 1024;
	w->index = xcalloc(w->index_size, sizeof(*w->index));
	for (i = 0; i < w->nodes_nr; i++) {
		size_t slot = oid_slot(&w->nodes[i].oid, w->index_size);

		while (w->index[slot])
			slot = (slot + 1) & (w->index_size - 1);
		w->index[slot] = (uint32_t)i + 1;
	}
}

/* The node of `oid`, created unparsed when new. */
static uint32_t node_get(struct commit_walk *w, const git_oid *oid, uint32_t graph_pos)
{
	size_t slot;
	struct walk_node *n;

	if (2 * (w->nodes_nr + 1) > w->index_size)
		grow_index(w);
	slot = oid_slot(oid, w->index_size);
	while (w->index[slot]) {
		uint32_t i = w->index[slot] - 1;

		if (git_oid_equal(&w->nodes[i].oid, oid))
			return i;
		slot = (slot + 1) & (w->index_size - 1);
	}
	ALLOC_GROW(w->nodes, w->nodes_nr + 1, w->nodes_alloc);
	n = &w->nodes[w->nodes_nr];
	memset(n, 0, sizeof(*n));
	git_oid_cpy(&n->oid, oid);
	n->graph_pos = graph_pos;
	w->index[slot] = (uint32_t)w->nodes_nr + 1;
	return (uint32_t)w->nodes_nr++;
}

struct parent_list {
	struct commit_walk *w;
	uint32_t *items;
	size_t nr, alloc;
};

static void add_graph_parent(uint32_t pos, void *data)
{
	struct parent_list *list = data;
	git_oid oid;

	commit_graph_oid(list->w->graph, pos, &oid);
	ALLOC_GROW(list->items, list->nr + 1, list->alloc);
	list->items[list->nr++] = node_get(list->w, &oid, pos);
}

/* Learns the date and parents of node `i`, from the graph or the object. */
static void node_parse(struct commit_walk *w, uint32_t i)
{
	struct parent_list list = { w, NULL, 0, 0 };
	struct walk_node *n = &w->nodes[i];
	git_oid oid;

	if (n->flags & PARSED)
		return;
	git_oid_cpy(&oid, &n->oid);
	if (w->graph && n->graph_pos == COMMIT_GRAPH_NO_POS)
		n->graph_pos = commit_graph_find(w->graph, &oid);
	if (w->graph && n->graph_pos != COMMIT_GRAPH_NO_POS) {
		uint32_t pos = n->graph_pos;

		if (commit_graph_for_each_parent(w->graph, pos, add_graph_parent, &list) < 0)
			die("commit-graph file is corrupt at %s", git_oid_tostr_s(&oid));
		n = &w->nodes[i];	/* node_get() may have moved it */
		n->date = commit_graph_date(w->graph, pos);
	} else {
		git_commit *commit;
		unsigned int p, nr;

		if (git_commit_lookup(&commit, w->repo, &oid) < 0)
			die("cannot read commit %s: %s", git_oid_tostr_s(&oid), repo_error_text());
		/* git log stops at a shallow clone's boundary too. */
		nr = shallow_parentcount(w->shallow, commit);
		for (p = 0; p < nr; p++) {
			ALLOC_GROW(list.items, list.nr + 1, list.alloc);
			list.items[list.nr++] = node_get(w, git_commit_parent_id(commit, p),
							 COMMIT_GRAPH_NO_POS);
		}
		n = &w->nodes[i];
		n->date = (int64_t)git_commit_time(commit);
		git_oid_cpy(&n->tree, git_commit_tree_id(commit));
		git_commit_free(commit);
	}
	n->parents = list.items;
	n->parents_nr = (uint32_t)list.nr;
	n->flags |= PARSED;
}

/* Heap order: newer date first, then earlier queueing. */
static int before(const struct commit_walk *w, uint32_t a, uint32_t b)
{
	const struct walk_node *x = &w->nodes[a], *y = &w->nodes[b];

	if (x->date != y->date)
		return x->date > y->date;
	return x->seq < y->seq;
}

static void queue_put(struct commit_walk *w, uint32_t i)
{
	size_t k;

	node_parse(w, i);
	w->nodes[i].flags |= SEEN;
	w->nodes[i].seq = w->seq++;
	ALLOC_GROW(w->queue, w->queue_nr + 1, w->queue_alloc);
	k = w->queue_nr++;
	while (k && before(w, i, w->queue[(k - 1) / 2])) {
		w->queue[k] = w->queue[(k - 1) / 2];
		k = (k - 1) / 2;
	}
	w->queue[k] = i;
}

static uint32_t queue_pop(struct commit_walk *w)
{
	uint32_t top = w->queue[0], last = w->queue[--w->queue_nr];
	size_t k = 0;

	for (;;) {
		size_t c = 2 * k + 1;

		if (c >= w->queue_nr)
			break;
		if (c + 1 < w->queue_nr && before(w, w->queue[c + 1], w->queue[c]))
			c++;
		if (!before(w, w->queue[c], last))
			break;
		w->queue[k] = w->queue[c];
		k = c;
	}
	if (w->queue_nr)
		w->queue[k] = last;
	return top;
}

static void start(struct commit_walk *w, const git_oid *oid, uint32_t flags)
{
	uint32_t i;

	if (w->prepared)
		BUG("commit_walk_push() after the walk began");
	i = node_get(w, oid, COMMIT_GRAPH_NO_POS);
	w->nodes[i].flags |= flags;
	if (!(w->nodes[i].flags & SEEN))
		queue_put(w, i);
}

void commit_walk_push(struct commit_walk *w, const git_oid *oid)
{
	start(w, oid, 0);
}

void commit_walk_hide(struct commit_walk *w, const git_oid *oid)
{
	w->limited = 1;
	start(w, oid, HIDDEN);
}

static void queue_parents(struct commit_walk *w, uint32_t i)
{
	uint32_t p, nr = w->nodes[i].parents_nr;

	/* git's process_parents(): what hides, hides through every parent */
	if (w->first_parent && !(w->nodes[i].flags & HIDDEN) && nr > 1)
		nr = 1;
	for (p = 0; p < nr; p++) {
		uint32_t parent = w->nodes[i].parents[p];

		if (w->nodes[i].flags & HIDDEN)
			w->nodes[parent].flags |= HIDDEN;
		if (!(w->nodes[parent].flags & SEEN))
			queue_put(w, parent);
	}
}

/*
 * A commit found hidden after it was walked hides what it already
 * reached too (git's mark_parents_uninteresting()).
 */
static void hide_ancestry(struct commit_walk *w, uint32_t i)
{
	uint32_t *stack = NULL;
	size_t nr = 0, alloc = 0;

	ALLOC_GROW(stack, nr + 1, alloc);
	stack[nr++] = i;
	while (nr) {
		struct walk_node *n = &w->nodes[stack[--nr]];
		uint32_t p;

		for (p = 0; p < n->parents_nr; p++) {
			struct walk_node *parent = &w->nodes[n->parents[p]];

			if (parent->flags & HIDDEN)
				continue;
			parent->flags |= HIDDEN;
			if (parent->flags & PARSED) {
				ALLOC_GROW(stack, nr + 1, alloc);
				stack[nr++] = n->parents[p];
			}
		}
	}
	free(stack);
}

static int queue_all_hidden(const struct commit_walk *w)
{
	size_t k;

	for (k = 0; k < w->queue_nr; k++)
		if (!(w->nodes[w->queue[k]].flags & HIDDEN))
			return 0;
	return 1;
}

static int too_old(const struct commit_walk *w, uint32_t i)
{
	return w->has_since && w->nodes[i].date < w->since;
}

static int too_new(const struct commit_walk *w, uint32_t i)
{
	return w->has_until && w->nodes[i].date > w->until;
}

void commit_walk_first_parent(struct commit_walk *w)
{
	w->first_parent = 1;
}

void commit_walk_since(struct commit_walk *w, long long since)
{
	w->has_since = 1;
	w->since = since;
}

void commit_walk_until(struct commit_walk *w, long long until)
{
	w->has_until = 1;
	w->until = until;
}

/*
 * git's limit_list(): walk until only hidden commits remain queued,
 * then keep the walked commits that did not turn out hidden.
 */
static void limit(struct commit_walk *w)
{
	size_t k, kept = 0;

	while (w->queue_nr && !queue_all_hidden(w)) {
		uint32_t i = queue_pop(w);

		if (too_old(w, i))
			w->nodes[i].flags |= HIDDEN;
		if (w->nodes[i].flags & HIDDEN)
			hide_ancestry(w, i);
		else {
			ALLOC_GROW(w->result, w->result_nr + 1, w->result_alloc);
			w->result[w->result_nr++] = i;
		}
		queue_parents(w, i);
	}
	for (k = 0; k < w->result_nr; k++)
		if (!(w->nodes[w->result[k]].flags & HIDDEN))
			w->result[kept++] = w->result[k];
	w->result_nr = kept;
}

/* The parsed node of a commit the walk has returned, or NULL. */
static const struct walk_node *returned_node(const struct commit_walk *w, const git_oid *commit)
{
	size_t slot;

	if (!w->index_size)
		return NULL;
	for (slot = oid_slot(commit, w->index_size); w->index[slot];
	     slot = (slot + 1) & (w->index_size - 1)) {
		const struct walk_node *n = &w->nodes[w->index[slot] - 1];

		if (git_oid_equal(&n->oid, commit))
			return n->flags & PARSED ? n : NULL;
	}
	return NULL;
}

int commit_walk_shown(struct commit_walk *w, const git_oid *commit)
{
	const struct walk_node *n = returned_node(w, commit);

	return n && (n->flags & SHOWN);
}

int commit_walk_tree(struct commit_walk *w, const git_oid *commit, git_oid *tree)
{
	const struct walk_node *n = returned_node(w, commit);

	if (!n)
		return -1;
	if (w->graph && n->graph_pos != COMMIT_GRAPH_NO_POS)
		commit_graph_tree(w->graph, n->graph_pos, tree);
	else
		git_oid_cpy(tree, &n->tree);
	return 0;
}

int commit_walk_parent(struct commit_walk *w, const git_oid *commit, size_t nth, git_oid *out)
{
	const struct walk_node *n = returned_node(w, commit);

	if (!n)
		return -1;
	if (nth >= n->parents_nr)
		return 1;
	git_oid_cpy(out, &w->nodes[n->parents[nth]].oid);
	return 0;
}

int commit_walk_next(struct commit_walk *w, git_oid *out)
{
	uint32_t i;

	if (!w->prepared) {
		w->prepared = 1;
		if (w->limited)
			limit(w);
	}
	if (w->limited) {
		do {
			if (w->result_next == w->result_nr)
				return 1;
			i = w->result[w->result_next++];
		} while (too_new(w, i));
		w->nodes[i].flags |= SHOWN;
		git_oid_cpy(out, &w->nodes[i].oid);
		return 0;
	}
	do {
		if (!w->queue_nr)
			return 1;
		i = queue_pop(w);
		/* git's get_revision_1(): too old, and so is what it leads to */
		if (too_old(w, i))
			continue;
		queue_parents(w, i);
	} while (too_old(w, i) || too_new(w, i));
	w->nodes[i].flags |= SHOWN;
	git_oid_cpy(out, &w->nodes[i].oid);
	return 0;
}
