#include "lib/store/publish.h"
#include "lib/odb/commit-walk.h"
#include "lib/repo.h"
#include "lib/store.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

static int oid_compare(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

void publish_find_reached(git_repository *repo, const git_oid *published, size_t nr,
			  const git_oid *noted, size_t noted_nr, char *reached)
{
	struct commit_walk *walk = commit_walk_new(repo);
	git_oid *sorted = xcalloc(noted_nr ? noted_nr : 1, sizeof(*sorted));
	char *seen = xcalloc(noted_nr ? noted_nr : 1, 1);
	size_t found = 0, i;
	git_oid oid;

	memcpy(sorted, noted, noted_nr * sizeof(*sorted));
	qsort(sorted, noted_nr, sizeof(*sorted), oid_compare);
	memset(reached, 0, noted_nr);
	for (i = 0; i < nr; i++)
		commit_walk_push(walk, &published[i]);
	while (found < noted_nr && !commit_walk_next(walk, &oid)) {
		git_oid *hit = bsearch(&oid, sorted, noted_nr, sizeof(*sorted), oid_compare);

		if (hit && !seen[hit - sorted]) {
			seen[hit - sorted] = 1;
			found++;
		}
	}
	for (i = 0; i < noted_nr; i++) {
		git_oid *hit = bsearch(&noted[i], sorted, noted_nr, sizeof(*sorted), oid_compare);

		reached[i] = hit && seen[hit - sorted];
	}
	free(seen);
	free(sorted);
	commit_walk_free(walk);
}

struct note_pair {
	git_oid object;
	git_oid ours, theirs;		/* zero: no note on that side */
};

struct build {
	struct note_pair *pairs;
	size_t nr, alloc;
	char *reached;
};

static struct note_pair *pair_for(struct build *b, const git_oid *object)
{
	struct note_pair *p;

	ALLOC_GROW(b->pairs, b->nr + 1, b->alloc);
	p = &b->pairs[b->nr++];
	memset(p, 0, sizeof(*p));
	git_oid_cpy(&p->object, object);
	return p;
}

static int collect_ours(const struct note_entry *note, void *data)
{
	git_oid_cpy(&pair_for(data, &note->object)->ours, &note->blob);
	return 0;
}

static int collect_theirs(const struct note_entry *note, void *data)
{
	git_oid_cpy(&pair_for(data, &note->object)->theirs, &note->blob);
	return 0;
}

static int pair_compare(const void *a, const void *b)
{
	const struct note_pair *x = a, *y = b;

	return git_oid_cmp(&x->object, &y->object);
}

/* Folds the pairs of one object (ours, then theirs) into one. */
static void merge_pairs(struct build *b)
{
	size_t i, kept = 0;

	qsort(b->pairs, b->nr, sizeof(*b->pairs), pair_compare);
	for (i = 0; i < b->nr; i++) {
		if (kept && git_oid_equal(&b->pairs[kept - 1].object, &b->pairs[i].object)) {
			struct note_pair *p = &b->pairs[kept - 1];

			if (git_oid_is_zero(&p->ours))
				git_oid_cpy(&p->ours, &b->pairs[i].ours);
			if (git_oid_is_zero(&p->theirs))
				git_oid_cpy(&p->theirs, &b->pairs[i].theirs);
			continue;
		}
		b->pairs[kept++] = b->pairs[i];
	}
	b->nr = kept;
}

/* On the remote's notes: ours for every published commit, theirs for the rest. */
static enum store_change apply_published(struct notes_store *s, void *data)
{
	struct build *b = data;
	size_t i;

	for (i = 0; i < b->nr; i++) {
		const struct note_pair *p = &b->pairs[i];

		if (!b->reached[i] || !git_oid_cmp(&p->ours, &p->theirs))
			continue;
		if (git_oid_is_zero(&p->ours))
			store_remove(s, &p->object);	/* we removed it */
		else
			store_set(s, &p->object, &p->ours);
	}
	return STORE_COMMIT;
}

int publish_build(git_repository *repo, const char *ours, const git_oid *theirs,
		  const git_oid *published, size_t published_nr, const char *scratch,
		  git_oid *out, struct oid_list *held)
{
	struct build b = { NULL, 0, 0, NULL };
	struct notes_store ours_store, scratch_store;
	git_reference *ref = NULL;
	git_oid *objects;
	size_t i, held_nr = 0;
	int ret = -1;

	store_open(&ours_store, repo, ours);
	store_for_each(&ours_store, collect_ours, &b);
	if (theirs) {
		struct notes_store theirs_store;

		check(git_reference_create(&ref, repo, scratch, theirs, 1, "git results push"),
		      "cannot create a ref to build on");
		git_reference_free(ref);
		ref = NULL;
		store_open(&theirs_store, repo, scratch);
		store_for_each(&theirs_store, collect_theirs, &b);
		store_release(&theirs_store);
	}
	merge_pairs(&b);
	objects = xcalloc(b.nr ? b.nr : 1, sizeof(*objects));
	for (i = 0; i < b.nr; i++)
		git_oid_cpy(&objects[i], &b.pairs[i].object);
	b.reached = xcalloc(b.nr ? b.nr : 1, 1);
	publish_find_reached(repo, published, published_nr, objects, b.nr, b.reached);
	for (i = 0; i < b.nr; i++) {
		/*
		 * Ours differs on a commit the remote does not have: held back,
		 * a removal too (a prune where the commit is not local), so that
		 * nothing the remote has is dropped.
		 */
		if (b.reached[i] || !git_oid_cmp(&b.pairs[i].ours, &b.pairs[i].theirs))
			continue;
		ALLOC_GROW(held->oids, held->nr + 1, held->alloc);
		git_oid_cpy(&held->oids[held->nr++], &b.pairs[i].object);
		held_nr++;
	}
	if (!held_nr) {
		git_oid_cpy(out, &ours_store.tip);
		ret = 0;
		goto out;
	}
	store_open(&scratch_store, repo, scratch);
	if (store_update(&scratch_store, apply_published, &b,
			 "Notes published by 'git results push'\n") >= 0) {
		/* No ref: the remote has no notes, and none is for it. */
		if (git_reference_name_to_id(out, repo, scratch) < 0)
			memset(out, 0, sizeof(*out));
		ret = (int)held_nr;
	}
	store_release(&scratch_store);
out:
	if (!git_reference_lookup(&ref, repo, scratch))
		git_reference_delete(ref);
	git_reference_free(ref);
	store_release(&ours_store);
	free(objects);
	free(b.reached);
	free(b.pairs);
	return ret;
}
