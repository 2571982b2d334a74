#include "lib/run-command.h"
#include "lib/usage.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Closes the descriptors of `fds` that are open, and marks them closed. */
static void close_pair(int fds[2])
{
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	fds[0] = fds[1] = -1;
}

/* Reads the child's output and error pipes to their ends, as they come. */
static int drain(int out_fd, struct strbuf *out, int err_fd, struct strbuf *err)
{
	struct pollfd p[2] = { { out_fd, POLLIN, 0 }, { err_fd, POLLIN, 0 } };
	struct strbuf *bufs[2] = { out, err };

	while (p[0].fd >= 0 || p[1].fd >= 0) {
		int i;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (i = 0; i < 2; i++) {
			ssize_t got;

			if (p[i].fd < 0 || !p[i].revents)
				continue;
			strbuf_grow(bufs[i], 8192);
			got = read(p[i].fd, bufs[i]->buf + bufs[i]->len,
				   bufs[i]->alloc - bufs[i]->len - 1);
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0)
				return -1;
			if (!got)
				p[i].fd = -1;	/* poll() skips negative descriptors */
			else
				strbuf_setlen(bufs[i], bufs[i]->len + (size_t)got);
		}
	}
	return 0;
}

/*
 * posix_spawn() rather than fork(): glibc starts the child without
 * copying our page tables (about 0.2 ms of each ssh-keygen run for a
 * program of our size, p3006), and it reports a program that cannot be
 * run as an error number, not as an exit code.
 */
int run_command_io(const char *const *argv, const struct child_io *io)
{
	int out[2] = { -1, -1 }, err[2] = { -1, -1 }, status, saved = 0, ret = -1;
	posix_spawn_file_actions_t actions;
	pid_t pid;

	if (posix_spawn_file_actions_init(&actions)) {
		saved = errno;
		goto out;
	}
	/* close-on-exec: the child keeps only the copies dup2() makes */
	if ((io->out && pipe2(out, O_CLOEXEC) < 0) || (io->err && pipe2(err, O_CLOEXEC) < 0) ||
	    (!io->stdin_ours &&
	     (saved = posix_spawn_file_actions_addopen(&actions, 0, io->in ? io->in : "/dev/null",
						       O_RDONLY, 0))) ||
	    (io->out && (saved = posix_spawn_file_actions_adddup2(&actions, out[1], 1))) ||
	    (io->err && (saved = posix_spawn_file_actions_adddup2(&actions, err[1], 2)))) {
		saved = saved ? saved : errno;
		goto destroy;
	}
	fflush(stdout);
	fflush(stderr);
	saved = posix_spawnp(&pid, argv[0], &actions, NULL, (char *const *)argv, environ);
	if (saved)
		goto destroy;
	if (out[1] >= 0)
		close(out[1]);
	if (err[1] >= 0)
		close(err[1]);
	out[1] = err[1] = -1;
	if (drain(out[0], io->out, err[0], io->err) < 0)
		saved = errno;
	/* closed before the wait, so that a child still writing gets EPIPE */
	close_pair(out);
	close_pair(err);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			saved = errno;
			goto destroy;
		}
	}
	if (!saved)
		ret = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
destroy:
	posix_spawn_file_actions_destroy(&actions);
out:
	close_pair(out);
	close_pair(err);
	if (ret < 0)
		errno = saved;
	return ret;
}

int run_command(const char *const *argv, struct strbuf *out)
{
	struct child_io io = CHILD_IO_INIT;
	int code;

	io.stdin_ours = 1;
	io.out = out;
	code = run_command_io(argv, &io);
	if (code < 0)
		error_errno("cannot run %s", argv[0]);
	return code;
}
