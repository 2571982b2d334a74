#include "lib/tempdir.h"
#include "lib/usage.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct tempdir {
	char *path;
	char **files;		/* full paths, made before the files are */
	size_t files_nr, files_alloc;
	struct tempdir *next;
};

/* Every directory not yet removed, for the exit and signal handlers. */
static struct tempdir *live;

static const int cleanup_signals[] = { SIGINT, SIGHUP, SIGTERM, SIGQUIT, SIGPIPE };
static struct sigaction previous[ARRAY_SIZE(cleanup_signals)];

/* unlink() and rmdir() only: this runs in signal handlers too. */
static void remove_files(struct tempdir *td)
{
	size_t i;

	for (i = 0; i < td->files_nr; i++)
		unlink(td->files[i]);
	rmdir(td->path);
}

static void remove_all(void)
{
	struct tempdir *td;

	for (td = live; td; td = td->next)
		remove_files(td);
}

/* Cleans up, then lets whoever handled the signal before us (the pager) have it. */
static void remove_all_on_signal(int signo)
{
	size_t i;

	remove_all();
	live = NULL;
	for (i = 0; i < ARRAY_SIZE(cleanup_signals); i++)
		if (cleanup_signals[i] == signo)
			sigaction(signo, &previous[i], NULL);
	raise(signo);
}

/*
 * The list and the arrays change with these signals held, so that a
 * handler never walks memory being reallocated or freed.
 */
static void block_signals(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < ARRAY_SIZE(cleanup_signals); i++)
		sigaddset(&set, cleanup_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void restore_signals(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

static void install_handlers(void)
{
	static int done;
	struct sigaction sa;
	size_t i;

	if (done)
		return;
	done = 1;
	atexit(remove_all);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = remove_all_on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(cleanup_signals); i++) {
		sigaction(cleanup_signals[i], NULL, &previous[i]);
		/* a signal the user ignores stays ignored */
		if (previous[i].sa_handler != SIG_IGN)
			sigaction(cleanup_signals[i], &sa, NULL);
	}
}

struct tempdir *tempdir_create(const char *prefix, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT;
	const char *dir = getenv("TMPDIR");
	struct tempdir *td;
	sigset_t old;

	if (!dir || !*dir)
		dir = "/tmp";
	strbuf_addf(&path, "%s/%sXXXXXX", dir, prefix);
	if (!mkdtemp(path.buf)) {
		strbuf_addf(err, "cannot create a temporary directory in '%s': %s", dir, strerror(errno));
		strbuf_release(&path);
		return NULL;
	}
	install_handlers();
	td = xcalloc(1, sizeof(*td));
	td->path = strbuf_detach(&path, NULL);
	block_signals(&old);
	td->next = live;
	live = td;
	restore_signals(&old);
	return td;
}

const char *tempdir_path(struct tempdir *td, const char *name)
{
	struct strbuf path = STRBUF_INIT;
	sigset_t old;
	size_t i;

	if (strchr(name, '/'))
		BUG("temporary file name '%s' has a slash", name);
	strbuf_addf(&path, "%s/%s", td->path, name);
	for (i = 0; i < td->files_nr; i++) {
		if (!strcmp(td->files[i], path.buf)) {
			strbuf_release(&path);
			return td->files[i];
		}
	}
	block_signals(&old);
	ALLOC_GROW(td->files, td->files_nr + 1, td->files_alloc);
	td->files[td->files_nr++] = strbuf_detach(&path, NULL);
	restore_signals(&old);
	return td->files[td->files_nr - 1];
}

const char *tempdir_write(struct tempdir *td, const char *name, const void *data, size_t len,
			  struct strbuf *err)
{
	const char *path = tempdir_path(td, name);
	const char *p = data;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

	if (fd < 0)
		goto fail;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	return path;
fail:
	strbuf_addf(err, "cannot write '%s': %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return NULL;
}

void tempdir_remove(struct tempdir *td)
{
	struct tempdir **link;
	sigset_t old;
	size_t i;

	if (!td)
		return;
	block_signals(&old);
	remove_files(td);
	for (link = &live; *link; link = &(*link)->next) {
		if (*link == td) {
			*link = td->next;
			break;
		}
	}
	restore_signals(&old);
	for (i = 0; i < td->files_nr; i++)
		free(td->files[i]);
	free(td->files);
	free(td->path);
	free(td);
}
