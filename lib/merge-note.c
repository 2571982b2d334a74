/*
 * Merging the texts of two notes on the same commit: the union of their
 * records, plus whatever text in them is not records.  See notes-merge.h.
 */
#include "notes-merge.h"
#include "record.h"
#include "usage.h"

#include <stdlib.h>
#include <string.h>

/* A note taken apart: its records, and the rest of its text. */
struct note_parts {
	struct record_list records;
	struct strbuf text;
};
#define NOTE_PARTS_INIT { RECORD_LIST_INIT, STRBUF_INIT }

static void note_parts_release(struct note_parts *p)
{
	record_list_release(&p->records);
	strbuf_release(&p->text);
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

	if (len && !record_list_parse(&parts->records, buf, len, &err))
		goto out;
	while (p < end) {
		/* A record starts a paragraph, or follows another directly. */
		int paragraph = p == text_start || (p[-1] == '\n' && p - buf >= 2 && p[-2] == '\n');

		if (paragraph && starts_with(p, end, "results ")) {
			const char *stop = record_end(p, end);
			size_t before = parts->records.nr;

			strbuf_reset(&err);
			if (!record_list_parse(&parts->records, p, stop - p, &err) &&
			    parts->records.nr == before + 1) {
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
	record_list_normalize(&parts->records);
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

static void merge_text(struct strbuf *out, const struct strbuf *a, const struct strbuf *b)
{
	const struct strbuf *first = a, *second = b;

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

static int same_key(const struct record *a, const struct record *b)
{
	return !strcmp(a->origin, b->origin) && !strcmp(a->run, b->run);
}

/* How many records of the normalised `list` have the key of `r`. */
static size_t count_key(const struct record_list *list, const struct record *r)
{
	size_t i, n = 0;

	for (i = 0; i < list->nr; i++)
		n += same_key(&list->items[i], r);
	return n;
}

static void add_conflict(struct note_merge_info *info, const struct record *r)
{
	struct merge_conflict *c;

	ALLOC_GROW(info->conflicts, info->conflicts_nr + 1, info->conflicts_alloc);
	c = &info->conflicts[info->conflicts_nr++];
	memset(&c->commit, 0, sizeof(c->commit));
	c->origin = xstrdup(r->origin);
	c->run = xstrdup(r->run);
}

static int cmp_record_ptr(const void *a, const void *b)
{
	return record_cmp(*(const struct record *const *)a, *(const struct record *const *)b);
}

/*
 * Writes the union of two normalised lists in canonical order and notes
 * the keys that gained a second text.  The records stay with their lists.
 */
static void merge_records(struct strbuf *out, const struct record_list *a,
			  const struct record_list *b, struct note_merge_info *info)
{
	const struct record **all = xmalloc((a->nr + b->nr + 1) * sizeof(*all));
	size_t i, j, nr = 0;

	for (i = 0; i < a->nr; i++)
		all[nr++] = &a->items[i];
	for (i = 0; i < b->nr; i++)
		all[nr++] = &b->items[i];
	if (nr > 1)
		qsort(all, nr, sizeof(*all), cmp_record_ptr);
	for (i = j = 0; i < nr; i++)
		if (!j || record_cmp(all[j - 1], all[i]))
			all[j++] = all[i];
	nr = j;

	for (i = 0; i < nr; i = j) {
		for (j = i + 1; j < nr && same_key(all[i], all[j]); j++)
			;
		if (j - i > 1 && j - i > count_key(a, all[i]) && j - i > count_key(b, all[i]))
			add_conflict(info, all[i]);
	}
	for (i = 0; i < nr; i++) {
		if (i)
			strbuf_addch(out, '\n');
		record_write(out, all[i]);
	}
	free(all);
}

void notes_merge_text(struct strbuf *out, const char *a, size_t a_len,
		      const char *b, size_t b_len, struct note_merge_info *info)
{
	struct note_parts pa = NOTE_PARTS_INIT, pb = NOTE_PARTS_INIT;
	struct strbuf text = STRBUF_INIT;

	if (a_len == b_len && !memcmp(a, b, a_len)) {
		struct note_parts same = NOTE_PARTS_INIT;

		split_note(&same, a, a_len);
		info->has_text = same.text.len > 0;
		note_parts_release(&same);
		strbuf_add(out, a, a_len);
		return;
	}
	split_note(&pa, a, a_len);
	split_note(&pb, b, b_len);
	merge_records(out, &pa.records, &pb.records, info);
	merge_text(&text, &pa.text, &pb.text);
	if (text.len) {
		if (pa.records.nr || pb.records.nr)
			strbuf_addch(out, '\n');
		strbuf_addbuf(out, &text);
		info->has_text = 1;
	}
	strbuf_release(&text);
	note_parts_release(&pa);
	note_parts_release(&pb);
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
