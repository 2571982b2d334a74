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

#endif
