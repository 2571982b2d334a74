/*
 * The results store's front door (see lib/store.h): opening a notes ref,
 * looking notes up, pending changes, and committing them.  Reading the
 * notes tree is in store/tree-read.c, writing it in store/tree-write.c,
 * moving the ref in store/ref.c.
 */
#include "lib/store.h"
#include "lib/hex.h"
#include "lib/odb/object-read.h"
#include "lib/repo.h"
#include "lib/store/fsync.h"
#include "lib/store/ref.h"
#include "lib/store/tmp-clean.h"
#include "lib/store/tree-read.h"
#include "lib/store/tree-write.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_CAS_ATTEMPTS 400

char *store_ref_name(git_repository *repo, const char *explicit_ref)
{
	char *configured = explicit_ref ? NULL : config_get_string(repo, "results.notesref");
	const char *name = explicit_ref ? explicit_ref : configured ? configured : STORE_DEFAULT_REF;
	struct strbuf sb = STRBUF_INIT;

	/*
	 * git's expand_notes_ref(): "foo" and "notes/foo" mean refs/notes/foo,
	 * and so does "refs/heads/foo" mean refs/notes/refs/heads/foo: a notes
	 * command never writes a branch or merges one's files into notes.
	 */
	if (!strncmp(name, "refs/notes/", 11))
		strbuf_addstr(&sb, name);
	else if (!strncmp(name, "notes/", 6))
		strbuf_addf(&sb, "refs/%s", name);
	else
		strbuf_addf(&sb, "refs/notes/%s", name);
	free(configured);
	if (!git_reference_is_valid_name(sb.buf))
		die("refusing to use '%s' as notes ref: not a valid ref name", sb.buf);
	return strbuf_detach(&sb, NULL);
}

void store_open(struct notes_store *s, git_repository *repo, const char *ref)
{
	memset(s, 0, sizeof(*s));
	s->repo = repo;
	s->ref = xstrdup(ref);
	/* We wrote or read every object we link; libgit2 need not re-check. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
	/* Before anything is written: the objects, then the ref, durable as git's settings ask. */
	store_fsync_apply(repo);
	store_load(s);
}

void store_begin_bulk(struct notes_store *s)
{
	if (!s->bulk)
		s->bulk = xcalloc(1, sizeof(*s->bulk));
}

void store_release(struct notes_store *s)
{
	if (s->bulk) {
		pack_writer_release(s->bulk);
		free(s->bulk);
		s->bulk = NULL;
	}
	store_clear_notes(s);
	if (s->objects) {
		object_reader_release(s->objects);
		free(s->objects);
		s->objects = NULL;
	}
	free(s->ref);
	s->ref = NULL;
}

const git_oid *store_lookup(struct notes_store *s, const git_oid *object)
{
	struct note_entry *e = store_find(s, object);

	return e && !git_oid_is_zero(&e->blob) ? &e->blob : NULL;
}

const struct strbuf *store_note_text(struct notes_store *s, const git_oid *blob)
{
	return store_read_object(s, blob, GIT_OBJECT_BLOB, "note");
}

enum store_note store_read(struct notes_store *s, const git_oid *object,
			   struct record_list *out, struct strbuf *err)
{
	const git_oid *blob_id = store_lookup(s, object);
	struct strbuf note = STRBUF_INIT;

	if (!blob_id)
		return STORE_NOTE_NONE;
	/* the records keep their tests' strings in the note's own bytes */
	store_take_object(s, blob_id, GIT_OBJECT_BLOB, "note", &note);
	if (record_list_parse_text(out, &note, err))
		return STORE_NOTE_BAD;
	return STORE_NOTE_READ;
}

void store_set(struct notes_store *s, const git_oid *object, const git_oid *blob)
{
	struct note_entry *e = store_find(s, object);

	if (e)
		git_oid_cpy(&e->blob, blob);
	else
		store_append_note(s, object, blob);
	s->sorted = 0;
	store_mark_dirty(s, object);
}

void store_remove(struct notes_store *s, const git_oid *object)
{
	struct note_entry *e = store_find(s, object);

	if (!e || git_oid_is_zero(&e->blob))
		return;
	memset(&e->blob, 0, sizeof(e->blob));
	store_mark_dirty(s, object);
}

void store_put_text(struct notes_store *s, const git_oid *object, const char *buf, size_t len)
{
	git_oid blob;

	if (s->bulk)
		pack_writer_add(s->bulk, GIT_OBJECT_BLOB, buf, len, &blob);
	else {
		repo_error_reset();
		check(git_blob_create_from_buffer(&blob, s->repo, buf, len), "cannot write note");
	}
	store_set(s, object, &blob);
}

void store_put_records(struct notes_store *s, const git_oid *object,
		       const struct record_list *list)
{
	struct strbuf text = STRBUF_INIT;

	if (!list->nr) {
		store_remove(s, object);
		return;
	}
	record_list_write(&text, list);
	store_put_text(s, object, text.buf, text.len);
	strbuf_release(&text);
}

const git_oid *store_non_note(struct notes_store *s, const char *path)
{
	size_t i;

	store_load_all(s);
	for (i = 0; i < s->non_notes_nr; i++)
		if (!strcmp(s->non_notes[i].path, path))
			return &s->non_notes[i].oid;
	return NULL;
}

int store_add_non_note(struct notes_store *s, const char *path, const git_oid *oid,
		       git_filemode_t mode)
{
	struct non_note *nn;
	unsigned byte, byte2;

	if (store_non_note(s, path))
		return -1;
	ALLOC_GROW(s->non_notes, s->non_notes_nr + 1, s->non_notes_alloc);
	nn = &s->non_notes[s->non_notes_nr++];
	nn->path = xstrdup(path);
	git_oid_cpy(&nn->oid, oid);
	nn->mode = mode;
	/* An entry inside a fanout subtree makes that subtree be rewritten. */
	if (strlen(path) > 3 && path[2] == '/' && hex_is_lower(path, 2) &&
	    sscanf(path, "%2x", &byte) == 1) {
		s->subtree_dirty[byte / 32] |= 1u << (byte % 32);
		if (strlen(path) > 6 && path[5] == '/' && hex_is_lower(path + 3, 2) &&
		    sscanf(path + 3, "%2x", &byte2) == 1)
			store_mark_dirty2(s, byte << 8 | byte2);
	}
	s->any_dirty = 1;
	return 0;
}

void store_set_merge_parent(struct notes_store *s, const git_oid *parent)
{
	git_oid_cpy(&s->merge_parent, parent);
	s->has_merge_parent = 1;
	s->any_dirty = 1;
}

/* Writes the tree and commit, and moves the ref to it if no one else did. */
static enum ref_cas try_commit(struct notes_store *s, const char *message)
{
	struct strbuf reflog = STRBUF_INIT;
	git_signature *sig = repo_committer(s->repo);
	git_commit *parents[2] = { NULL, NULL };
	size_t parents_nr = 0;
	git_oid tree_id, commit_id;
	git_tree *tree;
	enum ref_cas ret;

	store_write_tree(s, &tree_id);
	/* The pack must be complete before the ref makes its objects reachable. */
	if (s->bulk)
		pack_writer_finish(s->bulk);
	check(git_tree_lookup(&tree, s->repo, &tree_id), "cannot read new notes tree");
	if (s->has_tip)
		check(git_commit_lookup(&parents[parents_nr++], s->repo, &s->tip),
		      "cannot read notes commit");
	if (s->has_merge_parent)
		check(git_commit_lookup(&parents[parents_nr++], s->repo, &s->merge_parent),
		      "cannot read the notes commit to merge");
	repo_error_reset();
	check(git_commit_create(&commit_id, s->repo, NULL, sig, sig, NULL, message, tree,
				parents_nr, (const git_commit **)parents),
	      "cannot write notes commit");

	strbuf_addf(&reflog, "notes: %s", message);
	strbuf_rtrim(&reflog);
	ret = ref_compare_and_swap(s->repo, s->ref, s->has_tip ? &s->tip : NULL, &commit_id,
				   sig, reflog.buf);
	if (ret == REF_CAS_MOVED) {
		/* Callers report the commit they made. */
		git_oid_cpy(&s->tip, &commit_id);
		s->has_tip = 1;
	}
	git_tree_free(tree);
	git_commit_free(parents[0]);
	git_commit_free(parents[1]);
	git_signature_free(sig);
	strbuf_release(&reflog);
	return ret;
}

enum store_change store_update(struct notes_store *s, store_apply_fn apply, void *data,
			       const char *message)
{
	struct ref_lock_watch watch = { 0 };
	int attempt;

	srand((unsigned)getpid() ^ (unsigned)time(NULL));
	store_clean_tmp_objects(s->repo);
	for (attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
		enum store_change change;
		enum ref_cas moved;

		if (s->bulk)
			pack_writer_init(s->bulk, s->repo);
		change = apply(s, data);
		if (change == STORE_COMMIT && !s->any_dirty)
			change = STORE_UNCHANGED;
		if (change != STORE_COMMIT) {
			if (s->bulk)
				pack_writer_release(s->bulk);
			return change;
		}
		moved = try_commit(s, message);
		if (moved == REF_CAS_MOVED)
			return STORE_COMMIT;
		if (moved == REF_CAS_LOCKED)
			ref_lock_watch(&watch, s->repo, s->ref);
		else
			watch.seen = 0;
		/* Someone else moved the ref: start again from what they wrote. */
		store_clear_notes(s);
		store_load(s);
		ref_backoff(attempt);
	}
	die("cannot update %s: it keeps changing under us", s->ref);
}

int store_for_each(struct notes_store *s,
		   int (*fn)(const struct note_entry *note, void *data), void *data)
{
	size_t i;
	int ret;

	store_load_all(s);
	store_compact(s);
	for (i = 0; i < s->notes_nr; i++)
		if ((ret = fn(&s->notes[i], data)))
			return ret;
	return 0;
}
