/*
 * The builds KCIDB has accepted (kcidb/published.h).
 */
#include "kcidb/published.h"
#include "lib/usage.h"
#include "lib/write-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PUBLISHED_FILE "git-results/kcidb-published"

static int cmp_id(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The whole file in `out`; a missing one is empty.  -1 with a message in `err`. */
static int read_whole(struct strbuf *out, const char *path, struct strbuf *err)
{
	FILE *f = fopen(path, "rb");
	char buf[8192];
	size_t n;
	int ret = 0;

	if (!f) {
		if (errno == ENOENT)
			return 0;
		strbuf_addf(err, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)))
		strbuf_add(out, buf, n);
	if (ferror(f)) {
		strbuf_addf(err, "cannot read '%s': %s", path, strerror(errno));
		ret = -1;
	}
	fclose(f);
	return ret;
}

/*
 * Reads each complete line of `text` that names `url` into `p`: its
 * build id, and the commit and time that follow it.  A line cut short
 * by a crash has no newline: it is left out.
 */
static void collect(struct kcidb_published *p, const struct strbuf *text, const char *url)
{
	size_t ulen = strlen(url);
	const char *line = text->buf, *end = text->buf + text->len;

	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *id, *rest;

		if (!nl)
			break;
		if ((size_t)(nl - line) > ulen + 1 && !memcmp(line, url, ulen) && line[ulen] == ' ') {
			id = line + ulen + 1;
			rest = memchr(id, ' ', (size_t)(nl - id));
			ALLOC_GROW(p->ids, p->nr + 1, p->alloc);
			p->ids[p->nr++] = xstrndup(id, (size_t)((rest ? rest : nl) - id));
			if (rest && (size_t)(nl - rest) > GIT_OID_HEXSZ + 2 &&
			    rest[GIT_OID_HEXSZ + 1] == ' ') {
				ALLOC_GROW(p->pushes, p->pushes_nr + 1, p->pushes_alloc);
				memcpy(p->pushes[p->pushes_nr].commit, rest + 1, GIT_OID_HEXSZ);
				p->pushes[p->pushes_nr].commit[GIT_OID_HEXSZ] = '\0';
				p->pushes[p->pushes_nr].when = strtoll(rest + GIT_OID_HEXSZ + 2, NULL, 10);
				p->pushes_nr++;
			}
		}
		line = nl + 1;
	}
}

int kcidb_published_read(struct kcidb_published *p, git_repository *repo, const char *url,
			 struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	int ret = -1;

	memset(p, 0, sizeof(*p));
	strbuf_addf(&path, "%s%s", git_repository_commondir(repo), PUBLISHED_FILE);
	p->path = strbuf_detach(&path, NULL);
	p->url = xstrdup(url);
	if (read_whole(&text, p->path, err))
		goto out;
	collect(p, &text, p->url);
	if (p->nr > 1)
		qsort(p->ids, p->nr, sizeof(*p->ids), cmp_id);
	ret = 0;
out:
	strbuf_release(&text);
	return ret;
}

int kcidb_published_has(const struct kcidb_published *p, const char *id)
{
	return p->nr && bsearch(&id, p->ids, p->nr, sizeof(*p->ids), cmp_id) != NULL;
}

static void sleep_a_little(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

/* Creates `lock` exclusively, waiting up to `timeout` s for another run's. */
static int take_lock(const char *lock, double timeout, struct strbuf *err)
{
	double waited = 0;
	int fd;

	while ((fd = open(lock, O_WRONLY | O_CREAT | O_EXCL, 0666)) < 0) {
		if (errno != EEXIST || waited >= timeout) {
			strbuf_addf(err, "cannot lock '%s': %s", lock, strerror(errno));
			if (errno == EEXIST)
				strbuf_addstr(err, "; another 'git results sync push' may be"
					      " running, or one crashed: then remove the file");
			return -1;
		}
		sleep_a_little();
		waited += 0.05;
	}
	return fd;
}

long long kcidb_published_last(const struct kcidb_published *p, const char *commit)
{
	long long last = -1;
	size_t i;

	for (i = 0; i < p->pushes_nr; i++)
		if (!strcmp(p->pushes[i].commit, commit) && p->pushes[i].when > last)
			last = p->pushes[i].when;
	return last;
}

int kcidb_published_add(struct kcidb_published *p, const struct kcidb_published_build *builds,
			size_t nr, double timeout, struct strbuf *err)
{
	struct strbuf lock = STRBUF_INIT, text = STRBUF_INIT, dir = STRBUF_INIT;
	struct kcidb_published now = KCIDB_PUBLISHED_INIT;
	size_t i;
	char *slash;
	int fd = -1, ret = -1;

	if (!nr)
		return 0;
	strbuf_addstr(&dir, p->path);
	slash = strrchr(dir.buf, '/');
	strbuf_setlen(&dir, (size_t)(slash - dir.buf));
	if (mkdir(dir.buf, 0777) && errno != EEXIST) {
		strbuf_addf(err, "cannot create '%s': %s", dir.buf, strerror(errno));
		goto out;
	}
	strbuf_addf(&lock, "%s.lock", p->path);
	fd = take_lock(lock.buf, timeout, err);
	if (fd < 0)
		goto out;
	/* Read again under the lock: another run may have added some. */
	if (read_whole(&text, p->path, err))
		goto out;
	if (text.len && text.buf[text.len - 1] != '\n')
		strbuf_addch(&text, '\n');	/* a line cut short stays a line of its own */
	now.url = p->url;
	collect(&now, &text, p->url);
	if (now.nr > 1)
		qsort(now.ids, now.nr, sizeof(*now.ids), cmp_id);
	for (i = 0; i < nr; i++)
		if (!kcidb_published_has(&now, builds[i].id))
			strbuf_addf(&text, "%s %s %s %lld\n", p->url, builds[i].id,
				    builds[i].commit, (long long)time(NULL));
	if (write_in_full(fd, text.buf, text.len) || fsync(fd)) {
		strbuf_addf(err, "cannot write '%s': %s", lock.buf, strerror(errno));
		goto out;
	}
	if (close(fd)) {
		fd = -1;
		strbuf_addf(err, "cannot write '%s': %s", lock.buf, strerror(errno));
		unlink(lock.buf);
		goto out;
	}
	fd = -1;
	if (rename(lock.buf, p->path)) {
		strbuf_addf(err, "cannot rename '%s' to '%s': %s", lock.buf, p->path,
			    strerror(errno));
		unlink(lock.buf);
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0) {
		close(fd);
		unlink(lock.buf);
	}
	now.url = NULL;
	kcidb_published_release(&now);
	strbuf_release(&lock);
	strbuf_release(&text);
	strbuf_release(&dir);
	return ret;
}

void kcidb_published_release(struct kcidb_published *p)
{
	size_t i;

	for (i = 0; i < p->nr; i++)
		free(p->ids[i]);
	free(p->ids);
	free(p->pushes);
	free(p->path);
	free(p->url);
	memset(p, 0, sizeof(*p));
}
