/*
 * libFuzzer target for the record parser (lib/record-parse.c).  Each
 * record it accepts is canonical, but a note is read leniently (a missing
 * final newline, extra blank lines between records), so what it accepts
 * must write back to text that reads back to the very same bytes, each
 * record must write back to its own bytes of the input; and the cheap
 * summary must agree with the parser on the counts; parsing in place
 * (record_list_parse_text()) must agree with parsing a copy.
 */
#include "t/fuzz/fuzz.h"
#include "lib/record.h"
#include "lib/usage.h"

#include <string.h>

static void check_fixed_point(const struct strbuf *text, size_t nr)
{
	struct record_list again = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;

	if (record_list_parse(&again, text->buf, text->len, &err))
		BUG("a written note does not read back: %s", err.buf);
	if (again.nr != nr)
		BUG("a written note reads back as %zu records, not %zu", again.nr, nr);
	record_list_write(&out, &again);
	if (out.len != text->len || memcmp(out.buf, text->buf, text->len))
		BUG("a written note does not write back to the same bytes");
	record_list_release(&again);
	strbuf_release(&err);
	strbuf_release(&out);
}

/*
 * The parser checks canonical form line by line, without writing the
 * record: each record it accepted, normalised (sorted, counted) as a
 * writer does, must still write back to exactly the bytes it was read
 * from.  The input is blank lines, then records each
 * followed by blank lines; the last one may lack its final newline.
 */
static void check_own_bytes(const char *p, const char *end, struct record_list *list)
{
	struct strbuf out = STRBUF_INIT;
	size_t i;

	for (i = 0; i < list->nr; i++) {
		size_t left;

		record_normalize(&list->items[i]);
		while (p < end && *p == '\n')
			p++;
		strbuf_reset(&out);
		record_write(&out, &list->items[i]);
		left = (size_t)(end - p);
		if (left < out.len && !(left == out.len - 1 && i == list->nr - 1))
			BUG("record %zu writes back longer than it was read", i);
		if (memcmp(p, out.buf, left < out.len ? left : out.len))
			BUG("record %zu does not write back to the bytes it was read from", i);
		p += left < out.len ? left : out.len;
	}
	while (p < end && *p == '\n')
		p++;
	if (p != end)
		BUG("the note has bytes after its last record that no record wrote");
	strbuf_release(&out);
}

/*
 * Parsing in place (the records borrow their tests' strings from the
 * text, ending each with a NUL) must accept and refuse what copying
 * does, with the same message, and read the same tests.
 */
static void check_in_place(const uint8_t *data, size_t size, int ret,
			   const struct record_list *list, const struct strbuf *err)
{
	struct record_list again = RECORD_LIST_INIT;
	struct strbuf text = STRBUF_INIT, err2 = STRBUF_INIT;
	size_t i, j;

	strbuf_add(&text, data, size);
	if (record_list_parse_text(&again, &text, &err2) != ret || strcmp(err->buf, err2.buf))
		BUG("parsing in place says '%s', copying '%s'", err2.buf, err->buf);
	if (again.nr != list->nr)
		BUG("parsing in place reads %zu records, copying %zu", again.nr, list->nr);
	for (i = 0; i < list->nr; i++) {
		const struct record *a = &list->items[i], *b = &again.items[i];

		if (a->tests_nr != b->tests_nr)
			BUG("record %zu: %zu tests in place, %zu copied", i, b->tests_nr, a->tests_nr);
		for (j = 0; j < a->tests_nr; j++)
			if (strcmp(a->tests[j].path, b->tests[j].path) ||
			    a->tests[j].status != b->tests[j].status ||
			    !a->tests[j].reason != !b->tests[j].reason ||
			    (a->tests[j].reason && strcmp(a->tests[j].reason, b->tests[j].reason)))
				BUG("record %zu, test %zu differs in place", i, j);
	}
	record_list_release(&again);
	strbuf_release(&text);
	strbuf_release(&err2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct record_rollup fast, parsed;
	size_t i;
	int ret = record_list_parse(&list, (const char *)data, size, &err);

	check_in_place(data, size, ret, &list, &err);
	if (ret) {
		if (!err.len)
			BUG("a record was refused without a message");
		goto cleanup;
	}
	check_own_bytes((const char *)data, (const char *)data + size, &list);
	record_list_write(&out, &list);
	check_fixed_point(&out, list.nr);
	if (record_list_summarize((const char *)data, size, &fast))
		BUG("an accepted note cannot be summarised");
	record_list_rollup(&list, &parsed);
	if (fast.runs != parsed.runs || fast.conflicts != parsed.conflicts)
		BUG("summary counts %zu runs (%zu in conflict), the parser %zu (%zu)", fast.runs,
		    fast.conflicts, parsed.runs, parsed.conflicts);
	if (fast.status != parsed.status)
		BUG("summary says %s, the parser %s", status_name(fast.status),
		    status_name(parsed.status));
	for (i = 0; i < STATUS__NR; i++)
		if (fast.counts[i] != parsed.counts[i])
			BUG("summary counts %zu %s, the parser %zu", fast.counts[i],
			    status_name((enum result_status)i), parsed.counts[i]);
cleanup:
	record_list_release(&list);
	strbuf_release(&err);
	strbuf_release(&out);
	return 0;
}
