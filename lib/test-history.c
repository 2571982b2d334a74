#include "lib/test-history.h"
#include "lib/odb/object-read.h"
#include "lib/record.h"
#include "lib/result-groups.h"
#include "lib/store/same-tree.h"
#include "lib/usage.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#define NO_INDEX UINT32_MAX

static int has_wildcard(const char *s, size_t *prefix)
{
	size_t n = strcspn(s, "*?[\\");

	*prefix = n;
	return s[n] != '\0';
}

int test_history_matches(const char *pattern, const char *path)
{
	size_t len = strlen(pattern), prefix;

	if (has_wildcard(pattern, &prefix))
		return !fnmatch(pattern, path, 0);
	return !strncmp(path, pattern, len) && (!path[len] || path[len] == '.');
}

/* The path of a test line "<STATUS> <path>[ # <reason>]" and its status. */
static int split_test_line(const char *p, size_t n, enum result_status *st,
			   const char **path, size_t *path_len)
{
	const char *sp = memchr(p, ' ', n), *end;

	if (!sp || status_parse(p, (size_t)(sp - p), st))
		return -1;
	*path = sp + 1;
	end = memchr(*path, ' ', (size_t)(p + n - *path));
	*path_len = (size_t)((end ? end : p + n) - *path);
	return *path_len ? 0 : -1;
}

/*
 * The length of the literal end of a glob (what follows its last
 * wildcard), which every path it matches ends with; 0 when there is none.
 */
static size_t literal_tail(const char *glob)
{
	size_t len = strlen(glob), n = 0;

	while (n < len && !strchr("*?[]\\", glob[len - n - 1]))
		n++;
	return n < len ? n : 0;
}

static int path_matches(struct test_history *h, const char *path, size_t len, struct strbuf *buf)
{
	/* Most lines are told apart by the pattern's literal ends alone. */
	if (len < h->literal_len + h->tail_len || memcmp(path, h->pattern, h->literal_len) ||
	    memcmp(path + len - h->tail_len, h->pattern + h->pattern_len - h->tail_len,
		   h->tail_len))
		return 0;
	strbuf_reset(buf);
	strbuf_add(buf, path, len);
	return test_history_matches(h->pattern, buf->buf);
}

static uint32_t test_id(struct test_history *h, const char *path, size_t len)
{
	size_t lo = 0, hi = h->tests_nr;
	uint32_t id;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *t = h->tests[h->test_index[mid]];
		int cmp = strncmp(t, path, len);

		if (!cmp)
			cmp = t[len] ? 1 : 0;
		if (!cmp)
			return h->test_index[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	id = (uint32_t)h->tests_nr;
	ALLOC_GROW(h->tests, h->tests_nr + 1, h->tests_alloc);
	h->tests[h->tests_nr++] = xstrndup(path, len);
	h->test_index = xrealloc(h->test_index, h->tests_nr * sizeof(*h->test_index));
	memmove(h->test_index + lo + 1, h->test_index + lo,
		(h->tests_nr - 1 - lo) * sizeof(*h->test_index));
	h->test_index[lo] = id;
	return id;
}

static uint32_t column_id(struct test_history *h, const char *origin, size_t origin_len,
			  const struct strbuf *env)
{
	size_t i;

	for (i = 0; i < h->columns_nr; i++) {
		const struct test_history_column *c = &h->columns[i];

		if (!strncmp(c->origin, origin, origin_len) && !c->origin[origin_len] &&
		    !strcmp(c->env, env->buf))
			return (uint32_t)i;
	}
	ALLOC_GROW(h->columns, h->columns_nr + 1, h->columns_alloc);
	h->columns[i].origin = xstrndup(origin, origin_len);
	h->columns[i].env = xstrdup(env->buf);
	return (uint32_t)h->columns_nr++;
}

/*
 * Adds the status of `test` in `column` on `commit`.  `column_repeats`:
 * the column had a record on this commit already; `other_run`: of
 * another run (two records of one run are a conflict, not a rerun).
 */
static void add_result(struct test_history *h, uint32_t commit, uint32_t column, uint32_t test,
		       enum result_status st, int column_repeats, int other_run)
{
	struct test_history_result *r;
	size_t i;

	/* A second record of the column on this commit: each test once, its worst. */
	if (column_repeats)
		for (i = h->commits[commit].first_result; i < h->results_nr; i++) {
			r = &h->results[i];
			if (r->column == column && r->test == test) {
				/* as lib/result-groups.c decides it for diff and summary */
				if (other_run && status_is_failing(r->status) != status_is_failing(st) &&
				    (status_is_completed(r->status) || status_is_completed(st)))
					r->reruns_differ = 1;
				r->status = status_worse(r->status, st);
				return;
			}
		}
	ALLOC_GROW(h->results, h->results_nr + 1, h->results_alloc);
	r = &h->results[h->results_nr++];
	r->commit = commit;
	r->column = column;
	r->test = test;
	r->status = st;
	r->reruns_differ = 0;
}

struct note_scan {
	const char *commit_hex;		/* whose records these must be */
	const char *tree_hex;		/* ...or made for this tree; NULL if unknown */
	unsigned char *column_seen;	/* columns with a record on this commit */
	char **column_run;		/* ...and the run of its first one */
	size_t foreign;
	struct strbuf env, path, run;
	struct strbuf superseded;	/* "\n<origin> <run>" of each run a rerun replaces */
};

/* Forgets the records of the last note: a new commit's starts. */
static void note_scan_reset(struct note_scan *sc, size_t columns_nr)
{
	size_t i;

	for (i = 0; i < columns_nr; i++) {
		free(sc->column_run[i]);
		sc->column_run[i] = NULL;
	}
	if (sc->column_seen)
		memset(sc->column_seen, 0, columns_nr);
}

static int is_armour_begin(const char *p, size_t n)
{
	return n > 11 && !memcmp(p, "-----BEGIN ", 11);
}

/* Whether header line `p` (`n` bytes) says the record is another commit's. */
static int names_other_commit(const char *p, size_t n, const struct note_scan *sc, int foreign)
{
	if (n == 7 + RECORD_HEXSZ && !memcmp(p, "commit ", 7))
		return memcmp(p + 7, sc->commit_hex, RECORD_HEXSZ) != 0;
	if (foreign && sc->tree_hex && n == 5 + RECORD_HEXSZ && !memcmp(p, "tree ", 5) &&
	    !memcmp(p + 5, sc->tree_hex, RECORD_HEXSZ))
		return 0;	/* made for another commit of the same code */
	return foreign;
}

/*
 * Lists in sc->superseded the runs that the note's own records (not
 * those made for another commit) replace with `supersedes` lines: their
 * tests count nowhere, as record_list_drop_superseded() decides for
 * the other readers.
 */
static void collect_superseded(struct note_scan *sc, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *origin = NULL, *run = NULL;
	size_t origin_len = 0, run_len = 0, at = 0;
	int in_header = 0, foreign = 0;

	strbuf_reset(&sc->superseded);
	if (!memmem(buf, len, "\nsupersedes ", 12))
		return;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);

		if (!in_header) {
			if (n > 8 && !memcmp(p, "results ", 8)) {
				in_header = 1;
				foreign = 0;
				origin = run = NULL;
				at = sc->superseded.len;
			}
		} else if (!n) {
			in_header = 0;
			if (foreign || !origin || !run)
				strbuf_setlen(&sc->superseded, at);
		} else if (n > 7 && !memcmp(p, "origin ", 7)) {
			origin = p + 7;
			origin_len = n - 7;
		} else if (n > 4 && !memcmp(p, "run ", 4)) {
			run = p + 4;
			run_len = n - 4;
		} else if (n > 11 && !memcmp(p, "supersedes ", 11) && origin && run &&
			   (n - 11 != run_len || memcmp(p + 11, run, run_len))) {
			strbuf_addch(&sc->superseded, '\n');
			strbuf_add(&sc->superseded, origin, origin_len);
			strbuf_addch(&sc->superseded, ' ');
			strbuf_add(&sc->superseded, p + 11, n - 11);
		} else {
			foreign = names_other_commit(p, n, sc, foreign);
		}
		p += n + 1;
	}
	if (sc->superseded.len)
		strbuf_addch(&sc->superseded, '\n');
}

/* Whether the run `run` of `origin` is one sc->superseded lists. */
static int is_superseded(const struct note_scan *sc, const char *origin, size_t origin_len,
			 const struct strbuf *run)
{
	const char *p = sc->superseded.buf, *end = p + sc->superseded.len;

	while (p < end && (p = memmem(p, (size_t)(end - p), origin, origin_len))) {
		if (p > sc->superseded.buf && p[-1] == '\n' && p[origin_len] == ' ' &&
		    (size_t)(end - (p + origin_len + 1)) > run->len &&
		    !memcmp(p + origin_len + 1, run->buf, run->len) &&
		    p[origin_len + 1 + run->len] == '\n')
			return 1;
		p++;
	}
	return 0;
}

/*
 * Adds the matching test lines of the note text to commit `ci`, leaving
 * out the runs sc->superseded lists; sets `*supersedes` when a record
 * has a supersedes line.  Returns 0, or -1 when the text is not made of
 * records (nothing of it is kept then).
 */
static int scan_note_pass(struct test_history *h, uint32_t ci, const char *buf, size_t len,
			  struct note_scan *sc, int *supersedes)
{
	const char *p = buf, *end = buf + len, *origin = NULL;
	size_t origin_len = 0, results_at = h->results_nr;
	enum { OUTSIDE, HEADER, BODY, SIGNATURE } where = OUTSIDE;
	uint32_t column = NO_INDEX;
	int foreign = 0, repeats = 0, other_run = 0;

	sc->foreign = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);

		switch (where) {
		case OUTSIDE:
			if (n > 8 && !memcmp(p, "results ", 8)) {
				where = HEADER;
				origin = NULL;
				foreign = 0;
				column = NO_INDEX;
				strbuf_reset(&sc->env);
				strbuf_reset(&sc->run);
			} else if (n) {
				goto bad;
			}
			break;
		case HEADER:
			if (!n) {
				where = BODY;
				if (!origin)
					goto bad;
				if (foreign)
					sc->foreign++;
				else if (sc->superseded.len &&
					 is_superseded(sc, origin, origin_len, &sc->run))
					foreign = 1;	/* left out as silently as diff leaves it */
				else if (!record_filter_match_env_lines(h->filter, origin, origin_len,
									sc->env.buf))
					foreign = 1;	/* not chosen: counted nowhere */
			} else if ((n == 7 + RECORD_HEXSZ && !memcmp(p, "commit ", 7)) ||
				   (n == 5 + RECORD_HEXSZ && !memcmp(p, "tree ", 5))) {
				foreign = names_other_commit(p, n, sc, foreign);
			} else if (n > 11 && !memcmp(p, "supersedes ", 11)) {
				*supersedes = 1;
			} else if (n > 4 && !memcmp(p, "run ", 4)) {
				strbuf_reset(&sc->run);
				strbuf_add(&sc->run, p + 4, n - 4);
			} else if (n > 7 && !memcmp(p, "origin ", 7)) {
				origin = p + 7;
				origin_len = n - 7;
			} else if (n > 4 && !memcmp(p, "env ", 4)) {
				const char *sp = memchr(p + 4, ' ', n - 4);

				if (!sp)
					goto bad;
				if (sc->env.len)
					strbuf_addch(&sc->env, '\n');
				strbuf_add(&sc->env, p + 4, (size_t)(sp - p - 4));
				strbuf_addch(&sc->env, '=');
				strbuf_add(&sc->env, sp + 1, (size_t)(p + n - sp - 1));
			}
			break;
		case BODY:
			if (!n || is_armour_begin(p, n)) {
				where = n ? SIGNATURE : OUTSIDE;
			} else {
				enum result_status st;
				const char *path;
				size_t path_len;

				if (split_test_line(p, n, &st, &path, &path_len))
					goto bad;
				if (foreign || !path_matches(h, path, path_len, &sc->path))
					break;
				if (p + n - (path + path_len) >= 3 && !memcmp(path + path_len, " = ", 3))
					h->has_metrics = 1;
				if (column == NO_INDEX) {
					size_t known = h->columns_nr;

					column = column_id(h, origin, origin_len, &sc->env);
					if (h->columns_nr > known) {
						sc->column_seen = xrealloc(sc->column_seen, h->columns_nr);
						sc->column_seen[column] = 0;
						sc->column_run = xrealloc(sc->column_run, h->columns_nr *
									  sizeof(*sc->column_run));
						sc->column_run[column] = NULL;
					}
					repeats = sc->column_seen[column];
					sc->column_seen[column] = 1;
					if (!repeats)
						sc->column_run[column] = xstrdup(sc->run.buf);
					other_run = repeats && strcmp(sc->column_run[column], sc->run.buf);
				}
				add_result(h, ci, column, test_id(h, path, path_len), st, repeats,
					   other_run);
			}
			break;
		case SIGNATURE:
			if (n >= 9 && !memcmp(p, "-----END ", 9))
				where = OUTSIDE;
			break;
		}
		p += n + 1;
	}
	if (where == HEADER || where == SIGNATURE)
		goto bad;
	return 0;
bad:
	h->results_nr = results_at;
	return -1;
}

/*
 * Scans a note as scan_note_pass() does.  A note with reruns that
 * supersede other runs (rare) is scanned again once those are known, as
 * a superseding record may come after the one it replaces: other notes
 * are read once.
 */
static int scan_note(struct test_history *h, uint32_t ci, const char *buf, size_t len,
		     struct note_scan *sc)
{
	size_t results_at = h->results_nr;
	int supersedes = 0, ret;

	strbuf_reset(&sc->superseded);
	ret = scan_note_pass(h, ci, buf, len, sc, &supersedes);
	if (ret || !supersedes)
		return ret;
	collect_superseded(sc, buf, len);
	if (!sc->superseded.len)
		return 0;
	h->results_nr = results_at;
	note_scan_reset(sc, h->columns_nr);
	return scan_note_pass(h, ci, buf, len, sc, &supersedes);
}

static void index_commit(struct test_history *h, uint32_t i)
{
	size_t mask, slot;

	if (2 * (h->commits_nr + 1) > h->commit_slots_size) {
		size_t size = h->commit_slots_size ? 2 * h->commit_slots_size : 1024, k;

		free(h->commit_slots);
		h->commit_slots = xcalloc(size, sizeof(*h->commit_slots));
		h->commit_slots_size = size;
		for (k = 0; k < i; k++)
			index_commit(h, (uint32_t)k);
	}
	mask = h->commit_slots_size - 1;
	memcpy(&slot, h->commits[i].oid.id, sizeof(slot));
	for (slot &= mask; h->commit_slots[slot]; slot = (slot + 1) & mask)
		;
	h->commit_slots[slot] = i + 1;
}

long test_history_find(const struct test_history *h, const git_oid *oid)
{
	size_t mask = h->commit_slots_size - 1, slot;

	if (!h->commit_slots_size)
		return -1;
	memcpy(&slot, oid->id, sizeof(slot));
	for (slot &= mask; h->commit_slots[slot]; slot = (slot + 1) & mask) {
		uint32_t i = h->commit_slots[slot] - 1;

		if (git_oid_equal(&h->commits[i].oid, oid))
			return (long)i;
	}
	return -1;
}

static void link_parents(struct test_history *h, struct commit_walk *walk)
{
	size_t i, nth;
	git_oid parent;

	for (i = 0; i < h->commits_nr; i++) {
		struct test_history_commit *c = &h->commits[i];

		c->parents_at = (uint32_t)h->parents_nr;
		for (nth = 0; !commit_walk_parent(walk, &c->oid, nth, &parent); nth++) {
			long at = test_history_find(h, &parent);

			if (at < 0)
				continue;
			ALLOC_GROW(h->parents, h->parents_nr + 1, h->parents_alloc);
			h->parents[h->parents_nr++] = (uint32_t)at;
		}
		c->parents_nr = (uint32_t)(h->parents_nr - c->parents_at);
	}
}

static const struct test_history_column *sorting_columns;

static int column_rank_cmp(const void *a, const void *b)
{
	const struct test_history_column *x = &sorting_columns[*(const uint32_t *)a];
	const struct test_history_column *y = &sorting_columns[*(const uint32_t *)b];
	int cmp = strcmp(x->origin, y->origin);

	return cmp ? cmp : strcmp(x->env, y->env);
}

static int result_cmp(const void *a, const void *b)
{
	const struct test_history_result *x = a, *y = b;

	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	return x->test < y->test ? -1 : x->test > y->test;
}

/*
 * Numbers columns by origin and environment and tests by path, and sorts
 * each commit's results so: listings come out in the same order whatever
 * the order of the records in the notes.
 */
static void sort_history(struct test_history *h)
{
	uint32_t *order = xcalloc(h->columns_nr + 1, sizeof(*order));
	uint32_t *rank = xcalloc(h->columns_nr + 1, sizeof(*rank));
	uint32_t *test_rank = xcalloc(h->tests_nr + 1, sizeof(*test_rank));
	struct test_history_column *columns = xcalloc(h->columns_nr + 1, sizeof(*columns));
	char **tests = xcalloc(h->tests_nr + 1, sizeof(*tests));
	size_t i;

	for (i = 0; i < h->columns_nr; i++)
		order[i] = (uint32_t)i;
	sorting_columns = h->columns;
	qsort(order, h->columns_nr, sizeof(*order), column_rank_cmp);
	for (i = 0; i < h->columns_nr; i++) {
		rank[order[i]] = (uint32_t)i;
		columns[i] = h->columns[order[i]];
	}
	for (i = 0; i < h->tests_nr; i++) {
		test_rank[h->test_index[i]] = (uint32_t)i;
		tests[i] = h->tests[h->test_index[i]];
		h->test_index[i] = (uint32_t)i;
	}
	for (i = 0; i < h->results_nr; i++) {
		h->results[i].column = rank[h->results[i].column];
		h->results[i].test = test_rank[h->results[i].test];
	}
	for (i = 0; i < h->commits_nr; i++) {
		size_t end = i + 1 < h->commits_nr ? h->commits[i + 1].first_result : h->results_nr;

		/* results may be NULL when nothing matched: qsort() wants an array */
		if (end - h->commits[i].first_result > 1)
			qsort(h->results + h->commits[i].first_result,
			      end - h->commits[i].first_result, sizeof(*h->results), result_cmp);
	}
	free(h->columns);
	free(h->tests);
	h->columns = columns;
	h->columns_alloc = h->columns_nr + 1;
	h->tests = tests;
	h->tests_alloc = h->tests_nr + 1;
	free(order);
	free(rank);
	free(test_rank);
}

void test_history_read(struct test_history *h, struct notes_store *store,
		       struct commit_walk *walk, const char *pattern,
		       test_history_keep_fn keep, void *keep_data)
{
	struct tree_index *trees = tree_index_open(store);
	struct note_scan sc = { NULL, NULL, NULL, NULL, 0, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT,
				STRBUF_INIT };
	struct object_reader objects;
	char commit_hex[GIT_OID_HEXSZ + 1], tree_hex[GIT_OID_HEXSZ + 1];
	char *err = NULL;
	git_oid oid;

	h->pattern = xstrdup(pattern);
	h->pattern_len = strlen(pattern);
	if (has_wildcard(pattern, &h->literal_len))
		h->tail_len = literal_tail(pattern);
	object_reader_open(&objects, store->repo);
	while (!commit_walk_next(walk, &oid)) {
		const git_oid *note;
		struct test_history_commit *c;
		git_oid tree, source;
		int has_tree, same_tree = 0;
		uint32_t ci;

		if (keep && !keep(keep_data, &oid))
			continue;
		ci = (uint32_t)h->commits_nr;
		ALLOC_GROW(h->commits, h->commits_nr + 1, h->commits_alloc);
		c = &h->commits[h->commits_nr++];
		memset(c, 0, sizeof(*c));
		git_oid_cpy(&c->oid, &oid);
		c->first_result = (uint32_t)h->results_nr;
		index_commit(h, ci);

		note = store_lookup(store, &oid);
		has_tree = !commit_walk_tree(walk, &oid, &tree);
		/* the one rule: results of an identical tree, marked */
		if (!note && trees && has_tree && !tree_index_find(trees, &tree, &oid, &source)) {
			note = store_lookup(store, &source);
			same_tree = 1;
		}
		if (!note)
			continue;
		if (object_read(&objects, note, GIT_OBJECT_BLOB, &err))
			die("%s", err);
		git_oid_tostr(commit_hex, sizeof(commit_hex), same_tree ? &source : &oid);
		git_oid_tostr(tree_hex, sizeof(tree_hex), &tree);
		sc.commit_hex = commit_hex;
		sc.tree_hex = has_tree ? tree_hex : NULL;
		note_scan_reset(&sc, h->columns_nr);
		if (scan_note(h, ci, objects.data.buf, objects.data.len, &sc)) {
			h->bad_notes++;
			warning("the note on %s is not made of records; skipped",
				git_oid_tostr_s(&oid));
			continue;
		}
		if (sc.foreign)
			warning("leaving out %zu record%s in the note on %s: made for another commit"
				" (see git results verify)", sc.foreign, sc.foreign == 1 ? "" : "s",
				git_oid_tostr_s(&oid));
		c->noted = 1;
		c->same_tree = same_tree;
	}
	link_parents(h, walk);
	sort_history(h);
	object_reader_release(&objects);
	tree_index_free(trees);
	note_scan_reset(&sc, h->columns_nr);
	free(sc.column_seen);
	free(sc.column_run);
	strbuf_release(&sc.env);
	strbuf_release(&sc.path);
	strbuf_release(&sc.run);
	strbuf_release(&sc.superseded);
}

void test_history_release(struct test_history *h)
{
	size_t i;

	for (i = 0; i < h->columns_nr; i++) {
		free(h->columns[i].origin);
		free(h->columns[i].env);
	}
	for (i = 0; i < h->tests_nr; i++)
		free(h->tests[i]);
	free(h->columns);
	free(h->tests);
	free(h->commits);
	free(h->parents);
	free(h->results);
	free(h->pattern);
	free(h->test_index);
	free(h->commit_slots);
	memset(h, 0, sizeof(*h));
}

void test_history_for_each_parent(const struct test_history *h, uint32_t i,
				  void (*fn)(uint32_t parent, void *data), void *data)
{
	const struct test_history_commit *c = &h->commits[i];
	uint32_t k;

	for (k = 0; k < c->parents_nr; k++)
		fn(h->parents[c->parents_at + k], data);
}

const struct test_history_result *test_history_result_of(const struct test_history *h, uint32_t i,
							  uint32_t column, uint32_t test)
{
	size_t k, end = i + 1 < h->commits_nr ? h->commits[i + 1].first_result : h->results_nr;

	for (k = h->commits[i].first_result; k < end; k++)
		if (h->results[k].column == column && h->results[k].test == test)
			return &h->results[k];
	return NULL;
}

int test_history_status(const struct test_history *h, uint32_t i, uint32_t column,
			uint32_t test, enum result_status *out)
{
	const struct test_history_result *r = test_history_result_of(h, i, column, test);

	if (!r)
		return -1;
	*out = r->status;
	return 0;
}

char test_history_status_char(int has, enum result_status status)
{
	static const char chars[STATUS__NR] = { 'F', 'E', 'M', 'P', 'D', 'S' };

	return has ? chars[status] : '.';
}

void test_history_describe_column(struct strbuf *out, const struct test_history_column *c)
{
	const char *p;

	strbuf_addstr(out, c->origin);
	if (*c->env)
		strbuf_addch(out, ' ');
	for (p = c->env; *p; p++)
		strbuf_addch(out, *p == '\n' ? ' ' : *p);
}

json_t *test_history_env_json(const struct test_history_column *c)
{
	json_t *env = json_object();
	const char *p = c->env;

	while (*p) {
		const char *eq = strchr(p, '='), *nl = strchr(eq, '\n');
		char *key = xstrndup(p, (size_t)(eq - p));
		size_t n = nl ? (size_t)(nl - eq - 1) : strlen(eq + 1);

		json_object_set_new(env, key, json_stringn(eq + 1, n));
		free(key);
		p = nl ? nl + 1 : eq + 1 + n;
	}
	return env;
}
