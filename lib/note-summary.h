#ifndef NOTE_SUMMARY_H
#define NOTE_SUMMARY_H

#include <git2.h>

#include "lib/record.h"
#include "lib/status.h"
#include "lib/strbuf.h"

/*
 * The one-line view of an annotated commit that `git results log` prints:
 * the roll-up of its note and the subject of the commit.  Reading the
 * note and commit objects is most of the time of a long listing, so a
 * batch is read by several threads, each with its own repository handle
 * (libgit2 objects are not shared between threads).
 */
struct note_summary {
	git_oid commit;		/* set by the caller */
	git_oid note;		/* set by the caller; zero: no note, the commit only */
	int same_tree;		/* set by the caller: the note is that of... */
	git_oid source;		/* ...this commit, which has the same tree */
	int bad;		/* the note is not records */
	struct record_rollup roll;	/* of the records made for `commit` only */
	struct strbuf subject;
	struct strbuf author;	/* "Name <email>", when the reader is asked for it */
};

struct note_summary_reader;

struct note_summary_reader *note_summary_reader_new(git_repository *repo);
void note_summary_reader_free(struct note_summary_reader *r);

/*
 * Roll up only the records `filter` keeps (it must outlive the reader),
 * and fill each item's `author`.
 */
void note_summary_reader_filter(struct note_summary_reader *r, const struct record_filter *filter);
void note_summary_reader_want_author(struct note_summary_reader *r);

/*
 * Fills items[0..nr) from their `commit` and `note` ids; the items'
 * subject and author buffers must be initialised.  Dies when an object is missing.
 */
void note_summary_read(struct note_summary_reader *r, struct note_summary *items, size_t nr);

/* The subject of a raw commit as git's %s gives it. */
void commit_subject(struct strbuf *out, const char *buf, size_t len);

/*
 * The author of a raw commit as `git log --author` matches it, "Name
 * <email>" without the date.
 */
void commit_author(struct strbuf *out, const char *buf, size_t len);

#endif
