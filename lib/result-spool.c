#include "lib/result-spool.h"
#include "lib/huge-pages.h"
#include "lib/metric.h"
#include "lib/record.h"
#include "lib/unlinked-file.h"
#include "lib/usage.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Runs merged at once; more are first merged in groups of this many. */
#define SPOOL_FANIN 64
/* Bytes read from the temporary file at once, per run being merged. */
#define SPOOL_READ (64 * 1024)
/* Bytes of merged lines handed out per result_spool_read(). */
#define SPOOL_BLOCK (64 * 1024)
/* A chunk that grows past this moves to a block for a whole chunk (chunk_room()). */
#define SPOOL_SMALL (64 * 1024)
/* Room in that block past the chunk's limit, for the line that crosses it. */
#define SPOOL_SLACK (64 * 1024)

struct key {
	const char *path;
	size_t path_len;
	enum result_status status;
	const char *tail;	/* what follows the path: " = 1 s # why"; NULL when nothing */
	size_t tail_len;
};

/*
 * A run being read: file bytes [off, end) not yet buffered, buf[pos, len)
 * buffered (encoded); or the lines of the chunk in memory, after `pos`
 * (chunk_next()).
 */
struct source {
	uint64_t off, end;
	char *buf;
	size_t alloc, pos, len;
	const struct result_spool *chunk;	/* when it reads the chunk */
	struct strbuf cur;	/* the current line of a file run, decoded */
	const char *line;	/* current line, with its '\n' */
	size_t line_len;
	struct key key;		/* of `line`, once a merge compares it */
	int key_valid;
};

/*
 * Runs on disk are front-coded: each line is the length of the prefix it
 * shares with the line before, the length of the rest, then the rest
 * (lengths as LEB128).  Sorted test paths share most of their bytes, so
 * a run takes a fifth of the disk and of the copying its lines would.
 */
struct run_writer {
	struct result_spool *s;
	struct strbuf buf;	/* encoded, not written yet */
	struct strbuf prev;	/* the line before, decoded */
	uint64_t start;
};

struct spool_reader {
	struct source *src;
	size_t nr;
	size_t *heap;		/* indices into src, smallest line first */
	size_t heap_nr;
	struct strbuf out;
	int fd;
	int handed_out;		/* the last block was the buffer of heap[0] */
};

static const size_t status_len[STATUS__NR] = { 4, 5, 4, 4, 4, 4 };

/*
 * strbuf_add() for the per-line paths below, which run for every test
 * twice or three times: the common case (room enough) stays inline.
 */
static inline void add_bytes(struct strbuf *sb, const void *data, size_t len)
{
	if (sb->alloc - sb->len <= len)
		strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

/* Cuts `sb` to `len` bytes, which it has. */
static inline void cut_to(struct strbuf *sb, size_t len)
{
	sb->len = len;
	if (sb->alloc)
		sb->buf[len] = '\0';
}

static enum result_status status_of(char c)
{
	switch (c) {
	case 'F': return STATUS_FAIL;
	case 'E': return STATUS_ERROR;
	case 'M': return STATUS_MISS;
	case 'P': return STATUS_PASS;
	case 'D': return STATUS_DONE;
	default: return STATUS_SKIP;
	}
}

void spool_test_parse(struct spool_test *t, const char *line, size_t len)
{
	const char *end = line + len, *p, *hash;

	t->status = status_of(*line);
	t->path = line + status_len[t->status] + 1;
	for (p = t->path; p < end && *p != ' '; p++)
		;
	t->path_len = (size_t)(p - t->path);
	t->metric = NULL;
	t->metric_len = 0;
	t->reason = NULL;
	t->reason_len = 0;
	if (p + 3 > end)
		return;
	if (p[1] == '=') {
		/* a unit has no '#': the first " # " starts the reason */
		t->metric = p + 3;	/* after " = " */
		hash = memmem(t->metric, (size_t)(end - t->metric), " # ", 3);
		t->metric_len = (size_t)((hash ? hash : end) - t->metric);
		if (!hash)
			return;
		p = hash;
	}
	t->reason = p + 3;	/* after " # " */
	t->reason_len = (size_t)(end - t->reason);
}

static void key_of(struct key *k, const char *line, size_t len)
{
	struct spool_test t;

	if (len && line[len - 1] == '\n')
		len--;
	spool_test_parse(&t, line, len);
	k->path = t.path;
	k->path_len = t.path_len;
	k->status = t.status;
	k->tail = t.path + t.path_len < line + len ? t.path + t.path_len : NULL;
	k->tail_len = k->tail ? (size_t)(line + len - k->tail) : 0;
}

static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/*
 * The order of git-results-record(5): path, status, then the rest of the
 * line (measurement and reason; nothing first).
 */
static int cmp_key(const struct key *a, const struct key *b)
{
	int c = cmp_bytes(a->path, a->path_len, b->path, b->path_len);

	if (c)
		return c;
	if (a->status != b->status)
		return a->status < b->status ? -1 : 1;
	if (!a->tail || !b->tail)
		return !!a->tail - !!b->tail;
	return cmp_bytes(a->tail, a->tail_len, b->tail, b->tail_len);
}

void result_spool_init(struct result_spool *s)
{
	memset(s, 0, sizeof(*s));
	s->chunk_limit = RESULT_SPOOL_CHUNK;
	strbuf_init(&s->chunk, 0);
	strbuf_init(&s->last, 0);
	strbuf_init(&s->scratch, 0);
	s->chunk_sorted = 1;
	s->fd = -1;
}

static void reader_free(struct spool_reader *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nr; i++) {
		free(r->src[i].buf);
		strbuf_release(&r->src[i].cur);
	}
	free(r->src);
	free(r->heap);
	strbuf_release(&r->out);
	free(r);
}

void result_spool_release(struct result_spool *s)
{
	reader_free(s->reader);
	strbuf_release(&s->chunk);
	free(s->sort_block);
	strbuf_release(&s->last);
	strbuf_release(&s->scratch);
	free(s->runs);
	if (s->fd >= 0)
		close(s->fd);
	result_spool_init(s);
}

static void write_at(struct result_spool *s, const char *buf, size_t len)
{
	unlinked_file_write_at(s->fd, buf, len, s->file_len);
	s->file_len += len;
}

static void add_run(struct result_spool *s, uint64_t offset, uint64_t len)
{
	ALLOC_GROW(s->runs, s->runs_nr + 1, s->runs_alloc);
	s->runs[s->runs_nr].offset = offset;
	s->runs[s->runs_nr].len = len;
	s->runs_nr++;
}

/* The length of the prefix a and b share, in their first `max` bytes. */
static size_t common_prefix(const char *a, const char *b, size_t max)
{
	size_t n = 0;

	/* eight bytes at a time: this runs once per spilled line */
	while (n + 8 <= max) {
		uint64_t x, y;

		memcpy(&x, a + n, 8);
		memcpy(&y, b + n, 8);
		if (x != y) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return n + (size_t)(__builtin_ctzll(x ^ y) / 8);
#else
			break;
#endif
		}
		n += 8;
	}
	while (n < max && a[n] == b[n])
		n++;
	return n;
}

/*
 * A line of the chunk being sorted, taken apart once rather than per
 * comparison: its path starts after the status word and its space.
 * Most comparisons are decided by `key`, the path's eight bytes after
 * the prefix every path of the chunk shares, without reading the line.
 */
struct spool_sort_entry {
	uint64_t key;		/* big-endian, zero-padded: compared as numbers */
	uint32_t line;		/* offset of the line in the chunk */
	uint32_t path_len;
};

static inline const char *entry_path(const struct spool_sort_entry *e, const char *base)
{
	const char *line = base + e->line;

	return line + status_len[status_of(*line)] + 1;
}

/* The line of `e`, with its '\n'. */
static inline const char *entry_line(const struct spool_sort_entry *e, const char *base,
				     size_t *len)
{
	const char *line = base + e->line;
	const char *end = entry_path(e, base) + e->path_len;

	if (*end != '\n')
		end = strchr(end, '\n');
	*len = (size_t)(end + 1 - line);
	return line;
}

/* memcmp() then length, inline: the sort below runs it a million times. */
static inline int cmp_paths(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen, i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;

		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			x = __builtin_bswap64(x);
			y = __builtin_bswap64(y);
#endif
			return x < y ? -1 : 1;
		}
	}
	for (; i < n; i++)
		if (a[i] != b[i])
			return (unsigned char)a[i] < (unsigned char)b[i] ? -1 : 1;
	return alen < blen ? -1 : alen > blen;
}

/* The same path twice: rare, so status and the rest are read only now. */
static int __attribute__((noinline)) cmp_same_paths(const struct spool_sort_entry *a,
						    const struct spool_sort_entry *b,
						    const char *base)
{
	const char *la = base + a->line, *lb = base + b->line;
	struct key ka, kb;

	key_of(&ka, la, (size_t)(strchr(la, '\n') - la));
	key_of(&kb, lb, (size_t)(strchr(lb, '\n') - lb));
	return cmp_key(&ka, &kb);
}

/*
 * Every path of the chunk starts with the same `skip` bytes, and the
 * next eight are in the keys: paths with equal keys are equal up to
 * skip + 8 bytes or the end of the shorter (no path holds a NUL, the
 * keys' padding).
 */
static inline int cmp_entries(const struct spool_sort_entry *a, const struct spool_sort_entry *b,
			      const char *base, size_t skip)
{
	size_t from = skip + 8;
	int c;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (from > a->path_len)
		from = a->path_len;
	if (from > b->path_len)
		from = b->path_len;
	c = cmp_paths(entry_path(a, base) + from, a->path_len - from,
		      entry_path(b, base) + from, b->path_len - from);
	return c ? c : cmp_same_paths(a, b, base);
}

/* The first eight bytes of `s` (`len` of them), big-endian, zero-padded. */
static inline uint64_t key_bytes(const char *s, size_t len)
{
	uint64_t k = 0;
	size_t i;

	if (len >= 8) {
		memcpy(&k, s, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		k = __builtin_bswap64(k);
#endif
		return k;
	}
	for (i = 0; i < 8; i++)
		k = k << 8 | (i < len ? (unsigned char)s[i] : 0);
	return k;
}

/*
 * Merges the `nr` sorted runs of `e` that `bounds` delimits (run k is
 * [bounds[k], bounds[k + 1]); bounds[nr] is the end) pairwise, stably,
 * using the same places of `tmp`; `bounds` is overwritten.  Returns
 * where the merged entries are, `e` or `tmp`.
 */
static struct spool_sort_entry *merge_pairs(struct spool_sort_entry *e, struct spool_sort_entry *tmp,
					    size_t *bounds, size_t nr, const char *base, size_t skip)
{
	struct spool_sort_entry *swap;
	size_t end = bounds[nr];

	while (nr > 1) {
		size_t k, out = 0;

		for (k = 0; k < nr; k += 2) {
			size_t a = bounds[k], a_end = bounds[k + 1], b, b_end, o = a;

			bounds[out++] = a;
			if (k + 1 == nr) {
				memcpy(tmp + a, e + a, (a_end - a) * sizeof(*e));
				continue;
			}
			b = a_end;
			b_end = bounds[k + 2];
			while (a < a_end && b < b_end)
				tmp[o++] = cmp_entries(&e[b], &e[a], base, skip) < 0 ? e[b++] : e[a++];
			memcpy(tmp + o, e + a, (a_end - a) * sizeof(*e));
			o += a_end - a;
			memcpy(tmp + o, e + b, (b_end - b) * sizeof(*e));
		}
		bounds[out] = end;
		nr = out;
		swap = e;
		e = tmp;
		tmp = swap;
	}
	return e;
}

/* Whether run `a` of `e` starts before run `b`. */
static int run_before(const struct spool_sort_entry *e, const size_t *bounds, size_t a, size_t b,
		      const char *base, size_t skip)
{
	return cmp_entries(&e[bounds[a]], &e[bounds[b]], base, skip) < 0;
}

/* Sorts the run numbers `r` (`nr` of them) by their first entries, using `tmp` of as many. */
static void sort_runs(size_t *r, size_t *tmp, size_t nr, const struct spool_sort_entry *e,
		      const size_t *bounds, const char *base, size_t skip)
{
	size_t width, i;

	for (width = 1; width < nr; width *= 2) {
		for (i = 0; i < nr; i += 2 * width) {
			size_t a = i, a_end = i + width < nr ? i + width : nr;
			size_t b = a_end, b_end = i + 2 * width < nr ? i + 2 * width : nr, o = i;

			while (a < a_end && b < b_end)
				tmp[o++] = run_before(e, bounds, r[b], r[a], base, skip) ? r[b++] : r[a++];
			while (a < a_end)
				tmp[o++] = r[a++];
			while (b < b_end)
				tmp[o++] = r[b++];
		}
		memcpy(r, tmp, nr * sizeof(*r));
	}
}

/*
 * merge_runs() for runs that mostly do not overlap, as a log's suites
 * do not: the runs are ordered by their first entries and taken in
 * clusters, each as far as the runs in it overlap; the clusters follow
 * one another, so only the runs within a cluster are merged.  (Entries
 * that compare equal are the same line, so the order in which runs are
 * merged does not show.)  `e` holds the runs that `bounds` delimits;
 * returns `tmp`, where the sorted entries are.
 */
static struct spool_sort_entry *merge_clusters(struct spool_sort_entry *e, struct spool_sort_entry *tmp,
					       size_t n, const size_t *bounds, size_t nr,
					       const char *base, size_t skip)
{
	size_t *order = xmalloc(4 * (nr + 1) * sizeof(*order));
	size_t *cluster = order + nr + 1, *sub = cluster + nr + 1, *cskip = sub + nr + 1;
	size_t i, j, c, clusters = 0, o = 0;

	for (i = 0; i < nr; i++)
		order[i] = i;
	sort_runs(order, cluster, nr, e, bounds, base, skip);
	/*
	 * First every run to its place in `tmp`, cluster after cluster
	 * (`e` is then free to merge in): the runs of cluster c are
	 * [cluster[c], cluster[c + 1]) of the runs sorted, starting at sub[].
	 */
	for (i = 0; i < nr; i = j) {
		const struct spool_sort_entry *first = &e[bounds[order[i]]];
		const struct spool_sort_entry *last = &e[bounds[order[i] + 1] - 1];

		/* the runs that start before the end of one before them */
		for (j = i + 1; j < nr; j++) {
			const struct spool_sort_entry *next = &e[bounds[order[j]]];
			const struct spool_sort_entry *end = &e[bounds[order[j] + 1] - 1];

			if (cmp_entries(next, last, base, skip) > 0)
				break;
			if (cmp_entries(end, last, base, skip) > 0)
				last = end;
		}
		/*
		 * Its entries lie between its first and its last, so they
		 * share the prefix those two share (a suite's name): keyed
		 * past it, they compare without reading their lines.
		 */
		cskip[clusters] = common_prefix(entry_path(first, base), entry_path(last, base),
						first->path_len < last->path_len ?
						first->path_len : last->path_len);
		cluster[clusters++] = i;
		for (; i < j; i++) {
			size_t from = bounds[order[i]], len = bounds[order[i] + 1] - from;

			sub[i] = o;
			memcpy(tmp + o, e + from, len * sizeof(*e));
			o += len;
		}
	}
	if (o != n)
		BUG("sorting runs lost entries");
	cluster[clusters] = nr;
	sub[nr] = n;
	for (c = 0; c < clusters; c++) {
		size_t runs = cluster[c + 1] - cluster[c], k;
		size_t start = sub[cluster[c]], end = sub[cluster[c + 1]];

		if (runs == 1)
			continue;
		for (k = start; k < end; k++)
			tmp[k].key = key_bytes(entry_path(&tmp[k], base) + cskip[c],
					       tmp[k].path_len - cskip[c]);
		/* merge_pairs() keeps to sub[cluster[c]..cluster[c + 1]) */
		if (merge_pairs(tmp, e, sub + cluster[c], runs, base, cskip[c]) == e)
			memcpy(tmp + start, e + start, (end - start) * sizeof(*e));
	}
	free(order);
	return tmp;
}

/*
 * Sorts `e` (`n` entries), using `tmp` of as many: a merge sort
 * of the runs the input already has.  A log's tests come in runs (a
 * suite's "case_1".."case_9", then "case_10".."case_99"), so this does a
 * fraction of the comparisons of a sort that ignores them; and a log's
 * suites do not overlap, so that when the runs are long (a few per
 * suite) they are merged by suite (merge_clusters()).  Returns where the
 * sorted entries are, `e` or `tmp`.
 */
static struct spool_sort_entry *merge_runs(struct spool_sort_entry *e, struct spool_sort_entry *tmp,
					   size_t n, const char *base, size_t skip)
{
	struct spool_sort_entry *sorted;
	size_t *bounds, nr = 0, cuts = 0, i;

	bounds = xmalloc((n + 1) * sizeof(*bounds));
	bounds[nr++] = 0;
	for (i = 1; i < n; i++)
		if (cmp_entries(&e[i - 1], &e[i], base, skip) > 0)
			bounds[nr++] = i;
		else if (e[i - 1].key != e[i].key)
			cuts++;
	bounds[nr] = n;	/* nr runs, run k is [bounds[k], bounds[k + 1]) */
	if (nr > 1 && nr + cuts <= n / 8) {
		/*
		 * A run may go on from one suite into the next ("a.case_100",
		 * "b.case_1".."b.case_9"), and would tie the clusters of
		 * both into one: cut the runs where the key changes too,
		 * so that a cluster is the runs of one key.
		 */
		size_t *cut = xmalloc((nr + cuts + 1) * sizeof(*cut)), k = 1, m = 0;

		cut[m++] = 0;
		for (i = 1; i < n; i++)
			if (k < nr && bounds[k] == i) {
				cut[m++] = i;
				k++;
			} else if (e[i - 1].key != e[i].key) {
				cut[m++] = i;
			}
		cut[m] = n;
		sorted = merge_clusters(e, tmp, n, cut, m, base, skip);
		free(cut);
	} else {
		sorted = merge_pairs(e, tmp, bounds, nr, base, skip);
	}
	free(bounds);
	return sorted;
}

/*
 * Puts the lines of the chunk in canonical order: `s->order` lists
 * them so (the lines stay where they are: copying them into order
 * would take as much memory again).
 */
static void sort_chunk(struct result_spool *s)
{
	struct spool_sort_entry *entries;
	const char *base = s->chunk.buf, *p, *end = base + s->chunk.len, *first = NULL;
	size_t i, n = 0, skip = 0;

	if (s->chunk_sorted)
		return;
	if (s->chunk.len > UINT32_MAX)
		BUG("spool chunk too large to sort");
	/* the entries and the merge's as many, in one block kept for the next chunk */
	if (s->sort_alloc < s->chunk_lines) {
		free(s->sort_block);
		s->sort_alloc = s->chunk_lines;
		s->sort_block = xmalloc_huge(2 * s->sort_alloc * sizeof(*s->sort_block));
	}
	entries = s->sort_block;
	for (p = base; p < end; n++) {
		const char *path = p + status_len[status_of(*p)] + 1;
		const char *q = path;

		while (*q != ' ' && *q != '\n')
			q++;
		entries[n].line = (uint32_t)(p - base);
		entries[n].path_len = (uint32_t)(q - path);
		if (!first) {
			first = path;
			skip = (size_t)(q - path);
		} else if (skip) {
			skip = common_prefix(path, first, skip < (size_t)(q - path) ? skip : (size_t)(q - path));
		}
		p = *q == '\n' ? q + 1 : (char *)memchr(q, '\n', (size_t)(end - q)) + 1;
	}
	for (i = 0; i < n; i++)
		entries[i].key = key_bytes(entry_path(&entries[i], base) + skip,
					   entries[i].path_len - skip);
	s->order = merge_runs(entries, entries + s->sort_alloc, n, base, skip);
	s->chunk_sorted = 1;
	s->chunk_extends = 0;
}

/* The line after `*pos` of the chunk, in its order, and its length; NULL after the last. */
static const char *chunk_next(const struct result_spool *s, size_t *pos, size_t *len)
{
	const char *line, *nl;

	if (s->order) {
		if (*pos >= s->chunk_lines)
			return NULL;
		return entry_line(&s->order[(*pos)++], s->chunk.buf, len);
	}
	if (*pos >= s->chunk.len)
		return NULL;
	line = s->chunk.buf + *pos;
	nl = memchr(line, '\n', s->chunk.len - *pos);
	*len = (size_t)(nl + 1 - line);
	*pos += *len;
	return line;
}

/*
 * Makes room for `extra` more bytes in the chunk.  A chunk that grows
 * past a few pages moves, once, to a block for a whole chunk in huge
 * pages: grown by doubling, a 4 MB chunk takes a thousand page faults,
 * and realloc()'s mremap() makes its pages fault again when next read,
 * which on a virtual machine costs more than filling them.
 */
static void chunk_room(struct result_spool *s, size_t extra)
{
	size_t want = s->chunk.len + extra + 1, alloc;

	if (want <= s->chunk.alloc)
		return;
	if (want < SPOOL_SMALL || s->chunk.alloc >= s->chunk_limit) {
		strbuf_grow(&s->chunk, extra);
		return;
	}
	alloc = (want > s->chunk_limit ? want : s->chunk_limit) + SPOOL_SLACK;
	strbuf_attach(&s->chunk, memcpy(xmalloc_huge(alloc), s->chunk.buf, s->chunk.len),
		      s->chunk.len, alloc);
}

/* Writes `n` as LEB128 at `p`; returns the end. */
static char *put_varint(char *p, size_t n)
{
	while (n >= 0x80) {
		*p++ = (char)((n & 0x7f) | 0x80);
		n >>= 7;
	}
	*p++ = (char)n;
	return p;
}

/* Starts writing a run at the end of the file, after `prev` (NULL: a new run). */
static void writer_start(struct run_writer *w, struct result_spool *s, const struct strbuf *prev)
{
	w->s = s;
	strbuf_init(&w->buf, 0);
	strbuf_init(&w->prev, 0);
	if (prev)
		strbuf_addbuf(&w->prev, prev);
	w->start = s->file_len;
}

static void writer_flush(struct run_writer *w)
{
	write_at(w->s, w->buf.buf, w->buf.len);
	strbuf_reset(&w->buf);
}

/* Adds the line (with its '\n') of `len` bytes. */
static void writer_add(struct run_writer *w, const char *line, size_t len)
{
	size_t shared = common_prefix(line, w->prev.buf, len < w->prev.len ? len : w->prev.len);
	size_t rest = len - shared;
	char *p;

	if (w->buf.alloc - w->buf.len <= 20 + rest)
		strbuf_grow(&w->buf, 20 + rest);
	p = put_varint(w->buf.buf + w->buf.len, shared);
	p = put_varint(p, rest);
	memcpy(p, line + shared, rest);
	cut_to(&w->buf, (size_t)(p + rest - w->buf.buf));
	cut_to(&w->prev, shared);
	add_bytes(&w->prev, line + shared, rest);
	if (w->buf.len >= SPOOL_BLOCK)
		writer_flush(w);
}

/* Ends the run; returns how many bytes it added to the file. */
static uint64_t writer_finish(struct run_writer *w)
{
	writer_flush(w);
	strbuf_release(&w->buf);
	strbuf_release(&w->prev);
	return w->s->file_len - w->start;
}

/* Writes the chunk to the temporary file as (part of) a sorted run. */
static void spill(struct result_spool *s)
{
	struct run_writer w;
	const char *line, *last = NULL;
	size_t pos = 0, line_len, last_len = 0;
	uint64_t start, len;
	int extend;

	if (!s->chunk_lines)
		return;
	if (s->fd < 0)
		s->fd = unlinked_file_open("git-results-spool");
	sort_chunk(s);
	extend = s->chunk_extends && s->runs_nr;
	start = s->file_len;
	writer_start(&w, s, extend ? &s->last : NULL);
	while ((line = chunk_next(s, &pos, &line_len))) {
		writer_add(&w, line, line_len);
		last = line;
		last_len = line_len;
	}
	len = writer_finish(&w);
	if (extend)
		s->runs[s->runs_nr - 1].len += len;
	else
		add_run(s, start, len);
	strbuf_reset(&s->last);
	strbuf_add(&s->last, last, last_len);
	strbuf_reset(&s->chunk);
	s->chunk_lines = 0;
	s->chunk_sorted = 1;
	s->order = NULL;
}

void result_spool_add(struct result_spool *s, const char *path, enum result_status status,
		    const char *reason)
{
	result_spool_add_metric(s, path, status, reason, NULL);
}

void result_spool_add_metric(struct result_spool *s, const char *path, enum result_status status,
			     const char *reason, const struct record_metric *metric)
{
	const char *name = status_name(status);
	size_t name_len = status_len[status], line_len, mark;
	struct key k, prev;
	char *p;

	if (s->finished)
		BUG("result_spool_add() after reading");
	k.path = path;
	k.path_len = strlen(path);
	k.status = status;
	strbuf_reset(&s->scratch);
	if (metric) {
		metric_write(&s->scratch, metric);
		s->metrics++;
	}
	if (reason) {
		mark = s->scratch.len;
		strbuf_addstr(&s->scratch, " # ");
		if (!record_clean_reason(&s->scratch, reason))
			strbuf_setlen(&s->scratch, mark);
	}
	k.tail = s->scratch.len ? s->scratch.buf : NULL;
	k.tail_len = s->scratch.len;

	if (!s->chunk_lines) {
		s->chunk_sorted = 1;
		s->chunk_extends = 0;
		if (s->runs_nr) {
			key_of(&prev, s->last.buf, s->last.len);
			s->chunk_extends = cmp_key(&prev, &k) <= 0;
		}
	} else if (s->chunk_sorted) {
		/* the previous line, taken apart when it was added */
		prev.path = s->chunk.buf + s->prev_path;
		prev.path_len = s->prev_path_len;
		prev.status = s->prev_status;
		prev.tail = s->prev_tail ? s->chunk.buf + s->prev_tail : NULL;
		prev.tail_len = s->prev_tail_len;
		s->chunk_sorted = cmp_key(&prev, &k) <= 0;
	}

	line_len = name_len + 1 + k.path_len + k.tail_len + 1;
	chunk_room(s, line_len);
	p = s->chunk.buf + s->chunk.len;
	memcpy(p, name, name_len);
	p += name_len;
	*p++ = ' ';
	s->prev_path = (size_t)(p - s->chunk.buf);
	s->prev_path_len = k.path_len;
	s->prev_status = status;
	memcpy(p, k.path, k.path_len);
	p += k.path_len;
	s->prev_tail = 0;
	s->prev_tail_len = k.tail_len;
	if (k.tail) {
		memcpy(p, k.tail, k.tail_len);
		s->prev_tail = (size_t)(p - s->chunk.buf);
		p += k.tail_len;
	}
	*p = '\n';
	strbuf_setlen(&s->chunk, s->chunk.len + line_len);
	s->chunk_lines++;
	s->counts[status]++;
	s->nr++;
	s->bytes += line_len;
	if (s->chunk.len >= s->chunk_limit)
		spill(s);
}

/* Buffers at least `want` bytes of the run, or all it has left. */
static void source_fill(struct source *src, int fd, size_t want)
{
	while (src->len - src->pos < want && src->off < src->end) {
		size_t room;
		ssize_t n;

		if (src->pos) {
			memmove(src->buf, src->buf + src->pos, src->len - src->pos);
			src->len -= src->pos;
			src->pos = 0;
		}
		if (src->alloc - src->len < want) {
			src->alloc = src->len + want > 2 * src->alloc ? src->len + want : 2 * src->alloc;
			src->buf = xrealloc(src->buf, src->alloc);
		}
		room = src->alloc - src->len;
		if (room > src->end - src->off)
			room = (size_t)(src->end - src->off);
		n = pread(fd, src->buf + src->len, room, (off_t)src->off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die_errno("cannot read a temporary file");
		src->len += (size_t)n;
		src->off += (uint64_t)n;
	}
}

static inline size_t get_varint(struct source *src)
{
	size_t n = 0;
	int shift = 0;

	/* lengths of test lines are nearly always below 128: one byte */
	if (src->pos < src->len && !(src->buf[src->pos] & 0x80))
		return (unsigned char)src->buf[src->pos++];

	while (src->pos < src->len) {
		unsigned char c = (unsigned char)src->buf[src->pos++];

		n |= (size_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return n;
		shift += 7;
		if (shift >= 64)
			break;
	}
	BUG("corrupt spool run");
}

/* Makes the next line of `src` current; 0 when it has none left. */
static int source_next(struct source *src, int fd)
{
	if (src->chunk) {
		src->line = chunk_next(src->chunk, &src->pos, &src->line_len);
		if (!src->line)
			return 0;
	} else {
		size_t shared, rest;

		if (src->len - src->pos < 20)
			source_fill(src, fd, 20);	/* two varints */
		if (src->pos == src->len)
			return 0;
		shared = get_varint(src);
		rest = get_varint(src);
		if (src->len - src->pos < rest)
			source_fill(src, fd, rest);
		if (shared > src->cur.len || rest > src->len - src->pos)
			BUG("corrupt spool run");
		cut_to(&src->cur, shared);
		add_bytes(&src->cur, src->buf + src->pos, rest);
		src->pos += rest;
		src->line = src->cur.buf;
		src->line_len = src->cur.len;
	}
	src->key_valid = 0;
	return 1;
}

static const struct key *source_key(struct source *src)
{
	if (!src->key_valid) {
		key_of(&src->key, src->line, src->line_len);
		src->key_valid = 1;
	}
	return &src->key;
}

static int heap_less(struct spool_reader *r, size_t a, size_t b)
{
	int c = cmp_key(source_key(&r->src[r->heap[a]]), source_key(&r->src[r->heap[b]]));

	/* equal lines: the earlier run first, so that merging is stable */
	return c < 0 || (!c && r->heap[a] < r->heap[b]);
}

static void heap_down(struct spool_reader *r, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i, t;

		if (l < r->heap_nr && heap_less(r, l, m))
			m = l;
		if (l + 1 < r->heap_nr && heap_less(r, l + 1, m))
			m = l + 1;
		if (m == i)
			return;
		t = r->heap[i];
		r->heap[i] = r->heap[m];
		r->heap[m] = t;
		i = m;
	}
}

static struct spool_reader *reader_new(int fd, const struct spool_run *runs, size_t nr,
				       const struct result_spool *chunk)
{
	struct spool_reader *r = xcalloc(1, sizeof(*r));
	size_t i;

	r->fd = fd;
	r->src = xcalloc(nr + 1, sizeof(*r->src));
	r->heap = xmalloc((nr + 1) * sizeof(*r->heap));
	strbuf_init(&r->out, 0);
	for (i = 0; i < nr; i++) {
		struct source *src = &r->src[r->nr++];

		src->off = runs[i].offset;
		src->end = runs[i].offset + runs[i].len;
		src->alloc = SPOOL_READ;
		src->buf = xmalloc(src->alloc);
		strbuf_init(&src->cur, 0);
	}
	if (chunk && chunk->chunk_lines) {
		struct source *src = &r->src[r->nr++];

		src->chunk = chunk;
		strbuf_init(&src->cur, 0);
	}
	for (i = 0; i < r->nr; i++)
		if (source_next(&r->src[i], fd))
			r->heap[r->heap_nr++] = i;
	for (i = r->heap_nr; i-- > 0;)
		heap_down(r, i);
	return r;
}

/* The next block of merged lines from `r`; NULL at the end. */
static const char *reader_read(struct spool_reader *r, size_t *len)
{
	if (r->handed_out) {
		/* the block handed out last time is done with: move on */
		r->handed_out = 0;
		if (!source_next(&r->src[r->heap[0]], r->fd))
			r->heap_nr = 0;
	}
	strbuf_reset(&r->out);
	while (r->heap_nr && r->out.len < SPOOL_BLOCK) {
		struct source *src = &r->src[r->heap[0]];

		if (r->heap_nr == 1 && !r->out.len && src->chunk && !src->chunk->order) {
			/*
			 * Only the lines in memory left, where they are in
			 * order: hand them out as they are, and read on only
			 * at the next call.
			 */
			const struct strbuf *chunk = &src->chunk->chunk;

			*len = (size_t)(chunk->buf + chunk->len - src->line);
			src->pos = chunk->len;
			r->handed_out = 1;
			return src->line;
		}
		add_bytes(&r->out, src->line, src->line_len);
		if (!source_next(src, r->fd))
			r->heap[0] = r->heap[--r->heap_nr];
		if (r->heap_nr > 1)
			heap_down(r, 0);
	}
	*len = r->out.len;
	return r->out.len ? r->out.buf : NULL;
}

/* Merges groups of runs until few enough are left to merge at once. */
static void reduce_runs(struct result_spool *s)
{
	while (s->runs_nr > SPOOL_FANIN) {
		struct spool_run *merged = NULL;
		size_t nr = 0, alloc = 0, i;

		for (i = 0; i < s->runs_nr; i += SPOOL_FANIN) {
			size_t n = s->runs_nr - i < SPOOL_FANIN ? s->runs_nr - i : SPOOL_FANIN;
			struct spool_reader *r = reader_new(s->fd, s->runs + i, n, NULL);
			struct run_writer w;
			const char *block;
			size_t len;

			writer_start(&w, s, NULL);
			while ((block = reader_read(r, &len))) {
				const char *end = block + len;

				while (block < end) {
					const char *nl = memchr(block, '\n', (size_t)(end - block));

					writer_add(&w, block, (size_t)(nl - block) + 1);
					block = nl + 1;
				}
			}
			reader_free(r);
			ALLOC_GROW(merged, nr + 1, alloc);
			merged[nr].offset = w.start;
			merged[nr].len = writer_finish(&w);
			nr++;
		}
		free(s->runs);
		s->runs = merged;
		s->runs_nr = nr;
		s->runs_alloc = alloc;
	}
}

void result_spool_rewind(struct result_spool *s)
{
	if (!s->finished) {
		s->finished = 1;
		/*
		 * Once anything is on disk, the rest goes there too: when it
		 * continues the last run, as it does for sorted input, the
		 * whole spool is then one run, read without merging.
		 */
		if (s->runs_nr)
			spill(s);
		else
			sort_chunk(s);
		if (s->runs_nr > SPOOL_FANIN)
			reduce_runs(s);
	}
	reader_free(s->reader);
	s->reader = reader_new(s->fd, s->runs, s->runs_nr, s);
}

const char *result_spool_read(struct result_spool *s, size_t *len)
{
	if (!s->reader)
		result_spool_rewind(s);
	return reader_read(s->reader, len);
}
