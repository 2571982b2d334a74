/*
 * Merging the texts of two notes on the same commit against the note of
 * their merge base: the records either side added or kept, without those
 * one side removed, plus whatever text in them is not records.  See
 * lib/store/merge.h.
 */
#include "lib/store/merge.h"
#include "lib/store/attach.h"
#include "lib/record.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

/*
 * One record of a note: its key, and its bytes as the note holds them.
 * The parser has checked that those bytes are the record's canonical
 * text, so records are compared, sorted and written by their bytes and
 * never serialised again.
 */
struct record_chunk {
	const char *origin, *run;
	const char *buf;
	size_t len;
	char *owned;	/* `buf`, when it had to be rewritten */
};

/* A note taken apart: its records, and the rest of its text. */
struct note_parts {
	struct record_list records;
	struct record_chunk *chunks;
	size_t chunks_nr, chunks_alloc;
	struct strbuf text;
};
#define NOTE_PARTS_INIT { RECORD_LIST_INIT, NULL, 0, 0, STRBUF_INIT }

static void note_parts_release(struct note_parts *p)
{
	size_t i;

	for (i = 0; i < p->chunks_nr; i++)
		free(p->chunks[i].owned);
	free(p->chunks);
	record_list_release(&p->records);
	strbuf_release(&p->text);
}

static void add_chunk(struct note_parts *parts, const struct record *r, const char *buf,
		      size_t len)
{
	struct record_chunk *c;

	ALLOC_GROW(parts->chunks, parts->chunks_nr + 1, parts->chunks_alloc);
	c = &parts->chunks[parts->chunks_nr++];
	c->origin = r->origin;
	c->run = r->run;
	c->owned = NULL;
	/* The parser accepts a last line without its newline; we write one. */
	if (!len || buf[len - 1] != '\n') {
		struct strbuf sb = STRBUF_INIT;

		record_write(&sb, r);
		c->owned = strbuf_detach(&sb, &len);
		buf = c->owned;
	}
	c->buf = buf;
	c->len = len;
}

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', end - p);

	return nl ? nl + 1 : end;
}

static int is_blank_line(const char *p, const char *end)
{
	return p < end && *p == '\n';
}

static int starts_with(const char *p, const char *end, const char *prefix)
{
	size_t n = strlen(prefix);

	return (size_t)(end - p) >= n && !memcmp(p, prefix, n);
}

static int is_armour_start(const char *p, const char *end)
{
	return starts_with(p, end, "-----BEGIN PGP SIGNATURE-----\n") ||
		starts_with(p, end, "-----BEGIN SIGNED MESSAGE-----\n") ||
		starts_with(p, end, "-----BEGIN SSH SIGNATURE-----\n");
}

/*
 * Where the record that starts at `p` would end, by the shape of the
 * grammar only (header, blank line, test lines, optional armour); the
 * parser decides afterwards whether it really is one.
 */
static const char *record_end(const char *p, const char *end)
{
	while (p < end && !is_blank_line(p, end))
		p = line_end(p, end);
	if (p < end)
		p = line_end(p, end);	/* the blank line that ends the header */
	while (p < end && !is_blank_line(p, end) && !starts_with(p, end, "results ")) {
		if (is_armour_start(p, end)) {
			while (p < end && !starts_with(p, end, "-----END "))
				p = line_end(p, end);
			return line_end(p, end);
		}
		p = line_end(p, end);
	}
	return p;
}

/* Adds a stretch of text that is not records, without its blank edges. */
static void add_text(struct strbuf *text, const char *p, const char *end)
{
	while (p < end && *p == '\n')
		p++;
	/* Keep one final newline, drop the blank line that separated a record. */
	while (end - p >= 2 && end[-1] == '\n' && end[-2] == '\n')
		end--;
	if (p == end)
		return;
	if (text->len)
		strbuf_addch(text, '\n');
	strbuf_add(text, p, end - p);
}

/* Pairs the records of a note that parsed whole with their bytes. */
static void chunk_whole_note(struct note_parts *parts, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	size_t i;

	for (i = 0; i < parts->records.nr; i++) {
		const char *stop;

		while (p < end && *p == '\n')
			p++;
		stop = record_end(p, end);
		add_chunk(parts, &parts->records.items[i], p, stop - p);
		p = stop;
	}
	while (p < end && *p == '\n')
		p++;
	if (p == end)
		return;
	/*
	 * The shape and the parser disagree (they should not): fall back to
	 * the canonical text of each record, which is what its bytes are.
	 */
	for (i = 0; i < parts->chunks_nr; i++)
		free(parts->chunks[i].owned);
	parts->chunks_nr = 0;
	for (i = 0; i < parts->records.nr; i++)
		add_chunk(parts, &parts->records.items[i], NULL, 0);
}

/*
 * Splits a note into records and other text.  A note of records (the
 * usual case) parses in one go; otherwise each stretch that starts a
 * paragraph with "results " and parses as one record is a record, and
 * everything between such records is text, kept byte for byte.
 */
static void split_note(struct note_parts *parts, const char *buf, size_t len)
{
	struct strbuf err = STRBUF_INIT;
	const char *p = buf, *end = buf + len, *text_start = buf;

	if (len && !record_list_parse(&parts->records, buf, len, &err)) {
		chunk_whole_note(parts, buf, len);
		goto out;
	}
	while (p < end) {
		/* A record starts a paragraph, or follows another directly. */
		int paragraph = p == text_start || (p[-1] == '\n' && p - buf >= 2 && p[-2] == '\n');

		if (paragraph && starts_with(p, end, "results ")) {
			const char *stop = record_end(p, end);
			size_t before = parts->records.nr;

			strbuf_reset(&err);
			if (!record_list_parse(&parts->records, p, stop - p, &err) &&
			    parts->records.nr == before + 1) {
				add_chunk(parts, &parts->records.items[before], p, stop - p);
				add_text(&parts->text, text_start, p);
				text_start = p = stop;
				continue;
			}
			while (parts->records.nr > before)
				record_release(&parts->records.items[--parts->records.nr]);
		}
		p = line_end(p, end);
	}
	add_text(&parts->text, text_start, end);
out:
	strbuf_release(&err);
}

/* Whether `needle` is whole lines of `hay`. */
static int contains_lines(const struct strbuf *hay, const struct strbuf *needle)
{
	const char *p = hay->buf, *end = hay->buf + hay->len;

	if (!needle->len)
		return 1;
	while ((p = memmem(p, end - p, needle->buf, needle->len))) {
		const char *after = p + needle->len;

		if ((p == hay->buf || p[-1] == '\n') &&
		    (after == end || after[-1] == '\n' || *after == '\n'))
			return 1;
		p++;
	}
	return 0;
}

static int cmp_bytes(const struct strbuf *a, const struct strbuf *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->buf, b->buf, n);

	return c ? c : (a->len > b->len) - (a->len < b->len);
}

static int same_strbuf(const struct strbuf *a, const struct strbuf *b)
{
	return a->len == b->len && !memcmp(a->buf, b->buf, a->len);
}

/*
 * The text that is not records, three-way: a side that left the base's
 * text as it was takes the other's; when both changed it, both are kept.
 */
static void merge_text(struct strbuf *out, const struct strbuf *base, const struct strbuf *a,
		       const struct strbuf *b)
{
	const struct strbuf *first = a, *second = b;

	if (same_strbuf(base, a)) {
		strbuf_addbuf(out, b);
		return;
	}
	if (same_strbuf(base, b)) {
		strbuf_addbuf(out, a);
		return;
	}
	if (contains_lines(a, b)) {
		strbuf_addbuf(out, a);
		return;
	}
	if (contains_lines(b, a)) {
		strbuf_addbuf(out, b);
		return;
	}
	if (cmp_bytes(a, b) > 0) {
		first = b;
		second = a;
	}
	strbuf_addbuf(out, first);
	strbuf_addch(out, '\n');
	strbuf_addbuf(out, second);
}

static int same_key(const struct record_chunk *a, const struct record_chunk *b)
{
	return !strcmp(a->origin, b->origin) && !strcmp(a->run, b->run);
}

/* The order of records in a note (record_cmp()'s): origin, run, bytes. */
static int cmp_chunk(const void *va, const void *vb)
{
	const struct record_chunk *a = *(const struct record_chunk *const *)va;
	const struct record_chunk *b = *(const struct record_chunk *const *)vb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = strcmp(a->origin, b->origin);

	if (!c)
		c = strcmp(a->run, b->run);
	if (!c)
		c = memcmp(a->buf, b->buf, n);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

static int same_bytes(const struct record_chunk *a, const struct record_chunk *b)
{
	return a->len == b->len && !memcmp(a->buf, b->buf, a->len);
}

/*
 * Sorts `nr` chunks and drops repeats, in place; returns how many are
 * left.
 */
static size_t sort_unique(const struct record_chunk **all, size_t nr)
{
	size_t i, j;

	if (nr > 1)
		qsort(all, nr, sizeof(*all), cmp_chunk);
	for (i = j = 0; i < nr; i++)
		if (!j || !same_bytes(all[j - 1], all[i]))
			all[j++] = all[i];
	return j;
}

/* How many different records of `p` have the key of `c`. */
static size_t count_key(const struct note_parts *p, const struct record_chunk *c)
{
	const struct record_chunk **mine = xmalloc((p->chunks_nr + 1) * sizeof(*mine));
	size_t i, nr = 0, n = 0;

	for (i = 0; i < p->chunks_nr; i++)
		if (same_key(&p->chunks[i], c))
			mine[nr++] = &p->chunks[i];
	n = sort_unique(mine, nr);
	free(mine);
	return n;
}

static void add_conflict(struct note_merge_info *info, const struct record_chunk *r)
{
	struct merge_conflict *c;

	ALLOC_GROW(info->conflicts, info->conflicts_nr + 1, info->conflicts_alloc);
	c = &info->conflicts[info->conflicts_nr++];
	memset(&c->commit, 0, sizeof(c->commit));
	c->origin = xstrdup(r->origin);
	c->run = xstrdup(r->run);
}

/*
 * The attach policy's rules for merges: a signed record replaces its
 * identical unsigned payload, and a record its imported copy, whichever
 * side each came from.  `all` is sorted (so one key's records are
 * together); returns how many are left.
 */
static size_t drop_lesser_copies(const struct record_chunk **all, size_t nr)
{
	unsigned char *drop = xcalloc(nr + 1, 1);
	size_t i, j, k, m, kept = 0;

	for (i = 0; i < nr; i = j) {
		for (j = i + 1; j < nr && same_key(all[i], all[j]); j++)
			;
		for (k = i; k < j; k++)
			for (m = i; m < j && !drop[k]; m++)
				drop[k] = m != k &&
					  (record_text_signs(all[m]->buf, all[m]->len,
							     all[k]->buf, all[k]->len) ||
					   record_text_imports(all[k]->buf, all[k]->len,
							       all[m]->buf, all[m]->len));
	}
	for (i = 0; i < nr; i++)
		if (!drop[i])
			all[kept++] = all[i];
	free(drop);
	return kept;
}

/* The records of a note, sorted and without repeats; free() the array. */
static const struct record_chunk **sorted_chunks(const struct note_parts *p, size_t *nr)
{
	const struct record_chunk **sorted = xmalloc((p->chunks_nr + 1) * sizeof(*sorted));
	size_t i;

	for (i = 0; i < p->chunks_nr; i++)
		sorted[i] = &p->chunks[i];
	*nr = sort_unique(sorted, p->chunks_nr);
	return sorted;
}

static int has_chunk(const struct record_chunk **sorted, size_t nr, const struct record_chunk *c)
{
	return !!bsearch(&c, sorted, nr, sizeof(*sorted), cmp_chunk);
}

/*
 * Drops from `all` (sorted, without repeats) the records of the base that
 * one side no longer has: that side removed or replaced them.  Returns how
 * many are left.
 */
static size_t drop_removed(const struct record_chunk **all, size_t nr,
			   const struct note_parts *base, const struct note_parts *a,
			   const struct note_parts *b)
{
	const struct record_chunk **in_base, **in_a, **in_b;
	size_t base_nr, a_nr, b_nr, i, kept = 0;

	if (!base->chunks_nr)
		return nr;
	in_base = sorted_chunks(base, &base_nr);
	in_a = sorted_chunks(a, &a_nr);
	in_b = sorted_chunks(b, &b_nr);
	for (i = 0; i < nr; i++)
		if (!has_chunk(in_base, base_nr, all[i]) ||
		    (has_chunk(in_a, a_nr, all[i]) && has_chunk(in_b, b_nr, all[i])))
			all[kept++] = all[i];
	free(in_base);
	free(in_a);
	free(in_b);
	return kept;
}

/*
 * Writes in canonical order the records either side added since the base
 * or both kept, and notes the keys that gained a second text.
 */
static void merge_records(struct strbuf *out, const struct note_parts *base,
			  const struct note_parts *a, const struct note_parts *b,
			  struct note_merge_info *info)
{
	const struct record_chunk **all = xmalloc((a->chunks_nr + b->chunks_nr + 1) * sizeof(*all));
	size_t i, j, nr = 0;

	for (i = 0; i < a->chunks_nr; i++)
		all[nr++] = &a->chunks[i];
	for (i = 0; i < b->chunks_nr; i++)
		all[nr++] = &b->chunks[i];
	nr = sort_unique(all, nr);
	nr = drop_removed(all, nr, base, a, b);
	nr = drop_lesser_copies(all, nr);

	for (i = 0; i < nr; i = j) {
		for (j = i + 1; j < nr && same_key(all[i], all[j]); j++)
			;
		if (j - i > 1 && j - i > count_key(a, all[i]) && j - i > count_key(b, all[i]))
			add_conflict(info, all[i]);
	}
	for (i = 0; i < nr; i++) {
		if (i)
			strbuf_addch(out, '\n');
		strbuf_add(out, all[i]->buf, all[i]->len);
	}
	free(all);
}

/*
 * The quick path.  Usually neither side removed anything of the base
 * (both only added records), and all three notes are as git results
 * writes them: records one blank line apart, in canonical order.  Then
 * the merge is the union of the two sides, often one side's note byte for
 * byte, and the sorted union of their records otherwise, which can be
 * seen by comparing bytes without parsing anything.
 */
struct span {
	const char *buf;
	size_t len;
	const char *origin, *run;
	size_t origin_len, run_len;
};

/* Finds the origin and run lines of the record header that starts at `p`. */
static int span_key(struct span *sp)
{
	const char *p = sp->buf, *end = sp->buf + sp->len;

	sp->origin = sp->run = NULL;
	while (p < end && !is_blank_line(p, end)) {
		const char *next = line_end(p, end);

		if (starts_with(p, end, "origin ")) {
			sp->origin = p + 7;
			sp->origin_len = next - 1 - sp->origin;
		} else if (starts_with(p, end, "run ")) {
			sp->run = p + 4;
			sp->run_len = next - 1 - sp->run;
			break;
		}
		p = next;
	}
	return sp->origin && sp->run ? 0 : -1;
}

static int cmp_mem(const char *a, size_t a_len, const char *b, size_t b_len)
{
	int c = memcmp(a, b, a_len < b_len ? a_len : b_len);

	return c ? c : (a_len > b_len) - (a_len < b_len);
}

static int cmp_span(const struct span *a, const struct span *b)
{
	int c = cmp_mem(a->origin, a->origin_len, b->origin, b->origin_len);

	if (!c)
		c = cmp_mem(a->run, a->run_len, b->run, b->run_len);
	return c ? c : cmp_mem(a->buf, a->len, b->buf, b->len);
}

/*
 * Cuts a note into records by their shape.  Returns the number of records,
 * or -1 unless the note is records only, one blank line apart, each ending
 * with a newline, in strictly increasing canonical order.
 */
static long canonical_spans(const char *buf, size_t len, struct span **out, size_t *alloc)
{
	const char *p = buf, *end = buf + len;
	size_t nr = 0;

	while (p < end) {
		struct span *sp;

		if (!starts_with(p, end, "results "))
			return -1;
		ALLOC_GROW(*out, nr + 1, *alloc);
		sp = &(*out)[nr];
		sp->buf = p;
		p = record_end(p, end);
		sp->len = p - sp->buf;
		if (!sp->len || sp->buf[sp->len - 1] != '\n' || span_key(sp) ||
		    (nr && cmp_span(&(*out)[nr - 1], sp) >= 0))
			return -1;
		nr++;
		if (p < end && (*p != '\n' || ++p == end))
			return -1;
	}
	return (long)nr;
}

/* Whether every span of `small` (sorted) is among those of `big` (sorted). */
static int spans_subset(const struct span *small, size_t small_nr,
			const struct span *big, size_t big_nr)
{
	size_t i = 0, j = 0;

	while (i < small_nr) {
		int c;

		if (j == big_nr)
			return 0;
		c = cmp_span(&small[i], &big[j]);
		if (c < 0)
			return 0;
		if (!c)
			i++;
		j++;
	}
	return 1;
}

/* Whether two spans are records of the same origin and run. */
static int same_span_key(const struct span *a, const struct span *b)
{
	return !cmp_mem(a->origin, a->origin_len, b->origin, b->origin_len) &&
		!cmp_mem(a->run, a->run_len, b->run, b->run_len);
}

/*
 * Writes the sorted union of two sorted lists of spans, unless two
 * different records of one key meet (a conflict, or a signed record and
 * its payload: for the full merge to settle).  Returns 0, or -1 with
 * nothing written.
 */
static int union_spans(struct strbuf *out, const struct span *a, size_t a_nr,
		       const struct span *b, size_t b_nr)
{
	const struct span **all = xmalloc((a_nr + b_nr + 1) * sizeof(*all));
	size_t i = 0, j = 0, nr = 0, k;
	int ret = 0;

	while (i < a_nr || j < b_nr) {
		int c = i == a_nr ? 1 : j == b_nr ? -1 : cmp_span(&a[i], &b[j]);
		const struct span *next = c <= 0 ? &a[i++] : &b[j++];

		if (!c)
			j++;
		if (nr && same_span_key(all[nr - 1], next)) {
			ret = -1;
			goto out;
		}
		all[nr++] = next;
	}
	for (k = 0; k < nr; k++) {
		if (k)
			strbuf_addch(out, '\n');
		strbuf_add(out, all[k]->buf, all[k]->len);
	}
out:
	free(all);
	return ret;
}

/* Merges as the full merge would, on the quick path; returns -1 when it cannot. */
static int quick_merge(struct strbuf *out, const char *base, size_t base_len,
		       const char *a, size_t a_len, const char *b, size_t b_len)
{
	struct span *sa = NULL, *sb = NULL, *sbase = NULL;
	size_t alloc_a = 0, alloc_b = 0, alloc_base = 0;
	long na, nb, nbase = 0;
	int ret = -1;

	na = canonical_spans(a, a_len, &sa, &alloc_a);
	nb = na > 0 ? canonical_spans(b, b_len, &sb, &alloc_b) : -1;
	if (nb > 0 && base_len)
		nbase = canonical_spans(base, base_len, &sbase, &alloc_base);
	if (na <= 0 || nb <= 0 || nbase < 0 ||
	    !spans_subset(sbase, nbase, sa, na) || !spans_subset(sbase, nbase, sb, nb))
		goto out;
	ret = 0;
	if (nb <= na && spans_subset(sb, nb, sa, na))
		strbuf_add(out, a, a_len);
	else if (na < nb && spans_subset(sa, na, sb, nb))
		strbuf_add(out, b, b_len);
	else
		ret = union_spans(out, sa, na, sb, nb);
out:
	free(sa);
	free(sb);
	free(sbase);
	return ret;
}

/* The result is one of the inputs, as it is: what is in it is all that is left to say. */
static void take_note(struct strbuf *out, const char *buf, size_t len,
		      struct note_merge_info *info)
{
	struct note_parts parts = NOTE_PARTS_INIT;

	split_note(&parts, buf, len);
	info->has_text = parts.text.len > 0;
	note_parts_release(&parts);
	strbuf_add(out, buf, len);
}

static int same_mem(const char *a, size_t a_len, const char *b, size_t b_len)
{
	return a_len == b_len && (!a_len || !memcmp(a, b, a_len));
}

void notes_merge_text3(struct strbuf *out, const char *base, size_t base_len,
		       const char *a, size_t a_len, const char *b, size_t b_len,
		       struct note_merge_info *info)
{
	struct note_parts pbase = NOTE_PARTS_INIT, pa = NOTE_PARTS_INIT, pb = NOTE_PARTS_INIT;
	struct strbuf text = STRBUF_INIT;
	size_t start = out->len;

	/* Unchanged on one side: the other side's note, as git's three-way merge of a file. */
	if (same_mem(a, a_len, b, b_len) || same_mem(base, base_len, b, b_len)) {
		take_note(out, a, a_len, info);
		return;
	}
	if (same_mem(base, base_len, a, a_len)) {
		take_note(out, b, b_len, info);
		return;
	}
	if (!quick_merge(out, base, base_len, a, a_len, b, b_len))
		return;
	split_note(&pbase, base, base_len);
	split_note(&pa, a, a_len);
	split_note(&pb, b, b_len);
	merge_records(out, &pbase, &pa, &pb, info);
	merge_text(&text, &pbase.text, &pa.text, &pb.text);
	if (text.len) {
		if (out->len > start)
			strbuf_addch(out, '\n');
		strbuf_addbuf(out, &text);
		info->has_text = 1;
	}
	strbuf_release(&text);
	note_parts_release(&pbase);
	note_parts_release(&pa);
	note_parts_release(&pb);
}

void notes_merge_text(struct strbuf *out, const char *a, size_t a_len,
		      const char *b, size_t b_len, struct note_merge_info *info)
{
	notes_merge_text3(out, NULL, 0, a, a_len, b, b_len, info);
}

void note_merge_info_release(struct note_merge_info *info)
{
	size_t i;

	for (i = 0; i < info->conflicts_nr; i++) {
		free(info->conflicts[i].origin);
		free(info->conflicts[i].run);
	}
	free(info->conflicts);
	info->conflicts = NULL;
	info->conflicts_nr = info->conflicts_alloc = 0;
	info->has_text = 0;
}
