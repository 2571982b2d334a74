#ifndef ODB_PACK_WRITE_H
#define ODB_PACK_WRITE_H

#include <git2.h>
#include <stdio.h>

#include "lib/sha1.h"

/*
 * Writes many new objects as one pack (and its .idx) instead of one
 * loose file each: attaching 20,000 records would otherwise create 20,000
 * files.  Objects are stored whole (no deltas), like git fast-import does
 * before a repack.  Nothing becomes visible until pack_writer_finish().
 */
struct pack_entry {
	git_oid oid;
	uint64_t offset;
	uint32_t crc;
};

struct pack_writer {
	git_repository *repo;
	char *tmp_path;
	FILE *out;
	uint64_t offset;
	struct sha1_ctx *sha;
	struct pack_entry *entries;
	size_t nr, alloc;
	uint32_t *index;	/* open addressing over entries, to skip duplicates */
	size_t index_size;
	unsigned char *zbuf;
	size_t zalloc;
	void *small_z[2];	/* z_streams reused for small objects, see pack_writer_add() */
};

/* Starts a pack in the repository's objects/pack directory. */
void pack_writer_init(struct pack_writer *pw, git_repository *repo);

/* Adds an object (once: the same content twice is stored once). */
void pack_writer_add(struct pack_writer *pw, git_object_t type, const void *data,
		     size_t len, git_oid *out);

/*
 * Completes the pack and its index and makes the objects readable through
 * the repository's object database.  Dies on an I/O error, leaving no
 * pack behind.  An empty pack is discarded.
 */
void pack_writer_finish(struct pack_writer *pw);

/* Discards an unfinished pack. */
void pack_writer_release(struct pack_writer *pw);

#endif
