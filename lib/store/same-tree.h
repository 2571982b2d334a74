#ifndef STORE_SAME_TREE_H
#define STORE_SAME_TREE_H

#include "lib/store.h"

/*
 * Results for the same code on another commit.  A record names the tree
 * it was made for, so a commit without results of its own (amended,
 * rebased, cherry-picked or re-created with the same tree) can still be
 * shown the results of an identical tree, marked as such.
 */

/*
 * Reads into `out` (appending) the records made for the tree of `commit`
 * that the note of another commit holds, and stores that commit's id in
 * `source`.  Of several such commits, the first in object id order.  The
 * commits are found through an index of trees (see same-tree.c), made
 * once per notes commit, so a look-up does not read every note.  Returns
 * 0, or 1 when there is none.
 */
int store_read_same_tree(struct notes_store *s, const git_oid *commit,
			 struct record_list *out, git_oid *source);

/*
 * The index itself, for readers that look up many commits (log): open it
 * once, then find for a tree the first commit with results (in object id
 * order) other than `commit`.  tree_index_open() returns NULL when the
 * notes ref has no notes.
 */
struct tree_index;
struct tree_index *tree_index_open(struct notes_store *s);
void tree_index_free(struct tree_index *ix);
int tree_index_find(const struct tree_index *ix, const git_oid *tree, const git_oid *commit,
		    git_oid *out);

#endif
