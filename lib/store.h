#ifndef STORE_H
#define STORE_H

#include <git2.h>

#include "lib/record.h"
#include "lib/store/table.h"
#include "lib/strbuf.h"

/*
 * The results store: a git notes ref (refs/notes/results by default)
 * whose notes hold records.  The notes tree is read into memory once: the
 * root when the store opens, each fanout subtree (up to 256 at the first
 * level, 256 under each of those at the second) the first time a lookup
 * needs it, all of them before a full walk; lookups never walk trees.  A
 * write reads only what it needs to decide the fanout, and reuses the
 * subtrees it did not change.  Writes build the new tree with git's
 * own fanout rule (so `git notes` reads it and does not re-fan it) and
 * move the ref with a compare-and-swap, re-applying the change on top of
 * whatever another writer committed in between.
 */

#define STORE_DEFAULT_REF "refs/notes/results"

/*
 * The notes ref to use: `explicit_ref` (from --ref) if given, else
 * results.notesRef, else refs/notes/results; a name not under refs/notes/
 * goes under it ("foo" and "refs/heads/foo" become refs/notes/foo and
 * refs/notes/refs/heads/foo), as git's expand_notes_ref() does.  Returns a
 * new string.
 */
char *store_ref_name(git_repository *repo, const char *explicit_ref);

/* Reads the notes ref into memory; dies on a corrupt ref or tree. */
void store_open(struct notes_store *s, git_repository *repo, const char *ref);
void store_release(struct notes_store *s);

/* The note blob attached to `object`, or NULL. */
const git_oid *store_lookup(struct notes_store *s, const git_oid *object);

/*
 * The text of the note blob `blob`, read through the store's object
 * reader, as every note read goes.  The buffer is the reader's: valid
 * until the next read through the store.  Dies, as a lookup would, when
 * the blob cannot be read.
 */
const struct strbuf *store_note_text(struct notes_store *s, const git_oid *blob);

/* What store_read() found on a commit. */
enum store_note {
	STORE_NOTE_BAD = -1,	/* a note that is not made of records */
	STORE_NOTE_READ = 0,	/* a note of records, read */
	STORE_NOTE_NONE = 1,	/* no note */
};

/*
 * Reads and parses the note on `object` into `out` (appending).  For
 * STORE_NOTE_BAD, `err` says what is wrong with the note.
 */
enum store_note store_read(struct notes_store *s, const git_oid *object,
			   struct record_list *out, struct strbuf *err);

/*
 * Writes the new notes of the following store_update() into one pack
 * instead of one loose object each: for adding many records at once.
 */
void store_begin_bulk(struct notes_store *s);

/* Pending changes, written by the next store_update(). */
void store_set(struct notes_store *s, const git_oid *object, const git_oid *blob);
void store_remove(struct notes_store *s, const git_oid *object);
/* Writes `list` as the note of `object` (or removes it when empty). */
void store_put_records(struct notes_store *s, const git_oid *object,
		       const struct record_list *list);

/* Writes `buf` as the note of `object`, byte for byte. */
void store_put_text(struct notes_store *s, const git_oid *object, const char *buf, size_t len);

/*
 * Entries of the notes tree that are not notes (git keeps them; so do
 * we): the object at `path` (relative to the tree's root), or NULL; and
 * adding one, which fails with -1 when `path` is taken.
 */
const git_oid *store_non_note(struct notes_store *s, const char *path);
int store_add_non_note(struct notes_store *s, const char *path, const git_oid *oid,
		       git_filemode_t mode);

/*
 * Makes the next commit a merge: `parent` becomes its second parent, and
 * the commit is written even when no note changed, so that the history
 * records what was merged.  Like the pending changes, it is forgotten when
 * store_update() re-reads the ref, so `apply` must set it each time.
 */
void store_set_merge_parent(struct notes_store *s, const git_oid *parent);

/* What a store_update() callback asks for, and what the update did. */
enum store_change {
	STORE_ABORT = -1,	/* stop: nothing is written */
	STORE_COMMIT = 0,	/* commit the pending changes (done, once returned) */
	STORE_UNCHANGED = 1,	/* nothing to change */
};

/*
 * Calls `apply` on the loaded store, then commits its changes to the
 * ref with `message`.  When another writer moved the ref meanwhile, the
 * store is re-read and `apply` runs again on the new state, so `apply`
 * must derive its changes from the store each time.  Returns what
 * `apply` asked for: STORE_COMMIT once committed, STORE_UNCHANGED also
 * when `apply` asked to commit but changed nothing.
 */
typedef enum store_change (*store_apply_fn)(struct notes_store *s, void *data);
enum store_change store_update(struct notes_store *s, store_apply_fn apply, void *data,
			       const char *message);

/* Calls `fn` for every note, in object id order; stops on non-zero. */
int store_for_each(struct notes_store *s,
		   int (*fn)(const struct note_entry *note, void *data), void *data);

#endif
