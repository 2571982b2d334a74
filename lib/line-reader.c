#include "lib/line-reader.h"
#include "lib/usage.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef __SSE2__
#include <immintrin.h>
#endif

#define LINE_READER_CHUNK (64 * 1024)

/* What index_bytes() finds besides the newlines */
#define HAS_CR 1
#define HAS_NUL 2
#define HAS_ESC 4

/*
 * Indexes p[0..n): the newline bits of each 64 bytes in nl[] (as
 * line_marker_fn says), and returns which of HAS_* the bytes have.
 */
typedef unsigned index_fn(const char *p, size_t n, uint64_t *nl);

/* index_fn for p[0..n) of n < 64: the bytes copied into blanks, for a whole block */
static unsigned index_tail(index_fn *full, const char *p, size_t n, uint64_t *nl)
{
	char block[64];

	memset(block, ' ', sizeof(block));
	memcpy(block, p, n);
	return full(block, sizeof(block), nl);
}

static unsigned index_portable(const char *p, size_t n, uint64_t *nl)
{
	unsigned has = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!(i % 64))
			nl[i / 64] = 0;
		switch (p[i]) {
		case '\n':
			nl[i / 64] |= (uint64_t)1 << (i % 64);
			break;
		case '\r':
			has |= HAS_CR;
			break;
		case '\0':
			has |= HAS_NUL;
			break;
		case '\033':
			has |= HAS_ESC;
			break;
		}
	}
	return has;
}

#ifdef __SSE2__
static unsigned index_sse2(const char *p, size_t n, uint64_t *nl)
{
	__m128i seen = _mm_setzero_si128();
	size_t i, j;
	unsigned has = 0;

	for (i = 0; i + 64 <= n; i += 64) {
		uint64_t word = 0;

		for (j = 0; j < 64; j += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(p + i + j));

			word |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n'))) << j;
			seen = _mm_or_si128(seen, _mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\r')),
								_mm_set1_epi8(HAS_CR)));
			seen = _mm_or_si128(seen, _mm_and_si128(_mm_cmpeq_epi8(x, _mm_setzero_si128()),
								_mm_set1_epi8(HAS_NUL)));
			seen = _mm_or_si128(seen, _mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\033')),
								_mm_set1_epi8(HAS_ESC)));
		}
		nl[i / 64] = word;
	}
	if (_mm_movemask_epi8(_mm_cmpeq_epi8(seen, _mm_setzero_si128())) != 0xffff) {
		unsigned char bytes[16];

		_mm_storeu_si128((__m128i *)bytes, seen);
		for (j = 0; j < 16; j++)
			has |= bytes[j] & (HAS_CR | HAS_NUL | HAS_ESC);
	}
	if (i < n)
		has |= index_tail(index_sse2, p + i, n - i, nl + i / 64);
	return has;
}

__attribute__((target("avx2")))
static unsigned index_avx2(const char *p, size_t n, uint64_t *nl)
{
	__m256i seen = _mm256_setzero_si256();
	size_t i, j;
	unsigned has = 0;

	for (i = 0; i + 64 <= n; i += 64) {
		uint64_t word = 0;

		for (j = 0; j < 64; j += 32) {
			__m256i x = _mm256_loadu_si256((const __m256i *)(p + i + j));

			word |= (uint64_t)(uint32_t)_mm256_movemask_epi8(
				_mm256_cmpeq_epi8(x, _mm256_set1_epi8('\n'))) << j;
			seen = _mm256_or_si256(seen, _mm256_and_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('\r')),
								      _mm256_set1_epi8(HAS_CR)));
			seen = _mm256_or_si256(seen, _mm256_and_si256(_mm256_cmpeq_epi8(x, _mm256_setzero_si256()),
								      _mm256_set1_epi8(HAS_NUL)));
			seen = _mm256_or_si256(seen, _mm256_and_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('\033')),
								      _mm256_set1_epi8(HAS_ESC)));
		}
		nl[i / 64] = word;
	}
	if (!_mm256_testz_si256(seen, seen)) {
		unsigned char bytes[32];

		_mm256_storeu_si256((__m256i *)bytes, seen);
		for (j = 0; j < 32; j++)
			has |= bytes[j] & (HAS_CR | HAS_NUL | HAS_ESC);
	}
	if (i < n)
		has |= index_tail(index_avx2, p + i, n - i, nl + i / 64);
	return has;
}

__attribute__((target("avx512f,avx512bw")))
static unsigned index_avx512(const char *p, size_t n, uint64_t *nl)
{
	__mmask64 cr = 0, nul = 0, esc = 0;
	size_t i;

	for (i = 0; i + 64 <= n; i += 64) {
		__m512i x = _mm512_loadu_si512(p + i);

		nl[i / 64] = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('\n'));
		cr |= _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('\r'));
		nul |= _mm512_cmpeq_epi8_mask(x, _mm512_setzero_si512());
		esc |= _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('\033'));
	}
	return (cr ? HAS_CR : 0) | (nul ? HAS_NUL : 0) | (esc ? HAS_ESC : 0) |
		(i < n ? index_tail(index_avx512, p + i, n - i, nl + i / 64) : 0);
}
#endif

/*
 * The fastest the CPU has, or what GIT_TEST_LINE_INDEX=portable|sse2|avx2
 * asks for, which the tests compare it with.
 */
static index_fn *choose_index(void)
{
	const char *env = getenv("GIT_TEST_LINE_INDEX");

	if (env && !strcmp(env, "portable"))
		return index_portable;
#ifdef __SSE2__
	if (env && !strcmp(env, "sse2"))
		return index_sse2;
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx512bw") && !(env && !strcmp(env, "avx2")))
		return index_avx512;
	if (__builtin_cpu_supports("avx2"))
		return index_avx2;
	return index_sse2;
#else
	return index_portable;
#endif
}

static index_fn *index_bytes;

/* Sizes the buffer, and the bitmaps for it. */
static void resize(struct line_reader *lr, size_t alloc)
{
	size_t words = alloc / 64 + 2;

	lr->alloc = alloc;
	lr->buf = xrealloc(lr->buf, alloc + 1);
	lr->newlines = xrealloc(lr->newlines, words * sizeof(*lr->newlines));
	if (lr->marker)
		lr->marks = xrealloc(lr->marks, words * sizeof(*lr->marks));
}

/*
 * Indexes what was read since the last call, from the byte before it
 * (whose marks may depend on the byte after); all of buf[0..end) when
 * lr->indexed was reset because the bytes moved.
 */
static void index_read(struct line_reader *lr)
{
	size_t from = lr->indexed ? (lr->indexed - 1) & ~(size_t)63 : 0;
	unsigned has;

	if (!index_bytes)
		index_bytes = choose_index();
	has = index_bytes(lr->buf + from, lr->end - from, lr->newlines + from / 64);
	if (lr->marker)
		lr->marker(lr->buf + from, lr->end - from, lr->marks + from / 64);
	if (!from)
		lr->cr_any = lr->nul_any = lr->esc_any = 0;
	lr->cr_any |= !!(has & HAS_CR);
	lr->nul_any |= !!(has & HAS_NUL);
	lr->esc_any |= !!(has & HAS_ESC);
	lr->indexed = lr->end;
}

void line_reader_init(struct line_reader *lr, int fd)
{
	memset(lr, 0, sizeof(*lr));
	lr->fd = fd;
	resize(lr, LINE_READER_CHUNK);
}

void line_reader_release(struct line_reader *lr)
{
	free(lr->buf);
	free(lr->newlines);
	free(lr->marks);
	lr->buf = NULL;
	lr->newlines = lr->marks = NULL;
	lr->alloc = lr->start = lr->end = lr->indexed = 0;
}

void line_reader_set_marker(struct line_reader *lr, line_marker_fn *marker)
{
	lr->marker = marker;
	resize(lr, lr->alloc);
	lr->indexed = 0;
	index_read(lr);
}

/* Reads more input after the unconsumed bytes; 0 at EOF or error. */
static size_t fill(struct line_reader *lr)
{
	ssize_t got;

	if (lr->eof)
		return 0;
	if (lr->start) {
		memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
		lr->end -= lr->start;
		lr->start = 0;
		lr->indexed = 0;
	}
	if (lr->end == lr->alloc)
		resize(lr, lr->alloc * 2);
	do {
		got = read(lr->fd, lr->buf + lr->end, lr->alloc - lr->end);
	} while (got < 0 && errno == EINTR);
	if (got > 0)
		lr->end += got;
	/* one fast scan per read instead of one per line; the bytes moved too */
	if (lr->indexed != lr->end)
		index_read(lr);
	if (got <= 0) {
		if (got < 0)
			lr->error = errno;
		lr->eof = 1;
		return 0;
	}
	return got;
}

size_t line_reader_peek(struct line_reader *lr, size_t want, const char **data)
{
	while (lr->end - lr->start < want && fill(lr))
		;
	*data = lr->buf + lr->start;
	return lr->end - lr->start;
}

/* The first newline of buf[from..end), by the index; NULL when none. */
static char *next_newline(const struct line_reader *lr, size_t from)
{
	size_t w = from / 64;
	uint64_t bits;

	if (from >= lr->end)
		return NULL;
	bits = lr->newlines[w] & (~(uint64_t)0 << (from % 64));
	while (!bits) {
		if (++w * 64 >= lr->end)
			return NULL;
		bits = lr->newlines[w];
	}
	from = w * 64 + __builtin_ctzll(bits);
	return from < lr->end ? lr->buf + from : NULL;
}

char *line_reader_next(struct line_reader *lr, size_t *len)
{
	size_t scanned = 0;

	/* Give memory back after an unusually long line. */
	if (lr->alloc > LINE_READER_CHUNK && lr->end - lr->start < LINE_READER_CHUNK / 2) {
		memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
		lr->end -= lr->start;
		lr->start = 0;
		resize(lr, LINE_READER_CHUNK);
		lr->indexed = 0;
		index_read(lr);
	}
	for (;;) {
		char *p = lr->buf + lr->start + scanned;
		size_t avail = lr->end - lr->start - scanned;
		char *nl = next_newline(lr, lr->start + scanned);
		char *cr = lr->cr_any ? memchr(p, '\r', nl ? (size_t)(nl - p) : avail) : NULL;
		char *line = lr->buf + lr->start;
		char *stop = cr ? cr : nl;

		/* A lone "\r" at the end of the buffer may be half of "\r\n". */
		if (stop && !(cr && !nl && cr + 1 == lr->buf + lr->end && !lr->eof)) {
			size_t consumed = (size_t)(stop - line) + 1;

			if (cr && cr + 1 < lr->buf + lr->end && cr[1] == '\n')
				consumed++;
			*len = (size_t)(stop - line);
			*stop = '\0';
			lr->start += consumed;
			lr->lineno++;
			return line;
		}
		scanned = lr->end - lr->start;
		if (stop)
			scanned--;
		if (!fill(lr)) {
			if (lr->end == lr->start)
				return NULL;
			/* The last line has no terminator. */
			line = lr->buf + lr->start;
			*len = lr->end - lr->start;
			line[*len] = '\0';
			lr->start = lr->end;
			lr->lineno++;
			return line;
		}
	}
}

size_t line_reader_read(struct line_reader *lr, const char **data)
{
	size_t n;

	if (lr->start == lr->end)
		fill(lr);
	n = lr->end - lr->start;
	*data = lr->buf + lr->start;
	lr->start = lr->end;
	return n;
}

void line_reader_consume(struct line_reader *lr, size_t n)
{
	if (n > lr->end - lr->start)
		BUG("consuming %zu bytes of %zu", n, lr->end - lr->start);
	lr->start += n;
}

size_t line_reader_copy(struct line_reader *lr, void *buf, size_t size)
{
	size_t n;

	if (lr->start == lr->end && !fill(lr))
		return 0;
	n = lr->end - lr->start;
	if (n > size)
		n = size;
	memcpy(buf, lr->buf + lr->start, n);
	lr->start += n;
	return n;
}
