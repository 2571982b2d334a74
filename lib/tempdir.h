#ifndef TEMPDIR_H
#define TEMPDIR_H

#include "lib/strbuf.h"

#include <stddef.h>

/*
 * A private temporary directory (mode 0700, under $TMPDIR or /tmp) for
 * files that another program reads or writes by name, as ssh-keygen
 * does with the data it signs and the signatures it checks.  The files
 * in it are removed, and then the directory, by tempdir_remove(); and
 * when the process exits or is killed by SIGINT, SIGHUP, SIGTERM,
 * SIGQUIT or SIGPIPE first, at that moment.  Only files named through
 * tempdir_path() are removed, so each must be named before it is made.
 */
struct tempdir;

/*
 * Makes a new directory whose name starts with `prefix`.  Returns it,
 * or NULL with a message in `err`.
 */
struct tempdir *tempdir_create(const char *prefix, struct strbuf *err);

/*
 * The path of `name` (no slashes) in the directory, which will be
 * removed with it whoever makes the file.  The string belongs to `td`.
 */
const char *tempdir_path(struct tempdir *td, const char *name);

/*
 * Writes `len` bytes of `data` to a new file `name` in the directory and
 * returns its path (as tempdir_path()), or NULL with a message in `err`.
 */
const char *tempdir_write(struct tempdir *td, const char *name, const void *data, size_t len,
			  struct strbuf *err);

/* Removes the files named in the directory, then it, and frees `td`; NULL is fine. */
void tempdir_remove(struct tempdir *td);

#endif
