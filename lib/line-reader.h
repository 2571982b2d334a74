#ifndef LINE_READER_H
#define LINE_READER_H

#include <stddef.h>
#include <stdint.h>

/*
 * Marks bytes of buf[0..n) in bits: bit i % 64 of bits[i / 64] for
 * buf[i].  Writes every word of the (n + 63) / 64, the bits past n
 * clear, and reads no byte past n.  A mark may depend on the byte after
 * (a pair of bytes): the last byte has none.
 */
typedef void line_marker_fn(const char *buf, size_t n, uint64_t *bits);

/* Where the marks of a line are: bit `first` of `bits` is its first byte. */
struct line_marks {
	const uint64_t *bits;	/* NULL when the reader has no marker */
	size_t first;
};

/*
 * Reads a file descriptor line by line through a fixed buffer, so that a
 * parser's memory does not grow with its input.  A line longer than the
 * buffer is delivered whole (the buffer grows for it and shrinks back).
 */
struct line_reader {
	int fd;
	char *buf;
	size_t alloc;
	size_t start, end;	/* unconsumed bytes are buf[start..end) */
	int eof;
	int error;		/* errno of a failed read, or 0 */
	/*
	 * Whether the unread bytes hold a '\r', a NUL or an escape (ESC,
	 * of terminal colours): when not, which is usual, no line needs
	 * to be searched for them.
	 */
	int cr_any, nul_any, esc_any;
	unsigned long lineno;
	/*
	 * The bytes buf[0..indexed) indexed as they were read, in bitmaps
	 * of a bit a byte: where the newlines are, and what `marker`
	 * marks (when set), so that a line is found, and a caller looks
	 * for what it marks, without reading the bytes again.
	 */
	uint64_t *newlines, *marks;
	line_marker_fn *marker;
	size_t indexed;
};

/* Starts reading `fd` (not closed by the reader). */
void line_reader_init(struct line_reader *lr, int fd);
void line_reader_release(struct line_reader *lr);

/*
 * Has `marker` mark the bytes as they are read, for the marks of each
 * line (line_reader_marks()); the bytes already read too.
 */
void line_reader_set_marker(struct line_reader *lr, line_marker_fn *marker);

/*
 * The marks of `line`, the line line_reader_next() returned last, valid
 * as long as the line is; bits NULL when the reader has no marker.
 */
static inline struct line_marks line_reader_marks(const struct line_reader *lr, const char *line)
{
	struct line_marks m = { lr->marks, (size_t)(line - lr->buf) };

	return m;
}

/*
 * Makes at least `want` bytes (or all that remain) available without
 * consuming them, for format detection; returns the number available and
 * points *data at them.
 */
size_t line_reader_peek(struct line_reader *lr, size_t want, const char **data);

/*
 * Returns the next line without its terminator ("\n", "\r\n" or a lone
 * "\r" is normalised away) and sets *len; NULL at end of input or on a read
 * error (check lr->error).  The line stays valid until the next call.
 * A NUL byte inside a line is kept: callers that need C strings must check.
 */
char *line_reader_next(struct line_reader *lr, size_t *len);

/*
 * Returns the next bytes as they come, not split into lines, and consumes
 * them; 0 at end of input or on a read error (check lr->error).  For
 * parsers of formats that are not line-based (XML, JSON), which still get
 * the bytes a detector peeked at.  The bytes stay valid until the next
 * call.
 */
size_t line_reader_read(struct line_reader *lr, const char **data);

/* Consumes `n` bytes of what line_reader_peek() made available. */
void line_reader_consume(struct line_reader *lr, size_t n);

/*
 * Copies up to `size` bytes of what is left of the input (buffered bytes
 * first) into `buf`, for formats that are read whole rather than by line.
 * Returns the number of bytes copied; 0 at the end of the input or on a
 * read error (check lr->error).
 */
size_t line_reader_copy(struct line_reader *lr, void *buf, size_t size);

#endif
