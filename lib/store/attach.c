/*
 * The one attach policy (see lib/store/attach.h).
 */
#include "lib/store/attach.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

static int same_payload(const struct record *a, const struct record *b)
{
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
	int same;

	record_write_payload(&sa, a);
	record_write_payload(&sb, b);
	same = sa.len == sb.len && !memcmp(sa.buf, sb.buf, sa.len);
	strbuf_release(&sa);
	strbuf_release(&sb);
	return same;
}

/* The payload of `r` as if it had no date. */
static void write_undated(struct strbuf *out, const struct record *r)
{
	struct record undated = *r;	/* shallow: only read */

	undated.date = NULL;
	record_write_payload(out, &undated);
}

/*
 * Whether `copy` is `original` with the environment line a channel adds
 * to an imported copy: unsigned, and nothing else differs.
 */
static int imported_copy_of(const struct record *copy, const struct record *original)
{
	struct record bare = *copy;	/* shallow: only read */
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	size_t i, j = 0;
	int same = 0;

	if (copy->signature || copy->env_nr != original->env_nr + 1)
		return 0;
	bare.env = xmalloc(copy->env_nr * sizeof(*bare.env));
	for (i = 0; i < copy->env_nr; i++)
		if (strcmp(copy->env[i].key, RECORD_ENV_IMPORTED))
			bare.env[j++] = copy->env[i];
	bare.env_nr = j;
	if (j == original->env_nr) {
		record_write_payload(&a, &bare);
		record_write_payload(&b, original);
		same = a.len == b.len && !memcmp(a.buf, b.buf, a.len);
	}
	free(bare.env);
	strbuf_release(&a);
	strbuf_release(&b);
	return same;
}

enum record_match record_match(const struct record *stored, const struct record *incoming)
{
	if (!record_cmp(stored, incoming))
		return RECORD_MATCH_SAME;
	if (!same_payload(stored, incoming)) {
		if (imported_copy_of(incoming, stored))
			return RECORD_MATCH_IMPORTED_COPY;
		if (imported_copy_of(stored, incoming))
			return RECORD_MATCH_ORIGINAL;
		return RECORD_MATCH_DIFFERENT;
	}
	if (!incoming->signature)
		return RECORD_MATCH_SIGNED_FORM;
	if (!stored->signature)
		return RECORD_MATCH_SIGNS;
	return RECORD_MATCH_RESIGNED;
}

int record_text_signs(const char *signed_text, size_t signed_len,
		      const char *payload, size_t payload_len)
{
	static const char armour[] = "-----BEGIN ";

	/*
	 * A signed record is its payload and then the armour (the record
	 * format puts nothing between them); a payload never holds an armour
	 * line of its own, so a prefix that ends where one starts is all of it.
	 */
	return signed_len > payload_len && !memcmp(signed_text, payload, payload_len) &&
	       signed_len - payload_len >= sizeof(armour) - 1 &&
	       !memcmp(signed_text + payload_len, armour, sizeof(armour) - 1);
}

/* Where the armour of a signed record starts in `text`, or NULL. */
static const char *armour_start(const char *text, size_t len)
{
	static const char armour[] = "\n-----BEGIN ";
	const char *p = memmem(text, len, armour, sizeof(armour) - 1);

	return p ? p + 1 : NULL;
}

int record_text_imports(const char *copy, size_t copy_len,
			const char *original, size_t original_len)
{
	static const char marker[] = "\nenv " RECORD_ENV_IMPORTED " ";
	const char *line = memmem(copy, copy_len, marker, sizeof(marker) - 1);
	const char *header_end = memmem(copy, copy_len, "\n\n", 2);
	const char *signature = armour_start(original, original_len);
	size_t payload_len = signature ? (size_t)(signature - original) : original_len;
	const char *eol;
	size_t before, after;

	if (!line || armour_start(copy, copy_len) || (header_end && line > header_end))
		return 0;
	line++;
	if (!(eol = memchr(line, '\n', (size_t)(copy + copy_len - line))))
		return 0;
	before = (size_t)(line - copy);
	after = (size_t)(copy + copy_len - (eol + 1));
	return before + after == payload_len && !memcmp(copy, original, before) &&
	       !memcmp(eol + 1, original + before, after);
}

int note_attach_read(struct note_attach *n, struct notes_store *s, const git_oid *commit,
		     struct strbuf *err)
{
	if (store_read(s, commit, &n->records, err) == STORE_NOTE_BAD)
		return -1;
	n->stored = n->records.nr;
	return 0;
}

static void drop(struct note_attach *n, size_t i)
{
	record_release(&n->records.items[i]);
	memmove(&n->records.items[i], &n->records.items[i + 1],
		(n->records.nr - i - 1) * sizeof(*n->records.items));
	n->records.nr--;
	n->stored--;
}

/* Which of the matches of one key decides what an incoming record does. */
static enum attach_outcome decide(enum record_match m, int stored, enum attach_conflict how)
{
	switch (m) {
	case RECORD_MATCH_SAME:
	case RECORD_MATCH_SIGNED_FORM:
	case RECORD_MATCH_IMPORTED_COPY:
		return ATTACH_PRESENT;
	case RECORD_MATCH_SIGNS:
	case RECORD_MATCH_ORIGINAL:
		return stored ? ATTACH_UPGRADED : ATTACH_CONFLICT;
	case RECORD_MATCH_RESIGNED:
		return stored && how == ATTACH_REPLACE ? ATTACH_REPLACED : ATTACH_PRESENT;
	case RECORD_MATCH_DIFFERENT:
		break;
	}
	if (how == ATTACH_KEEP_BOTH)
		return ATTACH_ADDED;
	return stored && how == ATTACH_REPLACE ? ATTACH_REPLACED : ATTACH_CONFLICT;
}

enum attach_outcome store_attach(struct note_attach *n, const struct record *r,
				 enum attach_conflict on_conflict)
{
	enum attach_outcome outcome = ATTACH_ADDED;
	unsigned char *replaced = NULL;
	int present = 0;
	size_t i;

	/* First whether it is there at all, so that nothing is dropped in vain. */
	if (on_conflict != ATTACH_REPLACE && note_attach_has(n, r))
		return ATTACH_PRESENT;
	for (i = 0; i < n->records.nr; i++) {
		enum attach_outcome o;

		if (!record_same_run(&n->records.items[i], r))
			continue;
		o = decide(record_match(&n->records.items[i], r), i < n->stored, on_conflict);
		if (o == ATTACH_PRESENT && on_conflict == ATTACH_REPLACE) {
			present = 1;	/* --force with one side: the others go */
			continue;
		}
		if (o == ATTACH_PRESENT || o == ATTACH_CONFLICT) {
			free(replaced);
			return o;
		}
		if (o == ATTACH_UPGRADED || o == ATTACH_REPLACED) {
			if (!replaced)
				replaced = xcalloc(n->stored, 1);
			replaced[i] = 1;	/* only stored records are replaced */
			outcome = o;
		}
	}
	if (present && !replaced)
		return ATTACH_PRESENT;
	for (i = n->stored; replaced && i-- > 0;)
		if (replaced[i])
			drop(n, i);
	free(replaced);
	n->changed++;
	if (present)
		return ATTACH_REPLACED;	/* a conflict resolved to the record there */
	/* A shallow copy: the caller keeps ownership (see struct note_attach). */
	ALLOC_GROW(n->records.items, n->records.nr + 1, n->records.alloc);
	n->records.items[n->records.nr++] = *r;
	return outcome;
}

int note_attach_has(const struct note_attach *n, const struct record *r)
{
	size_t i;

	for (i = 0; i < n->records.nr; i++) {
		enum record_match m;

		if (!record_same_run(&n->records.items[i], r))
			continue;
		m = record_match(&n->records.items[i], r);
		if (m == RECORD_MATCH_SAME || m == RECORD_MATCH_SIGNED_FORM ||
		    m == RECORD_MATCH_IMPORTED_COPY)
			return 1;
	}
	return 0;
}

int note_attach_has_results(const struct note_attach *n, const struct record *r)
{
	struct strbuf mine = STRBUF_INIT, theirs = STRBUF_INIT;
	size_t i;
	int found = 0;

	write_undated(&mine, r);
	for (i = 0; !found && i < n->records.nr; i++) {
		if (!record_same_run(&n->records.items[i], r))
			continue;
		strbuf_reset(&theirs);
		write_undated(&theirs, &n->records.items[i]);
		found = theirs.len == mine.len && !memcmp(theirs.buf, mine.buf, mine.len);
	}
	strbuf_release(&mine);
	strbuf_release(&theirs);
	return found;
}

enum attach_outcome store_attach_or_refuse(struct note_attach *n, const struct record *r,
					   int force, const char *commit)
{
	enum attach_outcome o = store_attach(n, r, force ? ATTACH_REPLACE : ATTACH_REFUSE);

	if (o == ATTACH_CONFLICT)
		error("%s already has a different record for origin '%s', run '%s';"
		      " use --force to replace it", commit, r->origin, r->run);
	return o;
}

void note_attach_write(struct note_attach *n, struct notes_store *s, const git_oid *commit)
{
	struct record_list sorted;

	if (!n->changed)
		return;
	/*
	 * Sort a copy of the array: which entries are owned is known by
	 * position.  Exact duplicates never got in, so sorting is all the
	 * normalisation left.
	 */
	sorted.nr = sorted.alloc = n->records.nr;
	sorted.items = xmalloc(n->records.nr * sizeof(*sorted.items));
	memcpy(sorted.items, n->records.items, n->records.nr * sizeof(*sorted.items));
	record_list_sort(&sorted);
	store_put_records(s, commit, &sorted);
	free(sorted.items);
}

void note_attach_release(struct note_attach *n)
{
	size_t i;

	for (i = 0; i < n->stored && i < n->records.nr; i++)
		record_release(&n->records.items[i]);
	free(n->records.items);
	n->records.items = NULL;
	n->records.nr = n->records.alloc = n->stored = n->changed = 0;
}
