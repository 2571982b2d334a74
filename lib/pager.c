#include "lib/pager.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t pager_pid;
/* A pager command from pager.results or pager.results.<cmd>. */
static char *pager_program;

int pager_in_use(void)
{
	const char *v = getenv("GIT_PAGER_IN_USE");

	return v && config_parse_bool(v) > 0;
}

/* git's git_pager(): the command to run, or NULL for none. */
static const char *pager_command(git_repository *repo, char **to_free)
{
	const char *pager = getenv("GIT_PAGER");

	*to_free = NULL;
	if (!pager)
		pager = pager_program;
	if (!pager)
		pager = *to_free = config_get_string(repo, "core.pager");
	if (!pager)
		pager = getenv("PAGER");
	if (!pager)
		pager = "less";
	if (!*pager || !strcmp(pager, "cat"))
		return NULL;
	return pager;
}

static void wait_for_pager(int in_signal)
{
	if (!in_signal) {
		fflush(stdout);
		fflush(stderr);
	}
	/* The pager sees end of input only once both copies are closed. */
	close(1);
	close(2);
	while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR)
		;
}

static void wait_for_pager_atexit(void)
{
	wait_for_pager(0);
}

static void wait_for_pager_signal(int signo)
{
	wait_for_pager(1);
	signal(signo, SIG_DFL);
	raise(signo);
}

static void start_pager(const char *pager)
{
	static const int signals[] = { SIGINT, SIGHUP, SIGTERM, SIGQUIT, SIGPIPE };
	struct winsize ws;
	int fds[2];
	size_t i;

	/* Our output goes to a pipe from now on: tell the width to children. */
	if (!ioctl(1, TIOCGWINSZ, &ws) && ws.ws_col) {
		char cols[16];

		snprintf(cols, sizeof(cols), "%d", ws.ws_col);
		setenv("COLUMNS", cols, 0);
	}
	if (pipe(fds) < 0) {
		warning("cannot start the pager: %s", strerror(errno));
		return;
	}
	fflush(stdout);
	pager_pid = fork();
	if (pager_pid < 0) {
		warning("cannot start the pager: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (!pager_pid) {
		dup2(fds[0], 0);
		close(fds[0]);
		close(fds[1]);
		/* git's defaults: quit when the text fits, keep colours. */
		setenv("LESS", "FRX", 0);
		setenv("LV", "-c", 0);
		unsetenv("GIT_PAGER_IN_USE");
		execl("/bin/sh", "sh", "-c", pager, (char *)NULL);
		fprintf(stderr, "fatal: cannot run pager '%s': %s\n", pager, strerror(errno));
		_exit(127);
	}
	setenv("GIT_PAGER_IN_USE", "true", 1);
	dup2(fds[1], 1);
	if (isatty(2))
		dup2(fds[1], 2);
	close(fds[0]);
	close(fds[1]);
	/* Exit only after the pager, so the shell prompt comes back last. */
	for (i = 0; i < ARRAY_SIZE(signals); i++)
		signal(signals[i], wait_for_pager_signal);
	atexit(wait_for_pager_atexit);
}

static void setup_pager_in(git_repository *repo)
{
	const char *pager;
	char *to_free;

	/* Under a pager already (git's, say): never a second one. */
	if (pager_pid || !isatty(1) || pager_in_use())
		return;
	pager = pager_command(repo, &to_free);
	if (pager)
		start_pager(pager);
	free(to_free);
}

void setup_pager(void)
{
	git_repository *repo;

	if (!isatty(1) || pager_in_use())
		return;
	repo = repo_open_gently();
	setup_pager_in(repo);
	git_repository_free(repo);
}

/* pager.<key>: -1 unset, 0 or 1, or 1 with a command in pager_program. */
static int pager_config(git_repository *repo, const char *key)
{
	char *value = config_get_string(repo, key);
	int b;

	if (!value)
		return -1;
	b = config_parse_bool(value);
	if (b >= 0) {
		free(value);
		return b;
	}
	free(pager_program);
	pager_program = value;
	return 1;
}

void pager_setup_for_command(const char *cmd, int use_pager, int default_on)
{
	struct strbuf key = STRBUF_INIT;
	git_repository *repo;

	if (!use_pager) {
		/* As `git --no-pager` does, so that what we run agrees. */
		setenv("GIT_PAGER", "cat", 1);
		return;
	}
	/* Without a terminal nothing is paged: do not even read the config. */
	if (!isatty(1) || pager_in_use())
		return;
	repo = repo_open_gently();
	if (use_pager < 0)
		use_pager = pager_config(repo, "pager.results");
	if (use_pager < 0) {
		strbuf_addf(&key, "pager.results.%s", cmd);
		use_pager = pager_config(repo, key.buf);
	}
	if (use_pager < 0)
		use_pager = default_on;
	if (use_pager)
		setup_pager_in(repo);
	git_repository_free(repo);
	strbuf_release(&key);
}
