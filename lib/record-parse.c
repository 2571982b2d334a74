/*
 * Reading record text back: the grammar is in
 * Documentation/git-results-record.md.  The parser is strict about what
 * it accepts, because a note that does not read back exactly is either
 * not ours or has been tampered with, and the caller must be told.
 */
#include "lib/hex.h"
#include "lib/metric.h"
#include "lib/record-filter.h"
#include "lib/record.h"
#include "lib/usage.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct cursor {
	const char *buf, *end;
	struct record_text *text;	/* holds `buf`, when the records borrow from it */
	const char *line;	/* the current line, NUL-free, without "\n" */
	size_t len;
	unsigned long lineno;
	int pushed_back;
};

/* Advances to the next line; 0 at the end of the buffer. */
static int next_line(struct cursor *c)
{
	const char *start = c->line ? c->line + c->len + 1 : c->buf;
	const char *nl;

	if (c->pushed_back) {
		c->pushed_back = 0;
		c->lineno++;
		return 1;
	}
	if (start >= c->end)
		return 0;
	nl = memchr(start, '\n', c->end - start);
	c->line = start;
	c->len = (nl ? nl : c->end) - start;
	c->lineno++;
	return 1;
}

/* Makes the next next_line() return the current line again. */
static void unread_line(struct cursor *c)
{
	c->pushed_back = 1;
	c->lineno--;
}

static int fail(struct strbuf *err, const struct cursor *c, const char *msg)
{
	strbuf_addf(err, "line %lu: %s", c->lineno, msg);
	return -1;
}

/* Parses " FAIL=n ERROR=n ..." (exactly `len` bytes, all six in order). */
static int parse_counts(const char *p, size_t counts[STATUS__NR], size_t len)
{
	const char *end = p + len;
	int i;

	for (i = 0; i < STATUS__NR; i++) {
		const char *name = status_name((enum result_status)i);
		size_t n = strlen(name);

		if (end - p < (long)n + 3 || *p++ != ' ' || strncmp(p, name, n) || p[n] != '=')
			return -1;
		p += n + 1;
		if (!isdigit((unsigned char)*p))
			return -1;
		counts[i] = 0;
		while (p < end && isdigit((unsigned char)*p))
			counts[i] = counts[i] * 10 + (size_t)(*p++ - '0');
	}
	return p == end ? 0 : -1;
}

/*
 * The signature armours git knows: OpenPGP, X.509 (gpgsm) and SSH.  Any
 * other "-----BEGIN" line is not a signature and not a test line either.
 */
static int is_armour_start(const char *line, size_t len)
{
	static const char *const armours[] = {
		"-----BEGIN PGP SIGNATURE-----",
		"-----BEGIN SIGNED MESSAGE-----",
		"-----BEGIN SSH SIGNATURE-----",
	};
	size_t i;

	for (i = 0; i < sizeof(armours) / sizeof(*armours); i++)
		if (len == strlen(armours[i]) && !memcmp(line, armours[i], len))
			return 1;
	return 0;
}

static int parse_signature(struct record *r, struct cursor *c, struct strbuf *err)
{
	struct strbuf sig = STRBUF_INIT;

	do {
		strbuf_add(&sig, c->line, c->len);
		strbuf_addch(&sig, '\n');
		if (c->len >= 9 && !strncmp(c->line, "-----END ", 9)) {
			r->signature = strbuf_detach(&sig, NULL);
			return 0;
		}
	} while (next_line(c));
	strbuf_release(&sig);
	return fail(err, c, "unterminated signature");
}

static int parse_header(struct record *r, struct cursor *c, struct strbuf *err,
			size_t counts[STATUS__NR], enum result_status *status,
			struct strbuf *field_err)
{
	int seen_status = 0, seen_counts = 0;

	while (next_line(c)) {
		const char *line = c->line, *sp, *value;
		char *v;
		size_t keylen;

		if (!c->len)
			break;
		sp = memchr(line, ' ', c->len);
		if (!sp)
			return fail(err, c, "header line without a value");
		keylen = sp - line;
		value = sp + 1;
		v = xstrndup(value, c->len - keylen - 1);

#define KEY(k) (keylen == strlen(k) && !strncmp(line, k, keylen))
		if (seen_counts) {
			free(v);
			return fail(err, c, "header continues after 'counts'");
		} else if (KEY("commit") && hex_is_oid(v) && !*r->commit) {
			memcpy(r->commit, v, RECORD_HEXSZ + 1);
		} else if (KEY("tree") && hex_is_oid(v) && !*r->tree) {
			memcpy(r->tree, v, RECORD_HEXSZ + 1);
		} else if (KEY("origin") && !r->origin && !record_check_origin(v, field_err)) {
			r->origin = v;
			v = NULL;
		} else if (KEY("run") && !r->run && !record_check_run(v, field_err)) {
			r->run = v;
			v = NULL;
		} else if (KEY("date") && !r->date && !record_check_date(v, field_err)) {
			r->date = v;
			v = NULL;
		} else if (KEY("tester") && !r->tester && !record_check_value("tester", v, field_err)) {
			r->tester = v;
			v = NULL;
		} else if (KEY("link") && !record_check_value("link", v, field_err)) {
			record_add_link(r, v);
		} else if (KEY("supersedes") && !record_check_run(v, field_err)) {
			record_add_supersedes(r, v);
		} else if (KEY("env")) {
			char *vsp = strchr(v, ' ');

			if (!vsp) {
				free(v);
				return fail(err, c, "environment line without a value");
			}
			*vsp = '\0';
			if (record_check_env_key(v, field_err) ||
			    record_check_value("environment value", vsp + 1, field_err)) {
				free(v);
				return fail(err, c, field_err->buf);
			}
			record_set_env(r, v, vsp + 1);
		} else if (KEY("status") && !seen_status && !status_parse(v, strlen(v), status)) {
			seen_status = 1;
		} else if (KEY("counts") && seen_status && !parse_counts(sp, counts, c->len - keylen)) {
			seen_counts = 1;
		} else {
			free(v);
			return fail(err, c, field_err->len ? field_err->buf :
				    "unknown, repeated or malformed header line");
		}
#undef KEY
		free(v);
	}
	if (!r->origin || !r->run || !r->date || !seen_counts)
		return fail(err, c, "record header lacks origin, run, date, status or counts");
	return 0;
}

/*
 * The test line before, as text: its path and what follows it after
 * the space (the measurement and reason, "= 2 s # why"), both checked
 * canonical.  The space is left out as the parser may have ended the
 * path over it with a NUL; every tail but the empty one starts with it.
 */
struct prev_test {
	const char *path, *tail;
	size_t path_len, tail_len;
	enum result_status status;
	int any;
};

static int bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c ? c : alen < blen ? -1 : alen > blen;
}

/*
 * record_test_cmp() on canonical text: by path, then status, then the
 * rest of the line, which is what record_test_write_tail() writes (an
 * empty tail, no reason, first).
 */
static int prev_test_cmp(const struct prev_test *a, const struct prev_test *b)
{
	int c = bytes_cmp(a->path, a->path_len, b->path, b->path_len);

	if (c)
		return c;
	if (a->status != b->status)
		return a->status < b->status ? -1 : 1;
	return bytes_cmp(a->tail, a->tail_len, b->tail, b->tail_len);
}

/*
 * Parses one test line into `r`, and checks that it is the line
 * record_write() gives for that test, in order after the test before it
 * (`prev`, updated): the record then writes back to its own bytes
 * without being written.  With `failing_only`, a test that does not
 * fail is checked and counted in r->tests_omitted, not kept.
 */
static int parse_test_line(struct record *r, struct cursor *c, struct strbuf *err,
			   struct strbuf *scratch, struct prev_test *prev, int failing_only,
			   size_t counts[STATUS__NR], int *metrics)
{
	struct prev_test cur;
	const char *line = c->line, *end = c->line + c->len;
	const char *sp = memchr(line, ' ', c->len), *path, *path_end, *reason = NULL;
	struct record_metric metric, *m = NULL;
	enum result_status status;
	int ret = -1;

	if (!sp || status_parse(line, sp - line, &status))
		return fail(err, c, "test line does not start with a status");
	path = sp + 1;
	path_end = memchr(path, ' ', end - path);
	if (path_end && end - path_end >= 4 && !strncmp(path_end, " = ", 3)) {
		/* a unit has no '#': the first " # " starts the reason */
		const char *hash = memmem(path_end + 3, end - path_end - 3, " # ", 3);
		const char *metric_end = hash ? hash : end;

		if (metric_parse(&metric, path_end + 3, metric_end - path_end - 3))
			return fail(err, c, "malformed measurement on test line");
		m = &metric;
		if (hash && hash + 3 == end) {
			fail(err, c, "malformed reason on test line");
			goto out;
		}
		if (hash)
			reason = hash + 3;
		strbuf_reset(scratch);
		metric_write(scratch, m);
		if (scratch->len != (size_t)(metric_end - path_end) ||
		    memcmp(scratch->buf, path_end, scratch->len))
			goto not_canonical;
	} else if (path_end) {
		if (end - path_end < 4 || strncmp(path_end, " # ", 3))
			return fail(err, c, "malformed reason on test line");
		reason = path_end + 3;
	}
	if (!path_end)
		path_end = end;
	if (record_check_path_len(path, path_end - path, err)) {
		fail(err, c, "");
		goto out;
	}
	if (reason && !record_reason_is_clean(reason, end - reason))
		goto not_canonical;
	cur.path = path;
	cur.path_len = path_end - path;
	cur.tail = path_end < end ? path_end + 1 : end;
	cur.tail_len = end - cur.tail;
	cur.status = status;
	cur.any = 1;
	if (prev->any && prev_test_cmp(prev, &cur) > 0)
		goto not_canonical;
	*prev = cur;
	counts[status]++;
	*metrics |= !!m;
	if (failing_only && status >= STATUS_PASS)
		r->tests_omitted++;
	else if (c->text)
		/* the line is checked: its space and newline can become NULs */
		record_add_test_borrowed(r, c->text, c->text->buf + (path - c->buf),
					 path_end - path, status,
					 reason ? c->text->buf + (reason - c->buf) : NULL,
					 reason ? end - reason : 0, m);
	else
		record_add_test_clean(r, path, path_end - path, status, reason,
				      reason ? end - reason : 0, m);
	ret = 0;
	goto out;
not_canonical:
	fail(err, c, "record is not in canonical form");
out:
	if (m)
		record_metric_release(m);
	return ret;
}

/*
 * At most how many tests `len` bytes of text can hold: the least test
 * line, "PASS a\n", is 7 bytes.  Bounds what a record's counts reserve.
 */
static size_t max_tests(size_t len)
{
	return len / 7 + 1;
}

/* Parses one record starting at the cursor's next line. */
static int parse_one(struct record *r, struct cursor *c, struct strbuf *err, int failing_only)
{
	struct strbuf scratch = STRBUF_INIT;
	struct prev_test prev = { NULL, NULL, 0, 0, STATUS_FAIL, 0 };
	size_t counts[STATUS__NR], seen[STATUS__NR] = { 0 }, expect = 0, limit;
	int metrics = 0;
	enum result_status status;
	const char *start = c->line, *header_end;
	const char *version_end;
	unsigned long version;
	int i, ret = -1;

	if (c->len < 9 || strncmp(c->line, "results ", 8)) {
		fail(err, c, "not a git-results record (expected 'results <version>')");
		goto cleanup;
	}
	/* the line is not NUL-terminated: read its digits within its length */
	version = 0;
	for (version_end = c->line + 8; version_end < c->line + c->len &&
	     *version_end >= '0' && *version_end <= '9' && version < 10; version_end++)
		version = version * 10 + (unsigned long)(*version_end - '0');
	if ((version != RECORD_VERSION && version != RECORD_VERSION_METRICS) ||
	    version_end != c->line + c->len) {
		fail(err, c, "unsupported record version");
		goto cleanup;
	}
	if (parse_header(r, c, err, counts, &status, &scratch))
		goto cleanup;
	header_end = c->line + c->len + 1;

	/* One allocation for the tests the header counts, when it tells the truth. */
	limit = max_tests(c->end - c->line);
	for (i = 0; i < STATUS__NR; i++)
		if ((!failing_only || i < STATUS_PASS) && counts[i] < limit)
			expect += counts[i];
	if (expect > limit)
		expect = limit;
	if (expect > r->tests_alloc &&
	    (!c->text || record_tests_from_text(r, c->text, c->end - c->buf, expect))) {
		r->tests = xrealloc(r->tests, expect * sizeof(*r->tests));
		r->tests_alloc = expect;
	}
	while (next_line(c)) {
		if (!c->len)
			break;
		if (is_armour_start(c->line, c->len)) {
			if (parse_signature(r, c, err))
				goto cleanup;
			break;
		}
		if (c->len >= 8 && !strncmp(c->line, "results ", 8)) {
			unread_line(c);
			break;
		}
		if (parse_test_line(r, c, err, &scratch, &prev, failing_only, seen, &metrics))
			goto cleanup;
	}

	/*
	 * The roll-up and counts are derived data: recompute them, and refuse
	 * a record whose header disagrees with its own tests.  The text must
	 * also be canonical, so that writing it back gives the same bytes: a
	 * signature covers exactly those.  Each test line was checked as it
	 * was read; the header is written again and compared.
	 */
	record_normalize_counted(r, seen, metrics);
	if (status != r->status || memcmp(counts, r->counts, sizeof(counts))) {
		fail(err, c, "status or counts do not match the tests");
		goto cleanup;
	}
	strbuf_reset(&scratch);
	record_write_header(&scratch, r);
	if (header_end > c->end || (size_t)(header_end - start) != scratch.len ||
	    memcmp(start, scratch.buf, scratch.len)) {
		fail(err, c, "record is not in canonical form");
		goto cleanup;
	}
	ret = 0;
cleanup:
	strbuf_release(&scratch);
	return ret;
}

static int parse_list(struct record_list *list, const char *buf, size_t len,
		      struct record_text *text, struct strbuf *err)
{
	struct cursor c = { buf, buf + len, text, NULL, 0, 0, 0 };
	size_t old_nr = list->nr;
	struct record r = RECORD_INIT;

	if (memchr(buf, '\0', len)) {
		strbuf_addstr(err, "contains a NUL byte");
		return -1;
	}
	while (next_line(&c)) {
		if (!c.len)
			continue;
		if (parse_one(&r, &c, err, list->failing_only)) {
			record_release(&r);
			while (list->nr > old_nr)
				record_release(&list->items[--list->nr]);
			return -1;
		}
		record_list_take(list, &r);
	}
	if (list->nr == old_nr) {
		strbuf_addstr(err, "no record found");
		return -1;
	}
	return 0;
}

int record_list_parse(struct record_list *list, const char *buf, size_t len,
		      struct strbuf *err)
{
	return parse_list(list, buf, len, NULL, err);
}

int record_list_parse_text(struct record_list *list, struct strbuf *text, struct strbuf *err)
{
	struct record_text *t = xmalloc(sizeof(*t));
	size_t len = text->len;
	int ret;

	memset(t, 0, sizeof(*t));
	t->refs = 1;	/* ours while parsing; each record that borrows takes one */
	t->buf = strbuf_detach(text, NULL);
	ret = parse_list(list, t->buf, len, t, err);
	record_text_unref(t);
	return ret;
}

static int counts_match(const size_t *claimed, const size_t *seen, enum result_status claimed_status)
{
	enum result_status rollup = STATUS_DONE;
	int i, any = 0;

	for (i = 0; i < STATUS__NR; i++) {
		if (claimed[i] != seen[i])
			return 0;
		if (seen[i]) {
			rollup = any ? status_worse(rollup, (enum result_status)i) : (enum result_status)i;
			any = 1;
		}
	}
	return rollup == claimed_status;
}

/* One record as the roll-up sees it. */
struct rollup_entry {
	const char *origin, *run;
	size_t origin_len, run_len, pos;
	enum result_status status;
	size_t counts[STATUS__NR];
	int foreign;		/* made for another commit than the note's */
	uint32_t env_seen;	/* bit j: the filter's env pair j is in the record */
};

static int cmp_key(const struct rollup_entry *a, const struct rollup_entry *b)
{
	size_t n = a->origin_len < b->origin_len ? a->origin_len : b->origin_len;
	int c = memcmp(a->origin, b->origin, n);

	if (c || a->origin_len != b->origin_len)
		return c ? c : a->origin_len < b->origin_len ? -1 : 1;
	n = a->run_len < b->run_len ? a->run_len : b->run_len;
	c = memcmp(a->run, b->run, n);
	if (c || a->run_len != b->run_len)
		return c ? c : a->run_len < b->run_len ? -1 : 1;
	return 0;
}

static int cmp_entry(const void *va, const void *vb)
{
	const struct rollup_entry *a = va, *b = vb;
	int c = cmp_key(a, b);

	return c ? c : a->pos < b->pos ? -1 : a->pos > b->pos;
}

/*
 * Folds the records into runs: records of one (origin, run) are one run
 * in conflict, which counts as the worse of them (by status; the first in
 * the note of two equally bad ones), never as their sum.
 */
static void fold_runs(struct rollup_entry *e, size_t nr, struct record_rollup *out)
{
	size_t i, j;
	int k;

	qsort(e, nr, sizeof(*e), cmp_entry);
	for (i = 0; i < nr; i = j) {
		const struct rollup_entry *pick = &e[i];

		for (j = i + 1; j < nr && !cmp_key(&e[i], &e[j]); j++)
			if (e[j].status < pick->status)
				pick = &e[j];
		if (j - i > 1)
			out->conflicts++;
		out->status = out->runs ? status_worse(out->status, pick->status) : pick->status;
		out->runs++;
		for (k = 0; k < STATUS__NR; k++)
			out->counts[k] += pick->counts[k];
	}
}

void record_list_rollup(const struct record_list *list, struct record_rollup *out)
{
	struct rollup_entry *entries = xcalloc(list->nr ? list->nr : 1, sizeof(*entries));
	size_t i;

	memset(out, 0, sizeof(*out));
	out->status = STATUS_DONE;
	for (i = 0; i < list->nr; i++) {
		const struct record *r = &list->items[i];

		entries[i].origin = r->origin ? r->origin : "";
		entries[i].origin_len = strlen(entries[i].origin);
		entries[i].run = r->run ? r->run : "";
		entries[i].run_len = strlen(entries[i].run);
		entries[i].pos = i;
		entries[i].status = r->status;
		memcpy(entries[i].counts, r->counts, sizeof(r->counts));
	}
	fold_runs(entries, list->nr, out);
	free(entries);
}

int record_list_summarize(const char *buf, size_t len, struct record_rollup *out)
{
	return record_list_summarize_attached(buf, len, NULL, NULL, out);
}

int record_list_summarize_attached(const char *buf, size_t len, const char *commit,
				   const char *tree, struct record_rollup *out)
{
	return record_list_summarize_filtered(buf, len, commit, tree, NULL, out);
}

/* Notes in `e` which of the filter's env pairs the line "env <key> <value>" is. */
static void filter_env_line(const struct record_filter *f, struct rollup_entry *e,
			    const char *line, size_t n)
{
	const char *key = line + 4, *end = line + n, *sp = memchr(key, ' ', (size_t)(end - key));

	if (sp)
		e->env_seen |= record_filter_env_bit(f, key, (size_t)(sp - key), sp + 1,
						     (size_t)(end - sp - 1));
}

int record_list_summarize_filtered(const char *buf, size_t len, const char *commit,
				   const char *tree, const struct record_filter *filter,
				   struct record_rollup *out)
{
	const char *p = buf, *end = buf + len;
	size_t seen[STATUS__NR], nr = 0, alloc = 0, i, kept;
	struct rollup_entry *entries = NULL, *cur = NULL;
	enum result_status st;
	enum { OUTSIDE, HEADER, BODY, SIGNATURE } where = OUTSIDE;
	int ret = -1;

	/*
	 * Not a full parse, but every test line is counted by its status and
	 * checked against the header, so a listing never shows a roll-up that
	 * the record's own tests contradict.
	 */
	memset(out, 0, sizeof(*out));
	out->status = STATUS_DONE;
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = (nl ? nl : end) - p;
		const char *sp;

		if (where != HEADER && where != SIGNATURE && n > 8 && !strncmp(p, "results ", 8)) {
			if (where == BODY && !counts_match(cur->counts, seen, cur->status))
				goto out;
			where = HEADER;
			memset(seen, 0, sizeof(seen));
			ALLOC_GROW(entries, nr + 1, alloc);
			cur = &entries[nr];
			memset(cur, 0, sizeof(*cur));
			memset(cur->counts, 0xff, sizeof(cur->counts));
			cur->status = STATUS_DONE;
			cur->pos = nr++;
		} else if (where == HEADER && !n) {
			where = BODY;
		} else if (where == HEADER && n > 7 && !strncmp(p, "origin ", 7)) {
			cur->origin = p + 7;
			cur->origin_len = n - 7;
		} else if (where == HEADER && n > 4 && !strncmp(p, "run ", 4)) {
			cur->run = p + 4;
			cur->run_len = n - 4;
		} else if (where == HEADER && n > 7 && !strncmp(p, "status ", 7)) {
			if (status_parse(p + 7, n - 7, &cur->status))
				goto out;
		} else if (where == HEADER && commit && n > 7 && !strncmp(p, "commit ", 7)) {
			cur->foreign = n != 7 + RECORD_HEXSZ || memcmp(p + 7, commit, RECORD_HEXSZ);
		} else if (where == HEADER && cur->foreign && tree && n == 5 + RECORD_HEXSZ &&
			   !memcmp(p, "tree ", 5) && !memcmp(p + 5, tree, RECORD_HEXSZ)) {
			cur->foreign = 0;	/* made for another commit of the same code */
		} else if (where == HEADER && filter && filter->env_nr && n > 4 &&
			   !strncmp(p, "env ", 4)) {
			filter_env_line(filter, cur, p, n);
		} else if (where == HEADER && n > 7 && !strncmp(p, "counts ", 7)) {
			if (parse_counts(p + 6, cur->counts, n - 6))
				goto out;
		} else if (where == BODY && (!n || is_armour_start(p, n))) {
			if (!counts_match(cur->counts, seen, cur->status))
				goto out;
			where = n ? SIGNATURE : OUTSIDE;
		} else if (where == BODY) {
			if (!(sp = memchr(p, ' ', n)) || status_parse(p, sp - p, &st))
				goto out;
			seen[st]++;
		} else if (where == SIGNATURE && n >= 9 && !strncmp(p, "-----END ", 9)) {
			where = OUTSIDE;
		}
		p += n + 1;
	}
	if (!nr || where == HEADER || where == SIGNATURE ||
	    (where == BODY && !counts_match(cur->counts, seen, cur->status)))
		goto out;
	for (i = kept = 0; i < nr; i++)
		if (entries[i].foreign)
			out->foreign++;
		else if (record_filter_keeps(filter, entries[i].origin, entries[i].origin_len,
					     entries[i].env_seen))
			entries[kept++] = entries[i];
	fold_runs(entries, kept, out);
	ret = 0;
out:
	free(entries);
	return ret;
}
