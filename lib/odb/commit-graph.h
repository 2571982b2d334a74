#ifndef ODB_COMMIT_GRAPH_H
#define ODB_COMMIT_GRAPH_H

#include <git2.h>
#include <stdint.h>

/*
 * A read-only view of git's commit-graph file
 * (objects/info/commit-graph, or the split chain under
 * objects/info/commit-graphs/), which `git gc` and `git fetch` keep up to
 * date: each commit's parents and date without reading the commit object.
 * libgit2 1.5 does not use it for walks; reading it is what makes a walk
 * over a long history as fast as git's.
 *
 * Positions are global across the layers of a chain, base layer first,
 * exactly as the parent fields of the file count them.
 */

#define COMMIT_GRAPH_NO_POS UINT32_MAX

struct commit_graph;

/*
 * Opens the commit-graph of the repository, or returns NULL when there is
 * none or it is unusable (unknown version, another hash, damaged): the
 * caller then reads commits from the object store, as git does.
 */
struct commit_graph *commit_graph_open(git_repository *repo);
void commit_graph_free(struct commit_graph *g);

/* The position of `oid` in the graph, or COMMIT_GRAPH_NO_POS. */
uint32_t commit_graph_find(const struct commit_graph *g, const git_oid *oid);

/* The commit id at `pos`. */
void commit_graph_oid(const struct commit_graph *g, uint32_t pos, git_oid *out);

/* The root tree id of the commit at `pos`. */
void commit_graph_tree(const struct commit_graph *g, uint32_t pos, git_oid *out);

/* The committer date (seconds since the epoch) of the commit at `pos`. */
int64_t commit_graph_date(const struct commit_graph *g, uint32_t pos);

/*
 * Calls `fn` with the position of each parent of the commit at `pos`, in
 * order.  Returns -1 when the file's parent data are inconsistent.
 */
int commit_graph_for_each_parent(const struct commit_graph *g, uint32_t pos,
				 void (*fn)(uint32_t parent, void *data), void *data);

#endif
