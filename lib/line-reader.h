#ifndef LINE_READER_H
#define LINE_READER_H

#include <stddef.h>

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
};

/* Starts reading `fd` (not closed by the reader). */
void line_reader_init(struct line_reader *lr, int fd);
void line_reader_release(struct line_reader *lr);

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
