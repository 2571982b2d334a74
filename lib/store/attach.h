#ifndef STORE_ATTACH_H
#define STORE_ATTACH_H

#include "lib/record.h"
#include "lib/store.h"

/*
 * The one attach policy: how a record joins the note of its commit,
 * whichever way it arrived (add, am, sync pull; merge applies the same
 * rule to the texts of two notes, see record_text_signs()).  Records are
 * keyed by (origin, run):
 *
 *  - the same bytes are already recorded;
 *  - a record whose signed form is already there is already recorded;
 *  - a signed record replaces its identical unsigned payload;
 *  - a record replaces its imported copy (RECORD_ENV_IMPORTED), and a
 *    copy of a record already there is already recorded: a record is
 *    the same whichever way it travelled;
 *  - the same payload signed again is already recorded, unless the
 *    caller replaces (--force);
 *  - different results for one key are a conflict, which the caller's
 *    `enum attach_conflict` settles: refused, replaced, or both kept (and
 *    then counted once and flagged by every reader until resolved).
 */

/* What a stored record is to an incoming one of the same key. */
enum record_match {
	RECORD_MATCH_SAME,		/* the same bytes */
	RECORD_MATCH_SIGNED_FORM,	/* the stored one is the incoming payload, signed */
	RECORD_MATCH_SIGNS,		/* the incoming one is the stored payload, signed */
	RECORD_MATCH_RESIGNED,		/* one payload, signed both times, differently */
	RECORD_MATCH_IMPORTED_COPY,	/* the incoming one is an imported copy of the stored one */
	RECORD_MATCH_ORIGINAL,		/* the stored one is an imported copy of the incoming one */
	RECORD_MATCH_DIFFERENT,		/* different results: a conflict */
};

/* Compares two records of the same (origin, run); both normalised. */
enum record_match record_match(const struct record *stored, const struct record *incoming);

/*
 * Whether the note text `signed_text` is the record `payload` followed by
 * a signature: the same rule as RECORD_MATCH_SIGNS, on the bytes of two
 * canonical records, for code that compares notes without parsing them.
 */
int record_text_signs(const char *signed_text, size_t signed_len,
		      const char *payload, size_t payload_len);

/*
 * Whether the note text `copy` is the record `original` (signed or not)
 * imported: unsigned, with the RECORD_ENV_IMPORTED line in its header and
 * otherwise the original's payload byte for byte.  The same rule as
 * RECORD_MATCH_IMPORTED_COPY, on the bytes of two canonical records.
 */
int record_text_imports(const char *copy, size_t copy_len,
			const char *original, size_t original_len);

/* What a conflict does to the note. */
enum attach_conflict {
	ATTACH_REFUSE,		/* nothing changes: the caller reports it */
	ATTACH_REPLACE,		/* the incoming record replaces the stored ones of its key;
				   one of a conflict's records resolves it to itself */
	ATTACH_KEEP_BOTH,	/* both are kept */
};

/* What attaching one record did. */
enum attach_outcome {
	ATTACH_ADDED,		/* a new run, or kept beside a conflicting one */
	ATTACH_PRESENT,		/* already recorded: nothing changed */
	ATTACH_UPGRADED,	/* replaced its unsigned payload or its imported copy */
	ATTACH_REPLACED,	/* replaced a different record of its key (ATTACH_REPLACE) */
	ATTACH_CONFLICT,	/* refused: a different record of its key is there */
};

/*
 * The records of one commit's note while records are attached to it.
 * Those read from the note, [0, stored), are owned; those attached after
 * them are borrowed from the caller, who keeps them until the note is
 * written, so that a store_update() that runs again can attach them again.
 */
struct note_attach {
	struct record_list records;
	size_t stored;
	size_t changed;
};
#define NOTE_ATTACH_INIT { RECORD_LIST_INIT, 0, 0 }

/*
 * Reads the note on `commit` from `s`.  Returns 0, or -1 with a message
 * in `err` when the note is not made of records.
 */
int note_attach_read(struct note_attach *n, struct notes_store *s, const git_oid *commit,
		     struct strbuf *err);

/*
 * Attaches `r` (normalised, for the note's commit) by the policy above.
 * A record attached earlier through `n` is never replaced: two records
 * of one input that conflict are refused unless both are kept.
 */
enum attach_outcome store_attach(struct note_attach *n, const struct record *r,
				 enum attach_conflict on_conflict);

/*
 * Whether `r` is already recorded in the note: the same record, or its
 * signed form, is there (what store_attach() calls ATTACH_PRESENT, short
 * of a resigned record).  Nothing changes.
 */
int note_attach_has(const struct note_attach *n, const struct record *r);

/*
 * Whether the note holds a record of the key of `r` with the same
 * results, apart from the date: for a run whose id was made from its
 * results (add without --run), which is then the same run, added again
 * (a CI job that retries its upload).  Nothing changes.
 */
int note_attach_has_results(const struct note_attach *n, const struct record *r);

/*
 * store_attach() for the commands that refuse a conflict unless forced
 * (add, am): ATTACH_REPLACE with `force`, else ATTACH_REFUSE, and a
 * refused conflict is reported as an error naming `commit` and the run.
 */
enum attach_outcome store_attach_or_refuse(struct note_attach *n, const struct record *r,
					   int force, const char *commit);

/* Writes the note to `s` when anything was attached, in canonical order. */
void note_attach_write(struct note_attach *n, struct notes_store *s, const git_oid *commit);

/* Frees what was read; borrowed records are the caller's. */
void note_attach_release(struct note_attach *n);

#endif
