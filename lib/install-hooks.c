#include "lib/install-hooks.h"
#include "lib/run-command.h"
#include "lib/strbuf.h"
#include "lib/usage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef GIT_RESULTS_HOOKS_DIR
#define GIT_RESULTS_HOOKS_DIR "/usr/local/share/git-results/hooks"
#endif

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/*
 * Where the hooks to install are: where `make install` put them, or else
 * hooks/ of the source tree the running program was built in
 * (bin/git-results -> hooks/), so that a build runs without installing.
 */
static int hooks_source(struct strbuf *out)
{
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;

	if (is_dir(GIT_RESULTS_HOOKS_DIR)) {
		strbuf_addstr(out, GIT_RESULTS_HOOKS_DIR);
		return 0;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';	/* .../bin */
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';	/* the source tree */
		strbuf_addf(out, "%s/hooks", exe);
		if (is_dir(out->buf))
			return 0;
	}
	return error("cannot find the hooks of git results: neither %s nor %s is a directory",
		     GIT_RESULTS_HOOKS_DIR, out->len ? out->buf : "<source tree>/hooks");
}

/* The repository's hooks directory, as git resolves it. */
static int hooks_target(struct strbuf *out)
{
	const char *argv[] = { "git", "rev-parse", "--git-path", "hooks", NULL };

	if (run_command(argv, out))
		return error("cannot find the hooks directory of this repository");
	strbuf_rtrim(out);
	return 0;
}

struct hook {
	char *name;
	struct strbuf source, target;
	int present;	/* the target holds the same bytes already */
};

static int read_hook(struct strbuf *out, const char *path)
{
	strbuf_reset(out);
	return strbuf_read_file(out, path) < 0 ? -1 : 0;
}

static int cmp_hook(const void *a, const void *b)
{
	return strcmp(((const struct hook *)a)->name, ((const struct hook *)b)->name);
}

/* Lists the executable files of `dir`, sorted by name. */
static int list_hooks(const char *dir, struct hook **hooks, size_t *nr)
{
	size_t alloc = 0;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return error_errno("cannot read '%s'", dir);
	while ((de = readdir(d))) {
		struct strbuf path = STRBUF_INIT;
		struct stat st;

		strbuf_addf(&path, "%s/%s", dir, de->d_name);
		if (de->d_name[0] != '.' && !stat(path.buf, &st) && S_ISREG(st.st_mode) &&
		    (st.st_mode & S_IXUSR)) {
			struct hook *h;

			ALLOC_GROW(*hooks, *nr + 1, alloc);
			h = &(*hooks)[(*nr)++];
			h->name = xstrdup(de->d_name);
			strbuf_init(&h->source, 0);
			strbuf_init(&h->target, 0);
			h->present = 0;
		}
		strbuf_release(&path);
	}
	closedir(d);
	if (*nr > 1)
		qsort(*hooks, *nr, sizeof(**hooks), cmp_hook);
	return 0;
}

static int write_hook(const struct hook *h, const char *dir)
{
	struct strbuf tmp = STRBUF_INIT;
	int fd, ret = 0;

	if (mkdir(dir, 0777) && errno != EEXIST)
		return error_errno("cannot create '%s'", dir);
	/* Written aside and renamed, so that git never runs half a hook. */
	strbuf_addf(&tmp, "%s.git-results-XXXXXX", h->target.buf);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		ret = error_errno("cannot create '%s'", tmp.buf);
		goto out;
	}
	if (write(fd, h->source.buf, h->source.len) != (ssize_t)h->source.len ||
	    fchmod(fd, 0755) || close(fd)) {
		ret = error_errno("cannot write '%s'", tmp.buf);
		unlink(tmp.buf);
		goto out;
	}
	if (rename(tmp.buf, h->target.buf)) {
		ret = error_errno("cannot install '%s'", h->target.buf);
		unlink(tmp.buf);
	}
out:
	strbuf_release(&tmp);
	return ret;
}

int install_hooks(int force, int quiet)
{
	struct strbuf source_dir = STRBUF_INIT, target_dir = STRBUF_INIT, existing = STRBUF_INIT;
	struct hook *hooks = NULL;
	size_t i, nr = 0;
	int ret = -1, refused = 0;

	if (hooks_source(&source_dir) || hooks_target(&target_dir) ||
	    list_hooks(source_dir.buf, &hooks, &nr))
		goto out;
	for (i = 0; i < nr; i++) {
		struct hook *h = &hooks[i];

		strbuf_addf(&h->target, "%s/%s", target_dir.buf, h->name);
		strbuf_addf(&existing, "%s/%s", source_dir.buf, h->name);
		if (read_hook(&h->source, existing.buf)) {
			error_errno("cannot read '%s'", existing.buf);
			refused = 1;
		}
		strbuf_reset(&existing);
		if (read_hook(&existing, h->target.buf)) {
			if (errno != ENOENT) {
				error_errno("cannot read '%s'", h->target.buf);
				refused = 1;
			}
		} else if (existing.len == h->source.len &&
			   !memcmp(existing.buf, h->source.buf, existing.len)) {
			h->present = 1;
		} else if (!force) {
			error("a different %s hook is installed already: %s", h->name,
			      h->target.buf);
			refused = 1;
		}
		strbuf_reset(&existing);
	}
	if (refused) {
		fprintf(stderr, "hint: no hook was installed; 'git results setup --hooks --force'"
			" replaces the hooks that differ\n");
		goto out;
	}
	for (i = 0; i < nr; i++) {
		if (hooks[i].present) {
			if (!quiet)
				fprintf(stderr, "hook %s: installed already\n", hooks[i].name);
			continue;
		}
		if (write_hook(&hooks[i], target_dir.buf))
			goto out;
		if (!quiet)
			fprintf(stderr, "hook %s: installed in %s\n", hooks[i].name, target_dir.buf);
	}
	ret = 0;
out:
	for (i = 0; i < nr; i++) {
		free(hooks[i].name);
		strbuf_release(&hooks[i].source);
		strbuf_release(&hooks[i].target);
	}
	free(hooks);
	strbuf_release(&source_dir);
	strbuf_release(&target_dir);
	strbuf_release(&existing);
	return ret;
}
