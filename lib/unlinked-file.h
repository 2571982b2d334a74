#ifndef UNLINKED_FILE_H
#define UNLINKED_FILE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Temporary files that hold data too large to keep in memory for the
 * life of one command, and that no other program needs by name.
 */

/*
 * Creates a file named `prefix`-XXXXXX under $TMPDIR (or /tmp) and
 * unlinks it at once, so that it is gone when it is closed or the
 * process dies.  Returns its descriptor; dies when it cannot be made.
 */
int unlinked_file_open(const char *prefix);

/* Writes all `len` bytes of `buf` at `offset` of `fd`; dies when it cannot. */
void unlinked_file_write_at(int fd, const void *buf, size_t len, uint64_t offset);

/* Reads exactly `len` bytes at `offset` of `fd` into `buf`; dies when it cannot. */
void unlinked_file_read_at(int fd, void *buf, size_t len, uint64_t offset);

#endif
