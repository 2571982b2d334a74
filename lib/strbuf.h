#ifndef STRBUF_H
#define STRBUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A growable, always NUL-terminated byte buffer: every piece of text the
 * program builds goes through one of these.  `buf` is never NULL, so a
 * freshly initialised strbuf can be printed as an empty string.
 */
struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

void strbuf_init(struct strbuf *sb, size_t hint);
/* Frees the memory and leaves `sb` initialised and empty. */
void strbuf_release(struct strbuf *sb);
/* Hands the buffer to the caller (who frees it) and reinitialises `sb`. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
#define strbuf_reset(sb) strbuf_setlen(sb, 0)

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addbuf(struct strbuf *sb, const struct strbuf *other);
__attribute__((format(printf, 2, 3)))
void strbuf_addf(struct strbuf *sb, const char *fmt, ...);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);

/* Removes whitespace at either end. */
void strbuf_trim(struct strbuf *sb);
void strbuf_rtrim(struct strbuf *sb);

/*
 * Reads all of `fd` into `sb`, appending.  Returns the number of bytes
 * read or -1 with errno set.
 */
long strbuf_read_fd(struct strbuf *sb, int fd);
/* Reads a whole file, appending; -1 with errno set on error. */
long strbuf_read_file(struct strbuf *sb, const char *path);

#endif
