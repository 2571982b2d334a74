#ifndef USAGE_H
#define USAGE_H

#include <stddef.h>

/*
 * git's error trio and exit codes: die() exits 128, usage errors 129,
 * error() returns -1 so callers can `return error(...)`, BUG() aborts.
 * Messages are lower-case, without a trailing period.
 */
#define EXIT_FATAL 128
#define EXIT_USAGE 129

__attribute__((noreturn, format(printf, 1, 2)))
void die(const char *fmt, ...);
__attribute__((noreturn, format(printf, 1, 2)))
void die_errno(const char *fmt, ...);
__attribute__((format(printf, 1, 2)))
int error(const char *fmt, ...);
__attribute__((format(printf, 1, 2)))
int error_errno(const char *fmt, ...);
__attribute__((format(printf, 1, 2)))
void warning(const char *fmt, ...);
__attribute__((noreturn, format(printf, 3, 4)))
void bug_fl(const char *file, int line, const char *fmt, ...);
#define BUG(...) bug_fl(__FILE__, __LINE__, __VA_ARGS__)

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);

/* Grows `array` so that it holds at least `nr` elements (git's ALLOC_GROW). */
#define ALLOC_GROW(array, nr, alloc) \
	do { \
		if ((nr) > (alloc)) { \
			(alloc) = (alloc) * 3 / 2 + 16 > (nr) ? (alloc) * 3 / 2 + 16 : (nr); \
			(array) = xrealloc((array), (alloc) * sizeof(*(array))); \
		} \
	} while (0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
