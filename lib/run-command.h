#ifndef RUN_COMMAND_H
#define RUN_COMMAND_H

#include "lib/strbuf.h"

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

/* Where a child started by run_command_io() reads and writes. */
struct child_io {
	const char *in;		/* the file to read as standard input; NULL: /dev/null */
	int stdin_ours;		/* ... unless this is set: then it is ours */
	struct strbuf *out;	/* receives standard output; NULL: ours */
	struct strbuf *err;	/* receives standard error; NULL: ours */
};
#define CHILD_IO_INIT { NULL, 0, NULL, NULL }

/*
 * Runs argv[0] (looked up in PATH) as run_command() does, but with
 * standard input read from a file (or /dev/null: a program that prompts
 * must not read what we read) and standard error captured too, for
 * programs such as ssh-keygen whose verdict is in what they print.
 * Returns the exit code, 128 + the signal number when it was killed, or
 * -1 with errno set and nothing printed when the program could not be
 * started (ENOENT when there is no such program), so that the caller
 * can say which setting named it.
 */
int run_command_io(const char *const *argv, const struct child_io *io);

#endif
