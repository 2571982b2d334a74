#ifndef STORE_MERGE_H
#define STORE_MERGE_H

#include <git2.h>

#include "lib/strbuf.h"

/*
 * The semantic merge of results notes (DESIGN.md, "Merging").  Records
 * are a set, and the merge is three-way, against the notes of the merge
 * base: per commit, a record either side added since the base is kept, a
 * record of the base that one side removed (or replaced) stays removed,
 * and a record both sides kept stays.  Records are keyed by (origin, run):
 * identical records collapse; a signed record replaces its identical
 * unsigned payload (the attach policy, lib/store/attach.h); two different
 * texts for the same key are both kept and reported as a conflict; a
 * record's bytes, signature included, are copied as they are.  Text that
 * is not records (a note written by `git notes add`) is kept too, after
 * the records, three-way as a whole.  The result does not depend on which
 * side is "ours": merging is commutative, and merging a side in again
 * changes nothing.
 *
 * Histories that criss-cross have several merge bases.  Their notes are
 * merged first, by the same rule, into one virtual base, as git's
 * recursive merge does: a record is in it when some base has it and no
 * base removed it since their own base.  Merging against it keeps the
 * rule above exact for every history: a record stays removed once a side
 * has seen its removal, and a record no side removed is never dropped.
 * With no merge base at all (two unrelated histories) the base is empty
 * and the merge is the union.
 */

/* An (origin, run) key that ended up with several different records. */
struct merge_conflict {
	git_oid commit;
	char *origin;
	char *run;
};

/* What merging one note found. */
struct note_merge_info {
	struct merge_conflict *conflicts;	/* `commit` is left zero */
	size_t conflicts_nr, conflicts_alloc;
	int has_text;	/* the result holds text that is not records */
};
#define NOTE_MERGE_INFO_INIT { NULL, 0, 0, 0 }

void note_merge_info_release(struct note_merge_info *info);

/*
 * Appends to `out` the three-way merge of the note texts `a` and `b`
 * against `base` (NULL or empty: no note in the base).  A side equal to
 * the base gives the other side's text, as it is; so do equal sides.
 * Otherwise: the records of either side that are not in the base, and
 * those of the base that both sides kept, in canonical order, followed by
 * the text that is not records (the side's that changed it; when both
 * did, one side's when it contains the other's, else both, in byte order,
 * separated by a blank line).  An empty result means no note.  A key
 * reported in `info` is one whose records in the result are more than
 * either side had: conflicts a side already held are not reported again.
 */
void notes_merge_text3(struct strbuf *out, const char *base, size_t base_len,
		       const char *a, size_t a_len, const char *b, size_t b_len,
		       struct note_merge_info *info);

/* notes_merge_text3() with no base: the union of the two notes. */
void notes_merge_text(struct strbuf *out, const char *a, size_t a_len,
		      const char *b, size_t b_len, struct note_merge_info *info);

enum notes_merge_outcome {
	NOTES_MERGE_UP_TO_DATE,		/* theirs was already merged */
	NOTES_MERGE_FAST_FORWARD,	/* ours moved to theirs (or was created) */
	NOTES_MERGE_MERGED,		/* a two-parent commit was written */
};

struct notes_merge_result {
	enum notes_merge_outcome outcome;
	git_oid old_tip, new_tip;	/* old_tip is zero when ours did not exist */
	size_t added;		/* notes only theirs had */
	size_t combined;	/* notes both had, differently, now merged */
	size_t removed;		/* notes of ours whose records theirs all removed */
	struct merge_conflict *conflicts;
	size_t conflicts_nr, conflicts_alloc;
	git_oid *text_notes;	/* commits whose notes hold text that is not records */
	size_t text_notes_nr, text_notes_alloc;
	struct strbuf non_notes;	/* tree entries kept out, one "<path>\n" each */
};
#define NOTES_MERGE_RESULT_INIT { .non_notes = STRBUF_INIT }

void notes_merge_result_release(struct notes_merge_result *res);

/*
 * Merges the notes ref `theirs` into the notes ref `ours` of `repo`:
 * fast-forwards `ours` when it is an ancestor of `theirs` (or does not
 * exist), does nothing when `theirs` is already merged, and otherwise
 * writes a commit with both as parents whose tree is the per-note
 * three-way merge against their merge base (or bases, see above).
 * The update of `ours` is a compare-and-swap; when another writer moves
 * it meanwhile, the merge is done again on top of what they wrote.
 * Progress is shown on stderr as lib/progress.h decides.  Returns 0 with
 * `res` filled in, or -1 with an error printed (`theirs` missing or not a
 * commit); `ours` is then unchanged.
 */
int notes_merge(struct notes_merge_result *res, git_repository *repo, const char *ours,
		const char *theirs);

#endif
