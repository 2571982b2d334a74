#ifndef STORE_TMP_CLEAN_H
#define STORE_TMP_CLEAN_H

#include <git2.h>

/*
 * A write killed half-way leaves its temporary object files behind: the
 * pack writer's objects/pack/tmp_pack_* (and its .idx), libgit2's
 * objects/tmp_object_git2_*.  Removes those that have not been written
 * to for an hour (a live writer's are seconds old), so that the next
 * write or `prune` cleans them rather than `git gc` weeks later.
 * Returns how many it removed.
 */
size_t store_clean_tmp_objects(git_repository *repo);

#endif
