#ifndef STORE_TREE_WRITE_H
#define STORE_TREE_WRITE_H

#include "lib/store/table.h"

/*
 * Writing the store's table of notes as a notes tree, for lib/store.c and
 * lib/store/tree-read.c only: git's fanout rule (so `git notes` reads the
 * tree and does not re-fan it), and the subtrees nothing changed in
 * reused as they were read.
 */

/* Sorts the table by object id and drops removed notes. */
void store_compact(struct notes_store *s);

/* Writes the whole notes tree (reading what the fanout rule needs) into `out`. */
void store_write_tree(struct notes_store *s, git_oid *out);

#endif
