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
#include <emmintrin.h>
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
	SCAN_FAST,	/* anchors, by SSE2 where there is SSE2 */
	SCAN_PORTABLE,	/* anchors, byte by byte */
	SCAN_BYTES,	/* every byte pair: the reference */
};

static enum scan_kind scan_kind;
static int initialized;

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
	}
	env = getenv("GIT_TEST_CRASH_SCAN");
	if (env && !strcmp(env, "bytes"))
		scan_kind = SCAN_BYTES;
	else if (env && !strcmp(env, "portable"))
		scan_kind = SCAN_PORTABLE;
	initialized = 1;
}

static inline int is_ident(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* Whether headers[i] is at p, in the line [s, end). */
static int header_at(size_t i, const char *s, const char *p, const char *end)
{
	return (size_t)(end - p) >= header_len[i] && !memcmp(p, headers[i].text, header_len[i]) &&
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
static void check_anchors(unsigned mask, const char *block, struct scan_state *sc)
{
	for (; mask; mask &= mask - 1) {
		const unsigned char *c = (const unsigned char *)block + __builtin_ctz(mask);
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
		if (scan_kind == SCAN_FAST && end - p >= 17)
			mask = anchors_sse2(p);
		else if (scan_kind == SCAN_FAST && end - s >= 17)
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
