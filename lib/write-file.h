#ifndef WRITE_FILE_H
#define WRITE_FILE_H

#include <stddef.h>

/*
 * Replaces `path` with `len` bytes of `buf` all at once: written to a
 * temporary file in the same directory, then renamed over `path`, so a
 * reader (or a failure half-way) never sees a half-written file.  An
 * existing file keeps its permissions; a new one gets 0666 less the
 * umask.  Returns 0, or -1 after printing an error.
 */
int write_file_atomic(const char *path, const char *buf, size_t len);

/*
 * Writes all `len` bytes of `buf` to `fd`, across short writes and
 * interruptions.  Returns 0, or -1 with errno set.
 */
int write_in_full(int fd, const char *buf, size_t len);

#endif
