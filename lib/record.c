#include "lib/record.h"
#include "lib/record-text.h"
#include "lib/metric.h"
#include "lib/date.h"
#include "lib/huge-pages.h"
#include "lib/usage.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ID_LEN 256

void record_init(struct record *r)
{
	struct record blank = RECORD_INIT;

	*r = blank;
}

void record_release(struct record *r)
{
	size_t i;

	free(r->origin);
	free(r->run);
	free(r->date);
	free(r->tester);
	for (i = 0; i < r->env_nr; i++) {
		free(r->env[i].key);
		free(r->env[i].value);
	}
	free(r->env);
	for (i = 0; i < r->links_nr; i++)
		free(r->links[i]);
	free(r->links);
	for (i = 0; i < r->supersedes_nr; i++)
		free(r->supersedes[i]);
	free(r->supersedes);
	for (i = 0; i < r->tests_nr; i++) {
		if (r->tests[i].metric) {
			record_metric_release(r->tests[i].metric);
			free(r->tests[i].metric);
		}
	}
	if (!r->tests_in_text)
		free(r->tests);
	for (i = 0; i < r->pool.blocks_nr; i++)
		free(r->pool.blocks[i]);
	free(r->pool.blocks);
	record_text_unref(r->pool.text);
	free(r->signature);
	record_init(r);
}

static void replace(char **field, const char *value)
{
	free(*field);
	*field = value ? xstrdup(value) : NULL;
}

void record_set_origin(struct record *r, const char *origin)
{
	replace(&r->origin, origin);
}

void record_set_run(struct record *r, const char *run)
{
	replace(&r->run, run);
}

void record_set_date(struct record *r, const char *date)
{
	replace(&r->date, date);
}

void record_set_tester(struct record *r, const char *tester)
{
	replace(&r->tester, tester);
}

void record_set_env(struct record *r, const char *key, const char *value)
{
	size_t i;

	for (i = 0; i < r->env_nr; i++) {
		if (!strcmp(r->env[i].key, key)) {
			replace(&r->env[i].value, value);
			return;
		}
	}
	ALLOC_GROW(r->env, r->env_nr + 1, r->env_alloc);
	r->env[r->env_nr].key = xstrdup(key);
	r->env[r->env_nr].value = xstrdup(value);
	r->env_nr++;
}

void record_add_link(struct record *r, const char *url)
{
	ALLOC_GROW(r->links, r->links_nr + 1, r->links_alloc);
	r->links[r->links_nr++] = xstrdup(url);
}

void record_add_supersedes(struct record *r, const char *run)
{
	ALLOC_GROW(r->supersedes, r->supersedes_nr + 1, r->supersedes_alloc);
	r->supersedes[r->supersedes_nr++] = xstrdup(run);
}

#define POOL_BLOCK_MIN 4096
#define POOL_BLOCK_MAX (1024 * 1024)

/* `len` bytes of the record's string pool. */
static char *pool_alloc(struct record_pool *pool, size_t len)
{
	char *p;

	if (len > pool->left) {
		size_t size = pool->blocks_nr ? POOL_BLOCK_MIN << pool->blocks_nr : POOL_BLOCK_MIN;

		/* doubling, up to a size where a block's slack no longer matters */
		if (pool->blocks_nr > 8 || size > POOL_BLOCK_MAX)
			size = POOL_BLOCK_MAX;
		if (size < len)
			size = len;
		ALLOC_GROW(pool->blocks, pool->blocks_nr + 1, pool->blocks_alloc);
		pool->next = pool->blocks[pool->blocks_nr++] = xmalloc(size);
		pool->left = size;
	}
	p = pool->next;
	pool->next += len;
	pool->left -= len;
	return p;
}

/*
 * Room for one more test: an array cut from the note text's slab becomes
 * one of the record's own before it grows.
 */
static void grow_tests(struct record *r)
{
	if (r->tests_in_text && r->tests_nr + 1 > r->tests_alloc) {
		struct record_test *own = xmalloc((r->tests_nr + 1) * sizeof(*own));

		memcpy(own, r->tests, r->tests_nr * sizeof(*own));
		r->tests = own;
		r->tests_alloc = r->tests_nr + 1;
		r->tests_in_text = 0;
	}
	ALLOC_GROW(r->tests, r->tests_nr + 1, r->tests_alloc);
}

/* A copy of `len` bytes in the pool, NUL-terminated. */
static const char *pool_strndup(struct record_pool *pool, const char *s, size_t len)
{
	char *p = pool_alloc(pool, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void record_add_test(struct record *r, const char *path, enum result_status status,
		     const char *reason)
{
	record_add_test_metric(r, path, status, reason, NULL);
}

void record_add_test_clean(struct record *r, const char *path, size_t path_len,
			   enum result_status status, const char *reason, size_t reason_len,
			   const struct record_metric *metric)
{
	struct record_test *t;

	grow_tests(r);
	t = &r->tests[r->tests_nr++];
	t->path = pool_strndup(&r->pool, path, path_len);
	t->status = status;
	t->reason = reason ? pool_strndup(&r->pool, reason, reason_len) : NULL;
	t->metric = metric ? record_metric_dup(metric) : NULL;
}

void record_add_test_borrowed(struct record *r, struct record_text *text, char *path,
			      size_t path_len, enum result_status status, char *reason,
			      size_t reason_len, const struct record_metric *metric)
{
	struct record_test *t;

	if (!r->pool.text) {
		r->pool.text = text;
		text->refs++;
	} else if (r->pool.text != text) {
		BUG("a record borrows from two note texts");
	}
	grow_tests(r);
	t = &r->tests[r->tests_nr++];
	path[path_len] = '\0';
	t->path = path;
	t->status = status;
	if (reason)
		reason[reason_len] = '\0';
	t->reason = reason;
	t->metric = metric ? record_metric_dup(metric) : NULL;
}

void record_text_unref(struct record_text *text)
{
	size_t i;

	if (!text || --text->refs)
		return;
	for (i = 0; i < text->slabs_nr; i++)
		free(text->slabs[i]);
	free(text->slabs);
	free(text->buf);
	free(text);
}

/* Notes of at least this size cut their records' tests from slabs of SLAB_TESTS. */
#define SLAB_MIN_TEXT ((size_t)4 << 20)
#define SLAB_TESTS ((size_t)256 * 1024)

int record_tests_from_text(struct record *r, struct record_text *text, size_t len, size_t nr)
{
	if (r->tests || len < SLAB_MIN_TEXT || !nr)
		return -1;
	if (text->left < nr) {
		size_t size = nr > SLAB_TESTS ? nr : SLAB_TESTS;

		ALLOC_GROW(text->slabs, text->slabs_nr + 1, text->slabs_alloc);
		text->next = text->slabs[text->slabs_nr++] = xmalloc_huge(size * sizeof(*text->next));
		text->left = size;
	}
	r->tests = text->next;
	text->next += nr;
	text->left -= nr;
	r->tests_alloc = nr;
	r->tests_in_text = 1;
	if (!r->pool.text) {
		r->pool.text = text;
		text->refs++;
	} else if (r->pool.text != text) {
		BUG("a record borrows from two note texts");
	}
	return 0;
}

void record_add_test_metric(struct record *r, const char *path, enum result_status status,
			    const char *reason, const struct record_metric *metric)
{
	struct strbuf clean = STRBUF_INIT;
	size_t len = reason ? strlen(reason) : 0;

	if (reason && !record_reason_is_clean(reason, len)) {
		/* an empty reason is no reason */
		reason = record_clean_reason(&clean, reason) ? clean.buf : NULL;
		len = clean.len;
	}
	record_add_test_clean(r, path, strlen(path), status, reason, len, metric);
	strbuf_release(&clean);
}

void record_test_write_tail(struct strbuf *out, const struct record_test *t)
{
	if (t->metric)
		metric_write(out, t->metric);
	if (t->reason) {
		strbuf_addstr(out, " # ");
		strbuf_addstr(out, t->reason);
	}
}

int record_check_origin(const char *origin, struct strbuf *err)
{
	const char *p;

	if (!*origin)
		goto bad;
	for (p = origin; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
			goto bad;
	if (p - origin > MAX_ID_LEN)
		goto bad;
	return 0;
bad:
	strbuf_addf(err, "invalid origin '%s': use lower-case letters, digits and '_'", origin);
	return -1;
}

int record_check_run(const char *run, struct strbuf *err)
{
	const char *p;

	if (!*run || strlen(run) > MAX_ID_LEN)
		goto bad;
	for (p = run; *p; p++)
		if (!(isalnum((unsigned char)*p) || strchr("_.:+-", *p)))
			goto bad;
	return 0;
bad:
	strbuf_addf(err, "invalid run id '%s': use letters, digits and '_.:+-'", run);
	return -1;
}

int record_check_env_key(const char *key, struct strbuf *err)
{
	const char *p;

	if (!islower((unsigned char)*key))
		goto bad;
	for (p = key; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || strchr("_.-", *p)))
			goto bad;
	return 0;
bad:
	strbuf_addf(err, "invalid environment key '%s': use lower-case letters, digits and '_.-'", key);
	return -1;
}

int record_check_value(const char *what, const char *value, struct strbuf *err)
{
	const unsigned char *p;

	if (!*value) {
		strbuf_addf(err, "empty %s", what);
		return -1;
	}
	for (p = (const unsigned char *)value; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			strbuf_addf(err, "%s contains a control character", what);
			return -1;
		}
	}
	if (isspace((unsigned char)*value) || isspace((unsigned char)p[-1])) {
		strbuf_addf(err, "%s has leading or trailing whitespace", what);
		return -1;
	}
	if (!record_is_utf8(value)) {
		strbuf_addf(err, "%s is not valid UTF-8", what);
		return -1;
	}
	return 0;
}

int record_check_date(const char *date, struct strbuf *err)
{
	if (date_parse_utc(date, NULL)) {
		strbuf_addf(err, "invalid date '%s': expected RFC 3339 in UTC, like 2026-11-25T10:00:00Z", date);
		return -1;
	}
	return 0;
}

/* [A-Za-z0-9_-]: bytes 0x80 and up are never path characters */
const unsigned char record_path_chars[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x10 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,	/* 0x20 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,	/* 0x30 */
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x40 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,	/* 0x50 */
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x60 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,	/* 0x70 */
};

int record_check_path(const char *path, struct strbuf *err)
{
	return record_check_path_len(path, strlen(path), err);
}

int record_check_path_len(const char *path, size_t len, struct strbuf *err)
{
	const unsigned char *p = (const unsigned char *)path;
	size_t i, start = 0;

	/* every byte of every test name comes through here: one lookup a byte */
	for (i = 0; i < len; i++) {
		if (record_path_chars[p[i]])
			continue;
		if (p[i] != '.' || i == start)
			goto bad;
		start = i + 1;	/* the next component */
	}
	if (start == len)
		goto bad;
	return 0;
bad:
	strbuf_addf(err, "invalid test path '%.*s'", (int)len, path);
	return -1;
}

static int cmp_test(const void *va, const void *vb)
{
	return record_test_cmp(va, vb);
}

int record_test_cmp(const struct record_test *a, const struct record_test *b)
{
	int c = strcmp(a->path, b->path);

	if (c)
		return c;
	if (a->status != b->status)
		return a->status < b->status ? -1 : 1;
	if (a->metric || b->metric) {
		struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;

		record_test_write_tail(&sa, a);
		record_test_write_tail(&sb, b);
		c = strcmp(sa.buf, sb.buf);
		strbuf_release(&sa);
		strbuf_release(&sb);
		return c;
	}
	/* " # a" against " # b", without building them */
	if (!a->reason || !b->reason)
		return !!a->reason - !!b->reason;
	return strcmp(a->reason, b->reason);
}

static int cmp_env(const void *va, const void *vb)
{
	const struct record_env *a = va, *b = vb;

	return strcmp(a->key, b->key);
}

static int cmp_str(const void *va, const void *vb)
{
	return strcmp(*(char *const *)va, *(char *const *)vb);
}

/* Sorts `nr` strings and frees the duplicates. */
static void sort_unique(char **items, size_t *nr)
{
	size_t i, j;

	if (*nr > 1)
		qsort(items, *nr, sizeof(*items), cmp_str);
	for (i = j = 0; i < *nr; i++) {
		if (j && !strcmp(items[j - 1], items[i]))
			free(items[i]);
		else
			items[j++] = items[i];
	}
	*nr = j;
}

void record_normalize(struct record *r)
{
	size_t counts[STATUS__NR] = { 0 }, i;
	int metrics = 0;

	/*
	 * A record read back from a note is in order already: checking
	 * costs a comparison a test, sorting (even sorted input) a dozen.
	 */
	for (i = 1; i < r->tests_nr; i++)
		if (record_test_cmp(&r->tests[i - 1], &r->tests[i]) > 0)
			break;
	if (i < r->tests_nr)
		qsort(r->tests, r->tests_nr, sizeof(*r->tests), cmp_test);
	for (i = 0; i < r->tests_nr; i++) {
		metrics |= !!r->tests[i].metric;
		counts[r->tests[i].status]++;
	}
	record_normalize_counted(r, counts, metrics);
}

void record_normalize_counted(struct record *r, const size_t counts[STATUS__NR], int metrics)
{
	int i, any = 0;

	if (r->env_nr > 1)
		qsort(r->env, r->env_nr, sizeof(*r->env), cmp_env);
	sort_unique(r->links, &r->links_nr);
	sort_unique(r->supersedes, &r->supersedes_nr);

	memcpy(r->counts, counts, sizeof(r->counts));
	r->status = STATUS_SKIP;
	for (i = 0; i < STATUS__NR; i++) {
		if (!counts[i])
			continue;
		r->status = status_worse(r->status, (enum result_status)i);
		any = 1;
	}
	if (!any)
		r->status = STATUS_DONE;
	r->version = metrics ? RECORD_VERSION_METRICS : RECORD_VERSION;
}

void record_write_header(struct strbuf *out, const struct record *r)
{
	size_t i;

	strbuf_addf(out, "results %u\n", r->version);
	if (*r->commit)
		strbuf_addf(out, "commit %s\n", r->commit);
	if (*r->tree)
		strbuf_addf(out, "tree %s\n", r->tree);
	strbuf_addf(out, "origin %s\n", r->origin ? r->origin : "");
	strbuf_addf(out, "run %s\n", r->run ? r->run : "");
	if (r->date)
		strbuf_addf(out, "date %s\n", r->date);
	for (i = 0; i < r->env_nr; i++)
		strbuf_addf(out, "env %s %s\n", r->env[i].key, r->env[i].value);
	if (r->tester)
		strbuf_addf(out, "tester %s\n", r->tester);
	for (i = 0; i < r->links_nr; i++)
		strbuf_addf(out, "link %s\n", r->links[i]);
	for (i = 0; i < r->supersedes_nr; i++)
		strbuf_addf(out, "supersedes %s\n", r->supersedes[i]);
	strbuf_addf(out, "status %s\n", status_name(r->status));
	strbuf_addstr(out, "counts");
	for (i = 0; i < STATUS__NR; i++)
		strbuf_addf(out, " %s=%zu", status_name((enum result_status)i), r->counts[i]);
	strbuf_addstr(out, "\n\n");
}

void record_write_payload(struct strbuf *out, const struct record *r)
{
	size_t i;

	if (r->tests_omitted)
		BUG("writing a record read without its passing tests");
	record_write_header(out, r);
	/* The hot loop of merging: no printf for each test. */
	for (i = 0; i < r->tests_nr; i++) {
		const struct record_test *t = &r->tests[i];

		strbuf_addstr(out, status_name(t->status));
		strbuf_addch(out, ' ');
		strbuf_addstr(out, t->path);
		if (t->metric) {
			record_test_write_tail(out, t);
		} else if (t->reason) {
			strbuf_addstr(out, " # ");
			strbuf_addstr(out, t->reason);
		}
		strbuf_addch(out, '\n');
	}
}

void record_write(struct strbuf *out, const struct record *r)
{
	record_write_payload(out, r);
	if (r->signature)
		strbuf_addstr(out, r->signature);
}

static int strcmp_null(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

int record_same_run(const struct record *a, const struct record *b)
{
	return !strcmp_null(a->origin, b->origin) && !strcmp_null(a->run, b->run);
}

int record_cmp(const struct record *a, const struct record *b)
{
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
	int c = strcmp_null(a->origin, b->origin);

	if (!c)
		c = strcmp_null(a->run, b->run);
	if (c)
		return c;
	record_write(&sa, a);
	record_write(&sb, b);
	c = sa.len == sb.len ? memcmp(sa.buf, sb.buf, sa.len) :
		strcmp(sa.buf, sb.buf);
	if (!c && sa.len != sb.len)
		c = sa.len < sb.len ? -1 : 1;
	strbuf_release(&sa);
	strbuf_release(&sb);
	return c;
}

void record_list_release(struct record_list *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++)
		record_release(&list->items[i]);
	free(list->items);
	list->items = NULL;
	list->nr = list->alloc = 0;
}

void record_list_take(struct record_list *list, struct record *r)
{
	ALLOC_GROW(list->items, list->nr + 1, list->alloc);
	list->items[list->nr++] = *r;
	record_init(r);
}

static int cmp_record(const void *a, const void *b)
{
	return record_cmp(a, b);
}

void record_list_sort(struct record_list *list)
{
	if (list->nr > 1)
		qsort(list->items, list->nr, sizeof(*list->items), cmp_record);
}

void record_list_normalize(struct record_list *list)
{
	size_t i, j;

	if (list->nr > 1)
		qsort(list->items, list->nr, sizeof(*list->items), cmp_record);
	for (i = j = 0; i < list->nr; i++) {
		if (j && !record_cmp(&list->items[j - 1], &list->items[i]))
			record_release(&list->items[i]);
		else
			list->items[j++] = list->items[i];
	}
	list->nr = j;
}

void record_list_write(struct strbuf *out, const struct record_list *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++) {
		if (i)
			strbuf_addch(out, '\n');
		record_write(out, &list->items[i]);
	}
}

void record_describe_counts(struct strbuf *out, const size_t counts[STATUS__NR])
{
	size_t start = out->len;
	int i;

	for (i = 0; i < STATUS__NR; i++)
		if (counts[i])
			strbuf_addf(out, "%s%zu %s", out->len > start ? ", " : "", counts[i],
				    status_name((enum result_status)i));
	if (out->len == start)
		strbuf_addstr(out, "no tests");
}
