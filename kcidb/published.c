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
 * Calls `fn` with the build id of each complete line of `text` that
 * names `url`.  A line cut short by a crash has no newline: it is left
 * out.
 */
static void each_id(const struct strbuf *text, const char *url,
		    void (*fn)(const char *id, size_t len, void *data), void *data)
{
	size_t ulen = strlen(url);
	const char *p = text->buf, *end = text->buf + text->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			break;
		if ((size_t)(nl - p) > ulen + 1 && !memcmp(p, url, ulen) && p[ulen] == ' ')
			fn(p + ulen + 1, (size_t)(nl - p) - ulen - 1, data);
		p = nl + 1;
	}
}

static void collect_id(const char *id, size_t len, void *data)
{
	struct kcidb_published *p = data;

	ALLOC_GROW(p->ids, p->nr + 1, p->alloc);
	p->ids[p->nr++] = xstrndup(id, len);
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
	each_id(&text, p->url, collect_id, p);
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

int kcidb_published_add(struct kcidb_published *p, const char *const *ids, size_t nr,
			double timeout, struct strbuf *err)
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
	each_id(&text, p->url, collect_id, &now);
	if (now.nr > 1)
		qsort(now.ids, now.nr, sizeof(*now.ids), cmp_id);
	for (i = 0; i < nr; i++)
		if (!kcidb_published_has(&now, ids[i]))
			strbuf_addf(&text, "%s %s\n", p->url, ids[i]);
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
	free(p->path);
	free(p->url);
	memset(p, 0, sizeof(*p));
}
