#ifndef RUN_COMMAND_H
#define RUN_COMMAND_H

#include "strbuf.h"

/*
 * Runs another program, git's own `git fetch` and `git push` above all:
 * they bring the user's transports, credentials, URL rewriting and
 * configuration.  Arguments go to execvp() as an array, never through a
 * shell, so no ref name or URL is ever interpreted.
 */

/*
 * Runs argv[0] (looked up in PATH) with `argv`, a NULL-terminated array.
 * Standard input and standard error are ours; standard output too, unless
 * `out` is given, which then receives it.  Returns the exit code, 128 +
 * the signal number when it was killed, or -1 with an error printed when
 * it could not be started.
 */
int run_command(const char *const *argv, struct strbuf *out);

#endif
