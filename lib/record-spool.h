#ifndef RECORD_SPOOL_H
#define RECORD_SPOOL_H

#include "lib/record.h"
#include "lib/strbuf.h"

#include <stdint.h>

/*
 * Records on their way from their inputs to the notes, kept as their
 * canonical text rather than parsed: `add --batch` reads thousands of
 * records before it writes the first note, and keeps only where each
 * lies.  The texts stay in memory up to RECORD_SPOOL_MEMORY bytes (one
 * `add` never touches the disk for them), then all go to an unlinked
 * temporary file.
 */
struct record_spool {
	int fd;			/* -1 while the texts fit in `memory` */
	uint64_t len;
	struct strbuf memory;	/* the texts, until they go to the file */
	struct strbuf text;	/* the record being written or read back */
};
#define RECORD_SPOOL_INIT { -1, 0, STRBUF_INIT, STRBUF_INIT }

#define RECORD_SPOOL_MEMORY (8u << 20)

/* Where a record lies in the spool. */
struct spooled_record {
	uint64_t offset;
	size_t len;
};

/* Appends the canonical text of `r` (normalised) and says where it lies in `out`. */
void record_spool_add(struct record_spool *s, const struct record *r, struct spooled_record *out);

/*
 * Reads back the record at `at` and appends it to `list`.  Dies when the
 * file cannot be read or no longer holds one record: it is ours.
 */
void record_spool_read(struct record_spool *s, const struct spooled_record *at,
		       struct record_list *list);

/* Closes (so deletes) the file and frees the buffers; `s` is re-initialised. */
void record_spool_release(struct record_spool *s);

#endif
