#ifndef STORE_H
#define STORE_H

#include <git2.h>
#include <sys/stat.h>
#include <time.h>

#include "lib/odb/pack-write.h"
#include "lib/record.h"
#include "lib/strbuf.h"

struct object_reader;

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

struct note_entry {
	git_oid object;	/* the annotated commit */
	git_oid blob;
};

struct non_note {
	char *path;
	git_oid oid;
	git_filemode_t mode;
};

struct store_subtree {
	git_oid oid;
	uint32_t count;	/* the notes read from it */
	int loaded;
};

struct notes_store {
	git_repository *repo;
	char *ref;
	git_oid tip;		/* the notes commit read; valid when has_tip */
	int has_tip;

	struct note_entry *notes;
	size_t notes_nr, notes_alloc;
	uint32_t *index;	/* open addressing: slot -> notes index + 1 */
	size_t index_size;
	int sorted;

	struct non_note *non_notes;
	size_t non_notes_nr, non_notes_alloc;

	/* depth-1 subtrees of the tree read, reused on write when untouched */
	git_oid subtree[256];
	uint32_t subtree_count[256];
	uint32_t subtree_dirty[256 / 32];
	uint32_t subtree_loaded[256 / 32];
	/*
	 * depth-2 subtrees ("ab/cd/"), indexed by their 16-bit prefix: read on
	 * first use like the depth-1 ones, and likewise reused when untouched;
	 * allocated when the first is found
	 */
	struct store_subtree *subtree2;
	uint32_t *subtree2_dirty;
	struct pack_writer *bulk;	/* new blobs go here, see store_begin_bulk() */
	struct object_reader *objects;	/* reads the notes trees; opened on first use */
	int root_fanned;
	int any_dirty;

	git_oid merge_parent;	/* see store_set_merge_parent() */
	int has_merge_parent;
};

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

/*
 * Reads and parses the note on `object` into `out` (appending).  Returns
 * 1 when there is none, 0 on success, and -1 with a message in `err` when
 * the note is not made of records.
 */
int store_read(struct notes_store *s, const git_oid *object, struct record_list *out,
	       struct strbuf *err);

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

/*
 * Calls `apply` on the loaded store, then commits its changes to the
 * ref with `message`.  When another writer moved the ref meanwhile, the
 * store is re-read and `apply` runs again on the new state, so `apply`
 * must derive its changes from the store each time.  `apply` returns 0 to
 * commit, 1 when there is nothing to change, or -1 to abort.  Returns
 * `apply`'s result (0 once committed).
 */
typedef int (*store_apply_fn)(struct notes_store *s, void *data);
int store_update(struct notes_store *s, store_apply_fn apply, void *data,
		 const char *message);

/*
 * Another writer holds a ref's lock for milliseconds.  A lock file that
 * stays (the same file, for two seconds) was left by a process that
 * crashed, or is held by one that will not let go soon: retrying would
 * only end in "it keeps changing under us".  An update that found `ref`
 * locked calls this before it retries: it dies as git does ("cannot lock
 * ref ...: File exists", with a hint) once the same lock has stayed that
 * long.  Start `w` zeroed, and zero it again when an attempt fails
 * for another reason.
 */
struct ref_lock_watch {
	int seen;
	struct stat st;
	struct timespec since;
};

void ref_lock_watch(struct ref_lock_watch *w, git_repository *repo, const char *ref);

/* Calls `fn` for every note, in object id order; stops on non-zero. */
int store_for_each(struct notes_store *s,
		   int (*fn)(const struct note_entry *note, void *data), void *data);

#endif
