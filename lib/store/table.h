#ifndef STORE_TABLE_H
#define STORE_TABLE_H

#include "lib/odb/pack-write.h"

#include <git2.h>
#include <stdint.h>

/*
 * The store's table of notes: the notes read so far from the notes tree,
 * an open-addressing index over them, and what the tree writer needs to
 * know of the subtrees they came from.  lib/store.h is the API; this is
 * its state, shared with the tree reader and writer in lib/store/.
 */

struct object_reader;

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
	int any_dirty;

	git_oid merge_parent;	/* see store_set_merge_parent() */
	int has_merge_parent;
};

/* The number of depth-2 subtrees ("ab/cd/"): one per 16-bit prefix. */
#define STORE_SUBTREE2_NR 65536

/* The first two bytes of `object`: its depth-2 subtree. */
unsigned store_prefix16(const git_oid *object);

/* Looks `object` up among the notes read so far; NULL when not there. */
struct note_entry *store_find_loaded(struct notes_store *s, const git_oid *object);

/* Adds a note to the table (and its index). */
void store_append_note(struct notes_store *s, const git_oid *object, const git_oid *blob);

/* Builds the index anew, after the table was reordered. */
void store_rebuild_index(struct notes_store *s);

/* Marks the subtrees that hold `object` (or the depth-2 `prefix`) as changed. */
void store_mark_dirty(struct notes_store *s, const git_oid *object);
void store_mark_dirty2(struct notes_store *s, unsigned prefix);

/* Forgets every note and subtree read, to read the ref again. */
void store_clear_notes(struct notes_store *s);

#endif
