#ifndef FORMATS_CRASH_HEADER_H
#define FORMATS_CRASH_HEADER_H

#include <stddef.h>
#include <stdint.h>

/*
 * The lines that start a kernel crash report ("BUG:", "WARNING:",
 * "general protection fault", ...), found in each line of a console
 * log by formats/crash.c: the cheap first look at every line.
 */
struct crash_header {
	const char *text;
	/*
	 * Does not start a new report inside another one, or after one:
	 * panics and traps that follow the report that caused them.
	 */
	int cont;
	int word;	/* only after a word boundary: "DEBUG:" is no "BUG:" */
	int titled;	/* only what a kind of crash titles: "INFO: ..." is mostly chatter */
};

/* Builds the lookup tables; cheap after the first call. */
void crash_header_init(void);

/*
 * The header in the line `s`, the leftmost one and, of those starting
 * at the same byte, the first of the table, with where it starts in
 * *at; NULL when the line has none.  Headers are looked for everywhere
 * in a line with a colon, in `s` or, when `colon_before` is set, in
 * what was cut from the line before `s`; else only at the start of `s`
 * (those with none after them: "Unable to handle kernel paging request
 * at ...", "Booting the kernel.").
 *
 * GIT_TEST_CRASH_SCAN=bytes looks at every byte, as the reference the
 * faster scans are tested against; =portable does without SSE2.
 */
const struct crash_header *crash_header_find(const char *s, size_t len, const char **at,
					     int colon_before);

/*
 * Marks the anchors of the headers in buf[0..n) (a line_marker_fn of
 * lib/line-reader.h): done once for each block a line reader reads,
 * AVX2 where the CPU has it, so that a line's scan only looks up the
 * anchors marked.  GIT_TEST_CRASH_SCAN=marks-sse2 or =marks-portable
 * marks without AVX2 or SSE2.
 */
void crash_header_mark(const char *buf, size_t n, uint64_t *bits);

/* Whether crash_header_find_marked() goes by marks (GIT_TEST_CRASH_SCAN may say not) */
extern int crash_header_by_marks;

/* crash_header_find_marked() of a line with marks: the scan of them */
const struct crash_header *crash_header_scan_marks(const char *s, size_t len, const char **at,
						   int colon_before, const uint64_t *bits, size_t first);

/*
 * crash_header_find() by the marks of `s`, bit `first` of `bits` its
 * first byte, as crash_header_mark() marked the line it is in, the
 * byte after `s` its terminator (or none).  Without marks (bits NULL),
 * or when GIT_TEST_CRASH_SCAN=lines, =portable or =bytes asks for a
 * scan of each line, crash_header_find().  Inline: most lines have no
 * mark.
 */
static inline const struct crash_header *crash_header_find_marked(const char *s, size_t len,
								  const char **at, int colon_before,
								  const uint64_t *bits, size_t first)
{
	size_t w, last_word;
	uint64_t marked, start_bits, end_bits;

	if (!bits || !crash_header_by_marks)
		return crash_header_find(s, len, at, colon_before);
	if (len < 2)
		return NULL;
	/* the words of the line, or'ed: its first and last (maybe one) without a branch */
	w = first / 64;
	last_word = (first + len - 1) / 64;
	start_bits = ~(uint64_t)0 << (first % 64);
	end_bits = ~(uint64_t)0 >> (63 - (first + len - 1) % 64);
	if (w == last_word)
		start_bits = end_bits = start_bits & end_bits;
	marked = (bits[w] & start_bits) | (bits[last_word] & end_bits);
	while (++w < last_word)
		marked |= bits[w];
	if (!marked)
		return NULL;
	return crash_header_scan_marks(s, len, at, colon_before, bits, first);
}

#endif
