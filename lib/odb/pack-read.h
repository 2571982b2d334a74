#ifndef ODB_PACK_READ_H
#define ODB_PACK_READ_H

#include <git2.h>
#include <zlib.h>

#include "lib/strbuf.h"

/*
 * A read-only view of the pack files of an object directory, read the way
 * git's packfile.c reads them: each .idx and .pack mapped once, an object
 * found through the index's fan-out table and a binary search, inflated
 * with zlib and, when it is a delta, rebuilt on its base.
 *
 * It exists for speed.  `git results log` and the notes store read tens
 * of thousands of small objects (commits, note blobs, fan-out trees), and
 * through libgit2's object database each of them costs more in locks,
 * caches and allocations than in zlib.  The view holds no lock: threads
 * share it, each reading through its own pack_cursor.
 *
 * It answers only what it is sure of.  An object that is not in the packs
 * found when the view was opened (a loose object, a pack written since,
 * an alternate), or an entry that does not look right, is left to the
 * caller, who asks libgit2 (see object-read.h) and so gets libgit2's
 * answer and error messages.
 */
struct packed_objects;

/* Maps the packs in `<objects_dir>/pack`; never fails (a view of none). */
struct packed_objects *packed_objects_open(const char *objects_dir);
void packed_objects_free(struct packed_objects *p);

#define PACK_BASE_CACHE_SLOTS 64

/* One thread's reading state: a zlib stream and recently used delta bases. */
struct pack_cursor {
	z_stream z;
	int z_ready;
	struct strbuf scratch, delta;
	struct pack_base {
		const void *pack;
		uint64_t offset;
		git_object_t type;
		struct strbuf data;
	} bases[PACK_BASE_CACHE_SLOTS];
};

void pack_cursor_init(struct pack_cursor *c);
void pack_cursor_release(struct pack_cursor *c);

/*
 * Reads object `oid` into `out` (replacing its contents) and sets `*type`.
 * Returns 0 on success, 1 when the object is not in the packs, -1 when
 * its entry is damaged or beyond what this reader handles; on 1 and -1
 * the caller asks libgit2.
 */
int packed_object_read(struct packed_objects *p, struct pack_cursor *c, const git_oid *oid,
		       git_object_t *type, struct strbuf *out);

#endif
