#ifndef STRBUF_H
#define STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

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
/*
 * Frees what `sb` held and makes it hold `buf` (from malloc(), `alloc`
 * bytes, of which the first `len` are kept); sets buf[len] to NUL.
 */
void strbuf_attach(struct strbuf *sb, char *buf, size_t len, size_t alloc);
void strbuf_grow(struct strbuf *sb, size_t extra);

/*
 * The calls every parser makes per line are inline, as in git: out of
 * line they cost more than the bytes they copy.
 */

/* Bytes that fit before the buffer must grow. */
static inline size_t strbuf_avail(const struct strbuf *sb)
{
	return sb->alloc ? sb->alloc - sb->len - 1 : 0;
}

__attribute__((noreturn)) void strbuf_setlen_beyond(void);

static inline void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (len > (sb->alloc ? sb->alloc - 1 : 0))
		strbuf_setlen_beyond();
	sb->len = len;
	if (sb->alloc)
		sb->buf[len] = '\0';
}
#define strbuf_reset(sb) strbuf_setlen(sb, 0)

static inline void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (len > strbuf_avail(sb))
		strbuf_grow(sb, len);
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	if (sb->alloc)
		sb->buf[sb->len] = '\0';
}

static inline void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

static inline void strbuf_addch(struct strbuf *sb, int c)
{
	if (!strbuf_avail(sb))
		strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

static inline void strbuf_addbuf(struct strbuf *sb, const struct strbuf *other)
{
	strbuf_add(sb, other->buf, other->len);
}
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
