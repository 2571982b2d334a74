/*
 * Merging two results notes refs.  The two notes trees are compared
 * entry by entry from the root, and only subtrees whose ids differ are
 * read: two refs that share most of their notes share most of their
 * fanout subtrees too.  Each note that differs between the two is merged
 * three-way against the note of their merge base (merge-text.c) and
 * written by the store, as one commit with both tips as parents.
 */
#include "lib/store/merge.h"
#include "lib/hex.h"
#include "lib/store/ref.h"
#include "lib/progress.h"
#include "lib/record.h"
#include "lib/repo.h"
#include "lib/store.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_FAST_FORWARD_ATTEMPTS 100

/* A note that differs between the two sides: `blob` is theirs, when `theirs` is set. */
struct changed_note {
	git_oid object;
	git_oid blob;
	int theirs;
};

/*
 * The notes of a merge base.  A real one is a notes commit's tree; a
 * virtual one (criss-cross histories) is the merge of two others against
 * their own base; no base at all has neither, and holds no notes.
 */
struct merge_base {
	git_tree *tree;
	struct merge_base *ours, *theirs, *base;
};

struct their_non_note {
	char *path;
	git_oid oid;
	git_filemode_t mode;
};

struct merge_state {
	git_repository *repo;
	git_oid theirs;
	struct notes_merge_result *res;

	struct changed_note *notes;
	size_t notes_nr, notes_alloc;
	struct their_non_note *non_notes;
	size_t non_notes_nr, non_notes_alloc;
};

static void clear_collected(struct merge_state *st)
{
	size_t i;

	for (i = 0; i < st->non_notes_nr; i++)
		free(st->non_notes[i].path);
	st->notes_nr = st->non_notes_nr = 0;
}

static void reset_counts(struct notes_merge_result *res)
{
	size_t i;

	for (i = 0; i < res->conflicts_nr; i++) {
		free(res->conflicts[i].origin);
		free(res->conflicts[i].run);
	}
	res->conflicts_nr = res->text_notes_nr = 0;
	res->added = res->combined = res->removed = 0;
	strbuf_reset(&res->non_notes);
}

void notes_merge_result_release(struct notes_merge_result *res)
{
	reset_counts(res);
	free(res->conflicts);
	free(res->text_notes);
	strbuf_release(&res->non_notes);
	res->conflicts = NULL;
	res->text_notes = NULL;
	res->conflicts_alloc = res->text_notes_alloc = 0;
}

static int same_entry(const git_tree_entry *a, const git_tree_entry *b)
{
	return !git_oid_cmp(git_tree_entry_id(a), git_tree_entry_id(b)) &&
		git_tree_entry_filemode_raw(a) == git_tree_entry_filemode_raw(b);
}

/*
 * Collects the notes and other entries of `theirs` that `ours` (the tree
 * at the same path, or NULL) does not have with the same id; called with
 * the two trees the other way round (`theirs_side` zero), the notes only,
 * for those theirs lost.  Entries are classified as the store classifies
 * them when it reads a tree, so a note that moved to another fanout depth
 * is found again by its object id.
 */
static void collect(struct merge_state *st, git_tree *ours, git_tree *theirs,
		    struct strbuf *hex, struct strbuf *path, int theirs_side)
{
	size_t i, n = git_tree_entrycount(theirs);

	for (i = 0; i < n; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(theirs, i);
		const char *name = git_tree_entry_name(te);
		const git_tree_entry *oe = ours ? git_tree_entry_byname(ours, name) : NULL;
		size_t len = strlen(name), hex_len = hex->len, path_len = path->len;
		git_object_t type = git_tree_entry_type(te);

		if (oe && same_entry(oe, te))
			continue;
		if (type == GIT_OBJECT_TREE && len == 2 && hex_is_lower(name, 2) && hex->len + 2 < 40) {
			git_tree *sub_theirs, *sub_ours = NULL;

			check(git_tree_lookup(&sub_theirs, st->repo, git_tree_entry_id(te)),
			      "cannot read notes tree");
			if (oe && git_tree_entry_type(oe) == GIT_OBJECT_TREE)
				check(git_tree_lookup(&sub_ours, st->repo, git_tree_entry_id(oe)),
				      "cannot read notes tree");
			strbuf_add(hex, name, 2);
			strbuf_addf(path, "%s/", name);
			collect(st, sub_ours, sub_theirs, hex, path, theirs_side);
			git_tree_free(sub_ours);
			git_tree_free(sub_theirs);
		} else if (type == GIT_OBJECT_BLOB && hex->len + len == 40 && hex_is_lower(name, len)) {
			struct changed_note *note;

			ALLOC_GROW(st->notes, st->notes_nr + 1, st->notes_alloc);
			note = &st->notes[st->notes_nr++];
			strbuf_add(hex, name, len);
			git_oid_fromstr(&note->object, hex->buf);
			git_oid_cpy(&note->blob, git_tree_entry_id(te));
			note->theirs = theirs_side;
		} else if (theirs_side) {
			struct their_non_note *nn;

			ALLOC_GROW(st->non_notes, st->non_notes_nr + 1, st->non_notes_alloc);
			nn = &st->non_notes[st->non_notes_nr++];
			strbuf_addstr(path, name);
			nn->path = xstrdup(path->buf);
			git_oid_cpy(&nn->oid, git_tree_entry_id(te));
			nn->mode = git_tree_entry_filemode_raw(te);
		}
		strbuf_setlen(hex, hex_len);
		strbuf_setlen(path, path_len);
	}
}

static git_tree *commit_tree(git_repository *repo, const git_oid *commit_id)
{
	git_commit *commit;
	git_tree *tree;

	check(git_commit_lookup(&commit, repo, commit_id), "cannot read notes commit");
	check(git_commit_tree(&tree, commit), "cannot read notes tree");
	git_commit_free(commit);
	return tree;
}

static void add_text_note(struct notes_merge_result *res, const git_oid *object)
{
	ALLOC_GROW(res->text_notes, res->text_notes_nr + 1, res->text_notes_alloc);
	git_oid_cpy(&res->text_notes[res->text_notes_nr++], object);
}

/* The blob of the note on `object` in the notes tree `tree`, at whatever fanout depth. */
static int tree_note(git_oid *blob, git_repository *repo, git_tree *tree, const git_oid *object)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_tree *owned = NULL;
	size_t at = 0;
	int found = 0;

	git_oid_tostr(hex, sizeof(hex), object);
	while (tree) {
		const git_tree_entry *e = git_tree_entry_byname(tree, hex + at);
		char dir[3] = { hex[at], hex[at + 1], '\0' };
		git_tree *next = NULL;

		if (e && git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
			git_oid_cpy(blob, git_tree_entry_id(e));
			found = 1;
		} else if (at + 2 < GIT_OID_HEXSZ && (e = git_tree_entry_byname(tree, dir)) &&
			   git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			check(git_tree_lookup(&next, repo, git_tree_entry_id(e)), "cannot read notes tree");
			at += 2;
		}
		git_tree_free(owned);
		tree = owned = next;
	}
	return found;
}

static struct merge_base *merge_base_of(git_repository *repo, const git_oid *commits, size_t nr);

static struct merge_base *real_base(git_repository *repo, const git_oid *commit)
{
	struct merge_base *mb = xcalloc(1, sizeof(*mb));

	mb->tree = commit_tree(repo, commit);
	return mb;
}

/*
 * Folds several merge bases into one, as git's recursive merge does: each
 * next base is merged into those before it, against the merge bases of
 * the two (which have fewer merge bases of their own, so this ends).
 */
static struct merge_base *fold_bases(git_repository *repo, const git_oid *bases, size_t nr)
{
	struct merge_base *mb = real_base(repo, &bases[0]);
	git_oid *pair = xmalloc(nr * sizeof(*pair));
	size_t i;

	for (i = 1; i < nr; i++) {
		struct merge_base *merged = xcalloc(1, sizeof(*merged));

		/* The next base against the virtual merge of those before it. */
		git_oid_cpy(&pair[0], &bases[i]);
		memcpy(&pair[1], bases, i * sizeof(*bases));
		merged->ours = mb;
		merged->theirs = real_base(repo, &bases[i]);
		merged->base = merge_base_of(repo, pair, i + 1);
		mb = merged;
	}
	free(pair);
	return mb;
}

/* The merge base of `commits[0]` and a merge of the others; none is an empty one. */
static struct merge_base *merge_base_of(git_repository *repo, const git_oid *commits, size_t nr)
{
	git_oidarray bases = { NULL, 0 };
	struct merge_base *mb;
	int ret = git_merge_bases_many(&bases, repo, nr, commits);

	if (ret == GIT_ENOTFOUND)
		return xcalloc(1, sizeof(*mb));
	check(ret, "cannot find the merge base of the notes refs");
	mb = bases.count ? fold_bases(repo, bases.ids, bases.count) : xcalloc(1, sizeof(*mb));
	git_oidarray_dispose(&bases);
	return mb;
}

static void merge_base_free(struct merge_base *mb)
{
	if (!mb)
		return;
	git_tree_free(mb->tree);
	merge_base_free(mb->ours);
	merge_base_free(mb->theirs);
	merge_base_free(mb->base);
	free(mb);
}

/* Appends the text of the note on `object` in the base (nothing when it has none). */
static void merge_base_note(struct strbuf *out, struct notes_store *s, struct merge_base *mb,
			    const git_oid *object)
{
	struct note_merge_info info = NOTE_MERGE_INFO_INIT;
	struct strbuf ours = STRBUF_INIT, theirs = STRBUF_INIT, base = STRBUF_INIT;
	git_oid blob;

	if (mb->tree) {
		if (tree_note(&blob, s->repo, mb->tree, object))
			strbuf_addbuf(out, store_note_text(s, &blob));
		return;
	}
	if (!mb->ours)
		return;
	merge_base_note(&ours, s, mb->ours, object);
	merge_base_note(&theirs, s, mb->theirs, object);
	merge_base_note(&base, s, mb->base, object);
	notes_merge_text3(out, base.buf, base.len, ours.buf, ours.len, theirs.buf, theirs.len,
			  &info);
	note_merge_info_release(&info);
	strbuf_release(&ours);
	strbuf_release(&theirs);
	strbuf_release(&base);
}

static int same_text(const struct strbuf *a, const struct strbuf *b)
{
	return a->len == b->len && !memcmp(a->buf, b->buf, a->len);
}

/* Appends the text of the note blob `blob`, read through the store. */
static void add_note_text(struct strbuf *out, struct notes_store *s, const git_oid *blob)
{
	if (blob)
		strbuf_addbuf(out, store_note_text(s, blob));
}

/* Whether a note taken over as it is holds text that is not records. */
static int is_text_note(struct notes_store *s, const git_oid *blob_id)
{
	const struct strbuf *note = store_note_text(s, blob_id);
	struct record_rollup roll;

	return record_list_summarize(note->buf, note->len, &roll) < 0;
}

static int same_blob(const git_oid *a, const git_oid *b)
{
	return a ? b && !git_oid_cmp(a, b) : !b;
}

/*
 * The usual case, seen from the blob ids alone when the base is a real
 * one: one side left the note as the base had it, so the other side's
 * note is the result.  Returns 1 when that settled it.
 */
static int merge_one_side(struct notes_store *s, struct merge_state *st, const git_oid *object,
			  const git_oid *ours, const git_oid *theirs, struct merge_base *base)
{
	git_oid blob;
	const git_oid *in_base;

	if (!base->tree && base->ours)
		return 0;	/* a virtual base has no blob ids */
	in_base = base->tree && tree_note(&blob, st->repo, base->tree, object) ? &blob : NULL;
	if (same_blob(in_base, theirs))
		return 1;	/* only ours changed it: ours stays */
	if (!same_blob(in_base, ours))
		return 0;
	if (!theirs) {
		store_remove(s, object);
		st->res->removed++;
		return 1;
	}
	store_set(s, object, theirs);
	if (ours)
		st->res->combined++;
	else
		st->res->added++;
	if (is_text_note(s, theirs))
		add_text_note(st->res, object);
	return 1;
}

/* Merges the note on one commit whose note differs between the two sides. */
static void merge_one(struct notes_store *s, struct merge_state *st, const struct changed_note *n,
		      git_tree *theirs_tree, struct merge_base *base)
{
	struct note_merge_info info = NOTE_MERGE_INFO_INIT;
	struct notes_merge_result *res = st->res;
	struct strbuf out = STRBUF_INIT, ours = STRBUF_INIT, theirs = STRBUF_INIT;
	struct strbuf base_text = STRBUF_INIT;
	const git_oid *ours_id = store_lookup(s, &n->object);
	git_oid theirs_blob;
	int has_theirs = n->theirs;
	size_t i;

	if (has_theirs)
		git_oid_cpy(&theirs_blob, &n->blob);
	else
		has_theirs = tree_note(&theirs_blob, st->repo, theirs_tree, &n->object);
	if (same_blob(ours_id, has_theirs ? &theirs_blob : NULL) ||
	    merge_one_side(s, st, &n->object, ours_id, has_theirs ? &theirs_blob : NULL, base))
		return;

	add_note_text(&ours, s, ours_id);
	add_note_text(&theirs, s, has_theirs ? &theirs_blob : NULL);
	merge_base_note(&base_text, s, base, &n->object);
	notes_merge_text3(&out, base_text.buf, base_text.len, ours.buf, ours.len,
			  theirs.buf, theirs.len, &info);
	/* Often the result is one side's note: then nothing new needs writing. */
	if (!same_text(&out, &ours)) {
		if (!out.len)
			store_remove(s, &n->object);
		else if (has_theirs && same_text(&out, &theirs))
			store_set(s, &n->object, &theirs_blob);
		else
			store_put_text(s, &n->object, out.buf, out.len);
		if (!out.len)
			res->removed++;
		else if (ours_id)
			res->combined++;
		else
			res->added++;
		if (info.has_text)
			add_text_note(res, &n->object);
	}
	for (i = 0; i < info.conflicts_nr; i++) {
		struct merge_conflict *c;

		ALLOC_GROW(res->conflicts, res->conflicts_nr + 1, res->conflicts_alloc);
		c = &res->conflicts[res->conflicts_nr++];
		*c = info.conflicts[i];
		git_oid_cpy(&c->commit, &n->object);
	}
	info.conflicts_nr = 0;	/* their strings now belong to `res` */
	note_merge_info_release(&info);
	strbuf_release(&out);
	strbuf_release(&ours);
	strbuf_release(&theirs);
	strbuf_release(&base_text);
}

/* By object; of one object's two entries, the one of theirs first. */
static int cmp_changed(const void *va, const void *vb)
{
	const struct changed_note *a = va, *b = vb;
	int c = git_oid_cmp(&a->object, &b->object);

	return c ? c : b->theirs - a->theirs;
}

static void sort_changed(struct merge_state *st)
{
	size_t i, j;

	if (st->notes_nr > 1)
		qsort(st->notes, st->notes_nr, sizeof(*st->notes), cmp_changed);
	for (i = j = 0; i < st->notes_nr; i++)
		if (!j || git_oid_cmp(&st->notes[j - 1].object, &st->notes[i].object))
			st->notes[j++] = st->notes[i];
	st->notes_nr = j;
}

static void merge_non_notes(struct notes_store *s, struct merge_state *st)
{
	size_t i;

	for (i = 0; i < st->non_notes_nr; i++) {
		const struct their_non_note *nn = &st->non_notes[i];
		const git_oid *ours = store_non_note(s, nn->path);

		if (!ours)
			store_add_non_note(s, nn->path, &nn->oid, nn->mode);
		else if (git_oid_cmp(ours, &nn->oid))
			strbuf_addf(&st->res->non_notes, "%s\n", nn->path);
	}
}

/* store_update() callback: merges theirs into the store's current state. */
static enum store_change apply_merge(struct notes_store *s, void *data)
{
	struct merge_state *st = data;
	struct strbuf hex = STRBUF_INIT, path = STRBUF_INIT;
	git_tree *ours_tree = NULL, *theirs_tree;
	struct merge_base *base;
	struct progress *progress;
	size_t i;

	reset_counts(st->res);
	clear_collected(st);
	if (s->has_tip && (!git_oid_cmp(&s->tip, &st->theirs) ||
			   check(git_graph_descendant_of(st->repo, &s->tip, &st->theirs),
				 "cannot compare notes histories")))
		return STORE_UNCHANGED;	/* another writer merged theirs meanwhile */

	if (s->has_tip) {
		git_oid tips[2];

		git_oid_cpy(&tips[0], &s->tip);
		git_oid_cpy(&tips[1], &st->theirs);
		ours_tree = commit_tree(st->repo, &s->tip);
		base = merge_base_of(st->repo, tips, 2);
	} else {
		base = xcalloc(1, sizeof(*base));
	}
	theirs_tree = commit_tree(st->repo, &st->theirs);
	collect(st, ours_tree, theirs_tree, &hex, &path, 1);
	if (ours_tree)
		collect(st, theirs_tree, ours_tree, &hex, &path, 0);
	sort_changed(st);

	progress = progress_start("Merging results", st->notes_nr);
	for (i = 0; i < st->notes_nr; i++) {
		merge_one(s, st, &st->notes[i], theirs_tree, base);
		progress_update(progress, i + 1);
	}
	progress_stop(&progress);
	merge_non_notes(s, st);
	store_set_merge_parent(s, &st->theirs);

	merge_base_free(base);
	git_tree_free(ours_tree);
	git_tree_free(theirs_tree);
	strbuf_release(&hex);
	strbuf_release(&path);
	return STORE_COMMIT;
}

/* Moves `ours` to `theirs` if it still is at `old` (or still does not exist when `old` is NULL). */
static enum ref_cas fast_forward(git_repository *repo, const char *ours, const git_oid *old,
				 const git_oid *theirs, const char *theirs_name)
{
	struct strbuf msg = STRBUF_INIT;
	enum ref_cas ret;

	strbuf_addf(&msg, "notes: fast-forward to %s by 'git results merge'", theirs_name);
	ret = ref_compare_and_swap(repo, ours, old, theirs, NULL, msg.buf);
	strbuf_release(&msg);
	return ret;
}

static int resolve_theirs(git_repository *repo, const char *theirs, git_oid *out)
{
	git_commit *commit;
	int ret = git_reference_name_to_id(out, repo, theirs);

	if (ret == GIT_ENOTFOUND)
		return error("no notes ref '%s' to merge", theirs);
	check(ret, "cannot read notes ref");
	if (git_commit_lookup(&commit, repo, out) < 0)
		return error("notes ref %s does not point to a commit", theirs);
	git_commit_free(commit);
	return 0;
}

int notes_merge(struct notes_merge_result *res, git_repository *repo, const char *ours,
		const char *theirs)
{
	struct merge_state st = { repo };
	struct ref_lock_watch watch = { 0 };
	struct strbuf message = STRBUF_INIT;
	int attempt, ret = -1;

	st.res = res;
	reset_counts(res);
	memset(&res->old_tip, 0, sizeof(res->old_tip));
	if (resolve_theirs(repo, theirs, &st.theirs))
		return -1;
	strbuf_addf(&message, "Notes merged by 'git results merge' from %s into %s\n",
		    theirs, ours);

	for (attempt = 0; attempt < MAX_FAST_FORWARD_ATTEMPTS; attempt++) {
		struct notes_store s;
		enum ref_cas moved;

		if (attempt) {
			/* Lost a fast-forward to another writer: let them finish. */
			struct timespec ts = { 0, (1000L + rand() % 20000L) * 1000L };

			nanosleep(&ts, NULL);
		}

		store_open(&s, repo, ours);
		if (s.has_tip)
			git_oid_cpy(&res->old_tip, &s.tip);
		if (s.has_tip && (!git_oid_cmp(&s.tip, &st.theirs) ||
				  check(git_graph_descendant_of(repo, &s.tip, &st.theirs),
					"cannot compare notes histories"))) {
			res->outcome = NOTES_MERGE_UP_TO_DATE;
			git_oid_cpy(&res->new_tip, &s.tip);
			ret = 0;
		} else if (!s.has_tip || check(git_graph_descendant_of(repo, &st.theirs, &s.tip),
					       "cannot compare notes histories")) {
			moved = fast_forward(repo, ours, s.has_tip ? &s.tip : NULL, &st.theirs, theirs);
			if (moved == REF_CAS_MOVED) {
				res->outcome = NOTES_MERGE_FAST_FORWARD;
				git_oid_cpy(&res->new_tip, &st.theirs);
				ret = 0;
			} else if (moved == REF_CAS_LOCKED) {
				/*
				 * A held lock is no lost race: wait until it
				 * goes, or the watch finds it left behind.
				 */
				ref_lock_watch(&watch, repo, ours);
				attempt--;
			} else {
				watch.seen = 0;
			}
		} else {
			store_begin_bulk(&s);
			ret = store_update(&s, apply_merge, &st, message.buf);
			if (ret == STORE_UNCHANGED) {
				/* Someone else merged theirs while we were at it. */
				res->outcome = NOTES_MERGE_UP_TO_DATE;
				reset_counts(res);
				ret = 0;
			} else {
				res->outcome = NOTES_MERGE_MERGED;
			}
			git_oid_cpy(&res->new_tip, &s.tip);
		}
		store_release(&s);
		if (ret == 0)
			break;
	}
	if (attempt == MAX_FAST_FORWARD_ATTEMPTS)
		die("cannot update %s: it keeps changing under us", ours);
	clear_collected(&st);
	free(st.notes);
	free(st.non_notes);
	strbuf_release(&message);
	return ret;
}
