/*
 * Finding crash report headers in console lines, most of which have
 * none: the cost of the crash detector on a long log.
 *
 * Each header is looked for at one anchor: its first colon, or for
 * the few without one, a pair of bytes rare in console output
 * ("rn" of "kernel", "ct" of "protection", "km" of "kmalloc").  A line
 * is scanned for anchors sixteen bytes at a time (SSE2, or a portable
 * loop), and only at an anchor are the two bytes before it looked up,
 * in a table of which headers have those two bytes there, and the
 * headers that do compared.  GIT_TEST_CRASH_SCAN=bytes instead looks
 * up every byte pair of the line, the simple scan the fast one must
 * agree with (t/t2145-crash.sh).
 */
#include "formats/crash-header.h"
#include "lib/usage.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <immintrin.h>
#endif

static const struct crash_header headers[] = {
	{ "BUG:", 0, 1 },
	{ "WARNING:", 0, 1 },
	{ "INFO:", 0, 1, 1 },
	{ "Unable to handle kernel ", 0 },
	{ "general protection fault", 0 },
	{ "stack segment: ", 0 },
	{ "Kernel panic", 1 },
	{ "PANIC: double fault", 1 },
	{ "kernel BUG", 0 },
	{ "Kernel BUG", 0 },
	{ "BUG kmalloc-", 0 },
	{ "divide error:", 0 },
	{ "divide_error:", 0 },
	{ "fatal error: ", 0, 1 },
	{ "invalid opcode:", 1 },
	{ "Oops: int3", 0 },
	{ "Internal error: ", 1 },
	{ "Unhandled fault: ", 0 },
	{ "Alignment trap: ", 0 },
	{ "UBSAN:", 0 },
	{ "Watchdog detected hard LOCKUP", 0 },
	{ "Booting the kernel.", 0 },
	{ "unregister_netdevice: waiting for", 1 },
	{ "VFS: Close: file count is ", 0 },
	{ "VFS: Busy inodes after unmount", 0 },
	{ "trusty: panic", 0 },
	{ "SYZFAIL:", 0 },
	{ "SYZFATAL:", 0 },
};

#define NR_HEADERS (sizeof(headers) / sizeof(*headers))
_Static_assert(NR_HEADERS <= 32, "a uint32_t holds a bit per header");

/* The anchors of headers without a colon: pairs of bytes, as in the SSE2 scan below. */
static const char anchor_pairs[][2] = { { 'r', 'n' }, { 'c', 't' }, { 'k', 'm' } };

enum scan_kind {
	SCAN_FAST,		/* marks by AVX-512 where the CPU has it, else as below */
	SCAN_MARKS_AVX2,	/* marks by AVX2 where the CPU has it, else as below */
	SCAN_MARKS_SSE2,	/* marks by SSE2 (where there is SSE2) */
	SCAN_MARKS_PORTABLE,	/* marks byte by byte */
	SCAN_LINES,		/* no marks: anchors in each line, by SSE2 where there is SSE2 */
	SCAN_PORTABLE,		/* no marks: anchors in each line, byte by byte */
	SCAN_BYTES,		/* no marks: every byte pair, the reference */
};

static enum scan_kind scan_kind;
static int initialized;
int crash_header_by_marks;

static void choose_marker(void);

/*
 * The simple index: bit i of header_start[c] is set when headers[i]
 * starts with c, and of header_second[c] when c is its second byte.
 */
static uint32_t header_start[256], header_second[256];
static size_t header_len[NR_HEADERS];

/*
 * The anchor index: bit i of before1[c] (before2[c]) is set when the
 * byte before headers[i]'s anchor (two before) is c, and of
 * anchored[c] when its anchor starts with c.  Every anchor is at least
 * two bytes into its header.
 */
static uint32_t anchored[256], before1[256], before2[256];

/*
 * The bytes of before1[] and before2[] as nibble tables, for a vector
 * shuffle: c is one when bit c >> 4 of before*_low[c & 15] is set
 * (headers are ASCII: the high nibble is below 8).
 */
static unsigned char before1_low[16], before2_low[16];
static const unsigned char high_bit[16] = { 1, 2, 4, 8, 16, 32, 64, 128 };
static size_t anchor_at[NR_HEADERS], max_anchor_at;
static unsigned char pair_second[256];	/* 'n' for 'r', ...; 0 for the rest */

static size_t find_anchor(const char *text)
{
	const char *colon = strchr(text, ':');
	size_t i, j;

	if (colon)
		return colon - text;
	for (i = 2; text[i] && text[i + 1]; i++)
		for (j = 0; j < ARRAY_SIZE(anchor_pairs); j++)
			if (text[i] == anchor_pairs[j][0] && text[i + 1] == anchor_pairs[j][1])
				return i;
	BUG("crash header '%s' has no anchor", text);
}

void crash_header_init(void)
{
	const char *env;
	size_t i;

	if (initialized)
		return;
	for (i = 0; i < ARRAY_SIZE(anchor_pairs); i++)
		pair_second[(unsigned char)anchor_pairs[i][0]] = anchor_pairs[i][1];
	for (i = 0; i < NR_HEADERS; i++) {
		const unsigned char *t = (const unsigned char *)headers[i].text;
		size_t a = find_anchor(headers[i].text);
		uint32_t bit = (uint32_t)1 << i;

		if (a < 2 || (t[a] != ':' && !pair_second[t[a]]))
			BUG("crash header '%s' anchored at %zu", headers[i].text, a);
		header_start[t[0]] |= bit;
		header_second[t[1]] |= bit;
		header_len[i] = strlen(headers[i].text);
		anchor_at[i] = a;
		if (a > max_anchor_at)
			max_anchor_at = a;
		anchored[t[a]] |= bit;
		before1[t[a - 1]] |= bit;
		before2[t[a - 2]] |= bit;
		if (t[a - 1] >= 0x80 || t[a - 2] >= 0x80)
			BUG("crash header '%s' is not ASCII", headers[i].text);
		before1_low[t[a - 1] & 15] |= 1 << (t[a - 1] >> 4);
		before2_low[t[a - 2] & 15] |= 1 << (t[a - 2] >> 4);
	}
	env = getenv("GIT_TEST_CRASH_SCAN");
	if (env && !strcmp(env, "bytes"))
		scan_kind = SCAN_BYTES;
	else if (env && !strcmp(env, "portable"))
		scan_kind = SCAN_PORTABLE;
	else if (env && !strcmp(env, "lines"))
		scan_kind = SCAN_LINES;
	else if (env && !strcmp(env, "marks-avx2"))
		scan_kind = SCAN_MARKS_AVX2;
	else if (env && !strcmp(env, "marks-sse2"))
		scan_kind = SCAN_MARKS_SSE2;
	else if (env && !strcmp(env, "marks-portable"))
		scan_kind = SCAN_MARKS_PORTABLE;
	crash_header_by_marks = scan_kind < SCAN_LINES;
	choose_marker();
	initialized = 1;
}

static inline int is_ident(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* Whether headers[i] is at p, in the line [s, end). */
static int header_at(size_t i, const char *s, const char *p, const char *end)
{
	return (size_t)(end - p) >= header_len[i] && *p == *headers[i].text &&
		p[header_len[i] - 1] == headers[i].text[header_len[i] - 1] &&
		!memcmp(p, headers[i].text, header_len[i]) &&
		!(headers[i].word && p > s && is_ident(p[-1]));
}

/* Every byte pair from s up to `last` (excluded), four at a time while none could start one. */
static const struct crash_header *scan_bytes(const char *s, const char *last, const char *end,
					     const char **at)
{
	const char *p;

	for (p = s; p < last; p++) {
		uint32_t candidates;

		while (last - p >= 4 &&
		       !((header_start[(unsigned char)p[0]] & header_second[(unsigned char)p[1]]) |
			 (header_start[(unsigned char)p[1]] & header_second[(unsigned char)p[2]]) |
			 (header_start[(unsigned char)p[2]] & header_second[(unsigned char)p[3]]) |
			 (header_start[(unsigned char)p[3]] & header_second[(unsigned char)p[4]])))
			p += 4;
		if (p >= last)
			break;
		/* in the order of headers[]: the first that matches wins */
		for (candidates = header_start[(unsigned char)p[0]] & header_second[(unsigned char)p[1]];
		     candidates; candidates &= candidates - 1) {
			size_t i = __builtin_ctz(candidates);

			if (header_at(i, s, p, end)) {
				*at = p;
				return &headers[i];
			}
		}
	}
	return NULL;
}

/* Bit i set when an anchor starts at p[i], of the n < 17 bytes from p (the last is no pair). */
static unsigned anchors_portable(const unsigned char *p, size_t n)
{
	unsigned mask = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == ':' || (pair_second[p[i]] && i + 1 < n && p[i + 1] == pair_second[p[i]]))
			mask |= 1u << i;
	return mask;
}

#ifdef __SSE2__
/* anchors_portable(p, 17) for the first 16 bytes, by SSE2 */
static inline unsigned anchors_sse2(const char *p)
{
	__m128i x = _mm_loadu_si128((const __m128i *)p);
	__m128i y = _mm_loadu_si128((const __m128i *)(p + 1));
	__m128i m = _mm_cmpeq_epi8(x, _mm_set1_epi8(':'));

	m = _mm_or_si128(m, _mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(anchor_pairs[0][0])),
					  _mm_cmpeq_epi8(y, _mm_set1_epi8(anchor_pairs[0][1]))));
	m = _mm_or_si128(m, _mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(anchor_pairs[1][0])),
					  _mm_cmpeq_epi8(y, _mm_set1_epi8(anchor_pairs[1][1]))));
	m = _mm_or_si128(m, _mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(anchor_pairs[2][0])),
					  _mm_cmpeq_epi8(y, _mm_set1_epi8(anchor_pairs[2][1]))));
	return (unsigned)_mm_movemask_epi8(m);
}
_Static_assert(sizeof(anchor_pairs) / sizeof(*anchor_pairs) == 3, "anchors_sse2() tests each pair");
#endif

typedef void marker_fn(const char *buf, size_t n, uint64_t *bits);

/* The n <= 64 last bytes of a buffer in blanks, for a whole block and the byte after. */
static const char *last_block(char block[65], const char *buf, size_t n)
{
	memset(block, ' ', 65);
	memcpy(block, buf, n);
	return block;
}

static void mark_portable(const char *buf, size_t n, uint64_t *bits)
{
	size_t i, j;

	for (i = 0; i < n; i += 64) {
		bits[i / 64] = 0;
		for (j = 0; j < 64 && i + j < n; j += 16) {
			size_t left = n - i - j;

			bits[i / 64] |= (uint64_t)(anchors_portable((const unsigned char *)buf + i + j,
								     left < 17 ? left : 17) & 0xffff) << j;
		}
	}
}

#ifdef __SSE2__
/* The anchors of the 64 bytes at p, by SSE2: p[64] is read too. */
static inline uint64_t anchors64_sse2(const char *p)
{
	return (uint64_t)anchors_sse2(p) | (uint64_t)anchors_sse2(p + 16) << 16 |
		(uint64_t)anchors_sse2(p + 32) << 32 | (uint64_t)anchors_sse2(p + 48) << 48;
}

static void mark_sse2(const char *buf, size_t n, uint64_t *bits)
{
	char block[65];
	size_t i;

	for (i = 0; i + 65 <= n; i += 64)
		bits[i / 64] = anchors64_sse2(buf + i);
	if (i < n)
		bits[i / 64] = anchors64_sse2(last_block(block, buf + i, n - i));
}

/* anchors_sse2() of 32 bytes */
__attribute__((target("avx2")))
static inline __m256i anchors_avx2(const char *p)
{
	__m256i x = _mm256_loadu_si256((const __m256i *)p);
	__m256i y = _mm256_loadu_si256((const __m256i *)(p + 1));
	__m256i m = _mm256_cmpeq_epi8(x, _mm256_set1_epi8(':'));
	size_t i;

	for (i = 0; i < ARRAY_SIZE(anchor_pairs); i++)
		m = _mm256_or_si256(m, _mm256_and_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8(anchor_pairs[i][0])),
							_mm256_cmpeq_epi8(y, _mm256_set1_epi8(anchor_pairs[i][1]))));
	return m;
}

/* The bytes of x in the set of the nibble table `low` (see before1_low) */
__attribute__((target("avx2")))
static inline __m256i in_set_avx2(__m256i x, __m256i low, __m256i high)
{
	__m256i nibble = _mm256_set1_epi8(15);
	__m256i l = _mm256_shuffle_epi8(low, _mm256_and_si256(x, nibble));
	__m256i h = _mm256_shuffle_epi8(high, _mm256_and_si256(_mm256_srli_epi16(x, 4), nibble));

	return _mm256_andnot_si256(_mm256_cmpeq_epi8(_mm256_and_si256(l, h), _mm256_setzero_si256()),
				   _mm256_set1_epi8(-1));
}

/*
 * The anchors of the 32 bytes at p (p[32] read too) whose two bytes
 * before (p[-2] and p[-1] read) may be a header's: fewer anchors for
 * the lines to look up, none of a header lost.
 */
__attribute__((target("avx2")))
static inline uint32_t anchors_after_avx2(const char *p, __m256i low1, __m256i low2, __m256i high)
{
	__m256i m = anchors_avx2(p);

	m = _mm256_and_si256(m, in_set_avx2(_mm256_loadu_si256((const __m256i *)(p - 1)), low1, high));
	m = _mm256_and_si256(m, in_set_avx2(_mm256_loadu_si256((const __m256i *)(p - 2)), low2, high));
	return (uint32_t)_mm256_movemask_epi8(m);
}

__attribute__((target("avx2")))
static void mark_avx2(const char *buf, size_t n, uint64_t *bits)
{
	__m256i low1 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)before1_low));
	__m256i low2 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)before2_low));
	__m256i high = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)high_bit));
	char block[2 + 65];
	size_t i;

	if (n < 65) {
		/* no bytes before and after: every anchor */
		last_block(block, buf, n);
		bits[0] = (uint32_t)_mm256_movemask_epi8(anchors_avx2(block)) |
			(uint64_t)(uint32_t)_mm256_movemask_epi8(anchors_avx2(block + 32)) << 32;
		return;
	}
	/* the first block has no bytes before it: its first two anchors stay */
	memcpy(block + 2, buf, 65);
	bits[0] = (uint32_t)_mm256_movemask_epi8(anchors_avx2(block + 2)) & 3;
	bits[0] |= anchors_after_avx2(block + 2, low1, low2, high) & ~(uint32_t)3;
	bits[0] |= (uint64_t)anchors_after_avx2(buf + 32, low1, low2, high) << 32;
	for (i = 64; i + 65 <= n; i += 64)
		bits[i / 64] = anchors_after_avx2(buf + i, low1, low2, high) |
			(uint64_t)anchors_after_avx2(buf + i + 32, low1, low2, high) << 32;
	if (i < n) {
		memset(block, ' ', sizeof(block));
		memcpy(block, buf + i - 2, n - i + 2);
		bits[i / 64] = anchors_after_avx2(block + 2, low1, low2, high) |
			(uint64_t)anchors_after_avx2(block + 2 + 32, low1, low2, high) << 32;
	}
}

#define AVX512 __attribute__((target("avx512f,avx512bw")))

/* The 64-byte nibble table `low` applied to x (see before1_low): its members */
AVX512 static inline __mmask64 in_set_avx512(__m512i x, __m512i low, __m512i high)
{
	__m512i nibble = _mm512_set1_epi8(15);

	return _mm512_test_epi8_mask(_mm512_shuffle_epi8(low, _mm512_and_si512(x, nibble)),
				     _mm512_shuffle_epi8(high, _mm512_and_si512(_mm512_srli_epi16(x, 4), nibble)));
}

/* anchors_after_avx2() of the 64 bytes at p (p[-2] to p[64] read); all anchors when !low1 */
AVX512 static inline uint64_t anchors_avx512(const char *p, __m512i low1, __m512i low2, __m512i high,
					     int after)
{
	__m512i x = _mm512_loadu_si512(p);
	__m512i y = _mm512_loadu_si512(p + 1);
	__mmask64 m = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8(':'));
	size_t i;

	for (i = 0; i < ARRAY_SIZE(anchor_pairs); i++)
		m |= _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8(anchor_pairs[i][0])) &
			_mm512_cmpeq_epi8_mask(y, _mm512_set1_epi8(anchor_pairs[i][1]));
	if (after)
		m &= in_set_avx512(_mm512_loadu_si512(p - 1), low1, high) &
			in_set_avx512(_mm512_loadu_si512(p - 2), low2, high);
	return m;
}

AVX512 static void mark_avx512(const char *buf, size_t n, uint64_t *bits)
{
	__m512i low1 = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)before1_low));
	__m512i low2 = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)before2_low));
	__m512i high = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)high_bit));
	char block[2 + 65];
	size_t i;

	if (n < 65) {
		/* no bytes before and after: every anchor */
		bits[0] = anchors_avx512(last_block(block, buf, n), low1, low2, high, 0);
		return;
	}
	/* the first block has no bytes before it: its first two anchors stay */
	memcpy(block + 2, buf, 65);
	bits[0] = (anchors_avx512(block + 2, low1, low2, high, 0) & 3) |
		(anchors_avx512(block + 2, low1, low2, high, 1) & ~(uint64_t)3);
	for (i = 64; i + 65 <= n; i += 64)
		bits[i / 64] = anchors_avx512(buf + i, low1, low2, high, 1);
	if (i < n) {
		memset(block, ' ', sizeof(block));
		memcpy(block, buf + i - 2, n - i + 2);
		bits[i / 64] = anchors_avx512(block + 2, low1, low2, high, 1);
	}
}
#endif

static marker_fn *marker = mark_portable;

static void choose_marker(void)
{
#ifdef __SSE2__
	if (scan_kind == SCAN_MARKS_PORTABLE)
		return;
	marker = mark_sse2;
	if (scan_kind == SCAN_MARKS_SSE2)
		return;
	__builtin_cpu_init();
	if (scan_kind == SCAN_MARKS_AVX2 || !__builtin_cpu_supports("avx512bw")) {
		if (__builtin_cpu_supports("avx2"))
			marker = mark_avx2;
		return;
	}
	marker = mark_avx512;
#endif
}

void crash_header_mark(const char *buf, size_t n, uint64_t *bits)
{
	if (!initialized)
		crash_header_init();
	marker(buf, n, bits);
}

/* Where a scan is, and the best header it has found. */
struct scan_state {
	const char *s, *end;
	const char *best_at;	/* NULL when none */
	size_t best;
	int colon;		/* an anchor was a colon */
};

/* The headers the two bytes before the anchor at c allow, compared. */
static void check_candidates(uint32_t candidates, const unsigned char *c, struct scan_state *sc)
{
	for (; candidates; candidates &= candidates - 1) {
		size_t i = __builtin_ctz(candidates);
		const char *p;

		if ((size_t)((const char *)c - sc->s) < anchor_at[i])
			continue;
		p = (const char *)c - anchor_at[i];
		if (!header_at(i, sc->s, p, sc->end))
			continue;
		/* leftmost, then first in headers[] */
		if (!sc->best_at || p < sc->best_at || (p == sc->best_at && i < sc->best)) {
			sc->best = i;
			sc->best_at = p;
		}
	}
}

/* The anchors at `block` (the bits of `mask`). */
static void check_anchors(uint64_t mask, const char *block, struct scan_state *sc)
{
	for (; mask; mask &= mask - 1) {
		const unsigned char *c = (const unsigned char *)block + __builtin_ctzll(mask);
		uint32_t candidates;

		if (*c == ':')
			sc->colon = 1;
		if ((const char *)c - sc->s < 2)
			continue;
		candidates = anchored[c[0]] & before1[c[-1]] & before2[c[-2]];
		if (candidates)
			check_candidates(candidates, c, sc);
	}
}

static const struct crash_header *scan_anchors(const char *s, const char *end, const char **at,
					       int colon_before)
{
	struct scan_state sc = { s, end, NULL, 0, colon_before };
	const char *p;

	for (p = s; p < end; p += 16) {
		unsigned mask;

		/* a header anchored from here on starts after the one found */
		if (sc.best_at && p - sc.best_at > (ptrdiff_t)max_anchor_at) {
			if (!sc.colon)
				sc.colon = !!memchr(p, ':', end - p);
			break;
		}
#ifdef __SSE2__
		if (scan_kind != SCAN_PORTABLE && end - p >= 17)
			mask = anchors_sse2(p);
		else if (scan_kind != SCAN_PORTABLE && end - s >= 17)
			/*
			 * The last bytes: the 16 before the last one again,
			 * less those already seen, and the last one, no pair.
			 */
			mask = (anchors_sse2(end - 17) >> (17 - (end - p))) |
				(end[-1] == ':' ? 1u << (end - 1 - p) : 0);
		else
#endif
			mask = anchors_portable((const unsigned char *)p,
						end - p >= 17 ? 17 : (size_t)(end - p)) & 0xffff;
		if (mask)
			check_anchors(mask, p, &sc);
	}
	/* without a colon, only a header at the start counts */
	if (!sc.best_at || (!sc.colon && sc.best_at != s))
		return NULL;
	*at = sc.best_at;
	return &headers[sc.best];
}

const struct crash_header *crash_header_scan_marks(const char *s, size_t len, const char **at,
						   int colon_before, const uint64_t *bits, size_t first)
{
	struct scan_state sc = { s, s + len, NULL, 0, 1 };
	size_t pos = first, last = first + len;

	while (pos < last) {
		size_t next = (pos / 64 + 1) * 64;
		uint64_t mask = bits[pos / 64] >> (pos % 64);

		/* the bytes of the line, and the last one no pair: its terminator follows */
		if (last - pos < 64)
			mask &= ((uint64_t)1 << (last - pos)) - 1;
		if (mask)
			check_anchors(mask, s + (pos - first), &sc);
		pos = next;
	}
	/* without a colon, only a header at the start counts */
	if (!sc.best_at || (sc.best_at != s && !colon_before && !memchr(s, ':', len)))
		return NULL;
	*at = sc.best_at;
	return &headers[sc.best];
}

const struct crash_header *crash_header_find(const char *s, size_t len, const char **at,
					     int colon_before)
{
	if (len < 2)
		return NULL;
	if (scan_kind != SCAN_BYTES)
		return scan_anchors(s, s + len, at, colon_before);
	if (colon_before || memchr(s, ':', len))
		return scan_bytes(s, s + len - 1, s + len, at);
	return scan_bytes(s, s + 1, s + len, at);
}
