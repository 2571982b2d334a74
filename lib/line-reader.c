#include "lib/line-reader.h"
#include "lib/usage.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE_READER_CHUNK (64 * 1024)

void line_reader_init(struct line_reader *lr, int fd)
{
	memset(lr, 0, sizeof(*lr));
	lr->fd = fd;
	lr->alloc = LINE_READER_CHUNK;
	lr->buf = xmalloc(lr->alloc + 1);
}

void line_reader_release(struct line_reader *lr)
{
	free(lr->buf);
	lr->buf = NULL;
	lr->alloc = lr->start = lr->end = 0;
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
	}
	if (lr->end == lr->alloc) {
		lr->alloc *= 2;
		lr->buf = xrealloc(lr->buf, lr->alloc + 1);
	}
	do {
		got = read(lr->fd, lr->buf + lr->end, lr->alloc - lr->end);
	} while (got < 0 && errno == EINTR);
	if (got <= 0) {
		if (got < 0)
			lr->error = errno;
		lr->eof = 1;
		return 0;
	}
	lr->end += got;
	/* one fast scan per read instead of one per line */
	lr->cr_any = memchr(lr->buf + lr->start, '\r', lr->end - lr->start) != NULL;
	lr->nul_any = memchr(lr->buf + lr->start, '\0', lr->end - lr->start) != NULL;
	lr->esc_any = memchr(lr->buf + lr->start, '\033', lr->end - lr->start) != NULL;
	return got;
}

size_t line_reader_peek(struct line_reader *lr, size_t want, const char **data)
{
	while (lr->end - lr->start < want && fill(lr))
		;
	*data = lr->buf + lr->start;
	return lr->end - lr->start;
}

char *line_reader_next(struct line_reader *lr, size_t *len)
{
	size_t scanned = 0;

	/* Give memory back after an unusually long line. */
	if (lr->alloc > LINE_READER_CHUNK && lr->end - lr->start < LINE_READER_CHUNK / 2) {
		memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
		lr->end -= lr->start;
		lr->start = 0;
		lr->alloc = LINE_READER_CHUNK;
		lr->buf = xrealloc(lr->buf, lr->alloc + 1);
	}
	for (;;) {
		char *p = lr->buf + lr->start + scanned;
		size_t avail = lr->end - lr->start - scanned;
		char *nl = memchr(p, '\n', avail);
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
