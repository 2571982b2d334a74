#ifndef STORE_TREE_READ_H
#define STORE_TREE_READ_H

#include "lib/store/table.h"
#include "lib/strbuf.h"

/*
 * Reading a notes tree into the store's table of notes, for lib/store.c
 * and lib/store/tree-write.c only: the root when the store opens, each
 * fanout subtree the first time a lookup needs it, everything before a
 * full walk.  Lookups go through an open-addressing index, never a tree.
 */

/* Reads the root of the notes ref's tree (nothing when there is no ref). */
void store_load(struct notes_store *s);

/* Reads every subtree not read yet, at every level. */
void store_load_all(struct notes_store *s);

/*
 * Reads the depth-2 subtrees with prefixes first..last not read yet.
 * Returns whether any was read.
 */
int store_load_subtrees2(struct notes_store *s, unsigned first, unsigned last);

/* Whether the depth-1 subtree `byte` ("ab/") exists and has not been read. */
int store_unread_subtree(const struct notes_store *s, unsigned byte);

/* Whether the depth-2 subtree `prefix` exists and has not been read. */
int store_unread_subtree2(const struct notes_store *s, unsigned prefix);

/* The note on `object`, reading the subtree it is in first; NULL if none. */
struct note_entry *store_find(struct notes_store *s, const git_oid *object);

/*
 * Reads an object of the notes through the store's object reader, as
 * store_note_text() does; dies, naming `what`, when it cannot.
 */
const struct strbuf *store_read_object(struct notes_store *s, const git_oid *oid,
				       git_object_t type, const char *what);

/*
 * The same, moving the object's bytes into `out` (emptied first) instead
 * of leaving them in the reader's buffer: for a reader that keeps them.
 */
void store_take_object(struct notes_store *s, const git_oid *oid, git_object_t type,
		       const char *what, struct strbuf *out);

#endif
