#include "run-command.h"
#include "usage.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int run_command(const char *const *argv, struct strbuf *out)
{
	int fds[2] = { -1, -1 }, status, ret = -1;
	pid_t pid;

	if (out && pipe(fds) < 0)
		return error_errno("cannot run %s", argv[0]);
	/* The child must not write what we buffered a second time. */
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		error_errno("cannot run %s", argv[0]);
		goto out;
	}
	if (!pid) {
		if (out) {
			dup2(fds[1], 1);
			close(fds[0]);
			close(fds[1]);
		}
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "error: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (out) {
		close(fds[1]);
		fds[1] = -1;
		if (strbuf_read_fd(out, fds[0]) < 0)
			error_errno("cannot read the output of %s", argv[0]);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			error_errno("cannot wait for %s", argv[0]);
			goto out;
		}
	}
	ret = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
out:
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	return ret;
}
