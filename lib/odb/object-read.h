#ifndef ODB_OBJECT_READ_H
#define ODB_OBJECT_READ_H

#include <git2.h>

#include "lib/odb/pack-read.h"
#include "lib/strbuf.h"

/*
 * Reads objects for code that reads many: from the packs through
 * lib/odb/pack-read.h when it can, from libgit2's object database otherwise
 * (loose objects, alternates, anything the pack view declines), so that
 * every answer and every error is libgit2's own.
 *
 * A reader is used by one thread.  Readers for other threads share the
 * first one's pack view through object_reader_share().
 */
struct object_reader {
	git_odb *odb;
	struct packed_objects *packs;	/* NULL: libgit2 only */
	int own_packs;
	struct pack_cursor cursor;
	struct strbuf data;
	char *promisor;		/* a partial clone's promisor remote, or NULL */
};

/* Opens a reader on `repo`'s objects; dies when the database cannot be opened. */
void object_reader_open(struct object_reader *r, git_repository *repo);

/*
 * Opens a reader for another thread on `repo` (that thread's own
 * repository handle), sharing `from`'s pack view, which must outlive it.
 * Returns -1 with libgit2's error set when the database cannot be opened.
 */
int object_reader_share(struct object_reader *r, git_repository *repo,
			const struct object_reader *from);

void object_reader_release(struct object_reader *r);

/*
 * Asks a partial clone's promisor remote, through git, for those of the
 * `nr` objects `oids` that are missing, in one fetch, so that reading
 * them one by one next does not fetch them one by one.  Nothing happens
 * in other repositories or when none is missing.
 */
void object_reader_prefetch(struct object_reader *r, const git_oid *oids, size_t nr);

/*
 * Reads object `oid`, which must be of type `type` (GIT_OBJECT_ANY for
 * any), into r->data, valid until the next read.  Returns 0, or -1 with
 * `*error` set to a message ("cannot read <id>: ...", "<id> is a blob,
 * not a tree") for the caller to report and free.  In a partial clone a
 * missing object is fetched through git first, as git would.
 */
int object_read(struct object_reader *r, const git_oid *oid, git_object_t type, char **error);

/* One entry of a raw tree object, as tree_entry_next() finds it. */
struct raw_tree_entry {
	unsigned mode;
	const char *name;	/* NUL-terminated inside the tree's data */
	size_t name_len;
	git_oid oid;
};

/*
 * Steps through the entries of a raw tree object: 1 with `*e` filled and
 * `*pos` advanced, 0 at the end, -1 when the data is not a tree.
 */
int tree_entry_next(const struct strbuf *tree, size_t *pos, struct raw_tree_entry *e);

/* The object type a tree entry's mode names (tree, commit for a gitlink, blob). */
git_object_t tree_entry_type(unsigned mode);

#endif
